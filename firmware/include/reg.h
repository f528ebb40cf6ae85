/*
 * Register numbers and bits, shared by C and assembly. Bit values follow the Power ISA 3.0B
 * (Book III) with bit 63 the least significant; names follow Linux's asm/reg.h so a reader can
 * cross-reference, values are written from the ISA book.
 */
#ifndef _REG_H
#define _REG_H

#ifdef __ASSEMBLY__
#define ASM_CONST(x) x
#else
#define ASM_CONST(x) x##UL
#endif

/* Machine State Register (Book III 4.2.1) */
#define MSR_SF		ASM_CONST(0x8000000000000000)	/* 64-bit mode */
#define MSR_HV		ASM_CONST(0x1000000000000000)	/* hypervisor state */
#define MSR_VEC		ASM_CONST(0x0000000002000000)	/* VMX available */
#define MSR_VSX		ASM_CONST(0x0000000000800000)	/* VSX available */
#define MSR_EE		ASM_CONST(0x0000000000008000)	/* external/decrementer/doorbell enable */
#define MSR_PR		ASM_CONST(0x0000000000004000)	/* problem state */
#define MSR_FP		ASM_CONST(0x0000000000002000)	/* FP available */
#define MSR_ME		ASM_CONST(0x0000000000001000)	/* machine check enable */
#define MSR_FE0		ASM_CONST(0x0000000000000800)
#define MSR_SE		ASM_CONST(0x0000000000000400)
#define MSR_BE		ASM_CONST(0x0000000000000200)
#define MSR_FE1		ASM_CONST(0x0000000000000100)
#define MSR_IR		ASM_CONST(0x0000000000000020)	/* instruction relocation */
#define MSR_DR		ASM_CONST(0x0000000000000010)	/* data relocation */
#define MSR_RI		ASM_CONST(0x0000000000000002)	/* recoverable interrupt */
#define MSR_LE		ASM_CONST(0x0000000000000001)	/* little-endian */

/* The kernel runs in hypervisor state, little-endian; user tasks in problem state with
 * translation and EE on (Linux's MSR_KERNEL / MSR_USER64 on bare metal include MSR_HV). */
#define MSR_KERNEL_REAL	(MSR_SF | MSR_HV | MSR_ME | MSR_RI | MSR_LE)
#define MSR_KERNEL	(MSR_KERNEL_REAL | MSR_IR | MSR_DR)
#define MSR_USER	(MSR_KERNEL | MSR_PR | MSR_EE)

/* SRR1 bits set by interrupts (Book III 7.5) */
#define SRR1_ISI_NOPT		ASM_CONST(0x40000000)	/* ISI: no translation */
#define SRR1_ISI_N_G_OR_CIP	ASM_CONST(0x10000000)	/* ISI: no-execute, guarded or CI */
#define SRR1_ISI_PROT		ASM_CONST(0x08000000)	/* ISI: protection */
#define SRR1_PROGFPE		ASM_CONST(0x00100000)	/* program: FP enabled exception */
#define SRR1_PROGILL		ASM_CONST(0x00080000)	/* program: illegal instruction */
#define SRR1_PROGPRIV		ASM_CONST(0x00040000)	/* program: privileged instruction */
#define SRR1_PROGTRAP		ASM_CONST(0x00020000)	/* program: trap */
#define SRR1_WAKEMASK_P8	ASM_CONST(0x003c0000)

/* DSISR bits (Book III 6.5.? data storage interrupt) */
#define DSISR_NOHPTE		ASM_CONST(0x40000000)	/* no translation */
#define DSISR_PROTFAULT		ASM_CONST(0x08000000)	/* protection */
#define DSISR_ISSTORE		ASM_CONST(0x02000000)	/* access was a store */

/* Special purpose registers */
#define SPRN_XER	1
#define SPRN_LR		8
#define SPRN_CTR	9
#define SPRN_DSISR	18
#define SPRN_DAR	19
#define SPRN_DEC	22
#define SPRN_SRR0	26
#define SPRN_SRR1	27
#define SPRN_CFAR	28
#define SPRN_PID	48
#define SPRN_DPDES	176
#define SPRN_SPRG0	272
#define SPRN_SPRG1	273
#define SPRN_SPRG2	274
#define SPRN_SPRG3	275
#define SPRN_TBRL	268
#define SPRN_PVR	287
#define SPRN_HSPRG0	304
#define SPRN_HSPRG1	305
#define SPRN_HDSISR	306
#define SPRN_HDAR	307
#define SPRN_HDEC	310
#define SPRN_HRMOR	313
#define SPRN_HSRR0	314
#define SPRN_HSRR1	315
#define SPRN_LPCR	318
#define SPRN_LPID	319
#define SPRN_HEIR	339
#define SPRN_PTCR	464
#define SPRN_PSSCR	855
#define SPRN_HID0	1008
#define SPRN_PIR	1023

/* HID0 on POWER9: HILE (bit 4) makes interrupts taken in hypervisor state little-endian */
#define HID0_POWER9_HILE	ASM_CONST(0x0800000000000000)

/* LPCR (Book III 2.2) */
#define LPCR_ILE	ASM_CONST(0x0000000002000000)	/* non-HV interrupts little-endian */
#define LPCR_AIL	ASM_CONST(0x0000000001800000)	/* alternate interrupt location */
#define LPCR_UPRT	ASM_CONST(0x0000000000400000)	/* use process table */
#define LPCR_HR		ASM_CONST(0x0000000000100000)	/* host radix */
#define LPCR_LD		ASM_CONST(0x0000000000020000)	/* large decrementer */
#define LPCR_PECE	ASM_CONST(0x000000000001f000)	/* power-saving exit cause enables */
#define LPCR_PECE_HVEE	ASM_CONST(0x0000400000000000)
#define LPCR_MER	ASM_CONST(0x0000000000000800)
#define LPCR_HEIC	ASM_CONST(0x0000000000000010)
#define LPCR_LPES	ASM_CONST(0x0000000000000008)	/* external interrupts to the OS (0: to HV) */
#define LPCR_HVICE	ASM_CONST(0x0000000000000002)	/* hypervisor virtualization interrupts */
#define LPCR_HDICE	ASM_CONST(0x0000000000000001)	/* hypervisor decrementer interrupts */

/* msgsnd/msgclr message type (RB bits 32:36): 5 = server (hypervisor) doorbell */
#define PPC_DBELL_SERVER	5
#define PPC_DBELL_TYPE_SHIFT	27

/* Interrupt vectors (Book III 7.5) */
#define INT_SYSTEM_RESET	0x100
#define INT_MACHINE_CHECK	0x200
#define INT_DATA_STORAGE	0x300
#define INT_DATA_SEGMENT	0x380
#define INT_INST_STORAGE	0x400
#define INT_INST_SEGMENT	0x480
#define INT_EXTERNAL		0x500
#define INT_ALIGNMENT		0x600
#define INT_PROGRAM		0x700
#define INT_FP_UNAVAIL		0x800
#define INT_DECREMENTER		0x900
#define INT_HV_DECREMENTER	0x980
#define INT_DOORBELL		0xa00
#define INT_SYSCALL		0xc00
#define INT_TRACE		0xd00
#define INT_H_DATA_STORAGE	0xe00
#define INT_H_INST_STORAGE	0xe20
#define INT_H_EMU_ASSIST	0xe40
#define INT_HMI			0xe60
#define INT_H_DOORBELL		0xe80
#define INT_H_VIRT		0xea0
#define INT_PERFMON		0xf00
#define INT_ALTIVEC_UNAVAIL	0xf20
#define INT_VSX_UNAVAIL		0xf40
#define INT_FAC_UNAVAIL		0xf60
#define INT_H_FAC_UNAVAIL	0xf80

/* Address space: the kernel's linear map of real memory, as in Linux's radix layout */
#define KERNELBASE	ASM_CONST(0xc000000000000000)
#define IOREMAP_BASE	ASM_CONST(0xc00a000000000000)

#define THREAD_SIZE	16384		/* kernel stack per task */
#define NR_CPUS		16
#define STACK_FRAME_MIN_SIZE	32	/* ELFv2: back chain, CR, LR, TOC */
#define USER_REDZONE_SIZE	512	/* skipped below r1 for interrupts from kernel (ABI: 288) */

#endif
