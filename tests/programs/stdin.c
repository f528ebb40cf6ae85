/* Reads stdin to the end: line/word/byte counts and a checksum (stdin passes through). */
#include <stdio.h>
#include <ctype.h>
#include "common.h"

int main(void)
{
    unsigned long lines = 0, words = 0, bytes = 0;
    uint32_t h = 2166136261u;
    int c, inword = 0;
    while ((c = getchar()) != EOF) {
        bytes++;
        h = (h ^ (unsigned char)c) * 16777619u;
        if (c == '\n') lines++;
        if (isspace(c)) inword = 0;
        else if (!inword) { inword = 1; words++; }
    }
    printf("%lu %lu %lu %08x\n", lines, words, bytes, h);
    return 0;
}
