/*
 * SMP bring-up and inter-processor interrupts. IPIs follow Linux 6.6 on PowerNV POWER9:
 * smp_muxed_ipi_message_pass() sets a per-CPU message byte after smp_mb() and calls
 * doorbell_global_ipi(), which issues sync; msgsnd (server doorbell to the target's PIR).
 * The target takes the hypervisor doorbell at 0xe80; doorbell_exception() does
 * msgsync; lwsync and demultiplexes the messages with xchg.
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "mm.h"
#include "fdt.h"
#include "bootcfg.h"
#include "devices.h"

struct cpu_messages {
	u64 messages;		/* one byte per message type (Linux: IPI_MESSAGE(A)) */
	u64 doorbells;		/* statistics */
	u64 empty;		/* doorbells whose demux found no message (lost or late store) */
	u32 seen;		/* receiver: `sent` as of the last demux that found messages */
	int credit;		/* receiver: messages that demux consumed ahead of their doorbell */
} __aligned(128);

static struct cpu_messages ipi_message[NR_CPUS];
/*
 * Messages sent to each CPU (diagnostic, counted before the message store). Not in the message's
 * cache line: Linux has no such store, and a sender that wrote the line just before its message
 * would own it, so the message store would never pay the coherence miss the receiver's xchg
 * leaves behind - the miss that lets a doorbell sent without a sync overtake its message.
 */
static struct { atomic_t sent; } __aligned(128) ipi_sent[NR_CPUS];
static u32 cpu_hw_id[NR_CPUS];
bool ipi_sync_enabled = true;
static atomic_t cpus_online = { 1 };

struct spin_entry { volatile u64 release, paca, present, unused; };
extern struct spin_entry spin_table[256];
extern void init_idle(struct task_struct *idle, int cpu);
extern void __noreturn __enable_mmu_and_jump(void (*fn)(void), u64 msr);
extern u64 get_toc(void);
extern char exc_common_virt[];

u32 get_hard_smp_processor_id(int cpu) { return cpu_hw_id[cpu]; }
u64 cpu_doorbells(int cpu) { return READ_ONCE(ipi_message[cpu].doorbells); }

u64 ipi_messages_lost(void)
{
	u64 n = 0;
	for (int c = 0; c < nr_cpu_ids; c++)
		n += READ_ONCE(ipi_message[c].empty);
	return n;
}

static inline void ppc_msgsnd(u64 type, u64 flags, u32 tag)
{
	u64 rb = (type << PPC_DBELL_TYPE_SHIFT) | flags | tag;
	__asm__ __volatile__("msgsnd %0" :: "r"(rb) : "memory");
}

static inline void ppc_msgclr(u64 type)
{
	u64 rb = type << PPC_DBELL_TYPE_SHIFT;
	__asm__ __volatile__("msgclr %0" :: "r"(rb) : "memory");
}

/* Order previous accesses vs. msgsnd, which is treated as a store */
static inline void ppc_msgsnd_sync(void) { __asm__ __volatile__("sync" ::: "memory"); }
/* On the receiver: make the sender's pre-msgsnd stores visible to later loads */
static inline void ppc_msgsync(void) { __asm__ __volatile__("msgsync; lwsync" ::: "memory"); }

atomic_t ipis_sent;

void doorbell_global_ipi(int cpu)
{
	u32 tag = get_hard_smp_processor_id(cpu);
	if (ipi_sync_enabled)
		ppc_msgsnd_sync();
	ppc_msgsnd(PPC_DBELL_SERVER, 0, tag);
}

void smp_muxed_ipi_set_message(int cpu, int msg)
{
	volatile char *message = (volatile char *)&ipi_message[cpu].messages;
	atomic_inc(&ipi_sent[cpu].sent);	/* accounting only, ordered by the smp_mb below */
	/* Order previous accesses before accesses in the IPI handler. */
	smp_mb();
	message[msg] = 1;
}

void smp_muxed_ipi_message_pass(int cpu, int msg)
{
	/* counted before the message: no store of ours sits between the message and msgsnd (a
	 * KVM-less Linux has none), so the simulator's overtaking check (sender stores in flight
	 * when the doorbell is taken) is about the message itself when ipi_sync=off */
	atomic_inc(&ipis_sent);
	smp_muxed_ipi_set_message(cpu, msg);
	doorbell_global_ipi(cpu);
}

void smp_send_reschedule(int cpu)
{
	smp_muxed_ipi_message_pass(cpu, PPC_MSG_RESCHEDULE);
}

/* Cross-CPU function calls (kernel/smp.c, reduced): a locked queue per target CPU. */
struct call_single_data {
	void (*func)(void *);
	void *info;
	volatile u64 done;
	struct call_single_data *next;
};
static struct {
	spinlock_t lock;
	struct call_single_data *head;
} __aligned(128) call_queue[NR_CPUS];

static void generic_smp_call_function_interrupt(void)
{
	struct call_single_data *list, *next;
	u64 flags;
	spin_lock_irqsave(&call_queue[smp_processor_id()].lock, flags);
	list = call_queue[smp_processor_id()].head;
	call_queue[smp_processor_id()].head = NULL;
	spin_unlock_irqrestore(&call_queue[smp_processor_id()].lock, flags);
	for (; list; list = next) {
		next = list->next;
		list->func(list->info);
		smp_mb();
		WRITE_ONCE(list->done, 1);
	}
}

int smp_call_function_single(int cpu, void (*func)(void *), void *info, bool wait)
{
	struct call_single_data csd = { func, info, 0, NULL };
	u64 flags;
	BUG_ON(!wait);
	if (cpu == smp_processor_id()) {
		local_irq_save(flags);
		func(info);
		local_irq_restore(flags);
		return 0;
	}
	spin_lock_irqsave(&call_queue[cpu].lock, flags);
	csd.next = call_queue[cpu].head;
	call_queue[cpu].head = &csd;
	spin_unlock_irqrestore(&call_queue[cpu].lock, flags);
	smp_muxed_ipi_message_pass(cpu, PPC_MSG_CALL_FUNCTION);
	/* wait with interrupts enabled so calls aimed at this CPU are served meanwhile */
	local_irq_save(flags);
	local_irq_enable();
	while (!READ_ONCE(csd.done))
		cpu_relax();
	local_irq_restore(flags);
	smp_mb();
	return 0;
}

void smp_ipi_demux_relaxed(void)
{
	struct cpu_messages *info = &ipi_message[smp_processor_id()];
	u64 all;
	bool found = false;
	do {
		all = xchg64_relaxed(&info->messages, 0);
		found |= all != 0;
		if (all & (1UL << (8 * PPC_MSG_CALL_FUNCTION)))
			generic_smp_call_function_interrupt();
		if (all & (1UL << (8 * PPC_MSG_RESCHEDULE)))
			scheduler_ipi();
	} while (READ_ONCE(info->messages));

	/*
	 * Lost or late messages: the sender stored the message before its sync; msgsnd, and
	 * after msgsync; lwsync it must be visible here, so a doorbell that finds nothing means
	 * the store was not yet visible (with the upstream barriers this does not happen). One
	 * benign case is excused: a demux loop that already consumed the message of a doorbell
	 * still in flight (two IPIs in quick succession); the `sent` counter, incremented before
	 * each message store, tells how many messages the last demux covered.
	 */
	__asm__ __volatile__("lwsync" ::: "memory");
	u32 sent = (u32)atomic_read(&ipi_sent[smp_processor_id()].sent);
	if (found) {
		int extra = (int)(sent - info->seen) - 1;
		info->credit = extra > 0 ? extra : 0;
		info->seen = sent;
	} else if (info->credit > 0) {
		info->credit--;
	} else {
		info->empty++;
	}
}

void doorbell_exception(struct pt_regs *regs)
{
	(void)regs;
	ppc_msgsync();
	ipi_message[smp_processor_id()].doorbells++;
	smp_ipi_demux_relaxed(); /* already performed the barrier */
}

/* ---- bring-up ---- */

static void __noreturn start_secondary_virt(void)
{
	ppc_msgclr(PPC_DBELL_SERVER);	/* nothing stale from before we were released */
	time_init_cpu();
	smp_mb();
	atomic_inc(&cpus_online);
	cpu_idle();
}

/* Entered from secondary_hold in real mode with r13 = paca, r1 = idle stack. */
void __noreturn start_secondary(void);
void __noreturn start_secondary(void)
{
	radix_enable_cpu();
	get_paca()->kmsr = MSR_KERNEL;
	__enable_mmu_and_jump(start_secondary_virt, MSR_KERNEL);
}

static void sort_u32(u32 *a, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
			u32 t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

/*
 * Find the threads (device tree, or without one: threads that marked themselves present in
 * spin_table within 10 ms), number them - boot thread 0, the rest by increasing PIR - and
 * release them into start_secondary.
 */
void smp_prepare_cpus(void)
{
	u32 pirs[MAX_THREADS];
	int n = 0;
	u32 boot = get_paca()->hw_cpu_id;

	if (platform.nr_threads > 0) {
		for (int i = 0; i < platform.nr_threads; i++)
			pirs[n++] = platform.pir[i];
	} else {
		/* no device tree: wait for bootcfg "cores" threads to check in (or 10 ms) */
		u64 deadline = mftb() + 10000 * tb_ticks_per_usec;
		for (;;) {
			n = 0;
			for (int i = 0; i < 256 && n < MAX_THREADS; i++)
				if (spin_table[i].present || (u32)i == boot)
					pirs[n++] = (u32)i;
			if ((bootcfg.cores && (u64)n >= bootcfg.cores) || mftb() >= deadline)
				break;
			cpu_relax();
		}
	}
	sort_u32(pirs, n);
	cpu_hw_id[0] = boot;
	int ncpu = 1;
	for (int i = 0; i < n && ncpu < NR_CPUS; i++)
		if (pirs[i] != boot)
			cpu_hw_id[ncpu++] = pirs[i];
	if (bootcfg.cores && (u64)ncpu > bootcfg.cores)
		ncpu = (int)bootcfg.cores;
	nr_cpu_ids = ncpu;

	for (int c = 1; c < ncpu; c++) {
		struct paca_struct *p = &paca_array[c];
		struct task_struct *idle = alloc_task_struct("swapper", c);
		p->cpu = (u32)c;
		p->hw_cpu_id = cpu_hw_id[c];
		p->kernel_toc = get_toc();
		p->kmsr = MSR_KERNEL_REAL;
		p->exc_virt = (u64)exc_common_virt;
		p->__current = idle;
		p->idle = idle;
		p->kstack = idle->thread.ksp_top;
		init_idle(idle, c);
		u32 pir = cpu_hw_id[c] & 0xff;
		spin_table[pir].paca = (u64)p;
		smp_mb();
		spin_table[pir].release = (u64)start_secondary;
	}
	u64 deadline = mftb() + 2000000 * tb_ticks_per_usec;
	while (atomic_read(&cpus_online) < ncpu && mftb() < deadline)
		cpu_relax();
	if (atomic_read(&cpus_online) < ncpu)
		panic("only %d of %d CPUs came online", atomic_read(&cpus_online), ncpu);
}
