# A -nostdlib guest that counts in r31 forever (the interrupt test stops it with Ctrl-C).
    .abiversion 2
    .section .text
    .globl _start
_start:
    li 31, 0
1:  addi 31, 31, 1
    b 1b
