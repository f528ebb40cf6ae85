/*
 * The io_uring page writer: a freestanding ppc64le program (no libc) that runs on the PpcSim
 * firmware kernel, shaped like InnoDB's page cleaner on the machine of the report. For every
 * generation g = 1..rounds and page p = 0..pages-1 it fills a 4 KiB page buffer with VSX code
 * in which vs0 stays live across the whole fill (fill.S), checksums it (FNV-1a), hands it to
 * io_uring with IORING_OP_WRITE (every MB_WRITEV_EVERY-th as a two-iovec IORING_OP_WRITEV) and
 * submits it with io_uring_enter right away, so the writer enters the kernel between page
 * fills. Up to `inflight` buffers are in flight; completions are reaped from the CQ ring.
 * After the last round: IORING_OP_FSYNC, then every page is read back with IORING_OP_READ
 * and compared word by word with the expected content recomputed from (p, rounds) with
 * scalar code. The results go to the mailbox page; the kernel prints them (firmware README).
 */
#include "iou_abi.h"

typedef unsigned long long u64;
typedef unsigned int u32;
typedef long long s64;

#define MAX_INFLIGHT 16

long syscall6(long nr, long a, long b, long c, long d, long e, long f);
void __attribute__((noreturn)) sys_exit(long code);
u64 fill_records(u64 *rec, u64 P, u64 base, u64 mix);
extern const char fill_records_end[];

static volatile u64 *const mb = (volatile u64 *)IOU_MAILBOX;

/* ---- system calls: out of line, so the compiler treats every volatile register (vs0 among
 * them) as clobbered across them, as the ELFv2 ABI says ---- */
__attribute__((noinline)) long syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r0 __asm__("r0") = nr;
	register long r3 __asm__("r3") = a;
	register long r4 __asm__("r4") = b;
	register long r5 __asm__("r5") = c;
	register long r6 __asm__("r6") = d;
	register long r7 __asm__("r7") = e;
	register long r8 __asm__("r8") = f;
	long cr;
	__asm__ __volatile__("sc; mfcr %1"
			     : "+r"(r3), "=r"(cr), "+r"(r0), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
			     :
			     : "r9", "r10", "r11", "r12", "ctr", "xer", "cr0", "memory");
	return (cr & 0x10000000) ? -r3 : r3;
}

void sys_exit(long code)
{
	syscall6(1, code, 0, 0, 0, 0, 0);
	for (;;)
		;
}

static long io_uring_setup(u32 entries, struct io_uring_params *p)
{
	return syscall6(__NR_io_uring_setup, entries, (long)p, 0, 0, 0, 0);
}

static long io_uring_enter(int fd, u32 to_submit, u32 min_complete, u32 flags)
{
	return syscall6(__NR_io_uring_enter, fd, to_submit, min_complete, flags, 0, 0);
}

static void *mmap_ring(int fd, u64 len, u64 off)
{
	/* PROT_READ|PROT_WRITE = 3, MAP_SHARED|MAP_POPULATE = 0x8001 */
	long r = syscall6(__NR_mmap, 0, (long)len, 3, 0x8001, fd, (long)off);
	return r < 0 && r > -4096 ? (void *)0 : (void *)r;
}

/* GCC may emit calls to these */
void *memset(void *d, int c, unsigned long n);
void *memset(void *d, int c, unsigned long n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

static inline void lwsync(void) { __asm__ __volatile__("lwsync" ::: "memory"); }

/* ---- the ring ---- */
struct ring {
	int fd;
	volatile u32 *sq_head, *sq_tail, *sq_array, *cq_head, *cq_tail;
	u32 sq_mask, cq_mask, sq_entries;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	u32 sq_local_tail;
};

static int ring_init(struct ring *r, u32 entries)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	long fd = io_uring_setup(entries, &p);
	if (fd < 0)
		return 1;
	r->fd = (int)fd;
	char *sq = mmap_ring(r->fd, p.sq_off.array + p.sq_entries * 4, IORING_OFF_SQ_RING);
	char *cq = mmap_ring(r->fd, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe), IORING_OFF_CQ_RING);
	r->sqes = mmap_ring(r->fd, p.sq_entries * sizeof(struct io_uring_sqe), IORING_OFF_SQES);
	if (!sq || !cq || !r->sqes)
		return 2;
	r->sq_head = (volatile u32 *)(sq + p.sq_off.head);
	r->sq_tail = (volatile u32 *)(sq + p.sq_off.tail);
	r->sq_array = (volatile u32 *)(sq + p.sq_off.array);
	r->sq_mask = *(volatile u32 *)(sq + p.sq_off.ring_mask);
	r->sq_entries = p.sq_entries;
	r->cq_head = (volatile u32 *)(cq + p.cq_off.head);
	r->cq_tail = (volatile u32 *)(cq + p.cq_off.tail);
	r->cq_mask = *(volatile u32 *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	r->sq_local_tail = *r->sq_tail;
	return 0;
}

static struct io_uring_sqe *get_sqe(struct ring *r)
{
	u32 t = r->sq_local_tail;
	if (t - *r->sq_head >= r->sq_entries)
		return 0;
	struct io_uring_sqe *sqe = &r->sqes[t & r->sq_mask];
	memset(sqe, 0, sizeof(*sqe));
	r->sq_array[t & r->sq_mask] = t & r->sq_mask;
	r->sq_local_tail = t + 1;
	return sqe;
}

/* publish the SQEs: their stores before the tail store (io_uring_smp_store_release) */
static void sq_publish(struct ring *r)
{
	lwsync();
	*r->sq_tail = r->sq_local_tail;
}

/* ---- the page ---- */
static u64 bufs[MAX_INFLIGHT][PAGE_BYTES / 8] __attribute__((aligned(4096)));
static int buf_busy[MAX_INFLIGHT];
static struct iou_iovec iovs[MAX_INFLIGHT][2];
static u64 record_hash;

static u64 fnv1a(const unsigned char *b, u64 n)
{
	u64 h = FNV64_OFFSET;
	for (u64 i = 0; i < n; i++) {
		h ^= b[i];
		h *= FNV64_PRIME;
	}
	return h;
}

/* splitmix64: the writer's own PRNG, seeded from the mailbox (the machine's seed under ppcsim
 * repro), so the per-page work below varies from page to page and from seed to seed */
static u64 rng_state;
static u64 rng_next(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The rest of a real page cleaner's per-page work around building the page (InnoDB: before
 * it, the flush-list scan that picks the page, latching, LSN bookkeeping; after it, the page
 * checksum and encryption into the write buffer): scalar code whose cost varies from page to
 * page - here uniform 0..max rounds, seeded. vs0 is not live there, so a clobber that lands in
 * these stretches is harmless; they spread the writer's time in user mode, so where the fill
 * falls relative to the workers' blocking varies from page to page and from seed to seed. */
static u64 page_work(const u64 *pg, u64 max)
{
	if (!max)
		return 0;
	u64 n = rng_next() % (max + 1), x = pg[3];
	for (u64 k = 0; k < n; k++) {
		x ^= pg[4 + (k & 511)] + k;
		x = (x ^ (x >> 29)) * 0x9e3779b97f4a7c15ULL;
		x = (x << 17) | (x >> 47);
	}
	return x;
}

static void fill_page(u64 *pg, u64 p, u64 g, u64 mix)
{
	record_hash ^= page_work(pg, mb[MB_PAGE_WORK] / 4);	/* pick the page: the shorter part */
	pg[0] = PAGE_MAGIC;
	pg[1] = p;
	pg[2] = g;
	record_hash ^= fill_records(pg + 4, PAGE_P(p, g), PAGE_DW2(p, g, 0), mix);
	pg[3] = fnv1a((const unsigned char *)(pg + 4), PAGE_BYTES - 32);
	record_hash ^= page_work(pg, mb[MB_PAGE_WORK]);	/* encrypt into the write buffer */
}

/* the expected page, from (p, g) with scalar code only */
static void expect_page(u64 *pg, u64 p, u64 g)
{
	pg[0] = PAGE_MAGIC;
	pg[1] = p;
	pg[2] = g;
	for (u64 i = 0; i < PAGE_RECORDS; i++) {
		u64 *rec = pg + 4 + 4 * i;
		rec[0] = rec[1] = PAGE_P(p, g);
		rec[2] = PAGE_DW2(p, g, i);
		rec[3] = rec[2] ^ PAGE_DW3_XOR;
	}
	pg[3] = fnv1a((const unsigned char *)(pg + 4), PAGE_BYTES - 32);
	record_hash ^= page_work(pg, mb[MB_PAGE_WORK]);	/* encrypt into the write buffer */
}

static struct ring ring;
static u64 enters, writes, inflight_now;

static void fail(long step)
{
	mb[MB_ERROR] = (u64)step;
	mb[MB_STATUS] = 3;
	sys_exit(2);
}

static long enter(u32 submit, u32 wait)
{
	enters++;
	long r = io_uring_enter(ring.fd, submit, wait, (wait || !submit) ? IORING_ENTER_GETEVENTS : 0);
	if (r < 0)
		fail(100 - r);
	return r;
}

/* Reap every visible CQE; user_data = buffer index. Returns the number reaped. */
static int reap(void)
{
	u32 head = *ring.cq_head, tail = *ring.cq_tail;
	int n = 0;
	lwsync();	/* the CQEs were written before the tail (acquire) */
	while (head != tail) {
		struct io_uring_cqe *c = &ring.cqes[head & ring.cq_mask];
		u64 b = c->user_data;
		if (c->res < 0 || b >= MAX_INFLIGHT)
			fail(200 + (c->res < 0 ? -c->res : 99));
		buf_busy[b] = 0;
		inflight_now--;
		head++;
		n++;
	}
	lwsync();	/* our CQE reads before the head store that frees the slots */
	*ring.cq_head = head;
	return n;
}

static int get_buffer(u64 nbuf)
{
	for (;;) {
		for (u64 b = 0; b < nbuf; b++)
			if (!buf_busy[b])
				return (int)b;
		if (!reap())
			enter(0, 1);
	}
}

static void drain(void)
{
	while (inflight_now) {
		if (!reap())
			enter(0, 1);
	}
}

static void queue_write(int b, u64 p, u64 writev_every)
{
	struct io_uring_sqe *sqe = get_sqe(&ring);
	if (!sqe)
		fail(4);
	sqe->fd = IOU_BLK_FD;
	sqe->off = p * PAGE_BYTES;
	sqe->user_data = (u64)b;
	writes++;
	if (writev_every && writes % writev_every == 0) {
		iovs[b][0].iov_base = (u64)bufs[b];
		iovs[b][0].iov_len = 1536;
		iovs[b][1].iov_base = (u64)bufs[b] + 1536;
		iovs[b][1].iov_len = PAGE_BYTES - 1536;
		sqe->opcode = IORING_OP_WRITEV;
		sqe->addr = (u64)iovs[b];
		sqe->len = 2;
	} else {
		sqe->opcode = IORING_OP_WRITE;
		sqe->addr = (u64)bufs[b];
		sqe->len = PAGE_BYTES;
	}
	buf_busy[b] = 1;
	inflight_now++;
}

/* A statistic in double precision, as a real page cleaner keeps (its "fill factor"). The
 * division is inexact (FPSCR[FX,XX] stick) and the final exact add leaves FPRF = positive
 * normal: FPSCR = 0x82004000, the value the report found in vs0. */
static u64 fp_statistic(u64 pages, u64 rounds)
{
	volatile double a = (double)(pages * rounds), b = 3.0;
	double r = a / b;
	volatile double z = 0.0;
	r = r + z;
	union { double d; u64 u; } v = { r };
	return v.u;
}

long umain(long pages_arg, long rounds_arg);
long umain(long pages_arg, long rounds_arg)
{
	u64 pages = (u64)pages_arg, rounds = (u64)rounds_arg;
	if (mb[MB_MAGIC] != IOU_MB_MAGIC)
		fail(1);
	u64 nbuf = mb[MB_INFLIGHT], writev_every = mb[MB_WRITEV_EVERY], mix = mb[MB_FILL_MIX];
	u64 batch = mb[MB_BATCH], getevents = mb[MB_GETEVENTS];
	if (batch < 1)
		batch = 1;
	if (nbuf < 1)
		nbuf = 1;
	if (nbuf > MAX_INFLIGHT)
		nbuf = MAX_INFLIGHT;
	rng_state = mb[MB_SEED];
	mb[MB_FILL_LO] = (u64)fill_records;
	mb[MB_FILL_HI] = (u64)fill_records_end;
	mb[MB_STATUS] = 1;
	mb[MB_FILL_FP] = fp_statistic(pages, rounds);
	if (ring_init(&ring, 64))
		fail(2);

	/*
	 * write: rounds x pages. Pages are flushed in batches of `batch` (InnoDB's page cleaner
	 * submits a batch of dirty pages at once): after each page fill the writer calls
	 * io_uring_enter - submitting the batch after its last page, otherwise just
	 * IORING_ENTER_GETEVENTS to flush task work and reap (liburing's io_uring_get_events) -
	 * so it enters the kernel between page fills.
	 */
	u32 pending = 0;
	/* a flush batch holds however many pages were ready: 1..batch, seeded (with page_work) */
	u64 this_batch = mb[MB_PAGE_WORK] ? 1 + rng_next() % batch : batch;
	for (u64 g = 1; g <= rounds && !mb[MB_STOP]; g++) {
		for (u64 p = 0; p < pages; p++) {
			int b = get_buffer(nbuf);
			fill_page(bufs[b], p, g, mix);
			queue_write(b, p, writev_every);
			pending++;
			if (pending >= this_batch || p == pages - 1) {
				if (mb[MB_PAGE_WORK])
					this_batch = 1 + rng_next() % batch;
				sq_publish(&ring);
				enter(pending, 0);
				pending = 0;
			} else if (getevents) {
				enter(0, 0);
			}
			reap();
		}
	}
	drain();
	u64 last_g = rounds;
	mb[MB_WRITES] = writes;

	/* fsync, then read every page back */
	struct io_uring_sqe *sqe = get_sqe(&ring);
	sqe->opcode = IORING_OP_FSYNC;
	sqe->fd = IOU_BLK_FD;
	sqe->user_data = 0;
	buf_busy[0] = 1;
	inflight_now++;
	sq_publish(&ring);
	enter(1, 1);
	drain();

	u64 corrupt = 0, reports = 0;
	static u64 expect[PAGE_BYTES / 8];
	for (u64 p0 = 0; p0 < pages; p0 += nbuf) {
		u64 n = pages - p0 < nbuf ? pages - p0 : nbuf;
		for (u64 k = 0; k < n; k++) {
			sqe = get_sqe(&ring);
			sqe->opcode = IORING_OP_READ;
			sqe->fd = IOU_BLK_FD;
			sqe->off = (p0 + k) * PAGE_BYTES;
			sqe->addr = (u64)bufs[k];
			sqe->len = PAGE_BYTES;
			sqe->user_data = k;
			buf_busy[k] = 1;
			inflight_now++;
		}
		sq_publish(&ring);
		enter((u32)n, (u32)n);
		drain();
		for (u64 k = 0; k < n; k++) {
			u64 p = p0 + k;
			expect_page(expect, p, last_g);
			/* report the first differing record word (the checksum word differs too when a
			 * record does: it was computed over what was written), else the first one */
			u64 first = PAGE_BYTES / 8, first_rec = PAGE_BYTES / 8;
			for (u64 w = 0; w < PAGE_BYTES / 8; w++) {
				if (bufs[k][w] == expect[w])
					continue;
				if (first == PAGE_BYTES / 8)
					first = w;
				if (w >= 4) {
					first_rec = w;
					break;
				}
			}
			if (first == PAGE_BYTES / 8)
				continue;
			corrupt++;
			u64 w = first_rec < PAGE_BYTES / 8 ? first_rec : first;
			if (reports < MB_MAX_REPORTS) {
				volatile u64 *rep = &mb[MB_REPORTS + 4 * reports];
				rep[0] = p;
				rep[1] = w * 8;
				rep[2] = expect[w];
				rep[3] = bufs[k][w];
				reports++;
			}
		}
	}
	mb[MB_NREPORTS] = reports;
	mb[MB_CORRUPT_PAGES] = corrupt;
	mb[MB_PAGES_CHECKED] = pages;
	mb[MB_ENTERS] = enters;
	mb[MB_RECORD_HASH] = record_hash;
	mb[MB_STATUS] = 2;
	return corrupt ? 1 : 0;
}
