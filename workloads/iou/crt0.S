/* Entry of the io_uring page writer: the firmware kernel starts it at _start with r3 = pages,
 * r4 = rounds, r12 = _start (ELFv2 global entry), r1 = top of its stack. No libc. */
	.abiversion 2
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	addis	2, 12, (.TOC. - _start)@ha
	addi	2, 2, (.TOC. - _start)@l
	li	0, 0
	stdu	0, -32(1)
	bl	umain
	nop
	bl	sys_exit
	nop
	b	.
	.size _start, . - _start
