#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test-spdx-tool.sh - tools/spdx on a made-up tree: the right comment syntax
# per kind of file, after "#!" and roff preprocessor lines, exempt files left
# alone, unclassified files refused, idempotent, modes kept; in a plain
# directory (a release tarball) and in a git checkout.
: "${top_srcdir:=$(dirname "$0")/../..}"
. "$top_srcdir/tests/lib.sh"
spdx="$top_srcdir/tools/spdx"
id='SPDX-License-Identifier: BSD-2-Clause'

# mk: a tree with one file of every kind, none with the line
mk()
{
	d=$1
	mkdir -p "$d/lib" "$d/doc" "$d/tools" "$d/m4" "$d/build-aux" \
	    "$d/fuzz/f.in" "$d/debian" "$d/kea"
	printf '/* a C file */\nint x;\n' >"$d/lib/a.c"
	printf '#ifndef A_H\n#define A_H\n#endif\n' >"$d/lib/a.h"
	printf '{\nglobal: a;\nlocal: *;\n};\n' >"$d/lib/a.sym"
	printf '// C++\nint y;\n' >"$d/kea/b.cc"
	printf '# Kea messages\n%% M_X x\n' >"$d/kea/m.mes"
	printf '#!/bin/sh\necho hi\n' >"$d/tools/run"
	chmod 755 "$d/tools/run"
	printf '#!/usr/bin/python3\nprint(1)\n' >"$d/tools/p.py"
	printf 'x = 1\n' >"$d/t.sh"
	printf 'SUBDIRS =\n' >"$d/Makefile.am"
	printf 'bin_PROGRAMS += x\n' >"$d/lib/local.mk"
	printf 'AC_INIT([x], [1])\n' >"$d/configure.ac"
	printf 'AC_DEFUN([X], [])\n' >"$d/m4/x.m4"
	printf 'prefix=@prefix@\n' >"$d/x.pc.in"
	printf '# sourced hook\n' >"$d/60-hook.in"
	printf '.TH X 8\n' >"$d/doc/x.8"
	printf "'\\\\\" t\n.TH Y 5\n" >"$d/doc/y.5"
	printf '.TH Z 3 @VERSION@\n' >"$d/doc/z.3.in"
	: >"$d/lib/empty.c"
	printf '#!/usr/bin/make -f\n%%:\n\tdh $@\n' >"$d/debian/rules"
	printf 'Source: x\n' >"$d/debian/control"
	# exempt
	printf '{"a": 1}\n' >"$d/c.json"
	printf '# T\n' >"$d/README.md"
	printf 'licence\n' >"$d/LICENSE"
	printf '\001\002' >"$d/fuzz/f.in/seed"
	printf 'generated\n' >"$d/configure"
	printf 'generated\n' >"$d/build-aux/compile"
	printf 'generated\n' >"$d/Makefile.in"
}

# want FILE N LINE: line N of FILE is exactly LINE
want()
{
	if [ "$(sed -n "${2}p" "$1")" = "$3" ]; then
		ok "${1#"$D"/} line $2"
	else
		not_ok "${1#"$D"/} line $2" "got: $(sed -n "${2}p" "$1")" \
		    "expected: $3"
	fi
}

for how in plain git; do
	D=$T/$how
	mk "$D"
	if [ "$how" = git ]; then
		command -v git >/dev/null || { ok "git mode skipped: no git"; continue; }
		git -C "$D" init -q && printf 'ignored.c\n' >"$D/.gitignore" &&
		    printf 'int z;\n' >"$D/ignored.c" &&
		    git -C "$D" add -A . 2>/dev/null
		rm -f "$D/configure" "$D/Makefile.in" "$D/build-aux/compile"
		git -C "$D" rm -q --cached configure Makefile.in build-aux/compile
		printf 'int u;\n' >"$D/lib/untracked.c"
	fi
	cp -R "$D" "$T/$how.orig"

	run "$spdx" --check "$D"
	rc_is "$how: --check fails on a tree without lines" 1
	if grep -q '^lib/a\.c: lacks "/\* SPDX' "$T/out" &&
	    grep -q '^doc/y\.5: lacks' "$T/out"; then
		ok "$how: --check names the files"
	else
		not_ok "$how: --check names the files" "$(head -c 400 "$T/out")"
	fi
	if grep -q -e 'c\.json' -e README -e LICENSE -e seed -e configure: \
	    -e compile -e Makefile.in -e debian/control "$T/out"; then
		not_ok "$how: exempt files not listed" "$(cat "$T/out")"
	else
		ok "$how: exempt files not listed"
	fi

	run "$spdx" "$D"
	rc_is "$how: add" 0
	want "$D/lib/a.c" 1 "/* $id */"
	want "$D/lib/a.c" 2 "/* a C file */"
	want "$D/lib/a.h" 1 "/* $id */"
	want "$D/lib/a.sym" 1 "/* $id */"
	want "$D/lib/empty.c" 1 "/* $id */"
	want "$D/kea/b.cc" 1 "// $id"
	want "$D/kea/m.mes" 1 "# $id"
	want "$D/tools/run" 1 "#!/bin/sh"
	want "$D/tools/run" 2 "# $id"
	want "$D/tools/run" 3 "echo hi"
	want "$D/tools/p.py" 2 "# $id"
	want "$D/t.sh" 1 "# $id"
	want "$D/Makefile.am" 1 "# $id"
	want "$D/lib/local.mk" 1 "# $id"
	want "$D/configure.ac" 1 "dnl $id"
	want "$D/m4/x.m4" 1 "# $id"
	want "$D/x.pc.in" 1 "# $id"
	want "$D/60-hook.in" 1 "# $id"
	want "$D/doc/x.8" 1 ".\\\" $id"
	want "$D/doc/y.5" 1 "'\\\" t"
	want "$D/doc/y.5" 2 ".\\\" $id"
	want "$D/doc/z.3.in" 1 ".\\\" $id"
	want "$D/debian/rules" 2 "# $id"
	if [ -x "$D/tools/run" ] && [ "$("$D/tools/run")" = hi ]; then
		ok "$how: a script stays executable and runs"
	else
		not_ok "$how: a script stays executable and runs"
	fi
	for f in c.json README.md LICENSE fuzz/f.in/seed debian/control; do
		if cmp -s "$D/$f" "$T/$how.orig/$f"; then
			ok "$how: $f untouched"
		else
			not_ok "$how: $f untouched"
		fi
	done
	if [ "$how" = plain ]; then
		for f in configure build-aux/compile Makefile.in; do
			if cmp -s "$D/$f" "$T/$how.orig/$f"; then
				ok "plain: generated $f untouched"
			else
				not_ok "plain: generated $f untouched"
			fi
		done
	else
		want "$D/lib/untracked.c" 1 "/* $id */"
		want "$D/ignored.c" 1 "int z;"
	fi

	run "$spdx" --check "$D"
	rc_is "$how: --check passes after add" 0
	cp -R "$D" "$T/$how.once"
	run "$spdx" "$D"
	rc_is "$how: add again" 0
	out_has "$how: add again changes nothing" "tools/spdx: 0 file(s) changed"
	if diff -r "$D" "$T/$how.once" >/dev/null; then
		ok "$how: second run leaves every byte"
	else
		not_ok "$how: second run leaves every byte"
	fi

	# the line a little further down (after a first comment) counts
	printf '/* header */\n/* %s */\nint w;\n' "$id" >"$D/lib/w.c"
	# but not in the wrong syntax
	printf '# %s\nint v;\n' "$id" >"$D/lib/v.c"
	run "$spdx" --check "$D"
	rc_is "$how: wrong comment syntax fails" 1
	if grep -q '^lib/v\.c: lacks' "$T/out" && ! grep -q 'lib/w\.c' "$T/out"; then
		ok "$how: line 2 accepted, wrong syntax named"
	else
		not_ok "$how: line 2 accepted, wrong syntax named" "$(cat "$T/out")"
	fi
	rm -f "$D/lib/v.c"

	# a file of no known kind
	printf 'what am I\n' >"$D/lib/mystery"
	[ "$how" = git ] && git -C "$D" add lib/mystery
	run "$spdx" --check "$D"
	rc_is "$how: unclassified file fails --check" 1
	out_has "$how: unclassified file named" "lib/mystery: unclassified"
	run "$spdx" "$D"
	rc_is "$how: unclassified file fails add" 1
	if [ "$(cat "$D/lib/mystery")" = "what am I" ]; then
		ok "$how: unclassified file untouched"
	else
		not_ok "$how: unclassified file untouched"
	fi
done

run "$spdx" --bogus "$T"
rc_is "unknown option: usage error" 64
run "$spdx" "$T/nonexistent"
rc_is "missing directory refused" 66
finish
