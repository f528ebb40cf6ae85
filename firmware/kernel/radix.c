/*
 * Radix MMU setup (Book III 6.7): a partition table (PTCR) whose entry 0 points at the process
 * table; process table entry 0 is the kernel's tree (quadrant 3, EA 0xc...), entry N the tree
 * of user address space N (quadrant 0, selected by PIDR). The kernel linear map uses 2 MB
 * leaves, I/O and user pages 4 KB leaves. All entries are stored big-endian.
 */
#include "mm.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "paca.h"

struct mm_struct init_mm;
u64 *partition_table, *process_table;
static u64 ioremap_next = IOREMAP_BASE;
static spinlock_t mmu_lock = SPIN_LOCK_UNLOCKED;
static u64 next_pid = 1;

#define PRTB_ENTRIES 256	/* PRTS = 0: 4 KB, 16-byte entries */

static inline u64 pde(void *table, int bits)
{
	return RPTE_V | (__pa(table) & RPDE_NLB) | (u64)bits;
}

/* Index bits of a 52-bit tree (the quadrant bits 0:1 are not part of the walk) */
static inline u64 idx(u64 ea, int shift, int bits) { return (ea >> shift) & ((1UL << bits) - 1); }

static u64 *next_level(u64 *table, u64 i, int bits, bool alloc)
{
	u64 e = be64_to_cpu(READ_ONCE(table[i]));
	if (!(e & RPTE_V)) {
		if (!alloc)
			return NULL;
		u64 *n = alloc_pages(0);	/* 2^9 entries x 8 bytes = 4 KB */
		__asm__ __volatile__("ptesync" ::: "memory");
		WRITE_ONCE(table[i], cpu_to_be64(pde(n, bits)));
		return n;
	}
	BUG_ON(e & RPTE_L);
	return __va(e & RPDE_NLB);
}

/* Install a leaf of size 1 << shift (12, 21 or 30) in the tree rooted at pgd. */
static int map_page(u64 *pgd, u64 ea, u64 pa, u64 flags, int shift)
{
	u64 fl;
	spin_lock_irqsave(&mmu_lock, fl);
	u64 *pud = next_level(pgd, idx(ea, 39, RADIX_PGD_BITS), RADIX_PUD_BITS, true);
	u64 *slot;
	if (shift == 30) {
		slot = &pud[idx(ea, 30, RADIX_PUD_BITS)];
	} else {
		u64 *pmd = next_level(pud, idx(ea, 30, RADIX_PUD_BITS), RADIX_PMD_BITS, true);
		if (shift == 21) {
			slot = &pmd[idx(ea, 21, RADIX_PMD_BITS)];
		} else {
			u64 *pte = next_level(pmd, idx(ea, 21, RADIX_PMD_BITS), RADIX_PTE_BITS, true);
			slot = &pte[idx(ea, 12, RADIX_PTE_BITS)];
		}
	}
	u64 e = RPTE_V | RPTE_L | (pa & RPTE_RPN) | RPTE_R | RPTE_C | flags;
	/* ptesync orders the table stores before later translations (Linux: radix__set_pte_at) */
	WRITE_ONCE(*slot, cpu_to_be64(e));
	__asm__ __volatile__("ptesync" ::: "memory");
	spin_unlock_irqrestore(&mmu_lock, fl);
	return 0;
}

u64 *find_pte(struct mm_struct *mm, u64 ea, int *shift)
{
	u64 *pud = next_level(mm->pgd, idx(ea, 39, RADIX_PGD_BITS), 0, false);
	if (!pud)
		return NULL;
	u64 e = be64_to_cpu(pud[idx(ea, 30, RADIX_PUD_BITS)]);
	if ((e & RPTE_V) && (e & RPTE_L)) {
		*shift = 30;
		return &pud[idx(ea, 30, RADIX_PUD_BITS)];
	}
	u64 *pmd = next_level(pud, idx(ea, 30, RADIX_PUD_BITS), 0, false);
	if (!pmd)
		return NULL;
	e = be64_to_cpu(pmd[idx(ea, 21, RADIX_PMD_BITS)]);
	if ((e & RPTE_V) && (e & RPTE_L)) {
		*shift = 21;
		return &pmd[idx(ea, 21, RADIX_PMD_BITS)];
	}
	u64 *pte = next_level(pmd, idx(ea, 21, RADIX_PMD_BITS), 0, false);
	if (!pte)
		return NULL;
	*shift = 12;
	return &pte[idx(ea, 12, RADIX_PTE_BITS)];
}

int map_kernel_page(u64 ea, u64 pa, u64 flags, int shift)
{
	return map_page(init_mm.pgd, ea, pa, flags, shift);
}

int map_user_page(struct mm_struct *mm, u64 ea, u64 pa, u64 flags)
{
	return map_page(mm->pgd, ea, pa, flags, 12);
}

void *ioremap(u64 pa, u64 size)
{
	u64 base = ALIGN_DOWN(pa, PAGE_SIZE), end = ALIGN_UP(pa + size, PAGE_SIZE);
	u64 ea = ioremap_next;
	for (u64 p = base; p < end; p += PAGE_SIZE)
		map_kernel_page(ioremap_next + (p - base), p, PAGE_KERNEL_IO, 12);
	ioremap_next += end - base + PAGE_SIZE;	/* a guard page between mappings */
	return (void *)(ea + (pa - base));
}

static void set_process_table_entry(u64 pid, u64 *pgd)
{
	process_table[2 * pid] = cpu_to_be64(RADIX_RTS_52 | (__pa(pgd) & RPDE_NLB) | RADIX_PGD_BITS);
	process_table[2 * pid + 1] = 0;
	__asm__ __volatile__("ptesync" ::: "memory");
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));
	u64 fl;
	spin_lock_irqsave(&mmu_lock, fl);
	mm->pid = next_pid++;
	spin_unlock_irqrestore(&mmu_lock, fl);
	BUG_ON(mm->pid >= PRTB_ENTRIES);
	mm->pgd = alloc_pages(4);	/* 2^13 entries x 8 bytes = 64 KB, naturally aligned */
	set_process_table_entry(mm->pid, mm->pgd);
	return mm;
}

void radix_init(u64 mem_size)
{
	partition_table = alloc_pages(0);	/* PATS = 0: 4 KB */
	process_table = alloc_pages(0);		/* PRTS = 0: 4 KB, 256 PIDs */
	init_mm.pgd = alloc_pages(4);
	init_mm.pid = 0;
	/* linear map of all memory at KERNELBASE with 2 MB pages */
	for (u64 pa = 0; pa < mem_size; pa += 1UL << 21)
		map_kernel_page(KERNELBASE + pa, pa, PAGE_KERNEL, 21);
	set_process_table_entry(0, init_mm.pgd);
	partition_table[0] = cpu_to_be64(PATB_HR | RADIX_RTS_52 | (__pa(init_mm.pgd) & RPDE_NLB) | RADIX_PGD_BITS);
	partition_table[1] = cpu_to_be64(__pa(process_table) | 0 /* PRTS */);
	__asm__ __volatile__("ptesync" ::: "memory");
}

/* Per CPU: host radix with process tables, no alternate interrupt location, external and
 * virtualization interrupts to the hypervisor off, hypervisor decrementer off. */
void radix_enable_cpu(void)
{
	u64 lpcr = mfspr(SPRN_LPCR);
	lpcr &= ~(LPCR_AIL | LPCR_LPES | LPCR_HVICE | LPCR_HDICE | LPCR_LD | LPCR_MER | LPCR_HEIC);
	lpcr |= LPCR_HR | LPCR_UPRT | LPCR_ILE | LPCR_PECE | LPCR_PECE_HVEE;
	mtspr(SPRN_LPCR, lpcr);
	isync();
	mtspr(SPRN_PTCR, __pa(partition_table) | 0 /* PATS */);
	mtspr(SPRN_PID, 0);
	isync();
	/* invalidate this thread's translation caches: every TLB set, both scopes
	 * (Linux's tlbiel_all_isa300, POWER9 radix has 128 sets) */
	__asm__ __volatile__("ptesync" ::: "memory");
	for (u64 set = 0; set < 128; set++) {
		u64 rb = (set << 12) | (3UL << 10);	/* IS = 3: everything in the set */
		if (set == 0) {
			__asm__ __volatile__("tlbiel %0, %1, 2, 0, 1" :: "r"(rb), "r"(0UL) : "memory");
			__asm__ __volatile__("tlbiel %0, %1, 2, 1, 1" :: "r"(rb), "r"(0UL) : "memory");
		} else {
			__asm__ __volatile__("tlbiel %0, %1, 0, 0, 1" :: "r"(rb), "r"(0UL) : "memory");
			__asm__ __volatile__("tlbiel %0, %1, 0, 1, 1" :: "r"(rb), "r"(0UL) : "memory");
		}
	}
	__asm__ __volatile__("ptesync" ::: "memory");
}

/* Linux's radix__switch_mmu_context: PIDR selects the user tree; isync before use. */
void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	(void)prev;
	mtspr(SPRN_PID, next->pid);
	isync();
}
