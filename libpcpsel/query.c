/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * query.c - what a DHCP server reads in a client's query for the PCP server
 *	     options: whether the client asked for them (DHCPv4 option 55,
 *	     DHCPv6 ORO) and the DUID a DHCPv4 client identifier may carry
 *
 * Used by the Kea hook, which gets these bytes from Kea and decides nothing
 * by hand.  Every read goes through cursor.h.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pcpsel.h"
#include "cursor.h"

int
pcpsel_v4_prl_asks(const uint8_t *prl, size_t len)
{
	/* RFC 2132 §9.8: one option code per octet, so a search of exactly
	 * @len octets (the hook calls this for every reply) */
	if (prl == NULL || len == 0)
		return 0;
	return memchr(prl, PCPSEL_DHCPV4_OPTION, len) != NULL;
}

int
pcpsel_v6_oro_asks(const uint8_t *oro, size_t len)
{
	struct ps_cursor c;
	uint16_t code;

	/* RFC 8415 §21.7: two octets per option code; an odd last octet is
	 * no code */
	ps_cursor_init(&c, oro, len);
	while (ps_take_be16(&c, &code))
		if (code == PCPSEL_DHCPV6_OPTION)
			return 1;
	return 0;
}

int
pcpsel_v4_client_id_duid(const uint8_t *cid, size_t len,
    struct pcpsel_buf *ret_duid)
{
	struct ps_cursor c;
	uint8_t type;
	uint32_t iaid;

	if (ret_duid == NULL || (cid == NULL && len > 0))
		return -EINVAL;
	/* RFC 4361 §6.1: type 255, a 4-octet IAID, then the DUID (at least
	 * one octet) */
	ps_cursor_init(&c, cid, len);
	if (!ps_take_u8(&c, &type) || type != 255 ||
	    !ps_take_be32(&c, &iaid) || ps_cursor_left(&c) == 0)
		return -EBADMSG;
	ret_duid->data = c.pos;
	ret_duid->len = ps_cursor_left(&c);
	return 0;
}
