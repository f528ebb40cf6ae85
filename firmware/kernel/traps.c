/* Synchronous exceptions: faults in user mode end the task with a recorded report (this
 * kernel has no signal handlers); in kernel mode they are fatal. */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"

#define SIGILL	4
#define SIGTRAP	5
#define SIGBUS	7
#define SIGSEGV	11

static void __noreturn die(const char *what, struct pt_regs *regs)
{
	panic("%s in kernel: vector %lx nip %lx msr %lx dar %lx dsisr %lx lr %lx", what,
	      regs->trap, regs->nip, regs->msr, regs->dar, regs->dsisr, regs->link);
}

/* Record the fault for the self-test and end the task, as a fatal signal would. */
void force_fatal_fault(struct pt_regs *regs, u64 addr, u64 dsisr, int sig)
{
	struct task_struct *t = current;
	t->fault_trap = regs->trap;
	t->fault_nip = regs->nip;
	t->fault_addr = addr;
	t->fault_dsisr = dsisr;
	t->fault_srr1 = regs->msr;
	do_exit(128 + sig);
}

void do_page_fault(struct pt_regs *regs)
{
	u64 addr, dsisr;
	switch (regs->trap) {
	case INT_INST_STORAGE:
	case INT_INST_SEGMENT:
		/* ISI: the cause is in SRR1 bits 33:36, the address is SRR0 */
		addr = regs->nip;
		dsisr = regs->msr & 0x58000000UL;
		break;
	case INT_H_DATA_STORAGE:
		addr = mfspr(SPRN_HDAR);
		dsisr = mfspr(SPRN_HDSISR);
		break;
	default:
		addr = regs->dar;
		dsisr = regs->dsisr;
		break;
	}
	regs->dar = addr;
	regs->dsisr = dsisr;
	if (!user_mode(regs))
		die("storage fault", regs);
	force_fatal_fault(regs, addr, dsisr, regs->trap == INT_ALIGNMENT ? SIGBUS : SIGSEGV);
}

void program_check_exception(struct pt_regs *regs)
{
	if (!user_mode(regs))
		die("program check", regs);
	int sig = (regs->msr & SRR1_PROGTRAP) ? SIGTRAP : SIGILL;
	force_fatal_fault(regs, regs->nip, regs->msr & 0x001f0000UL, sig);
}

/* POWER9 in hypervisor mode reports illegal instructions here. HEIR should hold the word;
 * QEMU 7.2 leaves it 0, so it is kept out of the report's stable part. */
void emulation_assist_interrupt(struct pt_regs *regs)
{
	current->fault_heir = mfspr(SPRN_HEIR);
	if (!user_mode(regs))
		die("illegal instruction", regs);
	force_fatal_fault(regs, regs->nip, 0, SIGILL);
}

void unknown_exception(struct pt_regs *regs)
{
	if (!user_mode(regs))
		die("unexpected interrupt", regs);
	force_fatal_fault(regs, regs->nip, 0, SIGBUS);
}
