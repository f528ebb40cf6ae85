/*
 * Boot configuration block: 4096 bytes at image offset 0x1000 (physical 0x1000): the 16-byte
 * magic "PPCSIM-BOOTCFG\0\0", then "key=value\n" lines, NUL-padded (PpcSim.Platform's
 * BootConfigBlock reads and writes this format). Every key appears in the committed image with
 * its default, so tools that patch the block (ppcsim boot --set, firmware/run-qemu.sh --set)
 * can reject unknown keys. See README.md.
 */
#ifndef _BOOTCFG_H
#define _BOOTCFG_H
#include "types.h"

#define BOOTCFG_MAGIC "PPCSIM-BOOTCFG\0\0"
#define BOOTCFG_MAGIC_LEN 16
#define BOOTCFG_SIZE 4096

/* X(key, default, help) */
#define BOOTCFG_KEYS(X) \
	X(cores,       "0",      "CPUs to use; 0: all found. Without a device tree: wait for this many to check in") \
	X(fdt,         "use",    "use | ignore the device tree in r3 (ignore: find threads by check-in, as without one)") \
	X(tick_us,     "1000",   "decrementer period in microseconds (preemption tick)") \
	X(task_ms,     "30",     "run time of each FP/VMX/VSX self-test task") \
	X(ipi_rounds,  "16",     "doorbell IPIs per ordered pair of CPUs") \
	X(blk,         "auto",   "block backend: auto | ppcsim | ramdisk | loopback (software model of the PpcSim device)") \
	X(blk_blocks,  "32",     "4 KiB blocks in the write/read round trip") \
	X(ramdisk_kb,  "1024",   "RAM disk size when the PpcSim block device is absent") \
	X(devices,     "auto",   "PpcSim MMIO devices: auto (probe) | on | off") \
	X(twa,         "signal", "task_work notify mode for the task-work test: signal | noipi") \
	X(barrier,     "none",   "extra barrier between try_to_wake_up and kick_process: none | lwsync | sync") \
	X(ipi_sync,    "on",     "sync before msgsnd in doorbell_global_ipi: on | off") \
	X(fpu_fix,     "off",    "save_fpu/save_altivec: off (Linux 6.6) | on (5e1d824f9a28) | giveup") \
	X(udelay_us,   "0",      "udelay in io_write() before io_rw_init_file() (the seed email's experiment)") \
	X(repro_ms,    "0",      "run the io_uring page writer (pages x rounds writes); stop it after this many simulated ms (0: skip)") \
	X(pages,       "64",     "page writer: pages per round (disk pages 0..pages-1)") \
	X(rounds,      "2",      "page writer: rounds (generations 1..rounds); pages x rounds writes") \
	X(inflight,    "16",     "page writer: page buffers (writes in flight), 1..16") \
	X(batch,       "8",      "page writer: pages submitted per io_uring_enter (a flush batch)") \
	X(getevents,   "1",      "page writer: 1 = io_uring_enter(GETEVENTS) after every page fill it does not submit") \
	X(writev_every, "4",     "page writer: every Nth write is a 2-iovec IORING_OP_WRITEV (0: none)") \
	X(fill_mix,    "16",     "page writer: scalar hash rounds per record while vs0 is live (window length)") \
	X(page_work,   "60000",  "page writer: seeded per-page scalar work around the fill: 0..page_work/4 rounds before (pick the page), 0..page_work after (encrypt)") \
	X(seed,        "1",      "seed of the page writer's per-page work (ppcsim repro sets the machine's seed)") \
	X(iowq_max_workers, "8", "io-wq: at most this many workers") \
	X(iowq_idle_us, "1000",  "io-wq: a worker idle this long exits (all but the last; woken by the tick)") \
	X(selftest,    "on",     "on | off: skip the self-test phases (ppcsim repro runs only the demonstration)")

struct bootcfg {
	u64 cores, tick_us, task_ms, ipi_rounds, blk_blocks, ramdisk_kb, udelay_us, repro_ms;
	u64 pages, rounds, inflight, batch, getevents, writev_every, fill_mix, page_work, seed, iowq_max_workers, iowq_idle_us;
	char fdt[16], blk[16], devices[16], twa[16], barrier[16], ipi_sync[16], fpu_fix[16], selftest[16];
};

extern struct bootcfg bootcfg;
void bootcfg_parse(void);
void bootcfg_print(void);
bool bootcfg_is(const char *value, const char *want);

#endif
