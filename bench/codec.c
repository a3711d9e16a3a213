/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * codec.c - bench_codec: time per call of the RFC 7291 codec and of the
 * RFC 6724 ordering (libpcpsel), for a typical option and the largest legal
 * ones, and for a series of sizes (is the cost linear in the input?).
 *
 *   bench_codec                 every case: one tab-separated line each
 *                               (case, op, servers, addresses, bytes,
 *                               iterations, ns per call: min and median
 *                               of 5 batches)
 *   bench_codec --list          the case names
 *   bench_codec --case NAME --iters N
 *                               run NAME once, then N times inside
 *                               bench_measure(): under
 *                               valgrind --tool=callgrind
 *                               --toggle-collect=bench_measure the
 *                               instruction count of N calls
 *   bench_codec [--cpu] [--only NAME,...]
 *                               time only the cases named; --cpu: the
 *                               thread's CPU time (CLOCK_THREAD_CPUTIME_ID)
 *                               instead of the wall clock, so that time
 *                               the thread spent preempted on a loaded
 *                               machine is not counted (caches and a
 *                               shared core still are)
 *
 * Never a pass/fail test: it reports figures.  All addresses are
 * documentation (RFC 5737, RFC 3849) or benchmarking (RFC 2544,
 * 198.18.0.0/15) addresses held in memory only.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pcpsel.h"

enum op {
	OP_V4_DECODE,
	OP_V4_ENCODE,
	OP_V6_DECODE,
	OP_V6_ENCODE,
	OP_ORDER,
	OP_V4_DECODE_ORDER,
	OP_V6_DECODE_ORDER
};

static const char *const op_names[] = { "v4_decode", "v4_encode", "v6_decode",
	"v6_encode", "order", "v4_decode_order", "v6_decode_order" };

/* One benchmark case: the option it works on, built once. */
struct bcase {
	char name[48];
	enum op op;
	size_t servers;
	size_t addrs;
	/* wire form: the option data (v4: one buffer, split into RFC 3396
	 * fragments of at most 255 bytes; v6: one buffer per instance) */
	uint8_t *data;
	size_t len;
	struct pcpsel_buf *bufs;
	size_t nbufs;
	/* decoded form, for encode and order */
	struct pcpsel_list *list;
	/* order: scratch room for one server's addresses */
	struct pcpsel_addr *work;
	size_t maxserver;
};

#define MAX_CASES 64
static struct bcase cases[MAX_CASES];
static size_t ncases;

/* The client's addresses for the ordering: an IPv4 address, a global and
 * a link-local IPv6 address, all on one interface. */
static struct pcpsel_source sources[3];
static struct pcpsel_order_ctx order_ctx;

static volatile size_t sink;

static void
die(const char *what, int err)
{
	fprintf(stderr, "bench_codec: %s: %s\n", what, strerror(-err));
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL)
		die("malloc", -ENOMEM);
	return p;
}

/* The @i-th IPv4 address (network order) of 198.18.0.0/15 skipping .0
 * and .255, or, for the typical case, fixed documentation addresses. */
static void
v4_addr(size_t i, uint8_t out[4])
{
	size_t h = i / 254, l = i % 254 + 1;

	out[0] = 198;
	out[1] = (uint8_t)(18 + h / 256);
	out[2] = (uint8_t)(h % 256);
	out[3] = (uint8_t)l;
}

/* The @i-th IPv6 address: 2001:db8:HHHH:LLLL::x with a scrambled subnet so
 * that the ordering sees different common-prefix lengths (RFC 6724 §6
 * Rule 9) and no pre-sorted input; distinct for every i < 65536. */
static void
v6_addr(size_t i, uint8_t out[16])
{
	uint32_t s = (uint32_t)(i * 40503u) & 0xffffu;

	memset(out, 0, 16);
	out[0] = 0x20;
	out[1] = 0x01;
	out[2] = 0x0d;
	out[3] = 0xb8;
	out[4] = (uint8_t)(s >> 8);
	out[5] = (uint8_t)s;
	out[6] = (uint8_t)(i >> 8);
	out[7] = (uint8_t)i;
	out[15] = (uint8_t)(1 + i % 250);
}

/* Option 158 data: @nlists servers of @per addresses each. */
static void
build_v4(struct bcase *c, size_t nlists, size_t per, int typical)
{
	static const uint8_t typ[] = {
		8, 192, 0, 2, 1, 192, 0, 2, 2, /* 192.0.2.1, 192.0.2.2 */
		4, 198, 51, 100, 1 /* 198.51.100.1 */
	};
	size_t i, j, k = 0, off = 0, nf;

	if (typical) {
		c->len = sizeof(typ);
		c->data = xmalloc(c->len);
		memcpy(c->data, typ, sizeof(typ));
		c->servers = 2;
		c->addrs = 3;
	} else {
		c->len = nlists * (1 + 4 * per);
		c->data = xmalloc(c->len);
		for (i = 0; i < nlists; i++) {
			c->data[off++] = (uint8_t)(4 * per);
			for (j = 0; j < per; j++, k++) {
				v4_addr(k, &c->data[off]);
				off += 4;
			}
		}
		c->servers = nlists;
		c->addrs = nlists * per;
	}
	/* RFC 3396: as a DHCP server sends it, in instances of <= 255 */
	nf = (c->len + 254) / 255;
	c->bufs = xmalloc(nf * sizeof(*c->bufs));
	for (i = 0; i < nf; i++) {
		c->bufs[i].data = c->data + i * 255;
		c->bufs[i].len =
		    c->len - i * 255 < 255 ? c->len - i * 255 : 255;
	}
	c->nbufs = nf;
}

/* Option 86 instances: @nservers servers of @per addresses each. */
static void
build_v6(struct bcase *c, size_t nservers, size_t per, int typical)
{
	size_t i, j, k = 0;

	if (typical) {
		/* [2001:db8::1, ::ffff:192.0.2.1], [2001:db8::2] */
		static const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0, 1 };
		static const uint8_t m[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0xff, 0xff, 192, 0, 2, 1 };

		c->len = 48;
		c->data = xmalloc(c->len);
		memcpy(c->data, a, 16);
		memcpy(c->data + 16, m, 16);
		memcpy(c->data + 32, a, 16);
		c->data[47] = 2;
		c->bufs = xmalloc(2 * sizeof(*c->bufs));
		c->bufs[0].data = c->data;
		c->bufs[0].len = 32;
		c->bufs[1].data = c->data + 32;
		c->bufs[1].len = 16;
		c->nbufs = 2;
		c->servers = 2;
		c->addrs = 3;
		return;
	}
	c->len = nservers * per * 16;
	c->data = xmalloc(c->len);
	c->bufs = xmalloc(nservers * sizeof(*c->bufs));
	for (i = 0; i < nservers; i++) {
		c->bufs[i].data = c->data + i * per * 16;
		c->bufs[i].len = per * 16;
		for (j = 0; j < per; j++, k++)
			v6_addr(k, c->data + k * 16);
	}
	c->nbufs = nservers;
	c->servers = nservers;
	c->addrs = nservers * per;
}

static void
decode_into(struct bcase *c, struct pcpsel_list *list)
{
	int r;

	if (c->op == OP_V4_DECODE || c->op == OP_V4_ENCODE ||
	    c->op == OP_V4_DECODE_ORDER)
		r = pcpsel_v4_decode(list, c->bufs, c->nbufs, NULL);
	else
		r = pcpsel_v6_decode(list, c->bufs, c->nbufs, NULL);
	if (r < 0)
		die(c->name, r);
}

static void
add_case(const char *name, enum op op, int v6, size_t nservers, size_t per,
    int typical)
{
	struct bcase *c;
	size_t i, n;

	if (ncases == MAX_CASES)
		die("too many cases", -E2BIG);
	c = &cases[ncases++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->op = op;
	if (v6)
		build_v6(c, nservers, per, typical);
	else
		build_v4(c, nservers, per, typical);
	if ((op == OP_ORDER && !v6) || op == OP_V4_DECODE_ORDER)
		/* decode_into picks the decoder by op: v4 data */
		c->op = OP_V4_ENCODE;
	else if (op == OP_V6_DECODE_ORDER)
		c->op = OP_V6_ENCODE;
	c->list = pcpsel_list_new();
	if (c->list == NULL)
		die("pcpsel_list_new", -ENOMEM);
	decode_into(c, c->list);
	c->op = op;
	if (pcpsel_list_count(c->list) != c->servers)
		die(c->name, -EBADMSG);
	for (i = 0; i < c->servers; i++) {
		n = pcpsel_server_naddrs(c->list, i);
		if (n > c->maxserver)
			c->maxserver = n;
	}
	c->work = xmalloc(c->maxserver * sizeof(*c->work));
}

/* One call of the case's operation (plus, for decode, clearing the list it
 * filled; for order, copying the unordered addresses in first). */
static void
run_once(struct bcase *c, struct pcpsel_list *scratch)
{
	struct pcpsel_wire *wire = NULL;
	size_t i, n;
	int r;

	switch (c->op) {
	case OP_V4_DECODE:
	case OP_V6_DECODE:
		decode_into(c, scratch);
		sink += pcpsel_list_count(scratch);
		pcpsel_list_clear(scratch);
		break;
	case OP_V4_DECODE_ORDER:
	case OP_V6_DECODE_ORDER:
		/* what a client does with a received option: decode it,
		 * then order every server (pcpsel_list_order) */
		decode_into(c, scratch);
		r = pcpsel_list_order(scratch, &order_ctx);
		if (r < 0)
			die(c->name, r);
		sink += pcpsel_server_addrs(scratch, 0)[0].bytes[15];
		pcpsel_list_clear(scratch);
		break;
	case OP_V4_ENCODE:
	case OP_V6_ENCODE:
		r = c->op == OP_V4_ENCODE ? pcpsel_v4_encode(c->list, &wire) :
					    pcpsel_v6_encode(c->list, &wire);
		if (r < 0)
			die(c->name, r);
		sink += pcpsel_wire_count(wire);
		pcpsel_wire_free(wire);
		break;
	case OP_ORDER:
		/* what pcpsel_list_order does, on a fresh copy each time */
		for (i = 0; i < c->servers; i++) {
			n = pcpsel_server_naddrs(c->list, i);
			memcpy(c->work, pcpsel_server_addrs(c->list, i),
			    n * sizeof(*c->work));
			r = pcpsel_order(c->work, NULL, n, &order_ctx);
			if (r < 0)
				die(c->name, r);
			sink += c->work[0].bytes[15];
		}
		break;
	}
}

/* The instruction-counted loop (callgrind --toggle-collect=bench_measure):
 * called through a volatile pointer so that it is never inlined. */
void bench_measure(struct bcase *c, struct pcpsel_list *scratch, size_t iters);

void
bench_measure(struct bcase *c, struct pcpsel_list *scratch, size_t iters)
{
	size_t i;

	for (i = 0; i < iters; i++)
		run_once(c, scratch);
}

static void (*volatile measure_fn)(struct bcase *, struct pcpsel_list *,
    size_t) = bench_measure;

static clockid_t bench_clock = CLOCK_MONOTONIC;

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(bench_clock, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define BATCHES 5
#define BATCH_NS 20e6 /* at least 20 ms per batch */

static void
time_case(struct bcase *c, struct pcpsel_list *scratch)
{
	double t0, dt, per[BATCHES];
	size_t iters = 1, b;

	run_once(c, scratch); /* warm the caches and the PLT */
	for (;;) {
		t0 = now_ns();
		measure_fn(c, scratch, iters);
		dt = now_ns() - t0;
		if (dt >= BATCH_NS || iters >= ((size_t)1 << 30))
			break;
		iters *= dt > 0 && BATCH_NS / dt < 16 ? 2 : 16;
	}
	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		measure_fn(c, scratch, iters);
		per[b] = (now_ns() - t0) / (double)iters;
	}
	qsort(per, BATCHES, sizeof(per[0]), dbl_cmp);
	printf("%s\t%s\t%zu\t%zu\t%zu\t%zu\t%.1f\t%.1f\n", c->name,
	    op_names[c->op], c->servers, c->addrs, c->len, iters, per[0],
	    per[BATCHES / 2]);
	fflush(stdout);
}

static void
setup_sources(void)
{
	static const uint8_t v4[4] = { 192, 0, 2, 100 };
	int r;

	pcpsel_addr_from_v4(&sources[0].addr, v4);
	sources[0].prefixlen = 24;
	r = pcpsel_addr_from_string(&sources[1].addr, "2001:db8:1::100");
	if (r == 0)
		r = pcpsel_addr_from_string(&sources[2].addr, "fe80::100");
	if (r < 0)
		die("pcpsel_addr_from_string", r);
	sources[1].prefixlen = 64;
	sources[2].prefixlen = 64;
	memset(&order_ctx, 0, sizeof(order_ctx));
	order_ctx.sources = sources;
	order_ctx.nsources = 3;
	order_ctx.mapping = PCPSEL_MAPPING_ANY;
	order_ctx.prefer_temporary = 1;
}

static void
setup_cases(void)
{
	static const size_t v4_lists[] = { 1, 2, 4, 8, 16 };
	static const size_t v6_sizes[] = { 1, 16, 64, 256, 1024, 4095 };
	char name[48];
	size_t i;

	/* typical: 2 servers, 3 addresses */
	add_case("typical_v4_decode", OP_V4_DECODE, 0, 0, 0, 1);
	add_case("typical_v4_encode", OP_V4_ENCODE, 0, 0, 0, 1);
	add_case("typical_v6_decode", OP_V6_DECODE, 1, 0, 0, 1);
	add_case("typical_v6_encode", OP_V6_ENCODE, 1, 0, 0, 1);
	add_case("typical_v4_order", OP_ORDER, 0, 0, 0, 1);
	add_case("typical_v6_order", OP_ORDER, 1, 0, 0, 1);
	/* option 158: 1..16 lists of 63 addresses (List-Length 252,
	 * RFC 7291 §4.1); 16 lists is the largest case */
	for (i = 0; i < sizeof(v4_lists) / sizeof(v4_lists[0]); i++) {
		snprintf(name, sizeof(name), "v4_%zux63_decode", v4_lists[i]);
		add_case(name, OP_V4_DECODE, 0, v4_lists[i], 63, 0);
		snprintf(name, sizeof(name), "v4_%zux63_encode", v4_lists[i]);
		add_case(name, OP_V4_ENCODE, 0, v4_lists[i], 63, 0);
		snprintf(name, sizeof(name), "v4_%zux63_order", v4_lists[i]);
		add_case(name, OP_ORDER, 0, v4_lists[i], 63, 0);
	}
	/* option 86: one instance of 1..4095 addresses (option-len 65520) */
	for (i = 0; i < sizeof(v6_sizes) / sizeof(v6_sizes[0]); i++) {
		snprintf(name, sizeof(name), "v6_1x%zu_decode", v6_sizes[i]);
		add_case(name, OP_V6_DECODE, 1, 1, v6_sizes[i], 0);
		snprintf(name, sizeof(name), "v6_1x%zu_encode", v6_sizes[i]);
		add_case(name, OP_V6_ENCODE, 1, 1, v6_sizes[i], 0);
		snprintf(name, sizeof(name), "v6_1x%zu_order", v6_sizes[i]);
		add_case(name, OP_ORDER, 1, 1, v6_sizes[i], 0);
	}
	/* option 86: 16 servers of 1 address (instances, not addresses) */
	add_case("v6_16x1_decode", OP_V6_DECODE, 1, 16, 1, 0);
	add_case("v6_16x1_encode", OP_V6_ENCODE, 1, 16, 1, 0);
	/* decode + order, what a client does with an option: the typical
	 * one, then 1 KiB to 64 KiB (is the cost per byte constant?) */
	add_case("typical_v4_decode_order", OP_V4_DECODE_ORDER, 0, 0, 0, 1);
	add_case("typical_v6_decode_order", OP_V6_DECODE_ORDER, 1, 0, 0, 1);
	for (i = 0; i < sizeof(v4_lists) / sizeof(v4_lists[0]); i++) {
		snprintf(name, sizeof(name), "v4_%zux63_decode_order",
		    v4_lists[i]);
		add_case(name, OP_V4_DECODE_ORDER, 0, v4_lists[i], 63, 0);
	}
	/* option 158 data beyond one DHCP message (RFC 3396 instances):
	 * 16 KiB, and 259 lists of 63 (65,527 bytes, the most under
	 * PCPSEL_MAX_INPUT) */
	add_case("v4_64x63_decode_order", OP_V4_DECODE_ORDER, 0, 64, 63, 0);
	add_case("v4_259x63_decode_order", OP_V4_DECODE_ORDER, 0, 259, 63, 0);
	for (i = 0; i < sizeof(v6_sizes) / sizeof(v6_sizes[0]); i++) {
		snprintf(name, sizeof(name), "v6_1x%zu_decode_order",
		    v6_sizes[i]);
		add_case(name, OP_V6_DECODE_ORDER, 1, 1, v6_sizes[i], 0);
	}
}

int
main(int argc, char **argv)
{
	struct pcpsel_list *scratch;
	const char *only = NULL, *names = NULL;
	size_t iters = 0, i, len;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--case") == 0 && i + 1 < (size_t)argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--iters") == 0 &&
		    i + 1 < (size_t)argc)
			iters = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--list") == 0)
			only = "";
		else if (strcmp(argv[i], "--cpu") == 0)
			bench_clock = CLOCK_THREAD_CPUTIME_ID;
		else if (strcmp(argv[i], "--only") == 0 &&
		    i + 1 < (size_t)argc)
			names = argv[++i];
		else {
			fprintf(stderr,
			    "usage: bench_codec [--list | "
			    "--case NAME --iters N | "
			    "[--cpu] [--only NAME,...]]\n");
			return 64;
		}
	}
	setup_sources();
	setup_cases();
	scratch = pcpsel_list_new();
	if (scratch == NULL)
		die("pcpsel_list_new", -ENOMEM);

	if (only != NULL && only[0] == '\0') {
		for (i = 0; i < ncases; i++)
			printf("%s\t%s\t%zu\t%zu\t%zu\n", cases[i].name,
			    op_names[cases[i].op], cases[i].servers,
			    cases[i].addrs, cases[i].len);
		return 0;
	}
	if (only != NULL) {
		for (i = 0; i < ncases; i++)
			if (strcmp(cases[i].name, only) == 0)
				break;
		if (i == ncases) {
			fprintf(stderr, "bench_codec: no case %s\n", only);
			return 64;
		}
		run_once(&cases[i], scratch); /* outside the count */
		measure_fn(&cases[i], scratch, iters != 0 ? iters : 1);
		return 0;
	}
	printf("# case\top\tservers\taddrs\tbytes\titers\tns_min\t"
	       "ns_median\n");
	for (i = 0; i < ncases; i++) {
		const char *p = names;

		/* --only: the case's name must be one of the list's */
		len = strlen(cases[i].name);
		while (p != NULL &&
		    !(strncmp(p, cases[i].name, len) == 0 &&
			(p[len] == ',' || p[len] == '\0'))) {
			p = strchr(p, ',');
			if (p != NULL)
				p++;
		}
		if (names == NULL || p != NULL)
			time_case(&cases[i], scratch);
	}
	pcpsel_list_free(scratch);
	return 0;
}
