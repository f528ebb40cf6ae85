# A minimal bare-metal guest for the platform tests: boots at 0x10 big-endian like QEMU powernv9,
# switches to little-endian with rfid, prints on the UART, takes a decrementer interrupt, and
# exchanges a doorbell IPI between threads 0 and 1 before powering off through the
# simulator-control device.
#include "boot.inc"
        mfspr   r3,1023         # PIR
        cmpdi   r3,0
        bne     secondary
        li      r7,'h'
        stb     r7,0(r5)
        li      r7,'i'
        stb     r7,0(r5)
        li      r7,10
        stb     r7,0(r5)
        # Decrementer: fires after 1000 timebase ticks once EE is on.
        li      r8,1000
        mtspr   22,r8
        li      r8,0
        ori     r8,r8,0x8000    # MSR[EE]
        mfmsr   r9
        or      r9,r9,r8
        mtmsrd  r9,1
1:      cmpdi   r20,1           # r20 = 1 once the decrementer handler ran
        bne     1b
        # Doorbell to PIR 4 (thread 1): message type 5 in RB[32:36].
        li      r4,5
        sldi    r4,r4,27
        ori     r4,r4,4
        sync
        msgsnd  r4
2:      b       2b

secondary:
        li      r8,0
        ori     r8,r8,0x8000
        mfmsr   r9
        or      r9,r9,r8
        mtmsrd  r9,1
3:      b       3b

        .org 0x900
        # Decrementer: note it, print "dec", push DEC far away, return.
        li      r20,1
        li      r7,'d'
        stb     r7,0(r5)
        li      r7,10
        stb     r7,0(r5)
        lis     r8,0x7fff
        mtspr   22,r8
        rfid

        .org 0xe80
        # Hypervisor doorbell on thread 1: print "ipi", power off with status 42.
        li      r7,'i'
        stb     r7,0(r5)
        li      r7,'p'
        stb     r7,0(r5)
        li      r7,10
        stb     r7,0(r5)
        li      r7,42
        std     r7,8(r6)
4:      b       4b
