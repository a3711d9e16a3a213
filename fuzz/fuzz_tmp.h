/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_tmp.h - the private directory of a target that writes files
 * (fuzz_dhcpcd, fuzz_view); include after config.h
 */
#ifndef PCPSEL_FUZZ_TMP_H
#define PCPSEL_FUZZ_TMP_H

#include <stdio.h>
#include <stdlib.h>

/*
 * fuzz_tempdir: make NAME.XXXXXX in $TMPDIR when that is an absolute path
 * short enough for LEN bytes, else in /tmp.  tools/fuzz points TMPDIR at
 * /dev/shm, a tmpfs where the fsync of every write costs nothing: the file
 * code is the same, the target runs faster.  Aborts when no directory can
 * be made: a run must not go on without one.
 */
static inline void
fuzz_tempdir(char *buf, size_t len, const char *name)
{
	const char *t = getenv("TMPDIR");
	int n;

	if (t == NULL || t[0] != '/')
		t = "/tmp";
	n = snprintf(buf, len, "%s/%s.XXXXXX", t, name);
	if (n < 0 || (size_t)n >= len)
		n = snprintf(buf, len, "/tmp/%s.XXXXXX", name);
	if (n < 0 || (size_t)n >= len || mkdtemp(buf) == NULL)
		abort();
}

#endif
