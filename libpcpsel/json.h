/*
 * json.h - a small, strict, bounded JSON reader for Kea configuration text
 *	    (internal to libpcpsel, hidden)
 *
 * Grammar: RFC 8259 (objects, arrays, strings with every escape including
 * \uXXXX and surrogate pairs, numbers, true, false, null), plus the comment
 * forms Kea's configuration parser accepts, skipped like white space:
 *
 *	# to the end of the line
 *	// to the end of the line
 *	C-style block comments (not nested)
 *
 * Strictness: no trailing commas, no leading zeros, no bare words, no
 * control characters inside strings, no lone surrogates, nothing after the
 * top-level value, nesting at most PS_JSON_MAX_DEPTH, input at most
 * PS_JSON_MAX_INPUT bytes.  Raw bytes >= 0x80 inside strings are taken as
 * they are (Kea does not check UTF-8 either).  Integers must fit in 64
 * bits and number texts are at most 64 characters (Kea refuses larger
 * integers too).  Duplicate object keys are kept: ps_json_get() reports
 * how many members carry a key so that the caller can refuse duplicates of
 * the keys it reads (and only those: a harmless duplicate elsewhere in a
 * Kea file is Kea's business).
 *
 * The parser never recurses: containers are tracked on a fixed stack of
 * PS_JSON_MAX_DEPTH entries.  Every byte of input is read through
 * cursor.h.
 *
 * A document is a flat array of nodes in document order; node 0 is the
 * top-level value.  An object's children are key, value, key, value, ...
 * (a key is a string node); an array's children are its elements.
 */
#ifndef PCPSEL_JSON_H
#define PCPSEL_JSON_H

#include <stddef.h>
#include <stdint.h>

#define PS_JSON_MAX_DEPTH	64
#define PS_JSON_MAX_INPUT	(16u * 1024 * 1024)

/* "No such node". */
#define PS_JSON_NONE		((size_t)-1)

enum ps_json_type {
	PS_JSON_NULL,
	PS_JSON_FALSE,
	PS_JSON_TRUE,
	PS_JSON_NUMBER,
	PS_JSON_STRING,
	PS_JSON_ARRAY,
	PS_JSON_OBJECT
};

struct ps_json;

/* Parse @len bytes of @text (need not be NUL-terminated).  On error a
 * message "line L, column C: what" is written to @err (may be NULL).
 * Returns 0 and *@ret_doc (free with ps_json_free); -EBADMSG not JSON;
 * -E2BIG longer than PS_JSON_MAX_INPUT; -EINVAL; -ENOMEM. */
int ps_json_parse(const char *text, size_t len, struct ps_json **ret_doc,
    char *err, size_t errsize);
void ps_json_free(struct ps_json *doc);

/* The type of @node (PS_JSON_NULL for PS_JSON_NONE). */
enum ps_json_type ps_json_type(const struct ps_json *doc, size_t node);

/* "null", "false", "true", "number", "string", "list", "map" (Kea's words
 * for arrays and objects). */
const char *ps_json_type_name(enum ps_json_type type);

/* Number of elements of an array or members of an object, else 0. */
size_t ps_json_count(const struct ps_json *doc, size_t node);

/* First child of a container (an object's first key), or PS_JSON_NONE. */
size_t ps_json_first(const struct ps_json *doc, size_t node);

/* The node after @node and all its descendants: its next sibling when
 * there is one (in an object: key -> its value -> the next key). */
size_t ps_json_next(const struct ps_json *doc, size_t node);

/* A string's decoded bytes (NUL-terminated; may contain NUL from \u0000,
 * hence *@ret_len) or a number's text; NULL for other types.  Borrowed
 * until ps_json_free.  @ret_len may be NULL. */
const char *ps_json_str(const struct ps_json *doc, size_t node,
    size_t *ret_len);

/* 1 if @node is a string equal to the NUL-terminated @s, else 0. */
int ps_json_str_eq(const struct ps_json *doc, size_t node, const char *s);

/* In object @obj, the value of the last member named @key, or PS_JSON_NONE
 * (also if @obj is not an object).  *@ret_count (may be NULL) is the number
 * of members named @key. */
size_t ps_json_get(const struct ps_json *doc, size_t obj, const char *key,
    size_t *ret_count);

#endif /* PCPSEL_JSON_H */
