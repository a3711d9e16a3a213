/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_decode.c - pcpsel decode -4|-6 [--json] HEX [HEX ...]
 *
 * -4: the HEX arguments are the option-158 fragments in RFC 3396 order
 *     (P-DHCP4-1); a malformed option is discarded as a whole (P-DHCP4-2).
 * -6: one HEX per option-86 instance (RFC 7291 §3.1); a malformed instance
 *     is skipped and reported, the others are kept (P-DHCP6-1/2).
 * One output line per server: its addresses in received order.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char *cmd = "decode";

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel decode -4 [--json] HEX [HEX ...]\n"
	    "       pcpsel decode -6 [--json] HEX [HEX ...]\n"
	    "\n"
	    "Decode DHCPv4 option 158 (-4: each HEX is one RFC 3396\n"
	    "fragment, in order) or DHCPv6 option 86 (-6: each HEX is one\n"
	    "instance) data, without option code and length.  HEX is upper\n"
	    "or lower case and may have ':' between bytes.  Prints one line\n"
	    "per server: its usable addresses, in received order.\n"
	    "\n"
	    "  -4        option 158 (DHCPv4)\n"
	    "  -6        option 86 (DHCPv6)\n"
	    "  --json    print one JSON object instead (errors too)\n"
	    "  --help    show this help\n"
	    "\n"
	    "Exit status: 0 ok (also when no usable address is left),\n"
	    "64 usage, 65 malformed option (v4) or every instance malformed\n"
	    "(v6) or HEX that is not hex.\n");
}

static void
print_text(const struct pcpsel_list *list)
{
	char buf[PCPSEL_ADDRSTRLEN];
	size_t i, j;

	for (i = 0; i < pcpsel_list_count(list); i++) {
		const struct pcpsel_addr *a = pcpsel_server_addrs(list, i);

		for (j = 0; j < pcpsel_server_naddrs(list, i); j++) {
			pcpsel_addr_to_string(&a[j], buf, sizeof(buf));
			printf("%s%s", j > 0 ? " " : "", buf);
		}
		putchar('\n');
	}
}

struct skipped {
	size_t instance; /* 1-based */
	size_t length;
	int reason;
};

static void
print_json(const struct pcpsel_list *list, const struct skipped *skip,
    size_t nskip, const struct pcpsel_decode_info *info)
{
	size_t i;

	printf("{\"servers\":[");
	for (i = 0; i < pcpsel_list_count(list); i++) {
		printf("%s[", i > 0 ? "," : "");
		tool_addrs_json(list, i);
		putchar(']');
	}
	printf("],\"skipped_instances\":[");
	for (i = 0; i < nskip; i++) {
		printf("%s{\"instance\":%zu,\"length\":%zu,\"reason\":",
		    i > 0 ? "," : "", skip[i].instance, skip[i].length);
		tool_json_string(pcpsel_malformed_str(skip[i].reason));
		putchar('}');
	}
	printf("],\"filtered\":%zu,\"duplicates\":%zu}\n", info->filtered,
	    info->duplicates);
}

int
cmd_decode(int argc, char **argv)
{
	struct pcpsel_decode_info info;
	struct pcpsel_list *list = NULL;
	struct pcpsel_buf *bufs = NULL;
	struct skipped *skip = NULL;
	static const struct option longopts[] = { TOOL_LONGOPT_JSON,
		TOOL_LONGOPT_HELP, TOOL_LONGOPT_END };
	struct tool_args a;
	size_t nbufs = 0, nskip = 0, i;
	int family, argi, c, r, ret;

	tool_args_init(&a, cmd, usage, "46h", longopts);
	while ((c = tool_args_next(&a, argc, argv)) != TOOL_ARGS_END) {
		if (c == TOOL_ARGS_EXIT ||
		    tool_args_family(&a, c) == TOOL_ARGS_EXIT)
			return a.rc;
	}
	if (a.family == 0)
		return tool_args_error(&a,
		    "give -4 (option 158) or -6 (option 86)");
	family = a.family;
	argi = optind;
	if (argi >= argc)
		return tool_args_error(&a, "no HEX data given");

	ret = EXIT_DATA;
	nbufs = (size_t)(argc - argi);
	bufs = calloc(nbufs, sizeof(*bufs));
	skip = calloc(nbufs, sizeof(*skip));
	list = pcpsel_list_new();
	if (bufs == NULL || skip == NULL || list == NULL) {
		tool_err(cmd, "%s", strerror(ENOMEM));
		ret = EXIT_IO;
		goto out;
	}
	for (i = 0; i < nbufs; i++) {
		uint8_t *data;

		r = tool_hex_decode(argv[argi + (int)i], &data, &bufs[i].len);
		if (r == -E2BIG) {
			tool_err(cmd, "argument %zu: more than %d bytes",
			    i + 1, PCPSEL_MAX_INPUT);
			goto out;
		} else if (r < 0) {
			tool_err(cmd, "argument %zu: not hex: '%s'", i + 1,
			    argv[argi + (int)i]);
			goto out;
		}
		bufs[i].data = data;
	}

	memset(&info, 0, sizeof(info));
	if (family == 4) {
		r = pcpsel_v4_decode(list, bufs, nbufs, &info);
		if (r == -EBADMSG) {
			/* P-DHCP4-2: the whole option is discarded */
			if (info.reason == PCPSEL_BAD_V4_SHORT)
				tool_err(cmd,
				    "option 158 malformed, discarded: %s "
				    "(length %zu)",
				    pcpsel_malformed_str(info.reason),
				    info.value);
			else
				tool_err(cmd,
				    "option 158 malformed, discarded: %s "
				    "(List-Length %zu at offset %zu)",
				    pcpsel_malformed_str(info.reason),
				    info.value, info.offset);
			goto out;
		}
	} else {
		/* P-DHCP6-1/2: each instance is judged alone */
		for (i = 0; i < nbufs; i++) {
			int why = pcpsel_v6_check(bufs[i].data, bufs[i].len);

			if (why == PCPSEL_OK)
				continue;
			skip[nskip].instance = i + 1;
			skip[nskip].length = bufs[i].len;
			skip[nskip].reason = why;
			nskip++;
			tool_err(cmd,
			    "option 86 instance %zu (%zu byte%s) skipped: %s",
			    i + 1, bufs[i].len, bufs[i].len == 1 ? "" : "s",
			    pcpsel_malformed_str(why));
		}
		r = pcpsel_v6_decode(list, bufs, nbufs, &info);
		if (r == -EBADMSG) {
			tool_err(cmd, "no well-formed option 86 instance");
			goto out;
		}
	}
	if (r == -E2BIG) {
		tool_err(cmd, "more than %d bytes of option data",
		    PCPSEL_MAX_INPUT);
		goto out;
	}
	if (r < 0) {
		tool_err(cmd, "%s", strerror(-r));
		ret = EXIT_IO;
		goto out;
	}
	if (tool_json) {
		print_json(list, skip, nskip, &info);
		tool_json_done = 1;
	} else
		print_text(list);
	ret = EXIT_OK;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tool_err(cmd, "write error: %s", strerror(errno));
		ret = EXIT_IO;
	}
out:
	if (bufs != NULL)
		for (i = 0; i < nbufs; i++)
			free((void *)bufs[i].data);
	free(bufs);
	free(skip);
	pcpsel_list_free(list);
	return ret;
}
