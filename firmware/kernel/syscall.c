/*
 * System calls (sc 0 -> 0xc00). Linux ppc64 ABI: number in r0, arguments r3-r8, result in r3;
 * on error CR0[SO] is set and r3 holds the positive errno.
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "mm.h"
#include "syscalls.h"

#define CR0_SO 0x10000000UL
#define USER_TOP 0x0010000000000000UL	/* quadrant 0 */

/* The kernel reads user memory directly (PIDR selects current's tree); check the pages first
 * so a bad pointer is an error, not a kernel fault. */
bool user_range_ok(u64 addr, u64 len, bool write)
{
	if (addr >= USER_TOP || len > USER_TOP - addr)
		return false;
	struct mm_struct *mm = current->mm;
	if (!mm)
		return false;
	for (u64 p = ALIGN_DOWN(addr, PAGE_SIZE); p < addr + len; p += PAGE_SIZE) {
		int shift;
		u64 *pte = find_pte(mm, p, &shift);
		if (!pte)
			return false;
		u64 e = be64_to_cpu(*pte);
		if (!(e & RPTE_V) || (e & RPTE_EAA_PRIV))
			return false;
		if (write ? !(e & RPTE_EAA_RW) : !(e & (RPTE_EAA_R | RPTE_EAA_RW)))
			return false;
	}
	return true;
}

long copy_from_user(void *dst, u64 src, u64 n)
{
	if (!user_range_ok(src, n, false))
		return -EFAULT;
	memcpy(dst, (const void *)src, n);
	return 0;
}

long copy_to_user(u64 dst, const void *src, u64 n)
{
	if (!user_range_ok(dst, n, true))
		return -EFAULT;
	memcpy((void *)dst, src, n);
	return 0;
}

static long sys_write(u64 fd, u64 buf, u64 len)
{
	char tmp[128];
	if (fd != 1 && fd != 2)
		return -EBADF;
	for (u64 done = 0; done < len;) {
		u64 n = len - done > sizeof(tmp) ? sizeof(tmp) : len - done;
		if (copy_from_user(tmp, buf + done, n))
			return -EFAULT;
		console_write_locked(tmp, n);
		done += n;
	}
	return (long)len;
}

static long sys_blk(bool write, u64 fd, u64 buf, u64 len, u64 pos)
{
	if (fd != BLK_FD)
		return -EBADF;
	if (len == 0 || len > (1UL << 20))
		return -EINVAL;
	void *kbuf = kzalloc(len);
	long r = 0;
	if (write)
		r = copy_from_user(kbuf, buf, len);
	if (!r)
		r = blk_rw(write, pos, kbuf, len);
	if (r >= 0 && !write && copy_to_user(buf, kbuf, len))
		r = -EFAULT;
	kfree(kbuf, len);
	return r;
}

struct timespec64 { s64 tv_sec; s64 tv_nsec; };

static long sys_nanosleep(u64 ureq)
{
	struct timespec64 ts;
	if (copy_from_user(&ts, ureq, sizeof(ts)))
		return -EFAULT;
	schedule_timeout_us((u64)ts.tv_sec * 1000000 + (u64)ts.tv_nsec / 1000);
	return 0;
}

static long sys_clock_gettime(u64 clk, u64 uts)
{
	(void)clk;
	u64 us = tb_to_us(mftb());
	struct timespec64 ts = { (s64)(us / 1000000), (s64)(us % 1000000) * 1000 };
	return copy_to_user(uts, &ts, sizeof(ts));
}

static long sys_getcpu(u64 ucpu, u64 unode)
{
	u32 cpu = (u32)smp_processor_id(), node = 0;
	if (ucpu && copy_to_user(ucpu, &cpu, 4))
		return -EFAULT;
	if (unode && copy_to_user(unode, &node, 4))
		return -EFAULT;
	return 0;
}

long system_call_exception(struct pt_regs *regs)
{
	u64 *a = &regs->gpr[3];
	long ret;

	/* Linux runs system calls with interrupts enabled */
	local_irq_enable();
	current->stats.syscalls++;
	switch (regs->gpr[0]) {
	case __NR_exit:
	case __NR_exit_group:
		do_exit((int)(a[0] & 0xff));
	case __NR_write:
		ret = sys_write(a[0], a[1], a[2]);
		break;
	case __NR_getpid:
		ret = current->mm ? (long)current->mm->pid : current->pid;
		break;
	case __NR_gettid:
		ret = current->pid;
		break;
	case __NR_sched_yield:
		schedule();
		ret = 0;
		break;
	case __NR_nanosleep:
		ret = sys_nanosleep(a[0]);
		break;
	case __NR_pread64:
		ret = sys_blk(false, a[0], a[1], a[2], a[3]);
		break;
	case __NR_pwrite64:
		ret = sys_blk(true, a[0], a[1], a[2], a[3]);
		break;
	case __NR_clock_gettime:
		ret = sys_clock_gettime(a[0], a[1]);
		break;
	case __NR_getcpu:
		ret = sys_getcpu(a[0], a[1]);
		break;
	case __NR_mmap:
		/* only the io_uring regions: mmap(0, len, prot, flags, ring_fd, IORING_OFF_*) */
		ret = io_uring_mmap(a[4], a[1], a[5]);
		break;
	case __NR_io_uring_setup:
		ret = sys_io_uring_setup(a[0], a[1]);
		break;
	case __NR_io_uring_enter:
		ret = sys_io_uring_enter(a[0], a[1], a[2], a[3]);
		break;
	default:
		ret = -ENOSYS;
		break;
	}
	local_irq_disable();
	if (ret < 0 && ret > -4096) {
		regs->ccr |= CR0_SO;
		regs->gpr[3] = (u64)-ret;
	} else {
		regs->ccr &= ~CR0_SO;
		regs->gpr[3] = (u64)ret;
	}
	return ret;
}
