/*
 * pagewriter: the user-mode half of PpcSim's io_uring reproducer, runnable on its own.
 *
 * Shaped like InnoDB's page writer from the November 2023 report: each page is filled with
 * records whose header fields are written with VSX code in which vs0 carries a live value
 * (a pointer splatted into both doublewords, the glibc/GCC pattern from the thread:
 * xxspltd vs0,... then stxvd2x/stxv into adjacent fields) across many instructions, then
 * checksummed. The page images are verified at the end: any register clobber between the
 * splat and the stores shows up as a checksum mismatch. Under `ppcsim run` there is no kernel
 * to clobber anything, so every page verifies; the full-system reproducer runs this same
 * code under the simulated kernel.
 *
 * usage: pagewriter [SEED] [PAGES]
 */
#include <altivec.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 16384
#define RECORD 64

static uint64_t rng_state;

static uint64_t next_random(void)
{
    /* splitmix64: deterministic from the seed */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint32_t crc32c(const unsigned char *p, size_t n)
{
    uint32_t crc = ~0u;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0x82f63b78u & -(crc & 1u));
    }
    return ~crc;
}

/* Fill one page: each record's two header doublewords hold the page's base address,
 * written from one splatted vector register that stays live across the whole loop. */
static void fill_page(unsigned char *page, uint64_t page_no)
{
    vector unsigned long long hdr = vec_splats((unsigned long long)(uintptr_t)page);
    for (size_t off = 0; off < PAGE_SIZE; off += RECORD) {
        vec_xst(hdr, 0, (unsigned long long *)(page + off));
        uint64_t v = next_random() ^ page_no;
        memcpy(page + off + 16, &v, 8);
        memset(page + off + 24, (int)(v & 0xff), RECORD - 24 - 8);
        uint32_t c = crc32c(page + off, RECORD - 8);
        memcpy(page + off + RECORD - 8, &c, 4);
        memcpy(page + off + RECORD - 4, &page_no, 4);
    }
}

static int verify_page(const unsigned char *page, uint64_t page_no, int report)
{
    int bad = 0;
    for (size_t off = 0; off < PAGE_SIZE; off += RECORD) {
        uint64_t h0, h1;
        memcpy(&h0, page + off, 8);
        memcpy(&h1, page + off + 8, 8);
        uint32_t c;
        memcpy(&c, page + off + RECORD - 8, 4);
        if (h0 != (uint64_t)(uintptr_t)page || h1 != h0 || c != crc32c(page + off, RECORD - 8)) {
            if (report && bad == 0)
                printf("page %llu offset %zu: expected %016llx found %016llx %016llx\n",
                       (unsigned long long)page_no, off, (unsigned long long)(uintptr_t)page,
                       (unsigned long long)h0, (unsigned long long)h1);
            bad++;
        }
    }
    return bad;
}

int main(int argc, char **argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    int pages = argc > 2 ? atoi(argv[2]) : 64;
    if (pages <= 0 || pages > 4096) {
        fprintf(stderr, "pagewriter: PAGES must be 1..4096\n");
        return 2;
    }
    rng_state = seed;
    unsigned char *pool = aligned_alloc(PAGE_SIZE, (size_t)pages * PAGE_SIZE);
    if (!pool) {
        fprintf(stderr, "pagewriter: out of memory\n");
        return 2;
    }
    for (int i = 0; i < pages; i++)
        fill_page(pool + (size_t)i * PAGE_SIZE, (uint64_t)i);
    int corrupt = 0;
    uint32_t total = 0;
    for (int i = 0; i < pages; i++) {
        corrupt += verify_page(pool + (size_t)i * PAGE_SIZE, (uint64_t)i, 1) != 0;
        total ^= crc32c(pool + (size_t)i * PAGE_SIZE + 16, PAGE_SIZE - 16);
    }
    printf("pagewriter: seed %llu, %d pages of %d bytes, %d corrupt, checksum %08x\n",
           (unsigned long long)seed, pages, PAGE_SIZE, corrupt, total);
    free(pool);
    return corrupt ? 1 : 0;
}
