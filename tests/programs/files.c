/* File-system calls on the host: run with a scratch directory as argv[1]. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/mman.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    if (argc < 2 || chdir(argv[1]) != 0) { perror("chdir"); return 1; }
    int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    printf("open fd=%d\n", fd);
    printf("write=%zd\n", write(fd, "hello, world\n", 13));
    struct iovec iov[3] = {{"one ", 4}, {"two ", 4}, {"three\n", 6}};
    printf("writev=%zd\n", writev(fd, iov, 3));
    printf("pwrite=%zd\n", pwrite(fd, "HELLO", 5, 0));
    printf("fsync=%d\n", fsync(fd));
    close(fd);
    struct stat st;
    printf("stat=%d size=%lld reg=%d mode=%o\n", stat("a.txt", &st), (long long)st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777);
    fd = open("a.txt", O_RDONLY);
    char buf[64] = {0};
    printf("read=%zd '%.*s'\n", read(fd, buf, 5), 5, buf);
    printf("lseek=%lld\n", (long long)lseek(fd, 7, SEEK_SET));
    memset(buf, 0, sizeof buf);
    printf("read=%zd '%s'\n", read(fd, buf, sizeof buf - 1), buf);
    printf("pread=%zd\n", pread(fd, buf, 4, 13));
    printf("end=%lld\n", (long long)lseek(fd, 0, SEEK_END));
    struct stat fst;
    fstat(fd, &fst);
    printf("fstat same inode=%d size=%lld\n", fst.st_ino == st.st_ino, (long long)fst.st_size);
    char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("mmap ok=%d first='%.5s'\n", m != MAP_FAILED, m);
    munmap(m, 4096);
    int d = dup(fd);
    printf("dup=%d lseek-shared=%lld\n", d, (long long)lseek(d, 0, SEEK_CUR));
    int d2 = dup2(fd, 10);
    printf("dup2=%d cloexec=%d\n", d2, fcntl(d2, F_GETFD));
    int d3 = fcntl(fd, F_DUPFD_CLOEXEC, 20);
    printf("dupfd=%d cloexec=%d flags_rdonly=%d\n", d3, fcntl(d3, F_GETFD), (fcntl(d3, F_GETFL) & O_ACCMODE) == O_RDONLY);
    close(d); close(d2); close(d3); close(fd);
    printf("mkdir=%d\n", mkdir("sub", 0755));
    printf("mkdir again=%d errno=%d\n", mkdir("sub", 0755), errno);
    printf("rename=%d\n", rename("a.txt", "sub/b.txt"));
    printf("access=%d %d\n", access("sub/b.txt", R_OK), access("a.txt", F_OK));
    printf("open missing=%d errno=%d\n", open("nope", O_RDONLY), errno);
    printf("symlink=%d\n", symlink("sub/b.txt", "link"));
    char lb[64] = {0};
    printf("readlink=%zd '%s'\n", readlink("link", lb, sizeof lb), lb);
    struct stat lst;
    printf("lstat link=%d\n", lstat("link", &lst) == 0 && S_ISLNK(lst.st_mode));
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/f%d", i);
        int f = open(name, O_CREAT | O_WRONLY | O_EXCL, 0600);
        dprintf(f, "%d\n", i * i);
        close(f);
    }
    DIR *dir = opendir("sub");
    char *names[16];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < 16) names[n++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, n, sizeof names[0], cmp);
    printf("readdir:");
    for (int i = 0; i < n; i++) printf(" %s", names[i]);
    printf("\n");
    printf("chdir=%d\n", chdir("sub"));
    char cwd[4096];
    printf("getcwd ends with /sub=%d\n", getcwd(cwd, sizeof cwd) && strcmp(cwd + strlen(cwd) - 4, "/sub") == 0);
    fd = open("b.txt", O_RDWR);
    printf("ftruncate=%d\n", ftruncate(fd, 3));
    fstat(fd, &fst);
    printf("size after truncate=%lld\n", (long long)fst.st_size);
    close(fd);
    FILE *fp = fopen("f3", "r");
    int v = 0;
    fscanf(fp, "%d", &v);
    fclose(fp);
    printf("fscanf=%d\n", v);
    int p[2];
    printf("pipe=%d\n", pipe(p));
    write(p[1], "through the pipe", 16);
    memset(buf, 0, sizeof buf);
    printf("pipe read=%zd '%s'\n", read(p[0], buf, sizeof buf), buf);
    close(p[0]); close(p[1]);
    for (int i = 0; i < 5; i++) { char name[16]; snprintf(name, sizeof name, "f%d", i); unlink(name); }
    unlink("b.txt");
    chdir("..");
    unlink("link");
    printf("rmdir=%d\n", rmdir("sub"));
    printf("isatty(stdout)=%d errno=%d\n", isatty(1), errno);
    printf("bad fd write=%zd errno=%d\n", write(99, "x", 1), errno);
    return 0;
}
