/*
 * tool.h - the pcpsel command-line tool: shared helpers and subcommands
 */
#ifndef PCPSEL_TOOL_H
#define PCPSEL_TOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pcpsel.h"

/* Exit codes (sysexits.h values). */
#define EXIT_OK		0
#define EXIT_USAGE	64	/* EX_USAGE */
#define EXIT_DATA	65	/* EX_DATAERR: malformed data */
#define EXIT_IO		74	/* EX_IOERR */

extern const char *tool_name;	/* "pcpsel" */

/* util.c */
/* Print "pcpsel CMD: message" on stderr (printf format). */
void tool_err(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Parse hex (upper/lower case, optional ':' separators between bytes) into
 * a malloc'ed buffer.  0, -EINVAL (not hex), -E2BIG (> PCPSEL_MAX_INPUT),
 * -ENOMEM. */
int tool_hex_decode(const char *text, uint8_t **ret, size_t *ret_len);
/* Print @len bytes as lowercase hex without separators, then newline. */
void tool_hex_print(const uint8_t *data, size_t len);
/* "4" "6" "any" -> PCPSEL_MAPPING_*; -1 if none. */
int tool_mapping_parse(const char *text);
/* Print a string as a JSON string literal (quotes, escapes) on stdout. */
void tool_json_string(const char *s);
/* "dhcpv4", "dhcpv6" or "dhcpv4,dhcpv6" for a server's origin bits. */
const char *tool_origin_word(unsigned origin);
/* Print the addresses of server @index of @list, each after a space. */
void tool_addrs_text(const struct pcpsel_list *list, size_t index);
/* Print them as JSON strings joined by ',' (no brackets). */
void tool_addrs_json(const struct pcpsel_list *list, size_t index);
/* Print "origin":[...],"addresses":[...] of server @index (no braces). */
void tool_server_json(const struct pcpsel_list *list, size_t index);
/* Options of a subcommand that takes -4 or -6 (exactly one), "--json"
 * (only when @json is not NULL: sets *@json to 1), -h/--help and "--".
 * Returns -1 with *@ret_family (4 or 6) and *@ret_argi (the first operand),
 * else the exit code to return (usage printed by @usage as needed). */
int tool_family_opts(const char *cmd, int argc, char **argv,
    void (*usage)(FILE *), int *json, int *ret_family, int *ret_argi);

/* Subcommands: argc/argv start at the subcommand's name; return the exit
 * code. */
int cmd_decode(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_order(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_kea_check(int argc, char **argv);
int cmd_dhcpcd(int argc, char **argv);
int cmd_dhclient(int argc, char **argv);
int cmd_udhcpc(int argc, char **argv);
int cmd_nm(int argc, char **argv);
int cmd_probe(int argc, char **argv);

#endif /* PCPSEL_TOOL_H */
