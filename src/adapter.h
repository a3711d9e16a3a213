/*
 * adapter.h - what every DHCP-client adapter of the tool shares (`pcpsel
 * dhcpcd` today): the option instances of one event, their decoding with
 * the one line an event logs, and the hand-over to libpcpsel's store.
 * An adapter only finds its client's option bytes and maps its client's
 * reasons to ADAPTER_SET, _CLEAR or _ALL.
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

void adapter_opt_free(struct adapter_opt *opt);
/* Append @len bytes at @data (owned by @opt from now on, freed on
 * failure) as one instance.  0, -E2BIG, -ENOMEM. */
int adapter_opt_take(struct adapter_opt *opt, uint8_t *data, size_t len);
/* Append the bytes of @hex as one instance.  0, -EINVAL (not hex), -E2BIG,
 * -ENOMEM. */
int adapter_opt_add_hex(struct adapter_opt *opt, const char *hex);

/* "DHCPv4" or "DHCPv6". */
const char *adapter_family(unsigned origin);

/* Do @action for @origin (SET: decode the run's option of @origin and
 * hand the servers to the store; an absent option is no server) with the
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
