/*
 * Interrupt dispatch and the return-to-user path (Linux 6.6 arch/powerpc/kernel/interrupt.c).
 * The asm entry (exceptions-64s.S) calls interrupt_dispatch() with the saved pt_regs, then
 * interrupt_exit_user_prepare() or interrupt_exit_kernel_prepare() before the final rfid.
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "devices.h"

static void count_irq(int which) { get_paca()->irq_count[which]++; }

void interrupt_dispatch(struct pt_regs *regs)
{
	struct paca_struct *p = get_paca();
	u64 trap = regs->trap;

	if (unlikely(p->probe_fixup) && (trap == INT_MACHINE_CHECK || trap == INT_DATA_STORAGE ||
					 trap == INT_H_DATA_STORAGE)) {
		regs->nip = p->probe_fixup;	/* device probe touched nothing: report absent */
		return;
	}
	switch (trap) {
	case INT_DECREMENTER:
		count_irq(IRQ_STAT_TIMER);
		timer_interrupt(regs);
		break;
	case INT_H_DOORBELL:
	case INT_DOORBELL:
		count_irq(IRQ_STAT_DOORBELL);
		doorbell_exception(regs);
		break;
	case INT_SYSCALL:
		count_irq(IRQ_STAT_SYSCALL);
		if (!user_mode(regs))
			panic("system call from kernel at %lx", regs->nip);
		system_call_exception(regs);
		break;
	case INT_FP_UNAVAIL:
		count_irq(IRQ_STAT_FP_UNAVAIL);
		if (!user_mode(regs))
			panic("FP unavailable in kernel at %lx", regs->nip);
		current->stats.fp_unavail++;
		load_up_fpu(regs);
		break;
	case INT_ALTIVEC_UNAVAIL:
		count_irq(IRQ_STAT_VEC_UNAVAIL);
		if (!user_mode(regs))
			panic("VMX unavailable in kernel at %lx", regs->nip);
		current->stats.vec_unavail++;
		load_up_altivec(regs);
		break;
	case INT_VSX_UNAVAIL:
		count_irq(IRQ_STAT_VSX_UNAVAIL);
		if (!user_mode(regs))
			panic("VSX unavailable in kernel at %lx", regs->nip);
		current->stats.vsx_unavail++;
		load_up_vsx(regs);
		break;
	case INT_DATA_STORAGE:
	case INT_DATA_SEGMENT:
	case INT_INST_STORAGE:
	case INT_INST_SEGMENT:
	case INT_H_DATA_STORAGE:
	case INT_H_INST_STORAGE:
	case INT_ALIGNMENT:
		count_irq(IRQ_STAT_FAULT);
		do_page_fault(regs);
		break;
	case INT_PROGRAM:
		count_irq(IRQ_STAT_FAULT);
		program_check_exception(regs);
		break;
	case INT_H_EMU_ASSIST:
		count_irq(IRQ_STAT_FAULT);
		emulation_assist_interrupt(regs);
		break;
	case INT_EXTERNAL:
		count_irq(IRQ_STAT_EXTERNAL);
		blk_irq();
		break;
	case INT_HV_DECREMENTER:
		count_irq(IRQ_STAT_OTHER);
		mtspr(SPRN_HDEC, 0x7fffffff);
		break;
	default:
		count_irq(IRQ_STAT_OTHER);
		unknown_exception(regs);
		break;
	}
}

/*
 * The work loop run before every return to user mode. Work (reschedule, task_work via
 * TIF_NOTIFY_SIGNAL) runs with interrupts enabled; then, hard-disabled, the math state is
 * reloaded only if some facility bit is clear in regs->msr: all set means "live".
 */
static void interrupt_exit_user_prepare_main(struct pt_regs *regs)
{
	u64 ti_flags;

	ti_flags = read_thread_flags();
	while (unlikely(ti_flags & _TIF_USER_WORK_MASK)) {
		local_irq_enable();
		if (ti_flags & _TIF_NEED_RESCHED)
			schedule();
		else
			do_notify_resume(regs, ti_flags);
		local_irq_disable();
		ti_flags = read_thread_flags();
	}

	{
		u64 mathflags = MSR_FP | MSR_VEC | MSR_VSX;
		/*
		 * If userspace MSR has all available FP bits set, then they are live and no
		 * need to restore. If not, it means the regs were given up and restore_math may
		 * decide to restore them (to avoid taking an FP fault).
		 */
		if ((regs->msr & mathflags) != mathflags)
			restore_math(regs);
	}
	math_invariant_check(regs);
}

/* Linux's syscall_exit_prepare: the same work loop after a system call. */
static void syscall_exit_prepare(struct pt_regs *regs)
{
	interrupt_exit_user_prepare_main(regs);
}

void interrupt_exit_user_prepare(struct pt_regs *regs)
{
	hard_irq_disable();
	if (regs->trap == INT_SYSCALL)
		syscall_exit_prepare(regs);
	else
		interrupt_exit_user_prepare_main(regs);
}

/* The kernel is not preemptible: returning to kernel code needs no work. */
void interrupt_exit_kernel_prepare(struct pt_regs *regs)
{
	(void)regs;
}
