/* Cross-file kernel interfaces (Linux names where the code mirrors Linux). */
#ifndef _KERNEL_H
#define _KERNEL_H
#include "types.h"
#include "ptrace.h"
#include "sched.h"
#include "paca.h"

/* sched.c */
struct completion {
	spinlock_t lock;
	unsigned int done;
	struct task_struct *waiter[NR_CPUS];
};
void init_completion(struct completion *c);
void complete(struct completion *c);
void wait_for_completion(struct completion *c);

void sched_init(void);
void schedule(void);
void schedule_tail(struct task_struct *prev);
bool try_to_wake_up(struct task_struct *p, unsigned int state);
bool wake_up_process(struct task_struct *p);
bool wake_up_state(struct task_struct *p, unsigned int state);
void wake_up_new_task(struct task_struct *p);
void kick_process(struct task_struct *p);
void scheduler_ipi(void);
void scheduler_tick(void);
void schedule_timeout_us(u64 us);
bool schedule_timeout(u64 us);	/* caller set the state (Linux); true if the time ran out */
void __noreturn do_exit(int code);
void __noreturn cpu_idle(void);
void get_task_struct(struct task_struct *t);
void put_task_struct(struct task_struct *t);
struct task_struct *alloc_task_struct(const char *name, int cpu);
struct task_struct *kthread_create_on_cpu(int (*fn)(void *), void *arg, int cpu, const char *name);
struct task_struct *user_thread_create(struct mm_struct *mm, int cpu, u64 entry, u64 a0, u64 a1, const char *name);
bool task_curr(const struct task_struct *p);
int nr_running_on(int cpu);
u64 rq_switches(int cpu);
extern int nr_cpu_ids;

static inline void set_current_state(int s) { current->__state = s; __asm__ __volatile__("sync" ::: "memory"); }
static inline void __set_current_state(int s) { current->__state = s; }
static inline u64 read_thread_flags(void) { return READ_ONCE(current->thread_info.flags); }
static inline bool test_tsk_thread_flag(struct task_struct *t, int f) { return (READ_ONCE(t->thread_info.flags) >> f) & 1; }
static inline void set_tsk_thread_flag(struct task_struct *t, int f) { set_bit64(f, &t->thread_info.flags); }
static inline void clear_tsk_thread_flag(struct task_struct *t, int f) { clear_bit64(f, &t->thread_info.flags); }
static inline bool test_and_set_tsk_thread_flag(struct task_struct *t, int f) { return test_and_set_bit64(f, &t->thread_info.flags); }
static inline void set_tsk_need_resched(struct task_struct *t) { set_tsk_thread_flag(t, TIF_NEED_RESCHED); }
static inline bool need_resched(void) { return test_tsk_thread_flag(current, TIF_NEED_RESCHED); }

/* process.c */
extern int fpu_fix_mode;		/* FPU_FIX_* (bootcfg fpu_fix) */
#define FPU_FIX_OFF	0
#define FPU_FIX_ON	1
#define FPU_FIX_GIVEUP	2
u64 msr_check_and_set(u64 bits);
void msr_check_and_clear(u64 bits);
void giveup_all(struct task_struct *tsk);
void flush_all_to_thread(struct task_struct *tsk);
void restore_math(struct pt_regs *regs);
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *new);
int arch_dup_task_struct(struct task_struct *dst, struct task_struct *src);
void copy_thread_kernel(struct task_struct *p, int (*fn)(void *), void *arg);
void copy_thread_user(struct task_struct *p, u64 entry, u64 sp, u64 a0, u64 a1);
struct task_struct *create_io_thread(int (*fn)(void *), void *arg, int cpu);
void load_up_vsx(struct pt_regs *regs);
/* the invariant of bug-anatomy section 4, checked on every return to user (process.c) */
struct math_invariant_stats {
	u64 saves_left_live;		/* save_all() saved the registers and left MSR bits set */
	u64 checks, violations;		/* violations: on the way back from an asynchronous interrupt */
	u64 violations_syscall;		/* at a system call exit (f0/v0 are volatile there: harmless) */
	u64 window[2];			/* [lo, hi): user code with a live vs0 (the page fill), or 0 */
	u64 violations_in_window;	/* interrupt-exit violations that resumed inside window */
	/* the first violation: where the registers were saved, where the task went back */
	u64 save_tb, save_trap, save_nip, check_tb, vsr, found[2], expected[2];
	int save_cpu, save_pid;
};
extern struct math_invariant_stats math_inv;
void math_invariant_check(struct pt_regs *regs);
int load_user_elf(struct mm_struct *mm, const void *elf, u64 *entry);
u64 mm_alloc_stack(struct mm_struct *mm, u64 size);

/* fpu.S / vector.S */
void save_fpu(struct task_struct *tsk);
void save_altivec(struct task_struct *tsk);
void load_up_fpu(struct pt_regs *regs);
void load_up_altivec(struct pt_regs *regs);
void load_fp_state(struct thread_fp_state *fp);
void load_vr_state(struct thread_vr_state *vr);
void math_dump_live(void *buf);	/* VSR0-31 with stxvd2x, then VR0-31 with stvx; clobbers nothing */

/* interrupt.c, traps.c */
void interrupt_dispatch(struct pt_regs *regs);
void interrupt_exit_user_prepare(struct pt_regs *regs);
void interrupt_exit_kernel_prepare(struct pt_regs *regs);
void do_page_fault(struct pt_regs *regs);
void program_check_exception(struct pt_regs *regs);
void emulation_assist_interrupt(struct pt_regs *regs);
void unknown_exception(struct pt_regs *regs);
void force_fatal_fault(struct pt_regs *regs, u64 addr, u64 dsisr, int sig);
#define IRQ_STAT_TIMER		0
#define IRQ_STAT_DOORBELL	1
#define IRQ_STAT_SYSCALL	2
#define IRQ_STAT_FP_UNAVAIL	3
#define IRQ_STAT_VEC_UNAVAIL	4
#define IRQ_STAT_VSX_UNAVAIL	5
#define IRQ_STAT_FAULT		6
#define IRQ_STAT_EXTERNAL	7
#define IRQ_STAT_OTHER		8

/* time.c */
extern u64 tb_ticks_per_usec;
void time_init(void);
void time_init_cpu(void);
void timer_interrupt(struct pt_regs *regs);
void udelay(u64 us);
static inline u64 tb_to_us(u64 tb) { return tb / tb_ticks_per_usec; }

/* smp.c */
#define PPC_MSG_CALL_FUNCTION	0
#define PPC_MSG_RESCHEDULE	1
#define PPC_MSG_TICK_BROADCAST	2
#define PPC_MSG_NMI_IPI		3
extern bool ipi_sync_enabled;
extern atomic_t ipis_sent;	/* smp_muxed_ipi_message_pass() calls (every msgsnd to another CPU) */
void smp_prepare_cpus(void);
void smp_send_reschedule(int cpu);
void smp_muxed_ipi_set_message(int cpu, int msg);
void smp_muxed_ipi_message_pass(int cpu, int msg);
void doorbell_global_ipi(int cpu);
void doorbell_exception(struct pt_regs *regs);
void smp_ipi_demux_relaxed(void);
int smp_call_function_single(int cpu, void (*func)(void *), void *info, bool wait);
u32 get_hard_smp_processor_id(int cpu);
u64 cpu_doorbells(int cpu);
u64 ipi_messages_lost(void);	/* doorbells whose demux found no message */

/* syscall.c, signal.c, task_work.c */
long system_call_exception(struct pt_regs *regs);
void do_notify_resume(struct pt_regs *regs, u64 thread_info_flags);
enum task_work_notify_mode { TWA_NONE, TWA_RESUME, TWA_SIGNAL, TWA_SIGNAL_NO_IPI };
int task_work_add(struct task_struct *task, struct callback_head *work, enum task_work_notify_mode notify);
void task_work_run(void);
void set_notify_signal(struct task_struct *task);
bool __set_notify_signal(struct task_struct *task);

/* io_uring.c, io-wq.c */
long sys_io_uring_setup(u64 entries, u64 uparams);
long sys_io_uring_enter(u64 fd, u64 to_submit, u64 min_complete, u64 flags);
long io_uring_mmap(u64 fd, u64 len, u64 off);
void io_wq_worker_sleeping(struct task_struct *tsk);
void io_wq_worker_running(struct task_struct *tsk);
struct iou_stats {
	u64 create_work_sent;		/* task_work_add(owner, create_worker_cb) */
	u64 creations_task_work;	/* create_io_worker from create_worker_cb (the bug path) */
	u64 creations_direct;		/* create_io_worker from io_wq_enqueue in the submitter's syscall */
	u64 worker_exits;		/* idle timeouts */
	u64 punts;			/* requests queued to io-wq */
	u64 writes_submitted, writes_completed, bytes_written;
	u64 reads_completed, fsyncs_completed, cqes, cq_overflow;
};
extern struct iou_stats iou_stats;
bool user_range_ok(u64 addr, u64 len, bool write);
long copy_from_user(void *dst, u64 src, u64 n);
long copy_to_user(u64 dst, const void *src, u64 n);

/* blk.c */
long blk_flush(void);
int blk_init(void);
long blk_rw(bool write, u64 offset, void *kbuf, u64 len);
const char *blk_backend_name(void);
u64 blk_capacity(void);
void blk_irq(void);

/* selftest.c */
void __noreturn run_selftests(void);
int selftest_thread(void *arg);

#endif
