/*
 * reader.c - bench_reader: what a PCP client pays to load and order the
 * servers of every interface: pcpsel_view_load() over a server-list
 * directory (every file in it, PCPSEL_MAPPING_ANY), then
 * pcpsel_view_free().
 *
 *   bench_reader DIR            time it: one line, tab-separated:
 *                               interfaces, servers, addresses,
 *                               iterations, ns per load (min, median of 5
 *                               batches)
 *   bench_reader DIR ITERS      load ITERS times inside bench_measure()
 *                               (for callgrind --toggle-collect)
 *
 * A figure-reporting tool, never a pass/fail timing test.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pcpsel.h"

static volatile size_t sink;

static void
load(const char *dir)
{
	struct pcpsel_view *view = NULL;
	int r;

	r = pcpsel_view_load(dir, NULL, 0, PCPSEL_MAPPING_ANY, &view);
	if (r < 0) {
		fprintf(stderr, "bench_reader: %s: %s\n", dir, strerror(-r));
		exit(1);
	}
	sink += pcpsel_view_count(view);
	pcpsel_view_free(view);
}

void bench_measure(const char *dir, size_t iters);

void
bench_measure(const char *dir, size_t iters)
{
	size_t i;

	for (i = 0; i < iters; i++)
		load(dir);
}

/* through a volatile pointer: never inlined, so callgrind sees it */
static void (*volatile measure_fn)(const char *, size_t) = bench_measure;

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define BATCHES 5

int
main(int argc, char **argv)
{
	struct pcpsel_view *view = NULL;
	size_t iters = 1, nsrv = 0, naddr = 0, i, j, b;
	double t0, dt, per[BATCHES];
	int r;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_reader DIR [ITERS]\n");
		return 64;
	}
	load(argv[1]);	/* warm the caches and the PLT */
	if (argc == 3) {
		measure_fn(argv[1], strtoul(argv[2], NULL, 10));
		return 0;
	}
	r = pcpsel_view_load(argv[1], NULL, 0, PCPSEL_MAPPING_ANY, &view);
	if (r < 0)
		return 1;
	for (i = 0; i < pcpsel_view_count(view); i++) {
		const struct pcpsel_list *l = pcpsel_view_servers(view, i);

		nsrv += pcpsel_list_count(l);
		for (j = 0; j < pcpsel_list_count(l); j++)
			naddr += pcpsel_server_count(l, j);
	}
	for (;;) {
		t0 = now_ns();
		measure_fn(argv[1], iters);
		dt = now_ns() - t0;
		if (dt >= 20e6 || iters >= 1000000)
			break;
		iters *= 2;
	}
	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		measure_fn(argv[1], iters);
		per[b] = (now_ns() - t0) / (double)iters;
	}
	qsort(per, BATCHES, sizeof(per[0]), dbl_cmp);
	printf("%zu\t%zu\t%zu\t%zu\t%.0f\t%.0f\n", pcpsel_view_count(view),
	    nsrv, naddr, iters, per[0], per[BATCHES / 2]);
	pcpsel_view_free(view);
	return 0;
}
