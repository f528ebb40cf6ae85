/*
 * Atomics with the ordering Linux gives them on ppc64: value-returning read-modify-write ops
 * are fully ordered (sync before and after, asm/synch.h PPC_ATOMIC_ENTRY/EXIT_BARRIER),
 * plain set_bit/clear_bit are unordered, _relaxed variants have no barriers.
 */
#ifndef _ATOMIC_H
#define _ATOMIC_H
#include "types.h"

typedef struct { int counter; } atomic_t;

static inline int atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static inline void atomic_set(atomic_t *v, int i) { WRITE_ONCE(v->counter, i); }

static inline void atomic_add(int a, atomic_t *v)
{
	int t;
	__asm__ __volatile__(
"1:	lwarx	%0,0,%2\n"
"	add	%0,%1,%0\n"
"	stwcx.	%0,0,%2\n"
"	bne-	1b\n"
	: "=&r"(t) : "r"(a), "r"(&v->counter) : "cc", "memory");
}
#define atomic_inc(v) atomic_add(1, v)
#define atomic_dec(v) atomic_add(-1, v)

static inline int atomic_add_return(int a, atomic_t *v)
{
	int t;
	__asm__ __volatile__(
"	sync\n"
"1:	lwarx	%0,0,%2\n"
"	add	%0,%1,%0\n"
"	stwcx.	%0,0,%2\n"
"	bne-	1b\n"
"	sync\n"
	: "=&r"(t) : "r"(a), "r"(&v->counter) : "cc", "memory");
	return t;
}
#define atomic_inc_return(v) atomic_add_return(1, v)
#define atomic_dec_return(v) atomic_add_return(-1, v)

/* 64-bit compare-and-exchange, fully ordered. Returns the old value. */
static inline u64 cmpxchg64(volatile u64 *p, u64 old, u64 new)
{
	u64 prev;
	__asm__ __volatile__(
"	sync\n"
"1:	ldarx	%0,0,%2\n"
"	cmpd	0,%0,%3\n"
"	bne-	2f\n"
"	stdcx.	%4,0,%2\n"
"	bne-	1b\n"
"	sync\n"
"2:"
	: "=&r"(prev), "+m"(*p) : "r"(p), "r"(old), "r"(new) : "cc", "memory");
	return prev;
}

/* try_cmpxchg: on failure *old is updated with the value seen */
static inline bool try_cmpxchg64(volatile u64 *p, u64 *old, u64 new)
{
	u64 o = *old, r = cmpxchg64(p, o, new);
	if (r == o)
		return true;
	*old = r;
	return false;
}

static inline u64 xchg64_relaxed(volatile u64 *p, u64 v)
{
	u64 prev;
	__asm__ __volatile__(
"1:	ldarx	%0,0,%2\n"
"	stdcx.	%3,0,%2\n"
"	bne-	1b\n"
	: "=&r"(prev), "+m"(*p) : "r"(p), "r"(v) : "cc", "memory");
	return prev;
}

static inline u64 xchg64(volatile u64 *p, u64 v)
{
	u64 prev;
	__asm__ __volatile__("sync" ::: "memory");
	prev = xchg64_relaxed(p, v);
	__asm__ __volatile__("sync" ::: "memory");
	return prev;
}

static inline void set_bit64(int nr, volatile u64 *p)
{
	u64 t;
	__asm__ __volatile__(
"1:	ldarx	%0,0,%2\n"
"	or	%0,%0,%1\n"
"	stdcx.	%0,0,%2\n"
"	bne-	1b\n"
	: "=&r"(t) : "r"(1UL << nr), "r"(p) : "cc", "memory");
}

static inline void clear_bit64(int nr, volatile u64 *p)
{
	u64 t;
	__asm__ __volatile__(
"1:	ldarx	%0,0,%2\n"
"	andc	%0,%0,%1\n"
"	stdcx.	%0,0,%2\n"
"	bne-	1b\n"
	: "=&r"(t) : "r"(1UL << nr), "r"(p) : "cc", "memory");
}

/* test_and_set_bit is fully ordered in Linux */
static inline bool test_and_set_bit64(int nr, volatile u64 *p)
{
	u64 old, t;
	__asm__ __volatile__(
"	sync\n"
"1:	ldarx	%0,0,%3\n"
"	or	%1,%0,%2\n"
"	stdcx.	%1,0,%3\n"
"	bne-	1b\n"
"	sync\n"
	: "=&r"(old), "=&r"(t) : "r"(1UL << nr), "r"(p) : "cc", "memory");
	return (old >> nr) & 1;
}

#endif
