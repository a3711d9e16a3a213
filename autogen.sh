#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Regenerate the build system; then run ./configure "$@" unless NOCONFIGURE is set.
set -e
srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.
(cd "$srcdir" && autoreconf --force --install --verbose >/dev/null)
if [ -z "$NOCONFIGURE" ]; then
	exec "$srcdir/configure" "$@"
fi
