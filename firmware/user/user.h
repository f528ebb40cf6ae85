/* User-mode side of the self-test: test ids shared with the kernel, syscall wrappers. */
#ifndef _USER_H
#define _USER_H

enum user_test {
	T_FP = 1,		/* hold patterns in FPR0-31 + FPSCR across preemption, until stopped */
	T_VMX,			/* VR0-31 + VSCR */
	T_VSX,			/* VSR0-63 */
	T_SYSCALL,
	T_BLK,
	T_REPRO,		/* VSX hold loop that counts (not exits on) corruption, until stopped */
	T_FAULT_READ_UNMAPPED,
	T_FAULT_WRITE_RO,
	T_FAULT_EXEC_NX,
	T_FAULT_KERNEL_ADDR,
	T_FAULT_PRIV,
	T_FAULT_ILLEGAL,
	T_FAULT_TRAP,
	T_LAST
};

#define FAULT_UNMAPPED_ADDR 0x50000000UL
/* A page shared by the kernel (through its linear map) and the test process: words 0-31 are
 * "stop" flags the kernel sets (a test started with argument n watches word n), words 32-63
 * are reports from user tests (word 32 + test id: the address a fault test expects to fault). */
#define USER_MAILBOX 0x20000000UL
#define MAILBOX_FAULT_ADDR(id) (32 + (id))
#define BLK_PATTERN(block, i) ((unsigned char)((block) * 131 + (i) * 7 + 0x5a))

#if !defined(__ASSEMBLY__) && !defined(KERNEL_SIDE)
typedef unsigned long u64;
typedef unsigned int u32;
long syscall6(long nr, long a, long b, long c, long d, long e, long f);
long sys_write(int fd, const void *buf, unsigned long n);
void __attribute__((noreturn)) sys_exit(long code);
long sys_getpid(void);
long sys_gettid(void);
long sys_sched_yield(void);
long sys_nanosleep_us(u64 us);
long sys_clock_gettime_ns(u64 *ns);
long sys_getcpu(unsigned *cpu);
long sys_pread64(int fd, void *buf, unsigned long n, unsigned long pos);
long sys_pwrite64(int fd, const void *buf, unsigned long n, unsigned long pos);
unsigned long ustrlen(const char *s);
void uputs(const char *s);
char *ufmt_hex(char *p, u64 v);
char *ufmt_dec(char *p, u64 v);
char *ufmt_str(char *p, const char *s);
static inline u64 mftb(void) { u64 v; __asm__ __volatile__("mftb %0" : "=r"(v)); return v; }

/* regs.S */
void fp_hold(const u64 *pat, u64 *dump, u64 spins);		/* 32 FPRs + FPSCR */
void vmx_hold(const u64 *pat, u64 *dump, u64 spins);		/* 32 VRs + VSCR, 16-byte aligned */
void vsx_hold(const u64 *pat, u64 *dump, u64 spins);		/* 64 VSRs, 16-byte aligned */
void do_mfmsr(void);
void do_illegal(void);
void do_trap(void);
void set_fpscr(u64 v);
#endif
#endif
