/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * engine.c - the RFC 7488 selection engine for the servers of one
 * interface: no I/O, no clock, randomness from the caller
 *
 * Per server (digest §2.3):
 *
 *   TRYING(idx) --answer from walk[idx]---------------> IN_USE(walk[idx])
 *   TRYING(idx) --mrc sends unanswered / hard error---> TRYING(idx + 1)
 *   TRYING(last) --mrc sends unanswered / hard error--> WAITING
 *   WAITING --restart_ms ±10 % (SEL-12, P-SEL-5)------> TRYING(0)
 *   IN_USE(a) --an exchange with a fails (SEL-13)-----> TRYING(0)
 *
 * An exchange is up to mrc transmissions of one request to one address
 * with the RFC 6887 §8.1.1 timers; it fails when the RT after the last
 * transmission runs out (P-SEL-1).
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"

#define DEFAULT_IRT_MS 3000u /* RFC 6887 §8.1.1 */
#define DEFAULT_MRT_MS 1024000u /* RFC 6887 §8.1.1 */
#define DEFAULT_MRC 4u /* RFC 7488 §3 step 3 */
#define DEFAULT_RESTART_MS 900000u /* RFC 7488 §3 step 5 */
#define MAX_MRC 16u
#define NONCE_TRIES 16

struct ps_eserver {
	struct pcpsel_addr *addrs; /* order given last */
	struct pcpsel_addr *walk; /* order of the current walk */
	size_t naddrs;

	int state;
	int status;
	int result;
	unsigned version;
	uint8_t nonce[PCPSEL_PCP_NONCE_LEN];

	/* the current address: walk[idx] (TRYING), or in_use (IN_USE) */
	size_t idx;
	bool has_addr;
	struct pcpsel_addr cur;

	/* the exchange with cur, if any */
	bool exchange;
	unsigned tx; /* transmissions done */
	uint64_t rt; /* current RT, ms */
	uint64_t next_at; /* next transmission or give-up time */

	uint64_t restart_at; /* WAITING */
	uint64_t keepalive_at; /* IN_USE, no exchange; 0: none */
	uint64_t answered_at;

	struct pcpsel_epoch epoch; /* per address in use, P-EPOCH-1 */
	struct pcpsel_addr epoch_addr;
	bool has_epoch;
	uint32_t last_epoch;
	bool epoch_valid;

	unsigned walks, timeouts, unreachables;
};

struct pcpsel_engine {
	struct pcpsel_engine_config cfg;
	struct ps_eserver *servers;
	size_t n;
	uint64_t now;
};

/* RAND of RFC 6887 §8.1.1 in per mille, -100..+100. */
static int
rand_permille(struct pcpsel_engine *e)
{
	return (int)(e->cfg.random(e->cfg.random_arg) % 201u) - 100;
}

static uint64_t
jitter(struct pcpsel_engine *e, uint64_t base)
{
	return base * (uint64_t)(1000 + rand_permille(e)) / 1000u;
}

static bool
addr_eq(const struct pcpsel_addr *a, const struct pcpsel_addr *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

/* Index of @a in @addrs[0..@n), or @n. */
static size_t
addr_index(const struct pcpsel_addr *addrs, size_t n,
    const struct pcpsel_addr *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr_eq(&addrs[i], a))
			break;
	return i;
}

static bool
addrs_contain(const struct pcpsel_addr *addrs, size_t n,
    const struct pcpsel_addr *a)
{
	return addr_index(addrs, n, a) < n;
}

/* How many of @addrs[0..@n) server @s holds. */
static size_t
held_count(const struct ps_eserver *s, const struct pcpsel_addr *addrs,
    size_t n)
{
	size_t i, held = 0;

	for (i = 0; i < n; i++)
		if (addrs_contain(s->addrs, s->naddrs, &addrs[i]))
			held++;
	return held;
}

static bool
same_set(const struct ps_eserver *s, const struct pcpsel_addr *addrs, size_t n)
{
	/* addresses are unique within a list, so equal sizes plus
	 * inclusion is equality */
	return s->naddrs == n && held_count(s, addrs, n) == n;
}

static bool
intersects(const struct ps_eserver *s, const struct pcpsel_addr *addrs,
    size_t n)
{
	return held_count(s, addrs, n) > 0;
}

static void
server_free(struct ps_eserver *s)
{
	free(s->addrs);
	free(s->walk);
	s->addrs = s->walk = NULL;
}

int
pcpsel_engine_new(const struct pcpsel_engine_config *cfg,
    struct pcpsel_engine **ret_engine)
{
	struct pcpsel_engine *e;

	if (cfg == NULL || cfg->random == NULL || ret_engine == NULL ||
	    cfg->mrc > MAX_MRC)
		return -EINVAL;
	e = calloc(1, sizeof(*e));
	if (e == NULL)
		return -ENOMEM;
	e->cfg = *cfg;
	if (e->cfg.irt_ms == 0)
		e->cfg.irt_ms = DEFAULT_IRT_MS;
	if (e->cfg.mrt_ms == 0)
		e->cfg.mrt_ms = DEFAULT_MRT_MS;
	if (e->cfg.mrc == 0)
		e->cfg.mrc = DEFAULT_MRC;
	if (e->cfg.restart_ms == 0)
		e->cfg.restart_ms = DEFAULT_RESTART_MS;
	*ret_engine = e;
	return 0;
}

void
pcpsel_engine_free(struct pcpsel_engine *engine)
{
	size_t i;

	if (engine == NULL)
		return;
	for (i = 0; i < engine->n; i++)
		server_free(&engine->servers[i]);
	free(engine->servers);
	free(engine);
}

size_t
pcpsel_engine_count(const struct pcpsel_engine *engine)
{
	return engine != NULL ? engine->n : 0;
}

const struct pcpsel_addr *
pcpsel_engine_addrs(const struct pcpsel_engine *engine, size_t index,
    size_t *ret_n)
{
	if (engine == NULL || index >= engine->n)
		return NULL;
	if (ret_n != NULL)
		*ret_n = engine->servers[index].naddrs;
	return engine->servers[index].addrs;
}

/* Begin an exchange with s->cur at @now: first transmission due now. */
static void
exchange_start(struct ps_eserver *s, uint64_t now)
{
	s->exchange = true;
	s->tx = 0;
	s->rt = 0;
	s->next_at = now;
	s->keepalive_at = 0;
}

/* SEL-7, P-SEL-6: a walk uses the newest order; it starts at step 1. */
static void
walk_start(struct pcpsel_engine *e, struct ps_eserver *s, uint64_t now)
{
	(void)e;
	memcpy(s->walk, s->addrs, s->naddrs * sizeof(*s->walk));
	s->state = PCPSEL_STATE_TRYING;
	s->status = PCPSEL_STATUS_CONNECTING; /* P-TR-4 */
	s->idx = 0;
	s->cur = s->walk[0];
	s->has_addr = true;
	s->walks++;
	exchange_start(s, now);
}

/* The current address failed (timeout or hard error). */
static void
address_failed(struct pcpsel_engine *e, struct ps_eserver *s, uint64_t now)
{
	s->exchange = false;
	if (s->state == PCPSEL_STATE_IN_USE) {
		/* SEL-13: the address in use stopped responding: flush the
		 * list and start again at step 1 */
		walk_start(e, s, now);
		return;
	}
	if (s->idx + 1 < s->naddrs) {
		/* SEL-9, SEL-11: the next address, at once */
		s->idx++;
		s->cur = s->walk[s->idx];
		exchange_start(s, now);
		return;
	}
	/* SEL-12, P-SEL-5: every address exhausted; the last address tried
	 * stays visible (TR-181) */
	s->state = PCPSEL_STATE_WAITING;
	s->status = PCPSEL_STATUS_ERROR_TIMEOUT; /* P-TR-4 */
	s->restart_at = now + jitter(e, e->cfg.restart_ms);
}

/* Advance one server's timers to @now; 1 if a transmission is due now. */
static bool
server_step(struct pcpsel_engine *e, struct ps_eserver *s, uint64_t now)
{
	unsigned guard;

	/* each pass either returns or moves to another address or state;
	 * at most naddrs + 2 moves happen before a send or a wait */
	for (guard = 0; guard < s->naddrs + 4; guard++) {
		if (s->state == PCPSEL_STATE_WAITING) {
			if (now < s->restart_at)
				return false;
			walk_start(e, s, now);
			continue;
		}
		if (!s->exchange) {
			if (s->state == PCPSEL_STATE_IN_USE &&
			    s->keepalive_at != 0 && now >= s->keepalive_at) {
				exchange_start(s, now);
				continue;
			}
			return false;
		}
		if (now < s->next_at)
			return false;
		if (s->tx < e->cfg.mrc)
			return true;
		/* P-SEL-1: the RT after the mrc-th transmission ran out */
		s->timeouts++;
		address_failed(e, s, now);
	}
	return false;
}

/* Record one transmission at @now and arm the RFC 6887 §8.1.1 timer. */
static void
transmit(struct pcpsel_engine *e, struct ps_eserver *s, uint64_t now)
{
	uint64_t base;

	if (s->tx == 0) {
		base = e->cfg.irt_ms; /* RT = (1 + RAND) * IRT */
	} else {
		/* RT = (1 + RAND) * MIN(2 * RTprev, MRT) */
		base = 2 * s->rt;
		if (base > e->cfg.mrt_ms)
			base = e->cfg.mrt_ms;
	}
	s->rt = jitter(e, base);
	if (s->rt == 0)
		s->rt = 1;
	s->tx++;
	s->next_at = now + s->rt;
}

static uint64_t
clamp_now(struct pcpsel_engine *e, uint64_t now)
{
	/* the clock never goes back (RFC 6887 §8.5) */
	if (now < e->now)
		now = e->now;
	e->now = now;
	return now;
}

int
pcpsel_engine_poll(struct pcpsel_engine *engine, uint64_t now_ms,
    struct pcpsel_engine_send *ret_send)
{
	struct ps_eserver *s;
	size_t i;

	if (engine == NULL || ret_send == NULL)
		return -EINVAL;
	now_ms = clamp_now(engine, now_ms);
	/* SEL-15, P-SEL-8: every server in parallel */
	for (i = 0; i < engine->n; i++) {
		s = &engine->servers[i];
		if (!server_step(engine, s, now_ms))
			continue;
		transmit(engine, s, now_ms);
		memset(ret_send, 0, sizeof(*ret_send));
		ret_send->server = i;
		ret_send->addr = s->cur;
		ret_send->transmission = s->tx;
		/* SEL-14: one nonce for every address of the server */
		memcpy(ret_send->nonce, s->nonce, sizeof(s->nonce));
		return 1;
	}
	return 0;
}

uint64_t
pcpsel_engine_wakeup(const struct pcpsel_engine *engine)
{
	const struct ps_eserver *s;
	uint64_t t, best = UINT64_MAX;
	size_t i;

	if (engine == NULL)
		return UINT64_MAX;
	for (i = 0; i < engine->n; i++) {
		s = &engine->servers[i];
		if (s->state == PCPSEL_STATE_WAITING)
			t = s->restart_at;
		else if (s->exchange)
			t = s->next_at;
		else if (s->keepalive_at != 0)
			t = s->keepalive_at;
		else
			continue;
		if (t < best)
			best = t;
	}
	return best;
}

/* The server whose current address is @a (exchange running or in use). */
static struct ps_eserver *
find_current(struct pcpsel_engine *e, const struct pcpsel_addr *a,
    size_t *ret_index)
{
	struct ps_eserver *s;
	size_t i;

	for (i = 0; i < e->n; i++) {
		s = &e->servers[i];
		if (!s->has_addr || !addr_eq(&s->cur, a))
			continue;
		if (s->exchange || s->state == PCPSEL_STATE_IN_USE) {
			*ret_index = i;
			return s;
		}
	}
	return NULL;
}

static int
result_status(unsigned result)
{
	/* P-TR-4 */
	switch (result) {
	case PCPSEL_PCP_SUCCESS:
		return PCPSEL_STATUS_ENABLED;
	case PCPSEL_PCP_NOT_AUTHORIZED:
		return PCPSEL_STATUS_ERROR_NOT_AUTHORIZED;
	case PCPSEL_PCP_UNSUPP_VERSION:
	case PCPSEL_PCP_UNSUPP_OPCODE:
		return PCPSEL_STATUS_ERROR_UNSUPPORTED;
	case PCPSEL_PCP_NETWORK_FAILURE:
		return PCPSEL_STATUS_ERROR_NETWORK_FAILURE;
	default:
		return PCPSEL_STATUS_ERROR;
	}
}

/* Record an accepted response @resp of server @s from @src. */
static void
record_answer(struct pcpsel_engine *e, struct ps_eserver *s, uint64_t now,
    const struct pcpsel_addr *src, const struct pcpsel_pcp_response *resp)
{
	/* the address answered: it is the one in use (SEL-13), whatever the
	 * result; an error result is the server's, not the path's */
	s->state = PCPSEL_STATE_IN_USE;
	s->exchange = false;
	s->result = (int)resp->result;
	s->version = resp->version;
	s->status = result_status(resp->result);
	s->answered_at = now;
	s->keepalive_at = e->cfg.keepalive_ms != 0 ?
	    now + jitter(e, e->cfg.keepalive_ms) :
	    0;
	if (resp->has_epoch) {
		/* P-EPOCH-1: epoch state belongs to one address */
		if (!addr_eq(&s->epoch_addr, src)) {
			memset(&s->epoch, 0, sizeof(s->epoch));
			s->epoch_addr = *src;
		}
		s->epoch_valid = pcpsel_epoch_check(&s->epoch, resp->epoch,
				     now / 1000u) == 1;
		s->has_epoch = true;
		s->last_epoch = resp->epoch;
	}
}

int
pcpsel_engine_answer(struct pcpsel_engine *engine, uint64_t now_ms,
    const struct pcpsel_addr *src, const struct pcpsel_pcp_response *resp)
{
	struct ps_eserver *s;
	size_t index;

	if (engine == NULL || src == NULL || resp == NULL)
		return -EINVAL;
	now_ms = clamp_now(engine, now_ms);
	/* SEL-22, SEL-10, P-SEL-4 */
	s = find_current(engine, src, &index);
	if (s == NULL)
		return -ENOENT;
	record_answer(engine, s, now_ms, src, resp);
	return (int)index;
}

int
pcpsel_engine_input(struct pcpsel_engine *engine, uint64_t now_ms,
    const struct pcpsel_addr *src, uint16_t port, const uint8_t *data,
    size_t len)
{
	struct pcpsel_pcp_response resp;
	struct ps_eserver *s;
	size_t index;
	int r;

	if (engine == NULL || src == NULL || (data == NULL && len > 0))
		return -EINVAL;
	now_ms = clamp_now(engine, now_ms);
	/* RFC 6887 §8.3 step 1, SEL-22: the source address and port must be
	 * those of a request sent; an address given up is no longer one
	 * (SEL-10, P-SEL-4) */
	if (port != PCPSEL_PCP_PORT)
		return -ENOENT;
	s = find_current(engine, src, &index);
	if (s == NULL)
		return -ENOENT;
	r = pcpsel_pcp_parse(data, len, PCPSEL_PCP_PARSE_NATPMP_OP0, &resp);
	if (r < 0)
		return r;
	/* §8.3 step 6: the opcode of a request sent: ANNOUNCE (also
	 * unsolicited ones, §14.1.3) */
	if (resp.opcode != PCPSEL_PCP_OP_ANNOUNCE)
		return -EBADMSG;
	record_answer(engine, s, now_ms, src, &resp);
	return (int)index;
}

int
pcpsel_engine_unreachable(struct pcpsel_engine *engine, uint64_t now_ms,
    const struct pcpsel_addr *dst)
{
	struct ps_eserver *s;
	size_t index;

	if (engine == NULL || dst == NULL)
		return -EINVAL;
	now_ms = clamp_now(engine, now_ms);
	s = find_current(engine, dst, &index);
	if (s == NULL)
		return -ENOENT;
	/* SEL-11, P-SEL-3: immediately the next address */
	s->unreachables++;
	address_failed(engine, s, now_ms);
	return (int)index;
}

int
pcpsel_engine_request(struct pcpsel_engine *engine, size_t index,
    uint64_t now_ms)
{
	struct ps_eserver *s;

	if (engine == NULL || index >= engine->n)
		return -EINVAL;
	now_ms = clamp_now(engine, now_ms);
	s = &engine->servers[index];
	if (s->state == PCPSEL_STATE_WAITING)
		walk_start(engine, s, now_ms);
	else if (s->state == PCPSEL_STATE_IN_USE && !s->exchange)
		exchange_start(s, now_ms); /* P-SEL-2 */
	return 0;
}

/* 1 if @nonce is held by a server of @e (old ones: a later server may
 * inherit theirs) or by a server of @ns[0..@n) that has one already. */
static bool
nonce_taken(const struct pcpsel_engine *e, const struct ps_eserver *ns,
    size_t n, const uint8_t *nonce)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (memcmp(e->servers[i].nonce, nonce, PCPSEL_PCP_NONCE_LEN) ==
		    0)
			return true;
	for (i = 0; i < n; i++)
		if (ns[i].state != 0 &&
		    memcmp(ns[i].nonce, nonce, PCPSEL_PCP_NONCE_LEN) == 0)
			return true;
	return false;
}

/* A nonce from the random source, different from every other server's
 * (SEL-16; RFC 6887 §11.1: random). */
static void
make_nonce(struct pcpsel_engine *e, uint8_t nonce[PCPSEL_PCP_NONCE_LEN],
    const struct ps_eserver *ns, size_t n)
{
	size_t k, tries;
	uint32_t r;

	for (tries = 0; tries < NONCE_TRIES; tries++) {
		for (k = 0; k < PCPSEL_PCP_NONCE_LEN; k += 4) {
			r = e->cfg.random(e->cfg.random_arg);
			nonce[k] = (uint8_t)(r >> 24);
			nonce[k + 1] = (uint8_t)(r >> 16);
			nonce[k + 2] = (uint8_t)(r >> 8);
			nonce[k + 3] = (uint8_t)r;
		}
		if (!nonce_taken(e, ns, n, nonce))
			return;
	}
	/* a degenerate random source: count up until free; at most
	 * e->n + n + 1 values are looked at */
	while (nonce_taken(e, ns, n, nonce))
		for (k = PCPSEL_PCP_NONCE_LEN; k-- > 0;)
			if (++nonce[k] != 0)
				break;
}

int
pcpsel_engine_set_servers(struct pcpsel_engine *engine,
    const struct pcpsel_list *list, uint64_t now_ms)
{
	struct ps_eserver *ns = NULL, *old, *s, keep;
	const struct pcpsel_addr *addrs;
	bool *used = NULL;
	size_t n, i, j, na;
	int r = -ENOMEM;

	if (engine == NULL || list == NULL)
		return -EINVAL;
	n = pcpsel_list_count(list);
	if (n > 0 && (ns = calloc(n, sizeof(*ns))) == NULL)
		return -ENOMEM;
	if (engine->n > 0 && (used = calloc(engine->n, sizeof(*used))) == NULL)
		goto fail;
	/* allocate everything first: the engine is unchanged on failure */
	for (i = 0; i < n; i++) {
		na = pcpsel_server_naddrs(list, i);
		addrs = pcpsel_server_addrs(list, i);
		if (na == 0 || addrs == NULL) {
			r = -EINVAL;
			goto fail;
		}
		ns[i].naddrs = na;
		ns[i].addrs = malloc(na * sizeof(*addrs));
		ns[i].walk = malloc(na * sizeof(*addrs));
		if (ns[i].addrs == NULL || ns[i].walk == NULL)
			goto fail;
		memcpy(ns[i].addrs, addrs, na * sizeof(*addrs));
	}
	now_ms = clamp_now(engine, now_ms);

	/* P-CHG-1: the same address set: the whole state is kept, the walk
	 * in progress too; the new order serves from the next walk */
	for (i = 0; i < n; i++) {
		s = &ns[i];
		for (j = 0; j < engine->n; j++) {
			old = &engine->servers[j];
			if (used[j] || !same_set(old, s->addrs, s->naddrs))
				continue;
			used[j] = true;
			keep = *s;
			*s = *old;
			s->addrs = keep.addrs;
			s->walk = keep.walk;
			memcpy(s->walk, old->walk,
			    s->naddrs * sizeof(*s->walk));
			break;
		}
	}
	/* P-CHG-1: a changed set that shares an address with an old server
	 * keeps its nonce, and its address in use if still listed */
	for (i = 0; i < n; i++) {
		s = &ns[i];
		if (s->state != 0)
			continue;
		old = NULL;
		for (j = 0; j < engine->n; j++)
			if (!used[j] &&
			    intersects(&engine->servers[j], s->addrs,
				s->naddrs)) {
				used[j] = true;
				old = &engine->servers[j];
				break;
			}
		if (old != NULL && old->state == PCPSEL_STATE_IN_USE &&
		    addrs_contain(s->addrs, s->naddrs, &old->cur)) {
			keep = *s;
			*s = *old;
			s->addrs = keep.addrs;
			s->walk = keep.walk;
			s->naddrs = keep.naddrs;
			memcpy(s->walk, s->addrs,
			    s->naddrs * sizeof(*s->walk));
			s->idx = addr_index(s->walk, s->naddrs, &s->cur);
			continue;
		}
		s->result = -1;
		s->version = PCPSEL_PCP_VERSION;
		if (old != NULL) {
			memcpy(s->nonce, old->nonce, sizeof(s->nonce));
			s->walks = old->walks;
			s->timeouts = old->timeouts;
			s->unreachables = old->unreachables;
		} else {
			make_nonce(engine, s->nonce, ns, n);
		}
		/* SEL-23, P-CHG-2: contacted at once; SEL-13 restart */
		walk_start(engine, s, now_ms);
	}
	/* P-CHG-2, P-CHG-3: servers not listed any more are dropped */
	for (j = 0; j < engine->n; j++)
		server_free(&engine->servers[j]);
	free(engine->servers);
	free(used);
	engine->servers = ns;
	engine->n = n;
	return 0;
fail:
	for (i = 0; i < n; i++)
		server_free(&ns[i]);
	free(ns);
	free(used);
	return r;
}

static const char *const status_names[] = { "Disabled", "Connecting",
	"Enabled", "Error_Timeout", "Error_NotAuthorized", "Error_Unsupported",
	"Error_NetworkFailure", "Error" };

const char *
pcpsel_status_str(int status)
{
	if (status <= 0 || (size_t)status >= PS_ARRAY_SIZE(status_names))
		return "Error";
	return status_names[status];
}

int
pcpsel_engine_status(const struct pcpsel_engine *engine, size_t index,
    struct pcpsel_server_status *ret)
{
	const struct ps_eserver *s;

	if (engine == NULL || ret == NULL || index >= engine->n)
		return -EINVAL;
	s = &engine->servers[index];
	memset(ret, 0, sizeof(*ret));
	ret->state = s->state;
	ret->status = s->status;
	ret->has_addr = s->has_addr;
	ret->addr = s->cur;
	ret->addr_index = s->idx;
	ret->result = s->result;
	ret->version = s->version;
	ret->has_epoch = s->has_epoch;
	ret->epoch = s->last_epoch;
	ret->epoch_valid = s->epoch_valid;
	memcpy(ret->nonce, s->nonce, sizeof(ret->nonce));
	ret->transmissions = s->tx;
	ret->answered_ms = s->answered_at;
	ret->restart_ms = s->restart_at;
	ret->walks = s->walks;
	ret->timeouts = s->timeouts;
	ret->unreachables = s->unreachables;
	return 0;
}
