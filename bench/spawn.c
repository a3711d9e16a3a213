/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * spawn.c - bench_spawn: run a command N times, one after the other, and
 * report its wall time and CPU time (user + system, from wait4's rusage,
 * children included) per run.
 *
 *   bench_spawn [-n RUNS] [-w WARMUP] [-x NAME=VALUE]... -- COMMAND [ARG...]
 *
 * The command inherits this process's environment; each -x NAME=VALUE is
 * set for every second run only (runs 1, 3, 5, ...), so that a hook sees a
 * changed lease on every run and has to write its file each time.  Its
 * stdout and stderr go to /dev/null.  A run that does not exit 0 is an
 * error (exit 1).  Output, one line, microseconds:
 *
 *   runs wall_min wall_median wall_max cpu_min cpu_median cpu_max
 *
 * A figure-reporting tool, never a pass/fail timing test.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ALT 16
#define MAX_RUNS 100000

extern char **environ;

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double
tv_us(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e6 + (double)tv->tv_usec;
}

/* Run @argv once; its wall and CPU time in *@wall, *@cpu.  -1 on error. */
static int
run(char **argv, char **alt, size_t nalt, int odd, double *wall, double *cpu)
{
	struct rusage ru;
	double t0;
	pid_t pid;
	size_t i;
	int st, fd;

	t0 = now_us();
	pid = fork();
	if (pid < 0) {
		perror("bench_spawn: fork");
		return -1;
	}
	if (pid == 0) {
		if (odd)
			for (i = 0; i < nalt; i++)
				putenv(alt[i]);
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("bench_spawn: wait4");
		return -1;
	}
	*wall = now_us() - t0;
	*cpu = tv_us(&ru.ru_utime) + tv_us(&ru.ru_stime);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bench_spawn: %s: exit status 0x%x\n", argv[0],
		    (unsigned)st);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char *alt[MAX_ALT];
	double *wall, *cpu, w, c;
	long runs = 100, warm = 3, i;
	size_t nalt = 0;
	int opt;

	while ((opt = getopt(argc, argv, "+n:w:x:")) != -1) {
		switch (opt) {
		case 'n':
			runs = strtol(optarg, NULL, 10);
			break;
		case 'w':
			warm = strtol(optarg, NULL, 10);
			break;
		case 'x':
			if (nalt == MAX_ALT || strchr(optarg, '=') == NULL)
				goto usage;
			alt[nalt++] = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc || runs < 1 || runs > MAX_RUNS || warm < 0)
		goto usage;
	wall = malloc((size_t)runs * sizeof(*wall));
	cpu = malloc((size_t)runs * sizeof(*cpu));
	if (wall == NULL || cpu == NULL) {
		perror("bench_spawn");
		return 1;
	}
	for (i = 0; i < warm; i++)
		if (run(&argv[optind], alt, nalt, (int)(i & 1), &w, &c) < 0)
			return 1;
	for (i = 0; i < runs; i++)
		if (run(&argv[optind], alt, nalt, (int)((warm + i) & 1),
			&wall[i], &cpu[i]) < 0)
			return 1;
	qsort(wall, (size_t)runs, sizeof(*wall), dbl_cmp);
	qsort(cpu, (size_t)runs, sizeof(*cpu), dbl_cmp);
	printf("%ld %.0f %.0f %.0f %.0f %.0f %.0f\n", runs, wall[0],
	    wall[runs / 2], wall[runs - 1], cpu[0], cpu[runs / 2],
	    cpu[runs - 1]);
	free(wall);
	free(cpu);
	return 0;
usage:
	fprintf(stderr,
	    "usage: bench_spawn [-n RUNS] [-w WARMUP] "
	    "[-x NAME=VALUE]... -- COMMAND [ARG...]\n");
	return 64;
}
