/* Small assembly helpers. */
#include "ppc_asm.h"
#include "asm-offsets.h"

	.abiversion 2
	.section .text, "ax"

/* __enable_mmu_and_jump(target, msr): rfid to target with the given MSR (translation on).
 * The stack and r13 are valid in both modes (0xc... addresses, top bits ignored in real mode). */
_GLOBAL(__enable_mmu_and_jump)
	mtspr	SPRN_SRR0, r3
	mtspr	SPRN_SRR1, r4
	mr	r12, r3
	rfid
_END(__enable_mmu_and_jump)

/* probe_ld(ea, *value): a load that survives a machine check or storage interrupt (the
 * handler resumes at the fixup address in the paca). Returns 0, or -1 after a fault. */
_GLOBAL(probe_ld)
	LOAD_REG_IMM r5, 1f
	std	r5, PACA_PROBE_FIXUP(r13)
	sync
	ld	r6, 0(r3)
	twi	0, r6, 0
	isync
	std	r6, 0(r4)
	li	r5, 0
	std	r5, PACA_PROBE_FIXUP(r13)
	li	r3, 0
	blr
1:	li	r5, 0
	std	r5, PACA_PROBE_FIXUP(r13)
	li	r3, -1
	blr
_END(probe_ld)

_GLOBAL(get_toc)
	mr	r3, r2
	blr
_END(get_toc)
