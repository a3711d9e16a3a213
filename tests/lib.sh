# SPDX-License-Identifier: BSD-2-Clause
# lib.sh - helpers for pcpsel's shell tests (POSIX sh, sourced)
#
#	. "$top_srcdir/tests/lib.sh"
#	run "$PCPSEL" decode -4 04c0000201
#	expect "D4-01 one server" 0 "192.0.2.1"
#	err_empty "D4-01 quiet"
#	finish
#
# $T is a fresh directory under /tmp, removed on exit (kept with
# PCPSEL_KEEP=1).  The namespace tests add their harness on top:
# tests/netns/lib.sh.

lib_pass=0
lib_fail=0
lib_exits=
T=$(mktemp -d "${TMPDIR:-/tmp}/pcpsel-test.XXXXXX") || exit 99

# lib_at_exit FUNCTION: run FUNCTION at exit, before $T goes (last added,
# first run)
lib_at_exit()
{
	lib_exits="$1 $lib_exits"
}

lib_exit()
{
	for lib_f in $lib_exits; do
		"$lib_f"
	done
	if [ "${PCPSEL_KEEP:-0}" = 1 ]; then
		echo "# kept $T"
	else
		rm -rf "$T"
	fi
}
trap lib_exit EXIT
trap 'exit 99' HUP INT TERM

# skip_all REASON: the whole test is skipped (automake: exit 77)
skip_all()
{
	printf '1..0 # SKIP %s\n' "$*"
	exit 77
}

ok()
{
	lib_pass=$((lib_pass + 1))
	printf 'ok - %s\n' "$1"
}

# not_ok NAME [DETAIL ...]
not_ok()
{
	lib_fail=$((lib_fail + 1))
	printf 'not ok - %s\n' "$1"
	shift
	for lib_line in "$@"; do
		printf '#   %s\n' "$lib_line"
	done
}

# check NAME EXPECTED ACTUAL: one TAP line; both values shown on failure
check()
{
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $(printf '%s' "$2" | tr '\n' '|')" \
		    "got:      $(printf '%s' "$3" | tr '\n' '|')"
	fi
}

# tap_count FILE: the "ok" and "not ok" lines a program wrote to FILE
# count with this test's (its own TAP checks)
tap_count()
{
	lib_pass=$((lib_pass + $(grep -c '^ok ' "$1")))
	lib_fail=$((lib_fail + $(grep -c '^not ok ' "$1")))
}

# fake_logger DIR: DIR/bin/logger, a logger(1) that appends "PRIORITY TAG:
# MESSAGE" to DIR/syslog (no syslogd in our namespaces), for the clients'
# scripts: first in their PATH, or bind-mounted over the real one
fake_logger()
{
	mkdir -p "$1/bin"
	cat > "$1/bin/logger" <<EOF
#!/bin/sh
# fake logger(1): keep priority, tag and message
while [ \$# -gt 1 ]; do
	case \$1 in
	-p) pri=\$2; shift ;;
	-t) tag=\$2; shift ;;
	esac
	shift
done
printf '%s %s: %s\n' "\$pri" "\$tag" "\$1" >> '$1/syslog'
EOF
	chmod 755 "$1/bin/logger"
}

# kea_hook: the pcpsel Kea hook built here ($top_builddir/.libs, or
# kea-hook/.libs), or $PCPSEL_KEA_HOOK; nothing when there is none
kea_hook()
{
	if [ -n "${PCPSEL_KEA_HOOK:-}" ]; then
		echo "$PCPSEL_KEA_HOOK"
		return
	fi
	for lib_h in "$top_builddir/.libs/libdhcp_pcpsel.so" \
	    "$top_builddir/kea-hook/.libs/libdhcp_pcpsel.so"; do
		[ -f "$lib_h" ] && { echo "$lib_h"; return; }
	done
}

# kea_hook_here: the hook kea_hook finds (exit 99 if there is none) as
# HOOK, made absolute and linked into $T/hooks, the directory the exported
# KEA_HOOKS_PATH names (Kea 2.6.3 and 3.0 load hooks only from there; Kea
# 2.2 ignores it); LIB is the link, the path to put in "library"
kea_hook_here()
{
	HOOK=$(kea_hook)
	[ -f "$HOOK" ] || {
		echo "the hook is not built: ${HOOK:-$top_builddir/.libs/libdhcp_pcpsel.so}"
		exit 99
	}
	HOOK=$(cd "${HOOK%/*}" && pwd)/${HOOK##*/}
	mkdir -p "$T/hooks"
	LIB=$T/hooks/libdhcp_pcpsel.so
	ln -sf "$HOOK" "$LIB"
	KEA_HOOKS_PATH=$T/hooks
	export KEA_HOOKS_PATH
}

# run CMD [ARG ...]: stdout to $T/out, stderr to $T/err, exit code in $rc
run()
{
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect NAME RC [LINE ...]: the last run exited RC and printed exactly the
# LINEs on stdout (no LINE: nothing at all)
expect()
{
	lib_name=$1
	lib_rc=$2
	shift 2
	if [ $# -eq 0 ]; then
		: >"$T/want"
	else
		printf '%s\n' "$@" >"$T/want"
	fi
	if [ "$rc" != "$lib_rc" ]; then
		not_ok "$lib_name" "exit code $rc, expected $lib_rc" \
		    "stderr: $(head -c 400 "$T/err")"
	elif ! cmp -s "$T/want" "$T/out"; then
		not_ok "$lib_name" "stdout differs (- expected, + got):"
		diff -u "$T/want" "$T/out" | sed -n '3,40s/^/#     /p'
	else
		ok "$lib_name"
	fi
}

# rc_is NAME RC: the last run exited RC (stdout not compared)
rc_is()
{
	if [ "$rc" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "exit code $rc, expected $2" \
		    "stderr: $(head -c 400 "$T/err")"
	fi
}

# check_sh NAME CODE: ok if the shell code CODE succeeds (eval'ed in the
# test's shell: it sees the test's variables); CODE shown on failure
check_sh()
{
	if eval "$2"; then
		ok "$1"
	else
		not_ok "$1" "failed: $2"
	fi
}

# err_has NAME TEXT: the last run's stderr contains TEXT (fixed string)
err_has()
{
	if grep -F -q -e "$2" "$T/err"; then
		ok "$1"
	else
		not_ok "$1" "stderr lacks: $2" "stderr: $(head -c 400 "$T/err")"
	fi
}

# out_has NAME TEXT: the last run's stdout contains TEXT (fixed string)
out_has()
{
	if grep -F -q -e "$2" "$T/out"; then
		ok "$1"
	else
		not_ok "$1" "stdout lacks: $2" "stdout: $(head -c 400 "$T/out")"
	fi
}

# err_empty NAME: the last run printed nothing on stderr
err_empty()
{
	if [ -s "$T/err" ]; then
		not_ok "$1" "unexpected stderr: $(head -c 400 "$T/err")"
	else
		ok "$1"
	fi
}

# finish: the closing count; exit 1 on any failure
finish()
{
	printf '%d passed, %d failed\n' "$lib_pass" "$lib_fail"
	[ "$lib_fail" -eq 0 ] || exit 1
	exit 0
}
