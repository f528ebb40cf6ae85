# The interrupt table guest (issue 4): on one thread, provokes each interrupt in turn and prints
# ONE line per case from the handler:
#   NAME: vec=0xV srr0=R srr1=0xX hsrr0=R hsrr1=0xX msr=0xM [dar=0xD dsisr=0xS] [heir=0xH]
# R is "+0xN"/"-0xN" relative to the case's provoking instruction (r26) when within 0x100 of it,
# otherwise the absolute value. Before each case all four save registers are zeroed, so the pair
# the interrupt did not use shows 0 (or, for problem-state cases, the values of the rfid/hrfid
# that entered problem state: a case enters through the OTHER pair than the one its interrupt
# uses). msr is MSR as read by the first instruction of the vector. The same image runs on
# QEMU powernv9 and on PpcSim; InterruptTableTests compares the lines.
#
# Problem-state cases run with MSR = SF|HV|PR|EE|ME|IR|DR|RI|LE (Linux's PowerNV user MSR keeps
# HV) under a minimal radix map (ISA 3.0B Book III 5.7): PTCR -> partition table at 0x10000 ->
# process table at 0x11000 (PID 0) -> 52-bit tree, root (13 bits) at 0x20000, level 1 (9 bits) at
# 0x12000 whose entries are 1 GB leaves, all mapping physical 0:
#   EA 0x00000000  user read/write/execute
#   EA 0x40000000  user read-only, no execute
#   EA 0x80000000  privileged read/write/execute
#   EA 0xC0000000  not mapped
#
# Registers: r5 UART, r6 simulator control (boot.inc), never changed. A case sets r27 = name,
# r26 = provoking instruction, r25 = continuation, r24 = flags (1: print DAR and DSISR, 2: DAR
# only, 4: HEIR). The handler uses r17-r23, r28-r31; the print routines r3, r4, r7-r11.
#include "boot.inc"
        b       main

        .set    MSR_BASE, 0x9000000000001003    # SF HV ME RI LE: hypervisor real mode
        .set    MSR_USER, 0x900000000000D033    # SF HV EE PR ME IR DR RI LE: problem state
        .set    LPCR_BASE, 0x0000000002500000   # ILE UPRT HR (radix host), AIL=0, LPES=0, no HDICE
        .set    LPCR_HDICE, 1
        .set    LPCR_DEE, 0x2000                # PECE1: the decrementer ends a power-saving stop
        .set    PSSCR_ESL_EC, 0x300000          # PSSCR[42] ESL, [43] EC: stop exits by System Reset

        .macro  LI64 reg, val
        lis     \reg,(((\val)>>48)&0xffff)
        ori     \reg,\reg,(((\val)>>32)&0xffff)
        sldi    \reg,\reg,32
        oris    \reg,\reg,(((\val)>>16)&0xffff)
        ori     \reg,\reg,((\val)&0xffff)
        .endm

        .macro  LA reg, sym
        lis     \reg,\sym@ha
        addi    \reg,\reg,\sym@l
        .endm

        # Print a string literal (label 9 is reserved for this macro).
        .macro  PUTS str
        bl      9f
        .asciz  "\str"
        .balign 4
9:      mflr    r3
        bl      puts
        .endm

        # Interrupt vectors: read MSR first, note the vector, go to the common handler.
        .macro  VEC v
        .org    \v
        mfmsr   r30
        li      r31,\v
        b       handler
        .endm
        VEC     0x100
        VEC     0x200
        VEC     0x300
        VEC     0x380
        VEC     0x400
        VEC     0x480
        VEC     0x500
        VEC     0x600
        VEC     0x700
        VEC     0x800
        VEC     0x900
        VEC     0x980
        VEC     0xa00
        VEC     0xb00
        VEC     0xc00
        VEC     0xd00
        VEC     0xe00
        VEC     0xe20
        VEC     0xe40
        VEC     0xe60
        VEC     0xe80
        VEC     0xea0
        VEC     0xf00
        VEC     0xf20
        VEC     0xf40
        VEC     0xf60
        VEC     0xf80

        # Flags patched by the test for QEMU (see InterruptTableTests): bit 0 = skip the directed
        # privileged doorbell cases (QEMU 7.2 aborts: "SDOOR exception not implemented").
        .org    0xff8
flags:  .quad   0

        .org    0x1000
handler:
        mfsrr0  r20
        mfsrr1  r21
        mfspr   r22,314         # HSRR0
        mfspr   r23,315         # HSRR1
        mfspr   r17,19          # DAR
        mfspr   r18,18          # DSISR
        mfspr   r19,339         # HEIR
        mr      r3,r27
        bl      puts
        PUTS    ": vec=0x"
        mr      r3,r31
        bl      puthex
        PUTS    " srr0="
        mr      r3,r20
        bl      putrel
        PUTS    " srr1=0x"
        mr      r3,r21
        bl      puthex16
        PUTS    " hsrr0="
        mr      r3,r22
        bl      putrel
        PUTS    " hsrr1=0x"
        mr      r3,r23
        bl      puthex16
        PUTS    " msr=0x"
        mr      r3,r30
        bl      puthex16
        andi.   r9,r24,3
        beq     1f
        PUTS    " dar=0x"
        mr      r3,r17
        bl      puthex16
        andi.   r9,r24,1
        beq     1f
        PUTS    " dsisr=0x"
        mr      r3,r18
        bl      puthex
1:      andi.   r9,r24,4
        beq     2f
        PUTS    " heir=0x"
        mr      r3,r19
        bl      puthex
2:      li      r9,10
        stb     r9,0(r5)
        mtctr   r25
        bctr

# puts: r3 = NUL-terminated string.
puts:   lbz     r9,0(r3)
        cmpwi   r9,0
        beqlr
        stb     r9,0(r5)
        addi    r3,r3,1
        b       puts

# puthex16: r3 as 16 hex digits.
puthex16:
        li      r8,16
        mtctr   r8
1:      rotldi  r3,r3,4
        andi.   r9,r3,15
        addi    r9,r9,'0'
        cmpwi   r9,'9'
        ble     2f
        addi    r9,r9,39
2:      stb     r9,0(r5)
        bdnz    1b
        blr

# puthex: r3 in hex without leading zeros.
puthex:
        li      r8,16
        mtctr   r8
        li      r10,0           # a digit was printed
1:      rotldi  r3,r3,4
        andi.   r9,r3,15
        or      r10,r10,r9
        mfctr   r11
        cmpdi   r11,1
        beq     2f              # always print the last digit
        cmpdi   r10,0
        beq     3f
2:      addi    r9,r9,'0'
        cmpwi   r9,'9'
        ble     4f
        addi    r9,r9,39
4:      stb     r9,0(r5)
3:      bdnz    1b
        blr

# putrel: r3 relative to r26 ("+0xN"/"-0xN") if within 0x100, else "0x" and 16 digits.
putrel:
        subf    r10,r26,r3
        addi    r11,r10,0x100
        cmpldi  r11,0x200
        bge     2f
        li      r9,'+'
        cmpdi   r10,0
        bge     1f
        li      r9,'-'
        neg     r10,r10
1:      stb     r9,0(r5)
        li      r9,'0'
        stb     r9,0(r5)
        li      r9,'x'
        stb     r9,0(r5)
        mr      r3,r10
        b       puthex
2:      li      r9,'0'
        stb     r9,0(r5)
        li      r9,'x'
        stb     r9,0(r5)
        b       puthex16

# reset_state: hypervisor real mode with MSR_BASE, LPCR_BASE, DEC/HDEC far positive, no
# doorbells pending, save registers and DAR/DSISR/HEIR zero.
reset_state:
        LI64    r9,MSR_BASE
        mtmsrd  r9,0
        LI64    r9,LPCR_BASE
        mtspr   318,r9
        li      r9,0
        mtspr   48,r9           # PIDR
        mtspr   319,r9          # LPIDR
        lis     r9,0x7fff
        ori     r9,r9,0xffff
        mtspr   22,r9           # DEC
        mtspr   310,r9          # HDEC
        li      r9,5
        sldi    r9,r9,27        # message type 5 (server doorbell)
        msgclr  r9
        msgclrp r9
        li      r9,0
        mtsrr0  r9
        mtsrr1  r9
        mtspr   314,r9
        mtspr   315,r9
        mtspr   19,r9
        mtspr   18,r9
        mtspr   339,r9
        mtspr   855,r9          # PSSCR
        isync
        blr

# spin: about 20000 iterations, so a doorbell sent to this thread has arrived.
spin:   lis     r9,0
        ori     r9,r9,20000
        mtctr   r9
1:      bdnz    1b
        blr

# ---- case macros ----
        # CASE name, flags: set up r24-r27 for the case whose provoking instruction is .Lp_name.
        .macro  CASE name, flags=0
        bl      reset_state
        bl      .Ls_\name
        .asciz  "\name"
        .balign 4
.Ls_\name:
        mflr    r27
        li      r24,\flags
        LA      r25,.Lc_\name
        LA      r26,.Lp_\name
        .endm
        # AT name: the provoking instruction follows.
        .macro  AT name
.Lp_\name:
        .endm
        # DONE name: not reached when the case interrupts (an illegal instruction otherwise).
        .macro  DONE name
        .long   0x00001234
.Lc_\name:
        .endm
        # Enter problem state at .Lp_name through SRR0/1 (rfid) or HSRR0/1 (hrfid).
        .macro  USER_RFID name
        LA      r9,.Lp_\name
        mtsrr0  r9
        LI64    r9,MSR_USER
        mtsrr1  r9
        rfid
        .endm
        .macro  USER_HRFID name
        LA      r9,.Lp_\name
        mtspr   314,r9
        LI64    r9,MSR_USER
        mtspr   315,r9
        hrfid
        .endm

main:
        # A known MSR (ME included: the reset MSR differs between platforms) through rfid.
        LA      r9,1f
        mtsrr0  r9
        LI64    r9,MSR_BASE
        mtsrr1  r9
        rfid
1:
        # Radix tables (big-endian doublewords, hence stdbrx): zero 0x10000-0x12fff and the root.
        li      r0,0
        lis     r9,1
        li      r10,0x600       # 0x3000 / 8
        mtctr   r10
1:      std     r0,0(r9)
        addi    r9,r9,8
        bdnz    1b
        lis     r9,2
        li      r10,0x2000      # 0x10000 / 8
        mtctr   r10
1:      std     r0,0(r9)
        addi    r9,r9,8
        bdnz    1b
        # Partition table entry 0: dw0 = HR | RTS 52 bits | tree 0x20000 | RPDS 13 (validated by
        # QEMU even though the hypervisor's own translation is process-scoped only); dw1 =
        # process table 0x11000, 4 KB.
        lis     r9,1
        LI64    r10,0xC0000000000200AD
        stdbrx  r10,0,r9
        addi    r9,r9,8
        LI64    r10,0x11000
        stdbrx  r10,0,r9
        # Process table entry 0 (PID 0): RTS 52 bits, root 0x20000, 13 bits.
        lis     r9,1
        ori     r9,r9,0x1000
        LI64    r10,0x40000000000200AD
        stdbrx  r10,0,r9
        # Root entry 0 -> level 1 table at 0x12000 (9 bits).
        lis     r9,2
        LI64    r10,0x8000000000012009
        stdbrx  r10,0,r9
        # Level 1 leaves (1 GB): V L R C, EAA = P(8) R(4) RW(2) X(1).
        lis     r9,1
        ori     r9,r9,0x2000
        LI64    r10,0xC000000000000187          # EA 0: user RWX
        stdbrx  r10,0,r9
        addi    r9,r9,8
        LI64    r10,0xC000000000000184          # EA 1 GB: user read-only, no execute
        stdbrx  r10,0,r9
        addi    r9,r9,8
        LI64    r10,0xC00000000000018F          # EA 2 GB: privileged RWX
        stdbrx  r10,0,r9
        ptesync
        lis     r9,1
        mtspr   464,r9          # PTCR = 0x10000, PATS 0 (4 KB)
        isync

        PUTS    "irqtable: start\n"

# ================= hypervisor state (MSR_BASE: HV=1 PR=0, real mode) =================
        CASE    sc_hv
        AT      sc_hv
        sc
        DONE    sc_hv

        CASE    sc1_hv
        AT      sc1_hv
        sc      1
        DONE    sc1_hv

        CASE    trap_tw_hv
        AT      trap_tw_hv
        tw      31,r0,r0
        DONE    trap_tw_hv

        CASE    trap_td_hv
        li      r3,7
        AT      trap_td_hv
        td      4,r3,r3
        DONE    trap_td_hv

        CASE    illegal_hv,4
        AT      illegal_hv
        .long   0x00001234
        DONE    illegal_hv

        CASE    fp_unavail_hv
        AT      fp_unavail_hv
        fadd    f0,f0,f0
        DONE    fp_unavail_hv

        CASE    vmx_unavail_hv
        AT      vmx_unavail_hv
        vaddubm v0,v0,v0
        DONE    vmx_unavail_hv

        CASE    vsx_unavail_hv
        AT      vsx_unavail_hv
        xxlor   vs0,vs0,vs0
        DONE    vsx_unavail_hv

        CASE    align_lwarx_hv,2
        li      r4,0x7001
        AT      align_lwarx_hv
        lwarx   r3,0,r4
        DONE    align_lwarx_hv

        CASE    align_lmw_le_hv
        li      r4,0x7000
        AT      align_lmw_le_hv
        .long   0xbb840000      # lmw r28,0(r4) (gas refuses lmw when little-endian)
        DONE    align_lmw_le_hv

        # Data relocation on (DR=1, IR=0) in hypervisor state.
        CASE    dsi_load_unmapped_hv,1
        LI64    r9,(MSR_BASE|0x10)
        mtmsrd  r9,0
        lis     r4,0xc000
        rldicl  r4,r4,0,32      # 0x00000000c0000000
        AT      dsi_load_unmapped_hv
        ld      r3,0(r4)
        DONE    dsi_load_unmapped_hv

        CASE    dsi_store_readonly_hv,1
        LI64    r9,(MSR_BASE|0x10)
        mtmsrd  r9,0
        lis     r4,0x4000
        ori     r4,r4,0x7000
        AT      dsi_store_readonly_hv
        std     r3,0(r4)
        DONE    dsi_store_readonly_hv

        # Asynchronous: the exception exists with EE=0; mtmsrd L=1 sets EE and the interrupt
        # is taken before the next instruction.
        CASE    dec_hv
        li      r9,-1
        mtspr   22,r9
        li      r9,0
        ori     r9,r9,0x8002    # EE and RI (mtmsrd L=1 moves both)
        mtmsrd  r9,1
        AT      dec_hv
        nop
        DONE    dec_hv

        CASE    hdec_hv
        li      r9,-1
        mtspr   310,r9
        LI64    r9,(LPCR_BASE|LPCR_HDICE)
        mtspr   318,r9
        isync
        li      r9,0
        ori     r9,r9,0x8002    # EE and RI (mtmsrd L=1 moves both)
        mtmsrd  r9,1
        AT      hdec_hv
        nop
        DONE    hdec_hv

        CASE    hdoorbell_hv
        mfspr   r4,1023         # PIR: msgsnd to this thread
        li      r9,5
        sldi    r9,r9,27
        or      r4,r4,r9
        sync
        msgsnd  r4
        bl      spin
        li      r9,0
        ori     r9,r9,0x8002    # EE and RI (mtmsrd L=1 moves both)
        mtmsrd  r9,1
        AT      hdoorbell_hv
        nop
        DONE    hdoorbell_hv

        CASE    pdoorbell_hv
        ld      r9,flags@l(0)
        andi.   r9,r9,1
        bne     .Lskip_pdoorbell_hv
        li      r4,5
        sldi    r4,r4,27        # thread 0 of this core
        msgsndp r4
        bl      spin
        li      r9,0
        ori     r9,r9,0x8002    # EE and RI (mtmsrd L=1 moves both)
        mtmsrd  r9,1
        AT      pdoorbell_hv
        nop
        DONE    pdoorbell_hv
        b       .Lnext_pdoorbell_hv
.Lskip_pdoorbell_hv:
        mr      r3,r27
        bl      puts
        PUTS    ": skipped\n"
.Lnext_pdoorbell_hv:

        # System Reset as the exit from a power-saving stop with PSSCR[EC]=1 (the only System
        # Reset a guest can cause itself): woken by the decrementer (LPCR[PECE1]), EE=0.
        CASE    sreset_stop_dec_hv
        LI64    r9,(LPCR_BASE|LPCR_DEE)
        mtspr   318,r9
        lis     r9,PSSCR_ESL_EC@h
        mtspr   855,r9
        li      r9,1000
        mtspr   22,r9           # DEC: 1000 ticks
        isync
        stop
        AT      sreset_stop_dec_hv
        nop
        DONE    sreset_stop_dec_hv

# ================= problem state (MSR_USER: HV=1 PR=1 IR=DR=1 EE=1) =================
        # Entered through the pair the interrupt does not use (SRR for HSRR interrupts, HSRR
        # for SRR interrupts).
        CASE    sc_pr
        USER_HRFID sc_pr
        AT      sc_pr
        sc
        DONE    sc_pr

        CASE    sc1_pr
        USER_HRFID sc1_pr
        AT      sc1_pr
        sc      1
        DONE    sc1_pr

        CASE    trap_tw_pr
        USER_HRFID trap_tw_pr
        AT      trap_tw_pr
        tw      31,r0,r0
        DONE    trap_tw_pr

        CASE    priv_mfmsr_pr
        USER_HRFID priv_mfmsr_pr
        AT      priv_mfmsr_pr
        mfmsr   r3
        DONE    priv_mfmsr_pr

        CASE    priv_mfspr_lpcr_pr
        USER_HRFID priv_mfspr_lpcr_pr
        AT      priv_mfspr_lpcr_pr
        mfspr   r3,318
        DONE    priv_mfspr_lpcr_pr

        CASE    priv_hrfid_pr
        USER_HRFID priv_hrfid_pr
        AT      priv_hrfid_pr
        hrfid
        DONE    priv_hrfid_pr

        CASE    illegal_pr,4
        USER_RFID illegal_pr
        AT      illegal_pr
        .long   0x00001234
        DONE    illegal_pr

        CASE    fp_unavail_pr
        USER_HRFID fp_unavail_pr
        AT      fp_unavail_pr
        fadd    f0,f0,f0
        DONE    fp_unavail_pr

        CASE    vmx_unavail_pr
        USER_HRFID vmx_unavail_pr
        AT      vmx_unavail_pr
        vaddubm v0,v0,v0
        DONE    vmx_unavail_pr

        CASE    vsx_unavail_pr
        USER_HRFID vsx_unavail_pr
        AT      vsx_unavail_pr
        xxlor   vs0,vs0,vs0
        DONE    vsx_unavail_pr

        CASE    align_lwarx_pr,2
        li      r4,0x7001
        USER_HRFID align_lwarx_pr
        AT      align_lwarx_pr
        lwarx   r3,0,r4
        DONE    align_lwarx_pr

        CASE    dsi_load_unmapped_pr,1
        lis     r4,0xc000
        rldicl  r4,r4,0,32
        USER_HRFID dsi_load_unmapped_pr
        AT      dsi_load_unmapped_pr
        ld      r3,0(r4)
        DONE    dsi_load_unmapped_pr

        CASE    dsi_load_privileged_pr,1
        lis     r4,0x8000
        rldicl  r4,r4,0,32
        ori     r4,r4,0x7000
        USER_HRFID dsi_load_privileged_pr
        AT      dsi_load_privileged_pr
        ld      r3,0(r4)
        DONE    dsi_load_privileged_pr

        CASE    dsi_store_readonly_pr,1
        lis     r4,0x4000
        ori     r4,r4,0x7000
        USER_HRFID dsi_store_readonly_pr
        AT      dsi_store_readonly_pr
        std     r3,0(r4)
        DONE    dsi_store_readonly_pr

        # Beyond the 52 bits the radix tree translates: Segment interrupts, not storage interrupts.
        CASE    dseg_load_beyond_tree_pr,2
        li      r4,1
        sldi    r4,r4,52        # 0x0010000000000000: quadrant 0, outside RTS = 52 bits
        USER_HRFID dseg_load_beyond_tree_pr
        AT      dseg_load_beyond_tree_pr
        ld      r3,0(r4)
        DONE    dseg_load_beyond_tree_pr

        CASE    iseg_beyond_tree_pr
        li      r26,1
        sldi    r26,r26,52
        mtspr   314,r26
        LI64    r9,MSR_USER
        mtspr   315,r9
        hrfid
        AT      iseg_beyond_tree_pr
        DONE    iseg_beyond_tree_pr

        # Instruction fetch faults: problem state is entered AT the faulting address.
        CASE    isi_unmapped_pr
        lis     r26,0xc000
        rldicl  r26,r26,0,32
        mtspr   314,r26
        LI64    r9,MSR_USER
        mtspr   315,r9
        hrfid
        AT      isi_unmapped_pr
        DONE    isi_unmapped_pr

        CASE    isi_noexec_pr
        LA      r26,.Lp_isi_noexec_pr
        oris    r26,r26,0x4000  # the same code through the read-only, no-execute mapping
        mtspr   314,r26
        LI64    r9,MSR_USER
        mtspr   315,r9
        hrfid
        AT      isi_noexec_pr
        nop
        DONE    isi_noexec_pr

        CASE    isi_privileged_pr
        LA      r26,.Lp_isi_privileged_pr
        oris    r26,r26,0x8000
        rldicl  r26,r26,0,32    # through the privileged mapping at 2 GB
        mtspr   314,r26
        LI64    r9,MSR_USER
        mtspr   315,r9
        hrfid
        AT      isi_privileged_pr
        nop
        DONE    isi_privileged_pr

        # Asynchronous exceptions already present when rfid/hrfid turns EE on in problem state:
        # taken before the first problem-state instruction.
        CASE    dec_pr
        li      r9,-1
        mtspr   22,r9
        USER_HRFID dec_pr
        AT      dec_pr
        b       .
        DONE    dec_pr

        CASE    hdec_pr
        li      r9,-1
        mtspr   310,r9
        LI64    r9,(LPCR_BASE|LPCR_HDICE)
        mtspr   318,r9
        isync
        USER_RFID hdec_pr
        AT      hdec_pr
        b       .
        DONE    hdec_pr

        CASE    hdoorbell_pr
        mfspr   r4,1023
        li      r9,5
        sldi    r9,r9,27
        or      r4,r4,r9
        sync
        msgsnd  r4
        bl      spin
        USER_RFID hdoorbell_pr
        AT      hdoorbell_pr
        b       .
        DONE    hdoorbell_pr

        CASE    pdoorbell_pr
        ld      r9,flags@l(0)
        andi.   r9,r9,1
        bne     .Lskip_pdoorbell_pr
        li      r4,5
        sldi    r4,r4,27
        msgsndp r4
        bl      spin
        USER_HRFID pdoorbell_pr
        AT      pdoorbell_pr
        b       .
        DONE    pdoorbell_pr
        b       .Lnext_pdoorbell_pr
.Lskip_pdoorbell_pr:
        mr      r3,r27
        bl      puts
        PUTS    ": skipped\n"
.Lnext_pdoorbell_pr:

        bl      reset_state
        PUTS    "irqtable: done\n"
        li      r7,0
        std     r7,8(r6)        # PpcSim: power off (QEMU is stopped by the test at the line above)
1:      b       1b
