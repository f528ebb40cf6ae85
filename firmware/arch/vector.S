/* VMX register save/restore (Linux 6.6 arch/powerpc/kernel/vector.S). VR n is VSR 32+n. */
#include "ppc_asm.h"
#include "asm-offsets.h"

	.abiversion 2
	.machine power9
	.section .text, "ax"

	.macro SAVE_32VRS base
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	r4, 16 * \n
	stvx	\n, r4, \base
	.endr
	.endm

	.macro REST_32VRS base
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	r4, 16 * \n
	lvx	\n, r4, \base
	.endr
	.endm

/* load_vr_state(vr): used by restore_math (do_restore_altivec) */
_GLOBAL(load_vr_state)
	li	r4, VRSTATE_VSCR
	lvx	0, r4, r3
	mtvscr	0
	REST_32VRS r3
	blr
_END(load_vr_state)

/* load_up_altivec(regs): VMX unavailable from user mode (see load_up_fpu) */
_GLOBAL(load_up_altivec)
	mfmsr	r5
	oris	r5, r5, MSR_VEC@h
	mtmsrd	r5
	isync
	ld	r4, PACA_CURRENT(r13)
	addi	r5, r4, TASK_THREAD
	lbz	r4, THREAD_LOAD_VEC(r5)
	addi	r4, r4, 1
	stb	r4, THREAD_LOAD_VEC(r5)
	li	r4, 1
	std	r4, THREAD_USED_VR(r5)
	ld	r6, PT_MSR(r3)
	oris	r6, r6, MSR_VEC@h
	std	r6, PT_MSR(r3)
	addi	r6, r5, THREAD_VRSTATE
	li	r4, VRSTATE_VSCR
	lvx	0, r4, r6
	mtvscr	0
	REST_32VRS r6
	blr
_END(load_up_altivec)

/*
 * save_altivec(tsk): VR0-31 then VSCR through v0 (mfvscr v0; stvx v0), which leaves VSCR in
 * v0 (= vs32); fpu_fix=on reloads v0 from its slot as commit 5e1d824f9a28 does.
 */
_GLOBAL(save_altivec)
	addi	r3, r3, TASK_THREAD
	ld	r7, THREAD_VRSAVEAREA(r3)
	cmpdi	0, r7, 0
	bne	2f
	addi	r7, r3, THREAD_VRSTATE
2:	SAVE_32VRS r7
	mfvscr	0
	li	r4, VRSTATE_VSCR
	stvx	0, r4, r7
	addis	r5, r2, fpu_fix_mode@toc@ha
	lwz	r5, fpu_fix_mode@toc@l(r5)
	cmpwi	0, r5, FPU_FIX_ON_VAL
	bne	3f
	lvx	0, 0, r7
3:	blr
_END(save_altivec)

/*
 * math_dump_live(buf): VSR0-31 with stxvd2x at buf + 16n (save_fpu's layout), then VR0-31
 * with stvx at buf + 512 + 16n (save_altivec's layout). Touches no FP/VMX/VSX register and no
 * FPSCR/VSCR, so it can look at a task's live registers: the exit-path invariant check
 * (math_invariant_check in process.c). The caller enables MSR[FP|VEC|VSX].
 */
_GLOBAL(math_dump_live)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	r4, 16 * \n
	stxvd2x	\n, r4, r3
	.endr
	addi	r5, r3, 512
	SAVE_32VRS r5
	blr
_END(math_dump_live)
