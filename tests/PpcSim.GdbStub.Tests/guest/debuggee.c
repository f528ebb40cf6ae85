/* The program the gdb end-to-end tests debug (built with powerpc64le-linux-gnu-gcc -static -O0 -g).
   Keep line numbers stable: tests refer to the marked lines by their comments, not numbers. */
#include <stdio.h>
#include <unistd.h>

volatile long counter;
volatile double scale = 1.5;
long history[8];

__attribute__((noinline)) long bump(long x)
{
    counter += x; /* watched */
    return counter;
}

__attribute__((noinline)) double mix(double a, double b)
{
    return a * scale + b;
}

int main(void)
{
    long total = 0;
    for (int i = 0; i < 5; i++) {
        total += bump(i + 1);
        history[i] = total;
    }
    double d = mix((double)total, 0.25);
    char buf[64];
    int n = snprintf(buf, sizeof buf, "total=%ld d=%.2f\n", total, d);
    write(1, buf, n);
    return (int)(total & 0x7f);
}
