/* The register frame saved on the kernel stack by every interrupt (Linux's struct pt_regs
 * layout on ppc64, same field order). */
#ifndef _PTRACE_H
#define _PTRACE_H
#include "types.h"

struct pt_regs {
	u64 gpr[32];
	u64 nip;	/* SRR0/HSRR0: where to resume */
	u64 msr;	/* SRR1/HSRR1: the interrupted MSR ("regs->msr") */
	u64 orig_gpr3;
	u64 ctr;
	u64 link;
	u64 xer;
	u64 ccr;
	u64 softe;
	u64 trap;	/* vector of the interrupt that built this frame */
	u64 dar;
	u64 dsisr;
	u64 result;
};

/* frame on the stack: ELFv2 minimum frame, then pt_regs */
#define INT_FRAME_SIZE (STACK_FRAME_MIN_SIZE + sizeof(struct pt_regs))

static inline bool user_mode(const struct pt_regs *regs) { return (regs->msr & 0x4000) != 0; }

#endif
