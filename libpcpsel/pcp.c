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
