/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_view.c - the reader side (pcpsel_view_load, view.c) over a servers
 * directory the input fills
 *
 * Input: up to four files, each "NAME\0CONTENT" separated by "\1\1\1\1"
 * (the dictionary has the separator).  NAME may be anything, hostile or
 * not an interface name at all: those files must be skipped.  The files go
 * into a fresh private directory; the view of the whole directory must
 * hold exactly the valid names, in name order; each interface's servers
 * equal what pcpsel_file_read() gives for its file (the view orders them
 * for "any" mapping, and an interface that does not exist here keeps the
 * file's order), or the interface has no server and pcpsel_view_error()
 * says why; and one file's trouble never touches another interface.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcpsel.h"
#include "fuzz.h"
#include "fuzz_tmp.h"

#define MAX_FILES 4

static char dir[64];

static void
remove_dir(void)
{
	rmdir(dir);
}

static void
make_dir(void)
{
	if (dir[0] != '\0')
		return;
	fuzz_tempdir(dir, sizeof(dir), "pcpsel-fuzz-view");
	atexit(remove_dir);
}

static void
empty_dir(const char *const *names, size_t n)
{
	char path[128];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\1\1\1\1";
	char *copy, *p, *end, *names[MAX_FILES], *valid[MAX_FILES];
	size_t nfiles = 0, nvalid = 0, i, j;
	struct pcpsel_view *view = NULL;
	int r;

	if (size > 16384)
		return 0;
	make_dir();
	copy = malloc(size + 1);
	if (copy == NULL)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	/* split into NAME\0CONTENT parts; write the files whose name the
	 * file system takes (no '/', not "." or "..", not empty) */
	for (p = copy, end = copy + size; p < end && nfiles < MAX_FILES;) {
		char *next = memmem(p, (size_t)(end - p), sep, 4);
		char *name = p, *content, path[128];
		size_t clen;
		int fd, dup = 0;

		if (next == NULL)
			next = end;
		*next = '\0';
		content = memchr(name, '\0', (size_t)(next - name));
		content =
		    content != NULL && content < next ? content + 1 : next;
		clen = (size_t)(next - content);
		if (name[0] != '\0' && strchr(name, '/') == NULL &&
		    strlen(name) < 64 && strcmp(name, ".") != 0 &&
		    strcmp(name, "..") != 0) {
			for (j = 0; j < nfiles; j++)
				dup |= strcmp(names[j], name) == 0;
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			fd = dup ?
			    -1 :
			    open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
			if (fd >= 0) {
				if (write(fd, content, clen) != (ssize_t)clen)
					abort();
				close(fd);
				names[nfiles++] = name;
			}
		}
		p = next + (next < end ? 4 : 0);
	}
	for (i = 0; i < nfiles; i++)
		if (pcpsel_ifname_check(names[i]) == 0)
			valid[nvalid++] = names[i];
	qsort(valid, nvalid, sizeof(valid[0]), cmp_names);

	r = pcpsel_view_load(dir, NULL, 0, PCPSEL_MAPPING_ANY, &view);
	assert(r == 0);
	/* exactly the valid names, in name order, whatever else is there */
	assert(pcpsel_view_count(view) == nvalid);
	for (i = 0; i < nvalid; i++) {
		const struct pcpsel_list *got = pcpsel_view_servers(view, i);
		struct pcpsel_list *want = pcpsel_list_new();
		size_t line = 0, vline = 7;
		int rf, rv;

		assert(strcmp(pcpsel_view_ifname(view, i), valid[i]) == 0);
		if (want == NULL)
			abort();
		rf = pcpsel_file_read(dir, valid[i], want, &line);
		rv = pcpsel_view_error(view, i, &vline);
		if (rf == 0) {
			assert(rv == 0 && vline == 0);
			/* an interface that does not exist here keeps the
			 * file's order; a real one ("lo") has its servers'
			 * addresses ordered, so only their number is known */
			if (if_nametoindex(valid[i]) == 0)
				assert(pcpsel_list_equal(got, want));
			else
				assert(pcpsel_list_count(got) ==
				    pcpsel_list_count(want));
		} else {
			/* the same refusal, and nothing served from it */
			assert(rv == rf);
			assert(vline == (rf == -EBADMSG ? line : 0));
			assert(pcpsel_list_count(got) == 0);
		}
		pcpsel_list_free(want);
	}
	assert(pcpsel_view_servers(view, nvalid) == NULL);
	assert(pcpsel_view_error(view, nvalid, NULL) == -ERANGE);
	pcpsel_view_free(view);
	empty_dir((const char *const *)names, nfiles);
	free(copy);
	return 0;
}
