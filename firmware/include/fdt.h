#ifndef _FDT_H
#define _FDT_H
#include "types.h"

#define MAX_THREADS 64

struct platform_info {
	bool fdt_valid;
	u32 boot_pir;
	int nr_threads;
	u32 pir[MAX_THREADS];		/* hardware thread ids in device-tree order */
	u64 mem_size;
	u64 tb_freq;
	char model[48];
	char compatible[64];
};

extern struct platform_info platform;
void fdt_scan(const void *fdt);

#endif
