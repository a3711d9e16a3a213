/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tool.h - the pcpsel command-line tool: shared helpers and subcommands
 */
#ifndef PCPSEL_TOOL_H
#define PCPSEL_TOOL_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pcpsel.h"

/* Exit codes (sysexits.h values). */
#define EXIT_OK 0
#define EXIT_USAGE 64 /* EX_USAGE */
#define EXIT_DATA 65 /* EX_DATAERR: malformed data */
#define EXIT_NONE 66 /* EX_NOINPUT: no PCP server known (pcpsel(8)) */
#define EXIT_IO 74 /* EX_IOERR */

extern const char *tool_name; /* "pcpsel" */

/* --json was given to a command that takes it: an error is also written
 * as one JSON object on stdout (pcpsel(8) JSON OUTPUT), unless the command
 * printed its own object (tool_json_done). */
extern int tool_json;
extern int tool_json_done;

/* util.c */
/* Print "pcpsel CMD: message" on stderr (printf format).  The last
 * message of a run (the verdict) is also kept for the JSON error object. */
void tool_err(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The last message tool_err() printed, or "" (without "pcpsel CMD: "). */
const char *tool_last_error(void);
/* Print {"error":{"exit":@rc,"message":...}} and a newline on stdout. */
void tool_json_error(int rc);
/* Print "\"error\":{...}" (no braces around, no newline): the error
 * member of an object; @file NULL and @line 0 when unknown. */
void tool_json_error_member(int rc, const char *message, const char *file,
    size_t line);

/*
 * Options: every subcommand parses with getopt_long(3) through these, so
 * "--dir=X" and "--dir X" work alike everywhere and the messages are the
 * same.  The shared options are handled here; the command gets the others.
 */
enum {
	TOOL_OPT_JSON = 0x100, /* --json */
	TOOL_OPT_DIR, /* --dir DIR (and -d where a command has it) */
	TOOL_OPT_MAPPING, /* --mapping 4|6|any (and -m) */
	TOOL_OPT_OWN = 0x200 /* first value for a command's own options */
};
#define TOOL_LONGOPT_HELP \
	{ \
		"help", no_argument, NULL, 'h' \
	}
#define TOOL_LONGOPT_JSON \
	{ \
		"json", no_argument, NULL, TOOL_OPT_JSON \
	}
#define TOOL_LONGOPT_DIR \
	{ \
		"dir", required_argument, NULL, TOOL_OPT_DIR \
	}
#define TOOL_LONGOPT_MAPPING \
	{ \
		"mapping", required_argument, NULL, TOOL_OPT_MAPPING \
	}
#define TOOL_LONGOPT_END \
	{ \
		NULL, 0, NULL, 0 \
	}

struct tool_args {
	const char *cmd;
	void (*usage)(FILE *);
	char shortopts[32]; /* with ':' after an optional '+' */
	const struct option *longopts;
	const char *dir; /* --dir, NULL if not given */
	int mapping; /* --mapping, PCPSEL_MAPPING_ANY if not */
	int family; /* -4 / -6 via tool_args_family() */
	int rc; /* the exit code on TOOL_ARGS_EXIT */
};
#define TOOL_ARGS_END \
	(-1) /* no more options: optind is the first
				 * operand */
#define TOOL_ARGS_EXIT \
	(-2) /* stop: return a->rc (help: 0; an error,
				 * already reported: 64) */

/* @shortopts as for getopt_long without the leading ':' ("+" first to stop
 * at the first operand); 'h' is help, 'd' and 'm' (if listed) are --dir and
 * --mapping. */
void tool_args_init(struct tool_args *a, const char *cmd,
    void (*usage)(FILE *), const char *shortopts,
    const struct option *longopts);
/* The next option the command handles itself (its getopt value, with
 * optarg), TOOL_ARGS_END or TOOL_ARGS_EXIT. */
int tool_args_next(struct tool_args *a, int argc, char **argv);
/* For -4 / -6 (@c): 0, or TOOL_ARGS_EXIT (both given). */
int tool_args_family(struct tool_args *a, int c);
/* Report an error about the command line (usage to stderr): EXIT_USAGE. */
int tool_args_error(struct tool_args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Parse hex (upper/lower case, optional ':' separators between bytes) into
 * a malloc'ed buffer.  0, -EINVAL (not hex), -E2BIG (> PCPSEL_MAX_INPUT),
 * -ENOMEM. */
int tool_hex_decode(const char *text, uint8_t **ret, size_t *ret_len);
/* Print @len bytes as lowercase hex without separators, then newline. */
void tool_hex_print(const uint8_t *data, size_t len);
/* "4" "6" "any" -> PCPSEL_MAPPING_*; -1 if none. */
int tool_mapping_parse(const char *text);
/* Print a string as a JSON string literal (quotes, escapes) on stdout:
 * always valid UTF-8 (bytes that are not become U+FFFD). */
void tool_json_string(const char *s);
/* Copy @s into @buf (@size bytes, at least 1) with every byte outside
 * printable ASCII written \xHH: a value from the command line or a file
 * name, safe to print in a message.  Cut if need be. */
void tool_safe_text(const char *s, char *buf, size_t size);
/* "dhcpv4", "dhcpv6" or "dhcpv4,dhcpv6" for a server's origin bits. */
const char *tool_origin_word(unsigned origin);
/* Print the addresses of server @index of @list, each after a space. */
void tool_addrs_text(const struct pcpsel_list *list, size_t index);
/* Print them as JSON strings joined by ',' (no brackets). */
void tool_addrs_json(const struct pcpsel_list *list, size_t index);
/* Print "origin":[...],"addresses":[...] of server @index (no braces). */
void tool_server_json(const struct pcpsel_list *list, size_t index);

/* servers.c: what show and probe read, with one behaviour for both
 * (pcpsel(8) NOTHING KNOWN AND ERRORS). */
struct tool_servers {
	struct pcpsel_view *view;
	const char *dir; /* the directory read */
	int rc; /* EXIT_OK, or EXIT_DATA / EXIT_IO when some
				 * interface's file could not be used (each
				 * already reported on stderr) */
	int none; /* 1: no PCP server known on any interface
				 * asked (the reason reported on stderr) */
	char none_why[512]; /* that reason */
};
/* Load the servers of the interfaces @names[0..@n) (@names NULL: every
 * interface file) from @dir (NULL: pcpsel_servers_dir()).  Returns 0 with
 * *@ts filled (free with tool_servers_free), or the exit code of a failure
 * that leaves nothing to show (reported). */
int tool_servers_load(const char *cmd, const char *dir, char **names, size_t n,
    int mapping, struct tool_servers *ts);
void tool_servers_free(struct tool_servers *ts);
/* The text of interface @k's file error (pcpsel_view_error), e.g. "line 3:
 * not a valid server line", into @buf; its exit code (EXIT_DATA or
 * EXIT_IO) returned, 0 if there is none. */
int tool_servers_error(const struct tool_servers *ts, size_t k, char *buf,
    size_t size, size_t *ret_line);
/* Print the error member of interface @k's JSON object (",\"error\":{...}")
 * if its file had one. */
void tool_servers_json_if_error(const struct tool_servers *ts, size_t k);
/* Print the top-level error member (",\"error\":{...}") for @rc (the
 * command's exit code: nothing for 0) and close the object "}\n". */
void tool_servers_json_end(const struct tool_servers *ts, int rc);

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
int cmd_map(int argc, char **argv);

#endif /* PCPSEL_TOOL_H */
