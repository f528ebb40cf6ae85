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

/* PpcSim device window: chip 0's XIVE VC BAR on real POWER9, unmapped on QEMU powernv9
 * without skiboot (reads return 0), so probing it there finds nothing */
#define PPCSIM_MMIO_PA		0x0006010000000000UL
#define SIMCTL_PA		(PPCSIM_MMIO_PA + 0x0000)	/* PpcSim.Devices.SimControl */
#define BLKDEV_PA		(PPCSIM_MMIO_PA + 0x1000)

/* simulator control registers (64-bit little-endian) */
#define SIMCTL_MAGIC		0x00	/* RO: 0x50504353494d0001 ("PPCSIM", version 1) */
#define SIMCTL_POWEROFF		0x08	/* WO: stop the machine, exit status = value & 0xff */
#define SIMCTL_MARKER		0x10	/* WO: trace marker (recorded with thread and cycle) */
#define SIMCTL_MARKARG		0x18	/* WO: argument attached to the next marker */
#define SIMCTL_PUTC		0x20	/* WO: a byte on the simulator's own log */
#define SIMCTL_MAGIC_VALUE	0x50504353494d0001UL

extern bool ppcsim_devices;
extern volatile u8 *simctl_regs;

void console_init_virt(void);
void devices_probe(void);
void __noreturn machine_halt(int status);
void sim_trace(u64 marker);

#endif
