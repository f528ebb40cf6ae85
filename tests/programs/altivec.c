/* AltiVec/VSX intrinsics from <altivec.h>. */
#include <stdio.h>
#include <altivec.h>
#include <stdint.h>

static void p32(const char *n, vector unsigned int v)
{
    printf("%s: %08x %08x %08x %08x\n", n, v[0], v[1], v[2], v[3]);
}

static void pf(const char *n, vector float v)
{
    printf("%s: %g %g %g %g\n", n, v[0], v[1], v[2], v[3]);
}

int main(void)
{
    unsigned char bytes[32];
    for (int i = 0; i < 32; i++) bytes[i] = (unsigned char)(i * 7 + 3);
    vector unsigned int a = {1, 2, 3, 0xffffffffu};
    vector unsigned int b = {0x10, 0x20, 0x30, 2};
    p32("add", vec_add(a, b));
    p32("sub", vec_sub(a, b));
    p32("and", vec_and(a, b));
    p32("or", vec_or(a, b));
    p32("xor", vec_xor(a, b));
    p32("max", vec_max(a, b));
    p32("min", vec_min(a, b));
    p32("sl", vec_sl(a, (vector unsigned int){1, 2, 3, 4}));
    p32("sr", vec_sr(b, (vector unsigned int){1, 2, 3, 1}));
    p32("rl", vec_rl(a, (vector unsigned int){4, 8, 16, 31}));
    p32("mergeh", vec_mergeh(a, b));
    p32("mergel", vec_mergel(a, b));
    p32("splat", vec_splat(b, 2));
    p32("cmpgt", (vector unsigned int)vec_cmpgt(a, b));
    p32("adds", vec_adds(a, b));
    vector unsigned char x = vec_xl(0, bytes);
    vector unsigned char y = vec_xl(16, bytes);
    vector unsigned char perm = {0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31};
    vector unsigned char z = vec_perm(x, y, perm);
    printf("perm:");
    for (int i = 0; i < 16; i++) printf(" %02x", z[i]);
    printf("\nunaligned:");
    vector unsigned char u = vec_xl(3, bytes);
    for (int i = 0; i < 16; i++) printf(" %02x", u[i]);
    printf("\n");
    vector unsigned short hs = {1, 2, 3, 4, 65535, 6, 7, 8};
    vector unsigned short hs2 = vec_adds(hs, hs);
    printf("adds16:");
    for (int i = 0; i < 8; i++) printf(" %u", hs2[i]);
    printf("\n");
    vector signed int si = {-5, 7, -9, 11};
    vector signed int sj = {3, -2, 4, -6};
    vector signed int m = vec_mul(si, sj);
    printf("mul: %d %d %d %d\n", m[0], m[1], m[2], m[3]);
    vector float f1 = {1.5f, -2.25f, 3.0f, 0.1f};
    vector float f2 = {0.5f, 4.0f, -1.0f, 10.0f};
    pf("fadd", vec_add(f1, f2));
    pf("fmul", vec_mul(f1, f2));
    pf("fmadd", vec_madd(f1, f2, f1));
    pf("fmax", vec_max(f1, f2));
    pf("fabs", vec_abs(f1));
    vector double d1 = {1.0 / 3.0, -2.5};
    vector double d2 = {3.0, 0.5};
    vector double dm = vec_mul(d1, d2);
    printf("dmul: %.17g %.17g\n", dm[0], dm[1]);
    vector double dd = vec_div(d1, d2);
    printf("ddiv: %.17g %.17g\n", dd[0], dd[1]);
    vector signed int cv = vec_cts(f1, 0);
    printf("cts: %d %d %d %d\n", cv[0], cv[1], cv[2], cv[3]);
    /* horizontal sum over a longer array */
    uint32_t arr[64];
    for (int i = 0; i < 64; i++) arr[i] = (uint32_t)(i * i + 1);
    vector unsigned int acc = {0, 0, 0, 0};
    for (int i = 0; i < 64; i += 4) acc = vec_add(acc, vec_xl(0, &arr[i]));
    printf("sum=%u\n", acc[0] + acc[1] + acc[2] + acc[3]);
    printf("all_eq=%d any_gt=%d\n", vec_all_eq(a, a), vec_any_gt(a, b));
    return 0;
}
