# A -nostdlib guest that loads from address 8 (unmapped): SIGSEGV with no handler.
    .abiversion 2
    .section .text
    .globl _start
_start:
    li 3, 5
    li 4, 8
    ld 5, 0(4)
    li 0, 234
    sc
