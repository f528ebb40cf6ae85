/* 16550 console: real-mode cache-inhibited stores (stbcix) before the MMU is on, then a
 * cache-inhibited mapping. The simulator-control device powers off when present. */
#include "devices.h"
#include "printk.h"
#include "ppc.h"
#include "mm.h"
#include "bootcfg.h"

static volatile u8 *uart_virt;
bool ppcsim_devices;
volatile u8 *simctl_regs;

static void uart_putc(char c)
{
	if (mfmsr() & MSR_DR) {
		if (!uart_virt)
			return;
		for (int i = 0; i < 100000 && !(in_8(uart_virt + UART_LSR) & UART_LSR_THRE); i++)
			;
		out_8(uart_virt + UART_THR, (u8)c);
	} else {
		for (int i = 0; i < 100000 && !(lbzcix(UART_PA + UART_LSR) & UART_LSR_THRE); i++)
			;
		stbcix(UART_PA + UART_THR, (u8)c);
	}
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
}

void console_init_virt(void)
{
	uart_virt = ioremap(UART_PA, 8);
}

void sim_trace(u64 marker)
{
	if (simctl_regs)
		out_le64(simctl_regs + SIMCTL_MARKER, marker);
}

void __noreturn machine_halt(int status)
{
	hard_irq_disable();
	if (simctl_regs)
		out_le64(simctl_regs + SIMCTL_POWEROFF, (u64)status);
	/* QEMU: the runner kills the machine once it sees the end line; wait quietly */
	for (;;) {
		mtspr(SPRN_DEC, 0x7fffffff);	/* keep the decrementer from waking stop */
		mtspr(SPRN_PSSCR, 0);
		__asm__ __volatile__("stop" ::: "memory");
	}
}

/* The PpcSim device window answers with a magic number; on QEMU the addresses are
 * unassigned and read as zero (a fault would also mean "absent"). */
void devices_probe(void)
{
	if (bootcfg_is(bootcfg.devices, "off"))
		return;
	volatile u8 *regs = ioremap(SIMCTL_PA, PAGE_SIZE);
	u64 v = 0;
	extern int probe_ld(volatile void *ea, u64 *value);
	if (probe_ld(regs + SIMCTL_MAGIC, &v) == 0 && v == SIMCTL_MAGIC_VALUE) {
		ppcsim_devices = true;
		simctl_regs = regs;
	} else if (bootcfg_is(bootcfg.devices, "on")) {
		panic("devices=on but the PpcSim simulator-control device did not answer");
	}
}
