/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * adapter.h - what every DHCP-client adapter of the tool shares (`pcpsel
 * dhcpcd`, `pcpsel dhclient`, `pcpsel udhcpc`, `pcpsel nm`): the option
 * instances of one event, the text forms in which clients hand option
 * bytes to their scripts, their decoding with the one line an event logs,
 * and the hand-over to libpcpsel's store.  An adapter only finds its
 * client's option bytes and maps its client's reasons to ADAPTER_SET,
 * _CLEAR or _ALL (one table per client); the adapters whose client passes
 * the bytes as script variables are a table and adapter_main().
 */
#ifndef PCPSEL_ADAPTER_H
#define PCPSEL_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

#include "pcpsel.h"

/* Option instances per event.  A DHCPv6 message holds at most 3276
 * well-formed option-86 instances (20 bytes each in 65527), so every
 * legitimate one counts; more can only be empty (malformed) instances. */
#define ADAPTER_INSTANCES_MAX 4096

/* The instances of one option (158: RFC 3396 fragments; 86: one per
 * server), each malloc'ed. */
struct adapter_opt {
	struct pcpsel_buf *bufs;
	size_t n;
	int present; /* the option was in the lease */
};

/* One event of one interface. */
struct adapter_run {
	const char *cmd; /* the subcommand, for messages: "dhcpcd" */
	const char *reason; /* the client's reason, for messages */
	const char *ifname;
	struct adapter_opt v4; /* option 158 */
	struct adapter_opt v6; /* option 86 */
	char msg[512]; /* the one line to log, if any */
	int rc; /* exit code */
};

/* What an event does to the interface's servers. */
enum adapter_action {
	ADAPTER_NONE, /* nothing */
	ADAPTER_SET, /* replace the origin's servers with the lease's */
	ADAPTER_CLEAR, /* remove the origin's servers */
	ADAPTER_ALL /* remove everything the interface learned */
};

/* The state directory every adapter uses by default: one store per host,
 * so that the servers of one interface learned by two clients (e.g.
 * DHCPv4 by one, DHCPv6 by another) merge, under one lock. */
#ifndef PCPSEL_STATE_DIR_DEFAULT
#define PCPSEL_STATE_DIR_DEFAULT "/run/pcp/state"
#endif

/* The text forms in which DHCP clients hand option bytes to scripts. */
#define ADAPTER_FORM_HEX \
	0x1u /* "08c0000201": two hex digits per
					 * byte, ':' allowed between bytes
					 * (dhcpcd's binhex, udhcpc's optNNN) */
#define ADAPTER_FORM_DEC \
	0x2u /* "8 192 0 2 1": decimal bytes, one
					 * space apart (dhclient's `array of
					 * unsigned integer 8`) */

/* One reason of a client: what it does, to which origins (a bit set; SET
 * and CLEAR act on each origin of the set). */
struct adapter_reason {
	const char *name;
	enum adapter_action action;
	unsigned origins;
};

/* A client whose script gets the option bytes as variables, which its
 * hook passes as -4 VALUE and -6 VALUE. */
struct adapter_client {
	const char *cmd; /* the subcommand: "dhclient" */
	const char *name; /* for the usage: "an ISC dhclient exit hook" */
	const char *operand; /* what the client calls its reasons:
				 * "REASON", "EVENT", "ACTION" */
	unsigned forms4; /* accepted forms of -4 (0: no -4) */
	const char *var4; /* the client's variable, for the usage */
	unsigned forms6; /* accepted forms of -6 (0: no -6) */
	const char *var6;
	const struct adapter_reason *reasons;
	size_t n_reasons;
	const char *page; /* "pcpsel-dhclient(8)" */
};

void adapter_opt_free(struct adapter_opt *opt);
/* Append @len bytes at @data (owned by @opt from now on, freed on
 * failure) as one instance.  0, -E2BIG, -ENOMEM. */
int adapter_opt_take(struct adapter_opt *opt, uint8_t *data, size_t len);
/* Append the bytes of @hex as one instance.  0, -EINVAL (not hex), -E2BIG,
 * -ENOMEM. */
int adapter_opt_add_hex(struct adapter_opt *opt, const char *hex);

/* Append the bytes that @text writes in one of the @forms as one instance.
 * With both forms, a text holding a space is decimal, else hex (a value of
 * one byte reads the same either way, except "10".."99" whose one byte
 * differs but which no well-formed option is).  0; -EINVAL (@text is in
 * none of the @forms: *@ret_pos, if not NULL, is the offset of the first
 * character that is not); -E2BIG (more than PCPSEL_MAX_INPUT bytes or
 * ADAPTER_INSTANCES_MAX instances); -ENOMEM. */
int adapter_opt_add_text(struct adapter_opt *opt, const char *text,
    unsigned forms, size_t *ret_pos);

/* The action of @reason in @reasons (@n entries); ADAPTER_NONE with
 * *@ret_origins 0 for a reason not in the table. */
enum adapter_action adapter_reason_find(const struct adapter_reason *reasons,
    size_t n, const char *reason, unsigned *ret_origins);

/* `pcpsel CMD [-4 VALUE]... [-6 VALUE]... [--dir DIR] [--state-dir DIR]
 * REASON INTERFACE` for @client (argv[0] is CMD): the servers of each
 * origin the reason sets become those of its values (no value: none), a
 * value in no accepted form leaves that origin as it was (one line, exit
 * 65).  Returns the exit code. */
int adapter_main(const struct adapter_client *client, int argc, char **argv);

/* "DHCPv4" or "DHCPv6". */
const char *adapter_family(unsigned origin);

/* Do @action for @origin, a bit set (SET: for each origin of the set,
 * decode the run's option and hand the servers to the store; an absent
 * option is no server; CLEAR: remove those origins' servers) with the
 * store of @state_dir publishing into @servers_dir (NULL: the default),
 * then print the run's one line on stderr, if any: a malformed option
 * (P-DHCP4-2, P-DHCP6-2), addresses dropped from a well-formed one
 * (P-DHCP4-6, a warning: exit 0), a damaged state file, a failed write.
 * Returns EXIT_OK, EXIT_DATA or EXIT_IO. */
int adapter_apply(struct adapter_run *run, const char *state_dir,
    const char *servers_dir, enum adapter_action action, unsigned origin);

/* Free the run's instances. */
void adapter_run_free(struct adapter_run *run);

#endif /* PCPSEL_ADAPTER_H */
