/* Per-thread architectural state kept by the kernel (Linux's struct thread_struct, reduced
 * to what this kernel models: kernel stack pointer, user regs, FP/VMX/VSX save areas). */
#ifndef _PROCESSOR_H
#define _PROCESSOR_H
#include "types.h"
#include "ptrace.h"

typedef struct { u32 u[4]; } __aligned(16) vector128;

/* FP state: VSR0-31 in full (doubleword 0 = FPR), then FPSCR. Linux: struct thread_fp_state */
struct thread_fp_state {
	u64 fpr[32][2] __aligned(16);
	u64 fpscr;
};

/* VMX state: VR0-31 (= VSR32-63), then VSCR in a quadword. Linux: struct thread_vr_state */
struct thread_vr_state {
	vector128 vr[32] __aligned(16);
	vector128 vscr;
};

struct thread_struct {
	u64 ksp;			/* kernel stack pointer saved by _switch */
	u64 ksp_top;			/* top of the kernel stack (entry from user starts here) */
	struct pt_regs *regs;		/* user register frame; NULL for kernel threads */
	struct thread_fp_state fp_state;
	struct thread_fp_state *fp_save_area;	/* Linux uses it for signal/TM; NULL here */
	struct thread_vr_state vr_state;
	struct thread_vr_state *vr_save_area;
	u64 fpexc_mode;			/* MSR FE0/FE1 to apply when FP is enabled */
	u8 load_fp;			/* eager-restore counters (restore_math) */
	u8 load_vec;
	u8 pad[6];
	u64 used_vr;
	u64 used_vsr;
};

#endif
