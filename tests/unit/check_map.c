/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_map.c - PCP MAP (RFC 6887 §11): the request and response codec and
 * the MAP client (map.c) in simulated time, fed with real exchanges
 * recorded from Debian's miniupnpd 2.3.1 (tests/captures/capture-map.sh,
 * tests/captures/miniupnpd-2.3.1-map.txt): NAT44 mappings and IPv6
 * pinholes, renewal (§11.2.1), lifetime clamping, deletion (§15) and its
 * refusal, restart detection (§8.5, §14.1.3), result codes (§7.4),
 * version negotiation (§9), hard errors (SEL-11), the internal address
 * (P-MAP-1) and renumbering (§11.5, P-CHG-4).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"

#define BE16(v) (uint8_t)((v) >> 8), (uint8_t)((v)&0xff)
#define BE32(v) \
	(uint8_t)((v) >> 24), (uint8_t)(((v) >> 16) & 0xff), \
	    (uint8_t)(((v) >> 8) & 0xff), (uint8_t)((v)&0xff)
/* an IPv4 address in its IPv4-mapped form (RFC 6887 §5) */
#define A4(a, b, c, d) 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d
/* 2001:db8:a:1::100, the host's address in ISP A's prefix */
#define A6_HOST \
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x0a, 0x00, 0x01, 0, 0, 0, 0, 0, 0, \
	    0x01, 0x00
#define A6_ZERO 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define NONCE_A \
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac
#define NONCE_B \
	0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc
/* Version 2, R = 0, Opcode MAP, Reserved, Requested Lifetime */
#define REQ(lt) 0x02, 0x01, 0x00, 0x00, BE32(lt)
/* Version, R = 1 + Opcode MAP, Reserved, Result Code, Lifetime, Epoch
 * Time, Reserved (96 bits) */
#define RESP(v, res, lt, ep) \
	v, 0x81, 0x00, res, BE32(lt), BE32(ep), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
	    0, 0

/* ---- IPv4 (NAT44): host 192.0.2.10, server 192.0.2.1, external
 * 192.0.3.1 ------------------------------------------------------------ */

/* capture v4-map: create tcp 8080, suggesting external port 8080 */
/* clang-format off */
static const uint8_t v4_map_req[] = {
	REQ(600),		/* MAP, Requested Lifetime 600 */
	A4(192, 0, 2, 10),	/* PCP Client's IP Address */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Suggested External Port */
	A4(0, 0, 0, 0)		/* Suggested External Address: none */
};
/* clang-format on */
/* clang-format off */
static const uint8_t v4_map_resp[] = {
	RESP(2, 0, 600, 3),	/* SUCCESS, lifetime 600, epoch 3 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Assigned External Port */
	A4(192, 0, 3, 1)	/* Assigned External Address */
};
/* clang-format on */
/* capture v4-renew: §11.2.1, suggesting what was assigned */
/* clang-format off */
static const uint8_t v4_renew_req[] = {
	REQ(600),		/* MAP, Requested Lifetime 600 */
	A4(192, 0, 2, 10),	/* PCP Client's IP Address */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Suggested External Port */
	A4(192, 0, 3, 1)	/* Suggested External Address */
};
/* clang-format on */
/* clang-format off */
static const uint8_t v4_renew_resp[] = {
	RESP(2, 0, 600, 3),	/* SUCCESS, lifetime 600, epoch 3 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Assigned External Port */
	A4(192, 0, 3, 1)	/* Assigned External Address */
};
/* clang-format on */
/* capture v4-del-after-renew: §15.1 delete, erratum 3621 zeros */
/* clang-format off */
static const uint8_t v4_del_req[] = {
	REQ(0),			/* MAP, Requested Lifetime 0: delete */
	A4(192, 0, 2, 10),	/* PCP Client's IP Address */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(0),	/* Internal Port, Suggested External 0 */
	A4(0, 0, 0, 0)		/* Suggested External Address ::ffff:0:0 */
};
/* clang-format on */
/* clang-format off */
static const uint8_t v4_del_resp[] = {
	RESP(2, 0, 0, 3),	/* SUCCESS, lifetime 0, epoch 3 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(0),	/* Internal Port, External Port 0 */
	A4(192, 0, 3, 1)	/* External Address (not zero: miniupnpd) */
};
/* clang-format on */
/* capture v4-map-short: lifetime 30 asked, 120 granted (min_lifetime) */
/* clang-format off */
static const uint8_t v4_map_short_resp[] = {
	RESP(2, 0, 120, 3),	/* SUCCESS, lifetime 120, epoch 3 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8081), BE16(8081),	/* Internal, Assigned External Port */
	A4(192, 0, 3, 1)	/* Assigned External Address */
};
/* clang-format on */
/* capture v4-map-long: lifetime 999999 asked, 86400 granted */
/* clang-format off */
static const uint8_t v4_map_long_resp[] = {
	RESP(2, 0, 86400, 3),	/* SUCCESS, lifetime 86400, epoch 3 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8082), BE16(8082),	/* Internal, Assigned External Port */
	A4(192, 0, 3, 1)	/* Assigned External Address */
};
/* clang-format on */
/* capture v4-del-unknown: NO_RESOURCES for a mapping that does not
 * exist (RFC 6887 §15.1 would answer SUCCESS) */
/* clang-format off */
static const uint8_t v4_no_resources_resp[] = {
	RESP(2, 8, 30, 4),	/* NO_RESOURCES, lifetime 30, epoch 4 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8083), BE16(0),	/* Internal Port, External Port 0 */
	A4(192, 0, 3, 1)	/* External Address */
};
/* clang-format on */
/* capture v4-del-other-nonce: §11.3 NOT_AUTHORIZED */
/* clang-format off */
static const uint8_t v4_not_authorized_resp[] = {
	RESP(2, 2, 0, 4),	/* NOT_AUTHORIZED, lifetime 0, epoch 4 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8081), BE16(0),	/* Internal Port, External Port 0 */
	A4(192, 0, 3, 1)	/* External Address */
};
/* clang-format on */
/* capture v4-mismatch: client IP 192.0.2.99 from 192.0.2.10 */
/* clang-format off */
static const uint8_t v4_mismatch_resp[] = {
	RESP(2, 12, 0, 4),	/* ADDRESS_MISMATCH, lifetime 0, epoch 4 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8084), BE16(0),	/* Internal Port, External Port 0 */
	A4(0, 0, 0, 0)		/* External Address (copied) */
};
/* clang-format on */
/* capture v4-version1: a version-1 request answered in version 1 */
/* clang-format off */
static const uint8_t v4_version1_resp[] = {
	RESP(1, 6, 0, 4),	/* Version 1, MALFORMED_OPTION, epoch 4 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8085), BE16(0),	/* Internal Port, External Port 0 */
	A4(0, 0, 0, 0)		/* External Address */
};
/* clang-format on */
/* capture v4-version3: §9 UNSUPP_VERSION, the server's version 2 */
/* clang-format off */
static const uint8_t v4_unsupp_version_resp[] = {
	RESP(2, 1, 0, 4),	/* UNSUPP_VERSION, lifetime 0, epoch 4 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(0), BE16(0),	/* Internal Port 0, External Port 0 */
	A4(0, 0, 0, 0)		/* External Address */
};
/* clang-format on */
/* capture v4-udp: a UDP mapping */
/* clang-format off */
static const uint8_t v4_udp_resp[] = {
	RESP(2, 0, 600, 4),	/* SUCCESS, lifetime 600, epoch 4 */
	NONCE_A,		/* Mapping Nonce */
	17, 0, 0, 0,		/* Protocol UDP, Reserved */
	BE16(5000), BE16(5000),	/* Internal, Assigned External Port */
	A4(192, 0, 3, 1)	/* Assigned External Address */
};
/* clang-format on */
/* capture v4-proto0: protocol 0 with a port: §11.3 MALFORMED_REQUEST */
/* clang-format off */
static const uint8_t v4_proto0_resp[] = {
	RESP(2, 3, 0, 4),	/* MALFORMED_REQUEST, lifetime 0, epoch 4 */
	NONCE_A,		/* Mapping Nonce */
	0, 0, 0, 0,		/* Protocol 0, Reserved */
	BE16(5000), BE16(0),	/* Internal Port, External Port 0 */
	A4(0, 0, 0, 0)		/* External Address */
};
/* clang-format on */
/* capture v4-after-restart: the renewal after miniupnpd restarted */
/* clang-format off */
static const uint8_t v4_after_restart_resp[] = {
	RESP(2, 0, 600, 4),	/* SUCCESS, lifetime 600, epoch 4 */
	NONCE_A,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Assigned External Port */
	A4(192, 0, 3, 1)	/* Assigned External Address */
};
/* clang-format on */
/* capture unsolicited-announce-v4: §14.1.3, to 224.0.0.1:5350 from
 * 192.0.2.1:5351 */
/* clang-format off */
static const uint8_t v4_unsolicited_announce[] = {
	0x02, 0x80, 0x00, 0x00,	/* Version 2, R + ANNOUNCE, SUCCESS */
	BE32(0),		/* Lifetime 0 */
	BE32(0),		/* Epoch Time 0: a new start */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0	/* Reserved */
};
/* clang-format on */

/* ---- IPv6 (firewall pinhole): host 2001:db8:a:1::100, server
 * 2001:db8:a:1::1 --------------------------------------------------------- */

/* capture v6-map: create tcp 8080, no suggestion */
/* clang-format off */
static const uint8_t v6_map_req[] = {
	REQ(600),		/* MAP, Requested Lifetime 600 */
	A6_HOST,		/* PCP Client's IP Address */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(0),	/* Internal Port, Suggested External 0 */
	A6_ZERO			/* Suggested External Address :: */
};
/* clang-format on */
/* clang-format off */
static const uint8_t v6_map_resp[] = {
	RESP(2, 0, 600, 4),	/* SUCCESS, lifetime 600, epoch 4 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Assigned External Port */
	A6_HOST			/* Assigned External Address: the host's */
};
/* clang-format on */
/* capture v6-renew */
/* clang-format off */
static const uint8_t v6_renew_req[] = {
	REQ(600),		/* MAP, Requested Lifetime 600 */
	A6_HOST,		/* PCP Client's IP Address */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Suggested External Port */
	A6_HOST			/* Suggested External Address */
};
/* clang-format on */
/* clang-format off */
static const uint8_t v6_renew_resp[] = {
	RESP(2, 0, 600, 4),	/* SUCCESS, lifetime 600, epoch 4 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Assigned External Port */
	A6_HOST			/* Assigned External Address */
};
/* clang-format on */
/* capture v6-del-after-renew */
/* clang-format off */
static const uint8_t v6_del_req[] = {
	REQ(0),			/* MAP, Requested Lifetime 0: delete */
	A6_HOST,		/* PCP Client's IP Address */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(0),	/* Internal Port, Suggested External 0 */
	A6_ZERO			/* Suggested External Address :: */
};
/* clang-format on */
/* miniupnpd lost the nonce when it renewed: the delete is refused */
/* clang-format off */
static const uint8_t v6_del_not_authorized_resp[] = {
	RESP(2, 2, 0, 4),	/* NOT_AUTHORIZED, lifetime 0, epoch 4 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(0),	/* Internal Port, External Port 0 */
	A6_HOST			/* External Address */
};
/* clang-format on */
/* capture v6-map2: port 8090 */
/* clang-format off */
static const uint8_t v6_map_8090_resp[] = {
	RESP(2, 0, 600, 4),	/* SUCCESS, lifetime 600, epoch 4 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8090), BE16(8090),	/* Internal, Assigned External Port */
	A6_HOST			/* Assigned External Address */
};
/* clang-format on */
/* capture v6-del: a delete of a mapping never renewed (port 8090) */
/* clang-format off */
static const uint8_t v6_del_8090_req[] = {
	REQ(0),			/* MAP, Requested Lifetime 0: delete */
	A6_HOST,		/* PCP Client's IP Address */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8090), BE16(0),	/* Internal Port, Suggested External 0 */
	A6_ZERO			/* Suggested External Address :: */
};
/* clang-format on */

/* clang-format off */
static const uint8_t v6_del_8090_resp[] = {
	RESP(2, 0, 0, 4),	/* SUCCESS, lifetime 0, epoch 4 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8090), BE16(0),	/* Internal Port, External Port 0 */
	A6_HOST			/* External Address */
};
/* clang-format on */
/* capture v6-mismatch: client IP 2001:db8:a:1::99 */
/* clang-format off */
static const uint8_t v6_mismatch_resp[] = {
	RESP(2, 12, 0, 5),	/* ADDRESS_MISMATCH, lifetime 0, epoch 5 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8091), BE16(0),	/* Internal Port, External Port 0 */
	A6_ZERO			/* External Address (copied) */
};
/* clang-format on */
/* capture v6-short: lifetime 30 asked, 120 granted */
/* clang-format off */
static const uint8_t v6_short_resp[] = {
	RESP(2, 0, 120, 5),	/* SUCCESS, lifetime 120, epoch 5 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8092), BE16(8092),	/* Internal, Assigned External Port */
	A6_HOST			/* Assigned External Address */
};
/* clang-format on */
/* capture v6-after-restart: the renewal after the restart, epoch 4
 * (before it: 5): the only sign of the restart on IPv6 */
/* clang-format off */
static const uint8_t v6_after_restart_resp[] = {
	RESP(2, 0, 600, 4),	/* SUCCESS, lifetime 600, epoch 4 */
	NONCE_B,		/* Mapping Nonce */
	6, 0, 0, 0,		/* Protocol TCP, Reserved */
	BE16(8080), BE16(8080),	/* Internal, Assigned External Port */
	A6_HOST			/* Assigned External Address */
};
/* clang-format on */
/* capture unsolicited-announce-v6: to ff02::1:5350, but from the
 * router's link-local address, not from the server address */
/* clang-format off */
static const uint8_t v6_unsolicited_announce[] = {
	0x02, 0x80, 0x00, 0x00,	/* Version 2, R + ANNOUNCE, SUCCESS */
	BE32(0),		/* Lifetime 0 */
	BE32(0),		/* Epoch Time 0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0	/* Reserved */
};
/* clang-format on */

/* Every fixture and the capture line it is. */
static const struct {
	const char *tag; /* "v4-map resp" */
	const uint8_t *data;
	size_t len;
} capture[] = {
#define C(tag, a) \
	{ \
		tag, a, sizeof(a) \
	}
	C("v4-map req", v4_map_req),
	C("v4-map resp", v4_map_resp),
	C("v4-renew req", v4_renew_req),
	C("v4-renew resp", v4_renew_resp),
	C("v4-del-after-renew req", v4_del_req),
	C("v4-del-after-renew resp", v4_del_resp),
	C("v4-map-short resp", v4_map_short_resp),
	C("v4-map-long resp", v4_map_long_resp),
	C("v4-del-unknown resp", v4_no_resources_resp),
	C("v4-del-other-nonce resp", v4_not_authorized_resp),
	C("v4-mismatch resp", v4_mismatch_resp),
	C("v4-version1 resp", v4_version1_resp),
	C("v4-version3 resp", v4_unsupp_version_resp),
	C("v4-udp resp", v4_udp_resp),
	C("v4-proto0 resp", v4_proto0_resp),
	C("v4-after-restart resp", v4_after_restart_resp),
	C("unsolicited-announce-v4 from 192.0.2.1", v4_unsolicited_announce),
	C("v6-map req", v6_map_req),
	C("v6-map resp", v6_map_resp),
	C("v6-renew req", v6_renew_req),
	C("v6-renew resp", v6_renew_resp),
	C("v6-del-after-renew req", v6_del_req),
	C("v6-del-after-renew resp", v6_del_not_authorized_resp),
	C("v6-map2 resp", v6_map_8090_resp),
	C("v6-del req", v6_del_8090_req),
	C("v6-del resp", v6_del_8090_resp),
	C("v6-mismatch resp", v6_mismatch_resp),
	C("v6-short resp", v6_short_resp),
	C("v6-after-restart resp", v6_after_restart_resp),
	C("unsolicited-announce-v6 from fe80::", v6_unsolicited_announce),
#undef C
};

static struct pcpsel_addr
addr(const char *text)
{
	struct pcpsel_addr a;

	ck_assert_int_eq(pcpsel_addr_from_string(&a, text), 0);
	return a;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The fixtures are the recorded bytes, as the capture file has them. */
START_TEST(test_map_fixtures_are_the_capture)
{
	const char *srcdir = getenv("top_srcdir");
	char path[4096], line[1024], *hex;
	uint8_t bytes[600];
	size_t i, n, found = 0, len;
	FILE *f;

	if (srcdir == NULL)
		srcdir = ".";
	snprintf(path, sizeof(path),
	    "%s/tests/captures/miniupnpd-2.3.1-map.txt", srcdir);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		hex = strrchr(line, ' ');
		ck_assert_ptr_nonnull(hex);
		*hex++ = '\0';
		len = strlen(hex) / 2;
		ck_assert_uint_le(len, sizeof(bytes));
		for (n = 0; n < len; n++)
			bytes[n] = (uint8_t)(hexval(hex[2 * n]) * 16 +
			    hexval(hex[2 * n + 1]));
		for (i = 0; i < sizeof(capture) / sizeof(capture[0]); i++) {
			if (strncmp(line, capture[i].tag,
				strlen(capture[i].tag)) != 0)
				continue;
			ck_assert_msg(capture[i].len == len &&
				memcmp(capture[i].data, bytes, len) == 0,
			    "fixture %s differs from the capture",
			    capture[i].tag);
			found++;
		}
	}
	fclose(f);
	ck_assert_uint_eq(found, sizeof(capture) / sizeof(capture[0]));
}
END_TEST

/* ---- the codec --------------------------------------------------------- */

static struct pcpsel_pcp_map
req_of(const char *client, const uint8_t nonce[12], unsigned proto,
    uint16_t iport, uint16_t eport, const char *ext, uint32_t lifetime)
{
	struct pcpsel_pcp_map r;

	memset(&r, 0, sizeof(r));
	r.client = addr(client);
	memcpy(r.nonce, nonce, 12);
	r.protocol = proto;
	r.internal_port = iport;
	r.external_port = eport;
	if (ext != NULL)
		r.external = addr(ext);
	r.lifetime = lifetime;
	return r;
}

/* clang-format off */
static const uint8_t nonce_a[12] = { NONCE_A };
static const uint8_t nonce_b[12] = { NONCE_B };

/* The requests of the capture, built by pcpsel_pcp_map_request. */
START_TEST(test_map_request_bytes_are_the_capture)
{
	struct pcpsel_pcp_map r;
	uint8_t buf[80];

	r = req_of("192.0.2.10", nonce_a, 6, 8080, 8080, NULL, 600);
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, sizeof(buf), &r), 60);
	ck_assert_mem_eq(buf, v4_map_req, 60);
	r = req_of("192.0.2.10", nonce_a, 6, 8080, 8080, "192.0.3.1", 600);
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, sizeof(buf), &r), 60);
	ck_assert_mem_eq(buf, v4_renew_req, 60);
	/* §15.1: a delete sends zeros whatever was suggested */
	r = req_of("192.0.2.10", nonce_a, 6, 8080, 8080, "192.0.3.1", 0);
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, sizeof(buf), &r), 60);
	ck_assert_mem_eq(buf, v4_del_req, 60);
	r = req_of("2001:db8:a:1::100", nonce_b, 6, 8080, 0, NULL, 600);
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, sizeof(buf), &r), 60);
	ck_assert_mem_eq(buf, v6_map_req, 60);
	r = req_of("2001:db8:a:1::100", nonce_b, 6, 8080, 8080,
	    "2001:db8:a:1::100", 600);
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, sizeof(buf), &r), 60);
	ck_assert_mem_eq(buf, v6_renew_req, 60);
	/* erratum 3621: the IPv6 all-zeros address in an IPv6 delete */
	r = req_of("2001:db8:a:1::100", nonce_b, 6, 8080, 8080,
	    "2001:db8:a:1::100", 0);
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, sizeof(buf), &r), 60);
	ck_assert_mem_eq(buf, v6_del_req, 60);
}
END_TEST

START_TEST(test_map_request_rejects)
{
	struct pcpsel_pcp_map r;
	uint8_t buf[59], zero[59];

	memset(buf, 0, sizeof(buf));
	memset(zero, 0, sizeof(zero));
	r = req_of("192.0.2.10", nonce_a, 6, 8080, 0, NULL, 600);
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, sizeof(buf), &r),
	    -ENOBUFS);
	ck_assert_mem_eq(buf, zero, sizeof(buf));
	r.protocol = 256;
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, 60, &r), -EINVAL);
	/* §11.1: protocol 0 means all protocols, its port MUST be 0 */
	r.protocol = 0;
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, 60, &r), -EINVAL);
	ck_assert_int_eq(pcpsel_pcp_map_request(NULL, 60, &r), -EINVAL);
	ck_assert_int_eq(pcpsel_pcp_map_request(buf, 60, NULL), -EINVAL);
}
END_TEST

START_TEST(test_map_parse_nat44_and_pinhole)
{
	struct pcpsel_pcp_map m;
	struct pcpsel_addr ext4 = addr("192.0.3.1");
	struct pcpsel_addr host = addr("2001:db8:a:1::100");

	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_map_resp,
	    sizeof(v4_map_resp), &m), 0);
	ck_assert_uint_eq(m.lifetime, 600);
	ck_assert_mem_eq(m.nonce, nonce_a, 12);
	ck_assert_uint_eq(m.protocol, 6);
	ck_assert_uint_eq(m.internal_port, 8080);
	ck_assert_uint_eq(m.external_port, 8080);
	ck_assert_mem_eq(m.external.bytes, ext4.bytes, 16);
	/* the pinhole's external address is the host's own (§11.1: a
	 * firewall) */
	ck_assert_int_eq(pcpsel_pcp_map_parse(v6_map_resp,
	    sizeof(v6_map_resp), &m), 0);
	ck_assert_mem_eq(m.external.bytes, host.bytes, 16);
	ck_assert_uint_eq(m.external_port, 8080);
	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_map_long_resp,
	    sizeof(v4_map_long_resp), &m), 0);
	ck_assert_uint_eq(m.lifetime, 86400);
	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_udp_resp,
	    sizeof(v4_udp_resp), &m), 0);
	ck_assert_uint_eq(m.protocol, 17);
	ck_assert_uint_eq(m.external_port, 5000);
	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_no_resources_resp,
	    sizeof(v4_no_resources_resp), &m), 0);
	ck_assert_uint_eq(m.lifetime, 30);
}
END_TEST

START_TEST(test_map_parse_drops)
{
	struct pcpsel_pcp_response hdr;
	struct pcpsel_pcp_map m;
	uint8_t buf[64];

	memset(&m, 0x55, sizeof(m));
	/* a request is no response (§8.3 step 3) */
	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_map_req,
	    sizeof(v4_map_req), &m), -EBADMSG);
	/* a version-1 answer: §7.2 Version MUST be 2 */
	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_version1_resp,
	    sizeof(v4_version1_resp), &m), -EBADMSG);
	/* UNSUPP_VERSION is read by pcpsel_pcp_parse (§9) */
	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_unsupp_version_resp,
	    sizeof(v4_unsupp_version_resp), &m), -EBADMSG);
	ck_assert_int_eq(pcpsel_pcp_parse(v4_unsupp_version_resp,
	    sizeof(v4_unsupp_version_resp), 0, &hdr), 0);
	ck_assert_uint_eq(hdr.result, PCPSEL_PCP_UNSUPP_VERSION);
	ck_assert_uint_eq(hdr.version, 2);
	/* cut to 56 octets: MAP data incomplete */
	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_map_resp, 56, &m),
	    -EBADMSG);
	/* an ANNOUNCE answer has no MAP data */
	ck_assert_int_eq(pcpsel_pcp_map_parse(v4_unsolicited_announce,
	    sizeof(v4_unsolicited_announce), &m), -EBADMSG);
	ck_assert_uint_eq(m.lifetime, 0x55555555u);
	/* an option after the MAP data is ignored (§7.3) */
	memcpy(buf, v4_map_resp, 60);
	buf[60] = 0x80;	/* optional option 128 */
	buf[61] = 0;
	buf[62] = 0;
	buf[63] = 0;
	ck_assert_int_eq(pcpsel_pcp_map_parse(buf, 64, &m), 0);
	ck_assert_uint_eq(m.external_port, 8080);
	ck_assert_int_eq(pcpsel_pcp_map_parse(NULL, 60, &m), -EINVAL);
}
END_TEST

static const struct {
	int result;
	int action;
} actions[] = {
	{ PCPSEL_PCP_SUCCESS, PCPSEL_PCP_ACTION_OK },
	{ PCPSEL_PCP_UNSUPP_VERSION, PCPSEL_PCP_ACTION_VERSION },
	{ PCPSEL_PCP_NOT_AUTHORIZED, PCPSEL_PCP_ACTION_REFUSED },
	{ PCPSEL_PCP_MALFORMED_REQUEST, PCPSEL_PCP_ACTION_REFUSED },
	{ PCPSEL_PCP_UNSUPP_OPCODE, PCPSEL_PCP_ACTION_REFUSED },
	{ PCPSEL_PCP_UNSUPP_OPTION, PCPSEL_PCP_ACTION_REFUSED },
	{ PCPSEL_PCP_MALFORMED_OPTION, PCPSEL_PCP_ACTION_REFUSED },
	{ PCPSEL_PCP_NETWORK_FAILURE, PCPSEL_PCP_ACTION_RETRY },
	{ PCPSEL_PCP_NO_RESOURCES, PCPSEL_PCP_ACTION_RETRY },
	{ PCPSEL_PCP_UNSUPP_PROTOCOL, PCPSEL_PCP_ACTION_REFUSED },
	{ PCPSEL_PCP_USER_EX_QUOTA, PCPSEL_PCP_ACTION_RETRY },
	{ PCPSEL_PCP_CANNOT_PROVIDE_EXTERNAL, PCPSEL_PCP_ACTION_RETRY },
	{ PCPSEL_PCP_ADDRESS_MISMATCH, PCPSEL_PCP_ACTION_NEXT_ADDRESS },
	{ PCPSEL_PCP_EXCESSIVE_REMOTE_PEERS, PCPSEL_PCP_ACTION_REFUSED },
	{ 14, PCPSEL_PCP_ACTION_REFUSED },	/* unknown */
	{ 255, PCPSEL_PCP_ACTION_REFUSED },
};
/* clang-format on */

START_TEST(test_map_result_actions)
{
	ck_assert_int_eq(pcpsel_pcp_result_action(actions[_i].result),
	    actions[_i].action);
}
END_TEST

/* ---- the MAP client in simulated time ---------------------------------- */

#define MAX_EV 64

struct rig {
	struct pcpsel_map *m;
	struct pcpsel_map_event ev[MAX_EV];
	struct pcpsel_addr first[MAX_EV]; /* ev's server_addrs[0]: the
						 * array is borrowed */
	size_t nev;
	uint32_t script[3]; /* the first draws: the engine's nonce */
	size_t pos;
	uint32_t dflt; /* every later draw */
};

/* The random source: the scripted draws, then 100 for ever (RAND 0,
 * renewal 100 ms after the half lifetime, §14.1.3 wait 100 ms). */
static uint32_t
rig_random(void *arg)
{
	struct rig *r = arg;

	if (r->pos < 3)
		return r->script[r->pos++];
	return r->dflt;
}

static void
rig_event(void *arg, const struct pcpsel_map_event *ev)
{
	struct rig *r = arg;

	ck_assert_uint_lt(r->nev, MAX_EV);
	memset(&r->first[r->nev], 0, sizeof(r->first[r->nev]));
	if (ev->server_naddrs > 0)
		r->first[r->nev] = ev->server_addrs[0];
	r->ev[r->nev++] = *ev;
}

static void
rig_init(struct rig *r, int family, uint16_t port, uint16_t eport,
    uint32_t lifetime, const uint8_t nonce[12])
{
	struct pcpsel_map_config cfg;
	size_t k;

	memset(r, 0, sizeof(*r));
	for (k = 0; k < 3; k++)
		r->script[k] = (uint32_t)nonce[4 * k] << 24 |
		    (uint32_t)nonce[4 * k + 1] << 16 |
		    (uint32_t)nonce[4 * k + 2] << 8 | nonce[4 * k + 3];
	r->dflt = 100;
	memset(&cfg, 0, sizeof(cfg));
	cfg.ifname = "up0";
	cfg.family = family;
	cfg.protocol = PCPSEL_PROTO_TCP;
	cfg.internal_port = port;
	cfg.external_port = eport;
	cfg.lifetime = lifetime;
	cfg.engine.random = rig_random;
	cfg.engine.random_arg = r;
	cfg.event = rig_event;
	cfg.event_arg = r;
	ck_assert_int_eq(pcpsel_map_new(&cfg, &r->m), 0);
}

struct src_spec {
	const char *addr;
	unsigned plen;
	unsigned flags;
};

/* servers: NULL-separated groups of addresses, ended by two NULLs */
static void
rig_set(struct rig *r, const char *const *servers, const struct src_spec *srcs,
    size_t nsrcs, uint64_t now)
{
	struct pcpsel_list *l = pcpsel_list_new();
	struct pcpsel_source s[8];
	struct pcpsel_addr a[8];
	size_t n = 0, i;

	ck_assert_ptr_nonnull(l);
	for (;; servers++) {
		if (*servers == NULL) {
			if (n == 0)
				break;
			ck_assert_int_eq(pcpsel_list_add_server(l,
					     PCPSEL_ORIGIN_DHCPV4, a, n),
			    0);
			n = 0;
			continue;
		}
		a[n++] = addr(*servers);
	}
	for (i = 0; i < nsrcs; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].addr = addr(srcs[i].addr);
		s[i].prefixlen = srcs[i].plen;
		s[i].flags = srcs[i].flags;
	}
	ck_assert_int_eq(pcpsel_map_set_servers(r->m, l, s, nsrcs, now), 0);
	pcpsel_list_free(l);
}

/* The next datagram due at @now: it must go from @from to @to. */
static void
expect_send(struct rig *r, uint64_t now, const char *from, const char *to,
    struct pcpsel_map_send *snd)
{
	struct pcpsel_addr f = addr(from), t = addr(to);

	ck_assert_int_eq(pcpsel_map_poll(r->m, now, snd), 1);
	ck_assert_mem_eq(snd->src.bytes, f.bytes, 16);
	ck_assert_mem_eq(snd->dst.bytes, t.bytes, 16);
	ck_assert_uint_eq(snd->len, 60);
}

static void
expect_quiet(struct rig *r, uint64_t now)
{
	struct pcpsel_map_send snd;

	ck_assert_int_eq(pcpsel_map_poll(r->m, now, &snd), 0);
}

static int
rig_input(struct rig *r, uint64_t now, const char *from, const char *local,
    const uint8_t *data, size_t len)
{
	struct pcpsel_addr f = addr(from), l;

	if (local != NULL)
		l = addr(local);
	return pcpsel_map_input(r->m, now, &f, PCPSEL_PCP_PORT,
	    local != NULL ? &l : NULL, data, len);
}

static const struct pcpsel_map_event *
last_ev(struct rig *r, int type)
{
	ck_assert_uint_gt(r->nev, 0);
	ck_assert_msg(r->ev[r->nev - 1].type == type, "event %s, not %s",
	    pcpsel_map_event_str(r->ev[r->nev - 1].type),
	    pcpsel_map_event_str(type));
	return &r->ev[r->nev - 1];
}

static void
assert_addr(const struct pcpsel_addr *a, const char *text)
{
	struct pcpsel_addr b = addr(text);

	ck_assert_mem_eq(a->bytes, b.bytes, 16);
}

/* clang-format off */
static const char *const v4_server[] = { "192.0.2.1", NULL, NULL };
static const struct src_spec v4_host[] = { { "192.0.2.10", 24, 0 } };
static const char *const v6_server[] = { "2001:db8:a:1::1", NULL, NULL };
static const struct src_spec v6_host[] = {
	{ "fe80::10", 64, 0 },				/* never (P-MAP-1) */
	{ "2001:db8:a:1::abcd", 64, PCPSEL_SRC_TEMPORARY },	/* never */
	{ "2001:db8:a:1::100", 64, 0 },
};
/* clang-format on */

/* NAT44: created, renewed between 1/2 and 5/8 of the lifetime with the
 * assigned address suggested, deleted on stop: the capture's exchange. */
START_TEST(test_map_v4_create_renew_delete)
{
	struct pcpsel_map_send snd;
	uint8_t resp[60];
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_mem_eq(snd.data, v4_map_req, 60);
	expect_quiet(&r, 0);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 3000); /* IRT */
	ck_assert_int_eq(rig_input(&r, 4, "192.0.2.1", "192.0.2.10",
			     v4_map_resp, sizeof(v4_map_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_GRANTED);
	ck_assert_str_eq(ev->ifname, "up0");
	ck_assert_int_eq(ev->family, PCPSEL_MAPPING_V4);
	assert_addr(&ev->server_addr, "192.0.2.1");
	assert_addr(&ev->internal, "192.0.2.10");
	assert_addr(&ev->external, "192.0.3.1");
	ck_assert_uint_eq(ev->external_port, 8080);
	ck_assert_uint_eq(ev->lifetime, 600);
	ck_assert_int_eq(ev->result, 0);
	ck_assert_uint_eq(ev->epoch, 3);
	ck_assert_uint_eq(ev->expires_ms, 4 + 600000);
	/* §11.2.1: 1/2 + (100 % (600000 / 8 + 1)) ms */
	ck_assert_uint_eq(ev->next_ms, 4 + 300000 + 100);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 300104);
	expect_quiet(&r, 300103);
	expect_send(&r, 300104, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_mem_eq(snd.data, v4_renew_req, 60);
	/* the capture's answer, with the epoch 300 s later (§8.5: the same
	 * epoch would mean a restart, see the next tests) */
	memcpy(resp, v4_renew_resp, sizeof(resp));
	resp[10] = 0x01; /* epoch 3 + 300 = 0x12f */
	resp[11] = 0x2f;
	ck_assert_int_eq(rig_input(&r, 300110, "192.0.2.1", "192.0.2.10", resp,
			     sizeof(resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_RENEWED);
	ck_assert_uint_eq(ev->expires_ms, 300110 + 600000);
	/* stop: one delete to the address in use */
	ck_assert_int_eq(pcpsel_map_stop(r.m, 400000), 1);
	ck_assert_int_eq(pcpsel_map_stopped(r.m), 0);
	expect_send(&r, 400000, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_mem_eq(snd.data, v4_del_req, 60);
	ck_assert_int_eq(rig_input(&r, 400003, "192.0.2.1", "192.0.2.10",
			     v4_del_resp, sizeof(v4_del_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_DELETED);
	ck_assert_uint_eq(ev->expires_ms, 0);
	ck_assert_int_eq(pcpsel_map_stopped(r.m), 1);
	expect_quiet(&r, 500000);
	ck_assert_uint_eq(r.nev, 3);
	pcpsel_map_free(r.m);
}
END_TEST

/* IPv6 pinhole: sent from the public global address (never link-local,
 * never temporary, P-MAP-1), which is also the client IP and comes back as
 * the external address; after a renewal miniupnpd refuses the delete
 * (NOT_AUTHORIZED): reported, with the expiry of the pinhole. */
START_TEST(test_map_v6_pinhole_delete_refused)
{
	struct pcpsel_map_send snd;
	uint8_t resp[60];
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, v6_server, v6_host, 3, 1000);
	expect_send(&r, 1000, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	ck_assert_mem_eq(snd.data, v6_map_req, 60);
	ck_assert_int_eq(rig_input(&r, 1002, "2001:db8:a:1::1",
			     "2001:db8:a:1::100", v6_map_resp,
			     sizeof(v6_map_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_GRANTED);
	assert_addr(&ev->external, "2001:db8:a:1::100");
	assert_addr(&ev->internal, "2001:db8:a:1::100");
	ck_assert_int_eq(ev->family, PCPSEL_MAPPING_V6);
	expect_send(&r, ev->next_ms, "2001:db8:a:1::100", "2001:db8:a:1::1",
	    &snd);
	ck_assert_mem_eq(snd.data, v6_renew_req, 60);
	memcpy(resp, v6_renew_resp, sizeof(resp));
	resp[10] = 0x01; /* the epoch 301 s later: 4 + 301 */
	resp[11] = 0x31;
	ck_assert_int_eq(rig_input(&r, 302000, "2001:db8:a:1::1",
			     "2001:db8:a:1::100", resp, sizeof(resp)),
	    0);
	last_ev(&r, PCPSEL_MAP_RENEWED);
	ck_assert_uint_eq(r.nev, 2);
	ck_assert_int_eq(pcpsel_map_stop(r.m, 310000), 1);
	expect_send(&r, 310000, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	ck_assert_mem_eq(snd.data, v6_del_req, 60);
	ck_assert_int_eq(rig_input(&r, 310001, "2001:db8:a:1::1",
			     "2001:db8:a:1::100", v6_del_not_authorized_resp,
			     sizeof(v6_del_not_authorized_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_DELETE_FAILED);
	ck_assert_int_eq(ev->result, PCPSEL_PCP_NOT_AUTHORIZED);
	ck_assert_uint_eq(ev->expires_ms, 302000 + 600000);
	ck_assert_int_eq(pcpsel_map_stopped(r.m), 1);
	pcpsel_map_free(r.m);
}
END_TEST

/* A lifetime below the server's minimum comes back clamped (120 for 30):
 * reported as granted with both values, renewed at 1/2 of what was
 * granted; an absurd one is renewed as if 24 h (§15). */
START_TEST(test_map_lifetime_clamped)
{
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8081, 0, 30, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL, v4_map_short_resp,
			     sizeof(v4_map_short_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_GRANTED);
	ck_assert_uint_eq(ev->lifetime, 120);
	ck_assert_uint_eq(ev->requested_lifetime, 30);
	ck_assert_uint_eq(ev->next_ms, 1 + 60000 + 100);
	pcpsel_map_free(r.m);

	rig_init(&r, PCPSEL_MAPPING_V4, 8082, 0, 999999, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL, v4_map_long_resp,
			     sizeof(v4_map_long_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_GRANTED);
	ck_assert_uint_eq(ev->lifetime, 86400);
	ck_assert_uint_eq(ev->requested_lifetime, 999999);
	ck_assert_uint_eq(ev->next_ms, 1 + 43200000 + 100);
	pcpsel_map_free(r.m);
}
END_TEST

/* §11.2.1: the renewal falls uniformly between 1/2 and 5/8 of the
 * granted lifetime: both ends reached, nothing outside. */
static const struct {
	uint32_t draw;
	uint64_t renew_at; /* ms after the answer */
} window[] = {
	{ 0, 300000 }, /* 1/2 */
	{ 75000, 375000 }, /* 5/8 */
	{ 75001, 300000 }, /* wraps: never past 5/8 */
	{ 37500, 337500 },
};

START_TEST(test_map_renewal_window)
{
	struct pcpsel_map_send snd;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	ck_assert_int_eq(pcpsel_map_poll(r.m, 0, &snd), 1);
	r.dflt = window[_i].draw;
	ck_assert_int_eq(rig_input(&r, 10, "192.0.2.1", NULL, v4_map_resp,
			     sizeof(v4_map_resp)),
	    0);
	ck_assert_uint_eq(last_ev(&r, PCPSEL_MAP_GRANTED)->next_ms,
	    10 + window[_i].renew_at);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 10 + window[_i].renew_at);
	pcpsel_map_free(r.m);
}
END_TEST

/* The capture's restart: the renewal after miniupnpd restarted answers
 * epoch 4 where the client expected about 3 + 300: §8.5 says the server
 * lost state; the renewal itself re-created the mapping. */
START_TEST(test_map_restart_seen_in_the_next_answer)
{
	struct pcpsel_map_send snd;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	rig_input(&r, 4, "192.0.2.1", "192.0.2.10", v4_map_resp,
	    sizeof(v4_map_resp));
	expect_send(&r, 300104, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(rig_input(&r, 300105, "192.0.2.1", "192.0.2.10",
			     v4_after_restart_resp,
			     sizeof(v4_after_restart_resp)),
	    0);
	ck_assert_uint_eq(r.nev, 3);
	ck_assert_int_eq(r.ev[1].type, PCPSEL_MAP_RESTARTED);
	ck_assert_uint_eq(r.ev[1].epoch, 4);
	ck_assert_int_eq(r.ev[2].type, PCPSEL_MAP_RENEWED);
	/* nothing more to re-create: the next send is the next renewal */
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 300105 + 300100);
	pcpsel_map_free(r.m);

	/* the same over IPv6 (its ANNOUNCE never reaches the host) */
	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, v6_server, v6_host, 3, 0);
	expect_send(&r, 0, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	ck_assert_int_eq(rig_input(&r, 5000, "2001:db8:a:1::1", NULL,
			     v6_map_resp, sizeof(v6_map_resp)),
	    0);
	expect_send(&r, 305100, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	ck_assert_int_eq(rig_input(&r, 305101, "2001:db8:a:1::1", NULL,
			     v6_after_restart_resp,
			     sizeof(v6_after_restart_resp)),
	    0);
	ck_assert_int_eq(r.ev[r.nev - 2].type, PCPSEL_MAP_RESTARTED);
	last_ev(&r, PCPSEL_MAP_RENEWED);
	pcpsel_map_free(r.m);
}
END_TEST

/* §14.1.3: the unsolicited ANNOUNCE of a restart (epoch 0) from the
 * server's address: re-create after a random 0-5 s; the IPv6 one comes from
 * a link-local address that is no server address: dropped (§8.3). */
START_TEST(test_map_unsolicited_announce)
{
	struct pcpsel_map_send snd;
	struct pcpsel_addr ll = addr("fe80::48c7:cfff:fe55:5fdf");
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	rig_input(&r, 4, "192.0.2.1", "192.0.2.10", v4_map_resp,
	    sizeof(v4_map_resp));
	/* the datagram arrives on the 5350 socket: local 224.0.0.1 */
	ck_assert_int_eq(rig_input(&r, 60000, "192.0.2.1", "224.0.0.1",
			     v4_unsolicited_announce,
			     sizeof(v4_unsolicited_announce)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_RESTARTED);
	ck_assert_uint_eq(ev->epoch, 0);
	ck_assert_uint_eq(ev->next_ms, 60100);
	expect_quiet(&r, 60099);
	expect_send(&r, 60100, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_mem_eq(snd.data, v4_renew_req, 60);
	/* the capture's answer 4 s after the restart: epoch 4 after 0 is
	 * plausible: renewed, no second restart */
	ck_assert_int_eq(rig_input(&r, 64000, "192.0.2.1", "192.0.2.10",
			     v4_after_restart_resp,
			     sizeof(v4_after_restart_resp)),
	    0);
	ck_assert_uint_eq(r.nev, 3);
	last_ev(&r, PCPSEL_MAP_RENEWED);
	pcpsel_map_free(r.m);

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, v6_server, v6_host, 3, 0);
	expect_send(&r, 0, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	rig_input(&r, 4, "2001:db8:a:1::1", NULL, v6_map_resp,
	    sizeof(v6_map_resp));
	ck_assert_int_eq(pcpsel_map_input(r.m, 60000, &ll, PCPSEL_PCP_PORT,
			     NULL, v6_unsolicited_announce,
			     sizeof(v6_unsolicited_announce)),
	    -ENOENT);
	last_ev(&r, PCPSEL_MAP_GRANTED);
	pcpsel_map_free(r.m);
}
END_TEST

/* §7.4: a short-lifetime error (NO_RESOURCES, 30 s) is retried after its
 * lifetime, to the same address. */
START_TEST(test_map_no_resources_retried_after_lifetime)
{
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8083, 0, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(rig_input(&r, 2, "192.0.2.1", NULL,
			     v4_no_resources_resp,
			     sizeof(v4_no_resources_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_REFUSED);
	ck_assert_int_eq(ev->result, PCPSEL_PCP_NO_RESOURCES);
	ck_assert_uint_eq(ev->lifetime, 30);
	ck_assert_uint_eq(ev->next_ms, 30002);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 30002);
	expect_quiet(&r, 30001);
	expect_send(&r, 30002, "192.0.2.10", "192.0.2.1", &snd);
	pcpsel_map_free(r.m);
}
END_TEST

/* §8.3 step 9: a long error with lifetime 0 (NOT_AUTHORIZED) is not
 * repeated at once: 30 s at least; MALFORMED_REQUEST likewise. */
START_TEST(test_map_not_authorized_held_off)
{
	struct pcpsel_map_send snd;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8081, 0, 600, nonce_b);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL,
			     v4_not_authorized_resp,
			     sizeof(v4_not_authorized_resp)),
	    0);
	ck_assert_int_eq(last_ev(&r, PCPSEL_MAP_REFUSED)->result,
	    PCPSEL_PCP_NOT_AUTHORIZED);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 30001);
	pcpsel_map_free(r.m);
}
END_TEST

/* §9: UNSUPP_VERSION (the server speaks version 2 too, but answered so):
 * no common version; retried after min(30 min, lifetime), 30 s at least. */
START_TEST(test_map_unsupp_version)
{
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8085, 0, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL,
			     v4_unsupp_version_resp,
			     sizeof(v4_unsupp_version_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_REFUSED);
	ck_assert_int_eq(ev->result, PCPSEL_PCP_UNSUPP_VERSION);
	ck_assert_uint_eq(ev->version, 2);
	ck_assert_uint_eq(ev->next_ms, 30001);
	pcpsel_map_free(r.m);
}
END_TEST

/* ADDRESS_MISMATCH: a NAT on the path to the first address: the next
 * address at once (the capture's answer to a wrong client IP). */
START_TEST(test_map_address_mismatch_next_address)
{
	static const char *const two[] = { "192.0.2.1", "192.0.2.2", NULL,
		NULL };
	struct pcpsel_map_send snd;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8084, 0, 600, nonce_a);
	rig_set(&r, two, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(rig_input(&r, 3, "192.0.2.1", NULL, v4_mismatch_resp,
			     sizeof(v4_mismatch_resp)),
	    0);
	ck_assert_int_eq(last_ev(&r, PCPSEL_MAP_REFUSED)->result,
	    PCPSEL_PCP_ADDRESS_MISMATCH);
	expect_send(&r, 3, "192.0.2.10", "192.0.2.2", &snd);
	/* a late answer of the abandoned address is dropped (SEL-10) */
	ck_assert_int_eq(rig_input(&r, 4, "192.0.2.1", NULL, v4_mismatch_resp,
			     sizeof(v4_mismatch_resp)),
	    -ENOENT);
	/* the second one answers so too: the walk ends, and says why */
	ck_assert_int_eq(rig_input(&r, 5, "192.0.2.2", NULL, v4_mismatch_resp,
			     sizeof(v4_mismatch_resp)),
	    0);
	expect_quiet(&r, 5);
	ck_assert_int_eq(last_ev(&r, PCPSEL_MAP_NO_RESPONSE)->result,
	    PCPSEL_PCP_ADDRESS_MISMATCH);
	pcpsel_map_free(r.m);
}
END_TEST

/* No answer at all: four transmissions (RFC 7488 §3, T-1 nominal), then
 * NO_RESPONSE with the 15-minute restart. */
START_TEST(test_map_no_response)
{
	static const uint64_t at[] = { 0, 3000, 9000, 21000 };
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	struct rig r;
	size_t k;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 0, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	for (k = 0; k < 4; k++) {
		ck_assert_uint_eq(pcpsel_map_wakeup(r.m), at[k]);
		expect_send(&r, at[k], "192.0.2.10", "192.0.2.1", &snd);
		ck_assert_mem_eq(snd.data, v4_map_req + 0, 8);
	}
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 45000);
	expect_quiet(&r, 45000);
	ev = last_ev(&r, PCPSEL_MAP_NO_RESPONSE);
	ck_assert_int_eq(ev->result, -1);
	ck_assert_uint_eq(ev->next_ms, 45000 + 900000);
	ck_assert_uint_eq(r.nev, 1);
	pcpsel_map_free(r.m);
}
END_TEST

/* A hard ICMP error (SEL-11, P-SEL-3): the next address at once. */
START_TEST(test_map_hard_error_next_address)
{
	static const char *const two[] = { "192.0.2.1", "192.0.2.2", NULL,
		NULL };
	struct pcpsel_map_send snd;
	struct pcpsel_addr a1 = addr("192.0.2.1");
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 0, 600, nonce_a);
	rig_set(&r, two, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(pcpsel_map_unreachable(r.m, 10, &a1), 0);
	expect_send(&r, 10, "192.0.2.10", "192.0.2.2", &snd);
	ck_assert_int_eq(pcpsel_map_unreachable(r.m, 11, &a1), -ENOENT);
	pcpsel_map_free(r.m);
}
END_TEST

/* §8.3, §11.4: what is not an answer is dropped, the state untouched. */
START_TEST(test_map_drops_what_does_not_match)
{
	struct pcpsel_map_send snd;
	struct pcpsel_addr srv = addr("192.0.2.1");
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 0, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	/* not from port 5351 */
	ck_assert_int_eq(pcpsel_map_input(r.m, 1, &srv, 5350, NULL,
			     v4_map_resp, sizeof(v4_map_resp)),
	    -ENOENT);
	/* not from the server */
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.2", NULL, v4_map_resp,
			     sizeof(v4_map_resp)),
	    -ENOENT);
	/* another mapping: port 8081, and another nonce */
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL, v4_map_short_resp,
			     sizeof(v4_map_short_resp)),
	    -EBADMSG);
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL,
			     v4_not_authorized_resp,
			     sizeof(v4_not_authorized_resp)),
	    -EBADMSG);
	/* another protocol */
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL, v4_udp_resp,
			     sizeof(v4_udp_resp)),
	    -EBADMSG);
	/* another internal address (the response's destination) */
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", "192.0.2.11",
			     v4_map_resp, sizeof(v4_map_resp)),
	    -EBADMSG);
	/* a version-1 answer, a cut one, our own request */
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL, v4_version1_resp,
			     sizeof(v4_version1_resp)),
	    -EBADMSG);
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL, v4_map_resp, 40),
	    -EBADMSG);
	ck_assert_int_eq(rig_input(&r, 1, "192.0.2.1", NULL, v4_map_req,
			     sizeof(v4_map_req)),
	    -EBADMSG);
	ck_assert_uint_eq(r.nev, 0);
	/* the retransmission is still due */
	expect_send(&r, 3000, "192.0.2.10", "192.0.2.1", &snd);
	pcpsel_map_free(r.m);
}
END_TEST

/* P-MAP-1: one link, two routers (ISP A and ISP B), each with its prefix
 * and PCP server: each server gets the host's address in its own prefix;
 * a server whose prefix the host lacks gets none (never the other ISP's
 * address). */
START_TEST(test_map_source_per_isp)
{
	static const char *const two[] = { "2001:db8:a:1::1", NULL,
		"2001:db8:b:1::1", NULL, NULL };
	static const struct src_spec both[] = {
		{ "fe80::10", 64, 0 },
		{ "2001:db8:b:1::100", 64, 0 },
		{ "2001:db8:a:1::100", 64, 0 },
		{ "2001:db8:a:1::beef", 64, PCPSEL_SRC_TEMPORARY },
	};
	static const struct src_spec only_b[] = {
		{ "fe80::10", 64, 0 },
		{ "2001:db8:b:1::100", 64, 0 },
	};
	struct pcpsel_map_send snd, snd2;
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, two, both, 4, 0);
	ck_assert_int_eq(pcpsel_map_poll(r.m, 0, &snd), 1);
	ck_assert_int_eq(pcpsel_map_poll(r.m, 0, &snd2), 1);
	assert_addr(&snd.dst, "2001:db8:a:1::1");
	assert_addr(&snd.src, "2001:db8:a:1::100");
	assert_addr(&snd2.dst, "2001:db8:b:1::1");
	assert_addr(&snd2.src, "2001:db8:b:1::100");
	/* the client IP field is the source (ADDRESS_MISMATCH otherwise) */
	ck_assert_mem_eq(&snd2.data[8], snd2.src.bytes, 16);
	ck_assert_uint_eq(pcpsel_map_count(r.m), 2);
	pcpsel_map_free(r.m);

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, two, only_b, 2, 0);
	ev = last_ev(&r, PCPSEL_MAP_NO_SOURCE);
	ck_assert_uint_eq(ev->server, 0);
	expect_send(&r, 0, "2001:db8:b:1::100", "2001:db8:b:1::1", &snd);
	expect_quiet(&r, 0);
	pcpsel_map_free(r.m);
}
END_TEST

/* P-MAP-1: link-local or temporary only: no source; an IPv4-only server
 * has no IPv6 entry at all; ULA only when no global address exists. */
START_TEST(test_map_source_candidates)
{
	static const struct src_spec ll[] = {
		{ "fe80::10", 64, 0 },
		{ "2001:db8:a:1::beef", 64, PCPSEL_SRC_TEMPORARY },
	};
	static const struct src_spec ula_gua[] = {
		{ "fd00:a:1::100", 64, 0 },
		{ "2001:db8:c::100", 64, 0 },
	};
	static const char *const ula_server[] = { "fd00:a:1::1", NULL, NULL };
	static const struct src_spec ula[] = { { "fd00:a:1::100", 64, 0 } };
	struct pcpsel_map_send snd;
	struct pcpsel_map_event st;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, v6_server, ll, 2, 0);
	last_ev(&r, PCPSEL_MAP_NO_SOURCE);
	expect_quiet(&r, 0);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), UINT64_MAX);
	ck_assert_int_eq(pcpsel_map_status(r.m, 0, &st), 0);
	ck_assert_int_eq(st.type, PCPSEL_MAP_NO_SOURCE);
	/* the same again: nothing new is reported */
	rig_set(&r, v6_server, ll, 2, 1);
	ck_assert_uint_eq(r.nev, 1);
	pcpsel_map_free(r.m);

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, v4_server, v6_host, 3, 0);
	ck_assert_uint_eq(pcpsel_map_count(r.m), 0);
	ck_assert_uint_eq(r.nev, 0);
	pcpsel_map_free(r.m);

	/* RFC 6887 §8.4: not the ULA while a global address exists */
	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, ula_server, ula_gua, 2, 0);
	expect_send(&r, 0, "2001:db8:c::100", "fd00:a:1::1", &snd);
	pcpsel_map_free(r.m);
	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, ula_server, ula, 1, 0);
	expect_send(&r, 0, "fd00:a:1::100", "fd00:a:1::1", &snd);
	pcpsel_map_free(r.m);
}
END_TEST

/* §11.5, P-CHG-4: the prefix changes (the old address deprecated, a new
 * one added): the old pinhole is deleted from the old address, then the
 * new one requested from the new address, same nonce. */
START_TEST(test_map_renumbering_moves_the_pinhole)
{
	static const char *const srv[] = { "2001:db8:a:1::1", NULL, NULL };
	static const struct src_spec before[] = {
		{ "2001:db8:a:1::100", 64, 0 },
	};
	static const struct src_spec during[] = {
		{ "2001:db8:a:1::100", 64, PCPSEL_SRC_DEPRECATED },
		{ "2001:db8:a:1::200", 64, 0 },
	};
	static const struct src_spec after[] = {
		{ "2001:db8:a:1::300", 64, 0 },
	};
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V6, 8090, 0, 600, nonce_b);
	rig_set(&r, srv, before, 1, 0);
	expect_send(&r, 0, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	ck_assert_int_eq(rig_input(&r, 1, "2001:db8:a:1::1",
			     "2001:db8:a:1::100", v6_map_8090_resp,
			     sizeof(v6_map_8090_resp)),
	    0);
	last_ev(&r, PCPSEL_MAP_GRANTED);
	rig_set(&r, srv, during, 2, 1000);
	/* the delete from the old address, the capture's v6-del bytes */
	expect_send(&r, 1000, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	ck_assert_mem_eq(snd.data, v6_del_8090_req, 60);
	ck_assert_int_eq(rig_input(&r, 1002, "2001:db8:a:1::1",
			     "2001:db8:a:1::100", v6_del_8090_resp,
			     sizeof(v6_del_8090_resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_DELETED);
	assert_addr(&ev->internal, "2001:db8:a:1::100");
	expect_send(&r, 1002, "2001:db8:a:1::200", "2001:db8:a:1::1", &snd);
	ck_assert_mem_eq(snd.data + 24, nonce_b, 12); /* same server */
	ck_assert_mem_eq(&snd.data[8], snd.src.bytes, 16);

	/* the new address gone before it was granted, a third one instead:
	 * nothing to delete; the exchange goes on from the third */
	rig_set(&r, srv, after, 1, 2000);
	expect_quiet(&r, 2000);
	expect_send(&r, 4002, "2001:db8:a:1::300", "2001:db8:a:1::1", &snd);
	ck_assert_uint_eq(r.nev, 2);
	pcpsel_map_free(r.m);
}
END_TEST

/* §11.5: the old address already gone: its pinhole is left to expire
 * (reported), the new one requested. */
START_TEST(test_map_renumbering_old_address_gone)
{
	static const struct src_spec after[] = {
		{ "2001:db8:a:1::200", 64, 0 },
	};
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, v6_server, v6_host, 3, 0);
	expect_send(&r, 0, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	rig_input(&r, 1, "2001:db8:a:1::1", NULL, v6_map_resp,
	    sizeof(v6_map_resp));
	rig_set(&r, v6_server, after, 1, 5000);
	ev = last_ev(&r, PCPSEL_MAP_DELETE_FAILED);
	assert_addr(&ev->internal, "2001:db8:a:1::100");
	ck_assert_uint_eq(ev->expires_ms, 1 + 600000);
	expect_send(&r, 5000, "2001:db8:a:1::200", "2001:db8:a:1::1", &snd);
	pcpsel_map_free(r.m);
}
END_TEST

/* P-CHG-2: a server that leaves the list is no longer renewed. */
START_TEST(test_map_withdrawn_not_renewed)
{
	static const char *const none[] = { NULL, NULL };
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	rig_input(&r, 4, "192.0.2.1", NULL, v4_map_resp, sizeof(v4_map_resp));
	/* the same list again keeps everything */
	rig_set(&r, v4_server, v4_host, 1, 1000);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 300104);
	rig_set(&r, none, v4_host, 1, 2000);
	ev = last_ev(&r, PCPSEL_MAP_WITHDRAWN);
	assert_addr(&ev->server_addr, "192.0.2.1");
	assert_addr(&ev->external, "192.0.3.1");
	ck_assert_uint_eq(ev->server_naddrs, 1);
	assert_addr(&r.first[r.nev - 1], "192.0.2.1");
	ck_assert_uint_eq(ev->expires_ms, 4 + 600000);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), UINT64_MAX);
	expect_quiet(&r, 400000);
	pcpsel_map_free(r.m);
}
END_TEST

/* §14.2: a Mapping Update (an unsolicited MAP response for the mapping
 * held) with another external port: CHANGED. */
START_TEST(test_map_mapping_update)
{
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	uint8_t upd[60];
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	rig_input(&r, 4, "192.0.2.1", NULL, v4_map_resp, sizeof(v4_map_resp));
	memcpy(upd, v4_map_resp, 60);
	upd[11] = 9; /* epoch 9 at 6 s */
	upd[42] = 0x9c; /* external port 40000 */
	upd[43] = 0x40;
	ck_assert_int_eq(rig_input(&r, 6000, "192.0.2.1", "192.0.2.10", upd,
			     60),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_CHANGED);
	ck_assert_uint_eq(ev->external_port, 40000);
	pcpsel_map_free(r.m);
}
END_TEST

/* A late answer to a retransmission after the mapping was granted is no
 * Mapping Update: nothing reported, the renewal time kept; an answer with
 * external port 0 (miniupnpd 2.3.1, a retransmitted request updating a
 * pinhole) keeps the port assigned before. */
START_TEST(test_map_late_duplicate_answers)
{
	struct pcpsel_map_send snd;
	uint8_t resp[60];
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, v6_server, v6_host, 3, 0);
	expect_send(&r, 0, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	expect_send(&r, 3000, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	ck_assert_int_eq(rig_input(&r, 3100, "2001:db8:a:1::1", NULL,
			     v6_map_resp, sizeof(v6_map_resp)),
	    0);
	last_ev(&r, PCPSEL_MAP_GRANTED);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 3100 + 300100);
	/* the answer to the retransmission, the same values */
	ck_assert_int_eq(rig_input(&r, 3200, "2001:db8:a:1::1", NULL,
			     v6_map_resp, sizeof(v6_map_resp)),
	    0);
	/* and one with external port 0 */
	memcpy(resp, v6_map_resp, sizeof(resp));
	resp[42] = resp[43] = 0;
	ck_assert_int_eq(rig_input(&r, 3300, "2001:db8:a:1::1", NULL, resp,
			     sizeof(resp)),
	    0);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 3100 + 300100);
	/* the renewal then answered with port 0: renewed, port kept */
	expect_send(&r, 303200, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	ck_assert_mem_eq(snd.data, v6_renew_req, 60);
	resp[10] = 0x01; /* epoch 4 + 300 */
	resp[11] = 0x30;
	ck_assert_int_eq(rig_input(&r, 303300, "2001:db8:a:1::1", NULL, resp,
			     sizeof(resp)),
	    0);
	ck_assert_uint_eq(last_ev(&r, PCPSEL_MAP_RENEWED)->external_port,
	    8080);
	pcpsel_map_free(r.m);
}
END_TEST

/* The first answer says port 0 (miniupnpd 2.3.1 when the request updates
 * a pinhole another request made, e.g. an earlier `pcpsel map --once`):
 * for a firewall (external address = internal address) the internal port
 * is the one opened, and the mapping an IPv6Firewall pinhole. */
START_TEST(test_map_first_answer_port_zero)
{
	struct pcpsel_map_send snd;
	const struct pcpsel_map_event *ev;
	uint8_t resp[60];
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V6, 8080, 0, 600, nonce_b);
	rig_set(&r, v6_server, v6_host, 3, 0);
	expect_send(&r, 0, "2001:db8:a:1::100", "2001:db8:a:1::1", &snd);
	memcpy(resp, v6_map_resp, sizeof(resp));
	resp[42] = resp[43] = 0;
	ck_assert_int_eq(rig_input(&r, 100, "2001:db8:a:1::1", NULL, resp,
			     sizeof(resp)),
	    0);
	ev = last_ev(&r, PCPSEL_MAP_GRANTED);
	ck_assert_uint_eq(ev->external_port, 8080);
	ck_assert_str_eq(pcpsel_map_kind(ev), "IPv6Firewall");
	pcpsel_map_free(r.m);
}
END_TEST

/* A server restarting answers port unreachable for a few seconds: the
 * renewal fails at once on its only address; the mapping is tried again at
 * the next §11.2.1 point (3/4 of the lifetime), not 15 minutes later, or
 * at once when the server's ANNOUNCE (§14.1.3) says it is back. */
START_TEST(test_map_renewal_retried_at_three_quarters)
{
	struct pcpsel_map_send snd;
	struct pcpsel_addr a1 = addr("192.0.2.1");
	const struct pcpsel_map_event *ev;
	uint8_t resp[60];
	struct rig r;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	rig_input(&r, 4, "192.0.2.1", NULL, v4_map_resp, sizeof(v4_map_resp));
	expect_send(&r, 300104, "192.0.2.10", "192.0.2.1", &snd);
	/* hard: the walk starts again (SEL-13) and fails again */
	ck_assert_int_eq(pcpsel_map_unreachable(r.m, 300105, &a1), 0);
	expect_send(&r, 300105, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_int_eq(pcpsel_map_unreachable(r.m, 300106, &a1), 0);
	expect_quiet(&r, 300106);
	ev = last_ev(&r, PCPSEL_MAP_NO_RESPONSE);
	/* 3/4 of 600 s after the grant at 4 ms, + 100 % 37501 */
	ck_assert_uint_eq(ev->next_ms, 4 + 450000 + 100);
	ck_assert_uint_eq(pcpsel_map_wakeup(r.m), 450104);
	expect_quiet(&r, 309999);
	/* the ANNOUNCE of the restarted server is heard all the same, from
	 * the address given up on: re-created at once, not at 3/4 */
	ck_assert_int_eq(rig_input(&r, 310000, "192.0.2.1", "224.0.0.1",
			     v4_unsolicited_announce,
			     sizeof(v4_unsolicited_announce)),
	    0);
	ck_assert_uint_eq(last_ev(&r, PCPSEL_MAP_RESTARTED)->next_ms, 310100);
	expect_send(&r, 310100, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_mem_eq(snd.data, v4_renew_req, 60);
	pcpsel_map_free(r.m);

	/* without the ANNOUNCE: the retry at 3/4 */
	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	rig_input(&r, 4, "192.0.2.1", NULL, v4_map_resp, sizeof(v4_map_resp));
	expect_send(&r, 300104, "192.0.2.10", "192.0.2.1", &snd);
	pcpsel_map_unreachable(r.m, 300105, &a1);
	expect_send(&r, 300105, "192.0.2.10", "192.0.2.1", &snd);
	pcpsel_map_unreachable(r.m, 300106, &a1);
	expect_quiet(&r, 450103);
	expect_send(&r, 450104, "192.0.2.10", "192.0.2.1", &snd);
	ck_assert_mem_eq(snd.data, v4_renew_req, 60);
	/* the restarted server: epoch 4 where about 450 was due */
	memcpy(resp, v4_after_restart_resp, sizeof(resp));
	ck_assert_int_eq(rig_input(&r, 450110, "192.0.2.1", NULL, resp,
			     sizeof(resp)),
	    0);
	ck_assert_int_eq(r.ev[r.nev - 2].type, PCPSEL_MAP_RESTARTED);
	last_ev(&r, PCPSEL_MAP_RENEWED);
	pcpsel_map_free(r.m);
}
END_TEST

/* A renewal that gets no answer at all: the engine walks again (SEL-13),
 * then the §11.2.1 points are tried until the mapping EXPIRED at its
 * lifetime. */
START_TEST(test_map_expired)
{
	/* when each burst starts (ms): the renewal at 1/2 (+ 100 ms) and,
	 * right after it, SEL-13's new walk; then the §11.2.1 points 3/4 and
	 * 7/8 (+ 100 ms); 15/16 (562604) has passed when the 7/8 exchange
	 * fails at 570104, so 31/32 (581354) */
	static const uint64_t starts[] = { 300104, 450104, 525104, 581354 };
	struct pcpsel_map_send snd;
	struct rig r;
	size_t k, sends = 0, nstarts = 0, noresp = 0;
	uint64_t expired = 0, prev = 0;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	rig_input(&r, 4, "192.0.2.1", NULL, v4_map_resp, sizeof(v4_map_resp));
	for (k = 0; k < 200; k++) {
		uint64_t t = pcpsel_map_wakeup(r.m);

		if (t > 700000)
			break;
		while (pcpsel_map_poll(r.m, t, &snd) == 1) {
			/* a new exchange: more than 30 s after the last send */
			if (prev == 0 || t - prev > 30000) {
				ck_assert_uint_lt(nstarts, 4);
				ck_assert_uint_eq(t, starts[nstarts]);
				nstarts++;
			}
			prev = t;
			sends++;
		}
	}
	ck_assert_uint_eq(nstarts, 4);
	ck_assert_uint_eq(sends, 20); /* five exchanges of four */
	for (k = 0; k < r.nev; k++) {
		if (r.ev[k].type == PCPSEL_MAP_NO_RESPONSE)
			noresp++;
		if (r.ev[k].type == PCPSEL_MAP_EXPIRED)
			expired = r.ev[k].time_ms;
	}
	ck_assert_int_eq(r.ev[0].type, PCPSEL_MAP_GRANTED);
	ck_assert_uint_eq(expired, 600004);
	ck_assert_uint_eq(noresp, 4);
	pcpsel_map_free(r.m);
}
END_TEST

/* A delete that gets no answer: DELETE_FAILED after its exchange. */
START_TEST(test_map_delete_unanswered)
{
	struct pcpsel_map_send snd;
	struct rig r;
	size_t k, sends = 0;

	rig_init(&r, PCPSEL_MAPPING_V4, 8080, 8080, 600, nonce_a);
	rig_set(&r, v4_server, v4_host, 1, 0);
	expect_send(&r, 0, "192.0.2.10", "192.0.2.1", &snd);
	rig_input(&r, 4, "192.0.2.1", NULL, v4_map_resp, sizeof(v4_map_resp));
	ck_assert_int_eq(pcpsel_map_stop(r.m, 10000), 1);
	for (k = 0; k < 20 && !pcpsel_map_stopped(r.m); k++) {
		uint64_t t = pcpsel_map_wakeup(r.m);

		while (pcpsel_map_poll(r.m, t, &snd) == 1) {
			ck_assert_mem_eq(snd.data, v4_del_req, 60);
			sends++;
		}
	}
	ck_assert_int_eq(pcpsel_map_stopped(r.m), 1);
	ck_assert_uint_eq(sends, 4);
	ck_assert_int_eq(last_ev(&r, PCPSEL_MAP_DELETE_FAILED)->result, -1);
	ck_assert_uint_eq(r.ev[r.nev - 1].time_ms, 10000 + 45000);
	pcpsel_map_free(r.m);
}
END_TEST

START_TEST(test_map_config_rejects)
{
	struct pcpsel_map_config cfg;
	struct pcpsel_map *m = NULL;
	struct rig r;

	memset(&r, 0, sizeof(r));
	memset(&cfg, 0, sizeof(cfg));
	cfg.family = PCPSEL_MAPPING_V4;
	cfg.protocol = 6;
	cfg.internal_port = 80;
	ck_assert_int_eq(pcpsel_map_new(&cfg, &m), -EINVAL); /* random */
	cfg.engine.random = rig_random;
	cfg.engine.random_arg = &r;
	cfg.family = PCPSEL_MAPPING_ANY;
	ck_assert_int_eq(pcpsel_map_new(&cfg, &m), -EINVAL);
	cfg.family = PCPSEL_MAPPING_V6;
	cfg.internal_port = 0;
	ck_assert_int_eq(pcpsel_map_new(&cfg, &m), -EINVAL);
	cfg.internal_port = 80;
	cfg.protocol = 256;
	ck_assert_int_eq(pcpsel_map_new(&cfg, &m), -EINVAL);
	cfg.protocol = 6;
	cfg.ifname = "an-interface-name-too-long";
	ck_assert_int_eq(pcpsel_map_new(&cfg, &m), -EINVAL);
	ck_assert_ptr_null(m);
	cfg.ifname = NULL;
	ck_assert_int_eq(pcpsel_map_new(&cfg, &m), 0);
	ck_assert_int_eq(pcpsel_map_set_servers(m, NULL, NULL, 0, 0), -EINVAL);
	pcpsel_map_free(m);
	pcpsel_map_free(NULL);
	ck_assert_str_eq(pcpsel_map_event_str(PCPSEL_MAP_DELETE_FAILED),
	    "delete-failed");
	ck_assert_str_eq(pcpsel_map_event_str(99), "unknown");
}
END_TEST

START_TEST(test_source_select_rfc6724)
{
	struct pcpsel_source s[3];
	struct pcpsel_order_ctx ctx;
	struct pcpsel_addr d = addr("2001:db8:b:1::1");

	memset(s, 0, sizeof(s));
	s[0].addr = addr("2001:db8:a:1::100");
	s[0].prefixlen = 64;
	s[1].addr = addr("2001:db8:b:1::100");
	s[1].prefixlen = 64;
	s[2].addr = addr("192.0.2.10");
	s[2].prefixlen = 24;
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = s;
	ctx.nsources = 3;
	/* Rule 8: the longest matching prefix */
	ck_assert_int_eq(pcpsel_source_select(&d, &ctx), 1);
	d = addr("198.51.100.1");
	ck_assert_int_eq(pcpsel_source_select(&d, &ctx), 2);
	ctx.mapping = PCPSEL_MAPPING_V6; /* P-FAM-1 */
	ck_assert_int_eq(pcpsel_source_select(&d, &ctx), -ENOENT);
	ck_assert_int_eq(pcpsel_source_select(NULL, &ctx), -EINVAL);
}
END_TEST

Suite *
map_suite(void)
{
	Suite *s = suite_create("map");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_map_fixtures_are_the_capture);
	tcase_add_test(tc, test_map_request_bytes_are_the_capture);
	tcase_add_test(tc, test_map_request_rejects);
	tcase_add_test(tc, test_map_parse_nat44_and_pinhole);
	tcase_add_test(tc, test_map_parse_drops);
	tcase_add_loop_test(tc, test_map_result_actions, 0,
	    sizeof(actions) / sizeof(actions[0]));
	tcase_add_test(tc, test_source_select_rfc6724);
	suite_add_tcase(s, tc);

	tc = tcase_create("client");
	tcase_add_test(tc, test_map_v4_create_renew_delete);
	tcase_add_test(tc, test_map_v6_pinhole_delete_refused);
	tcase_add_test(tc, test_map_lifetime_clamped);
	tcase_add_loop_test(tc, test_map_renewal_window, 0,
	    sizeof(window) / sizeof(window[0]));
	tcase_add_test(tc, test_map_restart_seen_in_the_next_answer);
	tcase_add_test(tc, test_map_unsolicited_announce);
	tcase_add_test(tc, test_map_no_resources_retried_after_lifetime);
	tcase_add_test(tc, test_map_not_authorized_held_off);
	tcase_add_test(tc, test_map_unsupp_version);
	tcase_add_test(tc, test_map_address_mismatch_next_address);
	tcase_add_test(tc, test_map_no_response);
	tcase_add_test(tc, test_map_hard_error_next_address);
	tcase_add_test(tc, test_map_drops_what_does_not_match);
	tcase_add_test(tc, test_map_source_per_isp);
	tcase_add_test(tc, test_map_source_candidates);
	tcase_add_test(tc, test_map_renumbering_moves_the_pinhole);
	tcase_add_test(tc, test_map_renumbering_old_address_gone);
	tcase_add_test(tc, test_map_withdrawn_not_renewed);
	tcase_add_test(tc, test_map_mapping_update);
	tcase_add_test(tc, test_map_late_duplicate_answers);
	tcase_add_test(tc, test_map_first_answer_port_zero);
	tcase_add_test(tc, test_map_renewal_retried_at_three_quarters);
	tcase_add_test(tc, test_map_expired);
	tcase_add_test(tc, test_map_delete_unanswered);
	tcase_add_test(tc, test_map_config_rejects);
	suite_add_tcase(s, tc);
	return s;
}
