/*
 * Image start (physical 0): header, the entry point at 0x10 and the interrupt vectors
 * 0x100-0xfff. Every hardware thread starts at 0x10 in hypervisor real mode, possibly
 * big-endian (QEMU powernv9 does), with r3 = flattened device tree.
 */
#include "ppc_asm.h"
#include "asm-offsets.h"

	.abiversion 2
	.section .head.text, "ax"

	.globl	__head_start
__head_start:
	/* 0x00: image header: magic, offset and size of the boot configuration block */
	.ascii	"PPCSIMK1"
	.long	0x1000
	.long	0x1000

/*
 * 0x10: entry. FIXUP_ENDIAN idea (Linux's ppc_asm.h): the first word is "tdi 0,0,0x48"
 * little-endian (never traps) and "b .+8" when fetched big-endian, so a big-endian thread
 * skips the little-endian "b 1f" and runs the byte-swapped trampoline, which sets MSR[LE]
 * with rfid and resumes at 1f. The trampoline words are emitted most-significant byte first.
 */
	. = 0x10
	.globl	__start
__start:
	tdi	0, 0, 0x48
	b	1f
	.macro BEWORD w
	.byte	((\w) >> 24) & 0xff, ((\w) >> 16) & 0xff, ((\w) >> 8) & 0xff, (\w) & 0xff
	.endm
	BEWORD	0x7d6000a6	/* mfmsr  r11 */
	BEWORD	0x696b0001	/* xori   r11,r11,1 (MSR[LE]) */
	BEWORD	0x429f0005	/* bcl    20,31,.+4 */
	BEWORD	0x7d4802a6	/* mflr   r10 (= address of this word) */
	BEWORD	0x394a0014	/* addi   r10,r10,20 (-> 1f) */
	BEWORD	0x7d5a03a6	/* mtsrr0 r10 */
	BEWORD	0x7d7b03a6	/* mtsrr1 r11 */
	BEWORD	0x4c000024	/* rfid */
1:	b	__start_le

/*
 * Interrupt vectors. Each saves r13 in HSPRG1, loads the paca from HSPRG0, saves r12 and
 * passes the vector number in r12 to the real-mode common code (the stubs at 0xe00-0xfff are
 * only 0x20 bytes apart, so they stay within 8 instructions).
 */
	.macro VEC addr, kind
	. = \addr
	mtspr	SPRN_HSPRG1, r13
	mfspr	r13, SPRN_HSPRG0
	std	r12, PACA_EX_R12(r13)
	li	r12, \addr
	b	exc_real_common_\kind
	.endm

	VEC	0x100, srr	/* system reset */
	VEC	0x200, srr	/* machine check */
	VEC	0x300, srr	/* data storage */
	VEC	0x380, srr	/* data segment */
	VEC	0x400, srr	/* instruction storage */
	VEC	0x480, srr	/* instruction segment */
	VEC	0x500, hsrr	/* external (to the hypervisor: LPCR[LPES]=0) */
	VEC	0x600, srr	/* alignment */
	VEC	0x700, srr	/* program */
	VEC	0x800, srr	/* floating-point unavailable */
	VEC	0x900, srr	/* decrementer */
	VEC	0x980, hsrr	/* hypervisor decrementer */
	VEC	0xa00, srr	/* directed privileged doorbell */
	VEC	0xb00, srr	/* reserved */
	VEC	0xc00, srr	/* system call */
	VEC	0xd00, srr	/* trace */
	VEC	0xe00, hsrr	/* hypervisor data storage */
	VEC	0xe20, hsrr	/* hypervisor instruction storage */
	VEC	0xe40, hsrr	/* hypervisor emulation assistance */
	VEC	0xe60, hsrr	/* hypervisor maintenance */
	VEC	0xe80, hsrr	/* directed hypervisor doorbell */
	VEC	0xea0, hsrr	/* hypervisor virtualization */
	VEC	0xf00, srr	/* performance monitor */
	VEC	0xf20, srr	/* vector unavailable */
	VEC	0xf40, srr	/* VSX unavailable */
	VEC	0xf60, srr	/* facility unavailable */
	VEC	0xf80, hsrr	/* hypervisor facility unavailable */

	. = 0x1000
	/* the boot configuration block (.bootcfg, 4 KB) is placed here by the linker script */
