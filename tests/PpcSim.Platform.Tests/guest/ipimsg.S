# Reschedule-message experiment (bug-anatomy.md sections 3 and 5): thread 0 stores a message word
# and sends a hypervisor doorbell to thread 1, with or without a sync in between (the word at
# MODE, patched by the test: 1 = sync). Thread 1's 0xE80 handler does msgsync; lwsync and reads
# the message word: a value older than the round it is answering is a lost (late) message.
# Thread 1 keeps running (a spin loop, like a user thread) while it waits for doorbells.
#include "boot.inc"
        .set    MODE,  0x2000   # 0: no sync before msgsnd, 1: sync
        .set    MSG,   0x5000   # message word (round number)
        .set    ACK,   0x6000   # last round thread 1 answered
        .set    STALE, 0x7000   # rounds where thread 1 read an older message word
        .set    ROUNDS, 40
        mfspr   r3,1023         # PIR
        cmpdi   r3,0
        bne     receiver
        lwz     r20,MODE(0)
        li      r4,5            # doorbell to PIR 4: message type 5 in RB[32:36]
        sldi    r4,r4,27
        ori     r4,r4,4
        li      r21,0
1:      addi    r21,r21,1
        stw     r21,MSG(0)
        cmpwi   r20,0
        beq     2f
        sync
2:      msgsnd  r4
3:      lwz     r7,ACK(0)       # wait for the answer to this round
        cmpw    r7,r21
        bne     3b
        cmpwi   r21,ROUNDS
        blt     1b
        li      r7,0
        std     r7,8(r6)        # power off, status 0
4:      b       4b

receiver:
        li      r23,0           # rounds answered
        li      r8,0
        ori     r8,r8,0x8000    # MSR[EE]
        mfmsr   r9
        or      r9,r9,r8
        mtmsrd  r9,1
5:      b       5b

        .org 0xe80
        msgsync
        lwsync
        lwz     r8,MSG(0)
        addi    r23,r23,1
        cmpw    r8,r23
        beq     6f
        lwz     r9,STALE(0)
        addi    r9,r9,1
        stw     r9,STALE(0)
6:      stw     r23,ACK(0)
        hrfid

        .org MODE
        .long   0
