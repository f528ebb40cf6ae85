/* Assembler helpers (only included from .S files). */
#ifndef _PPC_ASM_H
#define _PPC_ASM_H
#include "reg.h"

/* Load a 64-bit absolute value or symbol address (works in real mode: the top 4 bits of a
 * 0xc... address are ignored there, Book III 5.7.3). */
.macro LOAD_REG_IMM reg, expr
	lis	\reg, (\expr)@highest
	ori	\reg, \reg, (\expr)@higher
	rldicr	\reg, \reg, 32, 31
	oris	\reg, \reg, (\expr)@high
	ori	\reg, \reg, (\expr)@l
.endm

/* A function callable from C (no TOC setup needed: one TOC for the whole kernel). */
#define _GLOBAL(n)	.globl n; .type n, @function; .balign 4; n:
#define _END(n)		.size n, . - n

#define STK_REG(i)	(STACK_FRAME_MIN_SIZE + (i) * 8)

#endif
