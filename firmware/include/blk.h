/*
 * The PpcSim block device (register and descriptor layout; README.md has the full contract).
 * Registers are little-endian, 32 or 64 bits wide, in the 4 KB page at BLKDEV_PA.
 */
#ifndef _BLK_H
#define _BLK_H
#include "types.h"

#define BLK_REG_MAGIC		0x00	/* RO u32: 0x4b4c4250 "PBLK" */
#define BLK_REG_VERSION		0x04	/* RO u32: 1 */
#define BLK_REG_CAPACITY	0x08	/* RO u64: size in 512-byte sectors */
#define BLK_REG_RING_BASE	0x10	/* RW u64: real address of the descriptor ring */
#define BLK_REG_RING_SIZE	0x18	/* RW u32: descriptors (power of 2); write = reset indices */
#define BLK_REG_IRQ_TARGET	0x1c	/* RW u32: PIR that receives the completion interrupt */
#define BLK_REG_SQ_TAIL		0x20	/* WO u32: doorbell, producer index (free running) */
#define BLK_REG_CQ_HEAD		0x24	/* RO u32: completed descriptors (free running) */
#define BLK_REG_IRQ_STATUS	0x28	/* R/W1C u32: bit 0 completion pending */
#define BLK_REG_IRQ_ENABLE	0x2c	/* RW u32: bit 0 */
#define BLK_MAGIC_VALUE		0x4b4c4250

#define BLK_OP_READ		1	/* device -> memory */
#define BLK_OP_WRITE		2	/* memory -> device */
#define BLK_OP_FLUSH		3
#define BLK_ST_PENDING		0
#define BLK_ST_OK		1
#define BLK_ST_IOERR		2
#define BLK_ST_BADREQ		3

struct blk_desc {		/* 64 bytes, little-endian, in guest memory */
	u32 op;
	u32 status;		/* written by the device when the descriptor completes */
	u64 sector;
	u64 addr;		/* real address of the data buffer */
	u32 len;		/* bytes, multiple of 512 */
	u32 flags;
	u64 tag;		/* opaque to the device */
	u64 reserved[3];
};

#define SECTOR_SIZE 512

#endif
