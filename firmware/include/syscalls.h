/* System call numbers: Linux ppc64 numbering (arch/powerpc/kernel/syscalls/syscall.tbl). */
#ifndef _SYSCALLS_H
#define _SYSCALLS_H
#define __NR_exit		1
#define __NR_write		4
#define __NR_getpid		20
#define __NR_sched_yield	158
#define __NR_nanosleep		162
#define __NR_pread64		179
#define __NR_pwrite64		180
#define __NR_gettid		207
#define __NR_exit_group		234
#define __NR_clock_gettime	246
#define __NR_getcpu		302
#define __NR_mmap		90
#define __NR_io_uring_setup	425
#define __NR_io_uring_enter	426

#define BLK_FD			3	/* the block device, for pread64/pwrite64 */

#define EFAULT	14
#define EINVAL	22
#define ENOSYS	38
#define EBADF	9
#define EIO	5
#define ENOMEM	12
#define EAGAIN	11
#define EBUSY	16
#define EOPNOTSUPP 95
#define ENXIO	6
#endif
