/* glibc string functions (power9 ifunc variants) over many sizes and alignments. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "common.h"

#define N 600
static char a[N + 64], b[N + 64];

int main(void)
{
    uint32_t h = 0;
    unsigned long total = 0;
    for (int al = 0; al < 16; al++) {
        for (int bl = 0; bl < 16; bl += 3) {
            for (int len = 0; len < 300; len += (len < 40 ? 1 : 17)) {
                for (int i = 0; i < N + 64; i++) { a[i] = (char)('a' + rng_next() % 26); b[i] = 0; }
                char *src = a + al, *dst = b + bl;
                memcpy(dst, src, len);
                h = h * 31 + fnv1a(b, N);
                memmove(dst + 1, dst, len);
                h = h * 31 + fnv1a(b, N);
                memset(dst, 'x', len / 2);
                h = h * 31 + fnv1a(b, N);
                src[len] = 0;
                total += strlen(src);
                total += strnlen(src, len / 2 + 1);
                memcpy(dst, src, len + 1);
                total += (unsigned)(strcmp(src, dst) == 0);
                if (len > 0) {
                    dst[len - 1] ^= 1;
                    int c = strcmp(src, dst);
                    total += c < 0 ? 1 : c > 0 ? 2 : 3;
                    c = memcmp(src, dst, len);
                    total += c < 0 ? 10 : c > 0 ? 20 : 30;
                    total += strncmp(src, dst, len - 1) == 0;
                }
                char *p = memchr(src, 'q', len);
                total += p ? (unsigned long)(p - src) : 1000;
                p = strchr(src, 'z');
                total += p ? (unsigned long)(p - src) : 2000;
                p = strrchr(src, 'e');
                total += p ? (unsigned long)(p - src) : 3000;
                if (len > 8) {
                    char needle[5];
                    memcpy(needle, src + len / 2, 4);
                    needle[4] = 0;
                    p = strstr(src, needle);
                    total += p ? (unsigned long)(p - src) : 4000;
                }
                strcpy(dst, src);
                total += strlen(dst);
                strcat(dst, "tail");
                total += strlen(dst);
                total += strspn(src, "abcdefghijklm");
                total += strcspn(src, "xyz");
            }
        }
    }
    printf("hash=%08x total=%lu\n", h, total);
    char buf[64];
    snprintf(buf, sizeof buf, "%s-%d-%x", "abc", 42, 255);
    printf("%s %zu %d\n", buf, strlen(buf), strcasecmp("HeLLo", "hello"));
    char *dup = strdup("duplicate me");
    printf("%s %s\n", dup, strtok(dup, " "));
    free(dup);
    return 0;
}
