/* SPDX-License-Identifier: BSD-2-Clause */
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
 *   bench_reader --parse FILE [ITERS]
 *                               the same for pcpsel_file_parse() of FILE's
 *                               text (read once; no 1 MiB limit, so files
 *                               of any number of servers): servers,
 *                               addresses, bytes, iterations, ns per parse
 *                               (min, median)
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

/* --parse: the text and the list it is parsed into, again and again */
static const char *parse_text;
static size_t parse_len;
static struct pcpsel_list *parse_list;

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

static void
parse_once(void)
{
	int r;

	pcpsel_list_clear(parse_list);
	r = pcpsel_file_parse(parse_list, parse_text, parse_len, NULL);
	if (r < 0) {
		fprintf(stderr, "bench_reader: parse: %s\n", strerror(-r));
		exit(1);
	}
	sink += pcpsel_list_count(parse_list);
}

void bench_measure(const char *dir, size_t iters);

void
bench_measure(const char *dir, size_t iters)
{
	size_t i;

	for (i = 0; i < iters; i++) {
		if (dir != NULL)
			load(dir);
		else
			parse_once();
	}
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

/* Time @fn's batches of @dir loads (NULL: parses): min and median ns per
 * call in @ret_min, @ret_med, iterations per batch in @ret_iters. */
static void
time_batches(const char *dir, double *ret_min, double *ret_med,
    size_t *ret_iters)
{
	double t0, dt, per[BATCHES];
	size_t iters = 1, b;

	for (;;) {
		t0 = now_ns();
		measure_fn(dir, iters);
		dt = now_ns() - t0;
		if (dt >= 20e6 || iters >= 1000000)
			break;
		iters *= 2;
	}
	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		measure_fn(dir, iters);
		per[b] = (now_ns() - t0) / (double)iters;
	}
	qsort(per, BATCHES, sizeof(per[0]), dbl_cmp);
	*ret_min = per[0];
	*ret_med = per[BATCHES / 2];
	*ret_iters = iters;
}

static int
parse_main(int argc, char **argv)
{
	size_t cap = 1 << 20, len = 0, n, naddr = 0, i, iters;
	double mn, md;
	char *buf;
	FILE *f;

	f = fopen(argv[2], "r");
	if (f == NULL) {
		perror(argv[2]);
		return 1;
	}
	buf = malloc(cap);
	while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	parse_list = pcpsel_list_new();
	if (buf == NULL || parse_list == NULL) {
		fprintf(stderr, "bench_reader: out of memory\n");
		return 1;
	}
	parse_text = buf;
	parse_len = len;
	parse_once(); /* warm up, and the counts */
	if (argc == 4) {
		measure_fn(NULL, strtoul(argv[3], NULL, 10));
		return 0;
	}
	for (i = 0; i < pcpsel_list_count(parse_list); i++)
		naddr += pcpsel_server_naddrs(parse_list, i);
	time_batches(NULL, &mn, &md, &iters);
	printf("%zu\t%zu\t%zu\t%zu\t%.0f\t%.0f\n",
	    pcpsel_list_count(parse_list), naddr, len, iters, mn, md);
	pcpsel_list_free(parse_list);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	struct pcpsel_view *view = NULL;
	size_t iters, nsrv = 0, naddr = 0, i, j;
	double mn, md;
	int r;

	if (argc >= 3 && strcmp(argv[1], "--parse") == 0)
		return parse_main(argc, argv);
	if (argc < 2 || argc > 3) {
		fprintf(stderr,
		    "usage: bench_reader DIR [ITERS]\n"
		    "       bench_reader --parse FILE [ITERS]\n");
		return 64;
	}
	load(argv[1]); /* warm the caches and the PLT */
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
			naddr += pcpsel_server_naddrs(l, j);
	}
	time_batches(argv[1], &mn, &md, &iters);
	printf("%zu\t%zu\t%zu\t%zu\t%.0f\t%.0f\n", pcpsel_view_count(view),
	    nsrv, naddr, iters, mn, md);
	pcpsel_view_free(view);
	return 0;
}
