/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_map.c - pcpsel map [--dir DIR] [--interface IF]... [-4|-6]
 *             [--lifetime SECONDS] [--external-port PORT]
 *             [--external-address ADDRESS] [--once [--timeout SECONDS]]
 *             [--json] tcp|udp INTERNAL-PORT
 *
 * Keeps a PCP MAP mapping (RFC 6887 §11) of the internal port on every PCP
 * server of every interface's server-list file, IPv4 (NAT44) and IPv6
 * (pinholes), with libpcpsel's mapper: in the foreground, one line per
 * event, following the files, deleting the mappings on SIGINT or SIGTERM;
 * or once (--once), reporting each server's answer.
 *
 * Test knob: PCPSEL_MAP_IRT_MS sets the IRT in milliseconds (RFC 6887
 * §8.1.1; default 3000), so that tests can run the timeline scaled down.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "tool.h"

#define EXIT_UNAVAILABLE 69 /* EX_UNAVAILABLE: no mapping granted */
#define MAP_DEFAULT_TIMEOUT 60 /* s (--once): T-1 fits (45 s) */
#define MAP_MAX_TIMEOUT 86400
#define STOP_BOUND_MS \
	60000 /* how long deletes may take on exit:
					 * one exchange (45 s nominal, T-1) */
#define MAX_IFNAMES 64

static const char *cmd = "map";

/* long options without a short form: values no character has */
enum {
	OPT_DIR = 256,
	OPT_INTERFACE,
	OPT_LIFETIME,
	OPT_EPORT,
	OPT_EADDR,
	OPT_ONCE,
	OPT_TIMEOUT,
	OPT_JSON
};

struct map_run {
	int json;
	int once;
	unsigned protocol;
	const char *dir; /* the server-list directory */
	struct pcpsel_mapper *m;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel map [--dir DIR] [--interface IF]... [-4|-6]\n"
	    "                  [--lifetime SECONDS] [--external-port PORT]\n"
	    "                  [--external-address ADDRESS]\n"
	    "                  [--once [--timeout SECONDS]] [--json] "
	    "tcp|udp INTERNAL-PORT\n"
	    "\n"
	    "Ask every PCP server of every interface (default: every\n"
	    "server-list file; or the interfaces named) to map the internal\n"
	    "port: an IPv4 mapping on NAT44 servers, an IPv6 pinhole on IPv6\n"
	    "firewalls.  Runs in the foreground, renews the mappings, follows\n"
	    "the server-list files and the host's addresses, prints one line\n"
	    "per event and deletes the mappings on SIGINT or SIGTERM.\n"
	    "\n"
	    "  --dir DIR                 server-list directory (default: %s)\n"
	    "  --interface IF            only this interface (repeatable)\n"
	    "  -4, -6                    only IPv4 mappings, only IPv6 pinholes\n"
	    "  --lifetime SECONDS        requested lifetime (default: 600)\n"
	    "  --external-port PORT      suggested external port\n"
	    "  --external-address ADDR   suggested external address\n"
	    "  --once                    map once, print the results, exit\n"
	    "  --timeout SECONDS         with --once: stop waiting after this\n"
	    "                            long (default: %d)\n"
	    "  --json                    JSON (one object per line without "
	    "--once)\n"
	    "  --help                    show this help\n"
	    "\n"
	    "Exit status: 0 a mapping was granted (--once) or a clean stop,\n"
	    "64 usage, 69 no mapping granted (--once), 74 I/O error.\n",
	    pcpsel_servers_dir(), MAP_DEFAULT_TIMEOUT);
}

/* ---- output ------------------------------------------------------------- */

static const char *
proto_word(unsigned p)
{
	return p == PCPSEL_PROTO_TCP ? "tcp" : "udp";
}

static void
addr_text(const struct pcpsel_addr *a, char *buf)
{
	pcpsel_addr_to_string(a, buf, PCPSEL_ADDRSTRLEN);
}

static int
addr_zero(const struct pcpsel_addr *a)
{
	static const uint8_t zero[16];

	return memcmp(a->bytes, zero, 16) == 0;
}

/* "192.0.2.1:8080" or "[2001:db8::1]:8080" */
static void
print_endpoint(const struct pcpsel_addr *a, uint16_t port)
{
	char buf[PCPSEL_ADDRSTRLEN];

	addr_text(a, buf);
	if (pcpsel_addr_is_v4(a))
		printf("%s:%u", buf, port);
	else
		printf("[%s]:%u", buf, port);
}

static const char *
family_word(int family)
{
	return family == PCPSEL_MAPPING_V4 ? "IPv4" : "IPv6";
}

/* seconds from @now to @t, rounded up; 0 if past */
static unsigned long long
secs_until(uint64_t t, uint64_t now)
{
	return t > now ? (unsigned long long)((t - now + 999) / 1000) : 0;
}

static int
granted(const struct pcpsel_map_event *ev)
{
	return ev->type == PCPSEL_MAP_GRANTED ||
	    ev->type == PCPSEL_MAP_RENEWED || ev->type == PCPSEL_MAP_CHANGED;
}

/* The result word: SUCCESS, an RFC 6887 name, NO_RESPONSE, or NULL. */
static const char *
result_word(const struct pcpsel_map_event *ev)
{
	if (granted(ev) || ev->type == PCPSEL_MAP_DELETED)
		return "SUCCESS";
	if ((ev->type == PCPSEL_MAP_NO_RESPONSE ||
		ev->type == PCPSEL_MAP_DELETE_FAILED) &&
	    ev->result < 0)
		return "NO_RESPONSE";
	if (ev->result >= 0)
		return pcpsel_pcp_result_str(ev->result);
	return NULL;
}

static void
print_text(struct map_run *r, const struct pcpsel_map_event *ev)
{
	char buf[PCPSEL_ADDRSTRLEN];
	uint64_t now = pcpsel_mapper_now(r->m);
	const char *kind;
	size_t i;

	if (ev->type == PCPSEL_MAP_BAD_FILE) {
		printf("%s: server-list file unreadable (%s): its servers are "
		       "kept\n",
		    ev->ifname, strerror(-ev->result));
		return;
	}
	printf("%s %s", ev->ifname, family_word(ev->family));
	if (!addr_zero(&ev->server_addr)) {
		addr_text(&ev->server_addr, buf);
		printf(" via %s", buf);
	}
	printf(": ");
	switch (ev->type) {
	case PCPSEL_MAP_GRANTED:
	case PCPSEL_MAP_RENEWED:
	case PCPSEL_MAP_CHANGED:
		printf("%s %s ", pcpsel_map_event_str(ev->type),
		    proto_word(ev->protocol));
		kind = pcpsel_map_kind(ev);
		print_endpoint(&ev->external, ev->external_port);
		if (kind != NULL && strcmp(kind, "IPv6Firewall") != 0 &&
		    strcmp(kind, "IPv4Firewall") != 0) {
			printf(" -> ");
			print_endpoint(&ev->internal, ev->internal_port);
		}
		printf(" for %lu s", (unsigned long)ev->lifetime);
		if (ev->lifetime != ev->requested_lifetime)
			printf(" (asked %lu)",
			    (unsigned long)ev->requested_lifetime);
		printf(", %s", kind != NULL ? kind : "?");
		if (kind != NULL && strcmp(kind, "IPv6Firewall") == 0)
			printf(" pinhole");
		if (ev->next_ms != 0)
			printf(", renewal in %llu s",
			    secs_until(ev->next_ms, now));
		putchar('\n');
		break;
	case PCPSEL_MAP_REFUSED:
		printf("refused %s", result_word(ev));
		if (ev->next_ms != 0)
			printf(", retry in %llu s",
			    secs_until(ev->next_ms, now));
		else
			printf(", trying the next address");
		putchar('\n');
		break;
	case PCPSEL_MAP_NO_RESPONSE:
		if (ev->result >= 0)
			printf("every address answered %s", result_word(ev));
		else
			printf("no response");
		if (ev->next_ms != 0)
			printf(", retry in %llu s",
			    secs_until(ev->next_ms, now));
		putchar('\n');
		break;
	case PCPSEL_MAP_RESTARTED:
		printf("the server lost its state (epoch %lu): mapping "
		       "re-created\n",
		    (unsigned long)ev->epoch);
		break;
	case PCPSEL_MAP_EXPIRED:
		printf("expired %s ", proto_word(ev->protocol));
		print_endpoint(&ev->external, ev->external_port);
		putchar('\n');
		break;
	case PCPSEL_MAP_DELETED:
		addr_text(&ev->internal, buf);
		printf("deleted %s %s port %u\n", proto_word(ev->protocol),
		    buf, ev->internal_port);
		break;
	case PCPSEL_MAP_DELETE_FAILED:
		addr_text(&ev->internal, buf);
		printf("delete of %s %s port %u failed (%s)",
		    proto_word(ev->protocol), buf, ev->internal_port,
		    ev->result >= 0 ? result_word(ev) : "no answer");
		if (ev->expires_ms != 0)
			printf(": it stays until it expires in %llu s",
			    secs_until(ev->expires_ms, now));
		putchar('\n');
		break;
	case PCPSEL_MAP_WITHDRAWN:
		printf("server withdrawn: no longer renewed");
		if (ev->expires_ms != 0)
			printf(", the mapping expires in %llu s",
			    secs_until(ev->expires_ms, now));
		putchar('\n');
		break;
	case PCPSEL_MAP_NO_SOURCE:
		printf("no usable %s address of this host for server",
		    family_word(ev->family));
		for (i = 0; ev->server_addrs != NULL && i < ev->server_naddrs;
		     i++) {
			addr_text(&ev->server_addrs[i], buf);
			printf(" %s", buf);
		}
		putchar('\n');
		break;
	default:
		printf("%s\n", pcpsel_map_event_str(ev->type));
		break;
	}
}

static void
json_addr_or_null(const struct pcpsel_addr *a, int have)
{
	char buf[PCPSEL_ADDRSTRLEN];

	if (!have) {
		printf("null");
		return;
	}
	addr_text(a, buf);
	printf("\"%s\"", buf);
}

/* One mapping as a JSON object (no newline); @event adds "event" and
 * "time-ms" (the lines of the foreground mode). */
static void
print_json(struct map_run *r, const struct pcpsel_map_event *ev, int event)
{
	const struct pcpsel_addr *addrs;
	const char *word = result_word(ev), *kind;
	int g = granted(ev);
	size_t i, n = 0;

	printf("{");
	if (event)
		printf("\"event\":\"%s\",\"time-ms\":%llu,",
		    pcpsel_map_event_str(ev->type),
		    (unsigned long long)ev->time_ms);
	printf("\"interface\":");
	tool_json_string(ev->ifname);
	if (ev->type == PCPSEL_MAP_BAD_FILE) {
		printf(",\"error\":");
		tool_json_string(strerror(-ev->result));
		printf("}");
		return;
	}
	printf(",\"family\":%d,\"server\":", ev->family);
	json_addr_or_null(&ev->server_addr, !addr_zero(&ev->server_addr));
	printf(",\"result\":");
	if (word != NULL)
		printf("\"%s\"", word);
	else
		printf("null");
	printf(",\"external-address\":");
	json_addr_or_null(&ev->external, g);
	if (g)
		printf(",\"external-port\":%u,\"lifetime\":%lu",
		    ev->external_port, (unsigned long)ev->lifetime);
	else
		printf(",\"external-port\":null,\"lifetime\":null");
	kind = g ? pcpsel_map_kind(ev) : NULL;
	printf(",\"mapping-type\":");
	if (kind != NULL)
		printf("\"%s\"", kind);
	else
		printf("null");
	printf(",\"result-code\":");
	if (ev->result >= 0)
		printf("%d", ev->result);
	else
		printf("null");
	printf(",\"protocol\":\"%s\",\"internal-address\":",
	    proto_word(ev->protocol));
	json_addr_or_null(&ev->internal, !addr_zero(&ev->internal));
	printf(",\"internal-port\":%u,\"requested-lifetime\":%lu",
	    ev->internal_port, (unsigned long)ev->requested_lifetime);
	if (ev->expires_ms != 0)
		printf(",\"expires-in\":%llu",
		    secs_until(ev->expires_ms, pcpsel_mapper_now(r->m)));
	if (ev->next_ms != 0)
		printf(",\"next-in\":%llu",
		    secs_until(ev->next_ms, pcpsel_mapper_now(r->m)));
	printf(",\"epoch\":");
	if (ev->has_epoch)
		printf("%lu", (unsigned long)ev->epoch);
	else
		printf("null");
	/* TR-181 Device.PCP.Client.{i}.Server.{i} names (P-TR-1..4) */
	printf(",\"Origin\":\"%s\"",
	    (ev->origin & PCPSEL_ORIGIN_DHCPV4) != 0 ? "DHCPv4" : "DHCPv6");
	addrs = ev->server_addrs;
	n = addrs != NULL ? ev->server_naddrs : 0;
	if (n > 0) {
		printf(",\"ServerNameOrAddress\":");
		json_addr_or_null(&addrs[0], 1);
		printf(",\"AdditionalServerAddresses\":[");
		for (i = 1; i < n; i++) {
			printf("%s", i > 1 ? "," : "");
			json_addr_or_null(&addrs[i], 1);
		}
		printf("]");
	}
	printf(",\"ServerAddressInUse\":");
	json_addr_or_null(&ev->server_addr, !addr_zero(&ev->server_addr));
	printf(",\"ExternalIPAddress\":");
	json_addr_or_null(&ev->external, g);
	printf(",\"CurrentVersion\":%u,\"Status\":\"%s\"}", ev->version,
	    pcpsel_status_str(ev->status));
}

static void
on_event(void *arg, const struct pcpsel_map_event *ev)
{
	struct map_run *r = arg;

	if (r->once) {
		/* only what must not wait for the summary */
		if (ev->type == PCPSEL_MAP_BAD_FILE)
			tool_err(cmd, "%s: server-list file unreadable (%s)",
			    ev->ifname, strerror(-ev->result));
		return;
	}
	if (r->json) {
		print_json(r, ev, 1);
		putchar('\n');
	} else {
		print_text(r, ev);
	}
	fflush(stdout);
}

/* ---- option parsing ----------------------------------------------------- */

static int
parse_ulong(const char *text, unsigned long max, unsigned long *ret)
{
	unsigned long v;
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*ret = v;
	return 0;
}

/* ---- the two modes ------------------------------------------------------ */

/* 1 when every server has answered or given up (--once) */
static int
all_settled(struct map_run *r)
{
	struct pcpsel_map_event ev;
	size_t i, n = pcpsel_mapper_count(r->m);

	for (i = 0; i < n; i++) {
		if (pcpsel_mapper_status(r->m, i, &ev) < 0)
			continue;
		if (ev.type == 0 || ev.type == PCPSEL_MAP_RESTARTED ||
		    (ev.type == PCPSEL_MAP_REFUSED && ev.next_ms == 0))
			return 0;
	}
	return 1;
}

static int
run_once(struct map_run *r, long timeout)
{
	struct pcpsel_map_event ev;
	struct pollfd pfd;
	uint64_t deadline = (uint64_t)timeout * 1000u, now;
	size_t i, n, ok = 0, shown = 0;
	int t, guard, rc;

	for (guard = 0; guard < 1000000; guard++) {
		rc = pcpsel_mapper_process(r->m);
		if (rc < 0) {
			tool_err(cmd, "%s", strerror(-rc));
			return EXIT_IO;
		}
		now = pcpsel_mapper_now(r->m);
		if (all_settled(r) || now >= deadline)
			break;
		t = pcpsel_mapper_timeout(r->m);
		if (t < 0 || (uint64_t)t > deadline - now)
			t = (int)(deadline - now);
		pfd.fd = pcpsel_mapper_fd(r->m);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, t) < 0 && errno != EINTR) {
			tool_err(cmd, "poll: %s", strerror(errno));
			return EXIT_IO;
		}
	}
	n = pcpsel_mapper_count(r->m);
	if (r->json)
		printf("{\"mappings\":[");
	for (i = 0; i < n; i++) {
		if (pcpsel_mapper_status(r->m, i, &ev) < 0 ||
		    ev.type == PCPSEL_MAP_NO_SOURCE)
			continue;
		if (!granted(&ev) && ev.type != PCPSEL_MAP_REFUSED &&
		    ev.type != PCPSEL_MAP_NO_RESPONSE) {
			/* still walking at the timeout */
			ev.type = PCPSEL_MAP_NO_RESPONSE;
			ev.result = -1;
			ev.status = PCPSEL_STATUS_ERROR_TIMEOUT;
			ev.next_ms = 0;
		}
		/* nothing is renewed or retried after --once */
		ev.next_ms = 0;
		if (granted(&ev))
			ok++;
		if (r->json) {
			printf("%s", shown++ > 0 ? "," : "");
			print_json(r, &ev, 0);
		} else {
			shown++;
			print_text(r, &ev);
		}
	}
	if (r->json) {
		printf("],\"skipped\":[");
		for (i = 0, shown = 0; i < n; i++) {
			if (pcpsel_mapper_status(r->m, i, &ev) < 0 ||
			    ev.type != PCPSEL_MAP_NO_SOURCE)
				continue;
			printf("%s{\"interface\":", shown++ > 0 ? "," : "");
			tool_json_string(ev.ifname);
			printf(",\"family\":%d,\"ServerNameOrAddress\":",
			    ev.family);
			json_addr_or_null(&ev.server_addrs[0],
			    ev.server_naddrs > 0);
			printf(",\"reason\":\"no usable %s address of this "
			       "host for this server\"}",
			    family_word(ev.family));
		}
		printf("]");
	} else {
		for (i = 0; i < n; i++)
			if (pcpsel_mapper_status(r->m, i, &ev) == 0 &&
			    ev.type == PCPSEL_MAP_NO_SOURCE)
				print_text(r, &ev);
	}
	rc = ok > 0 ? EXIT_OK : EXIT_UNAVAILABLE;
	if (n == 0)
		tool_err(cmd, "no PCP server known");
	else if (rc != EXIT_OK)
		tool_err(cmd, "no mapping granted");
	if (r->json) {
		/* pcpsel(8) JSON OUTPUT: the verdict as an error member */
		if (rc != EXIT_OK) {
			putchar(',');
			tool_json_error_member(rc, tool_last_error(), NULL, 0);
		}
		printf("}\n");
		tool_json_done = 1;
	}
	fflush(stdout);
	return rc;
}

static int
run_follow(struct map_run *r)
{
	struct signalfd_siginfo si;
	struct pollfd pfd[2];
	sigset_t mask;
	uint64_t stop_at = 0, now;
	int sfd, t, rc = EXIT_OK, stopping = 0, guard, e;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
	    (sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
		tool_err(cmd, "signals: %s", strerror(errno));
		return EXIT_IO;
	}
	/* each pass waits once, for input, a signal or the next deadline:
	 * nothing runs in between (no polling) */
	for (guard = 0; guard < INT_MAX; guard++) {
		e = pcpsel_mapper_process(r->m);
		now = pcpsel_mapper_now(r->m);
		if (e < 0 && !stopping) {
			if (e == -ENOENT)
				tool_err(cmd,
				    "the server-list directory went away");
			else /* e.g. waiting for it: a file in its way */
				tool_err(cmd, "%s: %s", r->dir, strerror(-e));
			rc = EXIT_IO;
			stopping = 1;
			stop_at = now + STOP_BOUND_MS;
			pcpsel_mapper_stop(r->m);
		}
		if (stopping && (pcpsel_mapper_done(r->m) || now >= stop_at))
			break;
		t = pcpsel_mapper_timeout(r->m);
		if (stopping && (t < 0 || (uint64_t)t > stop_at - now))
			t = (int)(stop_at - now);
		pfd[0].fd = pcpsel_mapper_fd(r->m);
		pfd[0].events = POLLIN;
		pfd[1].fd = sfd;
		pfd[1].events = POLLIN;
		pfd[0].revents = pfd[1].revents = 0;
		if (poll(pfd, 2, t) < 0 && errno != EINTR) {
			tool_err(cmd, "poll: %s", strerror(errno));
			rc = EXIT_IO;
			break;
		}
		if ((pfd[1].revents & POLLIN) != 0 &&
		    read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
			if (stopping)
				break; /* a second signal: out now */
			/* delete the mappings, then leave */
			stopping = 1;
			stop_at = pcpsel_mapper_now(r->m) + STOP_BOUND_MS;
			pcpsel_mapper_stop(r->m);
		}
	}
	close(sfd);
	return rc;
}

int
cmd_map(int argc, char **argv)
{
	static const struct option opts[] = { { "dir", required_argument, NULL,
						  OPT_DIR },
		{ "interface", required_argument, NULL, OPT_INTERFACE },
		{ "lifetime", required_argument, NULL, OPT_LIFETIME },
		{ "external-port", required_argument, NULL, OPT_EPORT },
		{ "external-address", required_argument, NULL, OPT_EADDR },
		{ "once", no_argument, NULL, OPT_ONCE },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct pcpsel_mapper_config cfg;
	struct map_run run;
	const char *ifnames[MAX_IFNAMES];
	const char *env;
	unsigned long v, timeout = MAP_DEFAULT_TIMEOUT;
	int c, r, rc, has_timeout = 0, v4 = 0, v6 = 0;

	memset(&cfg, 0, sizeof(cfg));
	memset(&run, 0, sizeof(run));
	opterr = 0;
	optind = 0; /* glibc: start afresh (options may follow operands) */
	while ((c = getopt_long(argc, argv, "46h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DIR:
			cfg.dir = optarg;
			break;
		case OPT_INTERFACE:
			if (pcpsel_ifname_check(optarg) < 0) {
				tool_err(cmd,
				    "--interface: '%s' is not an "
				    "interface name",
				    optarg);
				return EXIT_USAGE;
			}
			if (cfg.nifnames == MAX_IFNAMES) {
				tool_err(cmd, "--interface: at most %d",
				    MAX_IFNAMES);
				return EXIT_USAGE;
			}
			ifnames[cfg.nifnames++] = optarg;
			cfg.ifnames = ifnames;
			break;
		case OPT_LIFETIME:
			if (parse_ulong(optarg, 4294967295ul, &v) < 0 ||
			    v == 0) {
				tool_err(cmd,
				    "--lifetime: '%s' is not a number "
				    "of seconds from 1 to 4294967295",
				    optarg);
				return EXIT_USAGE;
			}
			cfg.lifetime = (uint32_t)v;
			break;
		case OPT_EPORT:
			if (parse_ulong(optarg, 65535, &v) < 0 || v == 0) {
				tool_err(cmd,
				    "--external-port: '%s' is not a "
				    "port (1 to 65535)",
				    optarg);
				return EXIT_USAGE;
			}
			cfg.external_port = (uint16_t)v;
			break;
		case OPT_EADDR:
			if (pcpsel_addr_from_string(&cfg.external, optarg) <
			    0) {
				tool_err(cmd,
				    "--external-address: '%s' is not "
				    "an address",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_ONCE:
			run.once = 1;
			break;
		case OPT_TIMEOUT:
			if (parse_ulong(optarg, MAP_MAX_TIMEOUT, &v) < 0 ||
			    v == 0) {
				tool_err(cmd,
				    "--timeout: '%s' is not a number "
				    "of seconds from 1 to %d",
				    optarg, MAP_MAX_TIMEOUT);
				return EXIT_USAGE;
			}
			timeout = v;
			has_timeout = 1;
			break;
		case OPT_JSON:
			run.json = 1;
			break;
		case '4':
			v4 = 1;
			break;
		case '6':
			v6 = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			if (optopt == OPT_ONCE || optopt == OPT_JSON)
				tool_err(cmd, "option '%s' takes no value",
				    argv[optind - 1]);
			else if (optopt >= OPT_DIR)
				tool_err(cmd, "option '%s' needs a value",
				    argv[optind - 1]);
			else if (optopt != 0)
				tool_err(cmd, "unknown option '-%c'", optopt);
			else
				tool_err(cmd, "unknown option '%s'",
				    argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (v4 && v6) {
		tool_err(cmd, "-4 and -6 exclude each other (neither: both)");
		return EXIT_USAGE;
	}
	if (has_timeout && !run.once) {
		tool_err(cmd, "--timeout goes with --once");
		return EXIT_USAGE;
	}
	if (argc - optind != 2) {
		tool_err(cmd, "expected tcp|udp and INTERNAL-PORT");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[optind], "tcp") == 0) {
		cfg.protocol = PCPSEL_PROTO_TCP;
	} else if (strcmp(argv[optind], "udp") == 0) {
		cfg.protocol = PCPSEL_PROTO_UDP;
	} else {
		tool_err(cmd, "'%s' is not tcp or udp", argv[optind]);
		return EXIT_USAGE;
	}
	if (parse_ulong(argv[optind + 1], 65535, &v) < 0 || v == 0) {
		tool_err(cmd, "INTERNAL-PORT '%s' is not a port (1 to 65535)",
		    argv[optind + 1]);
		return EXIT_USAGE;
	}
	cfg.internal_port = (uint16_t)v;
	cfg.family = v4 ? PCPSEL_MAPPING_V4 :
	    v6		? PCPSEL_MAPPING_V6 :
			  PCPSEL_MAPPING_ANY;
	env = getenv("PCPSEL_MAP_IRT_MS");
	if (env != NULL && *env != '\0') {
		if (parse_ulong(env, 60000, &v) < 0 || v == 0) {
			tool_err(cmd, "PCPSEL_MAP_IRT_MS: 1 to 60000");
			return EXIT_USAGE;
		}
		cfg.irt_ms = (uint32_t)v;
	}
	run.protocol = cfg.protocol;
	run.dir = cfg.dir != NULL ? cfg.dir : pcpsel_servers_dir();
	cfg.event = on_event;
	cfg.event_arg = &run;
	if (!run.once) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		/* started before any lease (at boot): the directory is made
		 * by the first DHCP client hook; wait for it */
		cfg.wait_dir = 1;
	}
	r = pcpsel_mapper_new(&cfg, &run.m);
	if (r == -ENOENT && run.once) {
		/* as show and probe say it (pcpsel(8)); for map, no server
		 * known is no mapping granted: 69 */
		tool_err(cmd, "no PCP server known: %s does not exist",
		    cfg.dir != NULL ? cfg.dir : pcpsel_servers_dir());
		return EXIT_UNAVAILABLE;
	}
	if (r < 0) {
		tool_err(cmd, "%s: %s",
		    cfg.dir != NULL ? cfg.dir : pcpsel_servers_dir(),
		    strerror(-r));
		return EXIT_IO;
	}
	if (!run.once && access(run.dir, F_OK) < 0 && errno == ENOENT)
		tool_err(cmd, "%s does not exist yet: waiting for it",
		    run.dir);
	rc = run.once ? run_once(&run, (long)timeout) : run_follow(&run);
	pcpsel_mapper_free(run.m);
	return rc;
}
