/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pcp.c - the parts of PCP (RFC 6887) that server selection needs: the
 * ANNOUNCE request, response header validation in the §8.3 order, version
 * negotiation (§9, P-VER-1) and epoch validation (§8.5)
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"
#include "cursor.h"

static const char *const result_names[] = { "SUCCESS", "UNSUPP_VERSION",
	"NOT_AUTHORIZED", "MALFORMED_REQUEST", "UNSUPP_OPCODE",
	"UNSUPP_OPTION", "MALFORMED_OPTION", "NETWORK_FAILURE", "NO_RESOURCES",
	"UNSUPP_PROTOCOL", "USER_EX_QUOTA", "CANNOT_PROVIDE_EXTERNAL",
	"ADDRESS_MISMATCH", "EXCESSIVE_REMOTE_PEERS" };

const char *
pcpsel_pcp_result_str(int result)
{
	if (result < 0 || (size_t)result >= PS_ARRAY_SIZE(result_names))
		return "unknown";
	return result_names[result];
}

/*
 * RFC 6887 §7.1 request header, ANNOUNCE (§14.1) has no opcode data:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Version = 2  |R|   Opcode    |         Reserved              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Requested Lifetime (32 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            PCP Client's IP Address (128 bits)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int
pcpsel_pcp_announce(uint8_t *buf, size_t size,
    const struct pcpsel_addr *client)
{
	if (buf == NULL || client == NULL)
		return -EINVAL;
	if (size < PCPSEL_PCP_HEADER_LEN)
		return -ENOBUFS;
	buf[0] = PCPSEL_PCP_VERSION;
	buf[1] = PCPSEL_PCP_OP_ANNOUNCE; /* R = 0: a request */
	buf[2] = 0; /* Reserved: MUST be 0 */
	buf[3] = 0;
	/* §14.1.2: Requested Lifetime MUST be 0 for ANNOUNCE */
	memset(&buf[4], 0, 4);
	/* §7.1, §5: the source address, IPv4 as IPv4-mapped */
	memcpy(&buf[8], client->bytes, 16);
	return PCPSEL_PCP_HEADER_LEN;
}

/*
 * RFC 6887 §7.2 response header:
 *
 * |  Version = 2  |R|   Opcode    |   Reserved    |  Result Code  |
 * |                      Lifetime (32 bits)                       |
 * |                     Epoch Time (32 bits)                      |
 * |                      Reserved (96 bits)                       |
 *
 * RFC 6886 §3.5 (NAT-PMP) Unsupported Version reply, 8 octets:
 * | Vers = 0 | OP = 128 (0 before erratum 3618) | Result Code (16) |
 * |                  Seconds Since Start of Epoch                   |
 */
int
pcpsel_pcp_parse(const uint8_t *data, size_t len, unsigned flags,
    struct pcpsel_pcp_response *ret)
{
	struct pcpsel_pcp_response r;
	struct ps_cursor c;
	uint8_t version, op, reserved, result;
	uint32_t u32;

	if ((data == NULL && len > 0) || ret == NULL)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.len = len;
	ps_cursor_init(&c, data, len);
	/* §8.3: fewer than 4 octets: dropped silently */
	if (!ps_take_u8(&c, &version) || !ps_take_u8(&c, &op) ||
	    !ps_take_u8(&c, &reserved) || !ps_take_u8(&c, &result))
		return -EBADMSG;
	r.version = version;
	r.opcode = op & 0x7fu;
	r.result = result;

	if (version == 0 && reserved == 0 &&
	    result == PCPSEL_PCP_UNSUPP_VERSION &&
	    (op == 0x80 ||
		(op == 0 && (flags & PCPSEL_PCP_PARSE_NATPMP_OP0) != 0))) {
		/* NAT-PMP server (RFC 6886 §3.5, erratum 3618; P-VER-1 for
		 * the OP = 0 form): its 16-bit result 1 reads as PCP's
		 * Reserved 0 + Result 1.  Bytes 4-7 are its epoch. */
		r.opcode = PCPSEL_PCP_OP_ANNOUNCE;
		if (ps_take_be32(&c, &u32)) {
			r.epoch = u32;
			r.has_epoch = 1;
		}
		*ret = r;
		return 0;
	}
	/* §8.3: R bit clear: not a response, dropped silently */
	if ((op & 0x80u) == 0)
		return -EBADMSG;
	if (result == PCPSEL_PCP_UNSUPP_VERSION) {
		/* §8.3, §9: processed before the size checks; Version holds
		 * the server's closest version */
		if (ps_take_be32(&c, &u32))
			r.lifetime = u32;
		if (ps_take_be32(&c, &u32)) {
			r.epoch = u32;
			r.has_epoch = 1;
		}
		*ret = r;
		return 0;
	}
	/* §8.3: shorter than 24, longer than 1100 or not a multiple of 4
	 * octets: invalid, ignored */
	if (len < PCPSEL_PCP_HEADER_LEN || len > PCPSEL_PCP_MAX_LEN ||
	    len % 4 != 0)
		return -EBADMSG;
	/* §7.2: Version MUST be 2; we only ever send version 2, so any
	 * other version not saying UNSUPP_VERSION answers no request */
	if (version != PCPSEL_PCP_VERSION)
		return -EBADMSG;
	if (!ps_take_be32(&c, &r.lifetime) || !ps_take_be32(&c, &r.epoch) ||
	    !ps_take_bytes(&c, NULL, 12))
		return -EBADMSG;
	r.has_epoch = 1;
	*ret = r;
	return 0;
}

/* RFC 6887 §8.5, in integer arithmetic as the RFC writes it. */
int
pcpsel_epoch_check(struct pcpsel_epoch *state, uint32_t server_epoch,
    uint64_t client_s)
{
	int64_t client_delta, server_delta;
	int valid = 1;

	if (state == NULL)
		return -EINVAL;
	if (state->have) {
		if ((int64_t)server_epoch < (int64_t)state->server - 1) {
			/* the server went back more than 1 s */
			valid = 0;
		} else {
			client_delta = (int64_t)(client_s - state->client);
			server_delta =
			    (int64_t)server_epoch - (int64_t)state->server;
			if (client_delta + 2 <
				server_delta - server_delta / 16 ||
			    server_delta + 2 <
				client_delta - client_delta / 16)
				valid = 0;
		}
	}
	/* §8.5: always store the current values */
	state->have = 1;
	state->server = server_epoch;
	state->client = client_s;
	return valid;
}

/*
 * RFC 6887 §11.1 MAP opcode data, after the 24-octet header, in requests
 * and responses alike:
 *
 * |                 Mapping Nonce (96 bits)                       |
 * |   Protocol    |          Reserved (24 bits)                   |
 * |        Internal Port          |    Suggested External Port    |
 * |           Suggested External IP Address (128 bits)            |
 */
static bool
is_zero16(const uint8_t *b)
{
	static const uint8_t zero[16];

	return memcmp(b, zero, 16) == 0;
}

int
pcpsel_pcp_map_request(uint8_t *buf, size_t size,
    const struct pcpsel_pcp_map *req)
{
	int v4;

	if (buf == NULL || req == NULL || req->protocol > 255)
		return -EINVAL;
	/* §11.1: protocol 0 ("all protocols") needs internal port 0 */
	if (req->protocol == 0 && req->internal_port != 0)
		return -EINVAL;
	if (size < PCPSEL_PCP_MAP_LEN)
		return -ENOBUFS;
	v4 = pcpsel_addr_is_v4(&req->client);
	buf[0] = PCPSEL_PCP_VERSION;
	buf[1] = PCPSEL_PCP_OP_MAP; /* R = 0: a request */
	buf[2] = 0; /* Reserved */
	buf[3] = 0;
	buf[4] = (uint8_t)(req->lifetime >> 24); /* Requested Lifetime */
	buf[5] = (uint8_t)(req->lifetime >> 16);
	buf[6] = (uint8_t)(req->lifetime >> 8);
	buf[7] = (uint8_t)req->lifetime;
	/* §7.1, §16.4: the source address of the request */
	memcpy(&buf[8], req->client.bytes, 16);
	memcpy(&buf[24], req->nonce, PCPSEL_PCP_NONCE_LEN);
	buf[36] = (uint8_t)req->protocol;
	buf[37] = buf[38] = buf[39] = 0; /* Reserved: MUST be 0 */
	buf[40] = (uint8_t)(req->internal_port >> 8);
	buf[41] = (uint8_t)req->internal_port;
	if (req->lifetime == 0) {
		/* §15.1: in a delete the suggested port and address MUST be
		 * zero; erratum 3621: the all-zeros address of the family
		 * being deleted (§5: ::ffff:0:0 for IPv4, :: for IPv6) */
		buf[42] = buf[43] = 0;
		memset(&buf[44], 0, 16);
		if (v4)
			buf[54] = buf[55] = 0xff;
	} else {
		buf[42] = (uint8_t)(req->external_port >> 8);
		buf[43] = (uint8_t)req->external_port;
		if (is_zero16(req->external.bytes)) {
			/* §11.1: no preference: the family's all-zeros
			 * address */
			memset(&buf[44], 0, 16);
			if (v4)
				buf[54] = buf[55] = 0xff;
		} else {
			memcpy(&buf[44], req->external.bytes, 16);
		}
	}
	return PCPSEL_PCP_MAP_LEN;
}

int
pcpsel_pcp_map_parse(const uint8_t *data, size_t len,
    struct pcpsel_pcp_map *ret)
{
	struct pcpsel_pcp_response hdr;
	struct pcpsel_pcp_map m;
	struct ps_cursor c;
	uint8_t u8, skip[3];
	int r;

	if ((data == NULL && len > 0) || ret == NULL)
		return -EINVAL;
	/* the common checks of §8.3 first (R bit, sizes, version) */
	r = pcpsel_pcp_parse(data, len, 0, &hdr);
	if (r < 0)
		return r;
	/* §8.3 step 6: a MAP response with its 36 octets of opcode data;
	 * UNSUPP_VERSION may lack them (§9) and is not a MAP answer here */
	if (hdr.opcode != PCPSEL_PCP_OP_MAP ||
	    hdr.result == PCPSEL_PCP_UNSUPP_VERSION ||
	    len < PCPSEL_PCP_MAP_LEN)
		return -EBADMSG;
	memset(&m, 0, sizeof(m));
	m.lifetime = hdr.lifetime;
	ps_cursor_init(&c, data, len);
	if (!ps_take_bytes(&c, NULL, PCPSEL_PCP_HEADER_LEN) ||
	    !ps_take_bytes(&c, m.nonce, PCPSEL_PCP_NONCE_LEN) ||
	    !ps_take_u8(&c, &u8) || !ps_take_bytes(&c, skip, 3) ||
	    !ps_take_be16(&c, &m.internal_port) ||
	    !ps_take_be16(&c, &m.external_port) ||
	    !ps_take_bytes(&c, m.external.bytes, 16))
		return -EBADMSG;
	m.protocol = u8;
	/* options follow; §7.3: a client ignores those it does not know,
	 * and this client sends none, so none is read */
	*ret = m;
	return 0;
}

int
pcpsel_pcp_result_action(int result)
{
	/* RFC 6887 §7.4 (short- and long-lifetime errors), §8.3 step 9,
	 * §9, §16.4 */
	switch (result) {
	case PCPSEL_PCP_SUCCESS:
		return PCPSEL_PCP_ACTION_OK;
	case PCPSEL_PCP_UNSUPP_VERSION:
		return PCPSEL_PCP_ACTION_VERSION;
	case PCPSEL_PCP_NETWORK_FAILURE: /* short lifetime */
	case PCPSEL_PCP_NO_RESOURCES: /* short lifetime */
	case PCPSEL_PCP_USER_EX_QUOTA: /* short lifetime */
	case PCPSEL_PCP_CANNOT_PROVIDE_EXTERNAL: /* its lifetime says */
		return PCPSEL_PCP_ACTION_RETRY;
	case PCPSEL_PCP_ADDRESS_MISMATCH:
		/* §8.3 step 8: a NAT sits between this address and us;
		 * another address of the server may have none */
		return PCPSEL_PCP_ACTION_NEXT_ADDRESS;
	default:
		/* long-lifetime errors, and codes this client does not know:
		 * not again within the error's lifetime */
		return PCPSEL_PCP_ACTION_REFUSED;
	}
}
