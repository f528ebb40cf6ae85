/* io_uring and io-wq inside the kernel (Linux 6.6 io_uring/io_uring.c, io_uring/rw.c,
 * io_uring/io-wq.c, reduced). The UAPI layouts are in workloads/iou/iou_abi.h. */
#ifndef _IO_URING_H
#define _IO_URING_H
#include "kernel.h"
#include "iou_abi.h"

struct io_wq_work {
	struct io_wq_work *next;
};

struct io_ring_ctx;

struct io_kiocb {			/* one request */
	struct io_wq_work work;		/* first: container_of by cast */
	struct io_ring_ctx *ctx;
	u8 opcode;
	int fd;
	u64 off, addr, user_data;
	u32 len;
	struct io_kiocb *next_free;
};

struct io_wq;
struct io_wq *io_wq_create(struct task_struct *owner);
void io_wq_enqueue(struct io_wq *wq, struct io_wq_work *work);
void io_wq_submit_work(struct io_wq_work *work);	/* io_uring.c: run a punted request */

#define IO_URING_F_NONBLOCK 1
#endif
