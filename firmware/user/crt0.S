/* User entry: the kernel starts a thread at _start with r3 = test id, r4 = argument,
 * r12 = _start (ELFv2 global entry convention), r1 = top of its stack. */
	.abiversion 2
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	addis	r2, r12, (.TOC. - _start)@ha
	addi	r2, r2, (.TOC. - _start)@l
	li	r0, 0
	stdu	r0, -32(r1)
	bl	umain
	nop
	bl	sys_exit
	nop
	b	.
	.size _start, . - _start
