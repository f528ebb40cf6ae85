/* Loading the embedded user ELF into an address space (a minimal binfmt_elf), user stacks. */
#include "kernel.h"
#include "mm.h"
#include "printk.h"
#include "string.h"

struct elf64_ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf64_phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2

#define USER_STACK_TOP 0x00007fff00000000UL

/* Copy every PT_LOAD segment into fresh pages (text R+X, data R+W), zero-filling .bss. */
int load_user_elf(struct mm_struct *mm, const void *elf, u64 *entry)
{
	const struct elf64_ehdr *eh = elf;
	if (memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 2 || eh->ident[5] != 1 || eh->machine != 21)
		return -1;
	for (int i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *ph = (const void *)((const u8 *)elf + eh->phoff + (u64)i * eh->phentsize);
		if (ph->type != PT_LOAD || ph->memsz == 0)
			continue;
		u64 start = ALIGN_DOWN(ph->vaddr, PAGE_SIZE), end = ALIGN_UP(ph->vaddr + ph->memsz, PAGE_SIZE);
		u64 prot = (ph->flags & PF_W) ? PAGE_USER_RW : (ph->flags & PF_X) ? PAGE_USER_RX : PAGE_USER_RO;
		for (u64 va = start; va < end; va += PAGE_SIZE) {
			u8 *page = alloc_pages(0);
			/* bytes of the file image that fall in this page */
			u64 fs = ph->vaddr, fe = ph->vaddr + ph->filesz;
			u64 lo = va > fs ? va : fs, hi = va + PAGE_SIZE < fe ? va + PAGE_SIZE : fe;
			if (lo < hi)
				memcpy(page + (lo - va), (const u8 *)elf + ph->offset + (lo - fs), hi - lo);
			map_user_page(mm, va, __pa(page), prot);
		}
		if (end > mm->brk)
			mm->brk = end;
	}
	*entry = eh->entry;
	if (!mm->stack_next)
		mm->stack_next = USER_STACK_TOP;
	return 0;
}

/* A fresh user stack below the previous one, with an unmapped guard page between them. */
u64 mm_alloc_stack(struct mm_struct *mm, u64 size)
{
	u64 flags;
	spin_lock_irqsave(&mm->lock, flags);
	u64 top = mm->stack_next;
	mm->stack_next -= size + PAGE_SIZE;
	spin_unlock_irqrestore(&mm->lock, flags);
	for (u64 va = top - size; va < top; va += PAGE_SIZE)
		map_user_page(mm, va, __pa(alloc_pages(0)), PAGE_USER_RW);
	return top - 64;	/* leave room for a back chain, 16-aligned */
}
