# Block device guest for the platform tests: thread 0 queues one write descriptor, rings the
# doorbell, then changes the buffer (the device must DMA at processing time and see the change);
# thread 1 (PIR 4, the IRQ target) sleeps in stop with EE=1 and takes the completion on the
# External vector 0x500, records HSRR1/MSR/CQ_HEAD/status at 0x7000 and powers off with 42.
#include "boot.inc"
        ori     r4,r6,0x1000    # r4 = block device (0x0006010000001000)
        mfspr   r3,1023         # PIR
        cmpdi   r3,0
        bne     secondary
        # Thread 0: a 4 KiB buffer at 0x20000 filled with 0xa5, one write descriptor at 0x10000.
        lis     r10,2           # 0x20000
        li      r11,512
        mtctr   r11
        lis     r12,0xa5a5
        ori     r12,r12,0xa5a5
        clrldi  r12,r12,32
        sldi    r13,r12,32
        or      r12,r12,r13
        mr      r13,r10
1:      std     r12,0(r13)
        addi    r13,r13,8
        bdnz    1b
        lis     r9,1            # ring at 0x10000
        li      r11,2           # op = write
        stw     r11,0(r9)
        li      r11,0
        stw     r11,4(r9)       # status = pending
        std     r11,8(r9)       # sector 0
        std     r10,16(r9)      # buffer
        li      r11,4096
        stw     r11,24(r9)      # length
        li      r11,0
        stw     r11,28(r9)
        li      r11,0x77
        std     r11,32(r9)      # tag
        std     r9,0x10(r4)     # RING_BASE
        li      r11,4
        stw     r11,0x18(r4)    # RING_SIZE
        li      r11,4
        stw     r11,0x1c(r4)    # IRQ_TARGET = PIR 4 (thread 1)
        li      r11,1
        stw     r11,0x2c(r4)    # IRQ_ENABLE
        sync
        li      r11,1
        stw     r11,0x20(r4)    # SQ_TAIL = 1: doorbell
        # After the doorbell, before the device processes the descriptor: change the buffer.
        # DMA happens at processing time, so the disk must get the new value.
        lis     r11,0x1122
        ori     r11,r11,0x3344
        sldi    r11,r11,32
        oris    r11,r11,0x5566
        ori     r11,r11,0x7788
        std     r11,0(r10)
        lwz     r11,0x24(r4)    # CQ_HEAD right after the doorbell (expected 0)
        std     r11,0x7018(0)
2:      b       2b

secondary:
        li      r8,0
        ori     r8,r8,0x8000
        mfmsr   r9
        or      r9,r9,r8
        mtmsrd  r9,1
3:      stop
        b       3b

        .org 0x500
        # External (to the hypervisor, HSRR0/1): record, acknowledge, reap, power off with 42.
        mfspr   r11,315         # HSRR1
        std     r11,0x7000(0)
        mfmsr   r11
        std     r11,0x7008(0)
        li      r11,1
        stw     r11,0x28(r4)    # IRQ_STATUS: write 1 to clear
        lwz     r11,0x28(r4)
        std     r11,0x7020(0)
        lwz     r11,0x24(r4)    # CQ_HEAD
        std     r11,0x7010(0)
        lis     r9,1
        lwz     r11,4(r9)       # descriptor status
        std     r11,0x7028(0)
        mfspr   r11,1023
        std     r11,0x7030(0)
        li      r7,42
        std     r7,8(r6)
4:      b       4b
