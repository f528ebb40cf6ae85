/* Physical pages and radix page tables. */
#ifndef _MM_H
#define _MM_H
#include "types.h"
#include "spinlock.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define MAX_ORDER	11

/* Radix tree entries (Book III 6.7.10: big-endian doublewords in memory). Values as in the
 * ISA's bit numbering; Linux's book3s/64/radix.h uses the same. */
#define RPTE_V		(1UL << 63)	/* valid */
#define RPTE_L		(1UL << 62)	/* leaf */
#define RPTE_RPN	0x01fffffffffff000UL
#define RPTE_R		(1UL << 8)	/* reference (pre-set: QEMU faults instead of setting it) */
#define RPTE_C		(1UL << 7)	/* change */
#define RPTE_ATT_NI_IO	(2UL << 4)	/* non-idempotent I/O: cache-inhibited, guarded */
#define RPTE_EAA_PRIV	(1UL << 3)	/* privileged access only */
#define RPTE_EAA_R	(1UL << 2)
#define RPTE_EAA_RW	(1UL << 1)
#define RPTE_EAA_X	(1UL << 0)
#define RPDE_NLB	0x0fffffffffffff00UL
#define RPDE_NLS	0x1fUL

/* 52-bit radix tree: RTS = 52 - 31 = 21 split as RTS1 (bits 1:2) and RTS2 (bits 56:58) */
#define RADIX_RTS_52	((2UL << 61) | (5UL << 5))
#define RADIX_PGD_BITS	13
#define RADIX_PUD_BITS	9
#define RADIX_PMD_BITS	9
#define RADIX_PTE_BITS	9
#define PATB_HR		(1UL << 63)	/* partition table entry: host uses radix */

#define PAGE_KERNEL	(RPTE_EAA_PRIV | RPTE_EAA_RW | RPTE_EAA_X)
#define PAGE_KERNEL_IO	(RPTE_EAA_PRIV | RPTE_EAA_RW | RPTE_ATT_NI_IO)
#define PAGE_USER_RX	(RPTE_EAA_R | RPTE_EAA_X)
#define PAGE_USER_RW	(RPTE_EAA_RW)
#define PAGE_USER_RO	(RPTE_EAA_R)

struct mm_struct {
	u64 pid;		/* PIDR value: index in the process table */
	u64 *pgd;		/* root directory (kernel address) */
	spinlock_t lock;
	u64 brk;
	u64 stack_next;		/* next user stack to hand out (grows down) */
	u64 mmap_next;		/* next address for mmap (io_uring rings) */
};

extern struct mm_struct init_mm;
extern u64 *partition_table, *process_table;

void mem_init(u64 start, u64 end);
void *alloc_pages(int order);
void free_pages(void *p, int order);
void *kzalloc(size_t size);
void kfree(void *p, size_t size);
u64 mem_free_bytes(void);

void radix_init(u64 mem_size);
void radix_enable_cpu(void);
int map_kernel_page(u64 ea, u64 pa, u64 flags, int shift);
int map_user_page(struct mm_struct *mm, u64 ea, u64 pa, u64 flags);
void *ioremap(u64 pa, u64 size);
struct mm_struct *mm_alloc(void);
u64 *find_pte(struct mm_struct *mm, u64 ea, int *shift);
void switch_mm(struct mm_struct *prev, struct mm_struct *next);

#endif
