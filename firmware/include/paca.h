/* Per-CPU area reached through r13 (Linux's paca_struct), also held in HSPRG0 for interrupt
 * entry. The first block is read by assembly (offsets come from asm-offsets.c). */
#ifndef _PACA_H
#define _PACA_H
#include "types.h"
#include "sched.h"

struct paca_struct {
	/* scratch for interrupt entry (real mode, then virtual) */
	u64 ex_r10, ex_r11, ex_r12;
	u64 ex_srr0, ex_srr1;
	u64 ex_ccr;
	u64 kstack;		/* top of the current task's kernel stack */
	u64 kernel_toc;		/* r2 for kernel C code */
	u64 kmsr;		/* MSR the interrupt handlers run with */
	u64 exc_virt;		/* address of exc_common_virt */
	struct task_struct *__current;
	u32 cpu;		/* logical CPU number */
	u32 hw_cpu_id;		/* PIR */
	/* C-only below */
	struct task_struct *idle;
	u64 irq_count[16];	/* IRQ_STAT_* */	/* by vector class, see irq.c */
	u64 in_interrupt;
	u64 pending_probe;	/* device probe in progress: a machine check/DSI returns to fixup */
	u64 probe_fixup;
} __aligned(128);

extern struct paca_struct paca_array[NR_CPUS];

register struct paca_struct *local_paca __asm__("r13");

#define get_paca() local_paca
#define current (local_paca->__current)
#define smp_processor_id() ((int)local_paca->cpu)

#endif
