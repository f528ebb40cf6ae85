/*
 * Lazy FP/VMX/VSX state and thread creation, following Linux 6.6's
 * arch/powerpc/kernel/process.c: giveup_all() on every context switch, restore_math() on the
 * way back to user mode, save_all()/flush_all_to_thread() that save the live registers
 * WITHOUT giving them up (the optimisation at the heart of the io_uring corruption), and
 * copy_thread() clearing the child's math bits.
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "mm.h"

int fpu_fix_mode = FPU_FIX_OFF;
static const u64 msr_all_available = MSR_FP | MSR_VEC | MSR_VSX;

extern u64 switch_frame_size;
extern char ret_from_fork[], ret_from_kernel_thread[];
extern struct task_struct *_switch(struct thread_struct *prev, struct thread_struct *new);

/* FP state is saved/restored with VSX instructions, so enabling FP enables VSX too */
u64 msr_check_and_set(u64 bits)
{
	u64 oldmsr = mfmsr(), newmsr = oldmsr | bits;
	if (bits & MSR_FP)
		newmsr |= MSR_VSX;
	if (oldmsr != newmsr)
		mtmsr_isync(newmsr);
	return newmsr;
}

void msr_check_and_clear(u64 bits)
{
	u64 oldmsr = mfmsr(), newmsr = oldmsr & ~bits;
	if (bits & MSR_FP)
		newmsr &= ~MSR_VSX;
	if (oldmsr != newmsr)
		mtmsr_isync(newmsr);
}

static void __giveup_fpu(struct task_struct *tsk)
{
	u64 msr;
	save_fpu(tsk);
	msr = tsk->thread.regs->msr;
	msr &= ~(MSR_FP | MSR_FE0 | MSR_FE1);
	msr &= ~MSR_VSX;
	tsk->thread.regs->msr = msr;
}

static void __giveup_altivec(struct task_struct *tsk)
{
	u64 msr;
	save_altivec(tsk);
	msr = tsk->thread.regs->msr;
	msr &= ~MSR_VEC;
	msr &= ~MSR_VSX;
	tsk->thread.regs->msr = msr;
}

/* Save the live math state of tsk and clear its MSR bits: it will fault or be restored. */
void giveup_all(struct task_struct *tsk)
{
	u64 usermsr;
	if (!tsk->thread.regs)
		return;
	usermsr = tsk->thread.regs->msr;
	if ((usermsr & msr_all_available) == 0)
		return;
	msr_check_and_set(msr_all_available);
	if (usermsr & MSR_FP)
		__giveup_fpu(tsk);
	if (usermsr & MSR_VEC)
		__giveup_altivec(tsk);
	msr_check_and_clear(msr_all_available);
}

/*
 * The invariant of ../shared/docs/bug-anatomy.md section 4: if a task goes back to user mode
 * with MSR[FP|VEC|VSX] set, its registers must hold what it left in them. The only path that
 * saves a task's registers and keeps them live is save_all(), so it takes a snapshot of what it
 * stored (save_fpu/save_altivec store the registers before FPSCR/VSCR go through f0/v0, so the
 * save area holds the user's values); the exit path compares the live registers with it.
 * Tasks are pinned, so one snapshot per CPU, for the first save_all of a kernel entry.
 */
struct math_invariant_stats math_inv;
static struct {
	struct task_struct *task;
	u64 tb, trap, nip;
	u64 vsr[64][2] __aligned(16);	/* VSR0-31 as save_fpu stores them, VR0-31 as stvx does */
	u64 live[64][2] __aligned(16);
	u64 msr;
} math_snap[NR_CPUS] __aligned(128);

static void math_snapshot_take(struct task_struct *tsk, u64 usermsr)
{
	typeof(&math_snap[0]) s = &math_snap[smp_processor_id()];
	if ((usermsr & msr_all_available) == 0 || s->task == tsk)
		return;
	s->task = tsk;
	s->tb = mftb();
	s->trap = tsk->thread.regs->trap;
	s->nip = tsk->thread.regs->nip;
	s->msr = usermsr;
	memcpy(s->vsr, tsk->thread.fp_state.fpr, 32 * 16);
	memcpy(s->vsr[32], tsk->thread.vr_state.vr, 32 * 16);
	math_inv.saves_left_live++;
}

/* Called last in interrupt_exit_user_prepare_main, hard-disabled, after the restore_math test. */
void math_invariant_check(struct pt_regs *regs)
{
	typeof(&math_snap[0]) s = &math_snap[smp_processor_id()];
	if (s->task != current)
		return;
	s->task = NULL;
	if ((regs->msr & msr_all_available) != msr_all_available)
		return;	/* given up: restore_math or the unavailable interrupts reload the save area */
	u64 oldmsr = mfmsr();
	msr_check_and_set(msr_all_available);
	math_dump_live(s->live);
	if ((oldmsr & msr_all_available) != msr_all_available)
		mtmsr_isync(oldmsr);
	math_inv.checks++;
	for (int n = 0; n < 64; n++) {
		if (!((s->msr & MSR_FP) || n >= 32) || !((s->msr & MSR_VEC) || n < 32))
			continue;
		if (s->live[n][0] == s->vsr[n][0] && s->live[n][1] == s->vsr[n][1])
			continue;
		/* after a system call f0/v0 are volatile (the ABI): the clobber hits no live value */
		if (regs->trap == INT_SYSCALL) {
			math_inv.violations_syscall++;
			break;
		}
		if (regs->nip >= math_inv.window[0] && regs->nip < math_inv.window[1])
			math_inv.violations_in_window++;
		if (math_inv.violations++ == 0) {
			math_inv.save_tb = s->tb;
			math_inv.save_trap = s->trap;
			math_inv.save_nip = s->nip;
			math_inv.save_cpu = smp_processor_id();
			math_inv.save_pid = current->pid;
			math_inv.check_tb = mftb();
			math_inv.vsr = n;
			math_inv.found[0] = s->live[n][0];
			math_inv.found[1] = s->live[n][1];
			math_inv.expected[0] = s->vsr[n][0];
			math_inv.expected[1] = s->vsr[n][1];
		}
		break;	/* one violation per return to user */
	}
}

/*
 * save_all: store the live registers to the thread but leave MSR[FP,VEC,VSX] set, so the
 * task keeps using the registers without faulting them back in. With fpu_fix=giveup this
 * gives the registers up instead (the alternative fix in ../shared/docs/bug-anatomy.md).
 */
static void save_all(struct task_struct *tsk)
{
	u64 usermsr;
	if (fpu_fix_mode == FPU_FIX_GIVEUP) {
		giveup_all(tsk);
		return;
	}
	usermsr = tsk->thread.regs->msr;
	if ((usermsr & msr_all_available) == 0)
		return;
	msr_check_and_set(msr_all_available);
	if (usermsr & MSR_FP)
		save_fpu(tsk);
	if (usermsr & MSR_VEC)
		save_altivec(tsk);
	msr_check_and_clear(msr_all_available);
	math_snapshot_take(tsk, usermsr);
}

void flush_all_to_thread(struct task_struct *tsk)
{
	if (tsk->thread.regs) {
		BUG_ON(tsk != current);
		save_all(tsk);
	}
}

static bool should_restore_fp(void)
{
	if (current->thread.load_fp) {
		current->thread.load_fp++;
		return true;
	}
	return false;
}

static bool should_restore_altivec(void)
{
	if (current->thread.load_vec) {
		current->thread.load_vec++;
		return true;
	}
	return false;
}

static bool should_restore_vsx(void) { return true; }	/* POWER9 has VSX */

static void do_restore_fp(void) { load_fp_state(&current->thread.fp_state); }
static void do_restore_altivec(void) { load_vr_state(&current->thread.vr_state); current->thread.used_vr = 1; }
static void do_restore_vsx(void) { current->thread.used_vsr = 1; }

/*
 * restore_math: reload facilities the task used recently (load_fp/load_vec count eager
 * restores and wrap to 0 after 255, making the task lazy again). Only facilities whose bit is
 * clear in regs->msr are touched: a set bit means the registers are live.
 */
void restore_math(struct pt_regs *regs)
{
	u64 msr = regs->msr, new_msr = 0;

	if (!(msr & MSR_FP) && should_restore_fp())
		new_msr |= MSR_FP;
	if (!(msr & MSR_VEC) && should_restore_altivec())
		new_msr |= MSR_VEC;
	if (!(msr & MSR_VSX) && should_restore_vsx()) {
		if (((msr | new_msr) & (MSR_FP | MSR_VEC)) == (MSR_FP | MSR_VEC))
			new_msr |= MSR_VSX;
	}
	if (new_msr) {
		u64 fpexc_mode = 0;
		msr_check_and_set(new_msr);
		if (new_msr & MSR_FP) {
			do_restore_fp();
			fpexc_mode = current->thread.fpexc_mode;
		}
		if (new_msr & MSR_VEC)
			do_restore_altivec();
		if (new_msr & MSR_VSX)
			do_restore_vsx();
		msr_check_and_clear(new_msr);
		regs->msr = regs->msr | new_msr | fpexc_mode;
		current->stats.restore_math++;
	}
}

/* VSX unavailable: VSX needs both the FP and the VMX halves of the register file loaded
 * (Linux's load_up_vsx in vector.S). */
void load_up_vsx(struct pt_regs *regs)
{
	if (!(regs->msr & MSR_FP))
		load_up_fpu(regs);
	if (!(regs->msr & MSR_VEC))
		load_up_altivec(regs);
	current->thread.used_vsr = 1;
	regs->msr |= MSR_VSX;
}

struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *new)
{
	struct task_struct *last;

	/* Save FPU, Altivec, VSX state */
	giveup_all(prev);
	last = _switch(&prev->thread, &new->thread);
	/* New tasks never get here (they start in ret_from_fork); they fault math in. */
	if (current->thread.regs)
		restore_math(current->thread.regs);
	return last;
}

/* Build the first kernel-stack frames of a new task so that _switch "returns" into start. */
static struct pt_regs *setup_stack(struct task_struct *p, void *start)
{
	u64 sp = p->thread.ksp_top - INT_FRAME_SIZE;
	struct pt_regs *regs = (struct pt_regs *)(sp + STACK_FRAME_MIN_SIZE);
	memset((void *)sp, 0, INT_FRAME_SIZE);
	((u64 *)sp)[2] = (u64)start;		/* LR save slot read by _switch */
	u64 ksp = sp - switch_frame_size;
	memset((void *)ksp, 0, switch_frame_size);
	*(u64 *)ksp = sp;			/* back chain */
	p->thread.ksp = ksp;
	return regs;
}

void copy_thread_kernel(struct task_struct *p, int (*fn)(void *), void *arg)
{
	setup_stack(p, ret_from_kernel_thread);
	u64 *nv = (u64 *)(p->thread.ksp + STACK_FRAME_MIN_SIZE);	/* r14.. in the switch frame */
	nv[0] = (u64)fn;
	nv[1] = (u64)arg;
	p->thread.regs = NULL;
}

void copy_thread_user(struct task_struct *p, u64 entry, u64 sp, u64 a0, u64 a1)
{
	struct pt_regs *regs = setup_stack(p, ret_from_fork);
	regs->nip = entry;
	regs->msr = MSR_USER;		/* no FP/VEC/VSX: the task faults them in */
	regs->gpr[1] = sp;
	regs->gpr[3] = a0;
	regs->gpr[4] = a1;
	regs->gpr[12] = entry;
	regs->trap = 0;
	p->thread.regs = regs;
	p->thread.vr_state.vscr.u[0] = 0x00010000;	/* VSCR[NJ] (word 3 of the VR; LE layout) */
}

/*
 * arch_dup_task_struct: a new thread copies the parent's thread state, so the parent's live
 * registers are flushed to memory first - with save_all, which keeps them live.
 */
int arch_dup_task_struct(struct task_struct *dst, struct task_struct *src)
{
	flush_all_to_thread(src);
	dst->thread.fp_state = src->thread.fp_state;
	dst->thread.vr_state = src->thread.vr_state;
	dst->thread.fpexc_mode = src->thread.fpexc_mode;
	dst->mm = src->mm;
	return 0;
}

/*
 * create_io_thread: an io-wq worker shares the creator's mm and starts in the kernel at fn
 * (Linux: copy_process with PF_IO_WORKER). Its MSR has no math bits (copy_thread).
 */
struct task_struct *create_io_thread(int (*fn)(void *), void *arg, int cpu)
{
	struct task_struct *p = alloc_task_struct("iou-wrk", cpu);
	arch_dup_task_struct(p, current);
	p->flags = PF_IO_WORKER;
	copy_thread_kernel(p, fn, arg);
	p->thread.load_fp = 0;
	p->thread.load_vec = 0;
	return p;
}
