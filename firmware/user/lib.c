/* System call wrappers (Linux ppc64 ABI: sc; error = CR0[SO] with r3 the errno). */
#include "user.h"

long syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r0 __asm__("r0") = nr;
	register long r3 __asm__("r3") = a;
	register long r4 __asm__("r4") = b;
	register long r5 __asm__("r5") = c;
	register long r6 __asm__("r6") = d;
	register long r7 __asm__("r7") = e;
	register long r8 __asm__("r8") = f;
	long cr;
	__asm__ __volatile__("sc; mfcr %1"
			     : "+r"(r3), "=r"(cr), "+r"(r0), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
			     :
			     : "r9", "r10", "r11", "r12", "ctr", "xer", "cr0", "memory");
	return (cr & 0x10000000) ? -r3 : r3;
}

long sys_write(int fd, const void *buf, unsigned long n) { return syscall6(4, fd, (long)buf, (long)n, 0, 0, 0); }
void sys_exit(long code) { syscall6(1, code, 0, 0, 0, 0, 0); for (;;) ; }
long sys_getpid(void) { return syscall6(20, 0, 0, 0, 0, 0, 0); }
long sys_gettid(void) { return syscall6(207, 0, 0, 0, 0, 0, 0); }
long sys_sched_yield(void) { return syscall6(158, 0, 0, 0, 0, 0, 0); }
long sys_pread64(int fd, void *buf, unsigned long n, unsigned long pos) { return syscall6(179, fd, (long)buf, (long)n, (long)pos, 0, 0); }
long sys_pwrite64(int fd, const void *buf, unsigned long n, unsigned long pos) { return syscall6(180, fd, (long)buf, (long)n, (long)pos, 0, 0); }
long sys_getcpu(unsigned *cpu) { return syscall6(302, (long)cpu, 0, 0, 0, 0, 0); }

struct ts { long sec, nsec; };

long sys_nanosleep_us(u64 us)
{
	struct ts t = { (long)(us / 1000000), (long)(us % 1000000) * 1000 };
	return syscall6(162, (long)&t, 0, 0, 0, 0, 0);
}

long sys_clock_gettime_ns(u64 *ns)
{
	struct ts t;
	long r = syscall6(246, 1, (long)&t, 0, 0, 0, 0);
	*ns = (u64)t.sec * 1000000000UL + (u64)t.nsec;
	return r;
}

unsigned long ustrlen(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

void uputs(const char *s) { sys_write(1, s, ustrlen(s)); }

char *ufmt_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = 0;
	return p;
}

char *ufmt_hex(char *p, u64 v)
{
	*p++ = '0';
	*p++ = 'x';
	for (int i = 60; i >= 0; i -= 4)
		*p++ = "0123456789abcdef"[(v >> i) & 15];
	*p = 0;
	return p;
}

char *ufmt_dec(char *p, u64 v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	*p = 0;
	return p;
}

/* GCC may emit calls to these */
void *memset(void *d, int c, unsigned long n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	while (n--)
		*dp++ = *sp++;
	return d;
}
