/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_probe.c - pcpsel probe [--dir DIR] [--mapping 4|6|any] [--json]
 *               [--timeout SECONDS] [--mrc N] [INTERFACE ...]
 *
 * Contacts every PCP server of the server-list files (pcpsel_view_load:
 * RFC 6724 order for the mapping family) with ANNOUNCE requests, driven by
 * the RFC 7488 selection engine, and reports per server the address in
 * use, the result and the epoch, or why no address answered.
 *
 * Sockets: libpcpsel's transport (pcpsel_transport_*): one UDP socket per
 * (interface, server address), bound to the interface (P-IF-2: a server
 * learned on one interface is never contacted through another) and
 * connected to the address, so that the kernel filters the peer (SEL-22)
 * and reports ICMP errors with their type and code; the library's table
 * says which are hard (P-SEL-3, see pcpsel-probe(8)).  The source address
 * of the ANNOUNCE is the one the kernel chose for that connected socket
 * (RFC 6887 §16.4).
 *
 * Test knob: PCPSEL_PROBE_IRT_MS sets the IRT in milliseconds (RFC 6887
 * §8.1.1; default 3000) so that tests can run the timeline scaled down.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

#define PROBE_MAX_SENDS 16 /* transmissions logged per address */
#define PROBE_DEFAULT_TIMEOUT 60 /* s: T-1 fits (45 s nominal) */
#define PROBE_MAX_TIMEOUT 86400
#define PROBE_MAX_MRC 16 /* the engine's limit */

static const char *cmd = "probe";

enum outcome {
	OUT_NONE = 0, /* never contacted */
	OUT_PENDING, /* being tried when the run ended */
	OUT_ANSWERED,
	OUT_TIMEOUT, /* mrc transmissions unanswered */
	OUT_UNREACHABLE, /* hard ICMP error (ECONNREFUSED) */
	OUT_NOROUTE /* no route / socket could not connect */
};

struct probe_addr {
	size_t server;
	struct pcpsel_addr addr;
	int err; /* errno of the last error, if any */
	int hard; /* that error was hard */
	int icmp; /* it came in an ICMP message: */
	unsigned icmp_type, icmp_code;
	enum outcome outcome;
	unsigned tx; /* transmissions in all */
	uint64_t sends[PROBE_MAX_SENDS];
	uint64_t answered; /* ms */
};

struct probe_if {
	const char *name;
	unsigned ifindex;
	struct pcpsel_transport *tr;
	const struct pcpsel_list *servers;
	struct pcpsel_engine *engine;
	struct probe_addr *addrs;
	size_t naddrs;
};

static uint64_t t0;

static uint64_t
now_ms(void)
{
	struct timespec ts;
	uint64_t t;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	return t - t0;
}

/* The engine's random source: the kernel's (RFC 6887 §11.1, §8.1.1). */
static uint32_t
kernel_random(void *arg)
{
	uint32_t r = 0;

	(void)arg;
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* getrandom does not fail for 4 bytes once the pool is
		 * ready; mix the clock in rather than return a constant */
		r ^= (uint32_t)now_ms() * 2654435761u;
	}
	return r;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel probe [--dir DIR] [--mapping 4|6|any] [--json]\n"
	    "                    [--timeout SECONDS] [--mrc N] "
	    "[INTERFACE ...]\n"
	    "\n"
	    "Contact the PCP servers of each INTERFACE (default: every\n"
	    "interface with a server-list file) as RFC 7488 says: every server\n"
	    "at once, its addresses one at a time in RFC 6724 order, each\n"
	    "with ANNOUNCE requests sent through that interface only.\n"
	    "Report per server the address in use, the result and the epoch,\n"
	    "or why no address answered.\n"
	    "\n"
	    "  --dir DIR          server-list directory (default: %s)\n"
	    "  --mapping 4|6|any  family of the wanted mapping (default: any)\n"
	    "  --json             print one JSON object (errors too)\n"
	    "  --timeout SECONDS  stop after this long, 1 to %d "
	    "(default: %d)\n"
	    "  --mrc N            transmissions per address, 1 to %d "
	    "(default: 4)\n"
	    "  --help             show this help\n"
	    "\n"
	    "Exit status: 0 every server answered, 1 some did not, 64 usage,\n"
	    "65 a malformed file, 66 no PCP server known, 74 I/O error.\n",
	    pcpsel_servers_dir(), PROBE_MAX_TIMEOUT, PROBE_DEFAULT_TIMEOUT,
	    PROBE_MAX_MRC);
}

static struct probe_addr *
find_addr(struct probe_if *pif, const struct pcpsel_addr *a)
{
	size_t i;

	for (i = 0; i < pif->naddrs; i++)
		if (memcmp(pif->addrs[i].addr.bytes, a->bytes, 16) == 0)
			return &pif->addrs[i];
	return NULL;
}

static struct probe_if *
find_if(struct probe_if *ifs, size_t nifs, const char *name)
{
	size_t k;

	for (k = 0; k < nifs; k++)
		if (strcmp(ifs[k].name, name) == 0)
			return &ifs[k];
	return NULL;
}

/* Record the error @d of address @pa; a hard one fails the address at
 * once (SEL-11, P-SEL-3), a soft one leaves it to the timers. */
static void
note_error(struct probe_if *pif, struct probe_addr *pa,
    const struct pcpsel_datagram *d, uint64_t t)
{
	pa->err = d->error;
	pa->hard = d->hard;
	pa->icmp = d->icmp;
	pa->icmp_type = d->icmp_type;
	pa->icmp_code = d->icmp_code;
	if (!d->hard)
		return;
	if (pa->outcome != OUT_ANSWERED)
		pa->outcome = OUT_UNREACHABLE;
	pcpsel_engine_unreachable(pif->engine, t, &pa->addr);
}

/* Send one ANNOUNCE for @snd; a hard failure goes back to the engine. */
static int
do_send(struct probe_if *pif, const struct pcpsel_engine_send *snd)
{
	struct pcpsel_datagram err;
	struct pcpsel_addr client;
	struct probe_addr *pa;
	uint8_t msg[PCPSEL_PCP_HEADER_LEN];
	uint64_t t = now_ms();
	int r;

	pa = find_addr(pif, &snd->addr);
	if (pa == NULL)
		return -EINVAL;
	if (pa->tx < PROBE_MAX_SENDS)
		pa->sends[pa->tx] = t;
	pa->tx++;
	r = pcpsel_transport_open(pif->tr, pif->name, NULL, &pa->addr,
	    &client);
	if (r == -EINVAL || r == -ENOMEM)
		return r;
	if (r < 0) {
		/* P-SEL-3, P-SEL-7: no route from this interface: the
		 * address fails at once */
		pa->err = -r;
		pa->hard = 1;
		pa->outcome = OUT_NOROUTE;
		pcpsel_engine_unreachable(pif->engine, t, &pa->addr);
		return 0;
	}
	pcpsel_pcp_announce(msg, sizeof(msg), &client);
	if (pa->outcome != OUT_ANSWERED)
		pa->outcome = OUT_PENDING;
	r = pcpsel_transport_send(pif->tr, pif->name, NULL, &pa->addr, msg,
	    sizeof(msg), &err);
	if (r < 0)
		return r;
	if (r == 1)
		note_error(pif, pa, &err, t);
	return 0;
}

/* Everything the sockets have: answers and errors. */
static void
do_recv(struct probe_if *ifs, size_t nifs, struct pcpsel_transport *tr)
{
	struct pcpsel_datagram d;
	struct probe_addr *pa;
	struct probe_if *pif;
	int guard, r;

	for (guard = 0; guard < 4096; guard++) {
		if (pcpsel_transport_recv(tr, &d) != 1)
			return;
		pif = find_if(ifs, nifs, d.ifname);
		pa = pif != NULL ? find_addr(pif, &d.peer) : NULL;
		if (pa == NULL)
			continue;
		if (d.error != 0) {
			note_error(pif, pa, &d, now_ms());
			continue;
		}
		r = pcpsel_engine_input(pif->engine, now_ms(), &d.peer,
		    d.peer_port, d.data, d.len);
		if (r >= 0) {
			pa->outcome = OUT_ANSWERED;
			pa->answered = now_ms();
		}
	}
}

/* Mark the addresses the engine gave up on by timeout. */
static void
settle_outcomes(struct probe_if *pif)
{
	struct pcpsel_server_status st;
	struct probe_addr *pa;
	size_t i;

	for (i = 0; i < pif->naddrs; i++) {
		pa = &pif->addrs[i];
		if (pa->outcome != OUT_PENDING)
			continue;
		if (pcpsel_engine_status(pif->engine, pa->server, &st) < 0)
			continue;
		/* still pending unless it is not the current address */
		if (st.has_addr &&
		    memcmp(st.addr.bytes, pa->addr.bytes, 16) == 0 &&
		    st.state != PCPSEL_STATE_WAITING)
			continue;
		pa->outcome = OUT_TIMEOUT;
	}
}

static const char *
state_word(int state)
{
	switch (state) {
	case PCPSEL_STATE_TRYING:
		return "trying";
	case PCPSEL_STATE_IN_USE:
		return "in-use";
	case PCPSEL_STATE_WAITING:
		return "waiting";
	default:
		return "none";
	}
}

static const char *
outcome_word(enum outcome o)
{
	switch (o) {
	case OUT_PENDING:
		return "pending";
	case OUT_ANSWERED:
		return "answered";
	case OUT_TIMEOUT:
		return "timeout";
	case OUT_UNREACHABLE:
		return "unreachable";
	case OUT_NOROUTE:
		return "no-route";
	default:
		return "not-tried";
	}
}

static int
addr_family(const struct probe_addr *pa)
{
	return pcpsel_addr_is_v4(&pa->addr) ? 4 : 6;
}

/* " (Connection refused: ICMPv6 port unreachable, hard)" */
static void
print_error(const struct probe_addr *pa)
{
	printf(" (%s", strerror(pa->err));
	if (pa->icmp)
		printf(": ICMP%s %s", addr_family(pa) == 6 ? "v6" : "",
		    pcpsel_icmp_str(addr_family(pa), pa->icmp_type,
			pa->icmp_code));
	printf(", %s)", pa->hard ? "hard" : "soft");
}

static void
print_text(struct probe_if *ifs, size_t nifs, const struct tool_servers *ts)
{
	struct pcpsel_server_status st;
	char buf[PCPSEL_ADDRSTRLEN];
	struct probe_addr *pa;
	size_t k, i, j;

	for (k = 0; k < nifs; k++) {
		struct probe_if *pif = &ifs[k];
		size_t ns = pcpsel_list_count(pif->servers);

		/* a file that could not be used: reported on stderr */
		if (pcpsel_view_error(ts->view, k, NULL) != 0)
			continue;
		if (ns == 0) {
			printf("%s: no PCP server known\n", pif->name);
			continue;
		}
		printf("%s:\n", pif->name);
		for (i = 0; i < ns; i++) {
			printf("  server %zu (%s):", i + 1,
			    tool_origin_word(
				pcpsel_server_origin(pif->servers, i)));
			tool_addrs_text(pif->servers, i);
			putchar('\n');
			pcpsel_engine_status(pif->engine, i, &st);
			pcpsel_addr_to_string(&st.addr, buf, sizeof(buf));
			if (st.state == PCPSEL_STATE_IN_USE) {
				printf("    in use %s: %s, version %u", buf,
				    pcpsel_pcp_result_str(st.result),
				    st.version);
				if (st.has_epoch)
					printf(", epoch %lu",
					    (unsigned long)st.epoch);
				printf(", after %llu ms (%s)\n",
				    (unsigned long long)st.answered_ms,
				    pcpsel_status_str(st.status));
			} else if (st.state == PCPSEL_STATE_WAITING) {
				printf("    no address answered (%s)\n",
				    pcpsel_status_str(st.status));
			} else {
				printf("    no answer before the timeout, "
				       "still trying %s (%s)\n",
				    buf, pcpsel_status_str(st.status));
			}
			for (j = 0; j < pif->naddrs; j++) {
				pa = &pif->addrs[j];
				if (pa->server != i || pa->outcome == OUT_NONE)
					continue;
				pcpsel_addr_to_string(&pa->addr, buf,
				    sizeof(buf));
				printf("    %s: %s, %u transmission%s", buf,
				    outcome_word(pa->outcome), pa->tx,
				    pa->tx == 1 ? "" : "s");
				if (pa->err != 0)
					print_error(pa);
				putchar('\n');
			}
		}
	}
}

static void
print_json(struct probe_if *ifs, size_t nifs, const struct tool_servers *ts,
    int rc)
{
	struct pcpsel_server_status st;
	char buf[PCPSEL_ADDRSTRLEN];
	struct probe_addr *pa;
	size_t k, i, j, m, nt;

	printf("{\"interfaces\":[");
	for (k = 0; k < nifs; k++) {
		struct probe_if *pif = &ifs[k];
		size_t ns = pcpsel_list_count(pif->servers);

		printf("%s{\"name\":", k > 0 ? "," : "");
		tool_json_string(pif->name);
		printf(",\"servers\":[");
		for (i = 0; i < ns; i++) {
			pcpsel_engine_status(pif->engine, i, &st);
			printf("%s{", i > 0 ? "," : "");
			tool_server_json(pif->servers, i);
			printf(",\"state\":\"%s\",\"status\":\"%s\"",
			    state_word(st.state),
			    pcpsel_status_str(st.status));
			if (st.state == PCPSEL_STATE_IN_USE) {
				pcpsel_addr_to_string(&st.addr, buf,
				    sizeof(buf));
				printf(",\"address_in_use\":\"%s\","
				       "\"result\":\"%s\",\"result_code\":%d,"
				       "\"version\":%u,\"answered_ms\":%llu",
				    buf, pcpsel_pcp_result_str(st.result),
				    st.result, st.version,
				    (unsigned long long)st.answered_ms);
				if (st.has_epoch)
					printf(",\"epoch\":%lu",
					    (unsigned long)st.epoch);
			} else {
				printf(",\"address_in_use\":null");
			}
			printf(",\"nonce\":\"");
			for (m = 0; m < PCPSEL_PCP_NONCE_LEN; m++)
				printf("%02x", st.nonce[m]);
			printf("\",\"tried\":[");
			nt = 0;
			for (j = 0; j < pif->naddrs; j++) {
				pa = &pif->addrs[j];
				if (pa->server != i || pa->outcome == OUT_NONE)
					continue;
				pcpsel_addr_to_string(&pa->addr, buf,
				    sizeof(buf));
				printf(
				    "%s{\"address\":\"%s\","
				    "\"outcome\":\"%s\",\"transmissions\":%u,"
				    "\"sends_ms\":[",
				    nt++ > 0 ? "," : "", buf,
				    outcome_word(pa->outcome), pa->tx);
				for (m = 0; m < pa->tx && m < PROBE_MAX_SENDS;
				     m++)
					printf("%s%llu", m > 0 ? "," : "",
					    (unsigned long long)pa->sends[m]);
				printf("]");
				if (pa->outcome == OUT_ANSWERED)
					printf(",\"answered_ms\":%llu",
					    (unsigned long long)pa->answered);
				if (pa->err != 0) {
					printf(",\"error\":");
					tool_json_string(strerror(pa->err));
					printf(",\"hard\":%s",
					    pa->hard ? "true" : "false");
				}
				if (pa->icmp)
					printf(",\"icmp\":{\"type\":%u,"
					       "\"code\":%u,\"name\":\"%s\"}",
					    pa->icmp_type, pa->icmp_code,
					    pcpsel_icmp_str(addr_family(pa),
						pa->icmp_type, pa->icmp_code));
				printf("}");
			}
			printf("]}");
		}
		putchar(']');
		tool_servers_json_if_error(ts, k);
		putchar('}');
	}
	putchar(']');
	tool_servers_json_end(ts, rc == 1 ? EXIT_OK : rc);
}

/* 1 while some server is still walking its addresses. */
static int
any_trying(struct probe_if *ifs, size_t nifs)
{
	struct pcpsel_server_status st;
	size_t k, i;

	for (k = 0; k < nifs; k++)
		for (i = 0; i < pcpsel_engine_count(ifs[k].engine); i++)
			if (pcpsel_engine_status(ifs[k].engine, i, &st) == 0 &&
			    st.state == PCPSEL_STATE_TRYING)
				return 1;
	return 0;
}

/* The event loop: bounded by @deadline (ms since start). */
static int
run(struct probe_if *ifs, size_t nifs, struct pcpsel_transport *tr,
    uint64_t deadline)
{
	struct pcpsel_engine_send snd;
	struct pollfd pfd;
	uint64_t t, wake;
	size_t k;
	int r = 0, timeout, guard;

	/* each pass sends what is due and waits once; the count bounds the
	 * loop even with a clock that does not move */
	for (guard = 0; guard < 1000000; guard++) {
		t = now_ms();
		for (k = 0; k < nifs; k++)
			while (
			    pcpsel_engine_poll(ifs[k].engine, t, &snd) == 1) {
				r = do_send(&ifs[k], &snd);
				if (r < 0)
					return r;
			}
		for (k = 0; k < nifs; k++)
			settle_outcomes(&ifs[k]);
		if (!any_trying(ifs, nifs) || t >= deadline)
			break;
		wake = deadline;
		for (k = 0; k < nifs; k++) {
			uint64_t w = pcpsel_engine_wakeup(ifs[k].engine);

			if (w < wake)
				wake = w;
		}
		pfd.fd = pcpsel_transport_fd(tr);
		pfd.events = POLLIN;
		pfd.revents = 0;
		timeout = wake > t ? (int)(wake - t) : 0;
		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
			return -errno;
		do_recv(ifs, nifs, tr);
	}
	return 0;
}

enum { OPT_TIMEOUT = TOOL_OPT_OWN, OPT_MRC };

/* A decimal number from @min to @max in *@ret, else -1. */
static int
parse_long(const char *text, long min, long max, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || end == text || v < min || v > max)
		return -1;
	*ret = v;
	return 0;
}

int
cmd_probe(int argc, char **argv)
{
	static const struct option longopts[] = { TOOL_LONGOPT_DIR,
		TOOL_LONGOPT_MAPPING, TOOL_LONGOPT_JSON,
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "mrc", required_argument, NULL, OPT_MRC }, TOOL_LONGOPT_HELP,
		TOOL_LONGOPT_END };
	struct pcpsel_engine_config cfg;
	struct tool_servers ts;
	struct tool_args a;
	struct pcpsel_transport *tr = NULL;
	struct pcpsel_view *view = NULL;
	struct probe_if *ifs = NULL;
	const char *env;
	char **names = NULL;
	size_t nnames = 0, nifs = 0, k, i, j, m;
	long timeout = PROBE_DEFAULT_TIMEOUT, mrc = 4, irt = 0;
	int c, r, rc = EXIT_OK;
	char *end;

	tool_args_init(&a, cmd, usage, "h", longopts);
	while ((c = tool_args_next(&a, argc, argv)) != TOOL_ARGS_END) {
		switch (c) {
		case TOOL_ARGS_EXIT:
			return a.rc;
		case OPT_TIMEOUT:
			if (parse_long(optarg, 1, PROBE_MAX_TIMEOUT,
				&timeout) < 0)
				return tool_args_error(&a,
				    "--timeout: 1 to "
				    "%d seconds",
				    PROBE_MAX_TIMEOUT);
			break;
		case OPT_MRC:
			if (parse_long(optarg, 1, PROBE_MAX_MRC, &mrc) < 0)
				return tool_args_error(&a,
				    "--mrc: 1 to %d "
				    "(RFC 7488: 4)",
				    PROBE_MAX_MRC);
			break;
		}
	}
	if (optind < argc) {
		names = argv + optind;
		nnames = (size_t)(argc - optind);
	}
	env = getenv("PCPSEL_PROBE_IRT_MS");
	if (env != NULL && *env != '\0') {
		errno = 0;
		irt = strtol(env, &end, 10);
		if (errno != 0 || *end != '\0' || irt < 1 || irt > 60000) {
			tool_err(cmd, "PCPSEL_PROBE_IRT_MS: 1 to 60000");
			return EXIT_USAGE;
		}
	}

	/* files that cannot be used and "nothing known" as for show */
	rc = tool_servers_load(cmd, a.dir, names, nnames, a.mapping, &ts);
	if (rc != 0)
		return rc;
	view = ts.view;
	if (ts.none) {
		rc = EXIT_NONE;
		if (tool_json) {
			printf("{\"interfaces\":[");
			for (k = 0; k < pcpsel_view_count(view); k++) {
				printf("%s{\"name\":", k > 0 ? "," : "");
				tool_json_string(pcpsel_view_ifname(view, k));
				printf(",\"servers\":[]}");
			}
			putchar(']');
			tool_servers_json_end(&ts, rc);
		}
		tool_servers_free(&ts);
		return rc;
	}
	t0 = 0;
	t0 = now_ms();
	r = pcpsel_transport_new(&tr);
	if (r < 0) {
		tool_err(cmd, "%s", strerror(-r));
		pcpsel_view_free(view);
		return EXIT_IO;
	}
	nifs = pcpsel_view_count(view);
	ifs = calloc(nifs > 0 ? nifs : 1, sizeof(*ifs));
	if (ifs == NULL)
		goto nomem;
	memset(&cfg, 0, sizeof(cfg));
	cfg.irt_ms = (uint32_t)irt;
	cfg.mrc = (unsigned)mrc;
	cfg.random = kernel_random;
	for (k = 0; k < nifs; k++) {
		struct probe_if *pif = &ifs[k];

		pif->name = pcpsel_view_ifname(view, k);
		pif->servers = pcpsel_view_servers(view, k);
		pif->ifindex = if_nametoindex(pif->name);
		pif->tr = tr;
		r = pcpsel_engine_new(&cfg, &pif->engine);
		if (r < 0)
			goto nomem;
		for (i = 0; i < pcpsel_list_count(pif->servers); i++)
			pif->naddrs += pcpsel_server_naddrs(pif->servers, i);
		pif->addrs = calloc(pif->naddrs > 0 ? pif->naddrs : 1,
		    sizeof(*pif->addrs));
		if (pif->addrs == NULL)
			goto nomem;
		m = 0;
		for (i = 0; i < pcpsel_list_count(pif->servers); i++)
			for (j = 0; j < pcpsel_server_naddrs(pif->servers, i);
			     j++) {
				pif->addrs[m].server = i;
				pif->addrs[m].addr =
				    pcpsel_server_addrs(pif->servers, i)[j];
				m++;
			}
		if (pif->naddrs > 0 && pif->ifindex == 0) {
			tool_err(cmd, "%s: no such interface", pif->name);
			rc = EXIT_IO;
			goto out;
		}
		/* SEL-15: all servers of the interface, contacted now */
		r = pcpsel_engine_set_servers(pif->engine, pif->servers, 0);
		if (r < 0)
			goto nomem;
	}
	r = run(ifs, nifs, tr, (uint64_t)timeout * 1000u);
	if (r < 0) {
		tool_err(cmd, "%s", strerror(-r));
		rc = EXIT_IO;
		goto out;
	}
	for (k = 0; k < nifs; k++)
		settle_outcomes(&ifs[k]);
	for (k = 0; k < nifs; k++)
		for (i = 0; i < pcpsel_engine_count(ifs[k].engine); i++) {
			struct pcpsel_server_status st;

			if (pcpsel_engine_status(ifs[k].engine, i, &st) == 0 &&
			    st.state != PCPSEL_STATE_IN_USE)
				rc = 1;
		}
	/* a file that could not be used outweighs the answers */
	if (ts.rc != EXIT_OK)
		rc = ts.rc;
	if (tool_json)
		print_json(ifs, nifs, &ts, rc);
	else
		print_text(ifs, nifs, &ts);
	goto out;
nomem:
	tool_err(cmd, "out of memory");
	rc = EXIT_IO;
out:
	for (k = 0; ifs != NULL && k < nifs; k++) {
		free(ifs[k].addrs);
		pcpsel_engine_free(ifs[k].engine);
	}
	free(ifs);
	pcpsel_transport_free(tr);
	tool_servers_free(&ts);
	return rc;
}
