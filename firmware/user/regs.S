/* Register hold loops: load every register of a class from a pattern, spin on integer work
 * (so preemption and IPIs land while the values are live), store them all back. */
	.abiversion 2
	.machine power9
	.section .text, "ax"

	.macro FUNC name
	.globl \name
	.type \name, @function
	.balign 16
\name:
	.endm

/* fp_hold(pat = r3: 33 doublewords, dump = r4, spins = r5) */
FUNC fp_hold
	lfd	0, 256(r3)
	mtfsf	0xff, 0, 1, 0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	lfd	\n, 8 * \n(r3)
	.endr
	mtctr	r5
1:	bdnz	1b
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stfd	\n, 8 * \n(r4)
	.endr
	mffs	0
	stfd	0, 256(r4)
	blr
	.size fp_hold, . - fp_hold

/* vmx_hold(pat = r3: 33 quadwords (32 VRs, then VSCR), dump = r4, spins = r5) */
FUNC vmx_hold
	li	r6, 512
	lvx	0, r6, r3
	mtvscr	0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	r6, 16 * \n
	lvx	\n, r6, r3
	.endr
	mtctr	r5
1:	bdnz	1b
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	r6, 16 * \n
	stvx	\n, r6, r4
	.endr
	mfvscr	0
	li	r6, 512
	stvx	0, r6, r4
	blr
	.size vmx_hold, . - vmx_hold

/* vsx_hold(pat = r3: 64 quadwords, dump = r4, spins = r5); vs0 is the register the
 * io_uring corruption clobbered (glibc's xxspltd idiom keeps a splat in it). */
FUNC vsx_hold
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	li	r6, 16 * \n
	lxvd2x	\n, r6, r3
	.endr
	mtctr	r5
1:	bdnz	1b
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	li	r6, 16 * \n
	stxvd2x	\n, r6, r4
	.endr
	blr
	.size vsx_hold, . - vsx_hold

/* set_fpscr(v): FPSCR = v (through f0, which the caller does not need) */
FUNC set_fpscr
	std	r3, -8(r1)
	lfd	0, -8(r1)
	mtfsf	0xff, 0, 1, 0
	blr
	.size set_fpscr, . - set_fpscr

FUNC do_mfmsr
	mfmsr	r3		/* privileged: program interrupt in problem state */
	blr
	.size do_mfmsr, . - do_mfmsr

FUNC do_illegal
	.long	0x00001234	/* primary opcode 0: illegal */
	blr
	.size do_illegal, . - do_illegal

FUNC do_trap
	trap
	blr
	.size do_trap, . - do_trap
