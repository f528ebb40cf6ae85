# udelay(1000) on one thread: a timebase spin the machine must fast-forward (cheap in host
# time, exact in simulated time). Stores the elapsed timebase ticks at 0x7000, powers off with 7.
        .abiversion 2
        .section .text
        .globl _start
_start:
        .org 0x10
        # Executed big-endian: each .long is the byte-swapped encoding of the instruction shown.
        .long 0xa600607d        # mfmsr   r11
        .long 0x01006b61        # ori     r11,r11,1     (MSR[LE])
        .long 0x05009f42        # bcl     20,31,.+4
        .long 0xa602487d        # mflr    r10
        .long 0x14004a39        # addi    r10,r10,20
        .long 0xa6035a7d        # mtsrr0  r10
        .long 0xa6037b7d        # mtsrr1  r11
        .long 0x2400004c        # rfid
        # Little-endian from here.
        lis     r9,0x0200       # HID0[HILE] (bit 4 = 1<<59 = 1<<25 << 34) and LPCR[ILE] (1<<25)
        sldi    r9,r9,32
        sldi    r9,r9,2
        mtspr   1008,r9
        lis     r9,0x0200
        mtspr   318,r9
        # r5 = UART (0x00060300d00103f8), r6 = simulator control (0x0006010000000000)
        lis     r5,0x0006
        ori     r5,r5,0x0300
        sldi    r5,r5,32
        oris    r5,r5,0xd001
        ori     r5,r5,0x03f8
        lis     r6,0x0006
        ori     r6,r6,0x0100
        sldi    r6,r6,32
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
