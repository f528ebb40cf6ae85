/* argv, environment, auxiliary vector, identity and system information as a program sees them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <sys/resource.h>
#include <time.h>
#include <sched.h>

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    printf("PPCSIM_TEST=%s\n", getenv("PPCSIM_TEST") ? getenv("PPCSIM_TEST") : "(unset)");
    printf("hwcap=%#lx hwcap2=%#lx pagesz=%lu clktck=%lu secure=%lu\n", getauxval(AT_HWCAP), getauxval(AT_HWCAP2),
           getauxval(AT_PAGESZ), getauxval(AT_CLKTCK), getauxval(AT_SECURE));
    printf("dcache=%lu icache=%lu phent=%lu base=%lu\n", getauxval(AT_DCACHEBSIZE), getauxval(AT_ICACHEBSIZE),
           getauxval(AT_PHENT), getauxval(AT_BASE));
    printf("execfn matches argv0=%d\n", strcmp((char *)getauxval(AT_EXECFN), argv[0]) == 0);
    printf("random present=%d\n", getauxval(AT_RANDOM) != 0);
    printf("cpu_supports arch_3_00=%d vsx=%d altivec=%d\n", __builtin_cpu_supports("arch_3_00"),
           __builtin_cpu_supports("vsx"), __builtin_cpu_supports("altivec"));
    struct utsname u;
    uname(&u);
    printf("uname machine=%s sysname=%s\n", u.machine, u.sysname);
    printf("sysconf pagesize=%ld\n", sysconf(_SC_PAGESIZE));
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    printf("stack rlimit=%llu\n", (unsigned long long)rl.rlim_cur);
    printf("uid match=%d\n", getuid() == geteuid());
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    volatile unsigned long spin = 0;
    for (int i = 0; i < 100000; i++) spin += i;
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("monotonic advances=%d\n", (b.tv_sec > a.tv_sec) || (b.tv_sec == a.tv_sec && b.tv_nsec > a.tv_nsec));
    struct timespec req = {0, 5000000};
    clock_gettime(CLOCK_MONOTONIC, &a);
    nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
    printf("slept at least 5ms=%d\n", ns >= 5000000);
    printf("time sane=%d\n", time(NULL) > 1600000000);
    char cwd[4096];
    printf("getcwd ok=%d\n", getcwd(cwd, sizeof cwd) != NULL && cwd[0] == '/');
    return 0;
}
