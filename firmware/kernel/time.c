/* Timebase and decrementer (Linux arch/powerpc/kernel/time.c, reduced to a periodic tick). */
#include "kernel.h"
#include "ppc.h"
#include "bootcfg.h"
#include "fdt.h"

u64 tb_ticks_per_usec = 512;	/* POWER9: 512 MHz timebase */
static u64 dec_ticks;

void time_init(void)
{
	tb_ticks_per_usec = platform.tb_freq / 1000000;
	if (!tb_ticks_per_usec)
		tb_ticks_per_usec = 512;
	dec_ticks = bootcfg.tick_us * tb_ticks_per_usec;
	if (dec_ticks == 0 || dec_ticks > 0x7fffffff)
		dec_ticks = 512000;
}

void time_init_cpu(void)
{
	mtspr(SPRN_DEC, dec_ticks);
}

/* Decrementer: re-arm, then let the scheduler decide whether the running task's slice is up. */
void timer_interrupt(struct pt_regs *regs)
{
	(void)regs;
	mtspr(SPRN_DEC, dec_ticks);
	scheduler_tick();
	if (smp_processor_id() == 0)
		blk_irq();	/* a lost completion interrupt costs one tick, not a hang */
}

/* Spin on the timebase, as Linux's udelay() -> __delay() does. */
void udelay(u64 us)
{
	u64 end = mftb() + us * tb_ticks_per_usec;
	while (mftb() < end)
		cpu_relax();
}
