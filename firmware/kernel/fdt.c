/*
 * Flattened device tree scan (devicetree specification v0.3, chapter 5): the CPU threads
 * (ibm,ppc-interrupt-server#s, one PIR per thread), memory size and timebase frequency.
 */
#include "fdt.h"
#include "string.h"
#include "printk.h"

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

struct platform_info platform;

static u32 be32(const void *p) { return be32_to_cpu(*(const u32 *)p); }

static u64 be_cells(const u8 *p, int cells)
{
	u64 v = 0;
	for (int i = 0; i < cells; i++)
		v = (v << 32) | be32(p + 4 * i);
	return v;
}

void fdt_scan(const void *fdt)
{
	const u8 *base = fdt;
	platform.tb_freq = 512000000;
	if (!fdt || be32(base) != FDT_MAGIC)
		return;
	platform.fdt_valid = true;
	platform.boot_pir = be32(base + 0x1c);
	const u8 *p = base + be32(base + 8);
	const char *strings = (const char *)base + be32(base + 12);
	const u8 *end = p + be32(base + 36);

	int depth = 0;
	char path[4][32];
	bool is_cpu = false, is_memory = false;
	int root_acells = 2, root_scells = 2;
	u32 reg_pir = 0, servers[8];
	int nservers = 0;
	bool have_reg = false;

	while (p < end) {
		u32 tok = be32(p);
		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			size_t n = strlen(name);
			if (depth < 4)
				strncpy(path[depth], name, 31), path[depth][31] = 0;
			depth++;
			if (depth == 3) {
				is_cpu = false;
				have_reg = false;
				nservers = 0;
			}
			if (depth == 2)
				is_memory = !strncmp(name, "memory", 6);
			p += ALIGN_UP(n + 1, 4);
		} else if (tok == FDT_END_NODE) {
			/* a CPU node lists its threads' PIRs; without that property "reg" is the PIR */
			if (depth == 3 && is_cpu) {
				if (!nservers && have_reg)
					servers[nservers++] = reg_pir;
				for (int i = 0; i < nservers && platform.nr_threads < MAX_THREADS; i++)
					platform.pir[platform.nr_threads++] = servers[i];
				is_cpu = false;
			}
			if (depth == 2)
				is_memory = false;
			depth--;
		} else if (tok == FDT_PROP) {
			u32 len = be32(p), nameoff = be32(p + 4);
			const u8 *val = p + 8;
			const char *pname = strings + nameoff;
			p += 8 + ALIGN_UP(len, 4);
			if (depth == 1) {
				if (!strcmp(pname, "#address-cells"))
					root_acells = (int)be32(val);
				else if (!strcmp(pname, "#size-cells"))
					root_scells = (int)be32(val);
				else if (!strcmp(pname, "model"))
					strncpy(platform.model, (const char *)val, sizeof(platform.model) - 1);
				else if (!strcmp(pname, "compatible"))
					strncpy(platform.compatible, (const char *)val, sizeof(platform.compatible) - 1);
			}
			if (depth == 3 && !strcmp(path[1], "cpus")) {
				if (!strcmp(pname, "device_type") && !strcmp((const char *)val, "cpu"))
					is_cpu = true;
				if (!strcmp(pname, "ibm,ppc-interrupt-server#s"))
					for (u32 i = 0; i + 4 <= len && nservers < 8; i += 4)
						servers[nservers++] = be32(val + i);
				if (!strcmp(pname, "reg")) {
					have_reg = true;
					reg_pir = be32(val);
				}
				if (!strcmp(pname, "timebase-frequency"))
					platform.tb_freq = len == 8 ? be_cells(val, 2) : be32(val);
			}
			if (depth == 2 && is_memory && !strcmp(pname, "reg")) {
				int stride = 4 * (root_acells + root_scells);
				for (u32 i = 0; i + stride <= len; i += stride)
					platform.mem_size += be_cells(val + i + 4 * root_acells, root_scells);
			}
		} else if (tok == FDT_NOP) {
			continue;
		} else {
			break;
		}
	}
}
