/* The boot configuration block and its parser. */
#include "bootcfg.h"
#include "printk.h"
#include "string.h"

#define X_TEXT(k, d, h) #k "=" d "\n"
__section(".bootcfg") __used char bootcfg_block[BOOTCFG_SIZE] = BOOTCFG_MAGIC BOOTCFG_KEYS(X_TEXT);

struct bootcfg bootcfg;

static u64 parse_u64(const char *s, size_t n, bool *ok)
{
	u64 v = 0;
	*ok = n > 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			*ok = false;
			return 0;
		}
		v = v * 10 + (u64)(s[i] - '0');
	}
	return v;
}

static void set_str(char *dst, const char *s, size_t n)
{
	if (n > 15)
		n = 15;
	memcpy(dst, s, n);
	dst[n] = 0;
}

#define X_DEFAULT(k, d, h) apply(#k, d, sizeof(d) - 1);

static bool apply(const char *key, const char *val, size_t n)
{
	bool ok = true;
#define NUM(k) if (!strcmp(key, #k)) { u64 v = parse_u64(val, n, &ok); if (ok) bootcfg.k = v; return ok; }
#define STR(k) if (!strcmp(key, #k)) { set_str(bootcfg.k, val, n); return true; }
	NUM(cores) NUM(tick_us) NUM(task_ms) NUM(ipi_rounds) NUM(blk_blocks) NUM(ramdisk_kb)
	NUM(udelay_us) NUM(repro_ms) NUM(pages) NUM(rounds) NUM(inflight) NUM(batch) NUM(getevents) NUM(writev_every) NUM(fill_mix)
	NUM(page_work) NUM(seed)
	NUM(iowq_max_workers) NUM(iowq_idle_us)
	STR(fdt) STR(blk) STR(devices) STR(twa) STR(barrier) STR(ipi_sync) STR(fpu_fix) STR(selftest)
#undef NUM
#undef STR
	return false;
}

bool bootcfg_is(const char *value, const char *want)
{
	return !strcmp(value, want);
}

void bootcfg_parse(void)
{
	BOOTCFG_KEYS(X_DEFAULT)
	const volatile char *b = bootcfg_block;
	size_t i = BOOTCFG_MAGIC_LEN;
	if (memcmp((const char *)b, BOOTCFG_MAGIC, BOOTCFG_MAGIC_LEN)) {
		printk("bootcfg: no valid block, using defaults\n");
		return;
	}
	while (i < BOOTCFG_SIZE && b[i]) {
		char line[96];
		size_t n = 0;
		while (i < BOOTCFG_SIZE && b[i] && b[i] != '\n') {
			if (n < sizeof(line) - 1)
				line[n++] = b[i];
			i++;
		}
		if (i < BOOTCFG_SIZE && b[i] == '\n')
			i++;
		line[n] = 0;
		if (n == 0 || line[0] == '#')
			continue;
		size_t eq = 0;
		while (eq < n && line[eq] != '=')
			eq++;
		if (eq == n) {
			printk("bootcfg: ignoring malformed line '%s'\n", line);
			continue;
		}
		line[eq] = 0;
		if (!apply(line, line + eq + 1, n - eq - 1))
			printk("bootcfg: ignoring unknown key or bad value '%s=%s'\n", line, line + eq + 1);
	}
}

void bootcfg_print(void)
{
	printk("bootcfg: fdt=%s cores=%lu tick_us=%lu task_ms=%lu ipi_rounds=%lu blk=%s blk_blocks=%lu devices=%s\n",
	       bootcfg.fdt, bootcfg.cores, bootcfg.tick_us, bootcfg.task_ms, bootcfg.ipi_rounds, bootcfg.blk,
	       bootcfg.blk_blocks, bootcfg.devices);
	printk("bootcfg: twa=%s barrier=%s ipi_sync=%s fpu_fix=%s udelay_us=%lu repro_ms=%lu selftest=%s\n",
	       bootcfg.twa, bootcfg.barrier, bootcfg.ipi_sync, bootcfg.fpu_fix, bootcfg.udelay_us, bootcfg.repro_ms,
	       bootcfg.selftest);
	printk("bootcfg: pages=%lu rounds=%lu inflight=%lu batch=%lu getevents=%lu writev_every=%lu fill_mix=%lu page_work=%lu seed=%lu iowq_max_workers=%lu iowq_idle_us=%lu\n",
	       bootcfg.pages, bootcfg.rounds, bootcfg.inflight, bootcfg.batch, bootcfg.getevents, bootcfg.writev_every, bootcfg.fill_mix, bootcfg.page_work, bootcfg.seed,
	       bootcfg.iowq_max_workers, bootcfg.iowq_idle_us);
}
