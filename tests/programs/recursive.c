/* Deep and branchy recursion: Ackermann, naive Fibonacci, N-queens, Towers of Hanoi. */
#include <stdio.h>

static unsigned long ack(unsigned long m, unsigned long n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int queens(int n, int row, unsigned cols, unsigned d1, unsigned d2)
{
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        if ((cols >> c & 1) || (d1 >> (row + c) & 1) || (d2 >> (row - c + n) & 1)) continue;
        count += queens(n, row + 1, cols | 1u << c, d1 | 1u << (row + c), d2 | 1u << (row - c + n));
    }
    return count;
}

static unsigned long moves;
static void hanoi(int n, int a, int b, int c)
{
    if (n == 0) return;
    hanoi(n - 1, a, c, b);
    moves += (unsigned long)(a * 3 + c);
    hanoi(n - 1, c, b, a);
}

int main(void)
{
    printf("ack(2,3)=%lu ack(3,5)=%lu\n", ack(2, 3), ack(3, 5));
    printf("fib(24)=%ld\n", fib(24));
    for (int n = 4; n <= 8; n++) printf("queens(%d)=%d\n", n, queens(n, 0, 0, 0, 0));
    hanoi(16, 0, 1, 2);
    printf("hanoi checksum=%lu\n", moves);
    return 0;
}
