/*
 * User-mode self-test programs. Each runs as its own thread of the same process; the kernel
 * passes the test id in r3 and an argument in r4. Exit status 0 = pass; the register tests
 * return 10 + the index of the first wrong register.
 */
#include "user.h"

#define SPINS 4000

static u64 splitmix(u64 x)
{
	x += 0x9e3779b97f4a7c15UL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
	return x ^ (x >> 31);
}

/* One buffer pair per register class; every thread has its own (indexed by slot). */
#define SLOTS 64
static u64 pat_buf[SLOTS][130] __attribute__((aligned(16)));
static u64 dump_buf[SLOTS][130] __attribute__((aligned(16)));

static inline int stopped(u64 word) { return ((volatile u64 *)USER_MAILBOX)[word] != 0; }

/* The register tests run until the kernel sets their mailbox word (argument: seed << 40 | word). */
static int fp_test(u64 seed, u64 word, int slot)
{
	u64 *pat = pat_buf[slot], *dump = dump_buf[slot];
	for (u64 round = 0; !stopped(word); round++) {
		for (int i = 0; i < 32; i++)
			pat[i] = splitmix(seed * 1000003 + round * 64 + (u64)i);
		pat[32] = round & 3;		/* FPSCR[RN]: the rounding mode changes every round */
		fp_hold(pat, dump, SPINS);
		for (int i = 0; i < 32; i++)
			if (dump[i] != pat[i])
				return 10 + i;
		if ((dump[32] & 3) != (round & 3))
			return 42;
	}
	return 0;
}

static int vmx_test(u64 seed, u64 word, int slot)
{
	u64 *pat = pat_buf[slot], *dump = dump_buf[slot];
	for (u64 round = 0; !stopped(word); round++) {
		for (int i = 0; i < 64; i++)
			pat[i] = splitmix(seed * 1000033 + round * 128 + (u64)i);
		/* VSCR sits in word 3 of the VR = the first word in little-endian memory */
		pat[64] = (round & 1) ? 0x00010001UL : 0x00000000UL;	/* NJ and SAT */
		pat[65] = 0;
		vmx_hold(pat, dump, SPINS);
		for (int i = 0; i < 64; i++)
			if (dump[i] != pat[i])
				return 10 + i / 2;
		if ((dump[64] & 0xffffffffUL) != pat[64])
			return 42;
	}
	return 0;
}

static int vsx_round(u64 *pat, u64 *dump, u64 seed, u64 round)
{
	for (int i = 0; i < 128; i++)
		pat[i] = splitmix(seed * 1000037 + round * 128 + (u64)i);
	vsx_hold(pat, dump, SPINS);
	for (int i = 0; i < 128; i++)
		if (dump[i] != pat[i])
			return i / 2;
	return -1;
}

static int vsx_test(u64 seed, u64 word, int slot)
{
	u64 *pat = pat_buf[slot], *dump = dump_buf[slot];
	for (u64 round = 0; !stopped(word); round++) {
		int bad = vsx_round(pat, dump, seed, round);
		if (bad >= 0)
			return 10 + bad;
	}
	return 0;
}

/* The corruption demonstration: keep going, count rounds whose registers came back wrong,
 * describe the first one on the console. */
static int repro_test(u64 word, int slot)
{
	u64 *pat = pat_buf[slot], *dump = dump_buf[slot];
	u64 rounds = 0, bad_rounds = 0;
	char line[200], *p;
	/* a recognisable FPSCR, as in the report (FX | XX | FPRF ">"): save_fpu leaves it in f0 */
	set_fpscr(0x82004000UL);
	for (u64 round = 0; !stopped(word); round++, rounds++) {
		int bad = vsx_round(pat, dump, word + 2000, round);
		if (bad < 0)
			continue;
		if (bad_rounds++ == 0) {
			/* stxvd2x stores VSR n doubleword 0 at dump[2n], doubleword 1 at dump[2n+1] */
			p = ufmt_str(line, "repro: first corruption: vs");
			p = ufmt_dec(p, (u64)bad);
			p = ufmt_str(p, " dw0 ");
			p = ufmt_hex(p, dump[2 * bad]);
			p = ufmt_str(p, " dw1 ");
			p = ufmt_hex(p, dump[2 * bad + 1]);
			p = ufmt_str(p, " (expected ");
			p = ufmt_hex(p, pat[2 * bad]);
			p = ufmt_str(p, " ");
			p = ufmt_hex(p, pat[2 * bad + 1]);
			p = ufmt_str(p, ")\n");
			uputs(line);
		}
	}
	p = ufmt_str(line, "repro: user rounds ");
	p = ufmt_dec(p, rounds);
	p = ufmt_str(p, ", rounds with corrupted registers ");
	p = ufmt_dec(p, bad_rounds);
	p = ufmt_str(p, "\n");
	uputs(line);
	return bad_rounds ? 1 : 0;
}

static int syscall_test(u64 expect_pid)
{
	unsigned cpu = 99;
	u64 t0, t1;
	if (sys_getpid() != (long)expect_pid)
		return 1;
	if (sys_gettid() <= 0)
		return 2;
	if (sys_write(1, "user: hello from problem state\n", 31) != 31)
		return 3;
	if (sys_write(7, "x", 1) != -9)		/* EBADF, via CR0[SO] */
		return 4;
	if (sys_sched_yield() != 0)
		return 5;
	if (sys_getcpu(&cpu) != 0 || cpu > 64)
		return 6;
	if (sys_clock_gettime_ns(&t0) != 0)
		return 7;
	if (sys_nanosleep_us(2000) != 0)
		return 8;
	sys_clock_gettime_ns(&t1);
	if (t1 - t0 < 2000000)
		return 9;
	if (syscall6(9999, 0, 0, 0, 0, 0, 0) != -38)	/* ENOSYS */
		return 10;
	if (sys_write(1, (const void *)0xc000000000000000UL, 8) != -14)	/* EFAULT */
		return 11;
	return 0;
}

static unsigned char blk_buf[32 * 4096] __attribute__((aligned(4096)));

static int blk_test(u64 blocks)
{
	unsigned long len = blocks * 4096;
	if (len > sizeof(blk_buf))
		return 1;
	for (u64 b = 0; b < blocks; b++)
		for (u64 i = 0; i < 4096; i++)
			blk_buf[b * 4096 + i] = BLK_PATTERN(b, i);
	if (sys_pwrite64(3, blk_buf, len, 0) != (long)len)
		return 2;
	for (u64 i = 0; i < len; i++)
		blk_buf[i] = 0;
	if (sys_pread64(3, blk_buf, len, 0) != (long)len)
		return 3;
	for (u64 b = 0; b < blocks; b++)
		for (u64 i = 0; i < 4096; i++)
			if (blk_buf[b * 4096 + i] != BLK_PATTERN(b, i))
				return 4;
	if (sys_pread64(3, blk_buf, 100, 0) != -22)	/* EINVAL: not a sector multiple */
		return 5;
	return 0;
}

static unsigned int nx_code[4] = { 0x4e800020 };	/* blr, in a data (no-execute) page */

static void expect_fault_at(long id, const void *addr)
{
	((volatile u64 *)USER_MAILBOX)[MAILBOX_FAULT_ADDR(id)] = (u64)addr;
}

long umain(long id, long arg);
long umain(long id, long arg)
{
	u64 a = (u64)arg;
	int slot = (int)(sys_gettid() % SLOTS);
	switch (id) {
	case T_FP:
		return fp_test(a >> 40, a & 0xff, slot);
	case T_VMX:
		return vmx_test(a >> 40, a & 0xff, slot);
	case T_VSX:
		return vsx_test(a >> 40, a & 0xff, slot);
	case T_REPRO:
		return repro_test(a, slot);
	case T_SYSCALL:
		return syscall_test(a);
	case T_BLK:
		return blk_test(a);
	case T_FAULT_READ_UNMAPPED:
		expect_fault_at(id, (void *)FAULT_UNMAPPED_ADDR);
		return (long)*(volatile u64 *)FAULT_UNMAPPED_ADDR;
	case T_FAULT_WRITE_RO:
		expect_fault_at(id, (void *)umain);
		*(volatile u32 *)(void *)umain = 0;
		return 1;
	case T_FAULT_EXEC_NX:
		expect_fault_at(id, nx_code);
		((void (*)(void))(void *)nx_code)();
		return 1;
	case T_FAULT_KERNEL_ADDR:
		expect_fault_at(id, (void *)0xc000000000000000UL);
		return (long)*(volatile u64 *)0xc000000000000000UL;
	case T_FAULT_PRIV:
		expect_fault_at(id, (void *)do_mfmsr);	/* the first instruction faults */
		do_mfmsr();
		return 1;
	case T_FAULT_ILLEGAL:
		expect_fault_at(id, (void *)do_illegal);
		do_illegal();
		return 1;
	case T_FAULT_TRAP:
		expect_fault_at(id, (void *)do_trap);
		do_trap();
		return 1;
	}
	return 100;
}
