/*
 * Little-endian boot path, still in real mode at the physical address. The boot thread
 * clears .bss and enters C; every other thread marks itself present in spin_table and
 * spins until the boot thread releases it (Linux: the "secondary hold" loop).
 */
#include "ppc_asm.h"
#include "asm-offsets.h"

	.abiversion 2
	.section .text.real, "ax"

	.globl __start_le
__start_le:
	mr	r31, r3				/* device tree (QEMU) or 0 */
	mfspr	r30, SPRN_PIR
	/* interrupts taken in hypervisor state arrive little-endian (POWER9 HID0[HILE]) */
	mfspr	r4, SPRN_HID0
	LOAD_REG_IMM r5, HID0_POWER9_HILE
	or	r4, r4, r5
	sync
	mtspr	SPRN_HID0, r4
	mfspr	r4, SPRN_HID0
	isync
	/* the boot thread: the device tree's boot_cpuid_phys if r3 points at one, else PIR 0 */
	li	r4, 0
	LOAD_REG_IMM r5, 0x40000000		/* plausible FDT address: below 1 GB, 8-aligned */
	cmpld	r31, r5
	bge	2f
	andi.	r5, r31, 7
	bne	2f
	cmpdi	r31, 0
	beq	2f
	lwbrx	r5, 0, r31
	LOAD_REG_IMM r6, 0xd00dfeed
	cmpw	r5, r6
	bne	2f
	addi	r6, r31, 0x1c
	lwbrx	r4, 0, r6
2:	cmpw	r30, r4
	bne	secondary_hold

	/* boot thread: clear .bss */
	LOAD_REG_IMM r5, __bss_start
	LOAD_REG_IMM r6, __bss_stop
	li	r7, 0
3:	cmpld	r5, r6
	bge	4f
	std	r7, 0(r5)
	addi	r5, r5, 8
	b	3b
4:	LOAD_REG_IMM r2, .TOC.
	LOAD_REG_IMM r13, paca_array
	mtspr	SPRN_HSPRG0, r13
	LOAD_REG_IMM r1, init_stack + THREAD_SIZE - STACK_FRAME_MIN_SIZE
	li	r0, 0
	std	r0, 0(r1)
	mr	r3, r31
	mr	r4, r30
	bl	early_setup
	b	.

secondary_hold:
	LOAD_REG_IMM r5, spin_table
	andi.	r6, r30, 0xff
	sldi	r6, r6, 5
	add	r5, r5, r6
	li	r7, 1
	std	r7, 16(r5)			/* present */
	sync
1:	or	1, 1, 1				/* low thread priority while waiting */
	ld	r7, 0(r5)
	cmpdi	r7, 0
	beq	1b
	or	2, 2, 2
	isync
	ld	r13, 8(r5)			/* this thread's paca */
	mtspr	SPRN_HSPRG0, r13
	ld	r1, PACA_KSTACK(r13)
	subi	r1, r1, STACK_FRAME_MIN_SIZE
	li	r0, 0
	std	r0, 0(r1)
	LOAD_REG_IMM r2, .TOC.
	mtctr	r7
	mr	r12, r7
	bctr

	/* spin_table[PIR & 0xff] = { release address, paca, present, unused } */
	.section .data
	.balign	128
	.globl	spin_table
spin_table:
	.space	256 * 32
