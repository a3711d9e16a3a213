#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Issue 5, "Files and names": `pcpsel dhcpcd` runs for one interface at the
# same moment (a DHCPv4 and a DHCPv6 event, as dhcpcd starts them) never
# lose an update: the final file has both origins' latest servers.  No root
# needed.  Goes further than tests/tool/test-dhcpcd-cmd.sh (25 races):
#
#  1. chains: a DHCPv4 chain and a DHCPv6 chain of $RACE_CHAIN updates each
#     (every update new servers) run side by side for one interface, with a
#     third chain on another interface and a reader that checks every read
#     of the file is complete (header, then whole server lines, each origin
#     with its two servers from one update).  At the end the file, and the
#     per-origin state, hold both chains' last update; the other interface
#     has its own last update only.
#  2. pairs: $RACE_PAIRS rounds of four runs started at once (v4 and v6 of
#     race0, v4 and v6 of race1), each round with new servers; after each
#     round both files hold exactly that round's servers.
#
# The iteration counts, then the closing line "N passed, M failed"
# (tests/lib.sh).
set -u
: "${top_builddir:?}"
: "${top_srcdir:=$(dirname "$0")/../..}"
: "${PCPSEL:=$top_builddir/pcpsel}"
# the lock logic is under test, not the disk: $T (tests/lib.sh) on tmpfs
# when there is one (every run fsyncs two or three files); RACE_TMPDIR
# chooses another directory
[ -d /dev/shm ] && [ -w /dev/shm ] && [ -z "${RACE_TMPDIR+x}" ] &&
    RACE_TMPDIR=/dev/shm
[ -z "${RACE_TMPDIR:-}" ] || TMPDIR=$RACE_TMPDIR
. "$top_srcdir/tests/lib.sh"
[ -x "$PCPSEL" ] || skip_all "no $PCPSEL"
RACE_CHAIN=${RACE_CHAIN:-300}
RACE_PAIRS=${RACE_PAIRS:-150}
# the libtool wrapper costs a bash start per run: call the binary itself
if [ "$PCPSEL" = "$top_builddir/pcpsel" ] &&
    [ -x "$top_builddir/.libs/pcpsel" ]; then
	PCPSEL=$top_builddir/.libs/pcpsel
	LD_LIBRARY_PATH=$top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
fi
PIDS=
# race_cleanup: the runs still going are stopped (by their PIDs) before $T
# goes
race_cleanup()
{
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
}
lib_at_exit race_cleanup
D=$T/servers
S=$T/state

now()
{
	date +%s.%N
}

elapsed()
{
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
}

# hex2 N: N as two hex digits
hex2()
{
	printf '%02x' "$1"
}

# v4hex I: option 158 for update I: [192.0.2.(I%250+1)] [198.51.100.(I/250+1)]
v4hex()
{
	echo "04c00002$(hex2 $(($1 % 250 + 1)))04c63364$(hex2 $(($1 / 250 + 1)))"
}

v4lines()
{
	echo "server dhcpv4 192.0.2.$(($1 % 250 + 1))"
	echo "server dhcpv4 198.51.100.$(($1 / 250 + 1))"
}

# v6hex I: one option-86 instance, 2001:db8:1:I::1 and 2001:db8:1:I::2
v6hex()
{
	x=$(printf '%04x' "$1")
	echo "20010db80001${x}0000000000000001"
	echo "20010db80001${x}0000000000000002"
}

v6line()
{
	printf 'server dhcpv6 2001:db8:1:%x::1 2001:db8:1:%x::2\n' "$1" "$1"
}

# file_text IFNAME [V4 I] [V6 I]: the exact file text
file_text()
{
	printf '# PCP servers for %s, written by pcpsel\n' "$1"
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		v4) v4lines "$2" ;;
		v6) v6line "$2" ;;
		esac
		shift 2
	done
}

run4()
{
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" -4 "$(v4hex "$2")" \
	    -- "$3" "$1"
}

run6()
{
	set -- "$1" "$(v6hex "$2")" "$3"
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" -6 "$(echo "$2" |
	    sed -n 1p)$(echo "$2" | sed -n 2p)" -- "$3" "$1"
}

# chain FAMILY IFNAME N: N updates in a row; a failed run is recorded
chain()
{
	i=1
	while [ "$i" -le "$3" ]; do
		if [ "$1" = 4 ]; then
			run4 "$2" "$i" RENEW || echo "$1 $2 $i" >> "$T/runfail"
		else
			run6 "$2" "$i" RENEW6 || echo "$1 $2 $i" >> "$T/runfail"
		fi
		i=$((i + 1))
	done
}

# reader: read $D/race0 until $T/stop exists; every read must be a whole
# file: the header, then whole lines; the DHCPv4 lines come as the pair of
# one update, the DHCPv6 line whole.  Counts in $T/reads, bad reads kept.
reader()
{
	n=0
	bad=0
	while [ ! -e "$T/stop" ] && [ $n -lt 20000 ]; do
		if cp "$D/race0" "$T/snap" 2>/dev/null; then
			if ! awk '
			NR == 1 { if ($0 != "# PCP servers for race0, written by pcpsel") bad = 1; next }
			/^server dhcpv4 192\.0\.2\.[0-9]+$/ { a = $3; na++; next }
			/^server dhcpv4 198\.51\.100\.[0-9]+$/ { b = $3; nb++; next }
			/^server dhcpv6 2001:db8:1:[0-9a-f]+::1 2001:db8:1:[0-9a-f]+::2$/ {
				split($3, p, ":"); split($4, q, ":")
				if (p[4] != q[4]) bad = 1
				n6++; next }
			{ bad = 1 }
			END {
				if (na != nb || na > 1 || n6 > 1) bad = 1
				if (na == 1) {
					split(a, x, "."); split(b, y, ".")
					i = (y[4] - 1) * 250 + x[4] - 1
					if (i < 1) bad = 1
				}
				exit bad
			}' "$T/snap"; then
				bad=$((bad + 1))
				[ $bad -le 3 ] && cp "$T/snap" "$T/badsnap.$bad"
			fi
			n=$((n + 1))
		fi
	done
	echo "$n $bad" > "$T/reads"
}

mkdir -p "$D" "$S"
: > "$T/runfail"

# ------------------------------------------------------------ 1. chains
t0=$(now)
reader &
rpid=$!
PIDS="$PIDS $rpid"
chain 4 race0 "$RACE_CHAIN" 2>>"$T/chain.err" &
c4=$!
chain 6 race0 "$RACE_CHAIN" 2>>"$T/chain.err" &
c6=$!
chain 4 race1 "$RACE_CHAIN" 2>>"$T/chain.err" &
c1=$!
PIDS="$PIDS $c4 $c6 $c1"
wait $c4 $c6 $c1
: > "$T/stop"
wait $rpid
PIDS=
t_chain=$(elapsed "$t0")

if [ -s "$T/runfail" ] || [ -s "$T/chain.err" ]; then
	not_ok "chains: every run succeeded"
	head -5 "$T/runfail" "$T/chain.err" | sed 's/^/# /'
else
	ok "chains: every run succeeded ($((3 * RACE_CHAIN)) runs)"
fi
file_text race0 v4 "$RACE_CHAIN" v6 "$RACE_CHAIN" > "$T/want"
if cmp -s "$T/want" "$D/race0"; then
	ok "chains: race0 holds both origins' last update"
else
	not_ok "chains: race0 lost an update"
	diff "$T/want" "$D/race0" | sed 's/^/# /'
fi
file_text race1 v4 "$RACE_CHAIN" > "$T/want"
if cmp -s "$T/want" "$D/race1"; then
	ok "chains: race1 holds its last update only"
else
	not_ok "chains: race1 differs"
	diff "$T/want" "$D/race1" | sed 's/^/# /'
fi
# the per-origin state of race0 (pcpsel-dhcpcd(8)): same servers, one
# origin each
{
	printf '# PCP servers for race0, written by pcpsel\n'
	v4lines "$RACE_CHAIN"
} > "$T/want4"
{
	printf '# PCP servers for race0, written by pcpsel\n'
	v6line "$RACE_CHAIN"
} > "$T/want6"
if cmp -s "$T/want4" "$S/dhcpv4/race0" && cmp -s "$T/want6" "$S/dhcpv6/race0"
then
	ok "chains: per-origin state holds the last updates"
else
	not_ok "chains: per-origin state differs"
fi
read -r reads badreads < "$T/reads"
if [ "$badreads" = 0 ]; then
	ok "chains: $reads reads of race0, each a whole file"
else
	not_ok "chains: $badreads of $reads reads were not a whole file"
	for f in "$T"/badsnap.*; do
		[ -f "$f" ] && sed 's/^/# /' "$f"
	done
fi
left=$(find "$D" "$S" -name '.*' -type f | wc -l)
[ "$left" = 0 ] && ok "chains: no temp file left" ||
    not_ok "chains: $left temp files left"

# ------------------------------------------------------------ 2. pairs
t0=$(now)
lost=0
i=1
while [ $i -le "$RACE_PAIRS" ]; do
	k=$((RACE_CHAIN + i))
	run4 race0 "$k" BOUND 2>/dev/null &
	p1=$!
	run6 race0 "$k" BOUND6 2>/dev/null &
	p2=$!
	run4 race1 "$k" RENEW 2>/dev/null &
	p3=$!
	run6 race1 "$k" RENEW6 2>/dev/null &
	p4=$!
	PIDS="$p1 $p2 $p3 $p4"
	wait $p1 $p2 $p3 $p4
	PIDS=
	file_text race0 v4 "$k" v6 "$k" > "$T/want0"
	file_text race1 v4 "$k" v6 "$k" > "$T/want1"
	if ! cmp -s "$T/want0" "$D/race0" || ! cmp -s "$T/want1" "$D/race1"
	then
		lost=$((lost + 1))
		if [ $lost -le 3 ]; then
			echo "# round $i:"
			diff "$T/want0" "$D/race0" | sed 's/^/# /'
			diff "$T/want1" "$D/race1" | sed 's/^/# /'
		fi
	fi
	i=$((i + 1))
done
t_pairs=$(elapsed "$t0")
[ $lost = 0 ] &&
    ok "pairs: no lost update in $RACE_PAIRS rounds of 4 concurrent runs" ||
    not_ok "pairs: $lost of $RACE_PAIRS rounds lost an update"

echo "# chains: 3 x $RACE_CHAIN runs, $reads reads, ${t_chain} s;" \
    "pairs: $RACE_PAIRS x 4 runs, ${t_pairs} s"
finish
