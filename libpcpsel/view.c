/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * view.c - what a PCP client uses: the server-list files, each server's
 * addresses ordered for the wanted mapping family (RFC 7488 §3, P-FAM-1)
 * with the interface's current addresses as candidate sources (RFC 6724)
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pcpsel.h"
#include "internal.h"

struct ps_view_if {
	char name[PCPSEL_IFNAMSIZ];
	struct pcpsel_list *servers;
	int err; /* why the file could not be used, or 0 */
	size_t line; /* -EBADMSG: the malformed line */
};

struct pcpsel_view {
	struct ps_view_if *ifs;
	size_t n;
};

static int
name_cmp(const void *a, const void *b)
{
	const struct ps_view_if *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Set *@ifs to a malloc'ed array of the interface files of @dir (regular
 * files with a valid interface name), sorted by name; count in *@ret_n. */
static int
list_dir(const char *dir, struct ps_view_if **ifs, size_t *ret_n)
{
	struct ps_view_if *v = NULL, *nv;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int r = 0;

	d = opendir(dir);
	if (d == NULL)
		return -errno;
	for (;;) {
		struct stat st;

		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			r = -errno;
			break;
		}
		/* temp files of the writer start with '.' (files.c) */
		if (de->d_name[0] == '.' ||
		    pcpsel_ifname_check(de->d_name) < 0)
			continue;
		/* only regular files are interface files; a stray symlink or
		 * directory in the listing is ignored */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) <
			0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL) {
				r = -ENOMEM;
				break;
			}
			v = nv;
		}
		memset(&v[n], 0, sizeof(v[n]));
		/* pcpsel_ifname_check: at most PCPSEL_IFNAMSIZ - 1 chars */
		strcpy(v[n].name, de->d_name);
		n++;
	}
	closedir(d);
	if (r < 0) {
		free(v);
		return r;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), name_cmp);
	*ifs = v;
	*ret_n = n;
	return 0;
}

/* Read one interface's file into @vif->servers and order it, with the
 * sources of the host's address table *@table (read on first use; NULL:
 * read for this interface only; see ps_sources_lookup).  A file that
 * cannot be used costs only its own interface (issue 12 item 5): the
 * reason goes into @vif->err (and the line into @vif->line), not into the
 * result, which is kept for what concerns every interface (memory, the
 * address table). */
static int
load_one(const char *dir, struct ps_view_if *vif, int mapping,
    struct ps_hostaddrs **table)
{
	struct pcpsel_list *list = vif->servers;
	const char *name = vif->name;
	struct pcpsel_order_ctx ctx;
	struct pcpsel_source *src = NULL;
	size_t nsrc = 0, line = 0;
	int r;

	r = pcpsel_file_read(dir, name, list, &line);
	if (r == -ENOENT)
		return 0; /* no file: no server known there */
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		/* malformed, too big, a symlink, not a regular file, not
		 * readable...: this interface has no server, the others
		 * are read (pcpsel_file_read left @list empty) */
		vif->err = r;
		vif->line = r == -EBADMSG ? line : 0;
		return 0;
	}
	if (pcpsel_list_count(list) == 0)
		return 0;
	r = ps_sources_lookup(table, name, &src, &nsrc);
	if (r == -ENODEV)
		/* the interface is gone: there is nothing to choose a source
		 * from, so the file's order (the writer's) is kept */
		return 0;
	if (r < 0)
		return r;
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = src;
	ctx.nsources = nsrc;
	ctx.policy = NULL;
	ctx.npolicy = 0;
	ctx.mapping = mapping; /* P-FAM-1 */
	ctx.prefer_temporary = 1; /* RFC 6724 §5 Rule 7 default */
	r = pcpsel_list_order(list, &ctx);
	free(src);
	return r;
}

void
pcpsel_view_free(struct pcpsel_view *view)
{
	size_t i;

	if (view == NULL)
		return;
	for (i = 0; i < view->n; i++)
		pcpsel_list_free(view->ifs[i].servers);
	free(view->ifs);
	free(view);
}

int
pcpsel_view_load(const char *dir, const char *const *ifnames, size_t n,
    int mapping, struct pcpsel_view **ret_view)
{
	struct ps_hostaddrs *table = NULL;
	struct pcpsel_view *view;
	size_t i;
	int r;

	if (ret_view == NULL)
		return -EINVAL;
	if (mapping != PCPSEL_MAPPING_ANY && mapping != PCPSEL_MAPPING_V4 &&
	    mapping != PCPSEL_MAPPING_V6)
		return -EINVAL;
	if (ifnames != NULL)
		for (i = 0; i < n; i++)
			if (pcpsel_ifname_check(ifnames[i]) < 0)
				return -EINVAL;
	if (dir == NULL)
		dir = pcpsel_servers_dir();

	view = calloc(1, sizeof(*view));
	if (view == NULL)
		return -ENOMEM;
	if (ifnames == NULL) {
		r = list_dir(dir, &view->ifs, &view->n);
		if (r < 0) {
			free(view);
			return r;
		}
	} else if (n > 0) {
		view->ifs = calloc(n, sizeof(*view->ifs));
		if (view->ifs == NULL) {
			free(view);
			return -ENOMEM;
		}
		view->n = n;
		for (i = 0; i < n; i++)
			strcpy(view->ifs[i].name, ifnames[i]);
	}
	for (i = 0; i < view->n; i++) {
		view->ifs[i].servers = pcpsel_list_new();
		if (view->ifs[i].servers == NULL) {
			r = -ENOMEM;
			goto fail;
		}
		/* one address table for all interfaces: reading it per
		 * interface would cost O(n^2) with n interfaces (a single
		 * interface reads only its own IPv6 states) */
		r = load_one(dir, &view->ifs[i], mapping,
		    view->n > 1 ? &table : NULL);
		if (r < 0)
			goto fail;
	}
	ps_hostaddrs_free(table);
	*ret_view = view;
	return 0;
fail:
	ps_hostaddrs_free(table);
	pcpsel_view_free(view);
	return r;
}

size_t
pcpsel_view_count(const struct pcpsel_view *view)
{
	return view != NULL ? view->n : 0;
}

const char *
pcpsel_view_ifname(const struct pcpsel_view *view, size_t index)
{
	if (view == NULL || index >= view->n)
		return NULL;
	return view->ifs[index].name;
}

const struct pcpsel_list *
pcpsel_view_servers(const struct pcpsel_view *view, size_t index)
{
	if (view == NULL || index >= view->n)
		return NULL;
	return view->ifs[index].servers;
}

int
pcpsel_view_error(const struct pcpsel_view *view, size_t index,
    size_t *ret_line)
{
	if (view == NULL || index >= view->n)
		return -ERANGE;
	if (ret_line != NULL)
		*ret_line = view->ifs[index].line;
	return view->ifs[index].err;
}
