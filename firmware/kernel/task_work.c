/*
 * task_work (Linux 6.6 kernel/task_work.c) and the notify-signal helpers
 * (include/linux/sched/signal.h): queue a callback on a task and make it enter the kernel
 * on its way to user mode. TWA_SIGNAL kicks a running task with an IPI; TWA_SIGNAL_NO_IPI only
 * sets the flag, leaving the work for the task's next exit from any kernel entry.
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "bootcfg.h"

static struct callback_head work_exited;	/* marks a task that can take no more work */

/* bootcfg barrier=lwsync|sync: the extra barrier of the seed email's experiment */
static inline void extra_barrier(void)
{
	if (bootcfg.barrier[0] == 's')
		__asm__ __volatile__("sync" ::: "memory");
	else if (bootcfg.barrier[0] == 'l')
		__asm__ __volatile__("lwsync" ::: "memory");
}

bool __set_notify_signal(struct task_struct *task)
{
	return !test_and_set_tsk_thread_flag(task, TIF_NOTIFY_SIGNAL) &&
	       !wake_up_state(task, TASK_INTERRUPTIBLE);
}

/* Set TIF_NOTIFY_SIGNAL; if the task was not sleeping (so not woken), kick it. */
void set_notify_signal(struct task_struct *task)
{
	if (!test_and_set_tsk_thread_flag(task, TIF_NOTIFY_SIGNAL)) {
		bool woken = wake_up_state(task, TASK_INTERRUPTIBLE);
		extra_barrier();
		if (!woken)
			kick_process(task);
	}
}

static void set_notify_resume(struct task_struct *task)
{
	if (!test_and_set_tsk_thread_flag(task, TIF_NOTIFY_RESUME))
		kick_process(task);
}

int task_work_add(struct task_struct *task, struct callback_head *work, enum task_work_notify_mode notify)
{
	struct callback_head *head = READ_ONCE(task->task_works);
	do {
		if (unlikely(head == &work_exited))
			return -3;	/* -ESRCH */
		work->next = head;
	} while (!try_cmpxchg64((volatile u64 *)&task->task_works, (u64 *)&head, (u64)work));

	switch (notify) {
	case TWA_NONE:
		break;
	case TWA_RESUME:
		set_notify_resume(task);
		break;
	case TWA_SIGNAL:
		set_notify_signal(task);
		break;
	case TWA_SIGNAL_NO_IPI:
		__set_notify_signal(task);
		break;
	}
	return 0;
}

/* Run the queued callbacks of current, newest first (the list is LIFO, as in Linux). */
void task_work_run(void)
{
	struct task_struct *task = current;
	struct callback_head *work, *head, *next;

	for (;;) {
		work = READ_ONCE(task->task_works);
		do {
			head = NULL;
			if (!work) {
				if (task->__state == TASK_DEAD)
					head = &work_exited;
				else
					break;
			}
		} while (!try_cmpxchg64((volatile u64 *)&task->task_works, (u64 *)&work, (u64)head));
		if (!work)
			break;
		do {
			next = work->next;
			work->func(work);
			work = next;
		} while (work);
	}
}
