/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_map.c - the MAP client (map.c) fed hostile datagrams, errors and
 * time jumps in any order
 *
 * Input: byte 0 picks the family (even IPv4, odd IPv6) and whether the
 * client stops halfway; then records [op][len][data...]: op % 5 is 0 a
 * datagram from the server's first address (to our address), 1 one from
 * its second address, 2 one whose destination is another local address, 3
 * a hard error for the first address, 4 a time jump of data[0] * 250 ms.
 * After each record every due datagram is polled.  Invariants: what is sent
 * is a 60-octet version-2 MAP request from our address (also its client
 * IP); inputs are accepted or refused with the documented codes only;
 * events are known types; once everything due was sent, the next wake-up
 * lies in the future (no busy loop).
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "fuzz.h"

static uint32_t seed;
static unsigned draws;
static uint32_t nonce[3];

/* the nonce of the captured exchanges first (so that their answers match),
 * then a linear congruential sequence */
static uint32_t
rnd(void *arg)
{
	(void)arg;
	if (draws < 3)
		return nonce[draws++];
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void
on_event(void *arg, const struct pcpsel_map_event *ev)
{
	(void)arg;
	assert(ev->type >= PCPSEL_MAP_GRANTED &&
	    ev->type <= PCPSEL_MAP_NO_SOURCE);
	assert(ev->family == PCPSEL_MAPPING_V4 ||
	    ev->family == PCPSEL_MAPPING_V6);
	(void)pcpsel_map_kind(ev);
}

static struct pcpsel_addr
addr(const char *text)
{
	struct pcpsel_addr a;

	if (pcpsel_addr_from_string(&a, text) < 0)
		abort();
	return a;
}

/* Send what is due; 1 if all of it was (then nothing is due before a
 * later time). */
static int
poll_all(struct pcpsel_map *m, uint64_t now, const struct pcpsel_addr *me)
{
	struct pcpsel_map_send snd;
	int guard;

	for (guard = 0; guard < 64; guard++) {
		if (pcpsel_map_poll(m, now, &snd) != 1)
			return 1;
		assert(snd.len == PCPSEL_PCP_MAP_LEN);
		assert(snd.data[0] == 2 && snd.data[1] == PCPSEL_PCP_OP_MAP);
		assert(memcmp(snd.src.bytes, me->bytes, 16) == 0);
		assert(memcmp(&snd.data[8], me->bytes, 16) == 0);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcpsel_map_config cfg;
	struct pcpsel_source src;
	struct pcpsel_list *list;
	struct pcpsel_map *m = NULL;
	struct pcpsel_addr srv[2], me, other;
	uint64_t now = 0;
	size_t pos = 1, len;
	int v6, stop, r, records = 0;
	uint8_t op;

	if (size < 1 || size > 20000)
		return 0;
	v6 = data[0] & 1;
	stop = (data[0] & 2) != 0;
	seed = data[0];
	draws = 0;
	nonce[0] = v6 ? 0xb1b2b3b4u : 0xa1a2a3a4u; /* tests/captures */
	nonce[1] = v6 ? 0xb5b6b7b8u : 0xa5a6a7a8u;
	nonce[2] = v6 ? 0xb9babbbcu : 0xa9aaabacu;
	srv[0] = addr(v6 ? "2001:db8:a:1::1" : "192.0.2.1");
	srv[1] = addr(v6 ? "2001:db8:a:1::2" : "192.0.2.2");
	me = addr(v6 ? "2001:db8:a:1::100" : "192.0.2.10");
	other = addr(v6 ? "2001:db8:a:1::99" : "192.0.2.99");
	memset(&cfg, 0, sizeof(cfg));
	cfg.ifname = "up0";
	cfg.family = v6 ? PCPSEL_MAPPING_V6 : PCPSEL_MAPPING_V4;
	cfg.protocol = PCPSEL_PROTO_TCP;
	cfg.internal_port = 8080;
	cfg.lifetime = 600;
	cfg.engine.random = rnd;
	cfg.event = on_event;
	if (pcpsel_map_new(&cfg, &m) < 0)
		abort();
	list = pcpsel_list_new();
	if (list == NULL ||
	    pcpsel_list_add_server(list, PCPSEL_ORIGIN_DHCPV4, srv, 2) < 0)
		abort();
	memset(&src, 0, sizeof(src));
	src.addr = me;
	src.prefixlen = v6 ? 64 : 24;
	if (pcpsel_map_set_servers(m, list, &src, 1, now) < 0)
		abort();
	pcpsel_list_free(list);
	poll_all(m, now, &me);
	while (pos + 3 <= size) {
		op = data[pos];
		len = (size_t)data[pos + 1] << 8 | data[pos + 2];
		pos += 3;
		if (len > size - pos)
			len = size - pos;
		switch (op % 5) {
		case 0:
		case 1:
		case 2:
			r = pcpsel_map_input(m, now, &srv[op % 5 == 1],
			    PCPSEL_PCP_PORT, op % 5 == 2 ? &other : &me,
			    data + pos, len);
			assert(r == 0 || r == -ENOENT || r == -EBADMSG);
			break;
		case 3:
			r = pcpsel_map_unreachable(m, now, &srv[0]);
			assert(r == 0 || r == -ENOENT);
			break;
		default:
			now += len > 0 ? (uint64_t)data[pos] * 250u : 1u;
			break;
		}
		pos += len;
		if (poll_all(m, now, &me))
			assert(pcpsel_map_wakeup(m) > now);
		if (stop && ++records == 4)
			assert(pcpsel_map_stop(m, now) >= 0);
	}
	pcpsel_map_free(m);
	return 0;
}
