/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_dhcpcd.c - `pcpsel dhcpcd` as dhcpcd's hook runs it: a hostile
 * environment block and saved DHCPv6 lease through the whole adapter
 * (src/cmd_dhcpcd.c, src/adapter.c) into libpcpsel's store
 *
 * Input: byte 0 picks dhcpcd's reason (reasons[] below); bytes 1-2 (big
 * endian) are how many of the remaining bytes form the environment block
 * (as /proc/PID/environ holds it), the rest is the saved lease
 * (/var/lib/dhcpcd/IF.lease6).  Each run starts from an empty state and
 * servers directory in a private temp directory.  Whatever the bytes:
 * the command returns one of the tool's exit codes, and the interface's
 * servers file is either absent or one the library's own reader accepts
 * whole (no partial file, P-IF-4), and nothing else appears in the
 * servers directory but that file.
 */
#include "config.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcpsel.h"
#include "fuzz.h"
#include "fuzz_tmp.h"
#include "../src/tool.h"

const char *tool_name = "pcpsel";

static const char *const reasons[] = {
	"BOUND",
	"RENEW",
	"REBIND",
	"REBOOT",
	"INFORM",
	"BOUND6",
	"RENEW6",
	"REBIND6",
	"REBOOT6",
	"INFORM6",
	"EXPIRE",
	"EXPIRE6",
	"NAK",
	"RELEASE",
	"RELEASE6",
	"STOP",
	"STOP6",
	"DEPARTED",
	"NOCARRIER",
	"CARRIER",
	"PREINIT",
	"TEST",
	"ROUTERADVERT",
	"bound",
	"",
};

static char top[64];

static void
write_file(const char *path, const uint8_t *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		abort();
	if (len > 0 && write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
}

/* Remove every entry of @dir (one level: the store makes no deeper one,
 * except the state directory's per-origin subdirectories). */
static void
empty_dir(const char *dir, int depth)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) != 0 && depth < 3) {
			empty_dir(path, depth + 1);
			rmdir(path);
		}
	}
	closedir(d);
}

static void
cleanup(void)
{
	empty_dir(top, 0);
	rmdir(top);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char env[96], lease[96], state[96], servers[96], file[128];
	size_t line = 0;
	char *argv[16];
	struct pcpsel_list *list;
	struct dirent *e;
	size_t env_len;
	DIR *d;
	int argc = 0, rc, r;

	if (size < 3)
		return 0;
	if (top[0] == '\0') {
		fuzz_tempdir(top, sizeof(top), "fuzz_dhcpcd");
		atexit(cleanup);
	}
	snprintf(env, sizeof(env), "%s/environ", top);
	snprintf(lease, sizeof(lease), "%s/lease6", top);
	snprintf(state, sizeof(state), "%s/state", top);
	snprintf(servers, sizeof(servers), "%s/servers", top);
	snprintf(file, sizeof(file), "%s/eth0", servers);
	empty_dir(state, 0);
	empty_dir(servers, 0);

	env_len = (size_t)data[1] << 8 | data[2];
	if (env_len > size - 3)
		env_len = size - 3;
	write_file(env, data + 3, env_len);
	write_file(lease, data + 3 + env_len, size - 3 - env_len);

	argv[argc++] = (char *)"dhcpcd";
	argv[argc++] = (char *)"--environ";
	argv[argc++] = env;
	argv[argc++] = (char *)"--lease6";
	argv[argc++] = lease;
	argv[argc++] = (char *)"--state-dir";
	argv[argc++] = state;
	argv[argc++] = (char *)"--dir";
	argv[argc++] = servers;
	argv[argc++] =
	    (char *)reasons[data[0] % (sizeof(reasons) / sizeof(reasons[0]))];
	argv[argc++] = (char *)"eth0";
	argv[argc] = NULL;
	rc = cmd_dhcpcd(argc, argv);
	assert(rc == EXIT_OK || rc == EXIT_DATA || rc == EXIT_IO ||
	    rc == EXIT_USAGE);

	/* the file, if any, is whole: the library's reader takes it */
	if (access(file, F_OK) == 0) {
		list = pcpsel_list_new();
		if (list == NULL)
			abort();
		r = pcpsel_file_read(servers, "eth0", list, &line);
		assert(r == 0);
		assert(pcpsel_list_count(list) > 0);
		pcpsel_list_free(list);
	}
	/* nothing but that file in the servers directory (no temp left) */
	d = opendir(servers);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL)
			assert(strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0 ||
			    strcmp(e->d_name, "eth0") == 0 ||
			    e->d_name[0] == '.');
		closedir(d);
	}
	return 0;
}
