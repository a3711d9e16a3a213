/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * transport.c - UDP sockets to PCP servers (Linux), and which errors are
 * hard (P-SEL-3): the one table behind pcpsel_icmp_hard() and
 * pcpsel_errno_hard(), shared by `pcpsel probe`, the mapper and any client
 *
 * One socket per (interface, source address or the kernel's choice,
 * server address): bound to the interface (SO_BINDTODEVICE: a server
 * learned on one interface is never contacted through another, P-IF-2),
 * connected to the server's port 5351 (the kernel drops datagrams from
 * anybody else, SEL-22, and ties ICMP errors to the socket), with
 * IP_RECVERR / IPV6_RECVERR so that every ICMP error arrives with its type
 * and code on the error queue instead of a bare errno that mixes hard and
 * soft ones (ENETUNREACH is code 0, soft, and code 6 or 9, hard).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pcpsel.h"
#include "internal.h"

#define ANY_CODE -1

/*
 * The table: RFC 1122 §4.2.3.9 makes ICMP Destination Unreachable codes 2,
 * 3 and 4 hard (protocol, port, fragmentation needed with DF) and 0, 1, 5
 * soft; RFC 4443 gives the ICMPv6 counterparts (port unreachable, Packet
 * Too Big, Parameter Problem code 1 for an unknown next header).  Codes
 * RFC 1122 does not rank are hard when they say the destination refuses
 * for good (unknown, isolated, administratively prohibited, precedence:
 * P-SEL-3 "faster failover"), soft when they describe a routing state that
 * may pass.  err is what Linux reports for each (net/ipv4/icmp.c
 * icmp_err_convert, net/ipv6/icmp.c icmpv6_err_convert).
 */
static const struct icmp_row {
	int family;
	int type;
	int code; /* ANY_CODE: every code not listed before */
	int err;
	bool hard;
	const char *name;
} icmp_table[] = {
	/* ICMP Destination Unreachable (type 3) */
	{ 4, 3, 0, ENETUNREACH, false, "net unreachable" },
	{ 4, 3, 1, EHOSTUNREACH, false, "host unreachable" },
	{ 4, 3, 2, ENOPROTOOPT, true, "protocol unreachable" },
	{ 4, 3, 3, ECONNREFUSED, true, "port unreachable" },
	{ 4, 3, 4, EMSGSIZE, true, "fragmentation needed and DF set" },
	{ 4, 3, 5, EOPNOTSUPP, false, "source route failed" },
	{ 4, 3, 6, ENETUNREACH, true, "destination network unknown" },
	{ 4, 3, 7, EHOSTDOWN, true, "destination host unknown" },
	{ 4, 3, 8, ENONET, true, "source host isolated" },
	{ 4, 3, 9, ENETUNREACH, true, "network administratively prohibited" },
	{ 4, 3, 10, EHOSTUNREACH, true, "host administratively prohibited" },
	{ 4, 3, 11, ENETUNREACH, false, "network unreachable for TOS" },
	{ 4, 3, 12, EHOSTUNREACH, false, "host unreachable for TOS" },
	{ 4, 3, 13, EHOSTUNREACH, true,
	    "communication administratively prohibited" },
	{ 4, 3, 14, EHOSTUNREACH, true, "host precedence violation" },
	{ 4, 3, 15, EHOSTUNREACH, true, "precedence cutoff in effect" },
	{ 4, 3, ANY_CODE, EHOSTUNREACH, false, "destination unreachable" },
	/* ICMP Time Exceeded, Parameter Problem */
	{ 4, 11, ANY_CODE, EHOSTUNREACH, false, "time exceeded" },
	{ 4, 12, ANY_CODE, EPROTO, false, "parameter problem" },
	/* ICMPv6 Destination Unreachable (type 1) */
	{ 6, 1, 0, ENETUNREACH, false, "no route to destination" },
	{ 6, 1, 1, EACCES, true, "administratively prohibited" },
	{ 6, 1, 2, EHOSTUNREACH, true, "beyond scope of source address" },
	{ 6, 1, 3, EHOSTUNREACH, false, "address unreachable" },
	{ 6, 1, 4, ECONNREFUSED, true, "port unreachable" },
	{ 6, 1, 5, EACCES, true,
	    "source address failed ingress/egress policy" },
	{ 6, 1, 6, EACCES, true, "reject route to destination" },
	{ 6, 1, ANY_CODE, EPROTO, true, "destination unreachable" },
	/* ICMPv6 Packet Too Big, Time Exceeded, Parameter Problem */
	{ 6, 2, ANY_CODE, EMSGSIZE, true, "packet too big" },
	{ 6, 3, ANY_CODE, EHOSTUNREACH, false, "time exceeded" },
	{ 6, 4, 1, EPROTO, true, "unrecognized next header" },
	{ 6, 4, ANY_CODE, EPROTO, false, "parameter problem" },
};

/* Errors of the local stack, without an ICMP message: hard ones (P-SEL-3:
 * no route from this interface fails the address at once). */
/* clang-format off */
static const int hard_errnos[] = {
	ENETUNREACH, EHOSTUNREACH, EPERM, EACCES, EMSGSIZE, ECONNREFUSED,
	ENOPROTOOPT, EADDRNOTAVAIL, EHOSTDOWN, ENONET, EPROTO
};
/* clang-format on */

static const struct icmp_row *
icmp_find(int family, unsigned type, unsigned code)
{
	size_t i;

	for (i = 0; i < PS_ARRAY_SIZE(icmp_table); i++) {
		const struct icmp_row *r = &icmp_table[i];

		if (r->family == family && (unsigned)r->type == type &&
		    (r->code == ANY_CODE || (unsigned)r->code == code))
			return r;
	}
	return NULL;
}

int
pcpsel_icmp_hard(int family, unsigned type, unsigned code, int *ret_errno)
{
	const struct icmp_row *r;

	if (family != 4 && family != 6)
		return -EINVAL;
	r = icmp_find(family, type, code);
	if (ret_errno != NULL)
		*ret_errno = r != NULL ? r->err : EHOSTUNREACH;
	return r != NULL && r->hard ? 1 : 0;
}

const char *
pcpsel_icmp_str(int family, unsigned type, unsigned code)
{
	const struct icmp_row *r = icmp_find(family, type, code);

	return r != NULL ? r->name : "ICMP error";
}

int
pcpsel_errno_hard(int err)
{
	size_t i;

	for (i = 0; i < PS_ARRAY_SIZE(hard_errnos); i++)
		if (hard_errnos[i] == err)
			return 1;
	return 0;
}

/* ---- sockets ----------------------------------------------------------- */

struct ps_tsock {
	int fd;
	char ifname[PCPSEL_IFNAMSIZ];
	bool listener;
	int family; /* 4 or 6 */
	bool has_src;
	struct pcpsel_addr src;
	struct pcpsel_addr dst;
	struct pcpsel_addr local;
};

struct pcpsel_transport {
	int epfd;
	struct ps_tsock *socks;
	size_t n, cap;
	uint8_t buf[PCPSEL_PCP_MAX_LEN + 4];
};

static bool
addr_eq(const struct pcpsel_addr *a, const struct pcpsel_addr *b)
{
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

static bool
link_local(const struct pcpsel_addr *a)
{
	return a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

static socklen_t
to_sockaddr(const struct pcpsel_addr *a, uint16_t port, unsigned ifindex,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (pcpsel_addr_is_v4(a)) {
		struct sockaddr_in sin;

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		memcpy(&sin.sin_addr, &a->bytes[12], 4);
		memcpy(ss, &sin, sizeof(sin));
		return sizeof(sin);
	} else {
		struct sockaddr_in6 sin6;

		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(port);
		memcpy(&sin6.sin6_addr, a->bytes, 16);
		/* P-IF-2: a link-local address has the interface as zone */
		if (link_local(a))
			sin6.sin6_scope_id = ifindex;
		memcpy(ss, &sin6, sizeof(sin6));
		return sizeof(sin6);
	}
}

static void
from_sockaddr(const void *sa, struct pcpsel_addr *a, uint16_t *port)
{
	sa_family_t family;

	memset(a, 0, sizeof(*a));
	memcpy(&family, sa, sizeof(family));
	if (family == AF_INET) {
		struct sockaddr_in sin;

		memcpy(&sin, sa, sizeof(sin));
		pcpsel_addr_from_v4(a, (const uint8_t *)&sin.sin_addr);
		if (port != NULL)
			*port = ntohs(sin.sin_port);
	} else if (family == AF_INET6) {
		struct sockaddr_in6 sin6;

		memcpy(&sin6, sa, sizeof(sin6));
		memcpy(a->bytes, &sin6.sin6_addr, 16);
		if (port != NULL)
			*port = ntohs(sin6.sin6_port);
	} else if (port != NULL) {
		*port = 0;
	}
}

int
pcpsel_transport_new(struct pcpsel_transport **ret)
{
	struct pcpsel_transport *t;
	int r;

	if (ret == NULL)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return -ENOMEM;
	t->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (t->epfd < 0) {
		r = -errno;
		free(t);
		return r;
	}
	*ret = t;
	return 0;
}

void
pcpsel_transport_free(struct pcpsel_transport *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		close(t->socks[i].fd);
	free(t->socks);
	close(t->epfd);
	free(t);
}

int
pcpsel_transport_fd(const struct pcpsel_transport *t)
{
	return t != NULL ? t->epfd : -1;
}

static struct ps_tsock *
find(struct pcpsel_transport *t, const char *ifname,
    const struct pcpsel_addr *src, const struct pcpsel_addr *dst)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct ps_tsock *s = &t->socks[i];

		if (!s->listener && strcmp(s->ifname, ifname) == 0 &&
		    addr_eq(&s->dst, dst) && s->has_src == (src != NULL) &&
		    (src == NULL || addr_eq(&s->src, src)))
			return s;
	}
	return NULL;
}

/* Register @fd and append a socket slot; 0 or a negative errno (@fd is
 * closed on failure). */
static int
add_sock(struct pcpsel_transport *t, int fd, const struct ps_tsock *tmpl,
    struct ps_tsock **ret)
{
	struct epoll_event ev;
	struct ps_tsock *ns;
	size_t cap;
	int r;

	if (t->n == t->cap) {
		cap = t->cap != 0 ? t->cap * 2 : 8;
		ns = realloc(t->socks, cap * sizeof(*ns));
		if (ns == NULL) {
			close(fd);
			return -ENOMEM;
		}
		t->socks = ns;
		t->cap = cap;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.fd = fd;
	if (epoll_ctl(t->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	t->socks[t->n] = *tmpl;
	t->socks[t->n].fd = fd;
	*ret = &t->socks[t->n++];
	return 0;
}

static int
set_int(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value));
}

int
pcpsel_transport_open(struct pcpsel_transport *t, const char *ifname,
    const struct pcpsel_addr *src, const struct pcpsel_addr *dst,
    struct pcpsel_addr *ret_local)
{
	struct sockaddr_storage ss;
	struct ps_tsock tmpl, *s;
	socklen_t len;
	unsigned ifindex;
	int fd, r, v4;

	if (t == NULL || ifname == NULL || dst == NULL ||
	    pcpsel_ifname_check(ifname) < 0)
		return -EINVAL;
	v4 = pcpsel_addr_is_v4(dst);
	if (src != NULL && pcpsel_addr_is_v4(src) != v4)
		return -EINVAL;
	s = find(t, ifname, src, dst);
	if (s == NULL) {
		ifindex = if_nametoindex(ifname);
		if (ifindex == 0)
			return -ENODEV;
		memset(&tmpl, 0, sizeof(tmpl));
		strcpy(tmpl.ifname, ifname);
		tmpl.family = v4 ? 4 : 6;
		tmpl.has_src = src != NULL;
		if (src != NULL)
			tmpl.src = *src;
		tmpl.dst = *dst;
		fd = socket(v4 ? AF_INET : AF_INET6,
		    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		/* P-IF-2 */
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
			(socklen_t)strlen(ifname)) < 0)
			goto fail;
		/* P-SEL-3: ICMP errors with their type and code */
		if (set_int(fd, v4 ? IPPROTO_IP : IPPROTO_IPV6,
			v4 ? IP_RECVERR : IPV6_RECVERR, 1) < 0)
			goto fail;
		if (src != NULL) {
			/* the mapping's internal address (RFC 6887 §10) */
			len = to_sockaddr(src, 0, ifindex, &ss);
			if (bind(fd, (struct sockaddr *)&ss, len) < 0)
				goto fail;
		}
		len = to_sockaddr(dst, PCPSEL_PCP_PORT, ifindex, &ss);
		if (connect(fd, (struct sockaddr *)&ss, len) < 0)
			goto fail;
		len = sizeof(ss);
		if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
			goto fail;
		from_sockaddr(&ss, &tmpl.local, NULL);
		r = add_sock(t, fd, &tmpl, &s);
		if (r < 0)
			return r;
	}
	if (ret_local != NULL)
		*ret_local = s->local;
	return 0;
fail:
	r = -errno;
	close(fd);
	return r;
}

int
pcpsel_transport_listen(struct pcpsel_transport *t, const char *ifname,
    int family)
{
	struct sockaddr_storage ss;
	struct pcpsel_addr any;
	struct ps_tsock tmpl, *s;
	unsigned ifindex;
	socklen_t len;
	size_t i;
	int fd, r;

	if (t == NULL || ifname == NULL || pcpsel_ifname_check(ifname) < 0 ||
	    (family != 4 && family != 6))
		return -EINVAL;
	for (i = 0; i < t->n; i++)
		if (t->socks[i].listener && t->socks[i].family == family &&
		    strcmp(t->socks[i].ifname, ifname) == 0)
			return 0;
	ifindex = if_nametoindex(ifname);
	if (ifindex == 0)
		return -ENODEV;
	memset(&tmpl, 0, sizeof(tmpl));
	strcpy(tmpl.ifname, ifname);
	tmpl.listener = true;
	tmpl.family = family;
	fd = socket(family == 4 ? AF_INET : AF_INET6,
	    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* RFC 6887 §14.1.3: SO_REUSEPORT, so that other clients listen too */
	if (set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1) < 0 ||
	    set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		(socklen_t)strlen(ifname)) < 0)
		goto fail;
	memset(&any, 0, sizeof(any));
	if (family == 4) {
		struct ip_mreqn mr;

		if (set_int(fd, IPPROTO_IP, IP_PKTINFO, 1) < 0)
			goto fail;
		/* all hosts: joined by the kernel already; joined here too
		 * so that it holds whatever IP_MULTICAST_ALL says */
		memset(&mr, 0, sizeof(mr));
		mr.imr_multiaddr.s_addr = htonl(0xe0000001u); /* 224.0.0.1 */
		mr.imr_ifindex = (int)ifindex;
		(void)setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
		    sizeof(mr));
		any.bytes[10] = any.bytes[11] = 0xff; /* 0.0.0.0 */
	} else {
		struct ipv6_mreq mr;

		if (set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1) < 0 ||
		    set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) < 0)
			goto fail;
		memset(&mr, 0, sizeof(mr));
		mr.ipv6mr_multiaddr.s6_addr[0] = 0xff; /* ff02::1 */
		mr.ipv6mr_multiaddr.s6_addr[1] = 0x02;
		mr.ipv6mr_multiaddr.s6_addr[15] = 0x01;
		mr.ipv6mr_interface = ifindex;
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr,
		    sizeof(mr));
	}
	len = to_sockaddr(&any, PCPSEL_PCP_CLIENT_PORT, 0, &ss);
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		goto fail;
	return add_sock(t, fd, &tmpl, &s);
fail:
	r = -errno;
	close(fd);
	return r;
}

static void
drop(struct pcpsel_transport *t, size_t i)
{
	(void)epoll_ctl(t->epfd, EPOLL_CTL_DEL, t->socks[i].fd, NULL);
	close(t->socks[i].fd);
	t->socks[i] = t->socks[--t->n];
}

void
pcpsel_transport_close(struct pcpsel_transport *t, const char *ifname,
    int (*keep)(void *arg, const char *ifname, const struct pcpsel_addr *src,
	const struct pcpsel_addr *dst),
    void *arg)
{
	struct ps_tsock *s;
	size_t i = 0;

	if (t == NULL)
		return;
	while (i < t->n) {
		s = &t->socks[i];
		if ((ifname != NULL && strcmp(s->ifname, ifname) != 0) ||
		    (s->listener && keep != NULL) ||
		    (!s->listener && keep != NULL &&
			keep(arg, s->ifname, s->has_src ? &s->src : NULL,
			    &s->dst))) {
			i++;
			continue;
		}
		drop(t, i);
	}
}

/* The error queue of @s: 1 and *@ret (an ICMP or local error), 0 none. */
static int
read_errqueue(struct pcpsel_transport *t, struct ps_tsock *s,
    struct pcpsel_datagram *ret)
{
	union {
		struct cmsghdr align;
		char buf[512];
	} control;
	struct sock_extended_err ee;
	struct msghdr msg;
	struct cmsghdr *c;
	struct iovec iov;
	bool found = false;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = t->buf;
	iov.iov_len = sizeof(t->buf);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	n = recvmsg(s->fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
	if (n < 0)
		return 0;
	memset(ret, 0, sizeof(*ret));
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		if (!((c->cmsg_level == IPPROTO_IP &&
			  c->cmsg_type == IP_RECVERR) ||
			(c->cmsg_level == IPPROTO_IPV6 &&
			    c->cmsg_type == IPV6_RECVERR)) ||
		    c->cmsg_len < CMSG_LEN(sizeof(ee)))
			continue;
		memcpy(&ee, CMSG_DATA(c), sizeof(ee));
		ret->error = (int)ee.ee_errno;
		if (ee.ee_origin == SO_EE_ORIGIN_ICMP ||
		    ee.ee_origin == SO_EE_ORIGIN_ICMP6) {
			int fam = ee.ee_origin == SO_EE_ORIGIN_ICMP ? 4 : 6;

			ret->icmp = 1;
			ret->icmp_type = ee.ee_type;
			ret->icmp_code = ee.ee_code;
			ret->hard = pcpsel_icmp_hard(fam, ee.ee_type,
					ee.ee_code, NULL) == 1;
			/* the offender's address follows the structure
			 * (SO_EE_OFFENDER) */
			if (c->cmsg_len > CMSG_LEN(sizeof(ee))) {
				struct sockaddr_storage off;
				size_t avail =
				    c->cmsg_len - CMSG_LEN(sizeof(ee));

				memset(&off, 0, sizeof(off));
				memcpy(&off,
				    (const char *)CMSG_DATA(c) + sizeof(ee),
				    avail < sizeof(off) ? avail : sizeof(off));
				from_sockaddr(&off, &ret->icmp_from, NULL);
			}
		} else {
			ret->hard = pcpsel_errno_hard(ret->error);
		}
		found = true;
	}
	if (!found)
		return 0;
	strcpy(ret->ifname, s->ifname);
	ret->local = s->local;
	ret->peer = s->dst;
	ret->peer_port = PCPSEL_PCP_PORT;
	return 1;
}

/* A datagram (or a bare error) of @s: 1 and *@ret, 0 none. */
static int
read_data(struct pcpsel_transport *t, struct ps_tsock *s,
    struct pcpsel_datagram *ret)
{
	union {
		struct cmsghdr align;
		char buf[256];
	} control;
	struct sockaddr_storage from;
	struct msghdr msg;
	struct cmsghdr *c;
	struct iovec iov;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	memset(&from, 0, sizeof(from));
	iov.iov_base = t->buf;
	iov.iov_len = sizeof(t->buf);
	msg.msg_name = &from;
	msg.msg_namelen = sizeof(from);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	n = recvmsg(s->fd, &msg, MSG_DONTWAIT);
	memset(ret, 0, sizeof(*ret));
	strcpy(ret->ifname, s->ifname);
	ret->announce = s->listener;
	ret->local = s->local;
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		/* an error the kernel gave no ICMP detail for */
		ret->error = errno;
		ret->hard = pcpsel_errno_hard(errno);
		ret->peer = s->dst;
		ret->peer_port = PCPSEL_PCP_PORT;
		return 1;
	}
	from_sockaddr(&from, &ret->peer, &ret->peer_port);
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			pcpsel_addr_from_v4(&ret->local,
			    (const uint8_t *)&pi.ipi_addr);
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memcpy(ret->local.bytes, &pi.ipi6_addr, 16);
		}
	}
	ret->data = t->buf;
	/* a datagram cut by the buffer is over PCP's 1100 octets (§7) and
	 * keeps a length that says so */
	ret->len =
	    (msg.msg_flags & MSG_TRUNC) != 0 ? sizeof(t->buf) : (size_t)n;
	return 1;
}

static struct ps_tsock *
by_fd(struct pcpsel_transport *t, int fd)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->socks[i].fd == fd)
			return &t->socks[i];
	return NULL;
}

int
pcpsel_transport_recv(struct pcpsel_transport *t, struct pcpsel_datagram *ret)
{
	struct epoll_event ev;
	struct ps_tsock *s;
	size_t guard;
	int n;

	if (t == NULL || ret == NULL)
		return -EINVAL;
	/* level-triggered, one socket per call: epoll hands out ready
	 * sockets in turn, and a socket left with nothing to read is not
	 * ready again; the count bounds the loop all the same */
	for (guard = 0; guard < 2 * t->n + 2; guard++) {
		n = epoll_wait(t->epfd, &ev, 1, 0);
		if (n < 0)
			return errno == EINTR ? 0 : -errno;
		if (n == 0)
			return 0;
		s = by_fd(t, ev.data.fd);
		if (s == NULL)
			continue;
		/* the error queue only when epoll says it holds something */
		if (((ev.events & EPOLLERR) != 0 &&
			read_errqueue(t, s, ret) == 1) ||
		    read_data(t, s, ret) == 1)
			return 1;
	}
	return 0;
}

int
pcpsel_transport_send(struct pcpsel_transport *t, const char *ifname,
    const struct pcpsel_addr *src, const struct pcpsel_addr *dst,
    const uint8_t *data, size_t len, struct pcpsel_datagram *ret_err)
{
	struct ps_tsock *s;
	int r, err;

	if (t == NULL || ifname == NULL || dst == NULL || ret_err == NULL ||
	    (data == NULL && len > 0))
		return -EINVAL;
	r = pcpsel_transport_open(t, ifname, src, dst, NULL);
	if (r == -EINVAL || r == -ENOMEM)
		return r;
	memset(ret_err, 0, sizeof(*ret_err));
	strcpy(ret_err->ifname, ifname);
	ret_err->peer = *dst;
	ret_err->peer_port = PCPSEL_PCP_PORT;
	if (r < 0) {
		/* P-SEL-3, P-SEL-7: no route from this interface, the
		 * source address gone, no such interface (soft: it may come
		 * back) */
		ret_err->error = -r;
		ret_err->hard = pcpsel_errno_hard(-r);
		return 1;
	}
	s = find(t, ifname, src, dst);
	ret_err->local = s->local;
	if (send(s->fd, data, len, 0) >= 0)
		return 0;
	err = errno;
	/* an error of an earlier transmission surfaces here: take its ICMP
	 * detail from the queue so that it is reported once */
	if (read_errqueue(t, s, ret_err) == 1)
		return 1;
	ret_err->error = err;
	ret_err->hard = pcpsel_errno_hard(err);
	return 1;
}
