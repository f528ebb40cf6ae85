/* malloc/realloc/free churn, small and large (mmap-backed) blocks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

#define SLOTS 512

int main(void)
{
    static unsigned char *p[SLOTS];
    static size_t sz[SLOTS];
    uint32_t h = 0;
    for (int it = 0; it < 20000; it++) {
        int s = (int)(rng_next() % SLOTS);
        if (p[s]) {
            for (size_t i = 0; i < sz[s]; i += 61) if (p[s][i] != (unsigned char)(s + i)) { printf("corrupt slot %d\n", s); return 1; }
            h = h * 31 + (uint32_t)sz[s];
            if (rng_next() % 4 == 0) {
                size_t n = (size_t)(rng_next() % 5000) + 1;
                unsigned char *q = realloc(p[s], n);
                if (!q) return 2;
                for (size_t i = 0; i < n; i++) q[i] = (unsigned char)(s + i);
                p[s] = q;
                sz[s] = n;
                continue;
            }
            free(p[s]);
            p[s] = NULL;
        } else {
            uint64_t r = rng_next();
            size_t n = r % 100 == 0 ? (size_t)(200000 + r % 300000) : (size_t)(r % 2000) + 1;
            p[s] = rng_next() % 3 ? malloc(n) : calloc(1, n);
            if (!p[s]) return 3;
            sz[s] = n;
            for (size_t i = 0; i < n; i++) p[s][i] = (unsigned char)(s + i);
        }
    }
    size_t live = 0;
    for (int s = 0; s < SLOTS; s++) { live += p[s] ? sz[s] : 0; free(p[s]); }
    void *al = aligned_alloc(4096, 8192);
    printf("hash=%08x live=%zu aligned=%d\n", h, live, ((unsigned long)al & 4095) == 0);
    free(al);
    return 0;
}
