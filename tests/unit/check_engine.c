/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_engine.c - the RFC 7488 selection engine in simulated time:
 * timelines T-1 (both readings of MRC, P-SEL-1), T-3, hard-ICMP failover
 * (SEL-11), late answers (SEL-10), the 15-minute restart (SEL-12,
 * P-SEL-5), an address in use going silent (SEL-13, P-SEL-2), nonces
 * (SEL-14, SEL-16) and DHCP updates (P-CHG-1..3).  Digest §2.3-§2.5.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"

/* ANNOUNCE SUCCESS response (M-03), epoch patched by answer() */
/* clang-format off */
static const uint8_t announce_ok[] = {
	0x02, 0x80, 0x00, 0x00,	/* Version 2, R, ANNOUNCE, SUCCESS */
	0x00, 0x00, 0x00, 0x00,	/* Lifetime 0 */
	0x00, 0x00, 0x03, 0xe8,	/* Epoch Time 1000 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* Reserved */
	0x00, 0x00, 0x00, 0x00
};
/* clang-format on */

/* a fixed RAND for every draw: r % 201 - 100 per mille */
static uint32_t fixed_r;

static uint32_t
rand_fixed(void *arg)
{
	(void)arg;
	return fixed_r;
}

static uint32_t
rand_counter(void *arg)
{
	uint32_t *c = arg;

	return (*c)++ * 2654435761u;
}

struct ev {
	uint64_t t;
	size_t server;
	struct pcpsel_addr addr;
	unsigned tx;
	uint8_t nonce[PCPSEL_PCP_NONCE_LEN];
};

static struct pcpsel_addr
addr(const char *text)
{
	struct pcpsel_addr a;

	ck_assert_int_eq(pcpsel_addr_from_string(&a, text), 0);
	return a;
}

static struct pcpsel_engine *
engine(unsigned mrc, uint32_t r, uint32_t keepalive_ms)
{
	struct pcpsel_engine_config cfg;
	struct pcpsel_engine *e = NULL;

	fixed_r = r;
	memset(&cfg, 0, sizeof(cfg));
	cfg.mrc = mrc;
	cfg.keepalive_ms = keepalive_ms;
	cfg.random = rand_fixed;
	ck_assert_int_eq(pcpsel_engine_new(&cfg, &e), 0);
	return e;
}

/* servers: NULL-separated groups of addresses, ended by two NULLs */
static struct pcpsel_list *
list_of(const char *const *texts)
{
	struct pcpsel_list *l = pcpsel_list_new();
	struct pcpsel_addr a[8];
	size_t n = 0;

	ck_assert_ptr_nonnull(l);
	for (;; texts++) {
		if (*texts == NULL) {
			if (n == 0)
				break;
			ck_assert_int_eq(pcpsel_list_add_server(l,
					     PCPSEL_ORIGIN_DHCPV4, a, n),
			    0);
			n = 0;
			continue;
		}
		a[n++] = addr(*texts);
	}
	return l;
}

static void
set(struct pcpsel_engine *e, const char *const *texts, uint64_t now)
{
	struct pcpsel_list *l = list_of(texts);

	ck_assert_int_eq(pcpsel_engine_set_servers(e, l, now), 0);
	pcpsel_list_free(l);
}

/* Run the engine from its wakeups up to @until, logging every send. */
static size_t
run(struct pcpsel_engine *e, uint64_t until, struct ev *log, size_t max)
{
	struct pcpsel_engine_send snd;
	uint64_t t;
	size_t n = 0;
	int guard;

	for (guard = 0; guard < 1000; guard++) {
		t = pcpsel_engine_wakeup(e);
		if (t > until)
			break;
		while (pcpsel_engine_poll(e, t, &snd) == 1) {
			ck_assert_uint_lt(n, max);
			log[n].t = t;
			log[n].server = snd.server;
			log[n].addr = snd.addr;
			log[n].tx = snd.transmission;
			memcpy(log[n].nonce, snd.nonce, sizeof(snd.nonce));
			n++;
		}
	}
	ck_assert_int_lt(guard, 1000);
	return n;
}

static int
answer(struct pcpsel_engine *e, uint64_t t, const char *from, uint32_t ep)
{
	struct pcpsel_addr a = addr(from);
	uint8_t buf[sizeof(announce_ok)];

	memcpy(buf, announce_ok, sizeof(buf));
	buf[8] = (uint8_t)(ep >> 24);
	buf[9] = (uint8_t)(ep >> 16);
	buf[10] = (uint8_t)(ep >> 8);
	buf[11] = (uint8_t)ep;
	return pcpsel_engine_input(e, t, &a, PCPSEL_PCP_PORT, buf,
	    sizeof(buf));
}

static void
assert_ev(const struct ev *ev, uint64_t t, size_t server, const char *to,
    unsigned tx)
{
	struct pcpsel_addr a = addr(to);

	ck_assert_uint_eq(ev->t, t);
	ck_assert_uint_eq(ev->server, server);
	ck_assert_mem_eq(ev->addr.bytes, a.bytes, 16);
	ck_assert_uint_eq(ev->tx, tx);
}

/* clang-format off */
static const char *const one_server_two[] = {
	"192.0.2.1", "192.0.2.2", NULL, NULL
};
/* clang-format on */

/* T-1, P-SEL-1 reading (4 transmissions), three RAND cases: the sends to
 * the first address and the failover time. */
static const struct {
	uint32_t r; /* RAND = r % 201 - 100 per mille */
	uint64_t tx[4];
	uint64_t failed;
} t1[] = {
	{ 100, { 0, 3000, 9000, 21000 }, 45000 }, /* nominal */
	{ 0, { 0, 2700, 7560, 16308 }, 32054 }, /* RAND -0.1 */
	{ 200, { 0, 3300, 10560, 26532 }, 61670 }, /* RAND +0.1 */
};

START_TEST(test_engine_t1_mrc4_timeline)
{
	struct pcpsel_engine *e = engine(0, t1[_i].r, 0);
	struct pcpsel_server_status st;
	struct ev log[16];
	size_t n, k;

	set(e, one_server_two, 0);
	n = run(e, t1[_i].failed, log, 16);
	ck_assert_uint_eq(n, 5);
	for (k = 0; k < 4; k++)
		assert_ev(&log[k], t1[_i].tx[k], 0, "192.0.2.1",
		    (unsigned)k + 1);
	/* SEL-9: the next address when the RT after the 4th send ran out */
	assert_ev(&log[4], t1[_i].failed, 0, "192.0.2.2", 1);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_TRYING);
	ck_assert_int_eq(st.status, PCPSEL_STATUS_CONNECTING);
	ck_assert_uint_eq(st.addr_index, 1);
	ck_assert_uint_eq(st.timeouts, 1);
	pcpsel_engine_free(e);
}
END_TEST

/* T-2: the 5-transmission reading, selectable. */
START_TEST(test_engine_t2_mrc5_timeline)
{
	static const uint64_t tx[] = { 0, 3000, 9000, 21000, 45000 };
	struct pcpsel_engine *e = engine(5, 100, 0);
	struct ev log[16];
	size_t n, k;

	set(e, one_server_two, 0);
	n = run(e, 93000, log, 16);
	ck_assert_uint_eq(n, 6);
	for (k = 0; k < 5; k++)
		assert_ev(&log[k], tx[k], 0, "192.0.2.1", (unsigned)k + 1);
	assert_ev(&log[5], 93000, 0, "192.0.2.2", 1);
	pcpsel_engine_free(e);
}
END_TEST

/* T-3 (RFC 7488 §5): A = {192.0.2.1, 2001:db8:1111::1},
 * B = {198.51.100.1}. */
START_TEST(test_engine_t3_two_servers)
{
	/* clang-format off */
	static const char *const ab[] = {
		"192.0.2.1", "2001:db8:1111::1", NULL,
		"198.51.100.1", NULL, NULL
	};
	/* clang-format on */
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st;
	struct ev log[16];
	size_t n;

	set(e, ab, 0);
	n = run(e, 0, log, 16);
	/* SEL-15: both servers at t = 0 */
	ck_assert_uint_eq(n, 2);
	assert_ev(&log[0], 0, 0, "192.0.2.1", 1);
	assert_ev(&log[1], 0, 1, "198.51.100.1", 1);
	ck_assert_int_eq(answer(e, 40, "198.51.100.1", 5000), 1);
	ck_assert_int_eq(pcpsel_engine_status(e, 1, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_int_eq(st.status, PCPSEL_STATUS_ENABLED);
	ck_assert_int_eq(st.result, PCPSEL_PCP_SUCCESS);
	ck_assert_uint_eq(st.epoch, 5000);
	ck_assert_uint_eq(st.answered_ms, 40);

	n = run(e, 45000, log, 16);
	ck_assert_uint_eq(n, 4);
	assert_ev(&log[0], 3000, 0, "192.0.2.1", 2);
	assert_ev(&log[1], 9000, 0, "192.0.2.1", 3);
	assert_ev(&log[2], 21000, 0, "192.0.2.1", 4);
	assert_ev(&log[3], 45000, 0, "2001:db8:1111::1", 1);
	/* SEL-10: the late answer from 192.0.2.1 is ignored */
	ck_assert_int_eq(answer(e, 45100, "192.0.2.1", 7000), -ENOENT);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_TRYING);
	ck_assert_int_eq(st.has_epoch, 0); /* P-SEL-4: epoch not used */
	ck_assert_int_eq(answer(e, 45200, "2001:db8:1111::1", 7000), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_mem_eq(st.addr.bytes, addr("2001:db8:1111::1").bytes, 16);
	ck_assert_uint_eq(st.addr_index, 1);
	/* nothing more to send: both in use, no keepalive */
	ck_assert_uint_eq(pcpsel_engine_wakeup(e), UINT64_MAX);
	pcpsel_engine_free(e);
}
END_TEST

/* T-3 variant: 2001:db8:1111::1 fails too: the next walk of A starts at
 * 90 s + 15 min (SEL-12, RAND 0). */
START_TEST(test_engine_t3_all_fail_restart_15_min)
{
	/* clang-format off */
	static const char *const a[] = {
		"192.0.2.1", "2001:db8:1111::1", NULL, NULL
	};
	/* clang-format on */
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st;
	struct ev log[16];
	size_t n;

	set(e, a, 0);
	n = run(e, 90000, log, 16);
	ck_assert_uint_eq(n, 8);
	assert_ev(&log[7], 66000, 0, "2001:db8:1111::1", 4);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_WAITING);
	ck_assert_int_eq(st.status, PCPSEL_STATUS_ERROR_TIMEOUT);
	ck_assert_uint_eq(st.restart_ms, 990000);
	/* TR-181: the last address tried stays visible */
	ck_assert_mem_eq(st.addr.bytes, addr("2001:db8:1111::1").bytes, 16);
	ck_assert_uint_eq(pcpsel_engine_wakeup(e), 990000);
	ck_assert_uint_eq(run(e, 989999, log, 16), 0);
	n = run(e, 990000, log, 16);
	ck_assert_uint_eq(n, 1);
	assert_ev(&log[0], 990000, 0, "192.0.2.1", 1);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_uint_eq(st.walks, 2);
	ck_assert_uint_eq(st.timeouts, 2);
	pcpsel_engine_free(e);
}
END_TEST

/* P-SEL-5: the restart has ±10 % jitter. */
static const struct {
	uint32_t r;
	uint64_t failed, restart;
} jit[] = {
	{ 0, 32054, 32054 + 810000 }, { 200, 61670, 61670 + 990000 },
	{ 150, 0, 0 }, /* RAND +0.05, checked by computation below */
};

START_TEST(test_engine_restart_jitter)
{
	static const char *const one[] = { "192.0.2.1", NULL, NULL };
	struct pcpsel_engine *e = engine(0, jit[_i].r, 0);
	struct pcpsel_server_status st;
	struct ev log[8];
	uint64_t failed, restart;

	set(e, one, 0);
	ck_assert_uint_eq(run(e, 200000, log, 8), 4);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_WAITING);
	failed = jit[_i].failed;
	restart = jit[_i].restart;
	if (failed == 0) {
		/* RTs 3150, 6615, 13891, 29171 (each floor(x * 1.05)) */
		failed = 3150 + 6615 + 13891 + 29171;
		restart = failed + 945000;
	}
	ck_assert_uint_eq(st.restart_ms, restart);
	ck_assert_uint_ge(st.restart_ms - failed, 810000);
	ck_assert_uint_le(st.restart_ms - failed, 990000);
	pcpsel_engine_free(e);
}
END_TEST

/* SEL-11, P-SEL-3: a hard ICMP error moves on at once; the late answer
 * from the abandoned address is ignored (SEL-10). */
START_TEST(test_engine_hard_icmp_failover)
{
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st;
	struct pcpsel_addr a1 = addr("192.0.2.1");
	struct ev log[8];

	set(e, one_server_two, 0);
	ck_assert_uint_eq(run(e, 0, log, 8), 1);
	ck_assert_int_eq(pcpsel_engine_unreachable(e, 50, &a1), 0);
	ck_assert_uint_eq(pcpsel_engine_wakeup(e), 50);
	ck_assert_uint_eq(run(e, 50, log, 8), 1);
	assert_ev(&log[0], 50, 0, "192.0.2.2", 1);
	/* a second error for the abandoned address changes nothing */
	ck_assert_int_eq(pcpsel_engine_unreachable(e, 60, &a1), -ENOENT);
	ck_assert_int_eq(answer(e, 70, "192.0.2.1", 1), -ENOENT);
	ck_assert_int_eq(answer(e, 80, "192.0.2.2", 1), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_uint_eq(st.unreachables, 1);
	ck_assert_uint_eq(st.timeouts, 0);
	pcpsel_engine_free(e);
}
END_TEST

/* Hard errors on every address: waiting at once. */
START_TEST(test_engine_hard_icmp_all_waiting)
{
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st;
	struct pcpsel_addr a1 = addr("192.0.2.1"), a2 = addr("192.0.2.2");
	struct ev log[8];

	set(e, one_server_two, 1000);
	ck_assert_uint_eq(run(e, 1000, log, 8), 1);
	ck_assert_int_eq(pcpsel_engine_unreachable(e, 1001, &a1), 0);
	ck_assert_uint_eq(run(e, 1001, log, 8), 1);
	ck_assert_int_eq(pcpsel_engine_unreachable(e, 1002, &a2), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_WAITING);
	ck_assert_uint_eq(st.restart_ms, 1002 + 900000);
	pcpsel_engine_free(e);
}
END_TEST

/* SEL-13: the address in use keeps all later exchanges even though it is
 * not first; when it stops answering, a new walk starts at step 1. */
START_TEST(test_engine_in_use_goes_silent)
{
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st;
	struct pcpsel_addr a1 = addr("192.0.2.1");
	struct ev log[16];
	size_t n;

	set(e, one_server_two, 0);
	ck_assert_uint_eq(run(e, 0, log, 16), 1);
	ck_assert_int_eq(pcpsel_engine_unreachable(e, 10, &a1), 0);
	ck_assert_uint_eq(run(e, 10, log, 16), 1);
	ck_assert_int_eq(answer(e, 20, "192.0.2.2", 100), 0);
	/* P-SEL-2: a new exchange goes to the address in use */
	ck_assert_int_eq(pcpsel_engine_request(e, 0, 100000), 0);
	n = run(e, 100000, log, 16);
	ck_assert_uint_eq(n, 1);
	assert_ev(&log[0], 100000, 0, "192.0.2.2", 1);
	ck_assert_int_eq(answer(e, 100010, "192.0.2.2", 200), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_int_eq(st.epoch_valid, 1);
	/* now it goes silent: 4 sends, then a new walk from 192.0.2.1 */
	ck_assert_int_eq(pcpsel_engine_request(e, 0, 200000), 0);
	n = run(e, 245000, log, 16);
	ck_assert_uint_eq(n, 5);
	assert_ev(&log[0], 200000, 0, "192.0.2.2", 1);
	assert_ev(&log[3], 221000, 0, "192.0.2.2", 4);
	assert_ev(&log[4], 245000, 0, "192.0.2.1", 1);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_TRYING);
	ck_assert_uint_eq(st.walks, 2);
	/* still answering in use until then: a late reply is dropped */
	ck_assert_int_eq(answer(e, 245001, "192.0.2.2", 1), -ENOENT);
	pcpsel_engine_free(e);
}
END_TEST

/* keepalive_ms: the engine itself re-announces to the address in use, and
 * a reset epoch is reported (RFC 6887 §8.5). */
START_TEST(test_engine_keepalive_and_epoch)
{
	struct pcpsel_engine *e = engine(0, 100, 60000);
	struct pcpsel_server_status st;
	struct ev log[8];

	set(e, one_server_two, 0);
	ck_assert_uint_eq(run(e, 0, log, 8), 1);
	ck_assert_int_eq(answer(e, 0, "192.0.2.1", 1000), 0);
	ck_assert_uint_eq(pcpsel_engine_wakeup(e), 60000);
	ck_assert_uint_eq(run(e, 60000, log, 8), 1);
	assert_ev(&log[0], 60000, 0, "192.0.2.1", 1);
	/* the server restarted: epoch 3 after 60 s */
	ck_assert_int_eq(answer(e, 60005, "192.0.2.1", 3), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.epoch_valid, 0);
	ck_assert_uint_eq(st.epoch, 3);
	pcpsel_engine_free(e);
}
END_TEST

/* P-EPOCH-1: epoch state belongs to the address in use.  When another
 * address of the server takes over, its first Epoch Time is valid whatever
 * the old address said (a shared history would call epoch 5 after 1000 a
 * lost state); from then on that address has a history of its own. */
START_TEST(test_engine_epoch_per_address)
{
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st;
	struct pcpsel_addr a1 = addr("192.0.2.1");
	struct ev log[8];

	set(e, one_server_two, 0);
	ck_assert_uint_eq(run(e, 0, log, 8), 1);
	ck_assert_int_eq(answer(e, 10, "192.0.2.1", 1000), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.epoch_valid, 1);
	/* the address in use fails hard: a new walk from step 1, where it
	 * fails again, then the second address */
	ck_assert_int_eq(pcpsel_engine_unreachable(e, 20, &a1), 0);
	ck_assert_uint_eq(run(e, 20, log, 8), 1);
	assert_ev(&log[0], 20, 0, "192.0.2.1", 1);
	ck_assert_int_eq(pcpsel_engine_unreachable(e, 21, &a1), 0);
	ck_assert_uint_eq(run(e, 21, log, 8), 1);
	assert_ev(&log[0], 21, 0, "192.0.2.2", 1);
	ck_assert_int_eq(answer(e, 30, "192.0.2.2", 5), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_mem_eq(st.addr.bytes, addr("192.0.2.2").bytes, 16);
	ck_assert_uint_eq(st.epoch, 5);
	ck_assert_int_eq(st.epoch_valid, 1);
	/* 60 s later, 60 s more: valid */
	ck_assert_int_eq(pcpsel_engine_request(e, 0, 60030), 0);
	ck_assert_uint_eq(run(e, 60030, log, 8), 1);
	ck_assert_int_eq(answer(e, 60040, "192.0.2.2", 65), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.epoch_valid, 1);
	/* and its own history catches a reset (RFC 6887 §8.5) */
	ck_assert_int_eq(pcpsel_engine_request(e, 0, 120040), 0);
	ck_assert_uint_eq(run(e, 120040, log, 8), 1);
	ck_assert_int_eq(answer(e, 120050, "192.0.2.2", 3), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_uint_eq(st.epoch, 3);
	ck_assert_int_eq(st.epoch_valid, 0);
	pcpsel_engine_free(e);
}
END_TEST

/* SEL-14: one nonce for all addresses of a server, unchanged across
 * retransmissions; SEL-16: different between servers, even with a random
 * source that always returns the same number. */
START_TEST(test_engine_nonces)
{
	/* clang-format off */
	static const char *const three[] = {
		"192.0.2.1", "192.0.2.2", NULL, "198.51.100.1", NULL,
		"203.0.113.1", NULL, NULL
	};
	/* clang-format on */
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_addr a1 = addr("192.0.2.1");
	struct ev log[32];
	size_t n, k;

	set(e, three, 0);
	n = run(e, 3000, log, 32);
	ck_assert_int_eq(pcpsel_engine_unreachable(e, 3001, &a1), 0);
	n += run(e, 3001, &log[n], 32 - n);
	ck_assert_uint_eq(n, 7); /* 3 + 3 + 192.0.2.2 */
	for (k = 0; k < n; k++) {
		size_t j;

		for (j = 0; j < n; j++) {
			int same = memcmp(log[k].nonce, log[j].nonce,
				       PCPSEL_PCP_NONCE_LEN) == 0;

			ck_assert_int_eq(same, log[k].server == log[j].server);
		}
	}
	assert_ev(&log[6], 3001, 0, "192.0.2.2", 1);
	pcpsel_engine_free(e);
}
END_TEST

START_TEST(test_engine_nonce_from_random_source)
{
	static const char *const one[] = { "192.0.2.1", NULL, NULL };
	struct pcpsel_engine_config cfg;
	struct pcpsel_engine_send snd;
	struct pcpsel_engine *e;
	struct pcpsel_list *l = list_of(one);
	uint32_t counter = 1;
	uint32_t r0 = 1 * 2654435761u;

	memset(&cfg, 0, sizeof(cfg));
	cfg.random = rand_counter;
	cfg.random_arg = &counter;
	ck_assert_int_eq(pcpsel_engine_new(&cfg, &e), 0);
	ck_assert_int_eq(pcpsel_engine_set_servers(e, l, 0), 0);
	ck_assert_int_eq(pcpsel_engine_poll(e, 0, &snd), 1);
	/* the nonce is the first three draws, big-endian */
	ck_assert_uint_eq(snd.nonce[0], (r0 >> 24) & 0xff);
	ck_assert_uint_eq(snd.nonce[3], r0 & 0xff);
	ck_assert_uint_eq(counter, 5); /* 3 nonce draws + 1 RAND */
	pcpsel_list_free(l);
	pcpsel_engine_free(e);
}
END_TEST

/* P-CHG-1..3 */
START_TEST(test_engine_dhcp_update)
{
	/* clang-format off */
	static const char *const before[] = {
		"192.0.2.1", "192.0.2.2", NULL,
		"198.51.100.1", NULL,
		"203.0.113.1", NULL, NULL
	};
	/* clang-format on */
	/* server 1 same set in a new order; 198.51.100.1 gone; a new
	 * server; 203.0.113.1's server grows */
	/* clang-format off */
	static const char *const after[] = {
		"192.0.2.2", "192.0.2.1", NULL,
		"203.0.113.1", "203.0.113.2", NULL,
		"2001:db8::9", NULL, NULL
	};
	/* clang-format on */
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st0[3], st;
	struct ev log[16];
	size_t n, k;

	set(e, before, 0);
	ck_assert_uint_eq(run(e, 0, log, 16), 3);
	ck_assert_int_eq(answer(e, 10, "192.0.2.1", 50), 0);
	ck_assert_int_eq(answer(e, 10, "203.0.113.1", 60), 2);
	for (k = 0; k < 3; k++)
		ck_assert_int_eq(pcpsel_engine_status(e, k, &st0[k]), 0);

	set(e, after, 5000);
	ck_assert_uint_eq(pcpsel_engine_count(e), 3);
	/* P-CHG-1: unchanged set: everything kept */
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_mem_eq(st.addr.bytes, addr("192.0.2.1").bytes, 16);
	ck_assert_mem_eq(st.nonce, st0[0].nonce, PCPSEL_PCP_NONCE_LEN);
	ck_assert_uint_eq(st.epoch, 50);
	/* changed set sharing 203.0.113.1: nonce and address in use kept */
	ck_assert_int_eq(pcpsel_engine_status(e, 1, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_mem_eq(st.addr.bytes, addr("203.0.113.1").bytes, 16);
	ck_assert_mem_eq(st.nonce, st0[2].nonce, PCPSEL_PCP_NONCE_LEN);
	/* P-CHG-2: the new server is contacted at once, with its own nonce;
	 * the removed one is not contacted any more */
	ck_assert_int_eq(pcpsel_engine_status(e, 2, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_TRYING);
	for (k = 0; k < 3; k++)
		ck_assert_int_ne(memcmp(st.nonce, st0[k].nonce,
				     PCPSEL_PCP_NONCE_LEN),
		    0);
	n = run(e, 5000, log, 16);
	ck_assert_uint_eq(n, 1);
	assert_ev(&log[0], 5000, 2, "2001:db8::9", 1);
	ck_assert_int_eq(answer(e, 5001, "198.51.100.1", 1), -ENOENT);
	/* P-CHG-3: everything gone */
	{
		struct pcpsel_list *empty = pcpsel_list_new();

		ck_assert_int_eq(pcpsel_engine_set_servers(e, empty, 6000), 0);
		pcpsel_list_free(empty);
	}
	ck_assert_uint_eq(pcpsel_engine_count(e), 0);
	ck_assert_uint_eq(pcpsel_engine_wakeup(e), UINT64_MAX);
	pcpsel_engine_free(e);
}
END_TEST

/* A changed set whose address in use is gone: a new walk, nonce kept. */
START_TEST(test_engine_dhcp_update_in_use_removed)
{
	/* clang-format off */
	static const char *const before[] = {
		"192.0.2.1", "192.0.2.2", NULL, NULL
	};
	static const char *const after[] = {
		"192.0.2.2", "192.0.2.3", NULL, NULL
	};
	/* clang-format on */
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st0, st;
	struct ev log[8];

	set(e, before, 0);
	ck_assert_uint_eq(run(e, 0, log, 8), 1);
	ck_assert_int_eq(answer(e, 1, "192.0.2.1", 9), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st0), 0);
	set(e, after, 100);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_TRYING);
	ck_assert_mem_eq(st.nonce, st0.nonce, PCPSEL_PCP_NONCE_LEN);
	ck_assert_uint_eq(run(e, 100, log, 8), 1);
	assert_ev(&log[0], 100, 0, "192.0.2.2", 1);
	pcpsel_engine_free(e);
}
END_TEST

/* An unchanged server in the middle of its walk goes on unchanged. */
START_TEST(test_engine_dhcp_update_keeps_walk)
{
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct ev log[8];

	set(e, one_server_two, 0);
	ck_assert_uint_eq(run(e, 3000, log, 8), 2);
	set(e, one_server_two, 4000);
	/* no new first transmission: the next is the third, at 9 s */
	ck_assert_uint_eq(pcpsel_engine_wakeup(e), 9000);
	ck_assert_uint_eq(run(e, 9000, log, 8), 1);
	assert_ev(&log[0], 9000, 0, "192.0.2.1", 3);
	pcpsel_engine_free(e);
}
END_TEST

/* NAT-PMP answers UNSUPP_VERSION with version 0 (M-05, P-VER-1). */
START_TEST(test_engine_natpmp_server)
{
	/* clang-format off */
	static const uint8_t m05[] = {
		0x00, 0x00,		/* Vers 0, OP 0 */
		0x00, 0x01,		/* Result 1 */
		0x00, 0x00, 0x03, 0xe8	/* epoch 1000 */
	};
	/* clang-format on */
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st;
	struct pcpsel_addr a1 = addr("192.0.2.1");
	struct ev log[8];

	set(e, one_server_two, 0);
	ck_assert_uint_eq(run(e, 0, log, 8), 1);
	ck_assert_int_eq(pcpsel_engine_input(e, 5, &a1, 5351, m05,
			     sizeof(m05)),
	    0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_int_eq(st.status, PCPSEL_STATUS_ERROR_UNSUPPORTED);
	ck_assert_int_eq(st.result, PCPSEL_PCP_UNSUPP_VERSION);
	ck_assert_uint_eq(st.version, 0);
	ck_assert_str_eq(pcpsel_status_str(st.status), "Error_Unsupported");
	pcpsel_engine_free(e);
}
END_TEST

START_TEST(test_engine_invalid_arguments)
{
	struct pcpsel_engine_config cfg;
	struct pcpsel_engine *e = NULL;
	struct pcpsel_engine_send snd;
	struct pcpsel_server_status st;

	memset(&cfg, 0, sizeof(cfg));
	ck_assert_int_eq(pcpsel_engine_new(&cfg, &e), -EINVAL); /* no RNG */
	ck_assert_ptr_null(e);
	cfg.random = rand_fixed;
	cfg.mrc = 17;
	ck_assert_int_eq(pcpsel_engine_new(&cfg, &e), -EINVAL);
	ck_assert_int_eq(pcpsel_engine_new(NULL, &e), -EINVAL);
	e = engine(0, 100, 0);
	ck_assert_int_eq(pcpsel_engine_poll(e, 0, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_engine_poll(e, 0, &snd), 0);
	ck_assert_int_eq(pcpsel_engine_set_servers(e, NULL, 0), -EINVAL);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), -EINVAL);
	ck_assert_int_eq(pcpsel_engine_request(e, 0, 0), -EINVAL);
	ck_assert_ptr_null(pcpsel_engine_addrs(e, 0, NULL));
	pcpsel_engine_free(e);
	pcpsel_engine_free(NULL);
}
END_TEST

START_TEST(test_engine_status_str)
{
	ck_assert_str_eq(pcpsel_status_str(PCPSEL_STATUS_CONNECTING),
	    "Connecting");
	ck_assert_str_eq(pcpsel_status_str(PCPSEL_STATUS_ENABLED), "Enabled");
	ck_assert_str_eq(pcpsel_status_str(PCPSEL_STATUS_ERROR_TIMEOUT),
	    "Error_Timeout");
	ck_assert_str_eq(pcpsel_status_str(99), "Error");
}
END_TEST

/* pcpsel_engine_answer: a client's own request answered (a MAP response
 * the client matched): the address in use, its result and epoch kept;
 * only from the address being tried (SEL-22, SEL-10). */
START_TEST(test_engine_answer_from_a_client)
{
	struct pcpsel_engine *e = engine(0, 100, 0);
	struct pcpsel_server_status st;
	struct pcpsel_pcp_response resp;
	struct pcpsel_addr a1 = addr("192.0.2.1"), a2 = addr("192.0.2.2");
	struct ev log[4];

	set(e, one_server_two, 0);
	ck_assert_uint_eq(run(e, 0, log, 4), 1);
	memset(&resp, 0, sizeof(resp));
	resp.version = 2;
	resp.opcode = PCPSEL_PCP_OP_MAP;
	resp.result = PCPSEL_PCP_NOT_AUTHORIZED;
	resp.lifetime = 30;
	resp.has_epoch = 1;
	resp.epoch = 77;
	ck_assert_int_eq(pcpsel_engine_answer(e, 5, &a2, &resp), -ENOENT);
	ck_assert_int_eq(pcpsel_engine_answer(e, 5, &a1, &resp), 0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_int_eq(st.status, PCPSEL_STATUS_ERROR_NOT_AUTHORIZED);
	ck_assert_int_eq(st.result, PCPSEL_PCP_NOT_AUTHORIZED);
	ck_assert_uint_eq(st.epoch, 77);
	ck_assert_uint_eq(st.answered_ms, 5);
	/* in use, nothing more is sent until the client asks */
	ck_assert_uint_eq(pcpsel_engine_wakeup(e), UINT64_MAX);
	ck_assert_int_eq(pcpsel_engine_answer(NULL, 5, &a1, &resp), -EINVAL);
	ck_assert_int_eq(pcpsel_engine_answer(e, 5, &a1, NULL), -EINVAL);
	pcpsel_engine_free(e);
}
END_TEST

Suite *
engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc;

	tc = tcase_create("timelines");
	tcase_add_loop_test(tc, test_engine_t1_mrc4_timeline, 0,
	    (int)(sizeof(t1) / sizeof(t1[0])));
	tcase_add_test(tc, test_engine_t2_mrc5_timeline);
	tcase_add_test(tc, test_engine_t3_two_servers);
	tcase_add_test(tc, test_engine_t3_all_fail_restart_15_min);
	tcase_add_loop_test(tc, test_engine_restart_jitter, 0,
	    (int)(sizeof(jit) / sizeof(jit[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("failover");
	tcase_add_test(tc, test_engine_hard_icmp_failover);
	tcase_add_test(tc, test_engine_hard_icmp_all_waiting);
	tcase_add_test(tc, test_engine_in_use_goes_silent);
	tcase_add_test(tc, test_engine_epoch_per_address);
	tcase_add_test(tc, test_engine_keepalive_and_epoch);
	tcase_add_test(tc, test_engine_natpmp_server);
	suite_add_tcase(s, tc);

	tc = tcase_create("nonces");
	tcase_add_test(tc, test_engine_nonces);
	tcase_add_test(tc, test_engine_nonce_from_random_source);
	suite_add_tcase(s, tc);

	tc = tcase_create("updates");
	tcase_add_test(tc, test_engine_dhcp_update);
	tcase_add_test(tc, test_engine_dhcp_update_in_use_removed);
	tcase_add_test(tc, test_engine_dhcp_update_keeps_walk);
	suite_add_tcase(s, tc);

	tc = tcase_create("contract");
	tcase_add_test(tc, test_engine_answer_from_a_client);
	tcase_add_test(tc, test_engine_invalid_arguments);
	tcase_add_test(tc, test_engine_status_str);
	suite_add_tcase(s, tc);
	return s;
}
