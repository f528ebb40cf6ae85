/*
 * Interrupt entry and exit, context switch. Entry runs in real mode at the vector, saves a
 * few registers in the paca and rfids to exc_common_virt with the kernel MSR (translation on
 * once the MMU is up), which builds a pt_regs frame and calls interrupt_dispatch().
 */
#include "ppc_asm.h"
#include "asm-offsets.h"

	.abiversion 2
	.section .text.real, "ax"

/* r13 = paca, r12 = vector, original r12 in the paca, original r13 in HSPRG1 */
	.globl exc_real_common_srr
exc_real_common_srr:
	std	r11, PACA_EX_R11(r13)
	mfspr	r11, SPRN_SRR0
	std	r11, PACA_EX_SRR0(r13)
	mfspr	r11, SPRN_SRR1
	std	r11, PACA_EX_SRR1(r13)
	b	exc_real_common

	.globl exc_real_common_hsrr
exc_real_common_hsrr:
	std	r11, PACA_EX_R11(r13)
	mfspr	r11, SPRN_HSRR0
	std	r11, PACA_EX_SRR0(r13)
	mfspr	r11, SPRN_HSRR1
	std	r11, PACA_EX_SRR1(r13)

exc_real_common:
	ld	r11, PACA_EXC_VIRT(r13)
	mtspr	SPRN_SRR0, r11
	ld	r11, PACA_KMSR(r13)
	mtspr	SPRN_SRR1, r11
	rfid

	.section .text, "ax"

#define SAVE_GPR(n)	std	n, GPR0 + 8 * n(r1)
#define REST_GPR(n)	ld	n, GPR0 + 8 * n(r1)

	.globl exc_common_virt
exc_common_virt:
	std	r10, PACA_EX_R10(r13)
	mfcr	r11
	std	r11, PACA_EX_CCR(r13)
	ld	r11, PACA_EX_SRR1(r13)
	andi.	r11, r11, MSR_PR
	mr	r10, r1
	beq	1f
	ld	r1, PACA_KSTACK(r13)		/* from user: the task's kernel stack */
	b	2f
1:	subi	r1, r1, USER_REDZONE_SIZE	/* from kernel: skip the ABI protected zone */
2:	stdu	r10, -INT_FRAME_SIZE(r1)	/* back chain = interrupted r1 */
	std	r0, GPR0(r1)
	std	r10, GPR0 + 8(r1)
	SAVE_GPR(2); SAVE_GPR(3); SAVE_GPR(4); SAVE_GPR(5)
	SAVE_GPR(6); SAVE_GPR(7); SAVE_GPR(8); SAVE_GPR(9)
	ld	r10, PACA_EX_R10(r13)
	std	r10, GPR0 + 80(r1)
	ld	r10, PACA_EX_R11(r13)
	std	r10, GPR0 + 88(r1)
	ld	r10, PACA_EX_R12(r13)
	std	r10, GPR0 + 96(r1)
	mfspr	r10, SPRN_HSPRG1
	std	r10, GPR0 + 104(r1)
	SAVE_GPR(14); SAVE_GPR(15); SAVE_GPR(16); SAVE_GPR(17)
	SAVE_GPR(18); SAVE_GPR(19); SAVE_GPR(20); SAVE_GPR(21)
	SAVE_GPR(22); SAVE_GPR(23); SAVE_GPR(24); SAVE_GPR(25)
	SAVE_GPR(26); SAVE_GPR(27); SAVE_GPR(28); SAVE_GPR(29)
	SAVE_GPR(30); SAVE_GPR(31)
	ld	r10, PACA_EX_SRR0(r13)
	std	r10, _NIP(r1)
	ld	r10, PACA_EX_SRR1(r13)
	std	r10, _MSR(r1)
	ld	r10, PACA_EX_CCR(r13)
	std	r10, _CCR(r1)
	mflr	r10
	std	r10, _LINK(r1)
	mfctr	r10
	std	r10, _CTR(r1)
	mfxer	r10
	std	r10, _XER(r1)
	std	r12, _TRAP(r1)
	std	r3, ORIG_GPR3(r1)
	mfspr	r10, SPRN_DAR
	std	r10, _DAR(r1)
	mfspr	r10, SPRN_DSISR
	std	r10, _DSISR(r1)
	ld	r2, PACA_TOC(r13)
	addi	r3, r1, STACK_FRAME_OVERHEAD
	bl	interrupt_dispatch
	/* fall through */

	.globl interrupt_return
interrupt_return:
	addi	r3, r1, STACK_FRAME_OVERHEAD
	ld	r4, _MSR(r1)
	andi.	r0, r4, MSR_PR
	beq	1f
	bl	interrupt_exit_user_prepare
	b	2f
1:	bl	interrupt_exit_kernel_prepare
2:	/* hard-disable and mark the SRRs as about to be live (MSR[RI]=0) */
	li	r10, 0
	mtmsrd	r10, 1
	ld	r10, _NIP(r1)
	mtspr	SPRN_SRR0, r10
	ld	r10, _MSR(r1)
	mtspr	SPRN_SRR1, r10
	ld	r10, _CCR(r1)
	mtcrf	0xff, r10
	ld	r10, _LINK(r1)
	mtlr	r10
	ld	r10, _CTR(r1)
	mtctr	r10
	ld	r10, _XER(r1)
	mtxer	r10
	REST_GPR(0)
	REST_GPR(2); REST_GPR(3); REST_GPR(4); REST_GPR(5)
	REST_GPR(6); REST_GPR(7); REST_GPR(8); REST_GPR(9)
	REST_GPR(10); REST_GPR(11); REST_GPR(12)
	REST_GPR(14); REST_GPR(15); REST_GPR(16); REST_GPR(17)
	REST_GPR(18); REST_GPR(19); REST_GPR(20); REST_GPR(21)
	REST_GPR(22); REST_GPR(23); REST_GPR(24); REST_GPR(25)
	REST_GPR(26); REST_GPR(27); REST_GPR(28); REST_GPR(29)
	REST_GPR(30); REST_GPR(31)
	REST_GPR(13)
	REST_GPR(1)
	rfid
	b	.	/* not reached */

/*
 * _switch(old_thread, new_thread): save the non-volatile state of the current task on its
 * kernel stack, switch stacks, restore the next task's. Returns the previous task.
 * Linux's _switch in entry_64.S has the same contract.
 */
#define SWITCH_FRAME_SIZE	(STACK_FRAME_MIN_SIZE + 20 * 8)
_GLOBAL(_switch)
	mflr	r0
	std	r0, 16(r1)
	stdu	r1, -SWITCH_FRAME_SIZE(r1)
	std	r14, STK_REG(0)(r1); std r15, STK_REG(1)(r1); std r16, STK_REG(2)(r1)
	std	r17, STK_REG(3)(r1); std r18, STK_REG(4)(r1); std r19, STK_REG(5)(r1)
	std	r20, STK_REG(6)(r1); std r21, STK_REG(7)(r1); std r22, STK_REG(8)(r1)
	std	r23, STK_REG(9)(r1); std r24, STK_REG(10)(r1); std r25, STK_REG(11)(r1)
	std	r26, STK_REG(12)(r1); std r27, STK_REG(13)(r1); std r28, STK_REG(14)(r1)
	std	r29, STK_REG(15)(r1); std r30, STK_REG(16)(r1); std r31, STK_REG(17)(r1)
	mfcr	r0
	std	r0, STK_REG(18)(r1)
	std	r1, THREAD_KSP(r3)
	/* the CPU's view of "current" and of the entry stack follow the new task */
	ld	r5, THREAD_KSP_TOP(r4)
	std	r5, PACA_KSTACK(r13)
	addi	r6, r4, -TASK_THREAD
	std	r6, PACA_CURRENT(r13)
	ld	r1, THREAD_KSP(r4)
	ld	r14, STK_REG(0)(r1); ld r15, STK_REG(1)(r1); ld r16, STK_REG(2)(r1)
	ld	r17, STK_REG(3)(r1); ld r18, STK_REG(4)(r1); ld r19, STK_REG(5)(r1)
	ld	r20, STK_REG(6)(r1); ld r21, STK_REG(7)(r1); ld r22, STK_REG(8)(r1)
	ld	r23, STK_REG(9)(r1); ld r24, STK_REG(10)(r1); ld r25, STK_REG(11)(r1)
	ld	r26, STK_REG(12)(r1); ld r27, STK_REG(13)(r1); ld r28, STK_REG(14)(r1)
	ld	r29, STK_REG(15)(r1); ld r30, STK_REG(16)(r1); ld r31, STK_REG(17)(r1)
	ld	r0, STK_REG(18)(r1)
	mtcrf	0xff, r0
	addi	r1, r1, SWITCH_FRAME_SIZE
	ld	r0, 16(r1)
	mtlr	r0
	addi	r3, r3, -TASK_THREAD
	blr
_END(_switch)

/* First run of a new user task: _switch "returns" here with r3 = previous task, r1 pointing
 * at the interrupt frame that copy_thread built. */
_GLOBAL(ret_from_fork)
	bl	schedule_tail
	b	interrupt_return
_END(ret_from_fork)

/* First run of a kernel thread: r14 = function, r15 = argument (set by copy_thread). */
_GLOBAL(ret_from_kernel_thread)
	bl	schedule_tail
	li	r3, MSR_RI			/* kernel threads run with interrupts on */
	ori	r3, r3, MSR_EE
	mtmsrd	r3, 1
	mtctr	r14
	mr	r3, r15
	mr	r12, r14
	bctrl
	li	r3, 0
	bl	do_exit
	b	.
_END(ret_from_kernel_thread)

/* SWITCH_FRAME_SIZE for C (copy_thread builds the first frame) */
	.section .rodata
	.globl switch_frame_size
	.balign 8
switch_frame_size:
	.quad SWITCH_FRAME_SIZE
