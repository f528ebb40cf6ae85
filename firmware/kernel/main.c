/*
 * Boot: early_setup (real mode, boot thread) -> start_kernel (translation on) -> bring up the
 * other threads -> the self-test kernel thread; every CPU then idles in cpu_idle().
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "bootcfg.h"
#include "fdt.h"
#include "mm.h"
#include "devices.h"

struct paca_struct paca_array[NR_CPUS];
u8 init_stack[THREAD_SIZE] __aligned(THREAD_SIZE);
static struct task_struct init_task __aligned(128);
extern char exc_common_virt[], _end[];
extern u64 get_toc(void);
extern void __noreturn __enable_mmu_and_jump(void (*fn)(void), u64 msr);
extern void init_idle(struct task_struct *idle, int cpu);

static void __noreturn start_kernel(void);

#define FDT_RESERVED_START (16UL << 20)		/* QEMU puts the device tree at 16 MB */
#define ALLOC_START (32UL << 20)

void __noreturn early_setup(void *fdt, u32 pir);
void __noreturn early_setup(void *fdt, u32 pir)
{
	struct paca_struct *p = &paca_array[0];
	p->cpu = 0;
	p->hw_cpu_id = pir;
	p->kernel_toc = get_toc();
	p->kmsr = MSR_KERNEL_REAL;
	p->exc_virt = (u64)exc_common_virt;
	p->kstack = (u64)init_stack + THREAD_SIZE;
	strncpy(init_task.comm, "swapper", sizeof(init_task.comm));
	init_task.thread.ksp_top = p->kstack;
	init_task.stack = init_stack;
	atomic_set(&init_task.usage, 1);
	p->__current = &init_task;
	p->idle = &init_task;

	printk("\nppcsim-kernel: PpcSim test kernel (Linux 6.6 shapes), boot thread PIR %u\n", pir);
	bootcfg_parse();
	fdt_scan(bootcfg_is(bootcfg.fdt, "ignore") ? NULL : fdt);

	/* without a device tree: PpcSim's default machine has 256 MB (the kernel uses < 64 MB) */
	u64 mem = platform.mem_size ? platform.mem_size : (256UL << 20);
	if (mem > (1UL << 30))
		mem = 1UL << 30;
	mem_init(ALLOC_START, mem);
	radix_init(mem);
	radix_enable_cpu();
	p->kmsr = MSR_KERNEL;
	__enable_mmu_and_jump(start_kernel, MSR_KERNEL);
}

static void __noreturn start_kernel(void)
{
	console_init_virt();
	printk("info: platform fdt=%s model='%s' compatible='%s' threads=%d mem=%lu MB timebase=%lu Hz\n",
	       platform.fdt_valid ? "yes" : "no", platform.model, platform.compatible,
	       platform.nr_threads, platform.mem_size >> 20, platform.tb_freq);
	printk("info: PVR %08lx MSR %016lx LPCR %016lx PTCR %016lx HID0 %016lx\n", mfspr(SPRN_PVR), mfmsr(),
	       mfspr(SPRN_LPCR), mfspr(SPRN_PTCR), mfspr(SPRN_HID0));
	bootcfg_print();
	fpu_fix_mode = bootcfg_is(bootcfg.fpu_fix, "on") ? FPU_FIX_ON :
		       bootcfg_is(bootcfg.fpu_fix, "giveup") ? FPU_FIX_GIVEUP : FPU_FIX_OFF;
	ipi_sync_enabled = !bootcfg_is(bootcfg.ipi_sync, "off");

	devices_probe();
	sched_init();
	init_idle(&init_task, 0);
	time_init();
	time_init_cpu();
	smp_prepare_cpus();
	for (int c = 0; c < nr_cpu_ids; c++)
		printk("info: cpu%d PIR %u online\n", c, get_hard_smp_processor_id(c));
	blk_init();
	printk("info: devices %s, block backend %s (%lu KiB)\n", ppcsim_devices ? "ppcsim" : "none",
	       blk_backend_name(), blk_capacity() >> 10);

	wake_up_new_task(kthread_create_on_cpu(selftest_thread, NULL, 0, "selftest"));
	cpu_idle();
}
