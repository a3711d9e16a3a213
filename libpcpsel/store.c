/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * store.c - the per-interface store: what each origin learned on each
 * interface, merged, ordered and published as the interface's server-list
 * file (pcpsel-servers(5))
 *
 * Every DHCP-client adapter (the dhcpcd hook today) hands the servers of
 * one origin on one interface to pcpsel_store_set() or removes them with
 * pcpsel_store_clear(); the store keeps them under its state directory,
 * one file per origin and interface in the server-list format:
 *
 *	<state>/dhcpv4/<ifname>	servers from DHCPv4 option 158
 *	<state>/dhcpv6/<ifname>	servers from DHCPv6 option 86
 *	<state>/lock		flock(2): one change at a time, so a DHCPv4
 *				and a DHCPv6 event at once never lose an
 *				update (`flock <state>/lock` holds it from a
 *				shell)
 *
 * then rebuilds <servers dir>/<ifname> from both origins: P-DHCP-1 merge
 * (DHCPv4 first), RFC 6724 order for the interface's current addresses,
 * atomic replacement only when the content changes (pcpsel_file_write).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcpsel.h"
#include "internal.h"

#define PS_PATH_MAX 4096

struct pcpsel_store {
	char *state_dir;
	char *servers_dir;
};

/* The origins a store keeps, each with the name of its state directory. */
static const struct {
	unsigned origin;
	const char *name;
} origins[] = {
	{ PCPSEL_ORIGIN_DHCPV4, "dhcpv4" },
	{ PCPSEL_ORIGIN_DHCPV6, "dhcpv6" },
};

#define PS_ORIGINS_ALL (PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6)

static const char *
origin_dir(unsigned origin)
{
	size_t i;

	for (i = 0; i < PS_ARRAY_SIZE(origins); i++)
		if (origins[i].origin == origin)
			return origins[i].name;
	return NULL;
}

int
pcpsel_store_new(const char *state_dir, const char *servers_dir,
    struct pcpsel_store **ret_store)
{
	struct pcpsel_store *store;

	if (state_dir == NULL || state_dir[0] == '\0' ||
	    (servers_dir != NULL && servers_dir[0] == '\0') ||
	    ret_store == NULL)
		return -EINVAL;
	/* room for "/dhcpv4/<ifname>" and "/lock" below PS_PATH_MAX */
	if (strlen(state_dir) > PS_PATH_MAX - 32)
		return -ENAMETOOLONG;
	store = calloc(1, sizeof(*store));
	if (store == NULL)
		return -ENOMEM;
	store->state_dir = strdup(state_dir);
	store->servers_dir = servers_dir != NULL ? strdup(servers_dir) : NULL;
	if (store->state_dir == NULL ||
	    (servers_dir != NULL && store->servers_dir == NULL)) {
		pcpsel_store_free(store);
		return -ENOMEM;
	}
	*ret_store = store;
	return 0;
}

void
pcpsel_store_free(struct pcpsel_store *store)
{
	if (store == NULL)
		return;
	free(store->state_dir);
	free(store->servers_dir);
	free(store);
}

/* mkdir -p @path, every directory made 0755 whatever the umask (readers
 * and PCP clients are not root).  0 or -errno. */
static int
mkdir_p(const char *path)
{
	char copy[PS_PATH_MAX];
	char *p;

	if (strlen(path) >= sizeof(copy))
		return -ENAMETOOLONG;
	strcpy(copy, path);
	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(copy, 0755) == 0)
				(void)chmod(copy, 0755);
			else if (errno != EEXIST)
				return -errno;
			*p = c;
		}
		if (*p == '\0')
			return 0;
	}
}

/* Take the store's lock; it goes with the descriptor.  fd or -errno. */
static int
lock_take(const struct pcpsel_store *store)
{
	char path[PS_PATH_MAX];
	int fd, r;

	r = mkdir_p(store->state_dir);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/lock", store->state_dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
	    0600);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			r = -errno;
			close(fd);
			return r;
		}
	}
	return fd;
}

static void
state_path(char *buf, size_t size, const struct pcpsel_store *store,
    unsigned origin)
{
	snprintf(buf, size, "%s/%s", store->state_dir, origin_dir(origin));
}

/* One origin's state into @list (cleared first).  A missing file is no
 * server; a damaged one (not the format, too large) is no server and is
 * noted in @report.  0, -ENOMEM or -errno. */
static int
state_read(const struct pcpsel_store *store, const char *ifname,
    unsigned origin, struct pcpsel_list *list,
    struct pcpsel_store_report *report)
{
	char dir[PS_PATH_MAX];
	size_t line = 0;
	int r;

	pcpsel_list_clear(list);
	state_path(dir, sizeof(dir), store, origin);
	r = pcpsel_file_read(dir, ifname, list, &line);
	if (r == -ENOENT)
		return 0;
	if (r == -EBADMSG || r == -EFBIG) {
		pcpsel_list_clear(list);
		if (report->damaged == 0)
			report->damaged_line = line;
		report->damaged |= origin;
		return 0;
	}
	return r < 0 ? r : 0;
}

/* Write one origin's state (an empty list removes it).  0 or -errno. */
static int
state_write(const struct pcpsel_store *store, const char *ifname,
    unsigned origin, const struct pcpsel_list *list)
{
	char dir[PS_PATH_MAX];
	int r;

	state_path(dir, sizeof(dir), store, origin);
	if (pcpsel_list_count(list) == 0) {
		r = pcpsel_file_remove(dir, ifname);
		return r < 0 ? r : 0;
	}
	r = mkdir_p(dir);
	if (r < 0)
		return r;
	r = pcpsel_file_write(dir, ifname, list);
	return r < 0 ? r : 0;
}

/* RFC 6724 order of every server's addresses for the interface's current
 * addresses, any mapping family.  Without addresses (the interface may be
 * gone) the order learned is kept.  0 or -ENOMEM. */
static int
order(const char *ifname, struct pcpsel_list *list)
{
	struct pcpsel_order_ctx ctx;
	struct pcpsel_source *sources = NULL;
	size_t n = 0;
	int r;

	if (pcpsel_list_count(list) == 0)
		return 0;
	r = pcpsel_sources_get(ifname, &sources, &n);
	if (r < 0 || n == 0) {
		free(sources);
		return r == -ENOMEM ? r : 0;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = sources;
	ctx.nsources = n;
	ctx.mapping = PCPSEL_MAPPING_ANY;
	ctx.prefer_temporary = 1;
	r = pcpsel_list_order(list, &ctx);
	free(sources);
	return r == -ENOMEM ? r : 0;
}

/* Under the lock: rebuild the interface's file from every origin's
 * state. */
static int
publish(const struct pcpsel_store *store, const char *ifname,
    struct pcpsel_store_report *report)
{
	struct pcpsel_list *v4, *v6, *merged;
	const char *dir;
	int r;

	v4 = pcpsel_list_new();
	v6 = pcpsel_list_new();
	merged = pcpsel_list_new();
	if (v4 == NULL || v6 == NULL || merged == NULL) {
		r = -ENOMEM;
		goto out;
	}
	r = state_read(store, ifname, PCPSEL_ORIGIN_DHCPV4, v4, report);
	if (r == 0)
		r = state_read(store, ifname, PCPSEL_ORIGIN_DHCPV6, v6,
		    report);
	/* P-DHCP-1: DHCPv4 servers first; a DHCPv6 server sharing an
	 * address with one of them joins it */
	if (r == 0)
		r = pcpsel_list_merge(merged, v4, v6);
	if (r == 0)
		r = order(ifname, merged);
	if (r < 0)
		goto out;
	dir = store->servers_dir != NULL ? store->servers_dir :
					   pcpsel_servers_dir();
	if (pcpsel_list_count(merged) == 0) {
		r = pcpsel_file_remove(dir, ifname);
	} else {
		r = mkdir_p(dir);
		if (r == 0)
			r = pcpsel_file_write(dir, ifname, merged);
	}
	if (r >= 0) {
		/* pcpsel_file_write/remove: 1 nothing to do */
		report->changed = r == 0;
		r = 0;
	}
out:
	pcpsel_list_free(v4);
	pcpsel_list_free(v6);
	pcpsel_list_free(merged);
	return r;
}

/* The servers of @list as @origin's, in order (a copy with the origin set
 * and nothing else changed).  0, -EINVAL, -ENOMEM. */
static int
copy_as(struct pcpsel_list *dst, const struct pcpsel_list *src,
    unsigned origin)
{
	size_t i, n = pcpsel_list_count(src);
	int r;

	for (i = 0; i < n; i++) {
		r = pcpsel_list_add_server(dst, origin,
		    pcpsel_server_addrs(src, i), pcpsel_server_count(src, i));
		if (r < 0)
			return r;
	}
	return 0;
}

/* What set, clear and publish share: check, lock, change, publish. */
static int
change(struct pcpsel_store *store, const char *ifname, unsigned origins_set,
    const struct pcpsel_list *list, unsigned origins_clear,
    struct pcpsel_store_report *ret_report)
{
	struct pcpsel_store_report report;
	struct pcpsel_list *mine = NULL;
	size_t i;
	int fd, r = 0;

	if (store == NULL || pcpsel_ifname_check(ifname) < 0)
		return -EINVAL;
	memset(&report, 0, sizeof(report));
	if (list != NULL) {
		mine = pcpsel_list_new();
		if (mine == NULL)
			return -ENOMEM;
		r = copy_as(mine, list, origins_set);
		if (r < 0) {
			pcpsel_list_free(mine);
			return r;
		}
	}
	fd = lock_take(store);
	if (fd < 0) {
		pcpsel_list_free(mine);
		return fd;
	}
	if (mine != NULL)
		r = state_write(store, ifname, origins_set, mine);
	for (i = 0; r == 0 && i < PS_ARRAY_SIZE(origins); i++) {
		struct pcpsel_list *empty;

		if (!(origins_clear & origins[i].origin))
			continue;
		empty = pcpsel_list_new();
		if (empty == NULL) {
			r = -ENOMEM;
			break;
		}
		r = state_write(store, ifname, origins[i].origin, empty);
		pcpsel_list_free(empty);
	}
	/* the previous file stays as it was on failure (pcpsel_file_write) */
	if (r == 0)
		r = publish(store, ifname, &report);
	close(fd);
	pcpsel_list_free(mine);
	if (r == 0 && ret_report != NULL)
		*ret_report = report;
	return r;
}

int
pcpsel_store_set(struct pcpsel_store *store, const char *ifname,
    unsigned origin, const struct pcpsel_list *list,
    struct pcpsel_store_report *ret_report)
{
	if (origin_dir(origin) == NULL || list == NULL)
		return -EINVAL;
	return change(store, ifname, origin, list, 0, ret_report);
}

int
pcpsel_store_clear(struct pcpsel_store *store, const char *ifname,
    unsigned origins_mask, struct pcpsel_store_report *ret_report)
{
	if (origins_mask == 0 || (origins_mask & ~PS_ORIGINS_ALL) != 0)
		return -EINVAL;
	return change(store, ifname, 0, NULL, origins_mask, ret_report);
}

int
pcpsel_store_publish(struct pcpsel_store *store, const char *ifname,
    struct pcpsel_store_report *ret_report)
{
	return change(store, ifname, 0, NULL, 0, ret_report);
}

int
pcpsel_store_get(struct pcpsel_store *store, const char *ifname,
    unsigned origin, struct pcpsel_list *list)
{
	struct pcpsel_store_report report;
	struct pcpsel_list *tmp;
	int r;

	if (store == NULL || pcpsel_ifname_check(ifname) < 0 ||
	    origin_dir(origin) == NULL || list == NULL)
		return -EINVAL;
	tmp = pcpsel_list_new();
	if (tmp == NULL)
		return -ENOMEM;
	memset(&report, 0, sizeof(report));
	r = state_read(store, ifname, origin, tmp, &report);
	if (r == 0 && report.damaged != 0)
		r = -EBADMSG;
	if (r == 0)
		r = ps_list_reserve(list, pcpsel_list_count(tmp));
	if (r == 0) {
		pcpsel_list_clear(list);
		ps_list_move(list, tmp);
	}
	pcpsel_list_free(tmp);
	return r;
}
