/*
 * cmd_show.c - pcpsel show [--dir DIR] [--mapping 4|6|any] [--json]
 *              [INTERFACE ...]
 *
 * What a PCP client would use: the server-list files (pcpsel-servers(5)),
 * each server's addresses ordered with the interface's current addresses
 * (RFC 7488 §3, RFC 6724, P-FAM-1), through pcpsel_view_load().
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char *cmd = "show";

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel show [--dir DIR] [--mapping 4|6|any] [--json] "
	    "[INTERFACE ...]\n"
	    "\n"
	    "Show the PCP servers a client would use on each INTERFACE\n"
	    "(default: every interface that has a server-list file), each\n"
	    "server's addresses ordered by RFC 6724 with the interface's\n"
	    "current addresses as sources.\n"
	    "\n"
	    "  --dir DIR          server-list directory (default: %s)\n"
	    "  --mapping 4|6|any  family of the wanted mapping: only sources\n"
	    "                     of that family count (default: any)\n"
	    "  --json             print one JSON object instead\n"
	    "  --help             show this help\n"
	    "\n"
	    "Exit status: 0 ok, 64 usage, 65 a malformed or oversized file,\n"
	    "74 I/O error.\n",
	    pcpsel_servers_dir());
}

static void
print_text(const struct pcpsel_view *view)
{
	size_t k, i;

	for (k = 0; k < pcpsel_view_count(view); k++) {
		const struct pcpsel_list *list = pcpsel_view_servers(view, k);

		if (pcpsel_list_count(list) == 0) {
			printf("%s: no PCP server known\n",
			    pcpsel_view_ifname(view, k));
			continue;
		}
		printf("%s:\n", pcpsel_view_ifname(view, k));
		for (i = 0; i < pcpsel_list_count(list); i++) {
			printf("  server %s",
			    tool_origin_word(pcpsel_server_origin(list, i)));
			tool_addrs_text(list, i);
			putchar('\n');
		}
	}
}

static void
print_json(const struct pcpsel_view *view)
{
	size_t k, i;

	printf("{\"interfaces\":[");
	for (k = 0; k < pcpsel_view_count(view); k++) {
		const struct pcpsel_list *list = pcpsel_view_servers(view, k);

		printf("%s{\"name\":", k > 0 ? "," : "");
		tool_json_string(pcpsel_view_ifname(view, k));
		printf(",\"servers\":[");
		for (i = 0; i < pcpsel_list_count(list); i++) {
			printf("%s{", i > 0 ? "," : "");
			tool_server_json(list, i);
			putchar('}');
		}
		printf("]}");
	}
	printf("]}\n");
}

/* Text for a file error of pcpsel_file_read. */
static const char *
file_errstr(int err)
{
	switch (err) {
	case -ELOOP:
		return "is a symbolic link, refused";
	case -EINVAL:
		return "not a regular file";
	case -EFBIG:
		return "larger than 1 MiB";
	default:
		return strerror(-err);
	}
}

/* After pcpsel_view_load failed with @err: name the file at fault. */
static void
report_load_error(const char *dir, char **names, size_t n, int err)
{
	struct pcpsel_list *list;
	struct dirent *de;
	size_t i, line;
	DIR *d;
	int r;

	list = pcpsel_list_new();
	if (list == NULL)
		goto generic;
	if (names != NULL) {
		for (i = 0; i < n; i++) {
			line = 0;
			pcpsel_list_clear(list);
			r = pcpsel_file_read(dir, names[i], list, &line);
			if (r == err)
				goto found;
		}
	} else if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.' ||
			    pcpsel_ifname_check(de->d_name) < 0)
				continue;
			line = 0;
			pcpsel_list_clear(list);
			r = pcpsel_file_read(dir, de->d_name, list, &line);
			if (r == err) {
				if (err == -EBADMSG)
					tool_err(cmd,
					    "%s/%s: line %zu: malformed", dir,
					    de->d_name, line);
				else
					tool_err(cmd, "%s/%s: %s", dir,
					    de->d_name, file_errstr(err));
				closedir(d);
				pcpsel_list_free(list);
				return;
			}
		}
		closedir(d);
	}
	pcpsel_list_free(list);
generic:
	tool_err(cmd, "%s: %s", dir, strerror(-err));
	return;
found:
	if (err == -EBADMSG)
		tool_err(cmd, "%s/%s: line %zu: malformed", dir, names[i],
		    line);
	else
		tool_err(cmd, "%s/%s: %s", dir, names[i], file_errstr(err));
	pcpsel_list_free(list);
}

int
cmd_show(int argc, char **argv)
{
	struct pcpsel_view *view = NULL;
	const char *dir = NULL;
	int mapping = PCPSEL_MAPPING_ANY, json = 0, argi, r, ret;
	size_t n, i;
	char **names;

	for (argi = 1; argi < argc && argv[argi][0] == '-' &&
	     argv[argi][1] != '\0';
	     argi++) {
		const char *a = argv[argi], *val = NULL;

		if (strcmp(a, "--") == 0) {
			argi++;
			break;
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
			continue;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "--dir") == 0 ||
		    strcmp(a, "--mapping") == 0) {
			if (argi + 1 >= argc) {
				tool_err(cmd, "%s needs a value", a);
				return EXIT_USAGE;
			}
			val = argv[++argi];
		} else if (strncmp(a, "--dir=", 6) == 0 ||
		    strncmp(a, "--mapping=", 10) == 0) {
			val = strchr(a, '=') + 1;
		} else {
			tool_err(cmd, "unknown option '%s'", a);
			usage(stderr);
			return EXIT_USAGE;
		}
		if (strncmp(a, "--dir", 5) == 0) {
			if (val[0] == '\0') {
				tool_err(cmd, "--dir needs a directory");
				return EXIT_USAGE;
			}
			dir = val;
		} else {
			mapping = tool_mapping_parse(val);
			if (mapping < 0) {
				tool_err(cmd,
				    "--mapping must be 4, 6 or any, not '%s'",
				    val);
				return EXIT_USAGE;
			}
		}
	}
	if (dir == NULL)
		dir = pcpsel_servers_dir();
	n = (size_t)(argc - argi);
	names = n > 0 ? argv + argi : NULL;
	for (i = 0; i < n; i++)
		if (pcpsel_ifname_check(names[i]) < 0) {
			char safe[4 * 64];

			tool_safe_text(names[i], safe, sizeof(safe));
			tool_err(cmd, "invalid interface name '%s' (see "
			    "pcpsel-servers(5))", safe);
			return EXIT_USAGE;
		}

	r = pcpsel_view_load(dir, (const char *const *)names, n, mapping,
	    &view);
	if (r == -ENOENT && names == NULL) {
		/* no directory yet: no server known on any interface */
		view = NULL;
	} else if (r < 0) {
		report_load_error(dir, names, n, r);
		return r == -EBADMSG || r == -EFBIG ? EXIT_DATA : EXIT_IO;
	}
	if (json)
		print_json(view);
	else
		print_text(view);
	pcpsel_view_free(view);
	ret = EXIT_OK;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tool_err(cmd, "write error: %s", strerror(errno));
		ret = EXIT_IO;
	}
	return ret;
}
