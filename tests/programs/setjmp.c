/* setjmp/longjmp across frames, and sigsetjmp/siglongjmp out of a SIGSEGV handler. */
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

static jmp_buf env;
static sigjmp_buf senv;
static volatile int depth;

static void dive(int n) __attribute__((noinline));
static void dive(int n)
{
    char pad[64];
    memset(pad, n, sizeof pad);
    depth = n + pad[3] - n;
    if (n >= 10) longjmp(env, n * 3);
    if (n < 1000) dive(n + 1);
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("caught signal %d code %d addr %p\n", sig, si->si_code, si->si_addr);
    siglongjmp(senv, 7);
}

int main(void)
{
    volatile int count = 0;
    int r = setjmp(env);
    printf("setjmp returned %d (count %d)\n", r, count);
    if (count++ < 3) dive(0);
    printf("depth=%d\n", depth);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 3; i++) {
        int v = sigsetjmp(senv, 1);
        if (v == 0) {
            volatile int *bad = (volatile int *)(16UL + 4096UL * i);
            *bad = 1;
            printf("not reached\n");
        } else {
            printf("recovered %d\n", v);
        }
    }
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("segv blocked after siglongjmp: %d\n", sigismember(&cur, SIGSEGV));
    return 0;
}
