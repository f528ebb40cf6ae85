/*
 * The boot self-test, run by a kernel thread on CPU 0. Every check prints one stable line
 * "selftest: NAME: ... ok|FAILED"; measurements go on "timing:" lines, which differ from run
 * to run and between platforms. The last line is "ppcsim-kernel: done".
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "mm.h"
#include "bootcfg.h"
#include "devices.h"
#include "fdt.h"
#define KERNEL_SIDE
#include "../user/user.h"

extern const char user_elf_start[];
static struct mm_struct *user_mm;
static u64 user_entry;
static volatile u64 *mailbox;		/* kernel view of the USER_MAILBOX page */
static int passed, failed;

/* simulator-control TRACE markers: 0x53540000 + phase ("ST"), so a PpcSim trace can be cut
 * at the self-test's phase boundaries (a no-op without the device) */
enum { PH_BOOT = 1, PH_DOORBELL, PH_IPI, PH_SYSCALL, PH_MATH, PH_FAULTS, PH_TASK_WORK, PH_BLK, PH_REPRO, PH_DONE };
static void phase(int p) { sim_trace(0x53540000UL + (u64)p); }

static void report(const char *name, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(const char *name, bool ok, const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("selftest: %s: %s%s%s\n", name, buf, buf[0] ? ": " : "", ok ? "ok" : "FAILED");
	if (ok)
		passed++;
	else
		failed++;
}

/* ---- user tasks ---- */

static void user_task_exited(struct task_struct *t)
{
	complete(t->exit_notify_data);
}

static struct task_struct *create_user(int cpu, int id, u64 arg, const char *name, struct completion *done)
{
	struct task_struct *t = user_thread_create(user_mm, cpu, user_entry, (u64)id, arg, name);
	t->exit_notify = user_task_exited;
	t->exit_notify_data = done;
	get_task_struct(t);
	return t;
}

static struct task_struct *start_user(int cpu, int id, u64 arg, const char *name, struct completion *done)
{
	struct task_struct *t = create_user(cpu, id, arg, name, done);
	wake_up_new_task(t);
	return t;
}

static int run_user_sync(int cpu, int id, u64 arg, const char *name, struct task_struct **out)
{
	struct completion done;
	init_completion(&done);
	struct task_struct *t = start_user(cpu, id, arg, name, &done);
	wait_for_completion(&done);
	int code = t->exit_code;
	if (out)
		*out = t;
	else
		put_task_struct(t);
	return code;
}

static u64 ms_to_tb(u64 ms) { return ms * 1000 * tb_ticks_per_usec; }

/* ---- tests ---- */

static void test_boot_state(void)
{
	u64 msr = mfmsr(), hid0 = mfspr(SPRN_HID0), lpcr = mfspr(SPRN_LPCR);
	bool ok = (msr & (MSR_SF | MSR_HV | MSR_LE | MSR_IR | MSR_DR)) == (MSR_SF | MSR_HV | MSR_LE | MSR_IR | MSR_DR) &&
		  (hid0 & HID0_POWER9_HILE) && (lpcr & (LPCR_HR | LPCR_UPRT)) == (LPCR_HR | LPCR_UPRT);
	report("boot", ok, "64-bit hypervisor little-endian, HID0[HILE] set, radix host (LPCR[HR,UPRT])");
	char pirs[96];
	int n = 0;
	pirs[0] = 0;
	for (int c = 0; c < nr_cpu_ids && n < (int)sizeof(pirs) - 8; c++)
		n += snprintf(pirs + n, sizeof(pirs) - (size_t)n, " %u", get_hard_smp_processor_id(c));
	report("cpus", nr_cpu_ids >= 1, "%d online, PIR%s", nr_cpu_ids, pirs);
}

static void test_doorbell_msgclr(void)
{
	u64 flags, rb = ((u64)PPC_DBELL_SERVER << PPC_DBELL_TYPE_SHIFT) | get_hard_smp_processor_id(0);
	local_irq_save(flags);
	hard_irq_disable();
	u64 before = cpu_doorbells(0);
	/* msgsnd reaches the target after a delivery latency (PpcSim models one): wait with EE=0
	 * so the doorbell is pending, then clear it */
	__asm__ __volatile__("sync; msgsnd %0" :: "r"(rb) : "memory");
	udelay(100);
	__asm__ __volatile__("msgclr %0" :: "r"(rb) : "memory");
	local_irq_enable();
	udelay(200);
	hard_irq_disable();
	u64 after_clr = cpu_doorbells(0);
	__asm__ __volatile__("sync; msgsnd %0" :: "r"(rb) : "memory");
	local_irq_enable();
	udelay(200);
	hard_irq_disable();
	u64 after_snd = cpu_doorbells(0);
	local_irq_restore(flags);
	report("doorbell", after_clr == before && after_snd == before + 1,
	       "msgsnd to self is taken once EE=1, msgclr cancels a pending one");
}

struct ipi_cell { volatile u64 count; volatile int seen_on; } __aligned(64);
static struct ipi_cell ipi_cells[NR_CPUS][NR_CPUS];
static struct completion ipi_done;

static void ipi_ping(void *info)
{
	struct ipi_cell *c = info;
	c->count++;
	c->seen_on = smp_processor_id();
}

static int ipi_test_thread(void *arg)
{
	int me = smp_processor_id();
	(void)arg;
	for (u64 r = 0; r < bootcfg.ipi_rounds; r++)
		for (int j = 0; j < nr_cpu_ids; j++)
			if (j != me)
				smp_call_function_single(j, ipi_ping, &ipi_cells[me][j], true);
	complete(&ipi_done);
	return 0;
}

static void test_ipi_pairs(void)
{
	u64 t0 = mftb();
	u64 db0[NR_CPUS];
	init_completion(&ipi_done);
	for (int c = 0; c < nr_cpu_ids; c++)
		db0[c] = cpu_doorbells(c);
	for (int c = 0; c < nr_cpu_ids; c++)
		wake_up_new_task(kthread_create_on_cpu(ipi_test_thread, NULL, c, "ipitest"));
	for (int c = 0; c < nr_cpu_ids; c++)
		wait_for_completion(&ipi_done);
	bool ok = true;
	for (int i = 0; i < nr_cpu_ids; i++)
		for (int j = 0; j < nr_cpu_ids; j++)
			if (i != j && (ipi_cells[i][j].count != bootcfg.ipi_rounds || ipi_cells[i][j].seen_on != j))
				ok = false;
	for (int c = 0; c < nr_cpu_ids && nr_cpu_ids > 1; c++)
		if (cpu_doorbells(c) == db0[c])
			ok = false;
	report("ipi", ok, "%d ordered pairs x %lu call-function doorbells, each ran on its target",
	       nr_cpu_ids * (nr_cpu_ids - 1), bootcfg.ipi_rounds);
	printk("timing: ipi %lu us\n", tb_to_us(mftb() - t0));
}

static void test_syscalls(void)
{
	int code = run_user_sync(nr_cpu_ids - 1, T_SYSCALL, user_mm->pid, "syscall", NULL);
	report("syscall", code == 0, "sc 0 from problem state: write getpid gettid sched_yield getcpu clock_gettime nanosleep, errors via CR0[SO] (exit %d)", code);
}

static void test_math(void)
{
	static const struct { int id; const char *name; } kinds[3] = { { T_FP, "fp" }, { T_VMX, "vmx" }, { T_VSX, "vsx" } };
	struct task_struct *tasks[3 * NR_CPUS];
	struct completion done;
	int n = 0;
	u64 t0 = mftb();
	init_completion(&done);
	mailbox[3] = 0;
	for (int c = 0; c < nr_cpu_ids; c++)
		for (int k = 0; k < 3; k++) {
			u64 seed = (u64)(c * 3 + k + 1);
			tasks[n++] = create_user(c, kinds[k].id, (seed << 40) | 3, kinds[k].name, &done);
		}
	for (int i = 0; i < n; i++)
		wake_up_new_task(tasks[i]);
	/* run task_ms, and on until every task has been preempted (host load can starve a CPU) */
	u64 start = mftb();
	for (;;) {
		bool all = true;
		for (int i = 0; i < n; i++)
			if (READ_ONCE(tasks[i]->stats.preempted) == 0)
				all = false;
		u64 now = mftb();
		if ((all && now - start >= ms_to_tb(bootcfg.task_ms)) || now - start >= ms_to_tb(bootcfg.task_ms + 5000))
			break;
		schedule_timeout_us(1000);
	}
	mailbox[3] = 1;
	for (int i = 0; i < n; i++)
		wait_for_completion(&done);
	for (int k = 0; k < 3; k++) {
		bool ok = true;
		int bad = 0;
		for (int i = k; i < n; i += 3) {
			if (tasks[i]->exit_code != 0) {
				ok = false;
				bad = tasks[i]->exit_code;
			}
		}
		const char *what = k == 0 ? "FPR0-31 and FPSCR" : k == 1 ? "VR0-31 and VSCR" : "VSR0-63";
		report(kinds[k].name, ok, "%d tasks (one per CPU) kept %s across preemption%s", nr_cpu_ids, what,
		       ok ? "" : (bad >= 10 ? " (a register came back wrong)" : " (bad exit)"));
	}
	bool lazy = true, preempt = true, eager = false;
	for (int i = 0; i < n; i++) {
		struct task_stats *s = &tasks[i]->stats;
		int k = i % 3;
		if (k == 0 && s->fp_unavail == 0)
			lazy = false;
		if (k == 1 && s->vec_unavail == 0)
			lazy = false;
		if (k == 2 && s->vsx_unavail == 0)
			lazy = false;
		if (s->preempted == 0)
			preempt = false;
		if (s->restore_math)
			eager = true;
	}
	report("lazy-math", lazy && eager, "first use faults through 0x800/0xf20/0xf40, restore_math reloads on return");
	report("preempt", preempt, "the decrementer preempted every task");
	for (int i = 0; i < n; i++) {
		struct task_stats *s = &tasks[i]->stats;
		printk("timing: task %s/cpu%d preempted %lu fp/vmx/vsx-unavailable %lu/%lu/%lu restore_math %lu syscalls %lu\n",
		       tasks[i]->comm, tasks[i]->cpu, s->preempted, s->fp_unavail, s->vec_unavail, s->vsx_unavail,
		       s->restore_math, s->syscalls);
		put_task_struct(tasks[i]);
	}
	printk("timing: math %lu us\n", tb_to_us(mftb() - t0));
}

static void test_faults(void)
{
	static const struct { int id; const char *name; int sig; } faults[] = {
		{ T_FAULT_READ_UNMAPPED, "read-unmapped", 11 },
		{ T_FAULT_WRITE_RO, "write-readonly", 11 },
		{ T_FAULT_EXEC_NX, "exec-noexec", 11 },
		{ T_FAULT_KERNEL_ADDR, "read-kernel", 11 },
		{ T_FAULT_PRIV, "privileged", 4 },
		{ T_FAULT_ILLEGAL, "illegal", 4 },
		{ T_FAULT_TRAP, "trap", 5 },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(faults); i++) {
		struct task_struct *t;
		int code = run_user_sync(0, faults[i].id, 0, faults[i].name, &t);
		char name[32];
		snprintf(name, sizeof(name), "fault %s", faults[i].name);
		/* the user test named the address it expects to fault (layout-independent line) */
		bool at = t->fault_addr == mailbox[MAILBOX_FAULT_ADDR(faults[i].id)];
		report(name, code == 128 + faults[i].sig && at,
		       "vector %lx, dsisr/srr1 %08lx, %s, signal %d", t->fault_trap, t->fault_dsisr,
		       at ? "at the expected address" : "at an unexpected address", code - 128);
		printk("info: fault %s address %016lx nip %016lx srr1 %016lx heir %08lx\n", faults[i].name,
		       t->fault_addr, t->fault_nip, t->fault_srr1, t->fault_heir);
		put_task_struct(t);
	}
}

/* task_work: callbacks queued on a user task running (in user mode) on another CPU */
#define TW_COUNT 16
static struct callback_head tw_works[TW_COUNT];
static atomic_t tw_ran, tw_wrong;
static struct task_struct *tw_target;

static void tw_count_cb(struct callback_head *cb)
{
	(void)cb;
	if (current != tw_target)
		atomic_inc(&tw_wrong);
	atomic_inc(&tw_ran);
}

static void test_task_work(void)
{
	struct completion done;
	enum task_work_notify_mode mode = bootcfg_is(bootcfg.twa, "noipi") ? TWA_SIGNAL_NO_IPI : TWA_SIGNAL;
	init_completion(&done);
	atomic_set(&tw_ran, 0);
	atomic_set(&tw_wrong, 0);
	int cpu = nr_cpu_ids - 1;
	mailbox[1] = 0;
	tw_target = start_user(cpu, T_VSX, (77UL << 40) | 1, "tw-target", &done);
	for (int i = 0; i < TW_COUNT; i++) {
		tw_works[i].func = tw_count_cb;
		task_work_add(tw_target, &tw_works[i], mode);
		schedule_timeout_us(1000);
	}
	/* every callback runs before the target is told to stop */
	for (u64 end = mftb() + ms_to_tb(2000); atomic_read(&tw_ran) < TW_COUNT && mftb() < end;)
		schedule_timeout_us(1000);
	mailbox[1] = 1;
	wait_for_completion(&done);
	struct task_struct *t = tw_target;
	report("task-work", atomic_read(&tw_ran) == TW_COUNT && !atomic_read(&tw_wrong) && t->exit_code == 0,
	       "%d %s callbacks ran in the target task on its way to user mode, its VSRs intact",
	       TW_COUNT, mode == TWA_SIGNAL ? "TWA_SIGNAL" : "TWA_SIGNAL_NO_IPI");
	printk("timing: task-work ran after syscall %lu, after interrupt %lu\n",
	       t->stats.task_work_runs[0], t->stats.task_work_runs[1]);
	put_task_struct(t);
}

static void test_blk(void)
{
	u64 blocks = bootcfg.blk_blocks > 32 ? 32 : bootcfg.blk_blocks;
	u64 t0 = mftb();
	int code = run_user_sync(0, T_BLK, blocks, "blk", NULL);
	/* read the device back from the kernel too */
	u8 *buf = kzalloc(blocks * 4096);
	long r = blk_rw(false, 0, buf, blocks * 4096);
	bool same = r == (long)(blocks * 4096);
	for (u64 b = 0; same && b < blocks; b++)
		for (u64 i = 0; i < 4096; i++)
			if (buf[b * 4096 + i] != BLK_PATTERN(b, i)) {
				same = false;
				break;
			}
	kfree(buf, blocks * 4096);
	report("blk", code == 0 && same, "%lu x 4 KiB pwrite64/pread64 round trip through the block layer, re-read by the kernel", blocks);
	printk("timing: blk %s %lu us\n", blk_backend_name(), tb_to_us(mftb() - t0));
}

/* ---- issue 5: the io_uring page writer (workloads/iou/) on io_uring + io-wq ---- */
#include "iou_abi.h"
extern const char iou_elf_start[];

static const char *trap_name(u64 tr)
{
	return tr == INT_H_DOORBELL ? "hypervisor doorbell: the TWA_SIGNAL IPI" :
	       tr == INT_DECREMENTER ? "decrementer" : tr == INT_EXTERNAL ? "external" :
	       tr == INT_SYSCALL ? "system call" : "other";
}

/*
 * Run the page writer as one user task on the last CPU (io-wq workers go to the other CPUs),
 * until it exits or repro_ms of simulated time have passed (then it is told to stop through
 * the mailbox). Print its result and the kernel's counters in the CONTRACT's format.
 */
static void run_repro(void)
{
	struct completion done;
	int cpu = nr_cpu_ids - 1;
	struct mm_struct *mm = mm_alloc();
	u64 entry;
	if (load_user_elf(mm, iou_elf_start, &entry))
		panic("cannot load the embedded io_uring page writer");
	volatile u64 *mb = alloc_pages(0);
	map_user_page(mm, IOU_MAILBOX, __pa(mb), PAGE_USER_RW);
	mb[MB_PAGES] = bootcfg.pages;
	mb[MB_ROUNDS] = bootcfg.rounds;
	mb[MB_INFLIGHT] = bootcfg.inflight;
	mb[MB_BATCH] = bootcfg.batch;
	mb[MB_GETEVENTS] = bootcfg.getevents;
	mb[MB_WRITEV_EVERY] = bootcfg.writev_every;
	mb[MB_FILL_MIX] = bootcfg.fill_mix;
	mb[MB_PAGE_WORK] = bootcfg.page_work;
	mb[MB_SEED] = bootcfg.seed;
	mb[MB_MAGIC] = IOU_MB_MAGIC;

	init_completion(&done);
	memset(&math_inv, 0, sizeof(math_inv));
	memset(&iou_stats, 0, sizeof(iou_stats));
	int ipis0 = atomic_read(&ipis_sent);
	u64 lost0 = ipi_messages_lost();
	u64 t0 = mftb(), end = t0 + ms_to_tb(bootcfg.repro_ms);
	struct task_struct *u = user_thread_create(mm, cpu, entry, bootcfg.pages, bootcfg.rounds, "iou-pagewriter");
	u->exit_notify = user_task_exited;
	u->exit_notify_data = &done;
	get_task_struct(u);
	wake_up_new_task(u);
	bool timed_out = false;
	while (READ_ONCE(u->__state) != TASK_DEAD) {
		if (!math_inv.window[1] && mb[MB_FILL_HI]) {
			math_inv.window[0] = mb[MB_FILL_LO];
			math_inv.window[1] = mb[MB_FILL_HI];
		}
		if (!timed_out && mftb() >= end) {
			timed_out = true;
			mb[MB_STOP] = 1;
		}
		schedule_timeout_us(100);
	}
	wait_for_completion(&done);
	u64 us = tb_to_us(mftb() - t0);
	u64 corrupt = mb[MB_CORRUPT_PAGES], status = mb[MB_STATUS];
	struct iou_stats *st = &iou_stats;

	printk("repro: io_uring page writer fpu_fix=%s twa=%s barrier=%s udelay_us=%lu: %lu pages x %lu rounds, "
	       "%lu writes completed, %lu io-wq workers created (%lu by create_worker_cb), %lu corrupt pages, "
	       "user exit %d (%s)\n",
	       bootcfg.fpu_fix, bootcfg.twa, bootcfg.barrier, bootcfg.udelay_us, bootcfg.pages, bootcfg.rounds,
	       st->writes_completed, st->creations_task_work + st->creations_direct, st->creations_task_work, corrupt,
	       u->exit_code, status != 2 ? "FAILED" : corrupt ? "CORRUPTED" : "clean");
	if (status != 2)
		printk("repro: page writer did not finish: status %lu error %lu%s\n", status, mb[MB_ERROR],
		       timed_out ? " (repro_ms reached)" : "");
	/* one parseable line (key=value, decimal): the CONTRACT in README.md */
	printk("repro: stats sent=%lu worker_creations=%lu task_work_syscall=%lu task_work_interrupt=%lu "
	       "ipis_sent=%d ipi_messages_lost=%lu invariant_checks=%lu invariant_violations=%lu "
	       "writes_submitted=%lu writes_completed=%lu bytes_written=%lu pages=%lu rounds=%lu corrupt_pages=%lu "
	       "user_exit=%d repro_us=%lu worker_creations_task_work=%lu worker_creations_direct=%lu worker_exits=%lu "
	       "saves_left_live=%lu invariant_violations_syscall=%lu reads_completed=%lu fsyncs=%lu user_enters=%lu "
	       "user_syscalls=%lu violations_in_fill=%lu completed=%d\n",
	       st->create_work_sent, st->creations_task_work + st->creations_direct, u->stats.task_work_runs[0],
	       u->stats.task_work_runs[1], atomic_read(&ipis_sent) - ipis0, ipi_messages_lost() - lost0,
	       math_inv.checks, math_inv.violations, st->writes_submitted, st->writes_completed, st->bytes_written,
	       bootcfg.pages, bootcfg.rounds, corrupt, u->exit_code, us, st->creations_task_work,
	       st->creations_direct, st->worker_exits, math_inv.saves_left_live, math_inv.violations_syscall,
	       st->reads_completed, st->fsyncs_completed, mb[MB_ENTERS], u->stats.syscalls,
	       math_inv.violations_in_window, status == 2 && !timed_out ? 1 : 0);
	u64 nrep = mb[MB_NREPORTS];
	for (u64 i = 0; i < nrep && i < MB_MAX_REPORTS; i++) {
		volatile u64 *r = &mb[MB_REPORTS + 4 * i];
		printk("repro: corrupt page %lu offset %lu expected 0x%016lx found 0x%016lx\n", r[0], r[1], r[2], r[3]);
	}
	if (math_inv.violations) {
		u64 tr = math_inv.save_trap;
		printk("repro: chain: task %d on cpu%d in user mode at nip 0x%lx took interrupt 0x%lx (%s)\n",
		       math_inv.save_pid, math_inv.save_cpu, math_inv.save_nip, tr, trap_name(tr));
		printk("repro: chain: interrupt_exit_user_prepare_main -> do_notify_resume -> task_work_run -> "
		       "create_worker_cb -> create_io_worker -> create_io_thread -> arch_dup_task_struct\n");
		printk("repro: chain: -> flush_all_to_thread -> save_all -> save_fpu/save_altivec (fpu_fix=%s) at tb %lu, "
		       "regs->msr FP|VEC|VSX left set\n", bootcfg.fpu_fix, math_inv.save_tb);
		printk("repro: chain: (msr & mathflags) == mathflags, so restore_math was skipped\n");
		printk("repro: chain: back in user mode at tb %lu with vs%lu = 0x%016lx 0x%016lx (saved 0x%016lx 0x%016lx)\n",
		       math_inv.check_tb, math_inv.vsr, math_inv.found[0], math_inv.found[1],
		       math_inv.expected[0], math_inv.expected[1]);
	}
	put_task_struct(u);
}

int selftest_thread(void *arg)
{
	(void)arg;
	u64 t0 = mftb();
	phase(PH_BOOT);
	test_boot_state();
	phase(PH_DOORBELL);
	test_doorbell_msgclr();
	phase(PH_IPI);
	test_ipi_pairs();

	user_mm = mm_alloc();
	if (load_user_elf(user_mm, user_elf_start, &user_entry))
		panic("cannot load the embedded user program");
	mailbox = alloc_pages(0);
	map_user_page(user_mm, USER_MAILBOX, __pa(mailbox), PAGE_USER_RW);
	/* selftest=off: only the demonstration (ppcsim repro); the lines above still ran */
	if (!bootcfg_is(bootcfg.selftest, "off")) {
		phase(PH_SYSCALL);
		test_syscalls();
		phase(PH_MATH);
		test_math();
		phase(PH_FAULTS);
		test_faults();
		phase(PH_TASK_WORK);
		test_task_work();
		phase(PH_BLK);
		test_blk();
	}
	if (bootcfg.repro_ms) {
		phase(PH_REPRO);
		run_repro();
	}
	phase(PH_DONE);

	report("summary", failed == 0, "%d passed, %d failed", passed, failed);
	for (int c = 0; c < nr_cpu_ids; c++) {
		struct paca_struct *p = &paca_array[c];
		printk("timing: cpu%d PIR %u timer %lu doorbell %lu syscall %lu fp/vmx/vsx-unavail %lu/%lu/%lu faults %lu switches %lu\n",
		       c, p->hw_cpu_id, p->irq_count[IRQ_STAT_TIMER], p->irq_count[IRQ_STAT_DOORBELL],
		       p->irq_count[IRQ_STAT_SYSCALL], p->irq_count[IRQ_STAT_FP_UNAVAIL], p->irq_count[IRQ_STAT_VEC_UNAVAIL],
		       p->irq_count[IRQ_STAT_VSX_UNAVAIL], p->irq_count[IRQ_STAT_FAULT], rq_switches(c));
	}
	printk("timing: selftest %lu us\n", tb_to_us(mftb() - t0));
	printk("ppcsim-kernel: done\n");
	machine_halt(failed ? 1 : 0);
}
