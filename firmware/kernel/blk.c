/*
 * A tiny block layer with two backends: the PpcSim block device (descriptor ring in guest
 * memory, doorbell register, DMA when the device processes a descriptor, completion
 * interrupt on the External vector) and a RAM disk used when that device is absent (QEMU).
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "mm.h"
#include "blk.h"
#include "devices.h"
#include "bootcfg.h"

struct bio {
	struct bio *next;	/* RAM disk completion list */
	bool write;
	bool flush;
	u64 offset;
	void *buf;		/* kernel address, physically contiguous */
	u64 len;
	int status;
	struct completion done;
};

struct blk_backend {
	const char *name;
	u64 capacity;		/* bytes */
	void (*submit)(struct bio *bio);
};

static struct blk_backend *backend;

/* ---- RAM disk ---- */
static u8 *ramdisk;
static struct bio *ramdisk_done_head;
static spinlock_t ramdisk_lock = SPIN_LOCK_UNLOCKED;

/*
 * The copy happens at submission; the completion is delivered by blk_irq() on CPU 0's next
 * timer tick, like a device that interrupts later: the submitter really sleeps in
 * wait_for_completion (io-wq workers block, as on the PpcSim device).
 */
static void ramdisk_submit(struct bio *bio)
{
	u64 flags;
	if (bio->flush)
		;
	else if (bio->write)
		memcpy(ramdisk + bio->offset, bio->buf, bio->len);
	else
		memcpy(bio->buf, ramdisk + bio->offset, bio->len);
	bio->status = 0;
	spin_lock_irqsave(&ramdisk_lock, flags);
	bio->next = ramdisk_done_head;
	ramdisk_done_head = bio;
	spin_unlock_irqrestore(&ramdisk_lock, flags);
}

static void ramdisk_irq(void)
{
	u64 flags;
	spin_lock_irqsave(&ramdisk_lock, flags);
	struct bio *list = ramdisk_done_head;
	ramdisk_done_head = NULL;
	spin_unlock_irqrestore(&ramdisk_lock, flags);
	while (list) {
		struct bio *next = list->next;
		complete(&list->done);
		list = next;
	}
}

static struct blk_backend ramdisk_backend = { "ramdisk", 0, ramdisk_submit };

/* ---- PpcSim block device ---- */
#define RING_SIZE 64
static volatile u8 *blk_regs;
static struct blk_desc *ring;
static u32 sq_tail, cq_seen;
static spinlock_t ring_lock = SPIN_LOCK_UNLOCKED;

static u32 rd32(int off) { return in_le32(blk_regs + off); }
static u64 rd64(int off) { return in_le64(blk_regs + off); }
static void wr32(int off, u32 v) { out_le32(blk_regs + off, v); }
static void wr64(int off, u64 v) { out_le64(blk_regs + off, v); }

static void ppcsim_blk_submit(struct bio *bio)
{
	u64 flags;
	spin_lock_irqsave(&ring_lock, flags);
	while (sq_tail - cq_seen >= RING_SIZE) {	/* ring full: reap completions */
		spin_unlock_irqrestore(&ring_lock, flags);
		blk_irq();
		cpu_relax();
		spin_lock_irqsave(&ring_lock, flags);
	}
	struct blk_desc *d = &ring[sq_tail % RING_SIZE];
	d->op = bio->flush ? BLK_OP_FLUSH : bio->write ? BLK_OP_WRITE : BLK_OP_READ;
	d->sector = bio->offset / SECTOR_SIZE;
	d->addr = __pa(bio->buf);
	d->len = (u32)bio->len;
	d->flags = 0;
	d->tag = (u64)bio;
	d->status = BLK_ST_PENDING;
	sq_tail++;
	/* descriptor stores before the doorbell (wr32 starts with sync) */
	wr32(BLK_REG_SQ_TAIL, sq_tail);
	spin_unlock_irqrestore(&ring_lock, flags);
}

static struct blk_backend ppcsim_backend = { "ppcsim-blk", 0, ppcsim_blk_submit };
static struct blk_backend loopback_backend = { "loopback-blk", 0, ppcsim_blk_submit };

/* Completion interrupt (External, 0x500) and the tick-time poll: ack first, then reap, so a
 * completion that lands in between raises the level again. */
void blk_irq(void)
{
	if (backend == &ramdisk_backend) {
		ramdisk_irq();
		return;
	}
	if (backend != &ppcsim_backend && backend != &loopback_backend)
		return;
	u64 flags;
	spin_lock_irqsave(&ring_lock, flags);
	wr32(BLK_REG_IRQ_STATUS, 1);
	u32 head = rd32(BLK_REG_CQ_HEAD);
	while (cq_seen != head) {
		struct blk_desc *d = &ring[cq_seen % RING_SIZE];
		struct bio *bio = (struct bio *)READ_ONCE(d->tag);
		__asm__ __volatile__("lwsync" ::: "memory");
		bio->status = READ_ONCE(d->status) == BLK_ST_OK ? 0 : -5;
		cq_seen++;
		complete(&bio->done);
	}
	spin_unlock_irqrestore(&ring_lock, flags);
}

static bool ppcsim_blk_probe(void)
{
	if (!ppcsim_devices)
		return false;
	blk_regs = ioremap(BLKDEV_PA, PAGE_SIZE);
	/* an absent device may read as 0 (QEMU), raise a storage interrupt (PpcSim's bus error)
	 * or a machine check (hardware): probe_ld survives all three */
	u64 magic = 0;
	extern int probe_ld(volatile void *ea, u64 *value);
	if (probe_ld(blk_regs + BLK_REG_MAGIC, &magic) || (u32)magic != BLK_MAGIC_VALUE)
		return false;
	ring = alloc_pages(1);	/* 64 x 64 bytes */
	wr64(BLK_REG_RING_BASE, __pa(ring));
	wr32(BLK_REG_RING_SIZE, RING_SIZE);
	wr32(BLK_REG_IRQ_TARGET, get_hard_smp_processor_id(0));
	wr32(BLK_REG_IRQ_ENABLE, 1);
	ppcsim_backend.capacity = rd64(BLK_REG_CAPACITY) * SECTOR_SIZE;
	return true;
}

/*
 * blk=loopback: a software model of the PpcSim block device, run by a kernel thread on the
 * last CPU over a register page in ordinary memory, so the driver above (descriptor ring,
 * doorbell, DMA by real address, completion path) is exercised where the device does not
 * exist. RAM has no side effects: the model polls SQ_TAIL and "raises" the completion
 * interrupt by running blk_irq() on the IRQ_TARGET CPU with a call-function IPI.
 */
static u8 *loop_store;

static void loopback_irq(void *arg)
{
	(void)arg;
	blk_irq();
}

static int loopback_device(void *arg)
{
	(void)arg;
	u32 done = 0;
	for (;;) {
		u32 tail = rd32(BLK_REG_SQ_TAIL), size = rd32(BLK_REG_RING_SIZE);
		if (size == 0 || done == tail) {
			schedule_timeout_us(50);
			continue;
		}
		struct blk_desc *r = __va(rd64(BLK_REG_RING_BASE));
		__asm__ __volatile__("sync" ::: "memory");	/* descriptors were written before SQ_TAIL */
		struct blk_desc *d = &r[done % size];
		u64 off = d->sector * SECTOR_SIZE;
		u32 st = BLK_ST_OK;
		if (d->len % SECTOR_SIZE || off + d->len > loopback_backend.capacity)
			st = BLK_ST_BADREQ;
		else if (d->op == BLK_OP_WRITE)
			memcpy(loop_store + off, __va(d->addr), d->len);	/* DMA from guest memory */
		else if (d->op == BLK_OP_READ)
			memcpy(__va(d->addr), loop_store + off, d->len);	/* DMA to guest memory */
		else if (d->op != BLK_OP_FLUSH)
			st = BLK_ST_BADREQ;
		__asm__ __volatile__("sync" ::: "memory");
		WRITE_ONCE(d->status, st);
		done++;
		wr32(BLK_REG_CQ_HEAD, done);
		wr32(BLK_REG_IRQ_STATUS, 1);
		if (rd32(BLK_REG_IRQ_ENABLE) & 1) {
			u32 pir = rd32(BLK_REG_IRQ_TARGET);
			for (int c = 0; c < nr_cpu_ids; c++)
				if (get_hard_smp_processor_id(c) == pir)
					smp_call_function_single(c, loopback_irq, NULL, true);
		}
	}
	return 0;
}

static void loopback_init(void)
{
	u8 *regs = kzalloc(PAGE_SIZE);
	blk_regs = regs;
	loopback_backend.capacity = bootcfg.ramdisk_kb * 1024;
	loop_store = kzalloc(loopback_backend.capacity);
	wr32(BLK_REG_MAGIC, BLK_MAGIC_VALUE);
	wr32(BLK_REG_VERSION, 1);
	wr64(BLK_REG_CAPACITY, loopback_backend.capacity / SECTOR_SIZE);
	ring = alloc_pages(1);
	wr64(BLK_REG_RING_BASE, __pa(ring));
	wr32(BLK_REG_RING_SIZE, RING_SIZE);
	wr32(BLK_REG_IRQ_TARGET, get_hard_smp_processor_id(0));
	wr32(BLK_REG_IRQ_ENABLE, 1);
	wake_up_new_task(kthread_create_on_cpu(loopback_device, NULL, nr_cpu_ids - 1, "blk-loopback"));
}

int blk_init(void)
{
	bool want_ppcsim = !bootcfg_is(bootcfg.blk, "ramdisk") && !bootcfg_is(bootcfg.blk, "loopback");
	if (bootcfg_is(bootcfg.blk, "loopback")) {
		loopback_init();
		backend = &loopback_backend;
	} else if (want_ppcsim && ppcsim_blk_probe()) {
		backend = &ppcsim_backend;
	} else {
		if (bootcfg_is(bootcfg.blk, "ppcsim"))
			panic("blk=ppcsim but no PpcSim block device found");
		ramdisk_backend.capacity = bootcfg.ramdisk_kb * 1024;
		ramdisk = kzalloc(ramdisk_backend.capacity);
		backend = &ramdisk_backend;
	}
	return 0;
}

const char *blk_backend_name(void) { return backend ? backend->name : "none"; }
u64 blk_capacity(void) { return backend ? backend->capacity : 0; }

long blk_rw(bool write, u64 offset, void *kbuf, u64 len)
{
	if (!backend || (offset | len) % SECTOR_SIZE || offset + len > backend->capacity || len == 0)
		return -22;
	struct bio bio = { .write = write, .offset = offset, .buf = kbuf, .len = len, .status = -1 };
	init_completion(&bio.done);
	backend->submit(&bio);
	wait_for_completion(&bio.done);
	return bio.status ? bio.status : (long)len;
}

/* REQ_OP_FLUSH: a flush descriptor; every write submitted before it has completed once it does
 * (the device processes descriptors in ring order). */
long blk_flush(void)
{
	if (!backend)
		return -22;
	struct bio bio = { .write = true, .flush = true, .status = -1 };
	init_completion(&bio.done);
	backend->submit(&bio);
	wait_for_completion(&bio.done);
	return bio.status;
}
