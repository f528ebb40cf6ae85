/*
 * FP register save/restore (Linux 6.6 arch/powerpc/kernel/fpu.S). With VSX the FP save
 * area holds all of VSR0-31 (the FPR is doubleword 0 of each).
 */
#include "ppc_asm.h"
#include "asm-offsets.h"

	.abiversion 2
	.machine power9
	.section .text, "ax"

/* VSR n <-> base + 16*n, with r4 as the index register */
	.macro SAVE_32FPVSRS base
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	r4, 16 * \n
	stxvd2x	\n, r4, \base
	.endr
	.endm

	.macro REST_32FPVSRS base
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	r4, 16 * \n
	lxvd2x	\n, r4, \base
	.endr
	.endm

/*
 * save_fpu(tsk): store VSR0-31 and FPSCR to tsk->thread.fp_state. FPSCR goes through f0 as
 * in Linux 6.6, which leaves FPSCR in f0 (= vs0 doubleword 0): harmless when the caller gives
 * the registers up (__giveup_fpu), corrupting when it keeps them live (save_all). Commit
 * 5e1d824f9a28 ("powerpc: Don't clobber f0/vs0 during fp|altivec register save") reloads vs0
 * from its save slot afterwards; bootcfg fpu_fix=on selects that.
 */
_GLOBAL(save_fpu)
	addi	r3, r3, TASK_THREAD
	ld	r6, THREAD_FPSAVEAREA(r3)
	cmpdi	0, r6, 0
	bne	2f
	addi	r6, r3, THREAD_FPSTATE
2:	SAVE_32FPVSRS r6
	mffs	f0
	stfd	f0, FPSTATE_FPSCR(r6)
	addis	r5, r2, fpu_fix_mode@toc@ha
	lwz	r5, fpu_fix_mode@toc@l(r5)
	cmpwi	0, r5, FPU_FIX_ON_VAL
	bne	3f
	li	r4, 0
	lxvd2x	0, r4, r6		/* the fix: REST_1FPVSR(0, R4, R6) */
3:	blr
_END(save_fpu)

/*
 * load_up_fpu(regs): FP unavailable from user mode. Enable FP (and VSX, whose low half it
 * restores) for the kernel, reload the thread's FP state and set MSR[FP] in regs->msr so the
 * task returns with FP enabled. Linux's version is entered from the 0x800 vector with its own
 * register convention; this one is a C call with the same effect.
 */
_GLOBAL(load_up_fpu)
	mfmsr	r5
	ori	r5, r5, MSR_FP
	oris	r5, r5, MSR_VSX@h
	mtmsrd	r5
	isync
	ld	r4, PACA_CURRENT(r13)
	addi	r5, r4, TASK_THREAD
	lbz	r4, THREAD_LOAD_FP(r5)
	addi	r4, r4, 1
	stb	r4, THREAD_LOAD_FP(r5)
	ld	r4, THREAD_FPEXC_MODE(r5)
	ld	r6, PT_MSR(r3)
	ori	r6, r6, MSR_FP
	or	r6, r6, r4
	std	r6, PT_MSR(r3)
	addi	r10, r5, THREAD_FPSTATE
	lfd	f0, FPSTATE_FPSCR(r10)
	mtfsf	0xff, f0, 1, 0
	REST_32FPVSRS r10
	blr
_END(load_up_fpu)

/* load_fp_state(fp): used by restore_math (do_restore_fp) */
_GLOBAL(load_fp_state)
	lfd	f0, FPSTATE_FPSCR(r3)
	mtfsf	0xff, f0, 1, 0
	REST_32FPVSRS r3
	blr
_END(load_fp_state)
