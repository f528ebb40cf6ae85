/* Console output: a minimal vsnprintf and printk over the 16550 UART (see console.c). */
#include "printk.h"
#include "string.h"
#include "spinlock.h"
#include "ppc.h"

struct outbuf {
	char *buf;
	size_t size, len;
};

static void out_c(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_num(struct outbuf *o, u64 v, int base, bool neg, int width, bool zero, bool left, bool upper)
{
	char tmp[24];
	int n = 0;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int len = n + (neg ? 1 : 0);
	if (!left && !zero)
		for (; width > len; width--)
			out_c(o, ' ');
	if (neg)
		out_c(o, '-');
	if (!left && zero)
		for (; width > len; width--)
			out_c(o, '0');
	while (n)
		out_c(o, tmp[--n]);
	if (left)
		for (; width > len; width--)
			out_c(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		bool zero = false, left = false;
		int width = 0, lng = 0;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd': case 'i': {
			s64 v = lng ? va_arg(ap, long) : va_arg(ap, int);
			out_num(&o, v < 0 ? -(u64)v : (u64)v, 10, v < 0, width, zero, left, false);
			break;
		}
		case 'u': {
			u64 v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			out_num(&o, v, 10, false, width, zero, left, false);
			break;
		}
		case 'x': case 'X': {
			u64 v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			out_num(&o, v, 16, false, width, zero, left, *fmt == 'X');
			break;
		}
		case 'p':
			out_c(&o, '0');
			out_c(&o, 'x');
			out_num(&o, (u64)va_arg(ap, void *), 16, false, 16, true, false, false);
			break;
		case 'c':
			out_c(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int n = (int)strlen(s);
			if (!left)
				for (; width > n; width--)
					out_c(&o, ' ');
			while (*s)
				out_c(&o, *s++);
			if (left)
				for (; width > n; width--)
					out_c(&o, ' ');
			break;
		}
		case '%':
			out_c(&o, '%');
			break;
		default:
			out_c(&o, '%');
			out_c(&o, *fmt);
			break;
		}
	}
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static spinlock_t printk_lock = SPIN_LOCK_UNLOCKED;

void printk(const char *fmt, ...)
{
	char buf[768];		/* the repro stats line is long */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	u64 flags;
	spin_lock_irqsave(&printk_lock, flags);
	console_write(buf, n);
	spin_unlock_irqrestore(&printk_lock, flags);
}

/* Console output for write(2): the same lock as printk so lines do not interleave. */
void console_write_locked(const char *s, size_t n)
{
	u64 flags;
	spin_lock_irqsave(&printk_lock, flags);
	console_write(s, n);
	spin_unlock_irqrestore(&printk_lock, flags);
}

static volatile int panicking;

void __noreturn panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	extern void __noreturn machine_halt(int status);
	hard_irq_disable();
	/* a fault while panicking (e.g. the console itself faults): stop without output */
	if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST))
		machine_halt(98);
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* no lock: the panicking CPU may hold it */
	console_write("ppcsim-kernel: panic: ", 22);
	console_write(buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1);
	console_write("\n", 1);
	machine_halt(99);
}
