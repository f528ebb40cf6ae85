/* The signal side of the exit path (Linux 6.6 arch/powerpc/kernel/signal.c and
 * kernel/signal.c get_signal): this kernel delivers no signals, but TIF_NOTIFY_SIGNAL runs
 * task_work exactly where Linux runs it. */
#include "kernel.h"
#include "ppc.h"

static void clear_notify_signal(void)
{
	clear_tsk_thread_flag(current, TIF_NOTIFY_SIGNAL);
	smp_mb();	/* smp_mb__after_atomic() */
}

static bool get_signal(struct pt_regs *regs)
{
	clear_notify_signal();
	if (unlikely(READ_ONCE(current->task_works))) {
		/* count where the work ran: after a syscall (harmless to f0/v0) or an interrupt */
		current->stats.task_work_runs[regs->trap == INT_SYSCALL ? 0 : 1]++;
		task_work_run();
	}
	clear_tsk_thread_flag(current, TIF_SIGPENDING);
	return false;
}

static void do_signal(struct task_struct *tsk, struct pt_regs *regs)
{
	(void)tsk;
	get_signal(regs);
}

void do_notify_resume(struct pt_regs *regs, u64 thread_info_flags)
{
	if (thread_info_flags & (_TIF_SIGPENDING | _TIF_NOTIFY_SIGNAL))
		do_signal(current, regs);
	if (thread_info_flags & _TIF_NOTIFY_RESUME) {
		clear_tsk_thread_flag(current, TIF_NOTIFY_RESUME);
		if (READ_ONCE(current->task_works))
			task_work_run();	/* resume_user_mode_work() */
	}
}
