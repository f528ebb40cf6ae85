/*
 * io_uring (Linux 6.6 io_uring/io_uring.c and io_uring/rw.c, reduced to what the page writer
 * uses): io_uring_setup builds the SQ ring, the CQ ring and the SQE array in kernel pages;
 * the process maps them with mmap(fd, IORING_OFF_SQ_RING / IORING_OFF_CQ_RING /
 * IORING_OFF_SQES), as liburing does. io_uring_enter consumes SQEs and waits for CQEs.
 * Opcodes: WRITE, WRITEV, READ, FSYNC (and NOP) on the block device (fd 3). Every one of them
 * is first issued with IO_URING_F_NONBLOCK from the submitter, returns -EAGAIN (buffered I/O
 * on this device does not support nowait) and is punted to io-wq, whose worker issues it
 * again, blocking: it copies the user buffer through the submitter's mm into a kernel bounce
 * buffer, hands it to the block layer and sleeps until the completion interrupt.
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "mm.h"
#include "bootcfg.h"
#include "syscalls.h"
#include "io_uring.h"

#define IOU_FD_BASE	4	/* ring fds: 4, 5, ... (0-2 console, 3 the block device) */
#define IOU_MAX_RINGS	4
#define SQ_ARRAY_OFF	64
#define CQ_CQES_OFF	64
#define IOU_MMAP_BASE	0x30000000UL

struct io_ring_ctx {
	u32 *sq_ring;			/* head, tail, ring_mask, ring_entries, flags, dropped; array at 64 */
	u32 *cq_ring;			/* head, tail, ring_mask, ring_entries, overflow, flags; cqes at 64 */
	struct io_uring_sqe *sqes;
	u32 sq_entries, cq_entries;
	u32 cached_sq_head;
	spinlock_t completion_lock;
	struct task_struct *submitter;
	struct task_struct *volatile cq_waiter;
	struct io_wq *wq;
	struct mm_struct *mm;
};

static struct io_ring_ctx *rings[IOU_MAX_RINGS];

/* requests: a fixed pool (at most sq + cq entries in flight) */
#define IOU_MAX_REQS 512
static struct io_kiocb req_pool[IOU_MAX_REQS];
static struct io_kiocb *req_free;
static spinlock_t req_lock = SPIN_LOCK_UNLOCKED;
static bool req_pool_ready;

static struct io_kiocb *io_alloc_req(void)
{
	u64 flags;
	spin_lock_irqsave(&req_lock, flags);
	if (!req_pool_ready) {
		for (int i = 0; i < IOU_MAX_REQS; i++) {
			req_pool[i].next_free = req_free;
			req_free = &req_pool[i];
		}
		req_pool_ready = true;
	}
	struct io_kiocb *r = req_free;
	if (r)
		req_free = r->next_free;
	spin_unlock_irqrestore(&req_lock, flags);
	if (r)
		memset(r, 0, sizeof(*r));
	return r;
}

static void io_free_req(struct io_kiocb *r)
{
	u64 flags;
	spin_lock_irqsave(&req_lock, flags);
	r->next_free = req_free;
	req_free = r;
	spin_unlock_irqrestore(&req_lock, flags);
}

static struct io_ring_ctx *io_ctx_get(u64 fd)
{
	if (fd < IOU_FD_BASE || fd >= IOU_FD_BASE + IOU_MAX_RINGS)
		return NULL;
	struct io_ring_ctx *ctx = rings[fd - IOU_FD_BASE];
	return ctx && ctx->mm == current->mm ? ctx : NULL;
}

long sys_io_uring_setup(u64 entries, u64 uparams)
{
	struct io_uring_params p;
	if (copy_from_user(&p, uparams, sizeof(p)))
		return -EFAULT;
	if (entries == 0 || entries > 64 || p.flags)
		return -EINVAL;
	u32 sq = 1;
	while (sq < entries)
		sq <<= 1;
	int slot = -1;
	for (int i = 0; i < IOU_MAX_RINGS; i++)
		if (!rings[i]) {
			slot = i;
			break;
		}
	if (slot < 0)
		return -ENOMEM;
	struct io_ring_ctx *ctx = kzalloc(sizeof(*ctx));
	ctx->sq_entries = sq;
	ctx->cq_entries = 2 * sq;		/* Linux's default: twice the SQ */
	ctx->sq_ring = alloc_pages(0);
	ctx->cq_ring = alloc_pages(0);		/* 64 + 128 x 16 bytes */
	ctx->sqes = alloc_pages(0);		/* 64 x 64 bytes */
	ctx->sq_ring[2] = sq - 1;
	ctx->sq_ring[3] = sq;
	ctx->cq_ring[2] = ctx->cq_entries - 1;
	ctx->cq_ring[3] = ctx->cq_entries;
	ctx->submitter = current;
	ctx->mm = current->mm;
	ctx->wq = io_wq_create(current);

	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	p.cq_entries = ctx->cq_entries;
	p.sq_off = (struct io_sqring_offsets){ .head = 0, .tail = 4, .ring_mask = 8, .ring_entries = 12,
					       .flags = 16, .dropped = 20, .array = SQ_ARRAY_OFF };
	p.cq_off = (struct io_cqring_offsets){ .head = 0, .tail = 4, .ring_mask = 8, .ring_entries = 12,
					       .overflow = 16, .cqes = CQ_CQES_OFF, .flags = 20 };
	if (copy_to_user(uparams, &p, sizeof(p)))
		return -EFAULT;
	rings[slot] = ctx;
	return IOU_FD_BASE + slot;
}

/* mmap of a ring region: the kernel picks the address (MAP_SHARED, populated) */
long io_uring_mmap(u64 fd, u64 len, u64 off)
{
	struct io_ring_ctx *ctx = io_ctx_get(fd);
	void *region;
	if (!ctx)
		return -EBADF;
	if (off == IORING_OFF_SQ_RING)
		region = ctx->sq_ring;
	else if (off == IORING_OFF_CQ_RING)
		region = ctx->cq_ring;
	else if (off == IORING_OFF_SQES)
		region = ctx->sqes;
	else
		return -EINVAL;
	if (len == 0 || len > PAGE_SIZE)
		return -EINVAL;
	struct mm_struct *mm = current->mm;
	u64 flags;
	spin_lock_irqsave(&mm->lock, flags);
	if (!mm->mmap_next)
		mm->mmap_next = IOU_MMAP_BASE;
	u64 va = mm->mmap_next;
	mm->mmap_next += 2 * PAGE_SIZE;		/* an unmapped guard page after each */
	spin_unlock_irqrestore(&mm->lock, flags);
	map_user_page(mm, va, __pa(region), PAGE_USER_RW);
	return (long)va;
}

/* ---- completions ---- */

static void io_cqring_wake(struct io_ring_ctx *ctx)
{
	struct task_struct *t = READ_ONCE(ctx->cq_waiter);
	if (t)
		wake_up_process(t);
}

static void io_req_complete_post(struct io_kiocb *req, long res)
{
	struct io_ring_ctx *ctx = req->ctx;
	volatile u32 *cq = ctx->cq_ring;
	u64 flags;

	spin_lock_irqsave(&ctx->completion_lock, flags);
	u32 tail = cq[1];
	if (tail - READ_ONCE(cq[0]) >= ctx->cq_entries) {
		cq[4]++;			/* overflow: the CQE is dropped */
		iou_stats.cq_overflow++;
	} else {
		struct io_uring_cqe *cqe = (struct io_uring_cqe *)((char *)ctx->cq_ring + CQ_CQES_OFF) +
					   (tail & (ctx->cq_entries - 1));
		cqe->user_data = req->user_data;
		cqe->res = (int)res;
		cqe->flags = 0;
		/* the CQE before the tail (smp_store_release) */
		__asm__ __volatile__("lwsync" ::: "memory");
		cq[1] = tail + 1;
		iou_stats.cqes++;
	}
	if ((req->opcode == IORING_OP_WRITE || req->opcode == IORING_OP_WRITEV) && res > 0) {
		iou_stats.writes_completed++;
		iou_stats.bytes_written += (u64)res;
	} else if (req->opcode == IORING_OP_READ && res > 0) {
		iou_stats.reads_completed++;
	} else if (req->opcode == IORING_OP_FSYNC && res == 0) {
		iou_stats.fsyncs_completed++;
	}
	spin_unlock_irqrestore(&ctx->completion_lock, flags);
	smp_mb();
	io_cqring_wake(ctx);
	io_free_req(req);
}

/* ---- read/write (io_uring/rw.c) ---- */

static int io_rw_init_file(struct io_kiocb *req)
{
	return req->fd == BLK_FD ? 0 : -EBADF;
}

#define IOU_MAX_SEGS 8

/* the user's buffer(s), from the SQE (WRITE/READ: one; WRITEV: an iovec array) */
static long io_import_iovec(struct io_kiocb *req, struct iou_iovec *iov, int *nr)
{
	if (req->opcode == IORING_OP_WRITEV) {
		if (req->len == 0 || req->len > IOU_MAX_SEGS)
			return -EINVAL;
		if (copy_from_user(iov, req->addr, req->len * sizeof(*iov)))
			return -EFAULT;
		*nr = (int)req->len;
	} else {
		iov[0].iov_base = req->addr;
		iov[0].iov_len = req->len;
		*nr = 1;
	}
	u64 total = 0;
	for (int i = 0; i < *nr; i++)
		total += iov[i].iov_len;
	if (total == 0 || total > 64 * 1024 || total % 512 || req->off % 512)
		return -EINVAL;
	return (long)total;
}

static int io_write(struct io_kiocb *req, unsigned int issue_flags)
{
	struct iou_iovec iov[IOU_MAX_SEGS];
	int nr;

	/* the seed email's experiment: a delay before io_rw_init_file() */
	if (bootcfg.udelay_us)
		udelay(bootcfg.udelay_us);
	long ret = io_rw_init_file(req);
	if (ret)
		return (int)ret;
	/* buffered writes to this device cannot be done without blocking: punt to io-wq */
	if (issue_flags & IO_URING_F_NONBLOCK)
		return -EAGAIN;
	long total = io_import_iovec(req, iov, &nr);
	if (total < 0)
		return (int)total;
	u8 *kbuf = kzalloc((u64)total);
	u64 pos = 0;
	for (int i = 0; i < nr && !ret; i++) {
		ret = copy_from_user(kbuf + pos, iov[i].iov_base, iov[i].iov_len);
		pos += iov[i].iov_len;
	}
	if (!ret)
		ret = blk_rw(true, req->off, kbuf, (u64)total);
	kfree(kbuf, (u64)total);
	return (int)ret;
}

static int io_read(struct io_kiocb *req, unsigned int issue_flags)
{
	struct iou_iovec iov[IOU_MAX_SEGS];
	int nr;
	long ret = io_rw_init_file(req);
	if (ret)
		return (int)ret;
	if (issue_flags & IO_URING_F_NONBLOCK)
		return -EAGAIN;
	long total = io_import_iovec(req, iov, &nr);
	if (total < 0)
		return (int)total;
	u8 *kbuf = kzalloc((u64)total);
	ret = blk_rw(false, req->off, kbuf, (u64)total);
	if (ret >= 0 && copy_to_user(iov[0].iov_base, kbuf, (u64)total))
		ret = -EFAULT;
	kfree(kbuf, (u64)total);
	return (int)ret;
}

static int io_fsync(struct io_kiocb *req, unsigned int issue_flags)
{
	if (req->fd != BLK_FD)
		return -EBADF;
	if (issue_flags & IO_URING_F_NONBLOCK)
		return -EAGAIN;		/* fsync always goes async */
	return (int)blk_flush();
}

static int io_issue_sqe(struct io_kiocb *req, unsigned int issue_flags)
{
	int ret;
	switch (req->opcode) {
	case IORING_OP_NOP:
		ret = 0;
		break;
	case IORING_OP_WRITE:
	case IORING_OP_WRITEV:
		ret = io_write(req, issue_flags);
		break;
	case IORING_OP_READ:
		ret = io_read(req, issue_flags);
		break;
	case IORING_OP_FSYNC:
		ret = io_fsync(req, issue_flags);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	if (ret == -EAGAIN && (issue_flags & IO_URING_F_NONBLOCK))
		return ret;
	io_req_complete_post(req, ret);
	return 0;
}

/* io-wq's handler for a punted request: issue it again, now allowed to block */
void io_wq_submit_work(struct io_wq_work *work)
{
	io_issue_sqe((struct io_kiocb *)work, 0);
}

static void io_queue_sqe(struct io_kiocb *req)
{
	if (io_issue_sqe(req, IO_URING_F_NONBLOCK) == -EAGAIN)
		io_wq_enqueue(req->ctx->wq, &req->work);	/* io_queue_iowq */
}

static int io_submit_sqes(struct io_ring_ctx *ctx, u32 nr)
{
	volatile u32 *sq = ctx->sq_ring;
	volatile u32 *array = (volatile u32 *)((char *)ctx->sq_ring + SQ_ARRAY_OFF);
	u32 head = ctx->cached_sq_head;
	u32 tail = READ_ONCE(sq[1]);
	/* the SQEs were written before the tail (smp_load_acquire) */
	__asm__ __volatile__("lwsync" ::: "memory");
	u32 avail = tail - head;
	if (avail > ctx->sq_entries)
		avail = 0;		/* garbage tail: submit nothing */
	if (nr > avail)
		nr = avail;
	u32 done = 0;
	for (; done < nr; done++, head++) {
		u32 idx = array[head & (ctx->sq_entries - 1)];
		if (idx >= ctx->sq_entries) {
			sq[5]++;		/* dropped */
			continue;
		}
		struct io_uring_sqe sqe = ctx->sqes[idx];
		struct io_kiocb *req = io_alloc_req();
		if (!req)
			break;
		req->ctx = ctx;
		req->opcode = sqe.opcode;
		req->fd = sqe.fd;
		req->off = sqe.off;
		req->addr = sqe.addr;
		req->len = sqe.len;
		req->user_data = sqe.user_data;
		if (req->opcode == IORING_OP_WRITE || req->opcode == IORING_OP_WRITEV)
			iou_stats.writes_submitted++;
		io_queue_sqe(req);
	}
	ctx->cached_sq_head = head;
	/* our SQE reads before the head store that hands the slots back */
	__asm__ __volatile__("lwsync" ::: "memory");
	sq[0] = head;
	return (int)done;
}

/* io_run_task_work(): task work found while waiting runs here, in the syscall */
static void io_run_task_work(void)
{
	if (test_tsk_thread_flag(current, TIF_NOTIFY_SIGNAL)) {
		clear_tsk_thread_flag(current, TIF_NOTIFY_SIGNAL);
		smp_mb();
	}
	if (READ_ONCE(current->task_works)) {
		current->stats.task_work_runs[0]++;
		task_work_run();
	}
}

static u32 io_cqring_events(struct io_ring_ctx *ctx)
{
	volatile u32 *cq = ctx->cq_ring;
	return READ_ONCE(cq[1]) - READ_ONCE(cq[0]);
}

static int io_cqring_wait(struct io_ring_ctx *ctx, u32 min_events)
{
	for (;;) {
		if (io_cqring_events(ctx) >= min_events)
			return 0;
		if (READ_ONCE(current->task_works) || test_tsk_thread_flag(current, TIF_NOTIFY_SIGNAL)) {
			io_run_task_work();
			continue;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		ctx->cq_waiter = current;
		smp_mb();
		if (io_cqring_events(ctx) >= min_events || test_tsk_thread_flag(current, TIF_NOTIFY_SIGNAL)) {
			__set_current_state(TASK_RUNNING);
			ctx->cq_waiter = NULL;
			continue;
		}
		schedule();
		ctx->cq_waiter = NULL;
	}
}

long sys_io_uring_enter(u64 fd, u64 to_submit, u64 min_complete, u64 flags)
{
	struct io_ring_ctx *ctx = io_ctx_get(fd);
	if (!ctx)
		return -EBADF;
	if (flags & ~(u64)IORING_ENTER_GETEVENTS)
		return -EINVAL;
	long ret = 0;
	if (to_submit)
		ret = io_submit_sqes(ctx, (u32)to_submit);
	if (flags & IORING_ENTER_GETEVENTS) {
		u32 min = (u32)(min_complete > ctx->cq_entries ? ctx->cq_entries : min_complete);
		io_cqring_wait(ctx, min);
	}
	return ret;
}
