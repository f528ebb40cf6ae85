/* __atomic builtins (larx/stcx. loops) and __sync on several widths. */
#include <stdio.h>
#include <stdint.h>
#include <stdatomic.h>

static uint8_t b8;
static uint16_t h16;
static uint32_t w32;
static uint64_t d64;
static unsigned __int128 q128;

int main(void)
{
    for (int i = 0; i < 1000; i++) {
        __atomic_fetch_add(&b8, 3, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&h16, 7, __ATOMIC_RELAXED);
        __atomic_fetch_xor(&w32, (uint32_t)i * 2654435761u, __ATOMIC_ACQ_REL);
        __atomic_fetch_add(&d64, (uint64_t)i << 33, __ATOMIC_SEQ_CST);
        __atomic_fetch_or(&w32, 1u << (i % 32), __ATOMIC_RELEASE);
        __atomic_fetch_and(&d64, ~(1ull << (i % 64)), __ATOMIC_ACQUIRE);
    }
    printf("b8=%u h16=%u w32=%08x d64=%016llx\n", b8, h16, w32, (unsigned long long)d64);
    uint32_t expected = w32;
    int ok = __atomic_compare_exchange_n(&w32, &expected, 42, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas ok=%d w32=%u\n", ok, w32);
    expected = 7;
    ok = __atomic_compare_exchange_n(&w32, &expected, 43, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas fail=%d expected=%u\n", ok, expected);
    uint64_t old = __atomic_exchange_n(&d64, 12345, __ATOMIC_SEQ_CST);
    printf("xchg old=%016llx new=%llu\n", (unsigned long long)old, (unsigned long long)d64);
    uint8_t ob = __atomic_exchange_n(&b8, 200, __ATOMIC_SEQ_CST);
    uint16_t oh = __atomic_exchange_n(&h16, 60000, __ATOMIC_SEQ_CST);
    printf("xchg8 %u->%u xchg16 %u->%u\n", ob, b8, oh, h16);
    __atomic_store_n(&q128, ((unsigned __int128)1 << 100) | 5, __ATOMIC_SEQ_CST);
    /* No 128-bit compare-and-swap: qemu-ppc64le 7.2 loops forever on its lqarx/stqcx. loop. */
    unsigned __int128 l128 = __atomic_load_n(&q128, __ATOMIC_SEQ_CST);
    printf("load128 hi=%llx lo=%llx\n", (unsigned long long)(l128 >> 64), (unsigned long long)l128);
    printf("sync: %u %llu\n", __sync_add_and_fetch(&w32, 5), (unsigned long long)__sync_sub_and_fetch(&d64, 345));
    printf("bool cas: %d\n", __sync_bool_compare_and_swap(&w32, 47, 100));
    atomic_int ai = 0;
    for (int i = 0; i < 100; i++) atomic_fetch_add(&ai, i);
    printf("atomic_int=%d lockfree=%d\n", atomic_load(&ai), atomic_is_lock_free(&ai));
    atomic_thread_fence(memory_order_seq_cst);
    return 0;
}
