/* The C library pieces the kernel (and GCC's implicit calls) need. */
#include "string.h"

void *memset(void *d, int c, size_t n)
{
	u8 *p = d;
	if (c == 0 && n >= 64 && ((uintptr_t)p & 7) == 0) {
		u64 *q = (u64 *)p;
		while (n >= 8) {
			*q++ = 0;
			n -= 8;
		}
		p = (u8 *)q;
	}
	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if ((((uintptr_t)dp | (uintptr_t)sp) & 7) == 0) {
		u64 *dq = (u64 *)dp;
		const u64 *sq = (const u64 *)sp;
		while (n >= 8) {
			*dq++ = *sq++;
			n -= 8;
		}
		dp = (u8 *)dq;
		sp = (const u8 *)sq;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if (dp < sp)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strncpy(char *d, const char *s, size_t n)
{
	size_t i = 0;
	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}
