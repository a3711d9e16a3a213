/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mapper.c - the MAP client for applications (Linux): the pure MAP client
 * (map.c) per interface and address family, driven with real sockets
 * (transport.c), the monotonic clock and the kernel's random numbers, and
 * kept up to date by notifications only: inotify on the server-list
 * directory (pcpsel-servers(5): files are renamed into place) and rtnetlink
 * for the host's addresses (renumbering, §11.5); a directory that does not
 * exist yet is waited for by watching its nearest existing parent (a host
 * starts its applications before any lease).  Everything it waits on is
 * behind one epoll descriptor for the application's event loop; nothing
 * runs between two deadlines (no polling).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pcpsel.h"
#include "internal.h"

#define RELOAD_DELAY_MS \
	250 /* P-CHG-5: changes arriving together
				 * (DHCPv4 and DHCPv6, an address and its
				 * DAD) cause one re-read */
#define NFAM 2 /* [0] IPv4, [1] IPv6 */

struct ps_mif {
	char name[PCPSEL_IFNAMSIZ];
	struct pcpsel_view *view; /* its servers, ordered; NULL: none */
	struct pcpsel_map *map[NFAM]; /* NULL: family not wanted */
};

struct pcpsel_mapper {
	struct pcpsel_mapper_config cfg;
	char *dir;
	char **names; /* fixed interfaces, or NULL */
	size_t nnames;
	struct ps_mif *ifs;
	size_t n, cap;
	struct pcpsel_transport *tr;
	int epfd, infd, nlfd;
	uint64_t t0;
	uint64_t reload_at; /* 0: none due */
	bool stopping;
	bool gone; /* the directory went away */
	bool waiting; /* the directory does not exist yet (wait_dir) */
	bool rewatch; /* waiting: a parent changed, look again */
	int dwd; /* inotify watch of the directory, -1 none */
	int pwd; /* waiting: watch of its nearest existing parent, -1 */
};

/* what the directory's watch reports: pcpsel-servers(5) files are written
 * to a temp file and renamed (IN_MOVED_TO), or removed */
#define DIR_EVENTS \
	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | \
	    IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
/* what a parent's watch reports while the directory is waited for: a
 * component of its path appears there, or the parent itself goes */
#define PARENT_EVENTS \
	(IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t
pcpsel_mapper_now(const struct pcpsel_mapper *m)
{
	return m != NULL ? mono_ms() - m->t0 : 0;
}

/* The kernel's random numbers (RFC 6887 §11.2 nonces, §8.1.1 RAND). */
static uint32_t
kernel_random(void *arg)
{
	uint32_t r = 0;

	(void)arg;
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* it does not fail for 4 bytes once the pool is ready; the
		 * clock is mixed in rather than a constant returned */
		r ^= (uint32_t)mono_ms() * 2654435761u;
	}
	return r;
}

static int
fam_index(int family)
{
	return family == PCPSEL_MAPPING_V4 ? 0 : 1;
}

static bool
wanted(const struct pcpsel_mapper *m, int fi)
{
	return m->cfg.family == PCPSEL_MAPPING_ANY ||
	    fam_index(m->cfg.family) == fi;
}

static const struct pcpsel_list *
mif_servers(const struct ps_mif *mif)
{
	return mif->view != NULL ? pcpsel_view_servers(mif->view, 0) : NULL;
}

static void
emit_bad_file(struct pcpsel_mapper *m, const char *ifname, int err)
{
	struct pcpsel_map_event ev;

	if (m->cfg.event == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.type = PCPSEL_MAP_BAD_FILE;
	ev.ifname = ifname;
	ev.result = err;
	ev.time_ms = pcpsel_mapper_now(m);
	m->cfg.event(m->cfg.event_arg, &ev);
}

static struct ps_mif *
mif_find(struct pcpsel_mapper *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->ifs[i].name, name) == 0)
			return &m->ifs[i];
	return NULL;
}

static int
mif_add(struct pcpsel_mapper *m, const char *name, struct ps_mif **ret)
{
	struct pcpsel_map_config mc;
	struct ps_mif *mif, *nifs;
	size_t cap;
	int fi, r;

	if (m->n == m->cap) {
		cap = m->cap != 0 ? m->cap * 2 : 4;
		nifs = realloc(m->ifs, cap * sizeof(*nifs));
		if (nifs == NULL)
			return -ENOMEM;
		m->ifs = nifs;
		m->cap = cap;
	}
	mif = &m->ifs[m->n];
	memset(mif, 0, sizeof(*mif));
	strcpy(mif->name, name);
	for (fi = 0; fi < NFAM; fi++) {
		if (!wanted(m, fi))
			continue;
		memset(&mc, 0, sizeof(mc));
		mc.ifname = mif->name;
		mc.family = fi == 0 ? PCPSEL_MAPPING_V4 : PCPSEL_MAPPING_V6;
		mc.protocol = m->cfg.protocol;
		mc.internal_port = m->cfg.internal_port;
		mc.external_port = m->cfg.external_port;
		mc.external = m->cfg.external;
		mc.lifetime = m->cfg.lifetime;
		mc.engine.irt_ms = m->cfg.irt_ms;
		mc.engine.mrc = m->cfg.mrc;
		mc.engine.random = kernel_random;
		mc.event = m->cfg.event;
		mc.event_arg = m->cfg.event_arg;
		r = pcpsel_map_new(&mc, &mif->map[fi]);
		if (r < 0) {
			if (fi == 1)
				pcpsel_map_free(mif->map[0]);
			return r;
		}
	}
	m->n++;
	*ret = mif;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The interface names to look at: the fixed ones, or the files of the
 * directory plus those known already (a removed file withdraws them). */
static int
names_now(struct pcpsel_mapper *m, char ***ret, size_t *ret_n)
{
	char **v = NULL, **nv;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int r = 0;

	if (m->names != NULL) {
		*ret = m->names;
		*ret_n = m->nnames;
		return 0;
	}
	d = opendir(m->dir);
	if (d == NULL)
		return -errno;
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			r = -errno;
			break;
		}
		/* temp files of writers start with '.' (files.c) */
		if (de->d_name[0] == '.' ||
		    pcpsel_ifname_check(de->d_name) < 0 ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) <
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
		v[n] = strdup(de->d_name);
		if (v[n] == NULL) {
			r = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (r < 0) {
		for (i = 0; i < n; i++)
			free(v[i]);
		free(v);
		return r;
	}
	/* name order, as pcpsel_view_load lists them */
	if (n > 1)
		qsort(v, n, sizeof(*v), name_cmp);
	*ret = v;
	*ret_n = n;
	return 0;
}

static void
names_free(struct pcpsel_mapper *m, char **v, size_t n)
{
	size_t i;

	if (v == m->names)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Re-read one interface: its file, its addresses; hand both to its MAP
 * clients.  A file that cannot be read keeps the servers it had. */
static int
reload_one(struct pcpsel_mapper *m, struct ps_mif *mif, bool listed,
    uint64_t now)
{
	struct pcpsel_view *view = NULL;
	struct pcpsel_source *src = NULL;
	const struct pcpsel_list *list;
	const char *names[1];
	size_t nsrc = 0, i, k;
	bool has[NFAM];
	int fi, r;

	names[0] = mif->name;
	if (listed) {
		r = pcpsel_view_load(m->dir, names, 1, PCPSEL_MAPPING_ANY,
		    &view);
		if (r == -ENOMEM)
			return r;
		if (r == 0 && pcpsel_view_count(view) == 1)
			/* a file the view could not use (malformed, too
			 * big, a link...): its interface has no server there */
			r = pcpsel_view_error(view, 0, NULL);
		if (r < 0) {
			pcpsel_view_free(view);
			emit_bad_file(m, mif->name, r);
			return 0;
		}
		pcpsel_view_free(mif->view);
		mif->view = view;
	} else {
		/* its file went away: no server known there any more */
		pcpsel_view_free(mif->view);
		mif->view = NULL;
	}
	r = pcpsel_sources_get(mif->name, &src, &nsrc);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		src = NULL; /* no such interface (yet): no source */
		nsrc = 0;
	}
	list = mif_servers(mif);
	if (list == NULL) {
		struct pcpsel_list *e = pcpsel_list_new();

		if (e == NULL) {
			free(src);
			return -ENOMEM;
		}
		for (fi = 0; fi < NFAM; fi++)
			if (mif->map[fi] != NULL)
				pcpsel_map_set_servers(mif->map[fi], e, src,
				    nsrc, now);
		pcpsel_list_free(e);
		free(src);
		return 0;
	}
	for (fi = 0; fi < NFAM; fi++) {
		if (mif->map[fi] == NULL)
			continue;
		r = pcpsel_map_set_servers(mif->map[fi], list, src, nsrc, now);
		if (r == -ENOMEM) {
			free(src);
			return r;
		}
	}
	free(src);
	/* RFC 6887 §14.1.3: listen for ANNOUNCEs on interfaces with servers
	 * of the family (the interface may not exist yet: next time) */
	has[0] = has[1] = false;
	for (i = 0; i < pcpsel_list_count(list); i++)
		for (k = 0; k < pcpsel_server_count(list, i); k++)
			has[pcpsel_addr_is_v4(
				&pcpsel_server_addrs(list, i)[k]) ?
				0 :
				1] = true;
	for (fi = 0; fi < NFAM; fi++)
		if (has[fi] && mif->map[fi] != NULL)
			(void)pcpsel_transport_listen(m->tr, mif->name,
			    fi == 0 ? 4 : 6);
	return 0;
}

/* transport GC: a socket is kept while its destination is an address of a
 * server of its interface */
static int
keep_socket(void *arg, const char *ifname, const struct pcpsel_addr *src,
    const struct pcpsel_addr *dst)
{
	struct pcpsel_mapper *m = arg;
	const struct pcpsel_list *list;
	struct ps_mif *mif;
	size_t i, k;

	(void)src;
	mif = mif_find(m, ifname);
	list = mif != NULL ? mif_servers(mif) : NULL;
	if (list == NULL)
		return 0;
	for (i = 0; i < pcpsel_list_count(list); i++)
		for (k = 0; k < pcpsel_server_count(list, i); k++)
			if (memcmp(pcpsel_server_addrs(list, i)[k].bytes,
				dst->bytes, 16) == 0)
				return 1;
	return 0;
}

static int
reload(struct pcpsel_mapper *m, uint64_t now)
{
	struct ps_mif *mif;
	char **names = NULL;
	size_t nnames = 0, i, j;
	bool listed;
	int r;

	r = names_now(m, &names, &nnames);
	if (r < 0)
		return r;
	for (i = 0; i < nnames; i++)
		if (mif_find(m, names[i]) == NULL &&
		    (r = mif_add(m, names[i], &mif)) < 0)
			goto out;
	for (i = 0; i < m->n; i++) {
		mif = &m->ifs[i];
		listed = false;
		for (j = 0; j < nnames && !listed; j++)
			listed = strcmp(names[j], mif->name) == 0;
		r = reload_one(m, mif, listed, now);
		if (r < 0)
			goto out;
	}
	pcpsel_transport_close(m->tr, NULL, keep_socket, m);
	r = 0;
out:
	names_free(m, names, nnames);
	return r;
}

void
pcpsel_mapper_free(struct pcpsel_mapper *m)
{
	size_t i;
	int fi;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		for (fi = 0; fi < NFAM; fi++)
			pcpsel_map_free(m->ifs[i].map[fi]);
		pcpsel_view_free(m->ifs[i].view);
	}
	free(m->ifs);
	if (m->names != NULL)
		for (i = 0; i < m->nnames; i++)
			free(m->names[i]);
	free(m->names);
	free(m->dir);
	pcpsel_transport_free(m->tr);
	if (m->infd >= 0)
		close(m->infd);
	if (m->nlfd >= 0)
		close(m->nlfd);
	if (m->epfd >= 0)
		close(m->epfd);
	free(m);
}

static int
ep_add(int epfd, int fd)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.fd = fd;
	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

/* The parent of @path in @buf (@path's last component dropped): "/" for
 * "/x", "." for "x".  Returns -ENAMETOOLONG, 0, or 1 when @path has no
 * parent left ("/" or "."). */
static int
parent_of(const char *path, char *buf, size_t size)
{
	size_t len = strlen(path);

	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
	if (strcmp(buf, "/") == 0 || strcmp(buf, ".") == 0)
		return 1;
	while (len > 0 && buf[len - 1] != '/')
		len--;
	while (len > 1 && buf[len - 1] == '/')
		len--;
	if (len == 0) {
		buf[0] = '.';
		len = 1;
	}
	buf[len] = '\0';
	return 0;
}

/* Watch the directory; while it does not exist (wait_dir), watch its
 * nearest existing parent instead, where the next component of its path
 * will appear (IN_CREATE, IN_MOVED_TO), and look again after each event
 * there.  The directory is tried again after a parent's watch is added,
 * so that one made in between is not missed.  Returns 1 when the
 * directory is watched, 0 while waiting, or a negative errno. */
static int
dir_watch(struct pcpsel_mapper *m)
{
	char path[PATH_MAX], up[PATH_MAX];
	int guard, wd, r;

	for (guard = 0; guard < 64; guard++) {
		wd = inotify_add_watch(m->infd, m->dir, DIR_EVENTS);
		if (wd >= 0) {
			if (m->pwd >= 0 && m->pwd != wd)
				(void)inotify_rm_watch(m->infd, m->pwd);
			m->pwd = -1;
			m->dwd = wd;
			m->waiting = false;
			return 1;
		}
		if (errno != ENOENT || !m->cfg.wait_dir)
			return -errno;
		/* the nearest existing ancestor */
		r = parent_of(m->dir, path, sizeof(path));
		for (;;) {
			if (r < 0)
				return r;
			if (r == 1)
				return -ENOENT; /* not even "/" or "." */
			wd = inotify_add_watch(m->infd, path, PARENT_EVENTS);
			if (wd >= 0)
				break;
			if (errno != ENOENT)
				return -errno;
			r = parent_of(path, up, sizeof(up));
			memcpy(path, up, sizeof(path));
		}
		if (m->pwd >= 0 && m->pwd != wd)
			(void)inotify_rm_watch(m->infd, m->pwd);
		m->pwd = wd;
		m->waiting = true;
		if (access(m->dir, F_OK) < 0 && errno == ENOENT)
			return 0;
	}
	return -ELOOP; /* the path keeps changing under us */
}

int
pcpsel_mapper_new(const struct pcpsel_mapper_config *cfg,
    struct pcpsel_mapper **ret)
{
	struct sockaddr_nl snl;
	struct pcpsel_mapper *m;
	const char *dir;
	struct stat st;
	size_t i;
	int r;

	if (cfg == NULL || ret == NULL || cfg->protocol == 0 ||
	    cfg->protocol > 255 || cfg->internal_port == 0 ||
	    (cfg->family != PCPSEL_MAPPING_ANY &&
		cfg->family != PCPSEL_MAPPING_V4 &&
		cfg->family != PCPSEL_MAPPING_V6) ||
	    (cfg->ifnames == NULL && cfg->nifnames > 0) || cfg->mrc > 16)
		return -EINVAL;
	for (i = 0; i < cfg->nifnames; i++)
		if (pcpsel_ifname_check(cfg->ifnames[i]) < 0)
			return -EINVAL;
	dir = cfg->dir != NULL ? cfg->dir : pcpsel_servers_dir();
	if (stat(dir, &st) < 0) {
		if (errno != ENOENT || !cfg->wait_dir)
			return -errno;
	} else if (!S_ISDIR(st.st_mode)) {
		return -ENOTDIR;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return -ENOMEM;
	m->epfd = m->infd = m->nlfd = -1;
	m->dwd = m->pwd = -1;
	m->cfg = *cfg;
	m->cfg.ifnames = NULL;
	m->cfg.dir = NULL;
	m->t0 = mono_ms();
	r = -ENOMEM;
	m->dir = strdup(dir);
	if (m->dir == NULL)
		goto fail;
	if (cfg->ifnames != NULL) {
		m->names = calloc(cfg->nifnames + 1, sizeof(*m->names));
		if (m->names == NULL)
			goto fail;
		for (i = 0; i < cfg->nifnames; i++) {
			m->names[i] = strdup(cfg->ifnames[i]);
			if (m->names[i] == NULL)
				goto fail;
			m->nnames++;
		}
	}
	r = pcpsel_transport_new(&m->tr);
	if (r < 0)
		goto fail;
	m->epfd = epoll_create1(EPOLL_CLOEXEC);
	m->infd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	m->nlfd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_ROUTE);
	if (m->epfd < 0 || m->infd < 0 || m->nlfd < 0) {
		r = -errno;
		goto fail;
	}
	r = dir_watch(m);
	if (r < 0)
		goto fail;
	/* the host's addresses: renumbering moves the mappings (§11.5) */
	memset(&snl, 0, sizeof(snl));
	snl.nl_family = AF_NETLINK;
	snl.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
	if (bind(m->nlfd, (struct sockaddr *)&snl, sizeof(snl)) < 0) {
		r = -errno;
		goto fail;
	}
	if ((r = ep_add(m->epfd, m->infd)) < 0 ||
	    (r = ep_add(m->epfd, m->nlfd)) < 0 ||
	    (r = ep_add(m->epfd, pcpsel_transport_fd(m->tr))) < 0)
		goto fail;
	/* while waiting for the directory no server is known */
	r = m->waiting ? 0 : reload(m, 0);
	if (r < 0)
		goto fail;
	*ret = m;
	return 0;
fail:
	pcpsel_mapper_free(m);
	return r;
}

int
pcpsel_mapper_fd(const struct pcpsel_mapper *m)
{
	return m != NULL ? m->epfd : -1;
}

int
pcpsel_mapper_timeout(const struct pcpsel_mapper *m)
{
	uint64_t best = UINT64_MAX, t, now;
	size_t i;
	int fi;

	if (m == NULL)
		return -1;
	if (m->gone)
		return 0;
	for (i = 0; i < m->n; i++)
		for (fi = 0; fi < NFAM; fi++)
			if (m->ifs[i].map[fi] != NULL &&
			    (t = pcpsel_map_wakeup(m->ifs[i].map[fi])) < best)
				best = t;
	if (m->reload_at != 0 && m->reload_at < best)
		best = m->reload_at;
	if (best == UINT64_MAX)
		return -1;
	now = pcpsel_mapper_now(m);
	if (best <= now)
		return 0;
	/* rounded up: waking early would only find nothing due */
	return best - now > INT_MAX ? INT_MAX : (int)(best - now);
}

static void
schedule_reload(struct pcpsel_mapper *m, uint64_t now)
{
	if (m->reload_at == 0 && !m->stopping)
		m->reload_at = now + RELOAD_DELAY_MS;
}

/* The inotify events: a file of interest changed, or the directory went
 * away. */
static void
drain_inotify(struct pcpsel_mapper *m, uint64_t now)
{
	union {
		struct inotify_event align;
		char buf[4096];
	} u;
	const struct inotify_event *ev;
	ssize_t n;
	size_t off, i;
	int guard;
	bool ours;

	for (guard = 0; guard < 64; guard++) {
		n = read(m->infd, u.buf, sizeof(u.buf));
		if (n <= 0)
			return;
		for (off = 0; off + sizeof(*ev) <= (size_t)n;
		     off += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(u.buf + off);
			if ((ev->mask & IN_Q_OVERFLOW) != 0) {
				/* events were lost: read everything again */
				m->rewatch = m->waiting;
				schedule_reload(m, now);
				continue;
			}
			if (ev->wd == m->pwd && m->waiting) {
				/* a parent changed: look again */
				m->rewatch = true;
				continue;
			}
			if (ev->wd != m->dwd)
				continue; /* a parent's watch, removed */
			if ((ev->mask &
				(IN_DELETE_SELF | IN_MOVE_SELF |
				    IN_IGNORED)) != 0) {
				m->gone = true;
				continue;
			}
			if (ev->len == 0 || ev->name[0] == '.' ||
			    pcpsel_ifname_check(ev->name) < 0)
				continue;
			ours = m->names == NULL;
			for (i = 0; i < m->nnames && !ours; i++)
				ours = strcmp(m->names[i], ev->name) == 0;
			if (ours)
				schedule_reload(m, now);
		}
	}
}

static void
drain_netlink(struct pcpsel_mapper *m, uint64_t now)
{
	char buf[8192];
	int guard;

	/* any address or link change: the sources are read again */
	for (guard = 0; guard < 64; guard++) {
		if (recv(m->nlfd, buf, sizeof(buf), MSG_DONTWAIT) <= 0)
			return;
		schedule_reload(m, now);
	}
}

static void
dispatch(struct pcpsel_mapper *m, const struct pcpsel_datagram *d,
    uint64_t now)
{
	struct ps_mif *mif = mif_find(m, d->ifname);
	struct pcpsel_map *map;

	if (mif == NULL)
		return;
	map = mif->map[pcpsel_addr_is_v4(&d->peer) ? 0 : 1];
	if (map == NULL)
		return;
	if (d->error != 0) {
		/* SEL-11, P-SEL-3: only a hard error moves on at once */
		if (d->hard)
			pcpsel_map_unreachable(map, now, &d->peer);
		return;
	}
	/* a datagram on the 5350 listener was sent to a multicast group:
	 * its destination is no internal address */
	pcpsel_map_input(map, now, &d->peer, d->peer_port,
	    d->announce ? NULL : &d->local, d->data, d->len);
}

static void
send_due(struct pcpsel_mapper *m, uint64_t now)
{
	struct pcpsel_datagram err;
	struct pcpsel_map_send snd;
	struct ps_mif *mif;
	size_t i;
	int fi, guard;

	for (i = 0; i < m->n; i++) {
		mif = &m->ifs[i];
		for (fi = 0; fi < NFAM; fi++) {
			if (mif->map[fi] == NULL)
				continue;
			for (guard = 0; guard < 4096; guard++) {
				if (pcpsel_map_poll(mif->map[fi], now, &snd) !=
				    1)
					break;
				if (pcpsel_transport_send(m->tr, mif->name,
					&snd.src, &snd.dst, snd.data, snd.len,
					&err) == 1 &&
				    err.hard)
					pcpsel_map_unreachable(mif->map[fi],
					    now, &snd.dst);
			}
		}
	}
}

int
pcpsel_mapper_process(struct pcpsel_mapper *m)
{
	struct epoll_event evs[3];
	struct pcpsel_datagram d;
	bool in_ready = false, nl_ready = false, tr_ready = false;
	uint64_t now;
	int r, guard, n, i;

	if (m == NULL)
		return -EINVAL;
	now = pcpsel_mapper_now(m);
	/* what is ready, so that nothing is read in vain */
	n = epoll_wait(m->epfd, evs, 3, 0);
	for (i = 0; i < n; i++) {
		if (evs[i].data.fd == m->infd)
			in_ready = true;
		else if (evs[i].data.fd == m->nlfd)
			nl_ready = true;
		else
			tr_ready = true;
	}
	if (in_ready)
		drain_inotify(m, now);
	if (m->rewatch && !m->stopping) {
		m->rewatch = false;
		r = dir_watch(m);
		if (r < 0)
			return r;
		if (r == 1)
			/* it appeared: read it (and what is written into
			 * it meanwhile: the watch is on) */
			schedule_reload(m, now);
	}
	if (m->gone && !m->stopping) {
		/* the directory is gone: nothing tells what happens next;
		 * the application decides (stop, deleting the mappings) */
		return -ENOENT;
	}
	if (nl_ready)
		drain_netlink(m, now);
	for (guard = 0; tr_ready && guard < 4096; guard++) {
		r = pcpsel_transport_recv(m->tr, &d);
		if (r <= 0)
			break;
		dispatch(m, &d, now);
	}
	if (m->reload_at != 0 && now >= m->reload_at && !m->stopping) {
		m->reload_at = 0;
		r = reload(m, now);
		if (r == -ENOENT || r == -ENOTDIR) {
			m->gone = true;
			return -ENOENT;
		}
		if (r < 0)
			return r;
	}
	send_due(m, now);
	return 0;
}

int
pcpsel_mapper_stop(struct pcpsel_mapper *m)
{
	uint64_t now;
	size_t i;
	int fi, r, count = 0;

	if (m == NULL)
		return -EINVAL;
	now = pcpsel_mapper_now(m);
	m->stopping = true;
	m->reload_at = 0;
	for (i = 0; i < m->n; i++)
		for (fi = 0; fi < NFAM; fi++)
			if (m->ifs[i].map[fi] != NULL &&
			    (r = pcpsel_map_stop(m->ifs[i].map[fi], now)) > 0)
				count += r;
	send_due(m, now);
	return count;
}

int
pcpsel_mapper_done(const struct pcpsel_mapper *m)
{
	size_t i;
	int fi;

	if (m == NULL || !m->stopping)
		return 0;
	for (i = 0; i < m->n; i++)
		for (fi = 0; fi < NFAM; fi++)
			if (m->ifs[i].map[fi] != NULL &&
			    !pcpsel_map_stopped(m->ifs[i].map[fi]))
				return 0;
	return 1;
}

size_t
pcpsel_mapper_count(const struct pcpsel_mapper *m)
{
	size_t i, n = 0;
	int fi;

	if (m == NULL)
		return 0;
	for (i = 0; i < m->n; i++)
		for (fi = 0; fi < NFAM; fi++)
			if (m->ifs[i].map[fi] != NULL)
				n += pcpsel_map_count(m->ifs[i].map[fi]);
	return n;
}

int
pcpsel_mapper_status(const struct pcpsel_mapper *m, size_t index,
    struct pcpsel_map_event *ret)
{
	size_t i, c;
	int fi;

	if (m == NULL || ret == NULL)
		return -EINVAL;
	for (i = 0; i < m->n; i++)
		for (fi = 0; fi < NFAM; fi++) {
			if (m->ifs[i].map[fi] == NULL)
				continue;
			c = pcpsel_map_count(m->ifs[i].map[fi]);
			if (index < c)
				return pcpsel_map_status(m->ifs[i].map[fi],
				    index, ret);
			index -= c;
		}
	return -EINVAL;
}

const struct pcpsel_list *
pcpsel_mapper_servers(const struct pcpsel_mapper *m, const char *ifname)
{
	size_t i;

	if (m == NULL || ifname == NULL)
		return NULL;
	for (i = 0; i < m->n; i++)
		if (strcmp(m->ifs[i].name, ifname) == 0)
			return mif_servers(&m->ifs[i]);
	return NULL;
}
