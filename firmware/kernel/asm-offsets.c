/* Structure offsets for assembly: compiled to .s and turned into asm-offsets.h by the
 * Makefile (the same technique Linux uses). */
#include "paca.h"
#include "sched.h"
#include "ptrace.h"

#define DEFINE(sym, val) __asm__ __volatile__("\n.ascii \"->" #sym " %0\"" :: "i"((long)(val)))
#define REGS(x) (STACK_FRAME_MIN_SIZE + offsetof(struct pt_regs, x))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(PACA_EX_R10, offsetof(struct paca_struct, ex_r10));
	DEFINE(PACA_EX_R11, offsetof(struct paca_struct, ex_r11));
	DEFINE(PACA_EX_R12, offsetof(struct paca_struct, ex_r12));
	DEFINE(PACA_EX_SRR0, offsetof(struct paca_struct, ex_srr0));
	DEFINE(PACA_EX_SRR1, offsetof(struct paca_struct, ex_srr1));
	DEFINE(PACA_EX_CCR, offsetof(struct paca_struct, ex_ccr));
	DEFINE(PACA_KSTACK, offsetof(struct paca_struct, kstack));
	DEFINE(PACA_TOC, offsetof(struct paca_struct, kernel_toc));
	DEFINE(PACA_KMSR, offsetof(struct paca_struct, kmsr));
	DEFINE(PACA_EXC_VIRT, offsetof(struct paca_struct, exc_virt));
	DEFINE(PACA_CURRENT, offsetof(struct paca_struct, __current));
	DEFINE(PACA_PROBE_FIXUP, offsetof(struct paca_struct, probe_fixup));
	DEFINE(PACA_SIZE, sizeof(struct paca_struct));

	DEFINE(TASK_THREAD, offsetof(struct task_struct, thread));
	DEFINE(THREAD_KSP, offsetof(struct thread_struct, ksp));
	DEFINE(THREAD_KSP_TOP, offsetof(struct thread_struct, ksp_top));
	DEFINE(THREAD_REGS, offsetof(struct thread_struct, regs));
	DEFINE(THREAD_FPSTATE, offsetof(struct thread_struct, fp_state));
	DEFINE(THREAD_FPSAVEAREA, offsetof(struct thread_struct, fp_save_area));
	DEFINE(THREAD_VRSTATE, offsetof(struct thread_struct, vr_state));
	DEFINE(THREAD_VRSAVEAREA, offsetof(struct thread_struct, vr_save_area));
	DEFINE(THREAD_FPEXC_MODE, offsetof(struct thread_struct, fpexc_mode));
	DEFINE(THREAD_LOAD_FP, offsetof(struct thread_struct, load_fp));
	DEFINE(THREAD_LOAD_VEC, offsetof(struct thread_struct, load_vec));
	DEFINE(THREAD_USED_VR, offsetof(struct thread_struct, used_vr));
	DEFINE(FPSTATE_FPSCR, offsetof(struct thread_fp_state, fpscr));
	DEFINE(VRSTATE_VSCR, offsetof(struct thread_vr_state, vscr));

	DEFINE(INT_FRAME_SIZE, INT_FRAME_SIZE);
	DEFINE(GPR0, REGS(gpr[0]));
	DEFINE(_NIP, REGS(nip));
	DEFINE(_MSR, REGS(msr));
	DEFINE(_CTR, REGS(ctr));
	DEFINE(_LINK, REGS(link));
	DEFINE(_XER, REGS(xer));
	DEFINE(_CCR, REGS(ccr));
	DEFINE(_TRAP, REGS(trap));
	DEFINE(_DAR, REGS(dar));
	DEFINE(_DSISR, REGS(dsisr));
	DEFINE(ORIG_GPR3, REGS(orig_gpr3));
	DEFINE(STACK_FRAME_OVERHEAD, STACK_FRAME_MIN_SIZE);
	DEFINE(PT_MSR, offsetof(struct pt_regs, msr));
	DEFINE(FPU_FIX_ON_VAL, 1);
}
