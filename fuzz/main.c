/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - replay driver for the fuzz targets in a normal build
 *
 * Runs LLVMFuzzerTestOneInput on every file of <corpus>.in/ (seeds),
 * <corpus>.corpus/ (what fuzzing campaigns found, tools/fuzz --campaign)
 * and <corpus>.repro/ (inputs that once crashed), each in an exact-size heap
 * copy so that ASan/valgrind see any over-read.  <corpus> is FUZZ_CORPUS
 * (set by fuzz/local.mk) or the arguments, which may also name files.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static size_t replayed;

static int
replay_file(const char *path)
{
	FILE *f;
	uint8_t *buf;
	long size;

	f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	buf = malloc(size > 0 ? (size_t)size : 1);
	if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "%s: read failed\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)size);
	free(buf);
	replayed++;
	return 0;
}

static int
replay(const char *path, int must_exist)
{
	struct dirent **names;
	struct stat st;
	int n, i, rc = 0;

	if (stat(path, &st) != 0) {
		if (!must_exist && errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char full[4096];

		if (names[i]->d_name[0] != '.' &&
		    snprintf(full, sizeof(full), "%s/%s", path,
			names[i]->d_name) < (int)sizeof(full) &&
		    replay_file(full) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (replay(argv[i], 1) != 0)
				rc = 1;
	} else {
#ifdef FUZZ_CORPUS
		if (replay(FUZZ_CORPUS ".in", 1) != 0 ||
		    replay(FUZZ_CORPUS ".corpus", 0) != 0 ||
		    replay(FUZZ_CORPUS ".repro", 0) != 0)
			rc = 1;
#endif
	}
	printf("%zu inputs replayed\n", replayed);
	if (replayed == 0)
		return 1;
	return rc;
}
