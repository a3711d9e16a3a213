/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pcpsel.h - PCP server discovery and selection (RFC 7291, RFC 7488)
 *
 * The only installed header of libpcpsel.  It needs nothing but <stddef.h>
 * and <stdint.h>, compiles as C99 and as C++, and never includes config.h.
 *
 * Conventions (see STYLE.md):
 *  - Fallible functions return int: 0 on success or a negative errno from
 *    the set documented beside each prototype:
 *      -EINVAL   the caller broke the contract (NULL, wrong family, ...)
 *      -EBADMSG  malformed wire or file data
 *      -E2BIG    a limit was exceeded
 *      -ENOMEM   out of memory
 *      -ENOBUFS  a caller-supplied buffer is too small
 *    I/O functions may also return the negated errno of the failing call.
 *  - Output parameters are named ret_* and are left untouched on failure;
 *    objects passed in for filling are unchanged on failure.
 *  - The library never logs, keeps no global mutable state, and two threads
 *    using two different objects never interfere.
 *  - Getters return borrowed pointers, valid until the object is changed
 *    or freed.
 *
 * Policy IDs (R7291-n, P-DHCP4-n, ...) are explained in doc/policy.md.
 */
#ifndef PCPSEL_H
#define PCPSEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define PCPSEL_EXPORT __attribute__((visibility("default")))
#else
#define PCPSEL_EXPORT
#endif

/* ------------------------------------------------------------------------
 * Constants
 */
#define PCPSEL_DHCPV4_OPTION 158 /* RFC 7291 §4.1 OPTION_V4_PCP_SERVER */
#define PCPSEL_DHCPV6_OPTION 86 /* RFC 7291 §3.1 OPTION_V6_PCP_SERVER */
#define PCPSEL_PCP_PORT 5351 /* RFC 6887 §19.1 */

#define PCPSEL_MAX_INPUT 65535 /* largest option data we accept */
#define PCPSEL_V4_MAX_ADDRS 63 /* List-Length 252: RFC 7291 §4.1 */
#define PCPSEL_V6_MAX_ADDRS 4095 /* 65535 / 16 */
#define PCPSEL_V4_MAX_INSTANCE 255 /* RFC 3396: one instance's data */

#define PCPSEL_ADDRSTRLEN 46 /* longest text address + NUL */
#define PCPSEL_IFNAMSIZ 16 /* IFNAMSIZ: names have at most 15 */

/* Origins of a server: a bit set (a merged server has both). */
#define PCPSEL_ORIGIN_DHCPV4 0x1u
#define PCPSEL_ORIGIN_DHCPV6 0x2u

/* Mapping family a PCP client wants (P-FAM-1). */
#define PCPSEL_MAPPING_ANY 0
#define PCPSEL_MAPPING_V4 4
#define PCPSEL_MAPPING_V6 6

/* ------------------------------------------------------------------------
 * Addresses (addr.c)
 *
 * One address is 16 bytes in network order.  IPv4 is always held in its
 * IPv4-mapped form ::ffff:a.b.c.d (RFC 4291 §2.5.5.2), as RFC 6724 §3.2 and
 * RFC 6887 §5 do, so the two families share one type.
 */
struct pcpsel_addr {
	uint8_t bytes[16];
};

/* 1 if @addr is IPv4 (IPv4-mapped: all 96 leading bits checked, P-DHCP6-5),
 * else 0. */
PCPSEL_EXPORT int pcpsel_addr_is_v4(const struct pcpsel_addr *addr);

/* Set @ret to the IPv4-mapped form of the 4 bytes at @v4. */
PCPSEL_EXPORT void pcpsel_addr_from_v4(struct pcpsel_addr *ret,
    const uint8_t v4[4]);

/* Parse a text address: IPv4 dotted quad, or IPv6 (RFC 4291 §2.2, including
 * the mixed form; "::ffff:192.0.2.1" becomes the IPv4 address 192.0.2.1).
 * No zone, no prefix, no surrounding blanks.
 * Returns 0, or -EINVAL if @text is not an address. */
PCPSEL_EXPORT int pcpsel_addr_from_string(struct pcpsel_addr *ret,
    const char *text);

/* Write the text form into @buf: dotted quad for IPv4, RFC 5952 for IPv6.
 * @size must be at least PCPSEL_ADDRSTRLEN to never fail.
 * Returns the length written (without NUL), or -ENOBUFS. */
PCPSEL_EXPORT int pcpsel_addr_to_string(const struct pcpsel_addr *addr,
    char *buf, size_t size);

/* The address policy (R7291-8, R7291-15, P-DHCP4-3, P-DHCP6-4): returns 1 if
 * @addr may be used as a PCP server address, 0 if it must be dropped:
 * IPv4 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/4, 240.0.0.0/4 (so also
 * 255.255.255.255); IPv6 ::, ::1, ff00::/8 and IPv4-compatible ::a.b.c.d.
 * IPv4-mapped addresses are judged as the IPv4 address they hold.
 * Everything else is kept, link-local included. */
PCPSEL_EXPORT int pcpsel_addr_usable(const struct pcpsel_addr *addr);

/* Why pcpsel_addr_usable() drops @addr, in a few words ("loopback",
 * "multicast", "0.0.0.0/8, this network", "unspecified", ...), or NULL if
 * it is usable.  The text is static. */
PCPSEL_EXPORT const char *pcpsel_addr_unusable_str(
    const struct pcpsel_addr *addr);

/* ------------------------------------------------------------------------
 * Server lists (list.c)
 *
 * A list is an ordered sequence of servers; a server is a non-empty ordered
 * sequence of addresses plus an origin bit set.  Within one list no address
 * appears twice (the decoders and pcpsel_list_add_server keep it so).
 */
struct pcpsel_list;

/* A new empty list, or NULL when out of memory.  Free with
 * pcpsel_list_free(), which accepts NULL. */
PCPSEL_EXPORT struct pcpsel_list *pcpsel_list_new(void);
PCPSEL_EXPORT void pcpsel_list_free(struct pcpsel_list *list);

/* Remove every server.  The list keeps its largest block of memory, so
 * that filling it again (a decode, a file read) allocates nothing up to
 * that size; pcpsel_list_free() gives everything back. */
PCPSEL_EXPORT void pcpsel_list_clear(struct pcpsel_list *list);

/* Number of servers. */
PCPSEL_EXPORT size_t pcpsel_list_count(const struct pcpsel_list *list);

/* Server @index: its number of addresses, its addresses (a borrowed array
 * of pcpsel_server_naddrs() entries) and its origins.  Out of range: 0,
 * NULL and 0. */
PCPSEL_EXPORT size_t pcpsel_server_naddrs(const struct pcpsel_list *list,
    size_t index);
PCPSEL_EXPORT const struct pcpsel_addr *
pcpsel_server_addrs(const struct pcpsel_list *list, size_t index);
PCPSEL_EXPORT unsigned pcpsel_server_origin(const struct pcpsel_list *list,
    size_t index);

/* The name of pcpsel_server_naddrs() in libpcpsel 0.1 (it counts
 * addresses, not servers), kept so that programs built against 0.1 keep
 * linking and running; new code uses pcpsel_server_naddrs(). */
PCPSEL_EXPORT size_t pcpsel_server_count(const struct pcpsel_list *list,
    size_t index);

/* Append one server of @n addresses, verbatim (no filter, no re-ordering).
 * Returns 0; -EINVAL if @n is 0, @origin is 0, or an address is already in
 * this server or in another server of @list; -E2BIG if @n is larger than
 * PCPSEL_V6_MAX_ADDRS; -ENOMEM.  @list is unchanged on failure.
 * Each call checks every address of @list: to build a list of many servers,
 * pcpsel_list_add_servers() does it once. */
PCPSEL_EXPORT int pcpsel_list_add_server(struct pcpsel_list *list,
    unsigned origin, const struct pcpsel_addr *addrs, size_t n);

/* Append @nservers servers of @origin at once, verbatim: server i has
 * @counts[i] addresses, taken in turn from @addrs.  The checks of
 * pcpsel_list_add_server() for each, in one pass over all the addresses
 * (time linear in them and in those of @list).  When an address is already
 * in @list, in an earlier server or earlier in its own server, *@ret_bad
 * (may be NULL) is set to the index in @addrs of the first such address.
 * Returns 0; -EINVAL (a count of 0, @origin 0, an address held twice);
 * -E2BIG (a count over PCPSEL_V6_MAX_ADDRS); -ENOMEM.  @list is unchanged
 * on failure. */
PCPSEL_EXPORT int pcpsel_list_add_servers(struct pcpsel_list *list,
    unsigned origin, const struct pcpsel_addr *addrs, const size_t *counts,
    size_t nservers, size_t *ret_bad);

/* 1 if the two lists hold the same servers with the same addresses in the
 * same order and the same origins, else 0. */
PCPSEL_EXPORT int pcpsel_list_equal(const struct pcpsel_list *a,
    const struct pcpsel_list *b);

/* Merge what one interface learned from DHCPv4 (@v4) and DHCPv6 (@v6) into
 * @ret (which is cleared first) - P-DHCP-1: @v4's servers come first, in
 * order; a @v6 server whose address set intersects a @v4 server's is joined
 * to the first such server (its new addresses appended, origin bit added);
 * any other @v6 server is appended; an address already held by an earlier
 * server is not repeated (P-DHCP6-6).  P-DHCP-3: @v4's servers are never
 * joined to each other; a @v6 server intersecting several of them adds its
 * origin bit to each.  Either input may be NULL.
 * Returns 0, -EINVAL, -ENOMEM (@ret unchanged on failure). */
PCPSEL_EXPORT int pcpsel_list_merge(struct pcpsel_list *ret,
    const struct pcpsel_list *v4, const struct pcpsel_list *v6);

/* ------------------------------------------------------------------------
 * Wire codec: DHCPv4 option 158 (v4.c), DHCPv6 option 86 (v6.c)
 */

/* One option instance's data (without code and length octets). */
struct pcpsel_buf {
	const uint8_t *data;
	size_t len;
};

/* Why option data is malformed. */
enum pcpsel_malformed {
	PCPSEL_OK = 0,
	PCPSEL_BAD_V4_SHORT, /* reassembled data shorter than 5 */
	PCPSEL_BAD_V4_LIST_ZERO, /* a List-Length of 0 */
	PCPSEL_BAD_V4_LIST_NOT_4, /* a List-Length not a multiple of 4 */
	PCPSEL_BAD_V4_LIST_OVERRUN, /* a List-Length past the end */
	PCPSEL_BAD_V6_EMPTY, /* option-len 0 */
	PCPSEL_BAD_V6_NOT_16, /* option-len not a multiple of 16 */
	PCPSEL_BAD_TOO_LONG /* more than PCPSEL_MAX_INPUT bytes */
};

/* Short English text for a reason, e.g. "List-Length is not a multiple of
 * 4"; never NULL. */
PCPSEL_EXPORT const char *pcpsel_malformed_str(int reason);

/* What a decode did beyond its result; filled on success and on -EBADMSG. */
struct pcpsel_decode_info {
	int reason; /* v4: why the option was discarded; v6: why
				 * the first skipped instance was; else 0 */
	size_t offset; /* v4: offset of the offending List-Length in
				 * the reassembled data; v6: index of the first
				 * skipped instance */
	size_t value; /* v4: the offending List-Length (or the total
				 * length for BAD_V4_SHORT); v6: that
				 * instance's length */
	size_t bad_instances; /* v6: instances skipped as malformed */
	size_t filtered; /* addresses dropped by pcpsel_addr_usable */
	size_t duplicates; /* addresses dropped as duplicates */
	size_t dropped_servers; /* servers left empty and removed */
};

/* Decode DHCPv4 option 158 given as @n fragments (RFC 3396 instances in
 * aggregate order).  Fragments are concatenated before any check
 * (P-DHCP4-1); the whole option is discarded if it is shorter than 5 bytes
 * or any List-Length is 0, not a multiple of 4 or runs past the end
 * (P-DHCP4-2).  Addresses pass pcpsel_addr_usable (P-DHCP4-3); duplicates
 * are removed, keeping the first (P-DHCP4-5/6); empty servers disappear
 * (P-DHCP4-4); order is kept (P-DHCP4-7).  Servers are appended to @list
 * with origin PCPSEL_ORIGIN_DHCPV4, deduplicated also against servers
 * already in @list.  @ret_info may be NULL.
 * Returns 0 (even if no usable address remained); -EBADMSG malformed
 * (@list unchanged); -E2BIG more than PCPSEL_MAX_INPUT bytes in all;
 * -EINVAL; -ENOMEM. */
PCPSEL_EXPORT int pcpsel_v4_decode(struct pcpsel_list *list,
    const struct pcpsel_buf *frags, size_t n,
    struct pcpsel_decode_info *ret_info);

/* Decode @n DHCPv6 option-86 instances, each one server checked alone
 * (P-DHCP6-1): an instance whose length is 0 or not a multiple of 16 is
 * skipped (P-DHCP6-2).  IPv4-mapped addresses become IPv4 servers'
 * addresses (R7291-7).  Filter and duplicates as for v4 (P-DHCP6-4/6).
 * Servers are appended with origin PCPSEL_ORIGIN_DHCPV6.
 * Returns 0 if at least one instance was well formed, or @n is 0;
 * -EBADMSG if every instance was malformed (@list unchanged); -E2BIG an
 * instance longer than PCPSEL_MAX_INPUT; -EINVAL; -ENOMEM. */
PCPSEL_EXPORT int pcpsel_v6_decode(struct pcpsel_list *list,
    const struct pcpsel_buf *insts, size_t n,
    struct pcpsel_decode_info *ret_info);

/* Check one option-86 instance's framing alone: PCPSEL_OK or the
 * enum pcpsel_malformed reason. */
PCPSEL_EXPORT int pcpsel_v6_check(const uint8_t *data, size_t len);

/* The largest DHCPv6 message: a UDP payload over IPv6 without
 * jumbograms (65535 - 8 octets of UDP header). */
#define PCPSEL_DHCP6_MAX_MSG 65527

/* Find the instances of option @code among the top-level options of the
 * DHCPv6 message @msg (RFC 8415 §8: msg-type, transaction-id, options),
 * e.g. a reply a DHCP client saved as its lease: each instance's data
 * (pointers into @msg) in @ret, at most @max, in message order, and their
 * number in *@ret_n.  @ret NULL: count only.  An option whose option-len
 * runs past the end of the message ends the walk: it and what follows are
 * ignored (P-DHCP6-3), the instances before it are returned.
 * Returns 0; 1 the walk ended at such an option; -EBADMSG @len under 4 or
 * a relay message (@ret untouched); -E2BIG more than @max instances or
 * @len over PCPSEL_DHCP6_MAX_MSG (@ret untouched); -EINVAL. */
PCPSEL_EXPORT int pcpsel_dhcp6_find(const uint8_t *msg, size_t len,
    unsigned code, struct pcpsel_buf *ret, size_t max, size_t *ret_n);

/* Encoded option instances (owned by the caller). */
struct pcpsel_wire;
PCPSEL_EXPORT size_t pcpsel_wire_count(const struct pcpsel_wire *wire);
/* Instance @index's data and length (borrowed); NULL when out of range. */
PCPSEL_EXPORT const uint8_t *pcpsel_wire_get(const struct pcpsel_wire *wire,
    size_t index, size_t *ret_len);
PCPSEL_EXPORT void pcpsel_wire_free(struct pcpsel_wire *wire);

/* Encode @list as option-158 data: (List-Length, addresses) per server.
 * When the data exceed 255 bytes they are split into several instances of
 * at most 255 bytes, only between servers, so each instance is valid alone
 * and their concatenation is the RFC 3396 value (RFC 7291 §4.1, RFC 3396).
 * Returns 0 and *@ret_wire (an empty list gives 0 instances); -EINVAL an
 * IPv6 address, an unusable address (pcpsel_addr_usable) or an empty list
 * entry; -E2BIG a server of more than PCPSEL_V4_MAX_ADDRS addresses;
 * -ENOMEM. */
PCPSEL_EXPORT int pcpsel_v4_encode(const struct pcpsel_list *list,
    struct pcpsel_wire **ret_wire);

/* pcpsel_v4_encode() with instances of at most @max data bytes, from 253
 * (one whole 63-address server) to 255.  For a carrier that cuts longer
 * options itself: Kea 2.2's Pkt4::pack() splits any option over 253 data
 * bytes, anywhere, so the Kea hook encodes with 253.
 * Returns as pcpsel_v4_encode(); also -EINVAL if @max is out of range. */
PCPSEL_EXPORT int pcpsel_v4_encode_split(const struct pcpsel_list *list,
    size_t max, struct pcpsel_wire **ret_wire);

/* Encode @list as option-86 instances, one per server (R7291-4); IPv4
 * addresses are written IPv4-mapped (R7291-3).
 * Returns 0 and *@ret_wire; -EINVAL an unusable address; -E2BIG a server
 * of more than PCPSEL_V6_MAX_ADDRS addresses; -ENOMEM. */
PCPSEL_EXPORT int pcpsel_v6_encode(const struct pcpsel_list *list,
    struct pcpsel_wire **ret_wire);

/* ------------------------------------------------------------------------
 * A client's query, as a DHCP server reads it (query.c)
 */

/* 1 if DHCPv4 option-55 data @prl (RFC 2132 §9.8, one code per octet)
 * lists PCPSEL_DHCPV4_OPTION, else 0. */
PCPSEL_EXPORT int pcpsel_v4_prl_asks(const uint8_t *prl, size_t len);

/* 1 if DHCPv6 ORO data @oro (RFC 8415 §21.7, 2-octet codes) lists
 * PCPSEL_DHCPV6_OPTION, else 0.  An odd last octet is ignored. */
PCPSEL_EXPORT int pcpsel_v6_oro_asks(const uint8_t *oro, size_t len);

/* The DUID inside DHCPv4 client-identifier data @cid when it has the form
 * of RFC 4361 §6.1 (type 255, a 4-octet IAID, then the DUID).  *@ret_duid
 * borrows from @cid.
 * Returns 0; -EBADMSG not that form (another type, or no DUID octet);
 * -EINVAL. */
PCPSEL_EXPORT int pcpsel_v4_client_id_duid(const uint8_t *cid, size_t len,
    struct pcpsel_buf *ret_duid);

/* ------------------------------------------------------------------------
 * Ordering: RFC 6724 §5 source and §6 destination selection, with the
 * RFC 7488 mapping-family restriction (rfc6724.c)
 */

/* A candidate source address (RFC 6724 §4). */
#define PCPSEL_SRC_DEPRECATED 0x01u /* Rule 3 */
#define PCPSEL_SRC_HOME 0x02u /* Rule 4: a home address */
#define PCPSEL_SRC_CAREOF 0x04u /* Rule 4: a care-of address */
#define PCPSEL_SRC_TEMPORARY 0x08u /* source Rule 7 */
struct pcpsel_source {
	struct pcpsel_addr addr;
	unsigned prefixlen; /* on-link prefix in the address's own family:
				 * 0..32 for IPv4, 0..128 for IPv6 */
	unsigned flags; /* PCPSEL_SRC_* */
};

/* Hints about a destination (RFC 6724 §6 Rules 1 and 7). */
#define PCPSEL_DST_UNREACHABLE 0x01u /* Rule 1: known unreachable */
#define PCPSEL_DST_ENCAPSULATED 0x02u /* Rule 7: reached through a tunnel */

/* One row of a policy table (RFC 6724 §2.1).  @prefix in the 16-byte form,
 * @len 0..128 bits. */
struct pcpsel_policy {
	uint8_t prefix[16];
	unsigned len;
	unsigned precedence;
	unsigned label;
};

/* The RFC 6724 §2.1 default table (borrowed, static) and its length. */
PCPSEL_EXPORT const struct pcpsel_policy *pcpsel_policy_default(size_t *ret_n);

/* What the ordering needs to know. */
struct pcpsel_order_ctx {
	const struct pcpsel_source *sources; /* candidate sources */
	size_t nsources;
	const struct pcpsel_policy *policy; /* NULL: the default table */
	size_t npolicy;
	int mapping; /* PCPSEL_MAPPING_*: P-FAM-1 restricts the sources
			 * to that family (ANY: all of them) */
	int prefer_temporary; /* source Rule 7: 1 prefer temporary (the
				 * RFC default), 0 prefer public */
};

/* Sort @n addresses in place in RFC 6724 §6 order: Source(D) is chosen by
 * the §5 rules (1, 2, 3, 4, 6, 7, 8; rule 5 holds, all sources being on
 * the outgoing interface; for IPv4 too, P-AS-3), then destination rules 1,
 * 2, 3, 4, 5, 6, 7, 8, 9 (9 only within one family, P-AS-2) and 10: the
 * sort is stable.  Rules 3, 4, 7 decide only when the caller supplied the
 * flags.  @dst_flags (PCPSEL_DST_*) may be NULL, else it has @n entries and
 * is permuted along.  Returns 0; -EINVAL; -ENOMEM (@addrs unchanged). */
PCPSEL_EXPORT int pcpsel_order(struct pcpsel_addr *addrs, unsigned *dst_flags,
    size_t n, const struct pcpsel_order_ctx *ctx);

/* RFC 6724 §5: the source address for destination @dst among
 * ctx->sources of @dst's family that ctx->mapping allows (P-FAM-1),
 * chosen by the source rules pcpsel_order() uses (1, 2, 3, 4, 6, 7 as
 * ctx->prefer_temporary says, 8).
 * Returns the index of the chosen source in ctx->sources; -ENOENT no
 * candidate; -EINVAL; -ENOMEM. */
PCPSEL_EXPORT int pcpsel_source_select(const struct pcpsel_addr *dst,
    const struct pcpsel_order_ctx *ctx);

/* pcpsel_order() applied to every server of @list. */
PCPSEL_EXPORT int pcpsel_list_order(struct pcpsel_list *list,
    const struct pcpsel_order_ctx *ctx);

/* ------------------------------------------------------------------------
 * Server-list files: /run/pcp/servers/<interface> (files.c), see
 * pcpsel-servers(5)
 *
 *   # comment
 *   server <origin> <address> [<address> ...]
 *
 * <origin> is dhcpv4, dhcpv6 or dhcpv4,dhcpv6; addresses in preference
 * order, IPv4 dotted quad, IPv6 RFC 5952.  Readers skip lines whose first
 * word they do not know.
 */

/* The directory used when none is given: $PCPSEL_SERVERS_DIR if set and not
 * empty, else the configure-time default (/run/pcp/servers). */
PCPSEL_EXPORT const char *pcpsel_servers_dir(void);

/* 0 if @name may name an interface file, else -EINVAL (P-IF-4, the rule of
 * the writer, the readers and pcpsel(8)): 1 to PCPSEL_IFNAMSIZ - 1 bytes,
 * each printable ASCII (0x21 to 0x7e) but '/' and ':', the first not '.'.
 * Linux also allows a leading '.' and bytes >= 0x80; pcpsel serves no such
 * interface. */
PCPSEL_EXPORT int pcpsel_ifname_check(const char *name);

/* Format @list as file text, NUL-terminated, in *@ret_text (free() it);
 * *@ret_len without the NUL (may be NULL).  Returns 0, -EINVAL, -ENOMEM. */
PCPSEL_EXPORT int pcpsel_file_format(const struct pcpsel_list *list,
    char **ret_text, size_t *ret_len);

/* Parse file text into @list (appended).  Comment and blank lines, and lines
 * whose first word is unknown, are skipped.  A "server" line with a bad
 * origin, a bad address, no address or a duplicate address makes the whole
 * text -EBADMSG, with its 1-based line number in *@ret_line (may be NULL).
 * Returns 0, -EBADMSG (@list unchanged), -EINVAL, -ENOMEM. */
PCPSEL_EXPORT int pcpsel_file_parse(struct pcpsel_list *list, const char *text,
    size_t len, size_t *ret_line);

/* Write @list as <@dir>/<@ifname>: formatted, written to a temp file in @dir
 * and renamed over the target (readers see the old or the new file), mode
 * 0644, never following a symlink at the target or temp name.  If the file
 * already has exactly this content it is not touched.  An empty list
 * removes the file.  @dir (NULL: pcpsel_servers_dir()) and every missing
 * directory above it are created with mode 0755 whatever the umask
 * (existing ones keep theirs).
 * Returns 0 written or removed, 1 unchanged, -EINVAL bad @ifname, or a
 * negative errno from the file system (the previous file is intact). */
PCPSEL_EXPORT int pcpsel_file_write(const char *dir, const char *ifname,
    const struct pcpsel_list *list);

/* Remove <@dir>/<@ifname>.  Returns 0, 1 if there was none, -EINVAL, or a
 * negative errno. */
PCPSEL_EXPORT int pcpsel_file_remove(const char *dir, const char *ifname);

/* Read and parse <@dir>/<@ifname> into @list (appended), refusing symlinks
 * and files over 1 MiB.  Returns 0, -ENOENT (no file: no server known),
 * -EINVAL, -EBADMSG (*@ret_line as for pcpsel_file_parse), -EFBIG, or a
 * negative errno. */
PCPSEL_EXPORT int pcpsel_file_read(const char *dir, const char *ifname,
    struct pcpsel_list *list, size_t *ret_line);

/* ------------------------------------------------------------------------
 * The per-interface store (store.c): the writing side shared by every
 * DHCP-client adapter (pcpsel-dhcpcd(8) is one).  What each origin
 * (DHCPv4, DHCPv6) learned on each interface is kept under a state
 * directory, one server-list file per origin and interface:
 *
 *   <state dir>/dhcpv4/<ifname>, <state dir>/dhcpv6/<ifname>
 *   <state dir>/lock   flock(2): every change holds it (two adapters, or a
 *                      DHCPv4 and a DHCPv6 event, never lose an update)
 *
 * and every change rebuilds <servers dir>/<ifname>: both origins merged
 * (pcpsel_list_merge, P-DHCP-1), each server's addresses in RFC 6724 order
 * for the interface's current addresses (any mapping family; the order
 * learned when the interface has none), written with pcpsel_file_write
 * (atomic, only when the content changes; no server: no file).
 * Directories are created 0755 whatever the umask.
 */
struct pcpsel_store;

/* What one store change did. */
struct pcpsel_store_report {
	int changed; /* 1 the interface's file was written or
				 * removed, 0 it already had this content */
	unsigned damaged; /* origins whose state file was damaged (not
				 * the format, over 1 MiB): taken as no server */
	size_t damaged_line; /* the first damaged file's bad line (0: none
				 * known) */
};

/* A store keeping its state in @state_dir and publishing into
 * @servers_dir (NULL: pcpsel_servers_dir() at each change); both are
 * copied.  Nothing is touched until the first change.  Free it with
 * pcpsel_store_free(), which accepts NULL.
 * Returns 0; -EINVAL (@state_dir NULL or empty, @servers_dir empty);
 * -ENAMETOOLONG; -ENOMEM. */
PCPSEL_EXPORT int pcpsel_store_new(const char *state_dir,
    const char *servers_dir, struct pcpsel_store **ret_store);
PCPSEL_EXPORT void pcpsel_store_free(struct pcpsel_store *store);

/* Replace the servers @origin (PCPSEL_ORIGIN_DHCPV4 or _DHCPV6, one bit)
 * learned on @ifname with those of @list (each written with origin
 * @origin; an empty list: none), then rebuild the interface's file.
 * @ret_report may be NULL.
 * Returns 0; -EINVAL (bad @ifname or @origin, @list NULL); -ENOMEM; or a
 * negative errno from the file system (the interface's file as it was; if
 * only the publishing failed, the origin's state already holds @list and
 * the next change publishes it). */
PCPSEL_EXPORT int pcpsel_store_set(struct pcpsel_store *store,
    const char *ifname, unsigned origin, const struct pcpsel_list *list,
    struct pcpsel_store_report *ret_report);

/* Remove what the origins in the bit set @origins learned on @ifname (both
 * bits: everything, and the file goes), then rebuild the file.
 * Returns as pcpsel_store_set(). */
PCPSEL_EXPORT int pcpsel_store_clear(struct pcpsel_store *store,
    const char *ifname, unsigned origins,
    struct pcpsel_store_report *ret_report);

/* Rebuild @ifname's file from the state alone (e.g. after the interface's
 * addresses changed, for the RFC 6724 order).  Returns as
 * pcpsel_store_set(). */
PCPSEL_EXPORT int pcpsel_store_publish(struct pcpsel_store *store,
    const char *ifname, struct pcpsel_store_report *ret_report);

/* The servers @origin learned on @ifname, as kept (not merged, in the
 * order learned), into @list (replacing its servers).  Returns 0 (no state:
 * no server); -EBADMSG the state file is damaged; -EINVAL; -ENOMEM; or a
 * negative errno (@list unchanged on failure). */
PCPSEL_EXPORT int pcpsel_store_get(struct pcpsel_store *store,
    const char *ifname, unsigned origin, struct pcpsel_list *list);

/* ------------------------------------------------------------------------
 * The reading side for PCP clients (ifaddrs.c, load.c)
 */

/* The current addresses of interface @ifname as candidate sources (unicast,
 * not tentative; deprecated/temporary flags set where the kernel says so).
 * *@ret_sources is malloc'ed (free() it), *@ret_n entries.
 * Returns 0 (possibly with 0 sources), -EINVAL, -ENODEV, -ENOMEM, or a
 * negative errno. */
PCPSEL_EXPORT int pcpsel_sources_get(const char *ifname,
    struct pcpsel_source **ret_sources, size_t *ret_n);

/* What a PCP client uses: per interface, the servers of its file with each
 * server's addresses ordered for @mapping with the interface's current
 * addresses. */
struct pcpsel_view;

/* Load @n interfaces named in @ifnames, or, if @ifnames is NULL, every
 * interface file in @dir (NULL: pcpsel_servers_dir()) in name order;
 * files whose name is not a valid interface name (pcpsel_ifname_check)
 * are skipped.  An interface without file appears with 0 servers.
 * A file that cannot be used (malformed, over 1 MiB, a symbolic link, not
 * a regular file, unreadable) costs only its interface: it appears with 0
 * servers and pcpsel_view_error() says why; every other interface is
 * loaded.  (libpcpsel 0.1 failed the whole load with -EBADMSG instead.)
 * Returns 0; -EINVAL; -ENOENT (@dir missing when listing it); -ENOMEM; or
 * a negative errno (listing @dir, reading the host's addresses). */
PCPSEL_EXPORT int pcpsel_view_load(const char *dir, const char *const *ifnames,
    size_t n, int mapping, struct pcpsel_view **ret_view);
PCPSEL_EXPORT void pcpsel_view_free(struct pcpsel_view *view);
PCPSEL_EXPORT size_t pcpsel_view_count(const struct pcpsel_view *view);
/* Interface @index's name and ordered servers (borrowed); NULL out of
 * range. */
PCPSEL_EXPORT const char *pcpsel_view_ifname(const struct pcpsel_view *view,
    size_t index);
PCPSEL_EXPORT const struct pcpsel_list *
pcpsel_view_servers(const struct pcpsel_view *view, size_t index);
/* Why interface @index's file was not used: 0 (it was, or there is none),
 * else what pcpsel_file_read() returned for it: -EBADMSG (a malformed line:
 * its 1-based number in *@ret_line), -EFBIG, -ELOOP (a symbolic link),
 * -EINVAL (not a regular file), -EACCES or another negative errno of the
 * file system.  *@ret_line (may be NULL) is 0 except for -EBADMSG.
 * -ERANGE if @index is out of range (*@ret_line untouched). */
PCPSEL_EXPORT int pcpsel_view_error(const struct pcpsel_view *view,
    size_t index, size_t *ret_line);

/* ------------------------------------------------------------------------
 * RFC 7488 selection engine (engine.c) and PCP messages (pcp.c)
 */
/* PCP messages (pcp.c): what selection needs of RFC 6887. */
#define PCPSEL_PCP_VERSION 2 /* RFC 6887 §7.1 */
#define PCPSEL_PCP_CLIENT_PORT 5350 /* RFC 6887 §14.1.1 multicast ANNOUNCE */
#define PCPSEL_PCP_HEADER_LEN 24 /* RFC 6887 §7.1, §7.2 */
#define PCPSEL_PCP_MAX_LEN 1100 /* RFC 6887 §7 */
#define PCPSEL_PCP_NONCE_LEN 12 /* RFC 6887 §11.1 Mapping Nonce */

#define PCPSEL_PCP_OP_ANNOUNCE 0 /* RFC 6887 §19.2 */
#define PCPSEL_PCP_OP_MAP 1
#define PCPSEL_PCP_OP_PEER 2

/* Result codes (RFC 6887 §7.4). */
#define PCPSEL_PCP_SUCCESS 0
#define PCPSEL_PCP_UNSUPP_VERSION 1
#define PCPSEL_PCP_NOT_AUTHORIZED 2
#define PCPSEL_PCP_MALFORMED_REQUEST 3
#define PCPSEL_PCP_UNSUPP_OPCODE 4
#define PCPSEL_PCP_UNSUPP_OPTION 5
#define PCPSEL_PCP_MALFORMED_OPTION 6
#define PCPSEL_PCP_NETWORK_FAILURE 7
#define PCPSEL_PCP_NO_RESOURCES 8
#define PCPSEL_PCP_UNSUPP_PROTOCOL 9
#define PCPSEL_PCP_USER_EX_QUOTA 10
#define PCPSEL_PCP_CANNOT_PROVIDE_EXTERNAL 11
#define PCPSEL_PCP_ADDRESS_MISMATCH 12
#define PCPSEL_PCP_EXCESSIVE_REMOTE_PEERS 13

/* The RFC name of result code @result ("SUCCESS", "UNSUPP_VERSION", ...),
 * or "unknown"; never NULL. */
PCPSEL_EXPORT const char *pcpsel_pcp_result_str(int result);

/* Write a version-2 ANNOUNCE request (RFC 6887 §7.1, §14.1: opcode 0,
 * Requested Lifetime 0, no opcode data, no option) from @client (the
 * source address the request leaves with, RFC 6887 §16.4) into @buf.
 * Returns the length written (PCPSEL_PCP_HEADER_LEN); -EINVAL; -ENOBUFS
 * (@size too small, @buf untouched). */
PCPSEL_EXPORT int pcpsel_pcp_announce(uint8_t *buf, size_t size,
    const struct pcpsel_addr *client);

/* A response header (RFC 6887 §7.2). */
struct pcpsel_pcp_response {
	unsigned version; /* 2; on UNSUPP_VERSION the server's version */
	unsigned opcode; /* without the R bit */
	unsigned result; /* PCPSEL_PCP_* result code */
	uint32_t lifetime; /* 0 when the datagram does not carry it */
	uint32_t epoch; /* Epoch Time; NAT-PMP: Seconds Since Start
				 * of Epoch */
	int has_epoch; /* 1 if the datagram carried an epoch */
	size_t len; /* datagram length */
};

/* Flags of pcpsel_pcp_parse(). */
#define PCPSEL_PCP_PARSE_NATPMP_OP0 \
	0x1u /* P-VER-1: accept the original
						 * RFC 6886 Unsupported Version
						 * reply (OP 0, R clear) */

/* Validate a response datagram in the RFC 6887 §8.3 order, after the
 * source check that is the caller's (SEL-22): fewer than 4 octets, or the
 * R bit clear, is dropped; result UNSUPP_VERSION is returned before the
 * size checks (§9; version 0 is a NAT-PMP server, RFC 6886 §3.5, with or
 * without erratum 3618 under PCPSEL_PCP_PARSE_NATPMP_OP0); otherwise a
 * datagram shorter than 24, longer than 1100, not a multiple of 4 octets
 * or of a version other than 2 is dropped.  Options are not read (RFC 6887
 * §7.3: unknown ones are ignored by clients).
 * Returns 0 and *@ret; -EBADMSG drop it (*@ret untouched); -EINVAL. */
PCPSEL_EXPORT int pcpsel_pcp_parse(const uint8_t *data, size_t len,
    unsigned flags, struct pcpsel_pcp_response *ret);

/* Epoch validation state of one server address (RFC 6887 §8.5,
 * P-EPOCH-1).  Zero it to start. */
struct pcpsel_epoch {
	int have; /* a previous response was seen */
	uint32_t server; /* previous server epoch */
	uint64_t client; /* previous client time, seconds */
};

/* Check @server_epoch received at client time @client_s (seconds, never
 * going back) against @state, then store both in @state (always, §8.5).
 * Returns 1 valid, 0 invalid (the server may have lost state: renew its
 * mappings, RFC 6887 §16.3.1), -EINVAL. */
PCPSEL_EXPORT int pcpsel_epoch_check(struct pcpsel_epoch *state,
    uint32_t server_epoch, uint64_t client_s);

/* The selection engine: RFC 7488 §3/§4 for the servers of one interface.
 * It does no I/O and reads no clock: the caller feeds it the time (ms, any
 * origin, never going back), received datagrams and hard ICMP errors, asks
 * it what to send where (pcpsel_engine_poll) and when to call again
 * (pcpsel_engine_wakeup).  Randomness (RFC 6887 §8.1.1 RAND, the 15-minute
 * jitter, nonces) comes only from the caller's @random, so runs are
 * reproducible.  The exchanges it drives are ANNOUNCE requests
 * (pcpsel_pcp_announce); a PCP client sends its MAP/PEER requests for a
 * server to the address the engine reports in use, with that server's
 * nonce.  One engine is used by one thread at a time. */
struct pcpsel_engine;

struct pcpsel_engine_config {
	uint32_t irt_ms; /* RFC 6887 §8.1.1 IRT; 0: 3000 */
	uint32_t mrt_ms; /* MRT; 0: 1024000 */
	unsigned mrc; /* transmissions per address; 0: 4 (SEL-8,
				 * P-SEL-1, T-1); 5 is the other reading
				 * (T-2) */
	uint32_t restart_ms; /* SEL-12; 0: 900000 (15 min), ±10 %
				 * jitter (P-SEL-5) */
	uint32_t keepalive_ms; /* 0: none; else re-ANNOUNCE to the address in
				 * use every keepalive_ms ±10 % so that a
				 * silent address is noticed (SEL-13) */
	/* Uniform 32-bit random numbers; required.  RAND (per mille) is
	 * (r % 201) - 100: r = 0 gives -0.1, 100 gives 0, 200 gives +0.1. */
	uint32_t (*random)(void *arg);
	void *random_arg;
};

/* A new engine without servers in *@ret_engine (free it with
 * pcpsel_engine_free(), which accepts NULL); @cfg is copied.
 * Returns 0; -EINVAL (@cfg NULL, no random, mrc over 16); -ENOMEM. */
PCPSEL_EXPORT int pcpsel_engine_new(const struct pcpsel_engine_config *cfg,
    struct pcpsel_engine **ret_engine);
PCPSEL_EXPORT void pcpsel_engine_free(struct pcpsel_engine *engine);

/* Replace the servers with those of @list (each server's addresses in the
 * RFC 6724 order to walk, e.g. from pcpsel_view_servers), at time @now_ms
 * (DHCP updates, P-CHG-1..3).  A server of @list with the same address set
 * as a current one keeps its whole state (nonce, state, address in use,
 * epoch, timers); its new order is used from its next walk.  One whose set
 * only intersects a current server's keeps that server's nonce and, if
 * its address in use is still listed, stays in use with it; otherwise it
 * starts a new walk at once.  A new server is contacted at once (SEL-23).
 * A server no longer listed is dropped.  Server indexes follow @list.
 * Returns 0; -EINVAL; -ENOMEM (engine unchanged on failure). */
PCPSEL_EXPORT int pcpsel_engine_set_servers(struct pcpsel_engine *engine,
    const struct pcpsel_list *list, uint64_t now_ms);

/* What to send. */
struct pcpsel_engine_send {
	size_t server; /* server index */
	struct pcpsel_addr addr; /* destination, port 5351 */
	unsigned transmission; /* 1..mrc within this exchange */
	uint8_t nonce[PCPSEL_PCP_NONCE_LEN]; /* the server's nonce */
};

/* Advance the timers to @now_ms and return the next transmission due:
 * 1 and *@ret_send (send one ANNOUNCE there now, then call again), 0
 * nothing due, -EINVAL.  Per server: one address at a time, mrc
 * transmissions with RFC 6887 §8.1.1 timers, then the next address
 * (SEL-9); all exhausted: wait restart_ms (SEL-12); in use: stays so until
 * an exchange with it fails, then a new walk from the first address
 * (SEL-13, P-SEL-2). */
PCPSEL_EXPORT int pcpsel_engine_poll(struct pcpsel_engine *engine,
    uint64_t now_ms, struct pcpsel_engine_send *ret_send);

/* The time at which pcpsel_engine_poll() has something to do, or
 * UINT64_MAX if nothing is pending. */
PCPSEL_EXPORT uint64_t pcpsel_engine_wakeup(
    const struct pcpsel_engine *engine);

/* A datagram of @len bytes from @src port @port at @now_ms.  Accepted only
 * from port 5351 of the address a server is trying or using (SEL-22;
 * late answers from an abandoned address are ignored, SEL-10, P-SEL-4),
 * valid (pcpsel_pcp_parse with P-VER-1) and an ANNOUNCE response.
 * Returns the server index; -ENOENT not from a current server address
 * (dropped); -EBADMSG malformed or not ANNOUNCE (dropped); -EINVAL. */
PCPSEL_EXPORT int pcpsel_engine_input(struct pcpsel_engine *engine,
    uint64_t now_ms, const struct pcpsel_addr *src, uint16_t port,
    const uint8_t *data, size_t len);

/* A response from @src port 5351 at @now_ms that the caller parsed
 * (pcpsel_pcp_parse) and matched to a request of its own (RFC 6887 §8.3
 * step 6: e.g. a MAP response whose nonce, protocol and internal port are
 * those of the request): recorded as pcpsel_engine_input() records an
 * ANNOUNCE answer (the address is in use, SEL-13; result, version, epoch).
 * This is how a PCP client drives the engine with its own requests.
 * Returns the server index; -ENOENT @src is not a current server address
 * (SEL-22, SEL-10); -EINVAL. */
PCPSEL_EXPORT int pcpsel_engine_answer(struct pcpsel_engine *engine,
    uint64_t now_ms, const struct pcpsel_addr *src,
    const struct pcpsel_pcp_response *resp);

/* A hard error for @dst at @now_ms: an ICMP port/protocol unreachable or
 * fragmentation needed (P-SEL-3; ECONNREFUSED on a connected socket) or no
 * route at all.  The server trying @dst moves to its next address at once
 * (SEL-11); a server using it starts a new walk.  Returns the server
 * index; -ENOENT @dst is not a current address (ignored); -EINVAL. */
PCPSEL_EXPORT int pcpsel_engine_unreachable(struct pcpsel_engine *engine,
    uint64_t now_ms, const struct pcpsel_addr *dst);

/* Start an exchange with server @index now (a PCP client about to send
 * requests, or a probe): in use: to the address in use; waiting: a new walk
 * now.  Returns 0 (also when already trying), -EINVAL. */
PCPSEL_EXPORT int pcpsel_engine_request(struct pcpsel_engine *engine,
    size_t index, uint64_t now_ms);

/* Number of servers. */
PCPSEL_EXPORT size_t pcpsel_engine_count(const struct pcpsel_engine *engine);

/* Per-server state (SEL-13, P-SEL-2). */
#define PCPSEL_STATE_TRYING 1 /* walking the addresses */
#define PCPSEL_STATE_IN_USE 2 /* an address answered */
#define PCPSEL_STATE_WAITING 3 /* all exhausted: restart (SEL-12) */

/* TR-181 Device.PCP.Client.{i}.Server.{i}.Status (P-TR-4). */
#define PCPSEL_STATUS_CONNECTING 1
#define PCPSEL_STATUS_ENABLED 2
#define PCPSEL_STATUS_ERROR_TIMEOUT 3
#define PCPSEL_STATUS_ERROR_NOT_AUTHORIZED 4
#define PCPSEL_STATUS_ERROR_UNSUPPORTED 5
#define PCPSEL_STATUS_ERROR_NETWORK_FAILURE 6
#define PCPSEL_STATUS_ERROR 7

/* The TR-181 word of @status ("Connecting", "Enabled", "Error_Timeout",
 * ...), or "Error"; never NULL. */
PCPSEL_EXPORT const char *pcpsel_status_str(int status);

struct pcpsel_server_status {
	int state; /* PCPSEL_STATE_* */
	int status; /* PCPSEL_STATUS_* */
	int has_addr; /* 1: @addr is set */
	struct pcpsel_addr addr; /* TR-181 ServerAddressInUse: in use,
					 * being tried, or last tried */
	size_t addr_index; /* its index in the walk order */
	int result; /* last result code, -1 none yet */
	unsigned version; /* the server's version (PCP 2; 0 NAT-PMP) */
	int has_epoch; /* 1: @epoch is the last one received */
	uint32_t epoch;
	int epoch_valid; /* 0 if the last epoch check failed (§8.5) */
	uint8_t nonce[PCPSEL_PCP_NONCE_LEN]; /* SEL-14, SEL-16 */
	unsigned transmissions; /* to @addr in the current exchange */
	uint64_t answered_ms; /* time of the last accepted response */
	uint64_t restart_ms; /* WAITING: when the walk restarts */
	unsigned walks; /* walks started (1 after the first) */
	unsigned timeouts; /* addresses given up after mrc sends */
	unsigned unreachables; /* addresses given up on a hard error */
};

/* The state of server @index into *@ret.  Returns 0, -EINVAL. */
PCPSEL_EXPORT int pcpsel_engine_status(const struct pcpsel_engine *engine,
    size_t index, struct pcpsel_server_status *ret);

/* Server @index's addresses (borrowed, in the order given last) and their
 * number in *@ret_n; NULL out of range. */
PCPSEL_EXPORT const struct pcpsel_addr *
pcpsel_engine_addrs(const struct pcpsel_engine *engine, size_t index,
    size_t *ret_n);

/* ------------------------------------------------------------------------
 * PCP MAP (RFC 6887 §11): messages (pcp.c) and the MAP client (map.c)
 */
#define PCPSEL_PCP_MAP_LEN 60 /* header + MAP opcode data, §11.1 */
#define PCPSEL_PROTO_TCP 6 /* IANA protocol numbers */
#define PCPSEL_PROTO_UDP 17

/* The fields of a MAP request or response (RFC 6887 §11.1).  Addresses in
 * the 16-byte form (IPv4-mapped for IPv4). */
struct pcpsel_pcp_map {
	uint32_t lifetime; /* requested; granted; for an error, how long
				 * the error holds (§7.2) */
	struct pcpsel_addr client; /* request: PCP Client's IP Address,
					 * the request's source (§7.1) */
	uint8_t nonce[PCPSEL_PCP_NONCE_LEN]; /* Mapping Nonce */
	unsigned protocol; /* 6 TCP, 17 UDP, ... 0 all */
	uint16_t internal_port;
	uint16_t external_port; /* suggested; assigned */
	struct pcpsel_addr external; /* suggested; assigned.  All zeros:
					 * no preference */
};

/* Write a version-2 MAP request (RFC 6887 §7.1, §11.1) into @buf.  An
 * all-zeros @req->external is sent as the all-zeros address of the
 * client's family (§5, §11.1); a delete (lifetime 0) always sends port 0
 * and that all-zeros address (§15.1, erratum 3621).  No option is sent.
 * Returns PCPSEL_PCP_MAP_LEN; -EINVAL (protocol over 255, or protocol 0
 * with a port, §11.1); -ENOBUFS (@buf untouched). */
PCPSEL_EXPORT int pcpsel_pcp_map_request(uint8_t *buf, size_t size,
    const struct pcpsel_pcp_map *req);

/* Read a MAP response: the checks of pcpsel_pcp_parse() (without
 * P-VER-1), then opcode MAP with its 36 octets of opcode data (§11.1);
 * options are ignored (§7.3).  An UNSUPP_VERSION response is not read here
 * (§9: it need not carry opcode data; see pcpsel_pcp_parse).
 * @ret->client is zero (responses do not carry it).
 * Returns 0 and *@ret; -EBADMSG (*@ret untouched); -EINVAL. */
PCPSEL_EXPORT int pcpsel_pcp_map_parse(const uint8_t *data, size_t len,
    struct pcpsel_pcp_map *ret);

/* What a result code asks of a client (RFC 6887 §7.4, §8.3, §9). */
#define PCPSEL_PCP_ACTION_OK 0 /* SUCCESS */
#define PCPSEL_PCP_ACTION_RETRY \
	1 /* short-lifetime error (or
						 * CANNOT_PROVIDE_EXTERNAL):
						 * the same request again after
						 * the error's lifetime */
#define PCPSEL_PCP_ACTION_REFUSED \
	2 /* long-lifetime or unknown
						 * error: this server refuses;
						 * not again within the
						 * error's lifetime */
#define PCPSEL_PCP_ACTION_NEXT_ADDRESS \
	3 /* ADDRESS_MISMATCH: a NAT
						 * between us and this address:
						 * the server's next address */
#define PCPSEL_PCP_ACTION_VERSION 4 /* UNSUPP_VERSION: §9 */

/* The PCPSEL_PCP_ACTION_* of result code @result (0..255). */
PCPSEL_EXPORT int pcpsel_pcp_result_action(int result);

/*
 * The MAP client for the PCP servers of one interface and one address
 * family, without I/O or clock, like the selection engine (which it embeds
 * for server and address choice, RFC 7488): one mapping (protocol, internal
 * port) per server, created, renewed between 1/2 and 5/8 of the granted
 * lifetime (§11.2.1), re-created when the server lost state (§8.5 epoch,
 * §14.1.3 ANNOUNCE), moved when the host's address changes (§11.5) and
 * deleted with lifetime 0 (§15).  The caller feeds it time, datagrams and
 * hard errors, sends what pcpsel_map_poll() returns from the source address
 * given there, and learns results from the event callback.  One object is
 * used by one thread at a time.  See libpcpsel(3).
 */
struct pcpsel_map;

/* Events (struct pcpsel_map_event.type). */
#define PCPSEL_MAP_GRANTED 1 /* a mapping was created */
#define PCPSEL_MAP_RENEWED \
	2 /* renewed, same external
						 * address and port */
#define PCPSEL_MAP_CHANGED \
	3 /* its external address or
						 * port changed (a renewal, or a
						 * Mapping Update, §14.2) */
#define PCPSEL_MAP_REFUSED \
	4 /* an error result; retried at
						 * next_ms (0: the next address
						 * is tried at once) */
#define PCPSEL_MAP_NO_RESPONSE \
	5 /* no address of the server
						 * answered (result -1), or
						 * all with ADDRESS_MISMATCH
						 * (result 12); retried at
						 * next_ms (RFC 7488 §3) */
#define PCPSEL_MAP_RESTARTED \
	6 /* the server lost its state
						 * (epoch, §8.5): the mapping is
						 * being re-created */
#define PCPSEL_MAP_EXPIRED \
	7 /* its lifetime ran out before
						 * a renewal succeeded */
#define PCPSEL_MAP_DELETED \
	8 /* a delete was answered
						 * SUCCESS */
#define PCPSEL_MAP_DELETE_FAILED \
	9 /* a delete was refused or not
						 * answered: the mapping stays
						 * until expires_ms */
#define PCPSEL_MAP_WITHDRAWN \
	10 /* the server left the list:
						 * no longer renewed */
#define PCPSEL_MAP_NO_SOURCE \
	11 /* the host has no usable
						 * address of the family for
						 * this server (P-MAP-1) */

/* The name of an event type ("granted", "renewed", ...) or "unknown". */
PCPSEL_EXPORT const char *pcpsel_map_event_str(int type);

/* What a granted mapping is, from its internal and external address and
 * port (RFC 6887 §11.1: both equal is a firewall, else a translator), in
 * the words of TR-181 Device.PCP.Client.{i}.Server.{i}.Capabilities:
 * "NAT44", "IPv4Firewall", "IPv6Firewall", "NPTv6" (IPv6 to IPv6, same
 * port), "StatefulNAT64" (IPv6 internal, IPv4 external), else "NAT66" or
 * "NAT46"; NULL if @ev holds no granted mapping (external port 0). */
struct pcpsel_map_event;
PCPSEL_EXPORT const char *pcpsel_map_kind(const struct pcpsel_map_event *ev);

/* An event, or a server's current state (pcpsel_map_status).  Times are
 * the caller's milliseconds; 0 when not applicable. */
struct pcpsel_map_event {
	int type; /* PCPSEL_MAP_*; status: the latest event,
				 * 0 none yet */
	const char *ifname; /* the config's label ("" if none) */
	int family; /* PCPSEL_MAPPING_V4 or PCPSEL_MAPPING_V6 */
	size_t server; /* index in the list last given to
				 * pcpsel_map_set_servers (WITHDRAWN: in the
				 * list before) */
	unsigned origin; /* PCPSEL_ORIGIN_* of that server */
	const struct pcpsel_addr *server_addrs; /* all its addresses, in
						 * the list's order (TR-181
						 * ServerNameOrAddress and
						 * AdditionalServerAddresses);
						 * borrowed: valid during the
						 * callback, or until the next
						 * call on the map */
	size_t server_naddrs;
	struct pcpsel_addr server_addr; /* TR-181 ServerAddressInUse:
					 * the address answering, being tried
					 * or last tried; zero if none */
	struct pcpsel_addr internal; /* the mapping's internal address:
					 * the request's source */
	unsigned protocol;
	uint16_t internal_port;
	int result; /* the result code of the answer, -1 none */
	int status; /* TR-181 Server.{i}.Status, PCPSEL_STATUS_*
				 * (P-TR-4; see pcpsel_status_str) */
	unsigned version; /* the server's PCP version (§9) */
	struct pcpsel_addr external; /* the assigned external address */
	uint16_t external_port; /* and port (GRANTED, RENEWED, CHANGED) */
	uint32_t lifetime; /* granted lifetime (s) or the error's */
	uint32_t requested_lifetime;
	int has_epoch;
	uint32_t epoch; /* the server's epoch in that answer */
	uint64_t time_ms; /* when it happened */
	uint64_t expires_ms; /* when the mapping expires at the server */
	uint64_t next_ms; /* the next renewal or retry, 0 none */
};

struct pcpsel_map_config {
	const char *ifname; /* label copied into events (may be NULL);
				 * at most PCPSEL_IFNAMSIZ - 1 characters */
	int family; /* PCPSEL_MAPPING_V4 or PCPSEL_MAPPING_V6 */
	unsigned protocol; /* 1..255, e.g. PCPSEL_PROTO_TCP */
	uint16_t internal_port; /* 1..65535 */
	uint16_t external_port; /* suggested, 0 none (§11.2) */
	struct pcpsel_addr external; /* suggested, all zeros none; only
					 * used if of the map's family */
	uint32_t lifetime; /* requested, s; 0: 600 */
	struct pcpsel_engine_config engine; /* timers and randomness
						 * (random required);
						 * keepalive_ms is ignored */
	void (*event)(void *arg, const struct pcpsel_map_event *ev);
	void *event_arg; /* @event may be NULL; it may call the
				 * status getters, nothing else of this map */
};

/* A new MAP client without servers.  @cfg is copied.
 * Returns 0; -EINVAL (bad family, protocol, port, no random, ...);
 * -ENOMEM. */
PCPSEL_EXPORT int pcpsel_map_new(const struct pcpsel_map_config *cfg,
    struct pcpsel_map **ret_map);
PCPSEL_EXPORT void pcpsel_map_free(struct pcpsel_map *map);

/* The interface's servers (@list: each server's addresses in the RFC 6724
 * order to walk, e.g. pcpsel_view_servers; only the map's family is used,
 * servers without an address of it are left out) and its current
 * addresses (@sources, e.g. pcpsel_sources_get) at @now_ms.  Each server
 * gets its internal address by P-MAP-1 (a global, non-temporary address of
 * the family, the one RFC 6724 §5 picks among those that share the longest
 * prefix with this server rather than with another server of the list).
 * Servers keep their state across calls as in pcpsel_engine_set_servers;
 * a new server is contacted at once; a server left out is no longer
 * renewed (WITHDRAWN); a server whose internal address changed has its old
 * mapping deleted from the old address if it still exists (else left to
 * expire) and a new one requested (§11.5, P-CHG-4).
 * Returns 0; -EINVAL; -ENOMEM (nothing changed on failure). */
PCPSEL_EXPORT int pcpsel_map_set_servers(struct pcpsel_map *map,
    const struct pcpsel_list *list, const struct pcpsel_source *sources,
    size_t nsources, uint64_t now_ms);

/* What to send. */
struct pcpsel_map_send {
	size_t server; /* index in the list */
	struct pcpsel_addr src; /* send from this address (bind to it) */
	struct pcpsel_addr dst; /* to this address, port 5351 */
	size_t len;
	uint8_t data[PCPSEL_PCP_MAP_LEN];
};

/* Advance to @now_ms and return the next datagram due: 1 and *@ret_send
 * (send it now, then call again), 0 nothing due, -EINVAL. */
PCPSEL_EXPORT int pcpsel_map_poll(struct pcpsel_map *map, uint64_t now_ms,
    struct pcpsel_map_send *ret_send);

/* When pcpsel_map_poll() has something to do, UINT64_MAX never. */
PCPSEL_EXPORT uint64_t pcpsel_map_wakeup(const struct pcpsel_map *map);

/* A datagram from @src port @port received on local address @local (the
 * address it was sent to; NULL: unknown, not checked) at @now_ms: a MAP
 * response matched by nonce, protocol, internal port and internal address
 * (§11.4), or an ANNOUNCE (§14.1.3), accepted only from the address a
 * server is trying or using (SEL-22).
 * Returns the server index; -ENOENT not from a current server address;
 * -EBADMSG malformed or not matching (dropped); -EINVAL. */
PCPSEL_EXPORT int pcpsel_map_input(struct pcpsel_map *map, uint64_t now_ms,
    const struct pcpsel_addr *src, uint16_t port,
    const struct pcpsel_addr *local, const uint8_t *data, size_t len);

/* A hard error (P-SEL-3) for @dst at @now_ms: its server moves to the next
 * address at once (SEL-11).  Returns the server index; -ENOENT; -EINVAL. */
PCPSEL_EXPORT int pcpsel_map_unreachable(struct pcpsel_map *map,
    uint64_t now_ms, const struct pcpsel_addr *dst);

/* Stop: delete every mapping held (lifetime 0, §15) with one exchange to
 * the address in use; nothing is renewed any more.  Events DELETED or
 * DELETE_FAILED follow.  Returns the number of deletes started, -EINVAL. */
PCPSEL_EXPORT int pcpsel_map_stop(struct pcpsel_map *map, uint64_t now_ms);

/* 1 once pcpsel_map_stop() was called and every delete is answered or
 * given up, else 0. */
PCPSEL_EXPORT int pcpsel_map_stopped(const struct pcpsel_map *map);

/* Servers of the family (one entry per server of the list that has an
 * address of it), and the state of entry @index (its server index in
 * ->server).  Returns 0, -EINVAL. */
PCPSEL_EXPORT size_t pcpsel_map_count(const struct pcpsel_map *map);
PCPSEL_EXPORT int pcpsel_map_status(const struct pcpsel_map *map, size_t index,
    struct pcpsel_map_event *ret);

/* ------------------------------------------------------------------------
 * Sockets to PCP servers (transport.c, Linux): what `pcpsel probe`, the
 * mapper below and any client that drives the engine or a MAP client
 * itself need.  Every socket is bound to its interface (SO_BINDTODEVICE,
 * P-IF-2), optionally to a source address, connected to the server's
 * address and port 5351 (so that the kernel filters the peer, SEL-22), and
 * reports ICMP errors in detail (IP_RECVERR, IPV6_RECVERR).  Needs
 * CAP_NET_RAW for SO_BINDTODEVICE on older kernels (root).
 *
 * Hard and soft errors (P-SEL-3, RFC 7488 §3 step 4, RFC 1122 §4.2.3.9,
 * RFC 4443), with what Linux reports for each:
 *   ICMP Destination Unreachable
 *     0 net, 1 host, 5 source route failed, 11/12 net/host for TOS: soft
 *       (ENETUNREACH, EHOSTUNREACH, EOPNOTSUPP)
 *     2 protocol (ENOPROTOOPT), 3 port (ECONNREFUSED), 4 fragmentation
 *       needed and DF set (EMSGSIZE): hard, RFC 1122
 *     6/7 network/host unknown (ENETUNREACH, EHOSTDOWN), 8 host isolated
 *       (ENONET), 9/10/13 administratively prohibited (ENETUNREACH,
 *       EHOSTUNREACH), 14/15 precedence (EHOSTUNREACH): hard
 *   ICMP Time Exceeded (EHOSTUNREACH), Parameter Problem (EPROTO): soft
 *   ICMPv6 Destination Unreachable
 *     0 no route (ENETUNREACH), 3 address unreachable (EHOSTUNREACH): soft
 *     1 administratively prohibited, 5 source address failed policy,
 *       6 reject route (EACCES), 2 beyond scope of source (EHOSTUNREACH),
 *       4 port unreachable (ECONNREFUSED), other codes (EPROTO): hard
 *   ICMPv6 Packet Too Big (EMSGSIZE): hard, as fragmentation needed
 *   ICMPv6 Parameter Problem: code 1 unrecognized Next Header (EPROTO, the
 *     protocol unreachable of IPv6, RFC 4443 §3.4): hard; others: soft
 *   ICMPv6 Time Exceeded (EHOSTUNREACH): soft
 *   No ICMP, the local stack: no route (ENETUNREACH, EHOSTUNREACH), a
 *     local firewall (EPERM, EACCES), EMSGSIZE, ECONNREFUSED, ENOPROTOOPT,
 *     EADDRNOTAVAIL (the source address is gone): hard; anything else
 *     (ENOBUFS, ENETDOWN, ...): soft.
 */

/* 1 if the ICMP (@family 4) or ICMPv6 (@family 6) error @type/@code is
 * hard, 0 if soft, by the table above; the errno Linux reports for it in
 * *@ret_errno (may be NULL).  -EINVAL for another family. */
PCPSEL_EXPORT int pcpsel_icmp_hard(int family, unsigned type, unsigned code,
    int *ret_errno);

/* The name of an ICMP or ICMPv6 error ("port unreachable", "packet too
 * big", ...); "ICMP error" when unknown; never NULL. */
PCPSEL_EXPORT const char *pcpsel_icmp_str(int family, unsigned type,
    unsigned code);

/* 1 if the errno @err, reported by the local stack without an ICMP
 * message, is hard (see above), else 0. */
PCPSEL_EXPORT int pcpsel_errno_hard(int err);

struct pcpsel_transport;

/* What pcpsel_transport_recv() or a failed send reports. */
struct pcpsel_datagram {
	char ifname[PCPSEL_IFNAMSIZ]; /* the socket's interface */
	int announce; /* 1: on a listener of port 5350 */
	struct pcpsel_addr local; /* our address: the datagram's
					 * destination, or the socket's */
	struct pcpsel_addr peer; /* the datagram's source, or the
					 * destination an error is about */
	uint16_t peer_port;
	const uint8_t *data; /* the datagram (borrowed until the next
				 * call), NULL for an error */
	size_t len;
	int error; /* 0, or the errno of an error */
	int hard; /* 1: a hard error (see above) */
	int icmp; /* 1: the error came in an ICMP message */
	unsigned icmp_type, icmp_code;
	struct pcpsel_addr icmp_from; /* who sent the ICMP message */
};

/* A new transport without sockets in *@ret.  Returns 0, -ENOMEM or a
 * negative errno (epoll_create1). */
PCPSEL_EXPORT int pcpsel_transport_new(struct pcpsel_transport **ret);
PCPSEL_EXPORT void pcpsel_transport_free(struct pcpsel_transport *t);

/* A file descriptor that polls readable (POLLIN) while
 * pcpsel_transport_recv() has something to return; owned by @t. */
PCPSEL_EXPORT int pcpsel_transport_fd(const struct pcpsel_transport *t);

/* The socket on interface @ifname from @src (NULL: the address the kernel
 * chooses) to @dst port 5351, opened if need be; its local address (the
 * PCP client address to put in requests, RFC 6887 §16.4) in *@ret_local
 * (may be NULL).  Returns 0; -EINVAL; -ENODEV no such interface; -ENOMEM;
 * or the negative errno of socket(), bind() or connect() (e.g.
 * -ENETUNREACH: see pcpsel_errno_hard). */
PCPSEL_EXPORT int pcpsel_transport_open(struct pcpsel_transport *t,
    const char *ifname, const struct pcpsel_addr *src,
    const struct pcpsel_addr *dst, struct pcpsel_addr *ret_local);

/* Send @len bytes on that socket (opened if need be).  Returns 0 sent;
 * 1 not sent, the error in *@ret_err (hard or soft, with the ICMP message
 * behind it if the kernel kept one); -EINVAL; -ENOMEM. */
PCPSEL_EXPORT int pcpsel_transport_send(struct pcpsel_transport *t,
    const char *ifname, const struct pcpsel_addr *src,
    const struct pcpsel_addr *dst, const uint8_t *data, size_t len,
    struct pcpsel_datagram *ret_err);

/* Listen on port 5350 of @ifname for unsolicited ANNOUNCEs (RFC 6887
 * §14.1.3) of @family (4: 224.0.0.1, 6: ff02::1), SO_REUSEPORT so that
 * other clients can listen too.  Returns 0 (also if listening already);
 * -EINVAL; -ENODEV; -ENOMEM; or a negative errno. */
PCPSEL_EXPORT int pcpsel_transport_listen(struct pcpsel_transport *t,
    const char *ifname, int family);

/* Close the sockets of @ifname (NULL: every interface) whose destination
 * @keep does not accept (@keep NULL: all of them); listeners stay unless
 * @keep is NULL. */
PCPSEL_EXPORT void pcpsel_transport_close(struct pcpsel_transport *t,
    const char *ifname,
    int (*keep)(void *arg, const char *ifname, const struct pcpsel_addr *src,
	const struct pcpsel_addr *dst),
    void *arg);

/* The next datagram or error pending on any socket: 1 and *@ret, 0
 * nothing pending, or a negative errno. */
PCPSEL_EXPORT int pcpsel_transport_recv(struct pcpsel_transport *t,
    struct pcpsel_datagram *ret);

/* ------------------------------------------------------------------------
 * The mapper (mapper.c, Linux): a MAP client for applications.  It keeps
 * one mapping (protocol, internal port) on every PCP server of every
 * interface of the server-list directory (or of the named interfaces), for
 * IPv4 (NAT44) and IPv6 (pinholes), follows changes of the files (inotify)
 * and of the host's addresses (netlink), and deletes its mappings when
 * stopped.  It owns its sockets and runs in the application's event loop:
 * poll pcpsel_mapper_fd() for POLLIN with pcpsel_mapper_timeout(), then call
 * pcpsel_mapper_process().  No thread, no signal, no polling timer.
 */
struct pcpsel_mapper;

/* An event of the mapper itself: a server-list file that could not be
 * read; its interface keeps the servers it had (result: -errno). */
#define PCPSEL_MAP_BAD_FILE 12

struct pcpsel_mapper_config {
	const char *dir; /* NULL: pcpsel_servers_dir() */
	const char *const *ifnames; /* NULL: every file of @dir, as they
					 * come and go */
	size_t nifnames;
	int family; /* PCPSEL_MAPPING_ANY (both), _V4 or _V6 */
	unsigned protocol; /* 1..255, e.g. PCPSEL_PROTO_TCP */
	uint16_t internal_port; /* 1..65535 */
	uint16_t external_port; /* suggested, 0 none */
	struct pcpsel_addr external; /* suggested, all zeros none */
	uint32_t lifetime; /* requested, s; 0: 600 */
	uint32_t irt_ms; /* RFC 6887 §8.1.1 IRT; 0: 3000 */
	unsigned mrc; /* transmissions per address; 0: 4 */
	void (*event)(void *arg, const struct pcpsel_map_event *ev);
	void *event_arg; /* @event is called from pcpsel_mapper_new()
				 * (with the mapper not yet returned),
				 * _process() and _stop(); it may call the
				 * getters, nothing else of the mapper */
	int wait_dir; /* nonzero: a missing @dir is waited for (a host
			 * starts before any lease): its nearest existing
			 * parent is watched until @dir appears; 0:
			 * pcpsel_mapper_new() fails with -ENOENT */
};

/* Read the directory and the host's addresses, open the notifications;
 * nothing is sent before the first pcpsel_mapper_process().
 * Returns 0; -EINVAL; -ENOENT @dir is missing (without @wait_dir);
 * -ENOTDIR; -ENOMEM; or a negative errno. */
PCPSEL_EXPORT int pcpsel_mapper_new(const struct pcpsel_mapper_config *cfg,
    struct pcpsel_mapper **ret);
/* Closes everything; mappings still held stay until they expire (call
 * pcpsel_mapper_stop() first to delete them). */
PCPSEL_EXPORT void pcpsel_mapper_free(struct pcpsel_mapper *m);

/* The descriptor to poll for POLLIN (owned by @m). */
PCPSEL_EXPORT int pcpsel_mapper_fd(const struct pcpsel_mapper *m);

/* Milliseconds until pcpsel_mapper_process() is due even without input
 * (0: now), -1 when only input can wake it. */
PCPSEL_EXPORT int pcpsel_mapper_timeout(const struct pcpsel_mapper *m);

/* Read what is pending, run the timers, send what is due; events go to
 * the callback.  Returns 0, or a negative errno when the mapper cannot go
 * on (-ENOENT: the directory was removed; while waiting for it to appear
 * (@wait_dir), -ENOTDIR or another errno when it can no longer be
 * watched). */
PCPSEL_EXPORT int pcpsel_mapper_process(struct pcpsel_mapper *m);

/* Stop: delete every mapping (pcpsel_map_stop), follow nothing more;
 * keep calling pcpsel_mapper_process() until pcpsel_mapper_done().
 * Returns the number of deletes started. */
PCPSEL_EXPORT int pcpsel_mapper_stop(struct pcpsel_mapper *m);
PCPSEL_EXPORT int pcpsel_mapper_done(const struct pcpsel_mapper *m);

/* Every (interface, family, server) entry and its current state (the
 * latest event; type 0: none yet), and the servers of interface @ifname
 * as last read (borrowed; NULL if unknown). */
PCPSEL_EXPORT size_t pcpsel_mapper_count(const struct pcpsel_mapper *m);
PCPSEL_EXPORT int pcpsel_mapper_status(const struct pcpsel_mapper *m,
    size_t index, struct pcpsel_map_event *ret);
PCPSEL_EXPORT const struct pcpsel_list *
pcpsel_mapper_servers(const struct pcpsel_mapper *m, const char *ifname);

/* The time base of events (ms since the mapper was created). */
PCPSEL_EXPORT uint64_t pcpsel_mapper_now(const struct pcpsel_mapper *m);

#ifdef __cplusplus
}
#endif

#endif /* PCPSEL_H */
