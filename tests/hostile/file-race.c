/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * file-race.c - concurrent writers and readers of one server-list file
 *
 * Issue 5, "Files and names": several processes write the file of one
 * interface at once (pcpsel_file_write), while others read it in a loop
 * (pcpsel_file_read).  Every read must parse to exactly one of the lists
 * written (a complete old or complete new file: never a mix, never
 * -EBADMSG, never a partial file), and no update may be lost.
 *
 * Phase 1 (sequenced): writer w writes the lists L(w, 1) ... L(w, N), all
 * different, of very different sizes (1 to 7 servers, IPv4 and IPv6, one
 * write in ten has a server of 200 addresses: about 8 KiB of text).  The
 * first address of every list, 2001:db8:w:s::1, names it, so a reader
 * rebuilds L(w, s) and compares the whole list (pcpsel_list_equal).  A
 * reader must also never see an older list of a writer after a newer one
 * (the rename is atomic and each writer's writes are in order).  At the
 * end the file must hold L(w, N) of some writer w: the last write that
 * took effect is the last write of one of the writers, never an earlier
 * one (no lost update).
 *
 * Phase 2 (alternating): every writer writes the same two lists A (one
 * server) and B (40 servers) in turn, so most writes find the content
 * already there (pcpsel_file_write returns 1, nothing rewritten); every
 * read must be exactly A or B.
 *
 * Both phases also check that the file of another interface in the same
 * directory is untouched (same bytes, same inode) and that no temp file is
 * left behind.
 *
 * Usage: file-race [-w WRITERS] [-r READERS] [-n WRITES] [-t SECONDS] [-x]
 * (-x: self-test, writers that are not atomic: the test must fail)
 * Exit: 0 pass, 1 fail, 99 hard error (the test could not run).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pcpsel.h"

#define IFNAME "race0"
#define OTHER_IF "race1"
#define MAX_PROCS 16
#define BIG_SERVER 200 /* addresses of the big server */
#define ALT_SERVERS 40 /* servers of list B */

/* Shared between the processes (one anonymous shared mapping). */
struct shared {
	atomic_int stop; /* readers: stop now */
	atomic_int writers_left; /* writers still writing */
	struct {
		atomic_ulong reads;
		atomic_ulong changes; /* reads that saw another list */
		atomic_ulong bad; /* reads that failed a check */
	} reader[MAX_PROCS];
	struct {
		atomic_ulong writes;
		atomic_ulong unchanged; /* pcpsel_file_write returned 1 */
		atomic_ulong bad;
	} writer[MAX_PROCS];
};

static struct shared *sh;
static char dir[4096];
static int nwriters = 4, nreaders = 3;
static unsigned long nwrites = 1500;
static unsigned timeout_s = 90;
static int broken; /* -x: self-test with a non-atomic writer */

static void
die(const char *what, int err)
{
	fprintf(stderr, "file-race: %s: %s\n", what, strerror(err));
	exit(99);
}

/* 2001:db8:W:S::N */
static void
v6addr(struct pcpsel_addr *a, unsigned w, unsigned long s, unsigned n)
{
	memset(a, 0, sizeof(*a));
	a->bytes[0] = 0x20;
	a->bytes[1] = 0x01;
	a->bytes[2] = 0x0d;
	a->bytes[3] = 0xb8;
	a->bytes[4] = (uint8_t)(w >> 8);
	a->bytes[5] = (uint8_t)w;
	a->bytes[6] = (uint8_t)(s >> 8);
	a->bytes[7] = (uint8_t)s;
	a->bytes[12] = (uint8_t)(n >> 24);
	a->bytes[13] = (uint8_t)(n >> 16);
	a->bytes[14] = (uint8_t)(n >> 8);
	a->bytes[15] = (uint8_t)n;
}

/* 192.0.2.N (IPv4-mapped) */
static void
v4addr(struct pcpsel_addr *a, unsigned n)
{
	uint8_t b[4] = { 192, 0, 2, (uint8_t)n };

	pcpsel_addr_from_v4(a, b);
}

/*
 * L(w, s) of phase 1: 1 + s % 7 servers.  Server 0 starts with the marker
 * 2001:db8:w:s::1; even servers are DHCPv6 servers of 1 + (s + k) % 5
 * IPv6 addresses, odd ones DHCPv4 servers of IPv4 addresses; when s % 10
 * is 0 the last server is a DHCPv6 server of BIG_SERVER addresses.
 */
static int
build_seq(struct pcpsel_list *l, unsigned w, unsigned long s)
{
	struct pcpsel_addr addrs[BIG_SERVER];
	unsigned k, j, nserv, nad;
	int r;

	pcpsel_list_clear(l);
	nserv = 1 + (unsigned)(s % 7);
	for (k = 0; k < nserv; k++) {
		nad = 1 + (unsigned)((s + k) % 5);
		for (j = 0; j < nad; j++) {
			if (k % 2 == 0)
				v6addr(&addrs[j], w, s, k * 16 + j + 1);
			else
				v4addr(&addrs[j], k * 8 + j + 1);
		}
		r = pcpsel_list_add_server(l,
		    k % 2 == 0 ? PCPSEL_ORIGIN_DHCPV6 : PCPSEL_ORIGIN_DHCPV4,
		    addrs, nad);
		if (r < 0)
			return r;
	}
	if (s % 10 == 0) {
		for (j = 0; j < BIG_SERVER; j++)
			v6addr(&addrs[j], w, s, 0x10000 + j);
		r = pcpsel_list_add_server(l, PCPSEL_ORIGIN_DHCPV6, addrs,
		    BIG_SERVER);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Phase 2: A (which 0) is one DHCPv4 server; B (which 1) is ALT_SERVERS
 * servers of three IPv6 addresses, every fourth one with both origins. */
static int
build_alt(struct pcpsel_list *l, int which)
{
	struct pcpsel_addr addrs[3];
	unsigned k, j;
	int r;

	pcpsel_list_clear(l);
	if (which == 0) {
		v4addr(&addrs[0], 77);
		return pcpsel_list_add_server(l, PCPSEL_ORIGIN_DHCPV4, addrs,
		    1);
	}
	for (k = 0; k < ALT_SERVERS; k++) {
		for (j = 0; j < 3; j++)
			v6addr(&addrs[j], 0xffff, 0xffff, k * 4 + j + 1);
		r = pcpsel_list_add_server(l,
		    k % 4 == 0 ? PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6 :
				 PCPSEL_ORIGIN_DHCPV6,
		    addrs, 3);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The marker of a phase-1 list: 0 and *w, *s; -1 if it has none. */
static int
marker(const struct pcpsel_list *l, unsigned *w, unsigned long *s)
{
	const struct pcpsel_addr *a;
	static const uint8_t pre[4] = { 0x20, 0x01, 0x0d, 0xb8 };
	static const uint8_t one[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };

	if (pcpsel_list_count(l) == 0 || pcpsel_server_naddrs(l, 0) == 0)
		return -1;
	a = pcpsel_server_addrs(l, 0);
	if (memcmp(a->bytes, pre, 4) != 0 || memcmp(a->bytes + 8, one, 8) != 0)
		return -1;
	*w = (unsigned)a->bytes[4] << 8 | a->bytes[5];
	*s = (unsigned long)a->bytes[6] << 8 | a->bytes[7];
	return 0;
}

/* Self-test (-x): a writer that is NOT atomic (truncate in place, write in
 * two halves), which the readers must catch: proof that the test can
 * fail. */
static int
broken_write(const struct pcpsel_list *l)
{
	char path[4200], *text;
	size_t len, half;
	int fd, r;

	r = pcpsel_file_format(l, &text, &len);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/%s", dir, IFNAME);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		free(text);
		return -errno;
	}
	half = len / 2;
	r = 0;
	if (write(fd, text, half) != (ssize_t)half ||
	    write(fd, text + half, len - half) != (ssize_t)(len - half))
		r = -EIO;
	close(fd);
	free(text);
	return r;
}

static void
writer(int phase, unsigned w)
{
	struct pcpsel_list *l;
	unsigned long s;
	int r;

	l = pcpsel_list_new();
	if (l == NULL)
		die("pcpsel_list_new", ENOMEM);
	for (s = 1; s <= nwrites && !atomic_load(&sh->stop); s++) {
		r = phase == 1 ? build_seq(l, w, s) :
				 build_alt(l, (int)(s % 2));
		if (r < 0)
			die("building a list", -r);
		r = broken ? broken_write(l) :
			     pcpsel_file_write(dir, IFNAME, l);
		if (r < 0 || (phase == 1 && r != 0)) {
			if (atomic_fetch_add(&sh->writer[w].bad, 1) < 5)
				fprintf(stderr,
				    "writer %u: write %lu: %d "
				    "(%s)\n",
				    w, s, r, strerror(-r));
		} else if (r == 1) {
			atomic_fetch_add(&sh->writer[w].unchanged, 1);
		}
		atomic_fetch_add(&sh->writer[w].writes, 1);
	}
	pcpsel_list_free(l);
	atomic_fetch_sub(&sh->writers_left, 1);
	_exit(0);
}

static void
reader(int phase, unsigned id, const struct pcpsel_list *alt_a,
    const struct pcpsel_list *alt_b)
{
	struct pcpsel_list *got, *want;
	unsigned long last[MAX_PROCS], s, prev_s = 0;
	unsigned w, prev_w = ~0u;
	size_t line;
	int r, ok, done;

	memset(last, 0, sizeof(last));
	got = pcpsel_list_new();
	want = pcpsel_list_new();
	if (got == NULL || want == NULL)
		die("pcpsel_list_new", ENOMEM);
	for (;;) {
		/* read once more after the last writer ended */
		done = atomic_load(&sh->writers_left) == 0 ||
		    atomic_load(&sh->stop);
		pcpsel_list_clear(got);
		line = 0;
		r = pcpsel_file_read(dir, IFNAME, got, &line);
		ok = 0;
		if (r == 0 && phase == 1 && marker(got, &w, &s) == 0 &&
		    w < (unsigned)nwriters && s >= 1 && s <= nwrites &&
		    build_seq(want, w, s) == 0 &&
		    pcpsel_list_equal(got, want)) {
			/* a writer's lists appear in the order written */
			ok = s >= last[w];
			last[w] = s;
			if (w != prev_w || s != prev_s)
				atomic_fetch_add(&sh->reader[id].changes, 1);
			prev_w = w;
			prev_s = s;
		} else if (r == 0 && phase == 2) {
			w = pcpsel_list_equal(got, alt_a) ? 0 :
			    pcpsel_list_equal(got, alt_b) ? 1 :
							    2;
			ok = w < 2;
			if (ok && w != prev_w)
				atomic_fetch_add(&sh->reader[id].changes, 1);
			prev_w = w;
		} else if (r == 0 && phase == 1 &&
		    pcpsel_list_count(got) == 1 &&
		    pcpsel_list_equal(got, alt_a)) {
			ok = last[0] == 0 && prev_w == ~0u; /* the seed */
		}
		if (!ok && atomic_fetch_add(&sh->reader[id].bad, 1) < 5)
			fprintf(stderr,
			    "reader %u: bad read: rc %d (%s), line "
			    "%zu, %zu servers\n",
			    id, r,
			    r < 0 ? strerror(-r) :
				    "parsed, not a list "
				    "written",
			    line, pcpsel_list_count(got));
		atomic_fetch_add(&sh->reader[id].reads, 1);
		if (done)
			break;
	}
	pcpsel_list_free(got);
	pcpsel_list_free(want);
	_exit(0);
}

static char *
slurp(const char *path, size_t *len, ino_t *ino)
{
	struct stat st;
	FILE *f;
	char *buf;

	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	if (fstat(fileno(f), &st) < 0 ||
	    (buf = malloc((size_t)st.st_size + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)st.st_size, f);
	*ino = st.st_ino;
	fclose(f);
	return buf;
}

/* Only IFNAME and OTHER_IF in the directory: no temp file left. */
static int
dir_clean(void)
{
	DIR *d;
	struct dirent *e;
	int clean = 1;

	d = opendir(dir);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, IFNAME) == 0 ||
		    strcmp(e->d_name, OTHER_IF) == 0)
			continue;
		fprintf(stderr, "left in %s: %s\n", dir, e->d_name);
		clean = 0;
	}
	closedir(d);
	return clean;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run one phase: fork the writers and readers, wait for them (at most
 * timeout_s seconds), check the totals and the final file.  Failed checks
 * are added to *fails. */
static void
phase_run(int phase, int *fails)
{
	pid_t pids[2 * MAX_PROCS];
	struct pcpsel_list *a, *b, *final, *want;
	unsigned long reads = 0, changes = 0, bad = 0, writes = 0;
	unsigned long unchanged = 0, s;
	unsigned w;
	int i, n = 0, status, r, found;
	double t0, deadline;
	char *before, *after;
	size_t blen, alen;
	ino_t bino, aino;
	char other[4200];

	memset(sh, 0, sizeof(*sh));
	atomic_store(&sh->writers_left, nwriters);
	a = pcpsel_list_new();
	b = pcpsel_list_new();
	final = pcpsel_list_new();
	want = pcpsel_list_new();
	if (a == NULL || b == NULL || final == NULL || want == NULL)
		die("pcpsel_list_new", ENOMEM);
	if (build_alt(a, 0) < 0 || build_alt(b, 1) < 0)
		die("building a list", EINVAL);
	/* the seed: the file exists before anyone reads (list A) */
	r = pcpsel_file_write(dir, IFNAME, a);
	if (r < 0)
		die("seed write", -r);
	snprintf(other, sizeof(other), "%s/%s", dir, OTHER_IF);
	before = slurp(other, &blen, &bino);
	if (before == NULL)
		die(other, errno);

	t0 = now();
	for (i = 0; i < nreaders + nwriters; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork", errno);
		if (pid == 0) {
			if (i < nreaders)
				reader(phase, (unsigned)i, a, b);
			writer(phase, (unsigned)(i - nreaders));
		}
		pids[n++] = pid;
	}
	deadline = t0 + timeout_s;
	for (i = 0; i < n; i++) {
		while ((r = (int)waitpid(pids[i], &status, WNOHANG)) == 0) {
			if (now() > deadline && !atomic_load(&sh->stop)) {
				fprintf(stderr,
				    "phase %d: timeout (%u s): "
				    "stopping\n",
				    phase, timeout_s);
				atomic_store(&sh->stop, 1);
				(*fails)++;
			}
			if (now() > deadline + 10) {
				int j;

				for (j = i; j < n; j++)
					kill(pids[j], SIGKILL);
			}
			usleep(10000);
		}
		if (r < 0)
			die("waitpid", errno);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr,
			    "phase %d: process %d ended badly "
			    "(status %#x)\n",
			    phase, (int)pids[i], status);
			(*fails)++;
		}
	}

	for (i = 0; i < nreaders; i++) {
		reads += atomic_load(&sh->reader[i].reads);
		changes += atomic_load(&sh->reader[i].changes);
		bad += atomic_load(&sh->reader[i].bad);
	}
	for (i = 0; i < nwriters; i++) {
		writes += atomic_load(&sh->writer[i].writes);
		unchanged += atomic_load(&sh->writer[i].unchanged);
		bad += atomic_load(&sh->writer[i].bad);
	}
	printf("phase %d (%s): %d writers, %lu writes (%lu unchanged), "
	       "%d readers, %lu reads (%lu saw a new list), %lu bad, %.2f s\n",
	    phase, phase == 1 ? "sequenced" : "alternating", nwriters, writes,
	    unchanged, nreaders, reads, changes, bad, now() - t0);
	if (bad > 0) {
		printf("not ok - phase %d: %lu bad reads or writes\n", phase,
		    bad);
		(*fails)++;
	} else {
		printf("ok - phase %d: every read a complete list written\n",
		    phase);
	}
	if (writes != (unsigned long)nwriters * nwrites) {
		printf("not ok - phase %d: %lu writes, not %lu\n", phase,
		    writes, (unsigned long)nwriters * nwrites);
		(*fails)++;
	}
	if (reads < 1000 || changes < 2)
		printf("# phase %d: few reads (%lu) or changes seen (%lu): "
		       "little overlap\n",
		    phase, reads, changes);

	/* the final file: a last write of some writer */
	pcpsel_list_clear(final);
	r = pcpsel_file_read(dir, IFNAME, final, NULL);
	found = 0;
	if (r == 0 && phase == 1 && marker(final, &w, &s) == 0 &&
	    w < (unsigned)nwriters && s == nwrites &&
	    build_seq(want, w, s) == 0 && pcpsel_list_equal(final, want))
		found = 1;
	if (r == 0 && phase == 2)
		/* the last write of every writer is L(nwrites % 2) */
		found = pcpsel_list_equal(final, nwrites % 2 ? b : a);
	if (found) {
		printf("ok - phase %d: the file holds a last write\n", phase);
	} else {
		printf("not ok - phase %d: the final file (rc %d) is not a "
		       "writer's last write\n",
		    phase, r);
		(*fails)++;
	}
	/* one more write alone, read back (pcpsel_file_read appends) */
	pcpsel_list_clear(final);
	if (build_seq(want, 0, nwrites + 1) < 0 ||
	    pcpsel_file_write(dir, IFNAME, want) != 0 ||
	    pcpsel_file_read(dir, IFNAME, final, NULL) != 0 ||
	    !pcpsel_list_equal(final, want)) {
		printf("not ok - phase %d: a write after the race is not read "
		       "back\n",
		    phase);
		(*fails)++;
	} else {
		printf("ok - phase %d: a write after the race reads back\n",
		    phase);
	}

	after = slurp(other, &alen, &aino);
	if (after != NULL && alen == blen && aino == bino &&
	    memcmp(before, after, blen) == 0) {
		printf("ok - phase %d: %s untouched (same bytes, inode)\n",
		    phase, OTHER_IF);
	} else {
		printf("not ok - phase %d: %s changed\n", phase, OTHER_IF);
		(*fails)++;
	}
	if (dir_clean()) {
		printf("ok - phase %d: no temp file left\n", phase);
	} else {
		printf("not ok - phase %d: temp files left\n", phase);
		(*fails)++;
	}
	free(before);
	free(after);
	pcpsel_list_free(a);
	pcpsel_list_free(b);
	pcpsel_list_free(final);
	pcpsel_list_free(want);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: file-race [-w WRITERS] [-r READERS] "
	    "[-n WRITES] [-t SECONDS] [-x]\n");
	exit(99);
}

int
main(int argc, char **argv)
{
	struct pcpsel_list *o;
	struct pcpsel_addr addr;
	const char *tmp;
	char path[4200];
	int c, fails = 0, r;

	while ((c = getopt(argc, argv, "w:r:n:t:x")) != -1) {
		switch (c) {
		case 'w':
			nwriters = atoi(optarg);
			break;
		case 'r':
			nreaders = atoi(optarg);
			break;
		case 'n':
			nwrites = strtoul(optarg, NULL, 10);
			break;
		case 't':
			timeout_s = (unsigned)atoi(optarg);
			break;
		case 'x':
			broken = 1;
			break;
		default:
			usage();
		}
	}
	/* the marker holds s in 16 bits */
	if (nwriters < 1 || nwriters > MAX_PROCS || nreaders < 1 ||
	    nreaders > MAX_PROCS || nwrites < 1 || nwrites > 65000 ||
	    timeout_s < 1)
		usage();

	tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/pcpsel-race.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", errno);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap", errno);

	/* the other interface's file */
	o = pcpsel_list_new();
	if (o == NULL)
		die("pcpsel_list_new", ENOMEM);
	v4addr(&addr, 200);
	r = pcpsel_list_add_server(o, PCPSEL_ORIGIN_DHCPV4, &addr, 1);
	if (r == 0)
		r = pcpsel_file_write(dir, OTHER_IF, o);
	pcpsel_list_free(o);
	if (r != 0)
		die("writing " OTHER_IF, r < 0 ? -r : EEXIST);

	phase_run(1, &fails);
	phase_run(2, &fails);

	snprintf(path, sizeof(path), "%s/%s", dir, IFNAME);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", dir, OTHER_IF);
	unlink(path);
	if (rmdir(dir) < 0)
		fprintf(stderr, "rmdir %s: %s\n", dir, strerror(errno));
	printf("%s: %d failed\n", fails ? "FAIL" : "PASS", fails);
	return fails ? 1 : 0;
}
