/* Signal delivery: raise with handlers, SA_SIGINFO, masks, sigaltstack, SA_RESETHAND, abort caught. */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <setjmp.h>
#include <ucontext.h>

static volatile int hits[65];
static volatile int on_alt;
static char altstack[65536];
static jmp_buf abort_env;

static void plain(int sig) { hits[sig]++; }

static void info(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    int local;
    hits[sig]++;
    on_alt = (char *)&local >= altstack && (char *)&local < altstack + sizeof altstack;
    printf("info: sig=%d signo=%d code=%d pid_ok=%d mask_has_self=%d\n", sig, si->si_signo, si->si_code,
           si->si_pid == getpid(), sigismember(&uc->uc_sigmask, sig));
}

static void nested(int sig)
{
    hits[sig]++;
    if (sig == SIGUSR1) raise(SIGUSR2); /* blocked by sa_mask: delivered after we return */
    printf("nested handler %d sees usr2 hits=%d\n", sig, hits[SIGUSR2]);
}

static void on_abrt(int sig) { hits[sig]++; longjmp(abort_env, 1); }

static volatile double fpval = 1.0;

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = plain;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    raise(SIGUSR1);
    printf("usr1 hits=%d\n", hits[SIGUSR1]);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    printf("blocked: hits=%d pending=%d\n", hits[SIGUSR1], ({ sigset_t p; sigpending(&p); sigismember(&p, SIGUSR1); }));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: hits=%d\n", hits[SIGUSR1]);

    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    printf("sigaltstack=%d\n", sigaltstack(&ss, NULL));
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("usr2 hits=%d on_alt=%d\n", hits[SIGUSR2], on_alt);
    kill(getpid(), SIGUSR2);
    printf("after kill usr2 hits=%d\n", hits[SIGUSR2]);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = nested;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("after nested usr1=%d usr2=%d\n", hits[SIGUSR1], hits[SIGUSR2]);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = plain;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGHUP, &sa, NULL);
    raise(SIGHUP);
    struct sigaction cur;
    sigaction(SIGHUP, NULL, &cur);
    printf("resethand: hits=%d now_default=%d\n", hits[SIGHUP], cur.sa_handler == SIG_DFL);

    signal(SIGCHLD, SIG_DFL);
    raise(SIGCHLD); /* default action: ignore */
    signal(SIGTERM, SIG_IGN);
    raise(SIGTERM);
    printf("ignored signals survived\n");

    signal(SIGABRT, on_abrt);
    if (setjmp(abort_env) == 0) abort();
    printf("abort caught hits=%d\n", hits[SIGABRT]);

    /* callee-saved state must survive a handler */
    register double keep = fpval * 3.5;
    raise(SIGUSR1);
    printf("fp kept=%g\n", keep);
    return 0;
}
