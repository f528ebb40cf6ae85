/*
 * Platform devices. The console is the 16550 UART at QEMU powernv9's LPC COM1 address; PpcSim
 * puts its UART at the same real address. The PpcSim-only devices (simulator control, block
 * device) live in a separate MMIO window and are probed (README.md documents the registers).
 */
#ifndef _DEVICES_H
#define _DEVICES_H
#include "types.h"

#define UART_PA		0x00060300d00103f8UL	/* chip 0 LPC I/O space + COM1 (0x3f8) */
#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_THRE	0x20

#define PPCSIM_MMIO_PA		0x0006040000000000UL	/* PpcSim device window */
#define SIMCTL_PA		(PPCSIM_MMIO_PA + 0x0000)
#define BLKDEV_PA		(PPCSIM_MMIO_PA + 0x1000)

/* simulator control registers (32/64-bit little-endian) */
#define SIMCTL_MAGIC		0x00	/* RO u32: 0x4d495350 "PSIM" */
#define SIMCTL_VERSION		0x04	/* RO u32: 1 */
#define SIMCTL_POWEROFF		0x08	/* WO u32: stop the simulation, exit status = value */
#define SIMCTL_TRACE		0x10	/* WO u64: trace marker (recorded with core and cycle) */
#define SIMCTL_MAGIC_VALUE	0x4d495350

extern bool ppcsim_devices;
extern volatile u8 *simctl_regs;

void console_init_virt(void);
void devices_probe(void);
void __noreturn machine_halt(int status);
void sim_trace(u64 marker);

#endif
