/* Physical page allocator: power-of-two blocks carved from a bump region, freed blocks kept
 * on per-order lists (no coalescing: the kernel's allocation pattern is small and regular). */
#include "mm.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"

struct free_block { struct free_block *next; };

static spinlock_t page_lock = SPIN_LOCK_UNLOCKED;
static struct free_block *free_list[MAX_ORDER];
static u64 bump, bump_end;
static u64 free_bytes;

void mem_init(u64 start, u64 end)
{
	bump = start;
	bump_end = end;
	free_bytes = end - start;
}

void *alloc_pages(int order)
{
	u64 flags, size = PAGE_SIZE << order;
	void *p = NULL;
	BUG_ON(order < 0 || order >= MAX_ORDER);
	spin_lock_irqsave(&page_lock, flags);
	if (free_list[order]) {
		p = free_list[order];
		free_list[order] = free_list[order]->next;
	} else {
		u64 a = ALIGN_UP(bump, size);
		if (a + size <= bump_end) {
			/* the skipped gap goes to the smaller lists */
			while (bump < a) {
				int o = 0;
				while (o + 1 < order && (bump & ((PAGE_SIZE << (o + 1)) - 1)) == 0 && bump + (PAGE_SIZE << (o + 1)) <= a)
					o++;
				struct free_block *b = __va(bump);
				b->next = free_list[o];
				free_list[o] = b;
				bump += PAGE_SIZE << o;
			}
			p = __va(a);
			bump = a + size;
		}
	}
	if (p)
		free_bytes -= size;
	spin_unlock_irqrestore(&page_lock, flags);
	if (!p)
		panic("out of memory (order %d)", order);
	memset(p, 0, size);
	return p;
}

void free_pages(void *p, int order)
{
	u64 flags;
	struct free_block *b = p;
	spin_lock_irqsave(&page_lock, flags);
	b->next = free_list[order];
	free_list[order] = b;
	free_bytes += PAGE_SIZE << order;
	spin_unlock_irqrestore(&page_lock, flags);
}

static int size_order(size_t size)
{
	int order = 0;
	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *kzalloc(size_t size) { return alloc_pages(size_order(size)); }
void kfree(void *p, size_t size) { free_pages(p, size_order(size)); }
u64 mem_free_bytes(void) { return free_bytes; }
