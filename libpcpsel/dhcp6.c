/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dhcp6.c - the options of one DHCPv6 message (RFC 8415 §8, §21.1)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |    msg-type   |               transaction-id                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          option-code          |           option-len          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  option-data (option-len octets)              |
 *   |                              ...                              |
 *
 * Used for a lease a DHCP client saved as the server's reply (dhcpcd's
 * <dbdir>/<interface>.lease6): option 86 is read from there, every
 * instance, instead of from the client's hook environment.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"
#include "cursor.h"

/* Walk the top-level options of @msg; with @ret set, store up to @max
 * instances of @code.  The number found in *@ret_n; 1 if an option ran
 * past the end (P-DHCP6-3), else 0. */
static int
walk(const uint8_t *msg, size_t len, unsigned code, struct pcpsel_buf *ret,
    size_t max, size_t *ret_n)
{
	struct ps_cursor c;
	uint16_t ocode, olen;
	size_t n = 0;

	ps_cursor_init(&c, msg, len);
	(void)ps_take_bytes(&c, NULL, 4); /* msg-type, transaction-id */
	while (ps_cursor_left(&c) > 0) {
		const uint8_t *data;

		if (!ps_take_be16(&c, &ocode) || !ps_take_be16(&c, &olen) ||
		    ps_cursor_left(&c) < olen) {
			/* P-DHCP6-3: the framing is broken from here on: this
			 * option and whatever follows are ignored */
			*ret_n = n;
			return 1;
		}
		data = c.pos;
		(void)ps_take_bytes(&c, NULL, olen);
		if (ocode != code)
			continue;
		if (ret != NULL && n < max) {
			ret[n].data = data;
			ret[n].len = olen;
		}
		n++;
	}
	*ret_n = n;
	return 0;
}

int
pcpsel_dhcp6_find(const uint8_t *msg, size_t len, unsigned code,
    struct pcpsel_buf *ret, size_t max, size_t *ret_n)
{
	size_t n;
	int r;

	if ((msg == NULL && len > 0) || code > UINT16_MAX || ret_n == NULL)
		return -EINVAL;
	if (len < 4)
		return -EBADMSG;
	if (len > PCPSEL_DHCP6_MAX_MSG)
		return -E2BIG;
	/* RFC 8415 §9: a relay message wraps the client's; a saved lease is
	 * never one */
	if (msg[0] == 12 || msg[0] == 13)
		return -EBADMSG;
	r = walk(msg, len, code, NULL, 0, &n);
	if (ret != NULL && n > max)
		return -E2BIG;
	if (ret != NULL)
		r = walk(msg, len, code, ret, max, &n);
	*ret_n = n;
	return r;
}
