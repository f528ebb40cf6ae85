/*
 * The interface between the firmware kernel and the io_uring page writer (workloads/iou/):
 * Linux's io_uring UAPI (include/uapi/linux/io_uring.h layouts and numbers, written here from
 * the documented ABI), the disk page format of the CONTRACT (firmware/README.md), and the
 * mailbox page through which the kernel passes the knobs in and the writer its results out.
 * Included by both sides; only fixed-width types, no code.
 */
#ifndef _IOU_ABI_H
#define _IOU_ABI_H

#define __NR_mmap		90
#define __NR_io_uring_setup	425
#define __NR_io_uring_enter	426

/* io_uring_params.flags / features: none are implemented or claimed */
#define IORING_ENTER_GETEVENTS	(1U << 0)

/* mmap offsets of the three regions (the ring fd is the file) */
#define IORING_OFF_SQ_RING	0x00000000ULL
#define IORING_OFF_CQ_RING	0x08000000ULL
#define IORING_OFF_SQES		0x10000000ULL

/* opcodes (Linux numbering) */
#define IORING_OP_NOP		0
#define IORING_OP_READV		1
#define IORING_OP_WRITEV	2
#define IORING_OP_FSYNC		3
#define IORING_OP_READ		22
#define IORING_OP_WRITE		23

struct io_sqring_offsets {
	unsigned int head, tail, ring_mask, ring_entries, flags, dropped, array, resv1;
	unsigned long long user_addr;
};

struct io_cqring_offsets {
	unsigned int head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1;
	unsigned long long user_addr;
};

struct io_uring_params {			/* 120 bytes */
	unsigned int sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd;
	unsigned int resv[3];
	struct io_sqring_offsets sq_off;
	struct io_cqring_offsets cq_off;
};

struct io_uring_sqe {				/* 64 bytes */
	unsigned char opcode;
	unsigned char flags;
	unsigned short ioprio;
	int fd;
	unsigned long long off;
	unsigned long long addr;
	unsigned int len;
	unsigned int rw_flags;			/* union: fsync_flags, ... */
	unsigned long long user_data;
	unsigned short buf_index;
	unsigned short personality;
	int splice_fd_in;
	unsigned long long addr3;
	unsigned long long __pad2[1];
};

struct io_uring_cqe {				/* 16 bytes */
	unsigned long long user_data;
	int res;
	unsigned int flags;
};

struct iou_iovec { unsigned long long iov_base, iov_len; };

/* the block device is file descriptor 3 in every process (no open() in this kernel) */
#define IOU_BLK_FD		3

/* ---- the disk page (CONTRACT in firmware/README.md) ---- */
#define PAGE_BYTES		4096
#define PAGE_MAGIC		0x4750534d49534350ULL	/* "PCSIMSPG" little-endian */
#define PAGE_RECORDS		127
#define PAGE_P(p, g)		(0x00007fff80000000ULL + (unsigned long long)(p) * 0x10000ULL + (unsigned long long)(g) * 0x10ULL)
#define PAGE_DW2(p, g, i)	((unsigned long long)(p) * 1000003ULL + (unsigned long long)(g) * 7919ULL + (unsigned long long)(i))
#define PAGE_DW3_XOR		0xa5a5a5a55a5a5a5aULL
#define FNV64_OFFSET		0xcbf29ce484222325ULL
#define FNV64_PRIME		0x00000100000001b3ULL

/* ---- mailbox: one page at IOU_MAILBOX in the writer's address space, written by the kernel
 * through its linear map. u64 words. ---- */
#define IOU_MAILBOX		0x20000000UL
#define MB_MAGIC		0	/* kernel: IOU_MB_MAGIC once the knobs below are valid */
#define MB_PAGES		1	/* kernel: pages per round */
#define MB_ROUNDS		2	/* kernel: rounds (generations 1..rounds) */
#define MB_INFLIGHT		3	/* kernel: buffers (writes in flight) */
#define MB_STOP			4	/* kernel: 1 = time bound reached, finish now */
#define MB_WRITEV_EVERY		5	/* kernel: every Nth write is a 2-iovec WRITEV (0: none) */
#define MB_FILL_MIX		6	/* kernel: scalar hash rounds per record in the fill (window length) */
#define MB_BATCH		7	/* kernel: pages per submitting io_uring_enter (a flush batch) */
#define MB_GETEVENTS		59	/* kernel: 1 = io_uring_enter(GETEVENTS) after every page fill */
#define MB_STATUS		8	/* writer: 1 running, 2 done, 3 failed (see MB_ERROR) */
#define MB_ERROR		9	/* writer: step that failed, 0 = none */
#define MB_CORRUPT_PAGES	10	/* writer: pages whose read-back differs from the expected */
#define MB_PAGES_CHECKED	11
#define MB_WRITES		12	/* writer: write SQEs it submitted */
#define MB_ENTERS		13	/* writer: io_uring_enter calls */
#define MB_FILL_FP		14	/* writer: the double it computed (bit pattern) */
#define MB_RECORD_HASH		15	/* writer: XOR of the fill's record hashes */
#define MB_NREPORTS		16	/* writer: entries in MB_REPORTS (first mismatch of each corrupt page) */
#define MB_REPORTS		20	/* 4 words each: page, byte offset, expected, found */
#define MB_FILL_LO		60	/* writer: [lo, hi) = fill_records' code: vs0 is live there */
#define MB_FILL_HI		61
#define MB_PAGE_WORK		62	/* kernel: per-page work after the fill: uniform 0..N rounds */
#define MB_SEED			63	/* kernel: seed of that work (the machine's seed under ppcsim repro) */
#define MB_MAX_REPORTS		8
#define IOU_MB_MAGIC		0x494f555249474e47ULL

#endif
