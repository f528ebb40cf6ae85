/* Spinlocks shaped like Linux's arch_spin_lock on ppc64: larx/stcx. then isync (acquire),
 * lwsync before the releasing store. */
#ifndef _SPINLOCK_H
#define _SPINLOCK_H
#include "types.h"
#include "ppc.h"

typedef struct { volatile u32 slock; } spinlock_t;
#define SPIN_LOCK_UNLOCKED { 0 }

static inline bool arch_spin_trylock(spinlock_t *l)
{
	u32 tmp;
	__asm__ __volatile__(
"1:	lwarx	%0,0,%2,1\n"
"	cmpwi	0,%0,0\n"
"	bne-	2f\n"
"	stwcx.	%1,0,%2\n"
"	bne-	1b\n"
"	isync\n"
"2:"
	: "=&r"(tmp) : "r"(1), "r"(&l->slock) : "cr0", "memory");
	return tmp == 0;
}

static inline void spin_lock(spinlock_t *l)
{
	while (!arch_spin_trylock(l)) {
		while (READ_ONCE(l->slock))
			cpu_relax();
	}
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ __volatile__("lwsync" ::: "memory");
	l->slock = 0;
}

#define spin_lock_irqsave(l, f) do { local_irq_save(f); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f) do { spin_unlock(l); local_irq_restore(f); } while (0)

#endif
