# A -nostdlib guest for the raw-protocol tests: counts r31 up to 1000 in a loop, storing the
# count to `counter` each time, writes "done\n" and exits with status 7.
    .abiversion 2
    .section .text
    .globl _start
_start:
    li 31, 0
    lis 9, counter@ha
    addi 9, 9, counter@l
1:  addi 31, 31, 1
    std 31, 0(9)
    cmpdi 31, 1000
    blt 1b
    li 0, 4          # write(1, msg, 5)
    li 3, 1
    lis 4, msg@ha
    addi 4, 4, msg@l
    li 5, 5
    sc
    li 0, 234        # exit_group(7)
    li 3, 7
    sc
    .section .data
    .balign 8
counter: .quad 0
msg: .ascii "done\n"
