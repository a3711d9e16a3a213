/*
 * kea.c - the "pcp-servers" parameters of the Kea hook, shared by the hook
 *	   (load(), dhcpN_srv_configured) and `pcpsel kea-check`
 *
 * A value is a list of servers, each a list of addresses (RFC 7291 §5,
 * R7291-16/17: the operator says which addresses make one server):
 *
 *	"pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ]
 *
 * Every error is reported (one message each, naming the parameter, the
 * scope and the value); the value is encoded only when it has none.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"
#include "json.h"

/* Longest option-158 instance Kea 2.2 sends unsplit (measured). */
#define KEA_V4_MAX_DATA 253

#define PARAM		"pcp-servers"
#define PARAM_ALWAYS	"always-send"
#define HOOK_FILE	"libdhcp_pcpsel.so"
#define HOOK_SCOPE	"hook parameters"

/* Longest rendering of a value or a name taken from the configuration. */
#define SHOW_MAX	64
#define VAL_SIZE	(SHOW_MAX + 32)
#define SCOPE_SIZE	320

struct kctx {
	int family;
	void (*report)(void *arg, const char *msg);
	void *arg;
	int nerrors;
};

/* Report one error. */
static void
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
kerr(struct kctx *k, const char *fmt, ...)
{
	char msg[PCPSEL_KEA_ERRSIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (k->nerrors < INT_MAX)
		k->nerrors++;
	if (k->report != NULL)
		k->report(k->arg, msg);
}

/* snprintf for scope texts, where truncation is accepted. */
static void
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
scopef(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* Copy @len bytes of @s into @buf (at least 8 bytes) with quotes (if
 * @quote) and JSON escapes, cut with "..." after SHOW_MAX source bytes or
 * when @buf is full. */
static void
show_bytes(char *buf, size_t size, const char *s, size_t len, int quote)
{
	static const char hex[] = "0123456789abcdef";
	const size_t room = size - 5;	/* for ..." and the NUL */
	unsigned char ch;
	size_t i, o = 0, n, j;
	char tmp[6];

	if (quote)
		buf[o++] = '"';
	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		n = 0;
		if (ch == '"' || ch == '\\') {
			tmp[n++] = '\\';
			tmp[n++] = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			tmp[n++] = '\\';
			tmp[n++] = 'u';
			tmp[n++] = '0';
			tmp[n++] = '0';
			tmp[n++] = hex[ch >> 4];
			tmp[n++] = hex[ch & 0xf];
		} else
			tmp[n++] = (char)ch;
		/* cut only before the first byte of a UTF-8 sequence */
		if ((i >= SHOW_MAX || o + n > room) && (ch & 0xc0) != 0x80) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (o + n > room)
			break;
		for (j = 0; j < n; j++)
			buf[o++] = tmp[j];
	}
	if (quote)
		buf[o++] = '"';
	buf[o] = '\0';
}

/* A JSON value for a message: "text", 12, true, a list, a map. */
static const char *
show(const struct ps_json *doc, size_t node, char *buf, size_t size)
{
	const char *s;
	size_t len;

	switch (ps_json_type(doc, node)) {
	case PS_JSON_STRING:
	case PS_JSON_NUMBER:
		s = ps_json_str(doc, node, &len);
		show_bytes(buf, size, s, len,
		    ps_json_type(doc, node) == PS_JSON_STRING);
		return buf;
	case PS_JSON_ARRAY:
		return ps_json_count(doc, node) == 0 ? "[]" : "a list";
	case PS_JSON_OBJECT:
		return ps_json_count(doc, node) == 0 ? "{}" : "a map";
	default:
		return ps_json_type_name(ps_json_type(doc, node));
	}
}

/* A name from the configuration for a scope, without quotes. */
static const char *
name_of(const struct ps_json *doc, size_t node, char *buf, size_t size)
{
	const char *s;
	size_t len;

	s = ps_json_str(doc, node, &len);
	if (s == NULL)
		return NULL;
	show_bytes(buf, size, s, len, 0);
	return buf;
}

/* Why pcpsel_addr_usable() refuses @addr (R7291-8, R7291-15, P-DHCP4-3,
 * P-DHCP6-4), for the message. */
static const char *
unusable_reason(const struct pcpsel_addr *addr)
{
	const uint8_t *b = addr->bytes;
	static const uint8_t zero[12];

	if (pcpsel_addr_is_v4(addr)) {
		b = PS_V4(addr);
		if (b[0] == 0)
			return "0.0.0.0/8, this network";
		if (b[0] == 127)
			return "loopback";
		if (b[0] >= 224 && b[0] <= 239)
			return "multicast";
		if (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255)
			return "broadcast";
		if (b[0] >= 240)
			return "reserved, 240.0.0.0/4";
		return "excluded";
	}
	if (b[0] == 0xff)
		return "multicast";
	if (memcmp(b, zero, 12) == 0 && b[12] == 0 && b[13] == 0 &&
	    b[14] == 0 && b[15] <= 1)
		return b[15] == 0 ? "unspecified" : "loopback";
	if (memcmp(b, zero, 12) == 0)
		return "IPv4-compatible, deprecated by RFC 4291";
	return "excluded";
}

/* One valid address of the value, in document order. */
struct entry {
	struct pcpsel_addr addr;
	size_t server;		/* 1-based */
	size_t index;		/* 1-based within its server */
	size_t pos;		/* position in document order */
	size_t node;		/* its JSON string */
};

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int r;

	r = memcmp(x->addr.bytes, y->addr.bytes, sizeof(x->addr.bytes));
	if (r != 0)
		return r;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Build and encode the list of a value found valid. */
static int
encode(int family, const struct entry *ents, size_t nents,
    struct pcpsel_wire **ret_wire)
{
	struct pcpsel_list *list;
	struct pcpsel_addr *addrs;
	size_t i, j;
	int r = 0;

	list = pcpsel_list_new();
	addrs = malloc((nents > 0 ? nents : 1) * sizeof(*addrs));
	if (list == NULL || addrs == NULL) {
		r = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nents; i = j) {
		for (j = i; j < nents && ents[j].server == ents[i].server; j++)
			addrs[j - i] = ents[j].addr;
		r = pcpsel_list_add_server(list, family == 4 ?
		    PCPSEL_ORIGIN_DHCPV4 : PCPSEL_ORIGIN_DHCPV6, addrs, j - i);
		if (r < 0)
			goto out;
	}
	/* RFC 7291 §4.1, RFC 3396: split between servers only, in instances
	 * Kea 2.2 sends whole (its Pkt4::pack() cuts any option over
	 * KEA_V4_MAX_DATA bytes anywhere, even inside a server) */
	if (family == 4)
		r = pcpsel_v4_encode_split(list, KEA_V4_MAX_DATA, ret_wire);
	else
		r = pcpsel_v6_encode(list, ret_wire);	/* R7291-3/4 */
out:
	free(addrs);
	pcpsel_list_free(list);
	return r;
}

/* Check the value @node of "pcp-servers" in scope @where (NULL: no scope)
 * and, if it has no error and @ret_wire is not NULL, encode it.
 * Returns 0 (errors counted in @k) or -ENOMEM. */
static int
check_servers(struct kctx *k, const struct ps_json *doc, size_t node,
    const char *where, struct pcpsel_wire **ret_wire)
{
	char pre[SCOPE_SIZE + 32], val[VAL_SIZE];
	const int before = k->nerrors;
	struct entry *ents = NULL, *sorted = NULL;
	size_t nservers, naddrs, total = 0, bytes = 0, nents = 0;
	size_t s, a, i, run, srv, adr, *first = NULL;
	struct pcpsel_addr addr;
	const char *text;
	size_t len;
	int r = 0;

	if (where != NULL)
		scopef(pre, sizeof(pre), PARAM " in %s", where);
	else
		snprintf(pre, sizeof(pre), PARAM);
	if (ps_json_type(doc, node) != PS_JSON_ARRAY) {
		kerr(k, "%s: expected a list of servers (lists of addresses), "
		    "got %s", pre, show(doc, node, val, sizeof(val)));
		return 0;
	}
	nservers = ps_json_count(doc, node);
	for (s = 0, srv = ps_json_first(doc, node); s < nservers;
	    s++, srv = ps_json_next(doc, srv))
		if (ps_json_type(doc, srv) == PS_JSON_ARRAY)
			total += ps_json_count(doc, srv);
	if (total > 0) {
		ents = calloc(total, sizeof(*ents));
		if (ents == NULL)
			return -ENOMEM;
	}

	for (s = 0, srv = ps_json_first(doc, node); s < nservers;
	    s++, srv = ps_json_next(doc, srv)) {
		if (ps_json_type(doc, srv) != PS_JSON_ARRAY) {
			kerr(k, "%s, server %zu: expected a list of addresses, "
			    "got %s", pre, s + 1, show(doc, srv, val,
			    sizeof(val)));
			continue;
		}
		naddrs = ps_json_count(doc, srv);
		/* R7291-2, RFC 7291 §4.1: one or more addresses a server */
		if (naddrs == 0)
			kerr(k, "%s, server %zu: [] is empty; a server needs "
			    "at least one address", pre, s + 1);
		/* RFC 7291 §4.1: List-Length is one octet (63 addresses) */
		if (k->family == 4 && naddrs > PCPSEL_V4_MAX_ADDRS)
			kerr(k, "%s, server %zu: %zu addresses, more than the "
			    "%d a DHCPv4 option 158 list can hold", pre, s + 1,
			    naddrs, PCPSEL_V4_MAX_ADDRS);
		/* R7291-1: option-len is 16 bits */
		if (k->family == 6 && naddrs > PCPSEL_V6_MAX_ADDRS)
			kerr(k, "%s, server %zu: %zu addresses, more than the "
			    "%d a DHCPv6 option 86 can hold", pre, s + 1,
			    naddrs, PCPSEL_V6_MAX_ADDRS);
		bytes += k->family == 4 ? 1 + 4 * naddrs : 16 * naddrs;

		for (a = 0, adr = ps_json_first(doc, srv); a < naddrs;
		    a++, adr = ps_json_next(doc, adr)) {
			text = ps_json_str(doc, adr, &len);
			if (ps_json_type(doc, adr) != PS_JSON_STRING) {
				kerr(k, "%s, server %zu, address %zu: expected "
				    "an address string, got %s", pre, s + 1,
				    a + 1, show(doc, adr, val, sizeof(val)));
				continue;
			}
			show(doc, adr, val, sizeof(val));
			if (strlen(text) != len ||
			    pcpsel_addr_from_string(&addr, text) < 0) {
				kerr(k, "%s, server %zu, address %zu: %s is "
				    "not an %s address", pre, s + 1, a + 1, val,
				    k->family == 4 ? "IPv4" : "IPv6 or IPv4");
				continue;
			}
			/* RFC 7291 §4.1: option 158 carries IPv4 only */
			if (k->family == 4 && !pcpsel_addr_is_v4(&addr)) {
				kerr(k, "%s, server %zu, address %zu: %s is an "
				    "IPv6 address; kea-dhcp4 sends only IPv4 "
				    "addresses", pre, s + 1, a + 1, val);
				continue;
			}
			if (!pcpsel_addr_usable(&addr)) {
				kerr(k, "%s, server %zu, address %zu: %s is "
				    "not usable as a PCP server address (%s)",
				    pre, s + 1, a + 1, val,
				    unusable_reason(&addr));
				continue;
			}
			ents[nents].addr = addr;
			ents[nents].server = s + 1;
			ents[nents].index = a + 1;
			ents[nents].pos = nents;
			ents[nents].node = adr;
			nents++;
		}
	}

	/* Each address once in the whole value (pcpsel.h; R7291-17):
	 * sort by (address, position), then every member of a run but its
	 * first is a duplicate of that first. */
	if (nents > 1) {
		sorted = malloc(nents * sizeof(*sorted));
		first = malloc(nents * sizeof(*first));
		if (sorted == NULL || first == NULL) {
			r = -ENOMEM;
			goto out;
		}
		memcpy(sorted, ents, nents * sizeof(*sorted));
		qsort(sorted, nents, sizeof(*sorted), entry_cmp);
		for (i = 0, run = 0; i < nents; i++) {
			if (i > 0 && memcmp(&sorted[i].addr,
			    &sorted[i - 1].addr, sizeof(addr)) != 0)
				run = i;
			first[sorted[i].pos] = sorted[run].pos;
		}
		for (i = 0; i < nents; i++) {
			if (first[i] == i)
				continue;
			kerr(k, "%s, server %zu, address %zu: %s is already "
			    "given as server %zu, address %zu", pre,
			    ents[i].server, ents[i].index,
			    show(doc, ents[i].node, val, sizeof(val)),
			    ents[first[i]].server, ents[first[i]].index);
		}
	}

	/* Anything larger cannot travel in one DHCP message. */
	if (bytes > PCPSEL_MAX_INPUT)
		kerr(k, "%s: %zu servers need %zu bytes of option data, more "
		    "than %d", pre, nservers, bytes, PCPSEL_MAX_INPUT);

	if (k->nerrors == before && ret_wire != NULL) {
		r = encode(k->family, ents, nents, ret_wire);
		if (r < 0 && r != -ENOMEM) {
			kerr(k, "%s: cannot be encoded (%s)", pre,
			    strerror(-r));
			r = 0;
		}
	}
out:
	free(first);
	free(sorted);
	free(ents);
	return r;
}

/* The hook library's "parameters" map @node.  When @ret_wire is not NULL
 * and there is no error, *@ret_wire is the encoded "pcp-servers" (NULL
 * without that key) and *@ret_always_send the flag. */
static int
check_params(struct kctx *k, const struct ps_json *doc, size_t node,
    struct pcpsel_wire **ret_wire, int *ret_always_send)
{
	char val[VAL_SIZE];
	const int before = k->nerrors;
	struct pcpsel_wire *wire = NULL;
	size_t i, n, key, servers = PS_JSON_NONE, always = PS_JSON_NONE;
	int always_send = 0, r = 0;

	if (ps_json_type(doc, node) != PS_JSON_OBJECT) {
		kerr(k, HOOK_SCOPE ": expected a map, got %s",
		    show(doc, node, val, sizeof(val)));
		return 0;
	}
	n = ps_json_count(doc, node);
	for (i = 0, key = ps_json_first(doc, node); i < n;
	    i++, key = ps_json_next(doc, key + 1)) {
		/* Kea keeps the last of duplicate keys: so do we, loudly */
		if (ps_json_str_eq(doc, key, PARAM)) {
			if (servers != PS_JSON_NONE)
				kerr(k, HOOK_SCOPE ": " PARAM " is given more "
				    "than once");
			servers = key + 1;
		} else if (ps_json_str_eq(doc, key, PARAM_ALWAYS)) {
			if (always != PS_JSON_NONE)
				kerr(k, HOOK_SCOPE ": " PARAM_ALWAYS " is "
				    "given more than once");
			always = key + 1;
		} else
			kerr(k, HOOK_SCOPE ": unknown parameter %s (known: "
			    PARAM ", " PARAM_ALWAYS ")",
			    show(doc, key, val, sizeof(val)));
	}
	if (always != PS_JSON_NONE) {
		if (ps_json_type(doc, always) == PS_JSON_TRUE)
			always_send = 1;
		else if (ps_json_type(doc, always) != PS_JSON_FALSE)
			kerr(k, PARAM_ALWAYS " in " HOOK_SCOPE ": expected "
			    "true or false, got %s", show(doc, always, val,
			    sizeof(val)));
	}
	if (servers != PS_JSON_NONE) {
		r = check_servers(k, doc, servers, HOOK_SCOPE,
		    ret_wire != NULL ? &wire : NULL);
		if (r < 0)
			return r;
	}
	if (k->nerrors != before || ret_wire == NULL) {
		pcpsel_wire_free(wire);
		return 0;
	}
	*ret_wire = wire;
	if (ret_always_send != NULL)
		*ret_always_send = always_send;
	return 0;
}

/* "pcp-servers" in the user-context of @node, in @scope. */
static int
check_context(struct kctx *k, const struct ps_json *doc, size_t node,
    const char *scope)
{
	size_t ctx, value, count;

	/* a user-context that is not a map is Kea's to refuse */
	ctx = ps_json_get(doc, node, "user-context", NULL);
	if (ps_json_type(doc, ctx) != PS_JSON_OBJECT)
		return 0;
	value = ps_json_get(doc, ctx, PARAM, &count);
	if (value == PS_JSON_NONE)
		return 0;
	if (count > 1)
		kerr(k, PARAM " in %s: given more than once in user-context",
		    scope);
	return check_servers(k, doc, value, scope, NULL);
}

/* "NOUN NAME" from @node's @key, else "NOUN #@index". */
static void
scope_name(char *buf, size_t size, const char *noun,
    const struct ps_json *doc, size_t node, const char *key, size_t index)
{
	char name[VAL_SIZE];

	if (name_of(doc, ps_json_get(doc, node, key, NULL), name,
	    sizeof(name)) != NULL)
		scopef(buf, size, "%s %s", noun, name);
	else
		scopef(buf, size, "%s #%zu", noun, index + 1);
}

/* "subnet 192.0.2.0/24 (id 1)", or what of it the entry has. */
static void
subnet_scope(char *buf, size_t size, const struct ps_json *doc,
    size_t node, size_t index)
{
	char prefix[VAL_SIZE], id[VAL_SIZE];
	const char *p, *i;

	p = name_of(doc, ps_json_get(doc, node, "subnet", NULL), prefix,
	    sizeof(prefix));
	i = name_of(doc, ps_json_get(doc, node, "id", NULL), id, sizeof(id));
	if (p != NULL && i != NULL)
		scopef(buf, size, "subnet %s (id %s)", p, i);
	else if (p != NULL)
		scopef(buf, size, "subnet %s", p);
	else if (i != NULL)
		scopef(buf, size, "subnet id %s", i);
	else
		scopef(buf, size, "subnet #%zu", index + 1);
}

/* A reservation identifier as Kea shows it: lowercase hex bytes joined by
 * ':' whether it was written "02:00:00:00:00:01", "020000000001" or, for
 * the textual forms, 'text' between single quotes.  Anything else is shown
 * as written. */
static const char *
ident_of(const struct ps_json *doc, size_t node, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t bytes[SHOW_MAX / 2];
	size_t len, i, n = 0, o = 0;
	const char *s;
	int hi, lo;

	s = ps_json_str(doc, node, &len);
	if (s == NULL || ps_json_type(doc, node) != PS_JSON_STRING)
		return NULL;
	if (len >= 2 && s[0] == '\'' && s[len - 1] == '\'') {
		for (i = 1; i + 1 < len && n < sizeof(bytes); i++)
			bytes[n++] = (uint8_t)s[i];
		if (i + 1 < len)
			goto as_written;
	} else {
		for (i = 0; i < len; ) {
			if (n == sizeof(bytes) || (hi = ps_hex_digit(s[i])) < 0)
				goto as_written;
			i++;
			lo = i < len ? ps_hex_digit(s[i]) : -1;
			if (lo >= 0) {
				bytes[n++] = (uint8_t)(hi << 4 | lo);
				i++;
			} else
				bytes[n++] = (uint8_t)hi;
			if (i < len && s[i] == ':' && i + 1 < len)
				i++;
			else if (i < len && ps_hex_digit(s[i]) < 0)
				goto as_written;
		}
		if (n == 0)
			goto as_written;
	}
	for (i = 0; i < n && o + 4 <= size; i++) {
		if (i > 0)
			buf[o++] = ':';
		buf[o++] = hex[bytes[i] >> 4];
		buf[o++] = hex[bytes[i] & 0xf];
	}
	buf[o] = '\0';
	return buf;
as_written:
	return name_of(doc, node, buf, size);
}

/* Host reservations of @arr: "reservation hw-address 02:00:00:00:00:01"
 * then @suffix (" in subnet ...") or, with @suffix NULL, "global
 * reservation ...". */
static int
check_reservations(struct kctx *k, const struct ps_json *doc, size_t arr,
    const char *suffix)
{
	static const char *const ids4[] = { "hw-address", "client-id",
	    "duid", "circuit-id", "flex-id" };
	static const char *const ids6[] = { "duid", "hw-address",
	    "flex-id" };
	const char *const *ids = k->family == 4 ? ids4 : ids6;
	const size_t nids = k->family == 4 ? PS_ARRAY_SIZE(ids4) :
	    PS_ARRAY_SIZE(ids6);
	char scope[SCOPE_SIZE], value[VAL_SIZE];
	size_t i, j, n, res;
	const char *pre = suffix != NULL ? "" : "global ";
	int r;

	if (ps_json_type(doc, arr) != PS_JSON_ARRAY)
		return 0;
	if (suffix == NULL)
		suffix = "";
	n = ps_json_count(doc, arr);
	for (i = 0, res = ps_json_first(doc, arr); i < n;
	    i++, res = ps_json_next(doc, res)) {
		if (ps_json_type(doc, res) != PS_JSON_OBJECT)
			continue;
		for (j = 0; j < nids; j++)
			if (ident_of(doc, ps_json_get(doc, res, ids[j], NULL),
			    value, sizeof(value)) != NULL)
				break;
		if (j < nids)
			scopef(scope, sizeof(scope), "%sreservation %s %s%s",
			    pre, ids[j], value, suffix);
		else
			scopef(scope, sizeof(scope), "%sreservation #%zu%s",
			    pre, i + 1, suffix);
		r = check_context(k, doc, res, scope);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The subnets of @arr (top level or in a shared network). */
static int
check_subnets(struct kctx *k, const struct ps_json *doc, size_t arr)
{
	char scope[SCOPE_SIZE], suffix[SCOPE_SIZE + 4];
	size_t i, n, sub;
	int r;

	if (ps_json_type(doc, arr) != PS_JSON_ARRAY)
		return 0;
	n = ps_json_count(doc, arr);
	for (i = 0, sub = ps_json_first(doc, arr); i < n;
	    i++, sub = ps_json_next(doc, sub)) {
		if (ps_json_type(doc, sub) != PS_JSON_OBJECT)
			continue;
		subnet_scope(scope, sizeof(scope), doc, sub, i);
		r = check_context(k, doc, sub, scope);
		if (r < 0)
			return r;
		scopef(suffix, sizeof(suffix), " in %s", scope);
		r = check_reservations(k, doc,
		    ps_json_get(doc, sub, "reservations", NULL), suffix);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The maps of @arr named by their "name" (shared networks, client
 * classes), then the subnets under @subnets of each (NULL: none). */
static int
check_named(struct kctx *k, const struct ps_json *doc, size_t arr,
    const char *noun, const char *subnets)
{
	char scope[SCOPE_SIZE];
	size_t i, n, e;
	int r;

	if (ps_json_type(doc, arr) != PS_JSON_ARRAY)
		return 0;
	n = ps_json_count(doc, arr);
	for (i = 0, e = ps_json_first(doc, arr); i < n;
	    i++, e = ps_json_next(doc, e)) {
		if (ps_json_type(doc, e) != PS_JSON_OBJECT)
			continue;
		scope_name(scope, sizeof(scope), noun, doc, e, "name", i);
		r = check_context(k, doc, e, scope);
		if (r == 0 && subnets != NULL)
			r = check_subnets(k, doc,
			    ps_json_get(doc, e, subnets, NULL));
		if (r < 0)
			return r;
	}
	return 0;
}

/* 1 if the "library" path @node names this hook. */
static int
is_our_library(const struct ps_json *doc, size_t node)
{
	const char *path, *base;
	size_t len;

	path = ps_json_str(doc, node, &len);
	if (path == NULL || ps_json_type(doc, node) != PS_JSON_STRING ||
	    strlen(path) != len)
		return 0;
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	return strcmp(base, HOOK_FILE) == 0;
}

/* One daemon's map ("Dhcp4" or "Dhcp6"). */
static int
check_daemon(struct kctx *k, const struct ps_json *doc, size_t dmn)
{
	const char *subnets = k->family == 4 ? "subnet4" : "subnet6";
	char val[VAL_SIZE];
	size_t arr, i, n, e, params;
	int r;

	if (ps_json_type(doc, dmn) != PS_JSON_OBJECT) {
		kerr(k, "Dhcp%d: expected a map, got %s", k->family,
		    show(doc, dmn, val, sizeof(val)));
		return 0;
	}

	arr = ps_json_get(doc, dmn, "hooks-libraries", NULL);
	n = ps_json_type(doc, arr) == PS_JSON_ARRAY ? ps_json_count(doc, arr) :
	    0;
	for (i = 0, e = ps_json_first(doc, arr); i < n;
	    i++, e = ps_json_next(doc, e)) {
		if (!is_our_library(doc, ps_json_get(doc, e, "library", NULL)))
			continue;
		params = ps_json_get(doc, e, "parameters", NULL);
		if (params == PS_JSON_NONE)
			continue;	/* loaded without servers */
		r = check_params(k, doc, params, NULL, NULL);
		if (r < 0)
			return r;
	}

	r = check_named(k, doc, ps_json_get(doc, dmn, "shared-networks", NULL),
	    "shared network", subnets);
	if (r < 0)
		return r;

	r = check_subnets(k, doc, ps_json_get(doc, dmn, subnets, NULL));
	if (r < 0)
		return r;

	r = check_named(k, doc, ps_json_get(doc, dmn, "client-classes", NULL),
	    "client class", NULL);
	if (r < 0)
		return r;

	return check_reservations(k, doc,
	    ps_json_get(doc, dmn, "reservations", NULL), NULL);
}

/* pcpsel_kea_*_parse: keep the first message, count the others. */
struct first {
	char *buf;
	size_t size;
	int seen;
};

static void
keep_first(void *arg, const char *msg)
{
	struct first *f = arg;

	if (f->seen++ == 0 && f->buf != NULL && f->size > 0)
		snprintf(f->buf, f->size, "%s", msg);
}

static void
say(char *err, size_t errsize, const char *fmt, const char *a,
    const char *b)
{
	if (err != NULL && errsize > 0)
		snprintf(err, errsize, fmt, a, b);
}

/* Append " (and N more errors)" when the value had several. */
static void
more(const struct first *f)
{
	size_t len;

	if (f->seen < 2 || f->buf == NULL || f->size == 0)
		return;
	len = strlen(f->buf);
	if (len < f->size)
		snprintf(f->buf + len, f->size - len, " (and %d more %s)",
		    f->seen - 1, f->seen == 2 ? "error" : "errors");
}

/* Parse @json for a pcpsel_kea_*_parse: 0 and *@ret_doc, -ENOMEM, or
 * -EINVAL with "@what[ in @where]: not JSON: ..." in @err. */
static int
parse_doc(const char *json, size_t len, const char *what, const char *where,
    struct ps_json **ret_doc, char *err, size_t errsize)
{
	char jerr[PCPSEL_KEA_ERRSIZE];
	int r;

	r = ps_json_parse(json, len, ret_doc, jerr, sizeof(jerr));
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		if (where != NULL && err != NULL && errsize > 0)
			snprintf(err, errsize, "%s in %s: not JSON: %s", what,
			    where, jerr);
		else
			say(err, errsize, "%s: not JSON: %s", what, jerr);
		return -EINVAL;
	}
	return 0;
}

/* The outcome of a check that returned @r: @r if negative, -EINVAL (the
 * first message and " (and N more errors)" in the caller's err) if it
 * reported errors, else 0. */
static int
verdict(const struct kctx *k, const struct first *f, int r)
{
	if (r < 0)
		return r;
	if (k->nerrors > 0) {
		more(f);
		return -EINVAL;
	}
	return 0;
}

int
pcpsel_kea_servers_parse(int family, const char *json, size_t len,
    const char *where, struct pcpsel_wire **ret_wire, char *err,
    size_t errsize)
{
	struct first f = { err, errsize, 0 };
	struct kctx k = { family, keep_first, &f, 0 };
	struct pcpsel_wire *wire = NULL;
	struct ps_json *doc;
	int r;

	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if ((family != 4 && family != 6) || json == NULL || ret_wire == NULL) {
		say(err, errsize, "%s%s", PARAM, ": invalid arguments");
		return -EINVAL;
	}
	r = parse_doc(json, len, PARAM, where, &doc, err, errsize);
	if (r < 0)
		return r;
	r = check_servers(&k, doc, 0, where, &wire);
	ps_json_free(doc);
	r = verdict(&k, &f, r);
	if (r < 0)
		return r;
	*ret_wire = wire;
	return 0;
}

int
pcpsel_kea_params_parse(int family, const char *json, size_t len,
    struct pcpsel_wire **ret_wire, int *ret_always_send, char *err,
    size_t errsize)
{
	struct first f = { err, errsize, 0 };
	struct kctx k = { family, keep_first, &f, 0 };
	struct pcpsel_wire *wire = NULL;
	struct ps_json *doc;
	int always = 0, r;

	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if ((family != 4 && family != 6) || json == NULL || ret_wire == NULL ||
	    ret_always_send == NULL) {
		say(err, errsize, "%s%s", HOOK_SCOPE, ": invalid arguments");
		return -EINVAL;
	}
	r = parse_doc(json, len, HOOK_SCOPE, NULL, &doc, err, errsize);
	if (r < 0)
		return r;
	r = check_params(&k, doc, 0, &wire, &always);
	ps_json_free(doc);
	r = verdict(&k, &f, r);
	if (r < 0)
		return r;
	*ret_wire = wire;
	*ret_always_send = always;
	return 0;
}

int
pcpsel_kea_check(const char *text, size_t len,
    void (*report)(void *arg, const char *msg), void *arg)
{
	static const char *const daemons[] = { "Dhcp4", "Dhcp6" };
	char jerr[PCPSEL_KEA_ERRSIZE];
	struct kctx k = { 0, report, arg, 0 };
	struct ps_json *doc;
	size_t i, dmn, count;
	int found = 0, r;

	if (text == NULL && len > 0)
		return -EINVAL;
	r = ps_json_parse(text != NULL ? text : "", len, &doc, jerr,
	    sizeof(jerr));
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		kerr(&k, "not JSON: %s", jerr);
		return -EBADMSG;
	}
	if (ps_json_type(doc, 0) != PS_JSON_OBJECT) {
		kerr(&k, "not a Kea configuration: the top level is not a "
		    "map");
		ps_json_free(doc);
		return -EBADMSG;
	}
	for (i = 0; i < PS_ARRAY_SIZE(daemons); i++) {
		dmn = ps_json_get(doc, 0, daemons[i], &count);
		if (dmn == PS_JSON_NONE)
			continue;
		found++;
		k.family = i == 0 ? 4 : 6;
		if (count > 1)
			kerr(&k, "%s is given more than once", daemons[i]);
		r = check_daemon(&k, doc, dmn);
		if (r < 0) {
			ps_json_free(doc);
			return r;
		}
	}
	ps_json_free(doc);
	if (found == 0) {
		kerr(&k, "not a Kea DHCP configuration: neither Dhcp4 nor "
		    "Dhcp6 at the top level");
		return -EBADMSG;
	}
	return k.nerrors;
}
