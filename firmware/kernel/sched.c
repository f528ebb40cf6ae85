/*
 * A small per-CPU round-robin scheduler with the entry points of Linux's kernel/sched/core.c
 * (schedule, try_to_wake_up, wake_up_state, kick_process, scheduler_ipi, schedule_tail).
 * Tasks are pinned to the CPU they were created on. The kernel is not preemptible: a task
 * switches only in schedule(), called on the way back to user mode or when blocking.
 */
#include "kernel.h"
#include "ppc.h"
#include "printk.h"
#include "string.h"
#include "mm.h"

struct rq {
	spinlock_t lock;
	struct task_struct *head, *tail;	/* runnable tasks, not counting idle */
	int nr_running;
	struct task_struct *curr, *idle;
	struct mm_struct *active_mm;
	struct task_struct *sleepers;		/* schedule_timeout_us() */
	u64 nr_switches;
} __aligned(128);

static struct rq runqueues[NR_CPUS];
static atomic_t next_pid = { 0 };
int nr_cpu_ids = 1;

#define cpu_rq(c) (&runqueues[c])
#define this_rq() cpu_rq(smp_processor_id())

struct task_struct *alloc_task_struct(const char *name, int cpu)
{
	struct task_struct *t = kzalloc(sizeof(*t));
	t->stack = alloc_pages(2);	/* THREAD_SIZE = 16 KB */
	t->thread.ksp_top = (u64)t->stack + THREAD_SIZE;
	t->pid = atomic_inc_return(&next_pid);
	t->cpu = cpu;
	t->exit_code = -1;
	atomic_set(&t->usage, 1);
	strncpy(t->comm, name, sizeof(t->comm) - 1);
	return t;
}

void get_task_struct(struct task_struct *t) { atomic_inc(&t->usage); }

void put_task_struct(struct task_struct *t)
{
	if (atomic_dec_return(&t->usage) == 0) {
		free_pages(t->stack, 2);
		kfree(t, sizeof(*t));
	}
}

static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	p->rq_next = NULL;
	if (rq->tail)
		rq->tail->rq_next = p;
	else
		rq->head = p;
	rq->tail = p;
	rq->nr_running++;
	p->on_rq = true;
}

static void dequeue_task(struct rq *rq, struct task_struct *p)
{
	struct task_struct **pp = &rq->head, *prev = NULL;
	while (*pp && *pp != p) {
		prev = *pp;
		pp = &(*pp)->rq_next;
	}
	if (*pp) {
		*pp = p->rq_next;
		if (rq->tail == p)
			rq->tail = prev;
		rq->nr_running--;
	}
	p->rq_next = NULL;
	p->on_rq = false;
}

/* Set TIF_NEED_RESCHED on the CPU's running task and IPI it if it is another CPU. */
static void resched_curr(struct rq *rq, int cpu)
{
	struct task_struct *curr = rq->curr;
	if (test_tsk_thread_flag(curr, TIF_NEED_RESCHED))
		return;
	set_tsk_need_resched(curr);
	if (cpu != smp_processor_id())
		smp_send_reschedule(cpu);
}

bool try_to_wake_up(struct task_struct *p, unsigned int state)
{
	u64 flags;
	bool success = false;
	struct rq *rq = cpu_rq(p->cpu);
	spin_lock_irqsave(&rq->lock, flags);
	if (p->__state & state) {
		p->__state = TASK_RUNNING;
		success = true;
		if (!p->on_rq && p != rq->idle)
			enqueue_task(rq, p);
		resched_curr(rq, p->cpu);
	}
	spin_unlock_irqrestore(&rq->lock, flags);
	return success;
}

bool wake_up_process(struct task_struct *p) { return try_to_wake_up(p, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE); }
bool wake_up_state(struct task_struct *p, unsigned int state) { return try_to_wake_up(p, state); }

void wake_up_new_task(struct task_struct *p)
{
	u64 flags;
	struct rq *rq = cpu_rq(p->cpu);
	spin_lock_irqsave(&rq->lock, flags);
	p->__state = TASK_RUNNING;
	enqueue_task(rq, p);
	resched_curr(rq, p->cpu);
	spin_unlock_irqrestore(&rq->lock, flags);
}

bool task_curr(const struct task_struct *p)
{
	return READ_ONCE(cpu_rq(p->cpu)->curr) == p;
}

/*
 * kick_process: make a task running on another CPU enter the kernel, so it sees new
 * thread flags on its way back to user mode (Linux kernel/sched/core.c).
 */
void kick_process(struct task_struct *p)
{
	int cpu = p->cpu;
	if (cpu != smp_processor_id() && task_curr(p))
		smp_send_reschedule(cpu);
}

/* The reschedule IPI itself carries no work here: TIF_NEED_RESCHED was set by the sender. */
void scheduler_ipi(void)
{
}

int nr_running_on(int cpu) { return READ_ONCE(cpu_rq(cpu)->nr_running); }
u64 rq_switches(int cpu) { return READ_ONCE(cpu_rq(cpu)->nr_switches); }

/* Called from the decrementer: time-slice expiry and sleeper wake-up. */
void scheduler_tick(void)
{
	struct rq *rq = this_rq();
	u64 now = mftb();
	spin_lock(&rq->lock);
	struct task_struct **pp = &rq->sleepers;
	while (*pp) {
		struct task_struct *t = *pp;
		if (now >= t->wake_tb) {
			*pp = t->sleep_next;
			t->sleep_next = NULL;
			if (t->__state == TASK_INTERRUPTIBLE) {
				t->__state = TASK_RUNNING;
				if (!t->on_rq)
					enqueue_task(rq, t);
			}
		} else {
			pp = &t->sleep_next;
		}
	}
	struct task_struct *curr = rq->curr;
	if (rq->nr_running > (curr == rq->idle ? 0 : 1) || (curr == rq->idle && rq->nr_running))
		set_tsk_need_resched(curr);
	spin_unlock(&rq->lock);
}

static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	bool dead = prev->__state == TASK_DEAD;
	spin_unlock(&rq->lock);
	if (dead)
		put_task_struct(prev);
}

/* First code run by a new task (from ret_from_fork / ret_from_kernel_thread). */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
}

static struct task_struct *context_switch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	if (next->mm && next->mm != rq->active_mm) {
		switch_mm(rq->active_mm, next->mm);
		rq->active_mm = next->mm;
	}
	return __switch_to(prev, next);
}

void schedule(void)
{
	u64 flags;
	struct task_struct *prev = current, *next;
	/* sched_submit_work(): an io-wq worker about to block may need a replacement */
	if ((prev->flags & PF_IO_WORKER) && prev->__state != TASK_RUNNING)
		io_wq_worker_sleeping(prev);
	local_irq_save(flags);
	struct rq *rq = this_rq();
	spin_lock(&rq->lock);
	clear_tsk_thread_flag(prev, TIF_NEED_RESCHED);
	bool involuntary = false;
	if (prev != rq->idle) {
		if (prev->__state != TASK_RUNNING) {
			if (prev->on_rq)
				dequeue_task(rq, prev);
		} else if (prev->on_rq && rq->head == prev && rq->nr_running > 1) {
			/* round robin: the running task goes to the back */
			dequeue_task(rq, prev);
			enqueue_task(rq, prev);
			involuntary = true;
		}
	}
	next = rq->head ? rq->head : rq->idle;
	if (next == prev) {
		spin_unlock(&rq->lock);
		local_irq_restore(flags);
		if (current->flags & PF_IO_WORKER)
			io_wq_worker_running(current);
		return;
	}
	if (involuntary)
		prev->stats.preempted++;
	rq->curr = next;
	rq->nr_switches++;
	prev = context_switch(rq, prev, next);
	finish_task_switch(prev);
	local_irq_restore(flags);
	/* sched_update_worker() */
	if (current->flags & PF_IO_WORKER)
		io_wq_worker_running(current);
}

static bool __schedule_timeout(u64 us, bool set_state)
{
	u64 flags;
	struct rq *rq = this_rq();
	local_irq_save(flags);
	spin_lock(&rq->lock);
	u64 wake_tb = mftb() + us * tb_ticks_per_usec;
	current->wake_tb = wake_tb;
	current->sleep_next = rq->sleepers;
	rq->sleepers = current;
	if (set_state)
		current->__state = TASK_INTERRUPTIBLE;
	spin_unlock(&rq->lock);
	schedule();
	/* woken early by someone else: leave the sleeper list */
	hard_irq_disable();
	spin_lock(&rq->lock);
	for (struct task_struct **pp = &rq->sleepers; *pp; pp = &(*pp)->sleep_next) {
		if (*pp == current) {
			*pp = current->sleep_next;
			break;
		}
	}
	current->sleep_next = NULL;
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	return mftb() >= wake_tb;
}

void schedule_timeout_us(u64 us) { __schedule_timeout(us, true); }

/* Linux's schedule_timeout(): the caller set TASK_INTERRUPTIBLE (a wake-up in between makes it
 * TASK_RUNNING and this returns at once). Sleepers are woken by the tick (scheduler_tick). */
bool schedule_timeout(u64 us) { return __schedule_timeout(us, false); }

void __noreturn do_exit(int code)
{
	struct task_struct *tsk = current;
	local_irq_disable();
	tsk->exit_code = code;
	if (tsk->exit_notify)
		tsk->exit_notify(tsk);
	tsk->__state = TASK_DEAD;
	schedule();
	panic("dead task %s scheduled again", tsk->comm);
}

/* Idle: stop with MSR[EE]=0 and PSSCR[EC]=0 wakes on any pending exception and continues
 * after the stop (Book III 4.2.? / Linux's isa300_idle_stop_noloss); the interrupt is then
 * taken when EE is enabled. No window in which a wake-up can be lost. */
void __noreturn cpu_idle(void)
{
	for (;;) {
		hard_irq_disable();
		if (need_resched()) {
			schedule();
			continue;
		}
		mtspr(SPRN_PSSCR, 0);
		__asm__ __volatile__("stop" ::: "memory");
		local_irq_enable();
		__asm__ __volatile__("nop; nop" ::: "memory");
	}
}

void sched_init(void)
{
	for (int c = 0; c < NR_CPUS; c++)
		runqueues[c].active_mm = &init_mm;
}

/* The CPU's boot context becomes its idle task. */
void init_idle(struct task_struct *idle, int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	idle->__state = TASK_RUNNING;
	idle->flags |= PF_KTHREAD;
	rq->idle = idle;
	rq->curr = idle;
}

struct task_struct *kthread_create_on_cpu(int (*fn)(void *), void *arg, int cpu, const char *name)
{
	struct task_struct *t = alloc_task_struct(name, cpu);
	t->flags = PF_KTHREAD;
	copy_thread_kernel(t, fn, arg);
	return t;
}

struct task_struct *user_thread_create(struct mm_struct *mm, int cpu, u64 entry, u64 a0, u64 a1, const char *name)
{
	struct task_struct *t = alloc_task_struct(name, cpu);
	t->mm = mm;
	u64 sp = mm_alloc_stack(mm, 64 * 1024);
	copy_thread_user(t, entry, sp, a0, a1);
	return t;
}

/* Completions (kernel/sched/completion.c, reduced). */
void init_completion(struct completion *c)
{
	memset(c, 0, sizeof(*c));
}

void complete(struct completion *c)
{
	u64 flags;
	spin_lock_irqsave(&c->lock, flags);
	c->done++;
	for (int i = 0; i < NR_CPUS; i++) {
		if (c->waiter[i]) {
			wake_up_process(c->waiter[i]);
			c->waiter[i] = NULL;
		}
	}
	spin_unlock_irqrestore(&c->lock, flags);
}

void wait_for_completion(struct completion *c)
{
	u64 flags;
	for (;;) {
		spin_lock_irqsave(&c->lock, flags);
		if (c->done) {
			c->done--;
			spin_unlock_irqrestore(&c->lock, flags);
			return;
		}
		c->waiter[smp_processor_id()] = current;
		set_current_state(TASK_UNINTERRUPTIBLE);
		spin_unlock_irqrestore(&c->lock, flags);
		schedule();
		__set_current_state(TASK_RUNNING);
	}
}
