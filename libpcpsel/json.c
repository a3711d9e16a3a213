/*
 * json.c - a small, strict, bounded JSON reader (see json.h)
 *
 * One pass over the text through a cursor; no recursion: open containers
 * live on a stack of PS_JSON_MAX_DEPTH node indices.  Decoded strings and
 * number texts go to one arena allocated up front: a string's decoded bytes
 * plus its NUL never exceed its quoted source text, and a number's text plus
 * NUL exceeds its source by one byte only where a separator or the end of
 * the input follows, so the arena needs at most @len + 1 bytes.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"
#include "cursor.h"
#include "json.h"

/* Longest number text accepted (Kea converts numbers to int64 or double;
 * nothing useful is longer). */
#define NUMBER_MAX	64

struct node {
	uint8_t type;		/* enum ps_json_type */
	uint32_t a;		/* string/number: arena offset; else count */
	uint32_t b;		/* string/number: length; else end index */
};

struct ps_json {
	struct node *nodes;
	size_t nnodes;
	size_t cap;
	char *arena;
	size_t arena_len;
	size_t arena_cap;
};

struct parser {
	struct ps_cursor c;
	const uint8_t *text;
	size_t len;
	struct ps_json *doc;
	size_t stack[PS_JSON_MAX_DEPTH];
	size_t depth;
	char *err;
	size_t errsize;
	int nomem;
};

/* Report a syntax error at byte offset @off with its line and column. */
static int
fail_at(struct parser *p, size_t off, const char *fmt, ...)
{
	unsigned long line = 1, col = 1;
	size_t i, n;
	va_list ap;

	if (p->err == NULL || p->errsize == 0)
		return -EBADMSG;
	for (i = 0; i < off && i < p->len; i++) {
		if (p->text[i] == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	n = (size_t)snprintf(p->err, p->errsize, "line %lu, column %lu: ",
	    line, col);
	if (n < p->errsize) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errsize - n, fmt, ap);
		va_end(ap);
	}
	return -EBADMSG;
}

static size_t
offset(const struct parser *p)
{
	return p->len - ps_cursor_left(&p->c);
}

/* The byte @i positions ahead, without consuming it. */
static int
peek_at(const struct ps_cursor *c, size_t i, uint8_t *ret)
{
	if (ps_cursor_left(c) <= i)
		return 0;
	*ret = c->pos[i];
	return 1;
}

static int
peek(const struct ps_cursor *c, uint8_t *ret)
{
	return peek_at(c, 0, ret);
}

/* Skip white space and Kea's comment forms. */
static int
skip_space(struct parser *p)
{
	uint8_t ch, next;
	size_t start;

	while (peek(&p->c, &ch)) {
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			ps_take_u8(&p->c, &ch);
			continue;
		}
		if (ch == '#' || (ch == '/' && peek_at(&p->c, 1, &next) &&
		    next == '/')) {
			/* # or // comment: to the end of the line */
			while (ps_take_u8(&p->c, &ch) && ch != '\n')
				;
			continue;
		}
		if (ch == '/' && peek_at(&p->c, 1, &next) && next == '*') {
			start = offset(p);
			ps_take_bytes(&p->c, NULL, 2);
			for (;;) {
				if (!ps_take_u8(&p->c, &ch))
					return fail_at(p, start,
					    "unterminated comment");
				if (ch == '*' && peek(&p->c, &next) &&
				    next == '/') {
					ps_take_u8(&p->c, &ch);
					break;
				}
			}
			continue;
		}
		break;
	}
	return 0;
}

/* Append a node; its index in *@ret_index. */
static int
add_node(struct parser *p, enum ps_json_type type, uint32_t a, uint32_t b,
    size_t *ret_index)
{
	struct ps_json *doc = p->doc;
	struct node *nodes;
	size_t cap;

	if (doc->nnodes == doc->cap) {
		cap = doc->cap != 0 ? doc->cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof(*nodes)) {
			p->nomem = 1;
			return -ENOMEM;
		}
		nodes = realloc(doc->nodes, cap * sizeof(*nodes));
		if (nodes == NULL) {
			p->nomem = 1;
			return -ENOMEM;
		}
		doc->nodes = nodes;
		doc->cap = cap;
	}
	doc->nodes[doc->nnodes].type = (uint8_t)type;
	doc->nodes[doc->nnodes].a = a;
	doc->nodes[doc->nnodes].b = b;
	if (ret_index != NULL)
		*ret_index = doc->nnodes;
	doc->nnodes++;
	return 0;
}

/* Append @n bytes to the arena (never more than its capacity: see the top
 * of this file; checked anyway). */
static int
arena_put(struct parser *p, const void *bytes, size_t n)
{
	struct ps_json *doc = p->doc;

	if (doc->arena_cap - doc->arena_len < n)
		return fail_at(p, offset(p), "internal: arena full");
	memcpy(doc->arena + doc->arena_len, bytes, n);
	doc->arena_len += n;
	return 0;
}

static int
hex4(struct ps_cursor *c, unsigned *ret)
{
	unsigned v = 0;
	uint8_t ch;
	int i, d;

	for (i = 0; i < 4; i++) {
		if (!ps_take_u8(c, &ch) || (d = ps_hex_digit(ch)) < 0)
			return 0;
		v = v << 4 | (unsigned)d;
	}
	*ret = v;
	return 1;
}

/* Write code point @cp as UTF-8. */
static int
put_utf8(struct parser *p, unsigned cp)
{
	uint8_t u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (uint8_t)(0xc0 | cp >> 6);
		u[1] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (uint8_t)(0xe0 | cp >> 12);
		u[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (uint8_t)(0xf0 | cp >> 18);
		u[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return arena_put(p, u, n);
}

/* A string; the cursor is on its opening quote (RFC 8259 §7). */
static int
parse_string(struct parser *p)
{
	size_t start = offset(p), esc, first;
	unsigned cp, lo;
	uint8_t ch;
	int r;

	first = p->doc->arena_len;
	ps_take_u8(&p->c, &ch);
	for (;;) {
		if (!ps_take_u8(&p->c, &ch))
			return fail_at(p, start, "unterminated string");
		if (ch == '"')
			break;
		if (ch < 0x20)
			return fail_at(p, offset(p) - 1,
			    "control character 0x%02x in a string", ch);
		if (ch != '\\') {
			r = arena_put(p, &ch, 1);
			if (r < 0)
				return r;
			continue;
		}
		esc = offset(p) - 1;
		if (!ps_take_u8(&p->c, &ch))
			return fail_at(p, start, "unterminated string");
		switch (ch) {
		case '"': case '\\': case '/':
			break;
		case 'b':
			ch = '\b';
			break;
		case 'f':
			ch = '\f';
			break;
		case 'n':
			ch = '\n';
			break;
		case 'r':
			ch = '\r';
			break;
		case 't':
			ch = '\t';
			break;
		case 'u':
			if (!hex4(&p->c, &cp))
				return fail_at(p, esc,
				    "\\u needs four hex digits");
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail_at(p, esc,
				    "lone low surrogate \\u%04x", cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				/* RFC 8259 §7: a pair for U+10000 and up */
				if (!peek(&p->c, &ch) || ch != '\\' ||
				    !peek_at(&p->c, 1, &ch) || ch != 'u')
					return fail_at(p, esc,
					    "lone high surrogate \\u%04x", cp);
				ps_take_bytes(&p->c, NULL, 2);
				if (!hex4(&p->c, &lo) || lo < 0xdc00 ||
				    lo > 0xdfff)
					return fail_at(p, esc,
					    "bad surrogate pair");
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			r = put_utf8(p, cp);
			if (r < 0)
				return r;
			continue;
		default:
			return fail_at(p, esc, "bad escape \\%c",
			    ch >= 0x20 && ch < 0x7f ? ch : '?');
		}
		r = arena_put(p, &ch, 1);
		if (r < 0)
			return r;
	}
	r = arena_put(p, "", 1);
	if (r < 0)
		return r;
	return add_node(p, PS_JSON_STRING, (uint32_t)first,
	    (uint32_t)(p->doc->arena_len - first - 1), NULL);
}

static int
is_digit(const struct ps_cursor *c)
{
	uint8_t ch;

	return peek(c, &ch) && ch >= '0' && ch <= '9';
}

/* A number (RFC 8259 §6); integers must fit in 64 bits as Kea requires. */
static int
parse_number(struct parser *p)
{
	const uint8_t *from = p->c.pos;
	size_t start = offset(p), n, i;
	uint64_t mag = 0, limit;
	int neg = 0, integer = 1;
	uint8_t ch;
	int r;

	if (peek(&p->c, &ch) && ch == '-') {
		neg = 1;
		ps_take_u8(&p->c, &ch);
	}
	if (!is_digit(&p->c))
		return fail_at(p, start, "bad number");
	ps_take_u8(&p->c, &ch);
	if (ch == '0' && is_digit(&p->c))
		return fail_at(p, start, "leading zero in a number");
	while (is_digit(&p->c))
		ps_take_u8(&p->c, &ch);
	if (peek(&p->c, &ch) && ch == '.') {
		integer = 0;
		ps_take_u8(&p->c, &ch);
		if (!is_digit(&p->c))
			return fail_at(p, start, "bad number");
		while (is_digit(&p->c))
			ps_take_u8(&p->c, &ch);
	}
	if (peek(&p->c, &ch) && (ch == 'e' || ch == 'E')) {
		integer = 0;
		ps_take_u8(&p->c, &ch);
		if (peek(&p->c, &ch) && (ch == '+' || ch == '-'))
			ps_take_u8(&p->c, &ch);
		if (!is_digit(&p->c))
			return fail_at(p, start, "bad number");
		while (is_digit(&p->c))
			ps_take_u8(&p->c, &ch);
	}
	n = offset(p) - start;
	if (n > NUMBER_MAX)
		return fail_at(p, start, "number too long");
	if (integer) {
		limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
		for (i = (size_t)neg; i < n; i++) {
			if (mag > (limit - (uint64_t)(from[i] - '0')) / 10)
				return fail_at(p, start,
				    "integer out of 64-bit range");
			mag = mag * 10 + (uint64_t)(from[i] - '0');
		}
	}
	i = p->doc->arena_len;
	r = arena_put(p, from, n);
	if (r == 0)
		r = arena_put(p, "", 1);
	if (r < 0)
		return r;
	return add_node(p, PS_JSON_NUMBER, (uint32_t)i, (uint32_t)n, NULL);
}

static int
parse_literal(struct parser *p, const char *word, enum ps_json_type type)
{
	size_t start = offset(p), n = strlen(word);
	char buf[8];

	if (!ps_take_bytes(&p->c, buf, n) || memcmp(buf, word, n) != 0)
		return fail_at(p, start, "expected a value");
	return add_node(p, type, 0, 0, NULL);
}

/* An object key and its colon. */
static int
parse_key(struct parser *p)
{
	uint8_t ch;
	int r;

	r = skip_space(p);
	if (r < 0)
		return r;
	if (!peek(&p->c, &ch))
		return fail_at(p, offset(p), "unexpected end of input, "
		    "expected a string key");
	if (ch != '"')
		return fail_at(p, offset(p), "expected a string key");
	r = parse_string(p);
	if (r < 0)
		return r;
	r = skip_space(p);
	if (r < 0)
		return r;
	if (!peek(&p->c, &ch) || ch != ':')
		return fail_at(p, offset(p), "expected ':' after a key");
	ps_take_u8(&p->c, &ch);
	return 0;
}

/* One value; opening a container pushes it and returns 1 (its first
 * element or member is still to come), else 0 or a negative errno.  An
 * empty container is closed at once. */
static int
parse_value(struct parser *p)
{
	struct ps_json *doc = p->doc;
	size_t idx;
	uint8_t ch, close;
	int r;

	r = skip_space(p);
	if (r < 0)
		return r;
	if (!peek(&p->c, &ch))
		return fail_at(p, offset(p),
		    "unexpected end of input, expected a value");
	switch (ch) {
	case '{':
	case '[':
		if (p->depth == PS_JSON_MAX_DEPTH)
			return fail_at(p, offset(p),
			    "nested deeper than %d", PS_JSON_MAX_DEPTH);
		r = add_node(p, ch == '{' ? PS_JSON_OBJECT : PS_JSON_ARRAY,
		    0, 0, &idx);
		if (r < 0)
			return r;
		ps_take_u8(&p->c, &ch);
		close = ch == '{' ? '}' : ']';
		r = skip_space(p);
		if (r < 0)
			return r;
		if (peek(&p->c, &ch) && ch == close) {
			ps_take_u8(&p->c, &ch);
			doc->nodes[idx].b = (uint32_t)doc->nnodes;
			return 0;
		}
		p->stack[p->depth++] = idx;
		if (close == '}') {
			r = parse_key(p);
			if (r < 0)
				return r;
		}
		return 1;
	case '"':
		return parse_string(p);
	case 't':
		return parse_literal(p, "true", PS_JSON_TRUE);
	case 'f':
		return parse_literal(p, "false", PS_JSON_FALSE);
	case 'n':
		return parse_literal(p, "null", PS_JSON_NULL);
	default:
		if (ch == '-' || (ch >= '0' && ch <= '9'))
			return parse_number(p);
		return fail_at(p, offset(p), "expected a value");
	}
}

/* After a value: count it in its container, then take ',' (and the next
 * key) or close containers.  Returns 1 when another value follows, 0 at
 * the end of the top-level value. */
static int
after_value(struct parser *p)
{
	struct ps_json *doc = p->doc;
	struct node *top;
	uint8_t ch;
	int r;

	while (p->depth > 0) {
		top = &doc->nodes[p->stack[p->depth - 1]];
		top->a++;
		r = skip_space(p);
		if (r < 0)
			return r;
		if (!peek(&p->c, &ch))
			return fail_at(p, offset(p), "unexpected end of input, "
			    "expected ',' or '%c'",
			    top->type == PS_JSON_OBJECT ? '}' : ']');
		if (ch == ',') {
			ps_take_u8(&p->c, &ch);
			if (top->type == PS_JSON_OBJECT) {
				r = parse_key(p);
				if (r < 0)
					return r;
			}
			return 1;
		}
		if ((top->type == PS_JSON_OBJECT && ch != '}') ||
		    (top->type == PS_JSON_ARRAY && ch != ']'))
			return fail_at(p, offset(p), "expected ',' or '%c'",
			    top->type == PS_JSON_OBJECT ? '}' : ']');
		ps_take_u8(&p->c, &ch);
		top->b = (uint32_t)doc->nnodes;
		p->depth--;
		/* the closed container is a value of its parent */
	}
	return 0;
}

int
ps_json_parse(const char *text, size_t len, struct ps_json **ret_doc,
    char *err, size_t errsize)
{
	struct ps_json *doc;
	struct parser p;
	int r;

	if ((text == NULL && len > 0) || ret_doc == NULL)
		return -EINVAL;
	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if (len > PS_JSON_MAX_INPUT) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "longer than %u bytes",
			    PS_JSON_MAX_INPUT);
		return -E2BIG;
	}
	doc = calloc(1, sizeof(*doc));
	if (doc == NULL)
		return -ENOMEM;
	doc->arena_cap = len + 1;
	doc->arena = malloc(doc->arena_cap);
	if (doc->arena == NULL) {
		free(doc);
		return -ENOMEM;
	}
	memset(&p, 0, sizeof(p));
	ps_cursor_init(&p.c, (const uint8_t *)text, len);
	p.text = (const uint8_t *)text;
	p.len = len;
	p.doc = doc;
	p.err = err;
	p.errsize = errsize;

	do {
		r = parse_value(&p);
		if (r == 0)
			r = after_value(&p);
	} while (r == 1);
	if (r == 0)
		r = skip_space(&p);
	if (r == 0 && ps_cursor_left(&p.c) > 0)
		r = fail_at(&p, offset(&p),
		    "unexpected data after the top-level value");
	if (r < 0) {
		if (p.nomem) {
			r = -ENOMEM;
			if (err != NULL && errsize > 0)
				snprintf(err, errsize, "out of memory");
		}
		ps_json_free(doc);
		return r;
	}
	*ret_doc = doc;
	return 0;
}

void
ps_json_free(struct ps_json *doc)
{
	if (doc == NULL)
		return;
	free(doc->nodes);
	free(doc->arena);
	free(doc);
}

static const struct node *
get(const struct ps_json *doc, size_t node)
{
	if (doc == NULL || node >= doc->nnodes)
		return NULL;
	return &doc->nodes[node];
}

enum ps_json_type
ps_json_type(const struct ps_json *doc, size_t node)
{
	const struct node *n = get(doc, node);

	return n != NULL ? (enum ps_json_type)n->type : PS_JSON_NULL;
}

const char *
ps_json_type_name(enum ps_json_type type)
{
	switch (type) {
	case PS_JSON_NULL:
		return "null";
	case PS_JSON_FALSE:
		return "false";
	case PS_JSON_TRUE:
		return "true";
	case PS_JSON_NUMBER:
		return "number";
	case PS_JSON_STRING:
		return "string";
	case PS_JSON_ARRAY:
		return "list";
	case PS_JSON_OBJECT:
		return "map";
	}
	return "?";
}

static int
is_container(const struct node *n)
{
	return n->type == PS_JSON_ARRAY || n->type == PS_JSON_OBJECT;
}

size_t
ps_json_count(const struct ps_json *doc, size_t node)
{
	const struct node *n = get(doc, node);

	return n != NULL && is_container(n) ? n->a : 0;
}

size_t
ps_json_first(const struct ps_json *doc, size_t node)
{
	const struct node *n = get(doc, node);

	if (n == NULL || !is_container(n) || n->a == 0)
		return PS_JSON_NONE;
	return node + 1;
}

size_t
ps_json_next(const struct ps_json *doc, size_t node)
{
	const struct node *n = get(doc, node);
	size_t next;

	if (n == NULL)
		return PS_JSON_NONE;
	next = is_container(n) ? n->b : node + 1;
	return next < doc->nnodes ? next : PS_JSON_NONE;
}

const char *
ps_json_str(const struct ps_json *doc, size_t node, size_t *ret_len)
{
	const struct node *n = get(doc, node);

	if (n == NULL ||
	    (n->type != PS_JSON_STRING && n->type != PS_JSON_NUMBER))
		return NULL;
	if (ret_len != NULL)
		*ret_len = n->b;
	return doc->arena + n->a;
}

int
ps_json_str_eq(const struct ps_json *doc, size_t node, const char *s)
{
	const struct node *n = get(doc, node);

	if (n == NULL || n->type != PS_JSON_STRING)
		return 0;
	return strlen(s) == n->b && memcmp(doc->arena + n->a, s, n->b) == 0;
}

size_t
ps_json_get(const struct ps_json *doc, size_t obj, const char *key,
    size_t *ret_count)
{
	size_t i, n, k, found = PS_JSON_NONE, count = 0;

	if (ps_json_type(doc, obj) == PS_JSON_OBJECT) {
		n = ps_json_count(doc, obj);
		k = ps_json_first(doc, obj);
		for (i = 0; i < n && k != PS_JSON_NONE; i++) {
			if (ps_json_str_eq(doc, k, key)) {
				found = k + 1;
				count++;
			}
			k = ps_json_next(doc, k + 1);
		}
	}
	if (ret_count != NULL)
		*ret_count = count;
	return found;
}
