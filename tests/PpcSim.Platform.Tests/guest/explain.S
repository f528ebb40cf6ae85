# Guest for the recorder tests: the f0/vs0 clobber in miniature, in hypervisor real mode.
# Thread 0 enables FP/VEC/VSX/EE, splats a pointer into vs0 (xxspltd) and stores vs0 into a
# buffer at 0x20000 over and over while thread 1 (PIR 4) sends it a hypervisor doorbell
# (sync; msgsnd). The 0xE80 handler saves vs0 to a slot, stores FPSCR through f0 as Linux 6.6's
# save_fpu does (mffs f0; stfd f0) and returns with hrfid: HSRR1 still has FP|VEC|VSX, so
# thread 0 resumes with FPSCR in vs0 unless the fix flag (0x7400, set by the test) makes the
# handler reload vs0 from its slot (commit 5e1d824f9a28). Thread 0 then DMAs the buffer to disk
# sector 0 through the block device and powers off with 42.
#include "boot.inc"
        ori     r4,r6,0x1000    # r4 = block device
        b       main

        .org 0xe80
        b       doorbell_handler

        .org 0x1000
doorbell_handler:
        mfmsr   r20
        ori     r20,r20,0x2000  # MSR[FP] for the kernel's own use
        oris    r20,r20,0x0080  # MSR[VSX]
        mtmsrd  r20
        isync
        li      r22,0x7500
        stxvd2x vs0,0,r22       # save slot 0
        mffs    f0              # FPSCR through f0: vs0 = FPSCR
        stfd    f0,0x7300(0)    # the FPSCR slot
        ld      r21,0x7400(0)
        cmpdi   r21,0
        beq     1f
        lxvd2x  vs0,0,r22       # the fix: reload vs0 from slot 0
1:      ld      r21,0x7200(0)
        addi    r21,r21,1
        std     r21,0x7200(0)   # doorbells taken
        hrfid

main:
        mfspr   r3,1023         # PIR
        cmpdi   r3,0
        bne     secondary
        mfmsr   r9
        lis     r10,0x0280      # MSR[VEC] | MSR[VSX]
        or      r9,r9,r10
        ori     r9,r9,0xa000    # MSR[FP] | MSR[EE]
        mtmsrd  r9
        isync
        lis     r11,0x8200      # FPSCR = 0x82004000 (FX, XX, FG): a recognisable clobber
        ori     r11,r11,0x4000
        clrldi  r11,r11,32
        mtvsrd  vs1,r11
        mtfsf   0xff,f1
        li      r10,0x7fff      # P = 0x00007fff80010010, splatted into vs0
        sldi    r10,r10,32
        oris    r10,r10,0x8001
        ori     r10,r10,0x0010
        mtvsrd  vs0,r10
        xxspltd vs0,vs0,0
        lis     r12,2           # buffer at 0x20000
        li      r8,1
        std     r8,0x7100(0)    # thread 1: send the doorbell now
        li      r7,4000
        mtctr   r7
2:      stxvd2x vs0,0,r12       # the interrupted loop: vs0 is live across the doorbell
        bdnz    2b
        li      r9,16
        stxvd2x vs0,r9,r12
        ld      r14,0(r12)
        std     r14,0x1000(r12) # a copy (memcpy's ld/std) of the first doubleword to 0x21000
        # One write descriptor at 0x10000: disk sector 0 <- 4096 bytes at 0x20000.
        lis     r9,1
        li      r11,2
        stw     r11,0(r9)
        li      r11,0
        stw     r11,4(r9)
        std     r11,8(r9)
        std     r12,16(r9)
        li      r11,4096
        stw     r11,24(r9)
        std     r9,0x10(r4)     # RING_BASE
        li      r11,4
        stw     r11,0x18(r4)    # RING_SIZE
        sync
        li      r11,1
        stw     r11,0x20(r4)    # SQ_TAIL: doorbell
3:      lwz     r11,0x24(r4)    # poll CQ_HEAD
        cmpdi   r11,1
        bne     3b
        li      r7,42
        std     r7,8(r6)
4:      b       4b

secondary:
5:      ld      r8,0x7100(0)
        cmpdi   r8,0
        beq     5b
        li      r7,300
        mtctr   r7
6:      bdnz    6b
        sync
        li      r9,5
        sldi    r9,r9,27        # message type 5 (server doorbell), target PIR 0
        msgsnd  r9
7:      b       7b
