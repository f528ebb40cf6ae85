/*
 * io-wq: the worker pool behind io_uring's blocking requests (Linux 6.6 io_uring/io-wq.c,
 * one bounded account). Workers are IO threads made by create_io_thread(), which goes
 * copy_process -> arch_dup_task_struct -> flush_all_to_thread(current) -> save_all: when that
 * runs in the ring's owner on its way back from an interrupt, the owner's live f0/vs0 is
 * clobbered (fpu_fix=off). The path to it:
 *
 *   a worker blocks (wait_for_completion on the block device) -> schedule() ->
 *   io_wq_worker_sleeping -> io_wq_dec_running: no worker left running and work queued ->
 *   io_queue_worker_create -> task_work_add(owner, create_worker_cb, TWA_SIGNAL or
 *   TWA_SIGNAL_NO_IPI per bootcfg twa) -> (the owner's CPU, on its next exit to user mode)
 *   create_worker_cb -> create_io_worker -> create_io_thread.
 *
 * Workers exit after bootcfg iowq_idle_us without work (all but the last), so creations keep
 * happening; at most bootcfg iowq_max_workers exist. Workers run on the CPUs other than the
 * owner's (tasks are pinned in this kernel), round robin.
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "mm.h"
#include "bootcfg.h"
#include "io_uring.h"

struct io_worker {
	struct io_wq *wq;
	struct task_struct *task;
	struct io_worker *free_next;
	struct callback_head create_work;
	volatile u64 create_state;	/* bit 0: create_work queued (IO_WORKER_F_...) */
	bool in_use, up, free, sleeping;
};

struct io_wq {
	spinlock_t lock;
	struct io_wq_work *head, *tail;		/* pending work (acct->work_list) */
	struct io_worker *free_list;		/* idle workers (wq->free_list) */
	int nr_workers, max_workers;
	atomic_t nr_running;
	struct task_struct *task;		/* the ring's owner: create_worker_cb runs there */
	int next_cpu;
};

#define MAX_IO_WORKERS 512
static struct io_worker worker_pool[MAX_IO_WORKERS];
static spinlock_t pool_lock = SPIN_LOCK_UNLOCKED;
struct iou_stats iou_stats;

static struct io_worker *io_worker_alloc(struct io_wq *wq)
{
	u64 flags;
	struct io_worker *w = NULL;
	spin_lock_irqsave(&pool_lock, flags);
	for (int i = 0; i < MAX_IO_WORKERS; i++) {
		/* a pending create_work still points into an exited worker: skip those */
		if (!worker_pool[i].in_use && !READ_ONCE(worker_pool[i].create_state)) {
			w = &worker_pool[i];
			memset(w, 0, sizeof(*w));
			w->in_use = true;
			w->wq = wq;
			break;
		}
	}
	spin_unlock_irqrestore(&pool_lock, flags);
	if (!w)
		panic("io-wq: out of worker structures");
	return w;
}

struct io_wq *io_wq_create(struct task_struct *owner)
{
	struct io_wq *wq = kzalloc(sizeof(*wq));
	wq->task = owner;
	wq->max_workers = bootcfg.iowq_max_workers ? (int)bootcfg.iowq_max_workers : 1;
	atomic_set(&wq->nr_running, 0);
	return wq;
}

static int io_wq_worker(void *data);

static int io_wq_pick_cpu(struct io_wq *wq)
{
	if (nr_cpu_ids == 1)
		return 0;
	int cpu = wq->next_cpu++ % (nr_cpu_ids - 1);
	return cpu >= wq->task->cpu ? cpu + 1 : cpu;
}

/* create_io_worker: the caller counted the worker in nr_workers and nr_running */
static void create_io_worker(struct io_wq *wq, bool from_task_work)
{
	struct io_worker *worker = io_worker_alloc(wq);
	worker->up = true;
	struct task_struct *tsk = create_io_thread(io_wq_worker, worker, io_wq_pick_cpu(wq));
	worker->task = tsk;
	tsk->worker_private = worker;
	if (from_task_work)
		iou_stats.creations_task_work++;
	else
		iou_stats.creations_direct++;
	wake_up_new_task(tsk);
}

static bool io_acct_run_queue(struct io_wq *wq)
{
	return READ_ONCE(wq->head) != NULL;
}

static void create_worker_cb(struct callback_head *cb)
{
	struct io_worker *worker = (struct io_worker *)((char *)cb - __builtin_offsetof(struct io_worker, create_work));
	struct io_wq *wq = worker->wq;
	bool do_create = false;
	u64 flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (wq->nr_workers < wq->max_workers) {
		wq->nr_workers++;
		do_create = true;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	if (do_create)
		create_io_worker(wq, true);
	else
		atomic_dec(&wq->nr_running);
	clear_bit64(0, &worker->create_state);
}

static bool io_queue_worker_create(struct io_worker *worker, void (*func)(struct callback_head *))
{
	struct io_wq *wq = worker->wq;
	enum task_work_notify_mode mode = bootcfg_is(bootcfg.twa, "noipi") ? TWA_SIGNAL_NO_IPI : TWA_SIGNAL;

	if (test_and_set_bit64(0, &worker->create_state))
		goto fail;
	worker->create_work.func = func;
	worker->create_work.next = NULL;
	iou_stats.create_work_sent++;
	if (!task_work_add(wq->task, &worker->create_work, mode))
		return true;
	clear_bit64(0, &worker->create_state);
fail:
	atomic_dec(&wq->nr_running);
	return false;
}

static void io_wq_dec_running(struct io_worker *worker)
{
	struct io_wq *wq = worker->wq;
	if (atomic_dec_return(&wq->nr_running) != 0)
		return;
	if (!io_acct_run_queue(wq))
		return;
	atomic_inc(&wq->nr_running);
	io_queue_worker_create(worker, create_worker_cb);
}

/* Called from schedule() when an IO worker is about to block (sched_submit_work). */
void io_wq_worker_sleeping(struct task_struct *tsk)
{
	struct io_worker *worker = tsk->worker_private;
	if (!worker || !worker->up || worker->sleeping)
		return;
	worker->sleeping = true;
	io_wq_dec_running(worker);
}

/* Called after schedule() returns in an IO worker (sched_update_worker). */
void io_wq_worker_running(struct task_struct *tsk)
{
	struct io_worker *worker = tsk->worker_private;
	if (!worker || !worker->up || !worker->sleeping)
		return;
	worker->sleeping = false;
	atomic_inc(&worker->wq->nr_running);
}

static struct io_wq_work *io_get_next_work(struct io_wq *wq)
{
	struct io_wq_work *w = wq->head;
	if (w) {
		wq->head = w->next;
		if (!wq->head)
			wq->tail = NULL;
		w->next = NULL;
	}
	return w;
}

static void free_list_del(struct io_wq *wq, struct io_worker *worker)
{
	for (struct io_worker **pp = &wq->free_list; *pp; pp = &(*pp)->free_next)
		if (*pp == worker) {
			*pp = worker->free_next;
			break;
		}
	worker->free_next = NULL;
	worker->free = false;
}

static int io_wq_worker(void *data)
{
	struct io_worker *worker = data;
	struct io_wq *wq = worker->wq;
	u64 flags;

	for (;;) {
		spin_lock_irqsave(&wq->lock, flags);
		struct io_wq_work *work = io_get_next_work(wq);
		if (work) {
			if (worker->free)
				free_list_del(wq, worker);
			spin_unlock_irqrestore(&wq->lock, flags);
			io_wq_submit_work(work);
			continue;
		}
		if (!worker->free) {
			worker->free = true;
			worker->free_next = wq->free_list;
			wq->free_list = worker;
		}
		/* the state changes under the lock io_wq_enqueue takes: no lost wake-up */
		__set_current_state(TASK_INTERRUPTIBLE);
		spin_unlock_irqrestore(&wq->lock, flags);
		bool timed_out = schedule_timeout(bootcfg.iowq_idle_us);
		if (!timed_out)
			continue;
		spin_lock_irqsave(&wq->lock, flags);
		/* the last worker stays (Linux: exit_mask || acct->nr_workers > 1) */
		if (!wq->head && wq->nr_workers > 1) {
			wq->nr_workers--;
			free_list_del(wq, worker);
			spin_unlock_irqrestore(&wq->lock, flags);
			break;
		}
		spin_unlock_irqrestore(&wq->lock, flags);
	}
	/* io_worker_exit */
	iou_stats.worker_exits++;
	worker->up = false;
	atomic_dec(&wq->nr_running);
	current->worker_private = NULL;
	worker->in_use = false;
	do_exit(0);
}

/* Queue work; wake an idle worker, or create one right here if none is running (the
 * submitter's own syscall context: its f0/v0 are volatile there). */
void io_wq_enqueue(struct io_wq *wq, struct io_wq_work *work)
{
	u64 flags;
	bool do_create = false;

	iou_stats.punts++;
	spin_lock_irqsave(&wq->lock, flags);
	work->next = NULL;
	if (wq->tail)
		wq->tail->next = work;
	else
		wq->head = work;
	wq->tail = work;
	/* io_wq_activate_free_worker */
	struct io_worker *free = wq->free_list;
	if (free) {
		free_list_del(wq, free);
		wake_up_process(free->task);
	} else if (!atomic_read(&wq->nr_running) && wq->nr_workers < wq->max_workers) {
		/* io_wq_create_worker */
		wq->nr_workers++;
		atomic_inc(&wq->nr_running);
		do_create = true;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	if (do_create)
		create_io_worker(wq, false);
}
