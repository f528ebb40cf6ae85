/* Tasks and the scheduler interface (names from Linux's include/linux/sched.h). */
#ifndef _SCHED_H
#define _SCHED_H
#include "types.h"
#include "processor.h"
#include "spinlock.h"
#include "atomic.h"

/* thread_info flags (bit numbers as in Linux's powerpc thread_info.h) */
#define TIF_SIGPENDING		1
#define TIF_NEED_RESCHED	2
#define TIF_NOTIFY_SIGNAL	3
#define TIF_NOTIFY_RESUME	13
#define _TIF_SIGPENDING		(1UL << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1UL << TIF_NEED_RESCHED)
#define _TIF_NOTIFY_SIGNAL	(1UL << TIF_NOTIFY_SIGNAL)
#define _TIF_NOTIFY_RESUME	(1UL << TIF_NOTIFY_RESUME)
#define _TIF_USER_WORK_MASK	(_TIF_SIGPENDING | _TIF_NEED_RESCHED | _TIF_NOTIFY_SIGNAL | _TIF_NOTIFY_RESUME)

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_DEAD		64

#define PF_KTHREAD		0x00200000
#define PF_IO_WORKER		0x00000010

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *);
};

struct thread_info {
	u64 flags;
};

struct mm_struct;

/* Interrupt statistics kept per task for the self-test (not in Linux's task_struct) */
struct task_stats {
	u64 fp_unavail, vec_unavail, vsx_unavail;	/* lazy loads through the unavailable interrupts */
	u64 restore_math;				/* eager reloads by restore_math() */
	u64 preempted;					/* involuntary switches (decrementer) */
	u64 syscalls;
	u64 task_work_runs[2];				/* [0] after a syscall, [1] after an interrupt */
};

struct task_struct {
	struct thread_info thread_info;	/* first, as with CONFIG_THREAD_INFO_IN_TASK */
	volatile int __state;
	int pid;
	int cpu;			/* this kernel pins tasks to a CPU */
	unsigned int flags;		/* PF_* */
	struct thread_struct thread;
	struct mm_struct *mm;
	void *stack;			/* kernel stack, THREAD_SIZE bytes */
	struct callback_head *volatile task_works;
	atomic_t usage;
	struct task_struct *rq_next;	/* runqueue link */
	struct task_struct *sleep_next;	/* schedule_timeout_us() list */
	u64 wake_tb;
	struct task_struct *all_next;	/* list of all tasks */
	bool on_rq;
	int exit_code;
	char comm[16];
	/* fault report for the self-test: the first fatal interrupt */
	u64 fault_trap, fault_nip, fault_addr, fault_dsisr, fault_srr1, fault_heir;
	struct task_stats stats;
	void *worker_private;		/* io-wq: the struct io_worker of a PF_IO_WORKER task */
	void (*exit_notify)(struct task_struct *);
	void *exit_notify_data;
};

#endif
