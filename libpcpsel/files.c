/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * files.c - the per-interface server-list files, see pcpsel-servers(5)
 *
 * One file per interface, <dir>/<ifname>, text:
 *
 *   # PCP servers for eth0, written by pcpsel
 *   server dhcpv4 192.0.2.1
 *   server dhcpv4,dhcpv6 198.51.100.1 2001:db8::1
 *
 * The writer never leaves a partial file where a reader looks (temp file in
 * the same directory, fsync, rename) and never follows a symlink at the
 * target or temp name.  The reader refuses symlinks and files over 1 MiB.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "pcpsel.h"
#include "internal.h"

/* Largest file pcpsel_file_read accepts. */
#define PS_FILE_MAX (1024 * 1024)

/* How many temp names pcpsel_file_write tries before giving up. */
#define PS_TMP_TRIES 64

static const char comment_fmt[] = "# PCP servers for %s, written by pcpsel\n";

const char *
pcpsel_servers_dir(void)
{
	const char *env;

	env = getenv("PCPSEL_SERVERS_DIR");
	if (env != NULL && env[0] != '\0')
		return env;
	return PCPSEL_SERVERS_DIR_DEFAULT;
}

/*
 * P-IF-4 (pcpsel-servers(5)): the one rule for interface names, shared by
 * the writer, the readers and the tool's output.  Linux (dev_valid_name)
 * refuses empty names, names of IFNAMSIZ bytes or more, "." and "..", and
 * any '/', ':' or whitespace; pcpsel also refuses a leading '.' (the
 * writer's temp files start with one, so readers could not tell them
 * apart) and every byte outside printable ASCII (control characters, and
 * bytes >= 0x80, whose text would not be valid UTF-8 in JSON or safe on a
 * terminal).
 */
int
pcpsel_ifname_check(const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0' || name[0] == '.')
		return -EINVAL;
	for (i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];

		/* IFNAMSIZ - 1 characters at most */
		if (i >= PCPSEL_IFNAMSIZ - 1)
			return -EINVAL;
		/* printable ASCII only: no control character, no space, no
		 * DEL, no byte >= 0x80 */
		if (c <= 0x20 || c >= 0x7f)
			return -EINVAL;
		if (c == '/' || c == ':')
			return -EINVAL;
	}
	return 0;
}

/* The origin word of a server line; NULL for a bit set we cannot write. */
static const char *
origin_word(unsigned origin)
{
	switch (origin) {
	case PCPSEL_ORIGIN_DHCPV4:
		return "dhcpv4";
	case PCPSEL_ORIGIN_DHCPV6:
		return "dhcpv6";
	case PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6:
		return "dhcpv4,dhcpv6";
	default:
		return NULL;
	}
}

/* Format with an optional first line (already formatted) in @head. */
static int
format_text(const struct pcpsel_list *list, const char *head, char **ret_text,
    size_t *ret_len)
{
	size_t i, j, size, pos, headlen;
	char *text;

	if (list == NULL || ret_text == NULL)
		return -EINVAL;
	headlen = head != NULL ? strlen(head) : 0;

	/* Upper bound: "server " + longest origin + per address a blank and
	 * the longest text address + newline. */
	size = headlen + 1;
	for (i = 0; i < list->nservers; i++) {
		const struct ps_server *s = &list->servers[i];

		if (s->naddrs == 0 || origin_word(s->origin) == NULL)
			return -EINVAL;
		if (s->naddrs > (SIZE_MAX - size - 32) / PCPSEL_ADDRSTRLEN)
			return -ENOMEM;
		size += 32 + s->naddrs * PCPSEL_ADDRSTRLEN;
	}
	text = malloc(size);
	if (text == NULL)
		return -ENOMEM;
	memcpy(text, head != NULL ? head : "", headlen);
	pos = headlen;
	for (i = 0; i < list->nservers; i++) {
		const struct ps_server *s = &list->servers[i];
		const char *word = origin_word(s->origin);
		size_t wlen = strlen(word);

		memcpy(text + pos, "server ", 7);
		pos += 7;
		memcpy(text + pos, word, wlen);
		pos += wlen;
		for (j = 0; j < s->naddrs; j++) {
			int n;

			text[pos++] = ' ';
			n = pcpsel_addr_to_string(&s->addrs[j], text + pos,
			    size - pos);
			if (n < 0) {
				free(text);
				return n;
			}
			pos += (size_t)n;
		}
		text[pos++] = '\n';
	}
	text[pos] = '\0';
	*ret_text = text;
	if (ret_len != NULL)
		*ret_len = pos;
	return 0;
}

int
pcpsel_file_format(const struct pcpsel_list *list, char **ret_text,
    size_t *ret_len)
{
	return format_text(list, NULL, ret_text, ret_len);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Next word of [*pos, end): sets *ret_word and *ret_len and advances; 0 when
 * the line has no more words. */
static int
next_word(const char **pos, const char *end, const char **ret_word,
    size_t *ret_len)
{
	const char *p = *pos, *w;

	while (p < end && is_blank(*p))
		p++;
	if (p == end) {
		*pos = p;
		return 0;
	}
	w = p;
	while (p < end && !is_blank(*p))
		p++;
	*ret_word = w;
	*ret_len = (size_t)(p - w);
	*pos = p;
	return 1;
}

static int
word_is(const char *word, size_t len, const char *what)
{
	return strlen(what) == len && memcmp(word, what, len) == 0;
}

/* What pcpsel_file_parse() collects before it appends anything: every
 * server line's addresses back to back, and per server its count, origin
 * and line number. */
struct parsed {
	struct pcpsel_addr *addrs;
	size_t naddrs;
	size_t *counts;
	unsigned *origins;
	size_t *lines;
	size_t nservers;
};

/* The origin word of a server line: its bits, or 0 if unknown. */
static unsigned
origin_bits(const char *word, size_t len)
{
	if (word_is(word, len, "dhcpv4"))
		return PCPSEL_ORIGIN_DHCPV4;
	if (word_is(word, len, "dhcpv6"))
		return PCPSEL_ORIGIN_DHCPV6;
	if (word_is(word, len, "dhcpv4,dhcpv6"))
		return PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6;
	return 0;
}

/* Parse the words after "server" on one line [@p, @end) into @out: 0, or
 * -EBADMSG (bad origin, no address, too many, a bad address). */
static int
parse_server(struct parsed *out, const char *p, const char *end, size_t lineno)
{
	const char *word;
	size_t len, n = 0;
	unsigned origin;
	char buf[PCPSEL_ADDRSTRLEN];

	if (!next_word(&p, end, &word, &len))
		return -EBADMSG;
	origin = origin_bits(word, len);
	if (origin == 0)
		return -EBADMSG;
	while (next_word(&p, end, &word, &len)) {
		if (len >= sizeof(buf) || ++n > PCPSEL_V6_MAX_ADDRS)
			return -EBADMSG;
		memcpy(buf, word, len);
		buf[len] = '\0';
		if (pcpsel_addr_from_string(&out->addrs[out->naddrs + n - 1],
			buf) < 0)
			return -EBADMSG;
	}
	if (n == 0)
		return -EBADMSG;
	out->naddrs += n;
	out->counts[out->nservers] = n;
	out->origins[out->nservers] = origin;
	out->lines[out->nservers] = lineno;
	out->nservers++;
	return 0;
}

/* The end of the line starting at @p: its newline, or @end. */
static const char *
line_end(const char *p, const char *end)
{
	const char *eol = memchr(p, '\n', (size_t)(end - p));

	return eol != NULL ? eol : end;
}

/* 1 if the line [@p, @eol) is a "server" line, with @q set past the word. */
static int
is_server_line(const char *p, const char *eol, const char **q)
{
	const char *word;
	size_t wlen;

	*q = p;
	return next_word(q, eol, &word, &wlen) &&
	    word_is(word, wlen, "server");
}

/*
 * Two passes over the text, each linear: the first counts the server lines
 * and their words (and finds a NUL byte), so that the second parses into
 * arrays of the right size; then one duplicate check over every address
 * (ps_list_append), instead of one per line over all earlier lines.
 */
int
pcpsel_file_parse(struct pcpsel_list *list, const char *text, size_t len,
    size_t *ret_line)
{
	struct parsed out;
	const char *p, *end, *eol, *q, *word;
	size_t lineno, bad_line = 0, nlines = 0, nwords = 0, wlen, bad, i, k;
	int r = 0;

	if (list == NULL || (text == NULL && len > 0))
		return -EINVAL;
	memset(&out, 0, sizeof(out));
	end = text != NULL ? text + len : text;

	/* pass 1: sizes, and the first line with a NUL byte (text files
	 * hold none) */
	for (p = text, lineno = 0; p < end; p = eol < end ? eol + 1 : end) {
		lineno++;
		eol = line_end(p, end);
		if (memchr(p, '\0', (size_t)(eol - p)) != NULL) {
			bad_line = lineno;
			break;
		}
		if (!is_server_line(p, eol, &q))
			continue;
		nlines++;
		while (next_word(&q, eol, &word, &wlen))
			nwords++;
	}
	if (nlines > 0) {
		out.addrs = malloc(nwords * sizeof(*out.addrs));
		out.counts = malloc(nlines * sizeof(*out.counts));
		out.origins = malloc(nlines * sizeof(*out.origins));
		out.lines = malloc(nlines * sizeof(*out.lines));
		if ((nwords > 0 && out.addrs == NULL) || out.counts == NULL ||
		    out.origins == NULL || out.lines == NULL) {
			r = -ENOMEM;
			goto out;
		}
	}

	/* pass 2: the server lines before the first bad line.  Blank,
	 * comment and unknown lines are skipped: the format can grow
	 * (pcpsel-servers(5)). */
	for (p = text, lineno = 0; p < end; p = eol < end ? eol + 1 : end) {
		lineno++;
		if (bad_line != 0 && lineno >= bad_line)
			break;
		eol = line_end(p, end);
		if (!is_server_line(p, eol, &q))
			continue;
		if (parse_server(&out, q, eol, lineno) < 0) {
			bad_line = lineno;
			break;
		}
	}

	/* no address twice (pcpsel.h, list invariant): against @list and
	 * across the lines, in one pass.  A duplicate is reported at its
	 * line, which comes before any line found bad above. */
	bad = SIZE_MAX;
	if (bad_line == 0) {
		r = ps_list_append(list, out.addrs, out.counts, out.origins, 0,
		    out.nservers, &bad);
		if (r == -EINVAL && bad == SIZE_MAX)
			r = -EBADMSG; /* cannot happen: checked per line */
	} else {
		r = ps_find_dup(list, out.addrs, out.naddrs, &bad);
		if (r == 0)
			r = -EBADMSG;
	}
	if (bad != SIZE_MAX) {
		for (i = 0, k = 0; k + out.counts[i] <= bad; i++)
			k += out.counts[i];
		bad_line = out.lines[i];
		r = -EBADMSG;
	}
	if (r == -EBADMSG && ret_line != NULL)
		*ret_line = bad_line;
out:
	free(out.addrs);
	free(out.counts);
	free(out.origins);
	free(out.lines);
	return r;
}

/* Open @dir as a directory (following symlinks in the directory path, which
 * the administrator controls).  A file descriptor or a negative errno. */
static int
open_dir(const char *dir)
{
	int fd;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

/* Create every missing directory of @dir, each with mode 0755 whatever the
 * umask (readers are unprivileged PCP clients: pcpsel-servers(5)); a
 * directory that exists keeps its mode.  0 or a negative errno. */
static int
make_dirs(const char *dir)
{
	char *path, *p;
	size_t len = strlen(dir);
	int r = 0, fd;

	if (len == 0)
		return -ENOENT;
	path = malloc(len + 1);
	if (path == NULL)
		return -ENOMEM;
	memcpy(path, dir, len + 1);
	for (p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(path, 0755) == 0) {
				/* ours: 0755 exactly, on the directory just
				 * made (never through a symlink put there
				 * since) */
				fd = open(path,
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					O_CLOEXEC);
				if (fd < 0 || fchmod(fd, 0755) < 0)
					r = -errno;
				if (fd >= 0)
					close(fd);
			} else if (errno != EEXIST)
				r = -errno;
			*p = c;
			if (r < 0)
				break;
		}
		if (*p == '\0')
			break;
	}
	free(path);
	return r;
}

/* Read the whole regular file @fd, at most @max bytes, into a malloc'ed
 * NUL-terminated buffer.  0, -EINVAL not a regular file, -EFBIG, -ENOMEM or
 * a negative errno. */
static int
read_all(int fd, size_t max, char **ret_buf, size_t *ret_len)
{
	struct stat st;
	char *buf, *nbuf;
	size_t len, cap;
	ssize_t n;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (st.st_size < 0 || (unsigned long long)st.st_size > max)
		return -EFBIG;
	cap = (size_t)st.st_size + 1;
	buf = malloc(cap);
	if (buf == NULL)
		return -ENOMEM;
	len = 0;
	for (;;) {
		if (len == cap) {
			/* the file grew while we read it */
			if (cap > max) {
				free(buf);
				return -EFBIG;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			nbuf = realloc(buf, cap);
			if (nbuf == NULL) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		free(buf);
		return -EFBIG;
	}
	if (len == cap) {
		nbuf = realloc(buf, len + 1);
		if (nbuf == NULL) {
			free(buf);
			return -ENOMEM;
		}
		buf = nbuf;
	}
	buf[len] = '\0';
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

/* 1 if the regular file @name in @dfd has exactly @text and mode 0644, else
 * 0.  A symlink at @name is never followed (it is "different"). */
static int
same_content(int dfd, const char *name, const char *text, size_t len)
{
	struct stat st;
	char *buf;
	size_t blen;
	int fd, same;

	fd = openat(dfd, name,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return 0;
	same = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == 0644 &&
	    (unsigned long long)st.st_size == len &&
	    read_all(fd, len, &buf, &blen) == 0) {
		same = blen == len && memcmp(buf, text, len) == 0;
		free(buf);
	}
	close(fd);
	return same;
}

static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Create a fresh temp file ".<ifname>.<pid>.<n>" in @dfd.  O_EXCL with
 * O_CREAT never follows a symlink (a stale one is simply skipped), and
 * O_NOFOLLOW says so once more.  The fd, with the name in @ret_name, or a
 * negative errno. */
static int
create_temp(int dfd, const char *ifname, char *ret_name, size_t size)
{
	unsigned n;
	int fd;

	for (n = 0; n < PS_TMP_TRIES; n++) {
		snprintf(ret_name, size, ".%s.%ld.%u", ifname, (long)getpid(),
		    n);
		fd = openat(dfd, ret_name,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
			O_NOCTTY,
		    0644);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int
pcpsel_file_write(const char *dir, const char *ifname,
    const struct pcpsel_list *list)
{
	char head[sizeof(comment_fmt) + PCPSEL_IFNAMSIZ];
	char tmpname[PCPSEL_IFNAMSIZ + 48];
	char *text;
	size_t len;
	int dfd, fd, r;

	if (pcpsel_ifname_check(ifname) < 0 || list == NULL)
		return -EINVAL;
	if (dir == NULL)
		dir = pcpsel_servers_dir();
	if (pcpsel_list_count(list) == 0)
		return pcpsel_file_remove(dir, ifname);

	snprintf(head, sizeof(head), comment_fmt, ifname);
	r = format_text(list, head, &text, &len);
	if (r < 0)
		return r;

	dfd = open_dir(dir);
	if (dfd == -ENOENT) {
		r = make_dirs(dir);
		if (r < 0) {
			free(text);
			return r;
		}
		dfd = open_dir(dir);
	}
	if (dfd < 0) {
		free(text);
		return dfd;
	}

	if (same_content(dfd, ifname, text, len)) {
		r = 1;
		goto out;
	}

	fd = create_temp(dfd, ifname, tmpname, sizeof(tmpname));
	if (fd < 0) {
		r = fd;
		goto out;
	}
	/* mode 0644 whatever the umask */
	r = fchmod(fd, 0644) < 0 ? -errno : 0;
	if (r == 0)
		r = write_all(fd, text, len);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	/* rename replaces a symlink at the target, never follows it */
	if (r == 0 && renameat(dfd, tmpname, dfd, ifname) < 0)
		r = -errno;
	if (r < 0) {
		unlinkat(dfd, tmpname, 0);
		goto out;
	}
	/* make the rename durable; the new file is in place already */
	(void)fsync(dfd);
out:
	close(dfd);
	free(text);
	return r;
}

int
pcpsel_file_remove(const char *dir, const char *ifname)
{
	int dfd, r;

	if (pcpsel_ifname_check(ifname) < 0)
		return -EINVAL;
	if (dir == NULL)
		dir = pcpsel_servers_dir();
	dfd = open_dir(dir);
	if (dfd == -ENOENT)
		return 1;
	if (dfd < 0)
		return dfd;
	/* unlink removes a symlink itself, never its target */
	if (unlinkat(dfd, ifname, 0) < 0)
		r = errno == ENOENT ? 1 : -errno;
	else
		r = 0;
	close(dfd);
	return r;
}

int
pcpsel_file_read(const char *dir, const char *ifname, struct pcpsel_list *list,
    size_t *ret_line)
{
	char *buf;
	size_t len;
	int dfd, fd, r;

	if (pcpsel_ifname_check(ifname) < 0 || list == NULL)
		return -EINVAL;
	if (dir == NULL)
		dir = pcpsel_servers_dir();
	dfd = open_dir(dir);
	if (dfd < 0)
		return dfd;
	/* a symlink is refused (-ELOOP); O_NONBLOCK: never hang on a FIFO */
	fd = openat(dfd, ifname,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	r = fd < 0 ? -errno : 0;
	close(dfd);
	if (r < 0)
		return r;
	r = read_all(fd, PS_FILE_MAX, &buf, &len);
	close(fd);
	if (r < 0)
		return r;
	r = pcpsel_file_parse(list, buf, len, ret_line);
	free(buf);
	return r;
}
