/* Inline access to special registers and barriers (C only). */
#ifndef _PPC_H
#define _PPC_H
#include "types.h"
#include "reg.h"

#define mfspr(n) ({ u64 __v; __asm__ __volatile__("mfspr %0, %1" : "=r"(__v) : "i"(n)); __v; })
#define mtspr(n, v) __asm__ __volatile__("mtspr %0, %1" :: "i"(n), "r"((u64)(v)) : "memory")

static inline u64 mfmsr(void)
{
	u64 v;
	__asm__ __volatile__("mfmsr %0" : "=r"(v));
	return v;
}

/* mtmsrd L=0 writes the whole MSR; isync makes FP/VEC/VSX/IR/DR changes take effect. */
static inline void mtmsr_isync(u64 v)
{
	__asm__ __volatile__("mtmsrd %0; isync" :: "r"(v) : "memory");
}

static inline u64 mftb(void)
{
	u64 v;
	__asm__ __volatile__("mftb %0" : "=r"(v));
	return v;
}

/* Barriers as Linux defines them on ppc64 (asm/barrier.h) */
#define mb()		__asm__ __volatile__("sync" ::: "memory")
#define rmb()		__asm__ __volatile__("sync" ::: "memory")
#define wmb()		__asm__ __volatile__("sync" ::: "memory")
#define smp_mb()	__asm__ __volatile__("sync" ::: "memory")
#define smp_rmb()	__asm__ __volatile__("lwsync" ::: "memory")
#define smp_wmb()	__asm__ __volatile__("lwsync" ::: "memory")
#define isync()		__asm__ __volatile__("isync" ::: "memory")
#define eieio()		__asm__ __volatile__("eieio" ::: "memory")
#define cpu_relax()	__asm__ __volatile__("or 1,1,1; or 2,2,2" ::: "memory")

/* Hard interrupt enable/disable with mtmsrd L=1 (only EE and RI change). Linux soft-masks;
 * this kernel masks for real, so an IPI to a CPU inside the kernel waits for the next
 * enable point, as a hard-disabled Linux CPU would. */
static inline void __hard_irq_enable(void)
{
	__asm__ __volatile__("mtmsrd %0, 1" :: "r"(MSR_EE | MSR_RI) : "memory");
}
static inline void __hard_irq_disable(void)
{
	__asm__ __volatile__("mtmsrd %0, 1" :: "r"(MSR_RI) : "memory");
}
static inline u64 arch_local_irq_save(void)
{
	u64 msr = mfmsr();
	__hard_irq_disable();
	return msr & MSR_EE;
}
static inline void arch_local_irq_restore(u64 flags)
{
	if (flags & MSR_EE)
		__hard_irq_enable();
}
static inline bool irqs_disabled(void) { return !(mfmsr() & MSR_EE); }
#define local_irq_save(f)	do { (f) = arch_local_irq_save(); } while (0)
#define local_irq_restore(f)	arch_local_irq_restore(f)
#define local_irq_enable()	__hard_irq_enable()
#define local_irq_disable()	__hard_irq_disable()
#define hard_irq_disable()	__hard_irq_disable()

/* Real-mode (MSR[DR]=0) cache-inhibited accesses: hypervisor-privileged, Book III 4.4.? */
static inline void stbcix(u64 pa, u8 v) { __asm__ __volatile__("stbcix %0,0,%1" :: "r"(v), "r"(pa) : "memory"); }
static inline u8 lbzcix(u64 pa) { u64 v; __asm__ __volatile__("lbzcix %0,0,%1" : "=r"(v) : "r"(pa) : "memory"); return (u8)v; }
static inline void stwcix(u64 pa, u32 v) { __asm__ __volatile__("stwcix %0,0,%1" :: "r"(v), "r"(pa) : "memory"); }
static inline u32 lwzcix(u64 pa) { u64 v; __asm__ __volatile__("lwzcix %0,0,%1" : "=r"(v) : "r"(pa) : "memory"); return (u32)v; }
static inline void stdcix(u64 pa, u64 v) { __asm__ __volatile__("stdcix %0,0,%1" :: "r"(v), "r"(pa) : "memory"); }
static inline u64 ldcix(u64 pa) { u64 v; __asm__ __volatile__("ldcix %0,0,%1" : "=r"(v) : "r"(pa) : "memory"); return v; }

/* MMIO through a cache-inhibited mapping (the barriers of Linux's in_8/out_8: sync before,
 * twi;isync after a load so the value is consumed before later accesses) */
static inline void out_8(volatile void *a, u8 v) { __asm__ __volatile__("sync; stb %0,0(%1)" :: "r"(v), "b"(a) : "memory"); }
static inline u8 in_8(const volatile void *a)
{
	u64 v;
	__asm__ __volatile__("sync; lbz %0,0(%1); twi 0,%0,0; isync" : "=r"(v) : "b"(a) : "memory");
	return (u8)v;
}
static inline void out_le32(volatile void *a, u32 v) { __asm__ __volatile__("sync; stw %0,0(%1)" :: "r"(v), "b"(a) : "memory"); }
static inline u32 in_le32(const volatile void *a)
{
	u64 v;
	__asm__ __volatile__("sync; lwz %0,0(%1); twi 0,%0,0; isync" : "=r"(v) : "b"(a) : "memory");
	return (u32)v;
}
static inline void out_le64(volatile void *a, u64 v) { __asm__ __volatile__("sync; std %0,0(%1)" :: "r"(v), "b"(a) : "memory"); }
static inline u64 in_le64(const volatile void *a)
{
	u64 v;
	__asm__ __volatile__("sync; ld %0,0(%1); twi 0,%0,0; isync" : "=r"(v) : "b"(a) : "memory");
	return v;
}

#define __pa(x) ((u64)(x) & ~KERNELBASE)
#define __va(x) ((void *)((u64)(x) | KERNELBASE))

#endif
