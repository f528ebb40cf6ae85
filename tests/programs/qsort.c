/* qsort and bsearch on ints, strings and structs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

struct rec { int key; char name[12]; double w; };

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key - y->key;
    return strcmp(x->name, y->name);
}

int main(void)
{
    enum { N = 20000 };
    static int v[N];
    for (int i = 0; i < N; i++) v[i] = (int)(rng_next() % 100000) - 50000;
    qsort(v, N, sizeof v[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < N; i++) sorted &= v[i - 1] <= v[i];
    printf("ints sorted=%d min=%d max=%d median=%d hash=%08x\n", sorted, v[0], v[N - 1], v[N / 2], fnv1a(v, sizeof v));
    int key = v[1234];
    int *hit = bsearch(&key, v, N, sizeof v[0], cmp_int);
    printf("bsearch found=%d\n", hit != NULL && *hit == key);
    static char words[2000][10];
    static char *wp[2000];
    for (int i = 0; i < 2000; i++) {
        int len = 3 + (int)(rng_next() % 6);
        for (int j = 0; j < len; j++) words[i][j] = (char)('a' + rng_next() % 26);
        words[i][len] = 0;
        wp[i] = words[i];
    }
    qsort(wp, 2000, sizeof wp[0], cmp_str);
    printf("first=%s last=%s mid=%s\n", wp[0], wp[1999], wp[1000]);
    static struct rec r[3000];
    for (int i = 0; i < 3000; i++) {
        r[i].key = (int)(rng_next() % 50);
        snprintf(r[i].name, sizeof r[i].name, "n%05u", (unsigned)(rng_next() % 99999));
        r[i].w = (double)i / 7;
    }
    qsort(r, 3000, sizeof r[0], cmp_rec);
    printf("rec0=%d/%s rec2999=%d/%s hash=%08x\n", r[0].key, r[0].name, r[2999].key, r[2999].name, fnv1a(r, sizeof r));
    return 0;
}
