/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * util.c - helpers shared by the pcpsel subcommands
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

int tool_json;
int tool_json_done;

/* The last message of the run (the verdict), for the JSON error object. */
static char last_error[512];

void
tool_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	if (cmd != NULL)
		fprintf(stderr, "%s %s: ", tool_name, cmd);
	else
		fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

const char *
tool_last_error(void)
{
	return last_error;
}

void
tool_json_error_member(int rc, const char *message, const char *file,
    size_t line)
{
	printf("\"error\":{\"exit\":%d,\"message\":", rc);
	tool_json_string(message);
	if (file != NULL) {
		printf(",\"file\":");
		tool_json_string(file);
	}
	if (line > 0)
		printf(",\"line\":%zu", line);
	putchar('}');
}

void
tool_json_error(int rc)
{
	putchar('{');
	tool_json_error_member(rc, last_error, NULL, 0);
	printf("}\n");
	tool_json_done = 1;
}

void
tool_args_init(struct tool_args *a, const char *cmd, void (*usage)(FILE *),
    const char *shortopts, const struct option *longopts)
{
	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->usage = usage;
	a->longopts = longopts;
	a->mapping = PCPSEL_MAPPING_ANY;
	/* ':' first (after a '+'): a missing value is told from an unknown
	 * option, and getopt itself prints nothing */
	if (shortopts[0] == '+')
		snprintf(a->shortopts, sizeof(a->shortopts), "+:%s",
		    shortopts + 1);
	else
		snprintf(a->shortopts, sizeof(a->shortopts), ":%s", shortopts);
	opterr = 0;
	optind = 1;
}

int
tool_args_error(struct tool_args *a, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tool_err(a->cmd, "%s", msg);
	if (!tool_json)
		a->usage(stderr);
	a->rc = EXIT_USAGE;
	return EXIT_USAGE;
}

int
tool_args_family(struct tool_args *a, int c)
{
	int f = c == '4' ? 4 : 6;

	if (a->family != 0 && a->family != f) {
		tool_args_error(a, "give -4 or -6, not both");
		return TOOL_ARGS_EXIT;
	}
	a->family = f;
	return 0;
}

int
tool_args_next(struct tool_args *a, int argc, char **argv)
{
	char safe[256];
	int c;

	for (;;) {
		c = getopt_long(argc, argv, a->shortopts, a->longopts, NULL);
		switch (c) {
		case -1:
			return TOOL_ARGS_END;
		case 'h':
			a->usage(stdout);
			a->rc = EXIT_OK;
			return TOOL_ARGS_EXIT;
		case TOOL_OPT_JSON:
			tool_json = 1;
			continue;
		case 'd':
		case TOOL_OPT_DIR:
			if (optarg[0] == '\0') {
				tool_args_error(a, "--dir needs a directory");
				return TOOL_ARGS_EXIT;
			}
			a->dir = optarg;
			continue;
		case 'm':
		case TOOL_OPT_MAPPING:
			a->mapping = tool_mapping_parse(optarg);
			if (a->mapping < 0) {
				tool_safe_text(optarg, safe, sizeof(safe));
				tool_args_error(a,
				    "--mapping must be 4, 6 or "
				    "any, not '%s'",
				    safe);
				return TOOL_ARGS_EXIT;
			}
			continue;
		case ':':
			tool_safe_text(argv[optind - 1], safe, sizeof(safe));
			tool_args_error(a, "option '%s' needs a value", safe);
			return TOOL_ARGS_EXIT;
		case '?':
			if (optopt > 0 && optopt < 0x80 && optopt != '-')
				snprintf(safe, sizeof(safe), "-%c", optopt);
			else
				tool_safe_text(argv[optind - 1], safe,
				    sizeof(safe));
			tool_args_error(a, "unknown option '%s'", safe);
			return TOOL_ARGS_EXIT;
		default:
			return c;
		}
	}
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bytes are two hex digits each; a ':' may stand between two bytes (not
 * first, not last, not doubled).  The empty string is zero bytes. */
int
tool_hex_decode(const char *text, uint8_t **ret, size_t *ret_len)
{
	size_t i, len, n;
	uint8_t *buf;

	if (text == NULL || ret == NULL || ret_len == NULL)
		return -EINVAL;
	len = strlen(text);
	n = 0;
	for (i = 0; i < len;) {
		if (hex_digit(text[i]) < 0 || i + 1 >= len ||
		    hex_digit(text[i + 1]) < 0)
			return -EINVAL;
		i += 2;
		n++;
		if (i < len && text[i] == ':') {
			if (i + 1 >= len)
				return -EINVAL;
			i++;
		}
	}
	if (n > PCPSEL_MAX_INPUT)
		return -E2BIG;
	buf = malloc(n > 0 ? n : 1);
	if (buf == NULL)
		return -ENOMEM;
	n = 0;
	for (i = 0; i < len;) {
		buf[n++] = (uint8_t)(hex_digit(text[i]) << 4 |
		    hex_digit(text[i + 1]));
		i += 2;
		if (i < len && text[i] == ':')
			i++;
	}
	*ret = buf;
	*ret_len = n;
	return 0;
}

void
tool_hex_print(const uint8_t *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		putchar(digits[data[i] >> 4]);
		putchar(digits[data[i] & 0xf]);
	}
	putchar('\n');
}

int
tool_mapping_parse(const char *text)
{
	if (text == NULL)
		return -1;
	if (strcmp(text, "4") == 0)
		return PCPSEL_MAPPING_V4;
	if (strcmp(text, "6") == 0)
		return PCPSEL_MAPPING_V6;
	if (strcmp(text, "any") == 0)
		return PCPSEL_MAPPING_ANY;
	return -1;
}

/* The length of the valid UTF-8 sequence at @p (2 to 4), or 0 (RFC 3629
 * section 4: no overlong form, no surrogate, nothing above U+10FFFF). */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n, i;
	unsigned long cp;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		cp = p[0] & 0x1fu;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		cp = p[0] & 0x0fu;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		cp = p[0] & 0x07u;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* RFC 8259: the text is UTF-8 whatever @s holds.  Interface names are
 * ASCII (P-IF-4); other strings (paths, messages) may hold any bytes: valid
 * UTF-8 goes through, each other byte becomes U+FFFD. */
void
tool_json_string(const char *s)
{
	const unsigned char *p;
	size_t n;

	putchar('"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		default:
			/* RFC 8259 §7: control characters are escaped */
			if (*p < 0x20 || *p == 0x7f) {
				printf("\\u%04x", *p);
			} else if (*p < 0x80) {
				putchar(*p);
			} else if ((n = utf8_len(p)) > 0) {
				fwrite(p, 1, n, stdout);
				p += n - 1;
			} else {
				fputs("\\ufffd", stdout);
			}
		}
	}
	putchar('"');
}

void
tool_safe_text(const char *s, char *buf, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	size_t k = 0;

	if (size == 0)
		return;
	for (; *s != '\0' && k + 5 <= size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c >= 0x80) {
			buf[k++] = '\\';
			buf[k++] = 'x';
			buf[k++] = digits[c >> 4];
			buf[k++] = digits[c & 0xf];
		} else
			buf[k++] = (char)c;
	}
	buf[k] = '\0';
}

const char *
tool_origin_word(unsigned origin)
{
	switch (origin) {
	case PCPSEL_ORIGIN_DHCPV4:
		return "dhcpv4";
	case PCPSEL_ORIGIN_DHCPV6:
		return "dhcpv6";
	default:
		return "dhcpv4,dhcpv6";
	}
}

void
tool_addrs_text(const struct pcpsel_list *list, size_t index)
{
	const struct pcpsel_addr *a = pcpsel_server_addrs(list, index);
	char buf[PCPSEL_ADDRSTRLEN];
	size_t j;

	for (j = 0; j < pcpsel_server_naddrs(list, index); j++) {
		pcpsel_addr_to_string(&a[j], buf, sizeof(buf));
		printf(" %s", buf);
	}
}

void
tool_addrs_json(const struct pcpsel_list *list, size_t index)
{
	const struct pcpsel_addr *a = pcpsel_server_addrs(list, index);
	char buf[PCPSEL_ADDRSTRLEN];
	size_t j;

	for (j = 0; j < pcpsel_server_naddrs(list, index); j++) {
		pcpsel_addr_to_string(&a[j], buf, sizeof(buf));
		printf("%s\"%s\"", j > 0 ? "," : "", buf);
	}
}

void
tool_server_json(const struct pcpsel_list *list, size_t index)
{
	unsigned origin = pcpsel_server_origin(list, index);

	printf("\"origin\":[");
	if (origin & PCPSEL_ORIGIN_DHCPV4)
		printf("\"dhcpv4\"");
	if (origin & PCPSEL_ORIGIN_DHCPV6)
		printf("%s\"dhcpv6\"",
		    origin & PCPSEL_ORIGIN_DHCPV4 ? "," : "");
	printf("],\"addresses\":[");
	tool_addrs_json(list, index);
	putchar(']');
}
