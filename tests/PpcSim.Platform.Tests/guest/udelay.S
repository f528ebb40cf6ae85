# udelay(1000) on one thread: a timebase spin the machine must fast-forward (cheap in host
# time, exact in simulated time). Stores the elapsed timebase ticks at 0x7000, powers off with 7.
#include "boot.inc"
        # r3 = timebase + 512000 (1000 us at 512 MHz), then Linux's udelay loop shape, as GCC
        # emits the kernel's: SMT priority hints, mftb, cmpld, bgt back.
        mftb    r20
        lis     r3,7            # 7 << 16 = 458752
        ori     r3,r3,53248     # + 53248 = 512000
        add     r3,r3,r20
1:      mr      r1,r1
        mr      r2,r2
        mftb    r9
        cmpld   r3,r9
        ble     2f
        mr      r1,r1           # unrolled once, as in firmware/bin/kernel.elf's udelay
        mr      r2,r2
        mftb    r9
        cmpld   r3,r9
        bgt     1b
2:
        mftb    r21
        subf    r21,r20,r21
        std     r21,0x7000(0)   # elapsed ticks
        li      r7,7
        std     r7,8(r6)
2:      b       2b
