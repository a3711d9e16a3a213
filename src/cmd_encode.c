/*
 * cmd_encode.c - pcpsel encode -4|-6 SERVER [SERVER ...]
 *
 * SERVER is the comma-separated address list of one PCP server.  Prints the
 * option data (no code, no length) in lowercase hex, one line per option
 * instance: option 158 split only between servers when over 255 bytes
 * (RFC 7291 §4.1, RFC 3396), option 86 one instance per server (R7291-4).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char *cmd = "encode";

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel encode -4 SERVER [SERVER ...]\n"
	    "       pcpsel encode -6 SERVER [SERVER ...]\n"
	    "\n"
	    "Encode PCP servers as DHCPv4 option 158 (-4) or DHCPv6 option\n"
	    "86 (-6) data, without option code and length.  SERVER is the\n"
	    "comma-separated addresses of one server, e.g.\n"
	    "192.0.2.1,192.0.2.2.  Prints lowercase hex, one line per option\n"
	    "instance.  With -6, IPv4 addresses are written IPv4-mapped.\n"
	    "\n"
	    "  -4        option 158 (DHCPv4): IPv4 only, at most %d\n"
	    "            addresses per server\n"
	    "  -6        option 86 (DHCPv6)\n"
	    "  --help    show this help\n"
	    "\n"
	    "Exit status: 0 ok, 64 usage, 65 an invalid, unusable, duplicate\n"
	    "or wrong-family address, or too many addresses in one server.\n",
	    PCPSEL_V4_MAX_ADDRS);
}

/* 1 if an earlier server of @list holds @addr. */
static int
list_has(const struct pcpsel_list *list, const struct pcpsel_addr *addr)
{
	size_t i, j;

	for (i = 0; i < pcpsel_list_count(list); i++) {
		const struct pcpsel_addr *a = pcpsel_server_addrs(list, i);

		for (j = 0; j < pcpsel_server_count(list, i); j++)
			if (memcmp(&a[j], addr, sizeof(*addr)) == 0)
				return 1;
	}
	return 0;
}

/* Parse one SERVER argument and append it to @list; 0 or an exit code. */
static int
add_server(struct pcpsel_list *list, int family, size_t index, const char *arg)
{
	struct pcpsel_addr *addrs;
	const char *p, *comma;
	size_t n, k, j;
	int r, ret = EXIT_DATA;

	n = 1;
	for (p = arg; *p != '\0'; p++)
		if (*p == ',')
			n++;
	addrs = calloc(n, sizeof(*addrs));
	if (addrs == NULL) {
		tool_err(cmd, "%s", strerror(ENOMEM));
		return EXIT_IO;
	}
	p = arg;
	for (k = 0; k < n; k++) {
		char buf[PCPSEL_ADDRSTRLEN + 1];
		size_t len;

		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (len >= sizeof(buf)) {
			tool_err(cmd, "server %zu: invalid address '%.*s'",
			    index, (int)len, p);
			goto out;
		}
		memcpy(buf, p, len);
		buf[len] = '\0';
		if (pcpsel_addr_from_string(&addrs[k], buf) < 0) {
			tool_err(cmd, "server %zu: invalid address '%s'", index,
			    buf);
			goto out;
		}
		if (family == 4 && !pcpsel_addr_is_v4(&addrs[k])) {
			tool_err(cmd,
			    "server %zu: address '%s' is not IPv4 "
			    "(option 158 carries IPv4 only)",
			    index, buf);
			goto out;
		}
		/* R7291-8/15, P-DHCP4-3, P-DHCP6-4 */
		if (!pcpsel_addr_usable(&addrs[k])) {
			tool_err(cmd,
			    "server %zu: address '%s' is not usable as a PCP "
			    "server address",
			    index, buf);
			goto out;
		}
		for (j = 0; j < k; j++)
			if (memcmp(&addrs[j], &addrs[k], sizeof(addrs[k])) ==
			    0)
				break;
		if (j < k || list_has(list, &addrs[k])) {
			tool_err(cmd, "server %zu: address '%s' given twice",
			    index, buf);
			goto out;
		}
		p = comma != NULL ? comma + 1 : p + len;
	}
	/* RFC 7291 §4.1: List-Length is one octet, so 63 addresses at most */
	if (family == 4 && n > PCPSEL_V4_MAX_ADDRS) {
		tool_err(cmd,
		    "server %zu: %zu addresses, at most %d fit one option-158 "
		    "list",
		    index, n, PCPSEL_V4_MAX_ADDRS);
		goto out;
	}
	r = pcpsel_list_add_server(list,
	    family == 4 ? PCPSEL_ORIGIN_DHCPV4 : PCPSEL_ORIGIN_DHCPV6, addrs,
	    n);
	if (r == -E2BIG) {
		tool_err(cmd, "server %zu: %zu addresses, at most %d allowed",
		    index, n, PCPSEL_V6_MAX_ADDRS);
		goto out;
	} else if (r < 0) {
		tool_err(cmd, "server %zu: %s", index, strerror(-r));
		ret = r == -ENOMEM ? EXIT_IO : EXIT_DATA;
		goto out;
	}
	ret = 0;
out:
	free(addrs);
	return ret;
}

int
cmd_encode(int argc, char **argv)
{
	struct pcpsel_list *list;
	struct pcpsel_wire *wire = NULL;
	int family = 0, argi, r, ret;
	size_t i, len;

	r = tool_family_opts(cmd, argc, argv, usage, NULL, &family, &argi);
	if (r >= 0)
		return r;
	if (argi >= argc) {
		tool_err(cmd, "no SERVER given");
		usage(stderr);
		return EXIT_USAGE;
	}
	list = pcpsel_list_new();
	if (list == NULL) {
		tool_err(cmd, "%s", strerror(ENOMEM));
		return EXIT_IO;
	}
	for (i = 0; argi + (int)i < argc; i++) {
		ret = add_server(list, family, i + 1, argv[argi + (int)i]);
		if (ret != 0)
			goto out;
	}
	r = family == 4 ? pcpsel_v4_encode(list, &wire) :
			  pcpsel_v6_encode(list, &wire);
	if (r < 0) {
		/* every address was checked above: only -ENOMEM is left */
		tool_err(cmd, "%s", strerror(-r));
		ret = r == -ENOMEM ? EXIT_IO : EXIT_DATA;
		goto out;
	}
	for (i = 0; i < pcpsel_wire_count(wire); i++) {
		const uint8_t *data = pcpsel_wire_get(wire, i, &len);

		tool_hex_print(data, len);
	}
	ret = EXIT_OK;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tool_err(cmd, "write error: %s", strerror(errno));
		ret = EXIT_IO;
	}
out:
	if (wire != NULL)
		pcpsel_wire_free(wire);
	pcpsel_list_free(list);
	return ret;
}
