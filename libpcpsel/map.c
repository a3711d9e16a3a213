/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * map.c - the PCP MAP client (RFC 6887 §11) for the servers of one
 * interface and one address family: no I/O, no clock, randomness from the
 * caller; where each transmission goes is the RFC 7488 engine's choice
 * (engine.c), what is sent and what an answer means is decided here.
 *
 * Per server ("slot"), on top of the engine's own state:
 *
 *   MAPPING --SUCCESS---------------------> HELD --renew_at--> RENEWING
 *   RENEWING --SUCCESS--------------------> HELD
 *   RENEWING --every address failed-------> HELD (the next §11.2.1 point)
 *   MAPPING, RENEWING --error-------------> HOLDOFF --its lifetime--> MAPPING
 *   HELD, RENEWING --expires_at-----------> MAPPING (EXPIRED)
 *   any --internal address changed--------> DELETING_OLD --answer or
 *                                           failure--> MAPPING
 *   any --pcpsel_map_stop-----------------> STOPPING --answer or failure-->
 *                                           DONE
 *
 * A slot without a usable source address (P-MAP-1) is not given to the
 * engine (NO_SOURCE).  Slots keep their state across server-list updates
 * through the engine's nonce: the engine keeps a server's nonce exactly
 * when it keeps the server (P-CHG-1), so equal nonces are the same server.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"

#define DEFAULT_LIFETIME \
	600u /* s: short, so that a client that
					 * dies leaves little open (§15) */
#define SANE_LIFETIME \
	86400u /* s: §8.3 step 9, §15: an absurd
					 * lifetime is renewed as if 24 h */
#define MIN_HOLD_MS \
	30000u /* §7.4: the recommended lifetime of
					 * a short error; also a floor for
					 * errors that give no lifetime */
#define VERSION_HOLD_MS 1800000u /* §9: 30 minutes */
#define ANNOUNCE_DELAY_MS 5000u /* §14.1.3: wait 0 to 5 s */
#define RENEW_GAP_MS \
	4000u /* §11.2.1: renewals at least 4 s
					 * apart */

enum phase {
	PH_NO_SOURCE = 0,
	PH_MAPPING,
	PH_HELD,
	PH_RENEWING,
	PH_HOLDOFF,
	PH_DELETING_OLD,
	PH_STOPPING,
	PH_DONE
};

struct ps_slot {
	size_t server; /* index in the list */
	unsigned origin;
	struct pcpsel_addr *addrs; /* the family's addresses, walk order */
	size_t naddrs;
	struct pcpsel_addr *all; /* every address of the server */
	size_t nall;
	bool carried; /* scratch of set_servers */

	bool has_src;
	struct pcpsel_addr src; /* the internal address */
	bool in_engine;
	bool detached; /* a slot of the list before */
	size_t eidx;
	struct pcpsel_addr seen_addr; /* its address in use, last seen */
	uint8_t nonce[PCPSEL_PCP_NONCE_LEN];
	enum phase phase;

	bool mapped; /* held at the server, not expired */
	bool has_ext; /* ext/ext_port were assigned once */
	struct pcpsel_addr ext;
	uint16_t ext_port;
	uint32_t granted;
	uint64_t expires_at;
	uint64_t granted_at;
	uint64_t renew_at;
	unsigned renew_k; /* §11.2.1: 0 the 1/2..5/8 point, 1 the
					 * 3/4..3/4+1/16 one, ... */
	uint64_t hold_until;
	uint64_t remap_at; /* 0: none */

	bool has_old; /* DELETING_OLD: the previous one */
	struct pcpsel_addr old_src;
	uint64_t old_expires_at;
	unsigned mark; /* engine failure count at a delete */
	int engine_state; /* last seen */

	struct pcpsel_epoch epoch; /* §8.5, per address (P-EPOCH-1) */
	struct pcpsel_addr epoch_addr;
	bool has_epoch;
	uint32_t last_epoch;
	int result;
	unsigned version;
	bool mismatch; /* the walk met ADDRESS_MISMATCH */

	struct pcpsel_map_event last; /* the latest event: the status */
};

struct pcpsel_map {
	struct pcpsel_map_config cfg;
	char ifname[PCPSEL_IFNAMSIZ];
	struct pcpsel_engine *engine;
	struct ps_slot *slots;
	size_t n;
	size_t *eslot; /* engine index -> slot index */
	size_t ne;
	bool stopping;
	uint64_t now;
};

/* clang-format off */
static const char *const event_names[] = {
	"unknown", "granted", "renewed", "changed", "refused", "no-response",
	"restarted", "expired", "deleted", "delete-failed", "withdrawn",
	"no-source", "bad-file"
};
/* clang-format on */

const char *
pcpsel_map_event_str(int type)
{
	if (type <= 0 || (size_t)type >= PS_ARRAY_SIZE(event_names))
		return "unknown";
	return event_names[type];
}

static bool
addr_eq(const struct pcpsel_addr *a, const struct pcpsel_addr *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

const char *
pcpsel_map_kind(const struct pcpsel_map_event *ev)
{
	int in4, ex4;

	if (ev == NULL || ev->external_port == 0)
		return NULL;
	in4 = pcpsel_addr_is_v4(&ev->internal);
	ex4 = pcpsel_addr_is_v4(&ev->external);
	if (in4 && ex4)
		return addr_eq(&ev->internal, &ev->external) &&
			ev->internal_port == ev->external_port ?
		    "IPv4Firewall" :
		    "NAT44";
	if (!in4 && !ex4) {
		if (ev->internal_port != ev->external_port)
			return "NAT66";
		return addr_eq(&ev->internal, &ev->external) ? "IPv6Firewall" :
							       "NPTv6";
	}
	return in4 ? "NAT46" : "StatefulNAT64";
}

static bool
addr_zero(const struct pcpsel_addr *a)
{
	static const uint8_t zero[16];

	return memcmp(a->bytes, zero, sizeof(zero)) == 0;
}

static bool
of_family(const struct pcpsel_map *m, const struct pcpsel_addr *a)
{
	return (pcpsel_addr_is_v4(a) != 0) ==
	    (m->cfg.family == PCPSEL_MAPPING_V4);
}

static uint32_t
rnd(struct pcpsel_map *m)
{
	return m->cfg.engine.random(m->cfg.engine.random_arg);
}

static uint64_t
clamp_now(struct pcpsel_map *m, uint64_t now)
{
	/* the clock never goes back (RFC 6887 §8.5) */
	if (now < m->now)
		now = m->now;
	m->now = now;
	return now;
}

static void
slot_free(struct ps_slot *s)
{
	free(s->addrs);
	free(s->all);
	s->addrs = NULL;
	s->all = NULL;
}

static void
slots_free(struct ps_slot *slots, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		slot_free(&slots[i]);
	free(slots);
}

int
pcpsel_map_new(const struct pcpsel_map_config *cfg, struct pcpsel_map **ret)
{
	struct pcpsel_engine_config ecfg;
	struct pcpsel_map *m;
	int r;

	if (cfg == NULL || ret == NULL || cfg->engine.random == NULL ||
	    (cfg->family != PCPSEL_MAPPING_V4 &&
		cfg->family != PCPSEL_MAPPING_V6) ||
	    cfg->protocol == 0 || cfg->protocol > 255 ||
	    cfg->internal_port == 0 ||
	    (cfg->ifname != NULL && strlen(cfg->ifname) >= PCPSEL_IFNAMSIZ))
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return -ENOMEM;
	m->cfg = *cfg;
	if (m->cfg.lifetime == 0)
		m->cfg.lifetime = DEFAULT_LIFETIME;
	if (cfg->ifname != NULL)
		strcpy(m->ifname, cfg->ifname);
	m->cfg.ifname = m->ifname;
	/* the suggestion counts only in its own family */
	if (!of_family(m, &m->cfg.external))
		memset(&m->cfg.external, 0, sizeof(m->cfg.external));
	ecfg = cfg->engine;
	ecfg.keepalive_ms = 0; /* renewals keep the address checked */
	r = pcpsel_engine_new(&ecfg, &m->engine);
	if (r < 0) {
		free(m);
		return r;
	}
	*ret = m;
	return 0;
}

void
pcpsel_map_free(struct pcpsel_map *map)
{
	if (map == NULL)
		return;
	pcpsel_engine_free(map->engine);
	slots_free(map->slots, map->n);
	free(map->eslot);
	free(map);
}

/* ---- events ------------------------------------------------------------ */

/* P-TR-4: the TR-181 Status an event shows for its server. */
static int
status_of(const struct pcpsel_map_event *ev, bool mapped)
{
	switch (ev->type) {
	case PCPSEL_MAP_GRANTED:
	case PCPSEL_MAP_RENEWED:
	case PCPSEL_MAP_CHANGED:
	case PCPSEL_MAP_DELETED:
		return PCPSEL_STATUS_ENABLED;
	case PCPSEL_MAP_NO_RESPONSE:
		return PCPSEL_STATUS_ERROR_TIMEOUT;
	case PCPSEL_MAP_NO_SOURCE:
		return PCPSEL_STATUS_ERROR;
	case PCPSEL_MAP_REFUSED:
	case PCPSEL_MAP_DELETE_FAILED:
		switch (ev->result) {
		case -1:
			return PCPSEL_STATUS_ERROR_TIMEOUT;
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
	default:
		return mapped ? PCPSEL_STATUS_ENABLED :
				PCPSEL_STATUS_CONNECTING;
	}
}

static void
emit(struct pcpsel_map *m, struct ps_slot *s, struct pcpsel_map_event *ev)
{
	ev->status = status_of(ev, s->mapped);
	s->last = *ev;
	if (m->cfg.event != NULL)
		m->cfg.event(m->cfg.event_arg, ev);
}

/* An event of @type for @s at @now with the slot's current fields. */
static struct pcpsel_map_event
event_of(struct pcpsel_map *m, struct ps_slot *s, int type, uint64_t now)
{
	struct pcpsel_server_status st;
	struct pcpsel_map_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.ifname = m->ifname;
	ev.family = m->cfg.family;
	ev.server = s->server;
	ev.origin = s->origin;
	ev.server_addrs = s->all;
	ev.server_naddrs = s->nall;
	if (s->in_engine && !s->detached &&
	    pcpsel_engine_status(m->engine, s->eidx, &st) == 0 && st.has_addr)
		s->seen_addr = st.addr;
	ev.server_addr = s->seen_addr;
	ev.internal = s->src;
	ev.protocol = m->cfg.protocol;
	ev.internal_port = m->cfg.internal_port;
	ev.result = s->result;
	ev.version = s->version;
	if (s->mapped || type == PCPSEL_MAP_EXPIRED) {
		ev.external = s->ext;
		ev.external_port = s->ext_port;
		ev.lifetime = s->granted;
		ev.expires_ms = s->expires_at;
	}
	ev.requested_lifetime = m->cfg.lifetime;
	ev.has_epoch = s->has_epoch;
	ev.epoch = s->last_epoch;
	ev.time_ms = now;
	return ev;
}

static void
emit_simple(struct pcpsel_map *m, struct ps_slot *s, int type, uint64_t now)
{
	struct pcpsel_map_event ev = event_of(m, s, type, now);

	emit(m, s, &ev);
}

/* ---- P-MAP-1: the internal address of each server ----------------------- */

/* CommonPrefixLen (RFC 6724 §2.2) of @s and @d in the 16-byte forms,
 * capped at @cap bits. */
static unsigned
cpl(const struct pcpsel_addr *s, const struct pcpsel_addr *d, unsigned cap)
{
	unsigned i, len = 0;
	uint8_t x;

	for (i = 0; i < 16; i++) {
		x = (uint8_t)(s->bytes[i] ^ d->bytes[i]);
		if (x != 0) {
			while ((x & 0x80) == 0) {
				len++;
				x = (uint8_t)(x << 1);
			}
			break;
		}
		len += 8;
	}
	return len < cap ? len : cap;
}

static unsigned
src_cap(const struct pcpsel_source *src)
{
	return pcpsel_addr_is_v4(&src->addr) ? 96 + src->prefixlen :
					       src->prefixlen;
}

/* P-MAP-1: a source that can be a mapping's internal address: of the
 * map's family, global (never link-local, loopback, multicast or
 * unspecified: RFC 6724 §4, a pinhole for a link-local address opens
 * nothing), and not temporary (inbound peers connect to the public
 * address; RFC 6724 §5 Rule 7 lets an application prefer it). */
static bool
candidate(const struct pcpsel_map *m, const struct pcpsel_source *src)
{
	const uint8_t *b = src->addr.bytes;

	if (!of_family(m, &src->addr) ||
	    (src->flags & PCPSEL_SRC_TEMPORARY) != 0 || addr_zero(&src->addr))
		return false;
	if (pcpsel_addr_is_v4(&src->addr))
		return b[12] != 0 && b[12] != 127 && (b[12] & 0xf0) != 0xe0 &&
		    b[12] < 240 && !(b[12] == 169 && b[13] == 254);
	if (b[0] == 0xff || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||
	    (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0))
		return false;
	/* ::1 and the IPv4-compatible ::/96 */
	return !(memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0", 12) == 0);
}

static bool
is_ula(const struct pcpsel_addr *a)
{
	return !pcpsel_addr_is_v4(a) && (a->bytes[0] & 0xfe) == 0xfc;
}

/* The longest CommonPrefixLen between @src and the addresses of @s. */
static unsigned
slot_cpl(const struct ps_slot *s, const struct pcpsel_source *src)
{
	unsigned best = 0, c;
	size_t i;

	for (i = 0; i < s->naddrs; i++) {
		c = cpl(&src->addr, &s->addrs[i], src_cap(src));
		if (c > best)
			best = c;
	}
	return best;
}

/*
 * P-MAP-1: choose each slot's internal address among @sources.  The
 * candidates (see candidate(); RFC 6887 §8.4: no ULA while a global
 * unicast address exists) are attributed to the server(s) of the list they
 * share the longest prefix with: an address of ISP A's prefix goes to ISP
 * A's server, never to ISP B's (RFC 7488 §3 step 1: the candidate set
 * follows the PCP constraints).  RFC 6724 §5 then picks among a server's
 * own candidates for its first address, preferring public addresses.
 * @work has room for @nsources entries.  0 or -ENOMEM.
 */
static int
choose_sources(struct pcpsel_map *m, struct ps_slot *slots, size_t n,
    const struct pcpsel_source *sources, size_t nsources,
    struct pcpsel_source *work)
{
	struct pcpsel_order_ctx ctx;
	unsigned *best = NULL, c;
	bool *cand = NULL, gua = false;
	size_t i, k, nw;
	int r = 0;

	if (nsources > 0) {
		best = calloc(nsources, sizeof(*best));
		cand = calloc(nsources, sizeof(*cand));
		if (best == NULL || cand == NULL) {
			r = -ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < nsources; i++) {
		cand[i] = candidate(m, &sources[i]);
		if (cand[i] && !is_ula(&sources[i].addr))
			gua = true;
	}
	for (i = 0; i < nsources; i++) {
		if (gua && is_ula(&sources[i].addr))
			cand[i] = false; /* RFC 6887 §8.4, SEL-24 */
		if (!cand[i])
			continue;
		for (k = 0; k < n; k++)
			if ((c = slot_cpl(&slots[k], &sources[i])) > best[i])
				best[i] = c;
	}
	for (k = 0; k < n; k++) {
		slots[k].has_src = false;
		nw = 0;
		for (i = 0; i < nsources; i++)
			if (cand[i] &&
			    slot_cpl(&slots[k], &sources[i]) == best[i])
				work[nw++] = sources[i];
		if (nw == 0)
			continue;
		memset(&ctx, 0, sizeof(ctx));
		ctx.sources = work;
		ctx.nsources = nw;
		ctx.mapping = m->cfg.family;
		ctx.prefer_temporary = 0; /* none left, but say so */
		r = pcpsel_source_select(&slots[k].addrs[0], &ctx);
		if (r == -ENOMEM)
			goto out;
		if (r >= 0) {
			slots[k].has_src = true;
			slots[k].src = work[r].addr;
		}
		r = 0;
	}
out:
	free(best);
	free(cand);
	return r;
}

static bool
source_present(const struct pcpsel_addr *a, const struct pcpsel_source *src,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr_eq(&src[i].addr, a))
			return true;
	return false;
}

static bool
same_set(const struct ps_slot *a, const struct ps_slot *b)
{
	size_t i, j;

	if (a->naddrs != b->naddrs)
		return false;
	for (i = 0; i < a->naddrs; i++) {
		for (j = 0; j < b->naddrs; j++)
			if (addr_eq(&a->addrs[i], &b->addrs[j]))
				break;
		if (j == b->naddrs)
			return false;
	}
	return true;
}

/* ---- the engine's view ------------------------------------------------- */

static unsigned
failures(const struct pcpsel_map *m, const struct ps_slot *s)
{
	struct pcpsel_server_status st;

	if (pcpsel_engine_status(m->engine, s->eidx, &st) < 0)
		return 0;
	return st.walks + st.timeouts + st.unreachables;
}

/* Start a delete exchange (STOPPING or DELETING_OLD) with the engine. */
static void
delete_start(struct pcpsel_map *m, struct ps_slot *s, enum phase ph,
    uint64_t now)
{
	s->phase = ph;
	s->mark = failures(m, s);
	pcpsel_engine_request(m->engine, s->eidx, now);
}

/* The delete of the previous internal address ended (answered or given
 * up): request the mapping for the current one. */
static void
old_done(struct pcpsel_map *m, struct ps_slot *s, uint64_t now)
{
	s->has_old = false;
	if (m->stopping) {
		s->phase = PH_DONE;
		return;
	}
	s->phase = PH_MAPPING;
	pcpsel_engine_request(m->engine, s->eidx, now);
}

/* A delete got no answer: reported, and the slot moves on. */
static void
delete_failed(struct pcpsel_map *m, struct ps_slot *s, uint64_t now)
{
	struct pcpsel_map_event ev;

	if (s->phase == PH_DELETING_OLD) {
		ev = event_of(m, s, PCPSEL_MAP_DELETE_FAILED, now);
		ev.internal = s->old_src;
		ev.result = -1;
		ev.expires_ms = s->old_expires_at;
		emit(m, s, &ev);
		old_done(m, s, now);
		return;
	}
	ev = event_of(m, s, PCPSEL_MAP_DELETE_FAILED, now);
	ev.result = -1;
	emit(m, s, &ev);
	s->phase = PH_DONE;
}

/*
 * RFC 6887 §11.2.1: a renewal that got no SUCCESS is tried again at 3/4 to
 * 3/4 + 1/16 of the lifetime, then 7/8 to 7/8 + 1/32, and so on, never less
 * than 4 s apart, while the mapping lasts; RFC 7488's 15-minute restart is
 * for finding a server, not for keeping a mapping (a server restarting
 * answers port unreachable for a few seconds: hard, every address fails
 * at once).  true if a later point was set (the slot back to HELD).
 */
static bool
renewal_retry(struct pcpsel_map *m, struct ps_slot *s, uint64_t now)
{
	uint64_t lt, start, span, t;
	unsigned k;

	lt = (uint64_t)(s->granted < SANE_LIFETIME ? s->granted :
						     SANE_LIFETIME) *
	    1000u;
	for (k = s->renew_k + 1; k < 32; k++) {
		start = s->granted_at + lt - (lt >> (k + 1));
		span = lt >> (k + 3);
		t = start + (span > 0 ? rnd(m) % (span + 1) : 0);
		if (t < now)
			continue; /* that point has passed */
		if (t < now + RENEW_GAP_MS)
			t = now + RENEW_GAP_MS;
		if (t >= s->expires_at)
			return false;
		s->renew_k = k;
		s->renew_at = t;
		s->phase = PH_HELD;
		return true;
	}
	return false;
}

/* Look at what the engine did since the last look: a walk exhausted
 * (NO_RESPONSE, RFC 7488 §3 step 5), a delete exchange that failed. */
static void
sync_slot(struct pcpsel_map *m, struct ps_slot *s, uint64_t now)
{
	struct pcpsel_server_status st;
	struct pcpsel_map_event ev;
	int was = s->engine_state;

	if (!s->in_engine || pcpsel_engine_status(m->engine, s->eidx, &st) < 0)
		return;
	s->engine_state = st.state;
	if ((s->phase == PH_STOPPING || s->phase == PH_DELETING_OLD) &&
	    st.walks + st.timeouts + st.unreachables != s->mark) {
		delete_failed(m, s, now);
		return;
	}
	if (st.state == PCPSEL_STATE_WAITING && was != PCPSEL_STATE_WAITING &&
	    (s->phase == PH_MAPPING || s->phase == PH_RENEWING)) {
		ev = event_of(m, s, PCPSEL_MAP_NO_RESPONSE, now);
		/* silent, or answering only ADDRESS_MISMATCH (§8.3 step 8) */
		ev.result = s->mismatch ? PCPSEL_PCP_ADDRESS_MISMATCH : -1;
		ev.next_ms = st.restart_ms;
		s->mismatch = false;
		if (s->phase == PH_RENEWING && s->mapped &&
		    renewal_retry(m, s, now))
			ev.next_ms = s->renew_at;
		emit(m, s, &ev);
	}
}

static void
sync_all(struct pcpsel_map *m, uint64_t now)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		sync_slot(m, &m->slots[i], now);
}

/* ---- set_servers -------------------------------------------------------- */

/* Carry the state of @o into the new slot @s (same server, same nonce). */
static void
carry(struct pcpsel_map *m, struct ps_slot *s, struct ps_slot *o,
    const struct pcpsel_source *sources, size_t nsources, uint64_t now)
{
	struct pcpsel_map_event ev;
	struct ps_slot keep = *s;

	*s = *o;
	s->server = keep.server;
	s->origin = keep.origin;
	s->addrs = keep.addrs;
	s->naddrs = keep.naddrs;
	s->all = keep.all;
	s->nall = keep.nall;
	s->has_src = keep.has_src;
	s->src = keep.src;
	s->in_engine = true;
	s->detached = false;
	s->eidx = keep.eidx;
	s->carried = false;
	o->carried = true;
	if (!o->has_src || addr_eq(&o->src, &s->src))
		return;
	/* §11.5, P-CHG-4: the internal address changed: the mapping of the
	 * old one is deleted from it while it still exists, and a mapping
	 * for the new one is requested */
	if (s->phase == PH_DONE || s->phase == PH_STOPPING)
		return;
	if (s->phase == PH_DELETING_OLD) {
		/* already moving: keep deleting the first old one */
		return;
	}
	if (s->mapped && source_present(&o->src, sources, nsources)) {
		s->has_old = true;
		s->old_src = o->src;
		s->old_expires_at = s->expires_at;
		s->mapped = false;
		delete_start(m, s, PH_DELETING_OLD, now);
		return;
	}
	if (s->mapped) {
		/* the old address is gone: nothing can be sent from it any
		 * more; the server lets the mapping expire */
		ev = event_of(m, s, PCPSEL_MAP_DELETE_FAILED, now);
		ev.internal = o->src;
		ev.result = -1;
		emit(m, s, &ev);
	}
	s->mapped = false;
	s->remap_at = 0;
	s->phase = PH_MAPPING;
	pcpsel_engine_request(m->engine, s->eidx, now);
}

int
pcpsel_map_set_servers(struct pcpsel_map *map, const struct pcpsel_list *list,
    const struct pcpsel_source *sources, size_t nsources, uint64_t now_ms)
{
	struct pcpsel_server_status st;
	struct pcpsel_source *work = NULL;
	struct pcpsel_list *elist = NULL;
	struct ps_slot *ns = NULL, *s, *o;
	struct pcpsel_map_event ev;
	const struct pcpsel_addr *addrs;
	size_t *eslot = NULL;
	size_t nl, n = 0, ne = 0, i, j, k, na;
	int r = -ENOMEM;

	if (map == NULL || list == NULL || (sources == NULL && nsources > 0))
		return -EINVAL;
	nl = pcpsel_list_count(list);
	if (nl > 0 &&
	    ((ns = calloc(nl, sizeof(*ns))) == NULL ||
		(eslot = calloc(nl, sizeof(*eslot))) == NULL))
		goto fail;
	if (nsources > 0 && (work = calloc(nsources, sizeof(*work))) == NULL)
		goto fail;
	/* the family's addresses of each server, in the list's order */
	for (i = 0; i < nl; i++) {
		addrs = pcpsel_server_addrs(list, i);
		na = pcpsel_server_count(list, i);
		for (j = 0, k = 0; j < na; j++)
			if (of_family(map, &addrs[j]))
				k++;
		if (k == 0)
			continue;
		s = &ns[n++];
		s->server = i;
		s->origin = pcpsel_server_origin(list, i);
		s->result = -1;
		s->version = PCPSEL_PCP_VERSION;
		s->addrs = malloc(k * sizeof(*s->addrs));
		s->all = malloc(na * sizeof(*s->all));
		if (s->addrs == NULL || s->all == NULL)
			goto fail;
		memcpy(s->all, addrs, na * sizeof(*s->all));
		s->nall = na;
		for (j = 0; j < na; j++)
			if (of_family(map, &addrs[j]))
				s->addrs[s->naddrs++] = addrs[j];
	}
	r = choose_sources(map, ns, n, sources, nsources, work);
	if (r < 0)
		goto fail;
	r = -ENOMEM;
	elist = pcpsel_list_new();
	if (elist == NULL)
		goto fail;
	for (k = 0; k < n; k++) {
		if (!ns[k].has_src)
			continue;
		r = pcpsel_list_add_server(elist, ns[k].origin, ns[k].addrs,
		    ns[k].naddrs);
		if (r < 0)
			goto fail;
		ns[k].in_engine = true;
		ns[k].eidx = ne;
		eslot[ne++] = k;
	}
	now_ms = clamp_now(map, now_ms);
	/* the addresses in use, for what is said about old servers */
	for (j = 0; j < map->n; j++)
		if (map->slots[j].in_engine &&
		    pcpsel_engine_status(map->engine, map->slots[j].eidx,
			&st) == 0 &&
		    st.has_addr)
			map->slots[j].seen_addr = st.addr;
	r = pcpsel_engine_set_servers(map->engine, elist, now_ms);
	if (r < 0)
		goto fail;
	for (j = 0; j < map->n; j++)
		map->slots[j].detached = true;
	/* nothing fails from here on */
	pcpsel_list_free(elist);
	free(work);
	for (j = 0; j < map->n; j++)
		map->slots[j].carried = false;
	for (k = 0; k < n; k++) {
		s = &ns[k];
		if (!s->in_engine)
			continue;
		pcpsel_engine_status(map->engine, s->eidx, &st);
		memcpy(s->nonce, st.nonce, sizeof(s->nonce));
		for (j = 0; j < map->n; j++) {
			o = &map->slots[j];
			if (o->in_engine && !o->carried &&
			    memcmp(o->nonce, s->nonce, sizeof(s->nonce)) == 0)
				break;
		}
		if (j < map->n) {
			carry(map, s, &map->slots[j], sources, nsources,
			    now_ms);
			continue;
		}
		/* a new server: the engine contacts it at once (SEL-23) */
		s->phase = map->stopping ? PH_DONE : PH_MAPPING;
		s->engine_state = st.state;
	}
	/* servers without a usable internal address */
	for (k = 0; k < n; k++) {
		s = &ns[k];
		if (s->in_engine)
			continue;
		s->phase = PH_NO_SOURCE;
		for (j = 0; j < map->n; j++) {
			o = &map->slots[j];
			if (!o->carried && same_set(o, s))
				break;
		}
		o = j < map->n ? &map->slots[j] : NULL;
		if (o != NULL) {
			o->carried = true;
			s->last = o->last;
			s->last.server = s->server;
			if (o->phase == PH_NO_SOURCE)
				continue; /* nothing new to say */
		}
		ev = event_of(map, s, PCPSEL_MAP_NO_SOURCE, now_ms);
		if (o != NULL && o->mapped) {
			/* its mapping is left to expire */
			ev.internal = o->src;
			ev.external = o->ext;
			ev.external_port = o->ext_port;
			ev.expires_ms = o->expires_at;
		}
		emit(map, s, &ev);
	}
	/* P-CHG-2, P-CHG-3: servers no longer listed are not renewed */
	for (j = 0; j < map->n; j++) {
		o = &map->slots[j];
		if (o->carried || o->phase == PH_DONE)
			continue;
		ev = event_of(map, o, PCPSEL_MAP_WITHDRAWN, now_ms);
		emit(map, o, &ev);
	}
	slots_free(map->slots, map->n);
	free(map->eslot);
	map->slots = ns;
	map->n = n;
	map->eslot = eslot;
	map->ne = ne;
	return 0;
fail:
	pcpsel_list_free(elist);
	free(work);
	free(eslot);
	if (ns != NULL)
		slots_free(ns, n);
	return r;
}

/* ---- timers and sending ------------------------------------------------ */

static void
timers(struct pcpsel_map *m, uint64_t now)
{
	struct ps_slot *s;
	size_t i;

	for (i = 0; i < m->n; i++) {
		s = &m->slots[i];
		if (!s->in_engine)
			continue;
		if (s->mapped && now >= s->expires_at &&
		    s->phase != PH_STOPPING && s->phase != PH_DONE) {
			emit_simple(m, s, PCPSEL_MAP_EXPIRED, now);
			s->mapped = false;
			if (s->phase == PH_HELD)
				pcpsel_engine_request(m->engine, s->eidx, now);
			if (s->phase == PH_HELD || s->phase == PH_RENEWING)
				s->phase = PH_MAPPING;
		}
		if (s->phase == PH_HELD && now >= s->renew_at) {
			/* §11.2.1 */
			s->phase = PH_RENEWING;
			pcpsel_engine_request(m->engine, s->eidx, now);
		}
		if (s->phase == PH_HOLDOFF && now >= s->hold_until) {
			s->phase = PH_MAPPING;
			pcpsel_engine_request(m->engine, s->eidx, now);
		}
		if (s->remap_at != 0 && now >= s->remap_at) {
			/* §14.1.3: re-create after the random wait */
			s->remap_at = 0;
			if (s->phase == PH_HELD)
				s->phase = PH_RENEWING;
			if (s->phase == PH_RENEWING || s->phase == PH_MAPPING)
				pcpsel_engine_request(m->engine, s->eidx, now);
		}
	}
}

uint64_t
pcpsel_map_wakeup(const struct pcpsel_map *map)
{
	const struct ps_slot *s;
	uint64_t best, t;
	size_t i;

	if (map == NULL)
		return UINT64_MAX;
	best = pcpsel_engine_wakeup(map->engine);
	for (i = 0; i < map->n; i++) {
		s = &map->slots[i];
		t = UINT64_MAX;
		if (s->phase == PH_HELD)
			t = s->renew_at;
		else if (s->phase == PH_HOLDOFF)
			t = s->hold_until;
		if (s->mapped && s->phase != PH_STOPPING &&
		    s->phase != PH_DONE && s->expires_at < t)
			t = s->expires_at;
		if (s->remap_at != 0 && s->remap_at < t)
			t = s->remap_at;
		if (t < best)
			best = t;
	}
	return best;
}

/* Build the datagram for a transmission of the engine to slot @s. */
static void
build(struct pcpsel_map *m, struct ps_slot *s,
    const struct pcpsel_engine_send *snd, struct pcpsel_map_send *ret)
{
	struct pcpsel_pcp_map req;

	memset(&req, 0, sizeof(req));
	memset(ret, 0, sizeof(*ret));
	memcpy(req.nonce, snd->nonce, sizeof(req.nonce)); /* SEL-14 */
	req.protocol = m->cfg.protocol;
	req.internal_port = m->cfg.internal_port;
	ret->src = s->src;
	if (s->phase == PH_DELETING_OLD) {
		ret->src = s->old_src;
		req.lifetime = 0; /* §15: delete */
	} else if (s->phase == PH_STOPPING) {
		req.lifetime = 0;
	} else {
		req.lifetime = m->cfg.lifetime;
		if (s->has_ext) {
			/* §11.2.1, §11.4: suggest what was assigned, so
			 * that a server that lost state re-creates it */
			req.external = s->ext;
			req.external_port = s->ext_port;
		} else {
			req.external = m->cfg.external;
			req.external_port = m->cfg.external_port;
		}
	}
	req.client = ret->src; /* §7.1, §16.4: the request's source */
	ret->server = s->server;
	ret->dst = snd->addr;
	ret->len =
	    (size_t)pcpsel_pcp_map_request(ret->data, sizeof(ret->data), &req);
}

int
pcpsel_map_poll(struct pcpsel_map *map, uint64_t now_ms,
    struct pcpsel_map_send *ret_send)
{
	struct pcpsel_engine_send snd;
	struct ps_slot *s;
	size_t guard;

	if (map == NULL || ret_send == NULL)
		return -EINVAL;
	now_ms = clamp_now(map, now_ms);
	timers(map, now_ms);
	sync_all(map, now_ms);
	/* every transmission the engine makes is either returned or dropped
	 * (a slot that is done): the count bounds the loop */
	for (guard = 0; guard < 64 * (map->ne + 1); guard++) {
		if (pcpsel_engine_poll(map->engine, now_ms, &snd) != 1)
			break;
		if (snd.server >= map->ne)
			continue;
		s = &map->slots[map->eslot[snd.server]];
		sync_slot(map, s, now_ms);
		if (s->phase == PH_DONE || s->phase == PH_NO_SOURCE)
			continue;
		if (s->phase == PH_HOLDOFF || s->phase == PH_HELD)
			s->phase = PH_MAPPING; /* the engine restarted it */
		build(map, s, &snd, ret_send);
		return 1;
	}
	sync_all(map, now_ms);
	return 0;
}

/* ---- answers ----------------------------------------------------------- */

/* The slot whose current address (being tried or in use) is @a. */
static struct ps_slot *
slot_at(struct pcpsel_map *m, const struct pcpsel_addr *a)
{
	struct pcpsel_server_status st;
	size_t i;

	for (i = 0; i < m->ne; i++)
		if (pcpsel_engine_status(m->engine, i, &st) == 0 &&
		    st.has_addr && st.state != PCPSEL_STATE_WAITING &&
		    addr_eq(&st.addr, a))
			return &m->slots[m->eslot[i]];
	return NULL;
}

/* The slot holding a mapping made at @a, an address its engine has given
 * up on since (WAITING). */
static struct ps_slot *
slot_held_at(struct pcpsel_map *m, const struct pcpsel_addr *a)
{
	struct pcpsel_server_status st;
	struct ps_slot *s;
	size_t i;

	for (i = 0; i < m->ne; i++) {
		s = &m->slots[m->eslot[i]];
		if (s->mapped &&
		    pcpsel_engine_status(m->engine, i, &st) == 0 &&
		    st.has_addr && st.state == PCPSEL_STATE_WAITING &&
		    addr_eq(&st.addr, a))
			return s;
	}
	return NULL;
}

/* RFC 6887 §8.5 for an answer of @s from @src; true if valid. */
static bool
epoch_update(struct ps_slot *s, const struct pcpsel_addr *src,
    const struct pcpsel_pcp_response *hdr, uint64_t now)
{
	if (!hdr->has_epoch)
		return true;
	/* P-EPOCH-1: the state belongs to one address */
	if (!addr_eq(&s->epoch_addr, src)) {
		memset(&s->epoch, 0, sizeof(s->epoch));
		s->epoch_addr = *src;
	}
	s->has_epoch = true;
	s->last_epoch = hdr->epoch;
	return pcpsel_epoch_check(&s->epoch, hdr->epoch, now / 1000u) == 1;
}

static uint64_t
hold_ms(int action, uint32_t lifetime)
{
	uint64_t h = (uint64_t)lifetime * 1000u;

	if (action == PCPSEL_PCP_ACTION_VERSION && h > VERSION_HOLD_MS)
		h = VERSION_HOLD_MS; /* §9: 30 min or the lifetime */
	if (h > (uint64_t)SANE_LIFETIME * 1000u)
		h = (uint64_t)SANE_LIFETIME * 1000u;
	if (h < MIN_HOLD_MS)
		h = MIN_HOLD_MS;
	return h;
}

/* A SUCCESS with a lifetime: the mapping is held. */
static void
grant(struct pcpsel_map *m, struct ps_slot *s, const struct pcpsel_pcp_map *pm,
    uint64_t now)
{
	struct pcpsel_map_event ev;
	uint64_t lt, span;
	bool was = s->mapped;
	bool changed = was &&
	    (!addr_eq(&s->ext, &pm->external) ||
		(pm->external_port != 0 && s->ext_port != pm->external_port));
	int type;

	s->mapped = true;
	/* an assigned port of 0 says nothing (miniupnpd 2.3.1 answers so
	 * when a pinhole is updated by a retransmitted request): the port
	 * assigned before stays */
	if (pm->external_port != 0 || !s->has_ext ||
	    !addr_eq(&s->ext, &pm->external))
		s->ext_port = pm->external_port;
	/* a first answer of port 0 from a firewall (the external address is
	 * the internal one: nothing is translated) opened the internal port:
	 * miniupnpd 2.3.1 answers so when the request updates a pinhole that
	 * another request (another nonce: another client, an earlier run)
	 * made, and its rule is for the internal port */
	if (s->ext_port == 0 && s->has_src && addr_eq(&pm->external, &s->src))
		s->ext_port = m->cfg.internal_port;
	s->has_ext = true;
	s->ext = pm->external;
	s->granted = pm->lifetime;
	s->granted_at = now;
	s->renew_k = 0;
	s->expires_at = now + (uint64_t)pm->lifetime * 1000u;
	/* §15: an absurd lifetime is renewed as if it were 24 h */
	lt = (uint64_t)(pm->lifetime < SANE_LIFETIME ? pm->lifetime :
						       SANE_LIFETIME) *
	    1000u;
	/* §11.2.1: uniformly between 1/2 and 5/8 of the lifetime */
	span = lt / 8u;
	s->renew_at = now + lt / 2u + (span > 0 ? rnd(m) % (span + 1) : 0);
	s->phase = PH_HELD;
	type = !was ? PCPSEL_MAP_GRANTED :
	    changed ? PCPSEL_MAP_CHANGED :
		      PCPSEL_MAP_RENEWED;
	ev = event_of(m, s, type, now);
	ev.next_ms = s->renew_at;
	emit(m, s, &ev);
}

/* An error answer (or a SUCCESS without lifetime) to a MAP request. */
static void
refused(struct pcpsel_map *m, struct ps_slot *s, int action, uint32_t lifetime,
    uint64_t now)
{
	struct pcpsel_map_event ev;

	s->hold_until = now + hold_ms(action, lifetime);
	s->phase = PH_HOLDOFF;
	ev = event_of(m, s, PCPSEL_MAP_REFUSED, now);
	ev.lifetime = lifetime;
	ev.next_ms = s->hold_until;
	emit(m, s, &ev);
}

/* An answer to a delete of @s: SUCCESS with lifetime 0, or an error. */
static void
delete_answered(struct pcpsel_map *m, struct ps_slot *s,
    const struct pcpsel_pcp_response *hdr, uint64_t now)
{
	struct pcpsel_map_event ev;
	bool ok = hdr->result == PCPSEL_PCP_SUCCESS;

	ev = event_of(m, s, ok ? PCPSEL_MAP_DELETED : PCPSEL_MAP_DELETE_FAILED,
	    now);
	ev.lifetime = hdr->lifetime;
	if (s->phase == PH_DELETING_OLD) {
		ev.internal = s->old_src;
		ev.expires_ms = ok ? 0 : s->old_expires_at;
		emit(m, s, &ev);
		old_done(m, s, now);
		return;
	}
	/* a refused delete (e.g. NOT_AUTHORIZED) leaves the mapping until
	 * its expiry (RFC 6887 §15: a delete cannot shorten it either) */
	ev.expires_ms = ok ? 0 : s->expires_at;
	s->mapped = s->mapped && !ok;
	emit(m, s, &ev);
	s->phase = PH_DONE;
}

int
pcpsel_map_input(struct pcpsel_map *map, uint64_t now_ms,
    const struct pcpsel_addr *src, uint16_t port,
    const struct pcpsel_addr *local, const uint8_t *data, size_t len)
{
	struct pcpsel_pcp_response hdr;
	struct pcpsel_pcp_map pm;
	struct ps_slot *s;
	bool valid, exchange;
	int action;

	if (map == NULL || src == NULL || (data == NULL && len > 0))
		return -EINVAL;
	now_ms = clamp_now(map, now_ms);
	/* §8.3 step 1, SEL-22: from port 5351 of an address a server is
	 * trying or using */
	if (port != PCPSEL_PCP_PORT)
		return -ENOENT;
	s = slot_at(map, src);
	if (s == NULL) {
		/* §14.1.3: an ANNOUNCE concerns every mapping made at that
		 * address, also one whose renewal just failed there (a
		 * restarting server answers port unreachable) */
		s = slot_held_at(map, src);
		if (s == NULL)
			return -ENOENT;
		if (pcpsel_pcp_parse(data, len, PCPSEL_PCP_PARSE_NATPMP_OP0,
			&hdr) < 0 ||
		    hdr.opcode != PCPSEL_PCP_OP_ANNOUNCE ||
		    hdr.result != PCPSEL_PCP_SUCCESS)
			return -ENOENT;
	}
	if (pcpsel_pcp_parse(data, len, PCPSEL_PCP_PARSE_NATPMP_OP0, &hdr) < 0)
		return -EBADMSG;
	exchange = s->phase == PH_MAPPING || s->phase == PH_RENEWING ||
	    s->phase == PH_STOPPING || s->phase == PH_DELETING_OLD;

	if (hdr.result == PCPSEL_PCP_UNSUPP_VERSION) {
		/* §9: processed before the opcode data, which it may lack;
		 * only this client's version 2 exists here, so the server
		 * cannot be spoken to: retry after min(30 min, lifetime) */
		if (!exchange)
			return (int)s->server;
		epoch_update(s, src, &hdr, now_ms);
		pcpsel_engine_answer(map->engine, now_ms, src, &hdr);
		s->result = (int)hdr.result;
		s->version = hdr.version;
		if (s->phase == PH_STOPPING || s->phase == PH_DELETING_OLD)
			delete_answered(map, s, &hdr, now_ms);
		else
			refused(map, s, PCPSEL_PCP_ACTION_VERSION,
			    hdr.lifetime, now_ms);
		return (int)s->server;
	}
	if (hdr.opcode == PCPSEL_PCP_OP_ANNOUNCE) {
		/* §14.1.3: an (unsolicited) ANNOUNCE: if the epoch shows a
		 * restart, re-create after a random 0-5 s; this client sent
		 * no ANNOUNCE, so it ends no exchange */
		valid = epoch_update(s, src, &hdr, now_ms);
		if (!valid && hdr.result == PCPSEL_PCP_SUCCESS &&
		    (s->mapped || s->phase == PH_RENEWING) &&
		    s->remap_at == 0 && !map->stopping) {
			struct pcpsel_map_event ev;

			s->remap_at =
			    now_ms + rnd(map) % (ANNOUNCE_DELAY_MS + 1);
			ev = event_of(map, s, PCPSEL_MAP_RESTARTED, now_ms);
			ev.next_ms = s->remap_at;
			emit(map, s, &ev);
		}
		return (int)s->server;
	}
	if (hdr.opcode != PCPSEL_PCP_OP_MAP ||
	    pcpsel_pcp_map_parse(data, len, &pm) < 0)
		return -EBADMSG;
	/* §11.4: matched by nonce, protocol, internal port and internal
	 * address (the response's destination) */
	if (memcmp(pm.nonce, s->nonce, sizeof(pm.nonce)) != 0 ||
	    pm.protocol != map->cfg.protocol ||
	    pm.internal_port != map->cfg.internal_port)
		return -EBADMSG;
	if (local != NULL && !addr_eq(local, &s->src) &&
	    !(s->has_old && addr_eq(local, &s->old_src)))
		return -EBADMSG;
	valid = epoch_update(s, src, &hdr, now_ms);
	s->version = hdr.version;
	if (!valid && (s->mapped || s->phase == PH_RENEWING) &&
	    !map->stopping) {
		/* §8.5, §16.3.1: the server lost state; a renewal answered
		 * SUCCESS has re-created the mapping already */
		emit_simple(map, s, PCPSEL_MAP_RESTARTED, now_ms);
		if (!exchange || hdr.result != PCPSEL_PCP_SUCCESS)
			s->remap_at =
			    now_ms + rnd(map) % (ANNOUNCE_DELAY_MS + 1);
	}
	if (!exchange) {
		/* §14.2: a Mapping Update of a mapping held, if it changes
		 * the external address or port; the same values again are a
		 * late answer to a retransmission (§8.1.1), nothing new */
		if (s->phase == PH_HELD && hdr.result == PCPSEL_PCP_SUCCESS &&
		    pm.lifetime > 0 && pm.external_port != 0 &&
		    (!addr_eq(&pm.external, &s->ext) ||
			pm.external_port != s->ext_port)) {
			s->result = (int)hdr.result;
			grant(map, s, &pm, now_ms);
		}
		return (int)s->server;
	}
	if (s->phase == PH_STOPPING || s->phase == PH_DELETING_OLD) {
		if (hdr.result == PCPSEL_PCP_SUCCESS && pm.lifetime > 0)
			return (int)s->server; /* a late renewal answer */
		if (s->phase == PH_DELETING_OLD && local != NULL &&
		    !addr_eq(local, &s->old_src))
			return (int)s->server; /* not for the delete */
		pcpsel_engine_answer(map->engine, now_ms, src, &hdr);
		s->result = (int)hdr.result;
		delete_answered(map, s, &hdr, now_ms);
		return (int)s->server;
	}
	if (local != NULL && !addr_eq(local, &s->src))
		return (int)s->server; /* for a delete already given up */
	s->result = (int)hdr.result;
	action = pcpsel_pcp_result_action((int)hdr.result);
	if (action == PCPSEL_PCP_ACTION_NEXT_ADDRESS) {
		/* §8.3 step 8: a NAT on the path to this address: report,
		 * then the server's next address at once (SEL-11) */
		struct pcpsel_map_event ev =
		    event_of(map, s, PCPSEL_MAP_REFUSED, now_ms);

		ev.lifetime = pm.lifetime;
		emit(map, s, &ev);
		s->mismatch = true;
		pcpsel_engine_unreachable(map->engine, now_ms, src);
		sync_slot(map, s, now_ms);
		return (int)s->server;
	}
	pcpsel_engine_answer(map->engine, now_ms, src, &hdr);
	s->engine_state = PCPSEL_STATE_IN_USE;
	s->mismatch = false;
	if (action == PCPSEL_PCP_ACTION_OK && pm.lifetime > 0)
		grant(map, s, &pm, now_ms);
	else
		refused(map, s,
		    action == PCPSEL_PCP_ACTION_OK ? PCPSEL_PCP_ACTION_RETRY :
						     action,
		    pm.lifetime, now_ms);
	return (int)s->server;
}

int
pcpsel_map_unreachable(struct pcpsel_map *map, uint64_t now_ms,
    const struct pcpsel_addr *dst)
{
	struct ps_slot *s;

	if (map == NULL || dst == NULL)
		return -EINVAL;
	now_ms = clamp_now(map, now_ms);
	s = slot_at(map, dst);
	if (s == NULL)
		return -ENOENT;
	/* SEL-11, P-SEL-3: the engine moves on at once */
	pcpsel_engine_unreachable(map->engine, now_ms, dst);
	sync_slot(map, s, now_ms);
	return (int)s->server;
}

int
pcpsel_map_stop(struct pcpsel_map *map, uint64_t now_ms)
{
	struct ps_slot *s;
	size_t i;
	int count = 0;

	if (map == NULL)
		return -EINVAL;
	now_ms = clamp_now(map, now_ms);
	map->stopping = true;
	for (i = 0; i < map->n; i++) {
		s = &map->slots[i];
		s->remap_at = 0;
		if (s->phase == PH_DELETING_OLD) {
			count++; /* it ends in DONE (old_done) */
			continue;
		}
		if (s->in_engine && s->mapped && s->phase != PH_DONE &&
		    s->phase != PH_STOPPING) {
			delete_start(map, s, PH_STOPPING, now_ms);
			count++;
			continue;
		}
		if (s->phase != PH_STOPPING && s->phase != PH_NO_SOURCE)
			s->phase = PH_DONE;
	}
	return count;
}

int
pcpsel_map_stopped(const struct pcpsel_map *map)
{
	size_t i;

	if (map == NULL || !map->stopping)
		return 0;
	for (i = 0; i < map->n; i++)
		if (map->slots[i].phase != PH_DONE &&
		    map->slots[i].phase != PH_NO_SOURCE)
			return 0;
	return 1;
}

size_t
pcpsel_map_count(const struct pcpsel_map *map)
{
	return map != NULL ? map->n : 0;
}

int
pcpsel_map_status(const struct pcpsel_map *map, size_t index,
    struct pcpsel_map_event *ret)
{
	struct pcpsel_server_status st;
	const struct ps_slot *s;

	if (map == NULL || ret == NULL || index >= map->n)
		return -EINVAL;
	s = &map->slots[index];
	*ret = s->last;
	ret->ifname = map->ifname;
	ret->family = map->cfg.family;
	ret->server = s->server;
	ret->origin = s->origin;
	ret->server_addrs = s->all;
	ret->server_naddrs = s->nall;
	ret->internal = s->src;
	ret->protocol = map->cfg.protocol;
	ret->internal_port = map->cfg.internal_port;
	if (s->in_engine &&
	    pcpsel_engine_status(map->engine, s->eidx, &st) == 0 &&
	    st.has_addr)
		ret->server_addr = st.addr;
	return 0;
}
