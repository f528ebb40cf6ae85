/* Exit status passes through: argv[1] picks how the program ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "return";
    printf("ending by %s\n", how);
    fflush(stdout);
    if (!strcmp(how, "exit")) exit(42);
    if (!strcmp(how, "abort")) abort();
    if (!strcmp(how, "segv")) { int *volatile p = (int *)8; return *p; }
    if (!strcmp(how, "illegal")) __asm__ volatile(".long 0");
    if (!strcmp(how, "trap")) __builtin_trap();
    if (!strcmp(how, "kill")) raise(SIGTERM);
    if (!strcmp(how, "big")) return 300;
    return 7;
}
