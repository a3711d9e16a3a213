/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_scale.c - the library's costs grow linearly with its input
 * (issue 18): counted, never timed.
 *
 * This program replaces malloc, calloc, realloc and free by counting
 * wrappers around glibc's own (__libc_malloc, ...): the library is a shared
 * object, so its calls land here too.  Each test asserts, for inputs of
 * thousands of servers, how many allocator calls and how many bytes the
 * library asked for.  A quadratic pass shows up as bytes or calls that grow
 * with the square of the input (for example a copy of every earlier server
 * made again for each new one), whatever the speed of the machine.
 *
 * Built only with glibc and without sanitizers (AddressSanitizer has its own
 * allocator, which these wrappers would bypass): elsewhere it exits 77
 * (skipped).  Not run under valgrind, which replaces the allocator too.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcpsel.h"

#if defined(__SANITIZE_ADDRESS__)
#define SCALE_SKIP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define SCALE_SKIP 1
#endif
#endif
#if !defined(SCALE_SKIP) && !defined(__GLIBC__)
#define SCALE_SKIP 1
#endif

#ifndef SCALE_SKIP

/* ---- counting allocator ------------------------------------------------ */

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);

static int counting;
static size_t alloc_calls;
static size_t alloc_bytes;

/* The wrappers must be seen by the library: the build's
 * -fvisibility=hidden would keep them out of the executable's dynamic
 * symbols, and the library would then call glibc's allocator directly,
 * uncounted (every bound below would hold with 0 calls). */
#define SCALE_EXPORT __attribute__((visibility("default")))

static void
count(size_t bytes)
{
	if (counting) {
		alloc_calls++;
		alloc_bytes += bytes;
	}
}

SCALE_EXPORT void *
malloc(size_t size)
{
	count(size);
	return __libc_malloc(size);
}

SCALE_EXPORT void *
calloc(size_t n, size_t size)
{
	count(n * size);
	return __libc_calloc(n, size);
}

SCALE_EXPORT void *
realloc(void *p, size_t size)
{
	count(size);
	return __libc_realloc(p, size);
}

SCALE_EXPORT void
free(void *p)
{
	__libc_free(p);
}

static void
count_start(void)
{
	alloc_calls = 0;
	alloc_bytes = 0;
	counting = 1;
}

static void
count_stop(void)
{
	counting = 0;
}

/* ---- inputs -------------------------------------------------------------- */

/* Check's ck_assert_* record their line (an allocation in the forked
 * test's process): every counted call is asserted after count_stop(). */

/* Address @i of 2001:db8::/32 (documentation), distinct for i < 2^32. */
static struct pcpsel_addr
v6_nth(size_t i)
{
	struct pcpsel_addr a;

	memset(&a, 0, sizeof(a));
	a.bytes[0] = 0x20;
	a.bytes[1] = 0x01;
	a.bytes[2] = 0x0d;
	a.bytes[3] = 0xb8;
	a.bytes[12] = (uint8_t)(i >> 24);
	a.bytes[13] = (uint8_t)(i >> 16);
	a.bytes[14] = (uint8_t)(i >> 8);
	a.bytes[15] = (uint8_t)i;
	return a;
}

/* Address @i of 198.18.0.0/15 (RFC 2544), distinct for i < 2^17. */
static struct pcpsel_addr
v4_nth(size_t i)
{
	uint8_t b[4] = { 198, (uint8_t)(18 + (i >> 16)), (uint8_t)(i >> 8),
		(uint8_t)i };
	struct pcpsel_addr a;

	pcpsel_addr_from_v4(&a, b);
	return a;
}

/* File text of @n one-address servers, alternately IPv4 and IPv6. */
static char *
file_text(size_t n, size_t *ret_len)
{
	char buf[PCPSEL_ADDRSTRLEN];
	struct pcpsel_addr a;
	size_t cap = 64 * n + 64, len = 0, i;
	char *text = malloc(cap);

	ck_assert_ptr_nonnull(text);
	for (i = 0; i < n; i++) {
		a = i % 2 == 0 ? v4_nth(i) : v6_nth(i);
		ck_assert_int_gt(pcpsel_addr_to_string(&a, buf, sizeof(buf)),
		    0);
		len += (size_t)snprintf(text + len, cap - len,
		    "server %s %s\n", i % 2 == 0 ? "dhcpv4" : "dhcpv6", buf);
	}
	*ret_len = len;
	return text;
}

/* ---- file reader ------------------------------------------------------- */

/* 40,525 servers: the 1 MiB file.  Every server is one allocation
 * of its addresses; the list's array of servers grows by doubling; the
 * parse may keep a few arrays of the whole input.  Nothing is copied per
 * earlier server. */
#define FILE_SERVERS 40525

START_TEST(test_scale_file_parse_linear)
{
	struct pcpsel_list *list = pcpsel_list_new();
	size_t len, line = 0;
	char *text = file_text(FILE_SERVERS, &len);
	int r;

	count_start();
	r = pcpsel_file_parse(list, text, len, &line);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), FILE_SERVERS);
	ck_assert_msg(alloc_calls <= FILE_SERVERS + 64,
	    "%zu allocator calls for %d servers", alloc_calls, FILE_SERVERS);
	ck_assert_msg(alloc_bytes <= (size_t)FILE_SERVERS * 256,
	    "%zu bytes requested for %d servers", alloc_bytes, FILE_SERVERS);
	pcpsel_list_free(list);
	free(text);
}
END_TEST

/* The same through pcpsel_view_load() (what `pcpsel show` does), with as
 * many servers as a file of at most 1 MiB (the readers' limit) holds. */
#define VIEW_SERVERS 36000

START_TEST(test_scale_view_load_linear)
{
	char dir[] = "/tmp/pcpsel-scale.XXXXXX", path[64];
	struct pcpsel_view *view = NULL;
	size_t len;
	char *text = file_text(VIEW_SERVERS, &len);
	const char *name = "pcpselscale0";
	FILE *f;
	int r;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_uint_le(len, 1024 * 1024);

	count_start();
	r = pcpsel_view_load(dir, NULL, 0, PCPSEL_MAPPING_ANY, &view);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 0)),
	    VIEW_SERVERS);
	ck_assert_msg(alloc_calls <= VIEW_SERVERS + 256,
	    "%zu allocator calls for %d servers", alloc_calls, VIEW_SERVERS);
	ck_assert_msg(alloc_bytes <= (size_t)VIEW_SERVERS * 256 + len,
	    "%zu bytes requested for %d servers", alloc_bytes, VIEW_SERVERS);
	pcpsel_view_free(view);
	unlink(path);
	rmdir(dir);
	free(text);
}
END_TEST

/* ---- merge ------------------------------------------------------------- */

/* 2000 DHCPv6 servers each share an address with the one DHCPv4 server and
 * bring one new address: the joined server grows once, not per server. */
#define MERGE_SERVERS 2000

START_TEST(test_scale_merge_joins_linear)
{
	struct pcpsel_list *l4 = pcpsel_list_new(), *l6 = pcpsel_list_new();
	struct pcpsel_list *ret = pcpsel_list_new();
	struct pcpsel_addr *a4, pair[2];
	size_t i;
	int r;

	a4 = malloc(MERGE_SERVERS * sizeof(*a4));
	ck_assert_ptr_nonnull(a4);
	for (i = 0; i < MERGE_SERVERS; i++)
		a4[i] = v4_nth(i);
	ck_assert_int_eq(pcpsel_list_add_server(l4, PCPSEL_ORIGIN_DHCPV4, a4,
			     MERGE_SERVERS),
	    0);
	for (i = 0; i < MERGE_SERVERS; i++) {
		pair[0] = a4[i];
		pair[1] = v6_nth(i);
		ck_assert_int_eq(pcpsel_list_add_server(l6,
				     PCPSEL_ORIGIN_DHCPV6, pair, 2),
		    0);
	}
	count_start();
	r = pcpsel_list_merge(ret, l4, l6);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(pcpsel_list_count(ret), 1);
	ck_assert_uint_eq(pcpsel_server_naddrs(ret, 0), 2 * MERGE_SERVERS);
	ck_assert_msg(alloc_calls <= 16, "%zu allocator calls", alloc_calls);
	ck_assert_msg(alloc_bytes <= (size_t)MERGE_SERVERS * 128,
	    "%zu bytes requested for %d servers", alloc_bytes, MERGE_SERVERS);
	pcpsel_list_free(l4);
	pcpsel_list_free(l6);
	pcpsel_list_free(ret);
	free(a4);
}
END_TEST

/* ---- adding many servers ----------------------------------------------- */

#define ADD_SERVERS 20000

START_TEST(test_scale_add_servers_linear)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_addr *addrs;
	size_t *counts, i, bad = SIZE_MAX;
	int r;

	addrs = malloc(ADD_SERVERS * sizeof(*addrs));
	counts = malloc(ADD_SERVERS * sizeof(*counts));
	ck_assert_ptr_nonnull(addrs);
	ck_assert_ptr_nonnull(counts);
	for (i = 0; i < ADD_SERVERS; i++) {
		addrs[i] = v6_nth(i);
		counts[i] = 1;
	}
	count_start();
	r = pcpsel_list_add_servers(list, PCPSEL_ORIGIN_DHCPV6, addrs, counts,
	    ADD_SERVERS, &bad);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(bad, SIZE_MAX);
	ck_assert_uint_eq(pcpsel_list_count(list), ADD_SERVERS);
	ck_assert_msg(alloc_calls <= ADD_SERVERS + 16, "%zu allocator calls",
	    alloc_calls);
	ck_assert_msg(alloc_bytes <= (size_t)ADD_SERVERS * 128,
	    "%zu bytes requested for %d servers", alloc_bytes, ADD_SERVERS);
	pcpsel_list_free(list);
	free(addrs);
	free(counts);
}
END_TEST

/* ---- decode and order -------------------------------------------------- */

/* The largest option 86 instance: 4095 addresses. */
START_TEST(test_scale_v6_decode_order_4095)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_source src;
	struct pcpsel_order_ctx ctx;
	struct pcpsel_buf buf;
	uint8_t *data;
	size_t i;
	int r;

	data = malloc(PCPSEL_V6_MAX_ADDRS * 16);
	ck_assert_ptr_nonnull(data);
	for (i = 0; i < PCPSEL_V6_MAX_ADDRS; i++) {
		struct pcpsel_addr a = v6_nth(i * 2654435761u);

		memcpy(data + 16 * i, a.bytes, 16);
	}
	buf.data = data;
	buf.len = PCPSEL_V6_MAX_ADDRS * 16;
	count_start();
	r = pcpsel_v6_decode(list, &buf, 1, NULL);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), PCPSEL_V6_MAX_ADDRS);
	ck_assert_msg(alloc_calls <= 8, "decode: %zu allocator calls",
	    alloc_calls);
	ck_assert_msg(alloc_bytes <= PCPSEL_V6_MAX_ADDRS * 128,
	    "decode: %zu bytes", alloc_bytes);

	memset(&src, 0, sizeof(src));
	ck_assert_int_eq(pcpsel_addr_from_string(&src.addr, "2001:db8:1::100"),
	    0);
	src.prefixlen = 64;
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = &src;
	ctx.nsources = 1;
	ctx.prefer_temporary = 1;
	count_start();
	r = pcpsel_list_order(list, &ctx);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_msg(alloc_calls <= 4, "order: %zu allocator calls",
	    alloc_calls);
	ck_assert_msg(alloc_bytes <= PCPSEL_V6_MAX_ADDRS * 160,
	    "order: %zu bytes", alloc_bytes);
	pcpsel_list_free(list);
	free(data);
}
END_TEST

/* The largest option 158: V4_LISTS lists of 63 addresses, 65,527 bytes */
#define V4_LISTS 259
#define V4_ADDRS (V4_LISTS * 63)

/* Address N of the list: 198.18.0.0/15 (RFC 2544) in order, .0 and .255
 * skipped (STEP 0), or BASE + N * STEP */
static uint32_t
v4_largest_addr(size_t n, uint32_t base, uint32_t step)
{
	size_t h = n / 254;

	if (step == 0)
		return 0xc6000000u | (uint32_t)(18 + h / 256) << 16 |
		    (uint32_t)(h % 256) << 8 | (uint32_t)(n % 254 + 1);
	return base + (uint32_t)n * step;
}

/* Builds that option in FRAGS, RFC 3396 instances of at most 255 bytes;
 * returns the data to free after use, *NF the number of instances */
static uint8_t *
v4_largest(uint32_t base, uint32_t step, struct pcpsel_buf frags[257],
    size_t *nf)
{
	uint8_t *data = malloc(V4_LISTS * 253);
	size_t i, j, k = 0, len;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < V4_LISTS; i++) {
		data[k++] = 252;
		for (j = 0; j < 63; j++) {
			uint32_t a = v4_largest_addr(i * 63 + j, base, step);

			ck_assert_uint_lt(a >> 24, 224);
			data[k++] = (uint8_t)(a >> 24);
			data[k++] = (uint8_t)(a >> 16);
			data[k++] = (uint8_t)(a >> 8);
			data[k++] = (uint8_t)a;
		}
	}
	len = k;
	for (*nf = 0, k = 0; k < len; (*nf)++, k += 255) {
		ck_assert_uint_lt(*nf, 257);
		frags[*nf].data = data + k;
		frags[*nf].len = len - k < 255 ? len - k : 255;
	}
	return data;
}

/*
 * The largest option 158 (259 lists of 63 addresses, 65,527 bytes in RFC
 * 3396 instances): decoding allocates a bounded number of blocks and at
 * most 48 bytes per address (41 measured): the reassembled data (4), each
 * address as a 4-byte number and its mark (5), the duplicate search (a
 * bitmap over the addresses' span, here 1 bit per address: their span is
 * narrow) and the list's own copy (16, in arena blocks that double: up to
 * 32).  The decoder of 16-byte addresses (17 with the mark) and 8-byte
 * sorted numbers (16) needed 69; sorting whole (address, position)
 * records instead of numbers, 101.
 */
START_TEST(test_scale_v4_decode_65527)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_buf frags[257];
	struct pcpsel_decode_info info;
	uint8_t *data;
	size_t nf;
	int r;

	data = v4_largest(0, 0, frags, &nf);
	count_start();
	r = pcpsel_v4_decode(list, frags, nf, &info);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), V4_LISTS);
	ck_assert_uint_eq(info.duplicates, 0);
	ck_assert_msg(alloc_calls <= 16, "decode: %zu allocator calls",
	    alloc_calls);
	ck_assert_msg(alloc_bytes <= V4_ADDRS * 48,
	    "decode: %zu bytes (%zu per address)", alloc_bytes,
	    alloc_bytes / V4_ADDRS);
	pcpsel_list_free(list);
	free(data);
}
END_TEST

/*
 * The duplicate search of option 158 stays within its bounds whatever the
 * addresses' span: 259 lists of 63 addresses a step apart (loop: 1; 61,
 * the widest span that still takes the bitmap, 8 bytes at most per
 * address; 98,299, from 128.0.0.0 to 223.152.193.84, where the addresses
 * are sorted as 8-byte numbers, 16 bytes with the scratch copy).  At most 16 allocator calls and 64 bytes per
 * address (the 41 of the narrow case plus those).
 */
START_TEST(test_scale_v4_decode_spread)
{
	static const uint32_t steps[] = { 1, 61, 98299 };
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_buf frags[257];
	struct pcpsel_decode_info info;
	uint8_t *data;
	size_t nf;
	int r;

	/* from 11.0.0.0 or 128.0.0.0: every address usable (below 224/8) */
	data = v4_largest(_i < 2 ? 0x0b000000u : 0x80000000u, steps[_i], frags,
	    &nf);
	count_start();
	r = pcpsel_v4_decode(list, frags, nf, &info);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), V4_LISTS);
	ck_assert_uint_eq(info.duplicates, 0);
	ck_assert_uint_eq(info.filtered, 0);
	ck_assert_msg(alloc_calls <= 16, "decode: %zu allocator calls",
	    alloc_calls);
	ck_assert_msg(alloc_bytes <= V4_ADDRS * 64,
	    "decode: %zu bytes (%zu per address)", alloc_bytes,
	    alloc_bytes / V4_ADDRS);
	pcpsel_list_free(list);
	free(data);
}
END_TEST

/* A typical list (two servers, three addresses) is ordered without a
 * single allocation. */
START_TEST(test_scale_order_typical_no_allocation)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_source src[3];
	struct pcpsel_order_ctx ctx;
	struct pcpsel_addr a[2];
	int r;

	memset(src, 0, sizeof(src));
	ck_assert_int_eq(pcpsel_addr_from_string(&src[0].addr, "192.0.2.100"),
	    0);
	src[0].prefixlen = 24;
	ck_assert_int_eq(pcpsel_addr_from_string(&src[1].addr,
			     "2001:db8:1::100"),
	    0);
	src[1].prefixlen = 64;
	ck_assert_int_eq(pcpsel_addr_from_string(&src[2].addr, "fe80::100"),
	    0);
	src[2].prefixlen = 64;
	ck_assert_int_eq(pcpsel_addr_from_string(&a[0], "192.0.2.1"), 0);
	ck_assert_int_eq(pcpsel_addr_from_string(&a[1], "2001:db8::1"), 0);
	ck_assert_int_eq(pcpsel_list_add_server(list,
			     PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6, a,
			     2),
	    0);
	ck_assert_int_eq(pcpsel_addr_from_string(&a[0], "198.51.100.1"), 0);
	ck_assert_int_eq(pcpsel_list_add_server(list, PCPSEL_ORIGIN_DHCPV4, a,
			     1),
	    0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = src;
	ctx.nsources = 3;
	ctx.prefer_temporary = 1;
	count_start();
	r = pcpsel_list_order(list, &ctx);
	count_stop();
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(alloc_calls, 0);
	/* RFC 6724 Rule 6: native IPv6 (precedence 40) before IPv4 (35) */
	ck_assert_int_eq(pcpsel_addr_is_v4(&pcpsel_server_addrs(list, 0)[0]),
	    0);
	pcpsel_list_free(list);
}
END_TEST

static Suite *
scale_suite(void)
{
	Suite *s = suite_create("scale");
	TCase *tc = tcase_create("linear");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_scale_file_parse_linear);
	tcase_add_test(tc, test_scale_view_load_linear);
	tcase_add_test(tc, test_scale_merge_joins_linear);
	tcase_add_test(tc, test_scale_add_servers_linear);
	tcase_add_test(tc, test_scale_v6_decode_order_4095);
	tcase_add_test(tc, test_scale_v4_decode_65527);
	tcase_add_loop_test(tc, test_scale_v4_decode_spread, 0, 3);
	tcase_add_test(tc, test_scale_order_typical_no_allocation);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(scale_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#else /* SCALE_SKIP */

int
main(void)
{
	puts("check_scale: allocator counting needs glibc without "
	     "sanitizers: skipped");
	return 77;
}

#endif
