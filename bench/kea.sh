#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/kea.sh - what the pcpsel Kea hook costs kea-dhcp4 and kea-dhcp6.
#
#   bench/kea.sh OUTDIR
#
# Three servers, alternating within every round (A B C, A B C, ...):
#   A  no hook library
#   B  bench/libbench_empty.so: the same callouts as the pcpsel hook
#      (dhcpX_srv_configured, pktX_send), all empty - the framework's floor
#   C  libdhcp_pcpsel.so with a typical list (2 servers, 3 addresses)
# and, for callgrind only:
#   D  no hook: Kea's own option-data sends C's bytes
#   E  libdhcp_pcpsel.so with scopes (issue 18): v4 200 reservations, 2
#      client classes and a subnet list (C's servers; the clients match
#      none of the reservations and classes), v6 20 one-address servers
#   F  bench/libbench_attach.so attaching C's bytes, C's configuration:
#      the floor of C
#   G  bench/libbench_attach.so attaching E's bytes, E's configuration
#      (the same reservations and classes): the floor of E
# Kea (memfile, no persistence, WARN logging) runs in a network namespace,
# perfdhcp (kea-admin) in another, joined by a veth pair; only
# 192.0.2.0/24, 198.51.100.0/24 and 2001:db8::/32 are used.  Single-threaded
# Kea is pinned to CPU 1 and perfdhcp to CPU 0; multi-threaded Kea (2
# threads) is not pinned.  Every Kea start gets a warm-up that creates the
# 200 clients' leases, then a search for the highest rate Kea answers
# completely (bench/kea.sh search): perfdhcp offers a rate for $KEA_PHASE
# seconds and waits 1 s for late replies; a rate counts only when every
# request was answered (DISCOVER/SOLICIT and REQUEST: sent == received).
# From $KEA_TOP4 / $KEA_TOP6 exchanges/s it goes down by 15 % while
# requests are lost (up while none are), then halves the interval between
# the highest lossless and the lowest lossy rate, at most $KEA_STEPS probes
# per Kea run.  Where no rate was lossless, none is reported and the table
# says so (the lowest rate tried and what was lost there).  Per search: the
# highest lossless rate, completed exchanges/s and Kea's CPU time
# (schedstat of all its threads) per completed exchange at it.
# Then valgrind --tool=callgrind counts (for A, B, C and D: no hook, the
# same option bytes sent by Kea's own option-data) Kea's user-space instructions for a
# fixed number of exchanges (v4 and v6 at once, one per CPU).
#
# Writes OUTDIR/kea-rounds.tsv (one line per Kea run), OUTDIR/kea-cg.tsv,
# OUTDIR/kea-cg-<variant><family>.annotate (inclusive costs per function)
# and .tree (every call arc with its count: the calls below the pcpsel
# callouts, the allocator calls), OUTDIR/kea-cg-callout.tsv and kea-cg-callout<family>.tree
# (the callout alone: instructions and allocator calls), OUTDIR/kea.log.  Environment: top_builddir (required),
# KEA_ROUNDS (3), KEA_PHASE (whole seconds, 2), KEA_STEPS (7), KEA_TOP4
# (7000), KEA_TOP6 (9000), KEA_MODES ("st mt"),
# KEA_CG_N (exchanges counted by callgrind, 500), KEA_CG_RATE (their
# rate, 100/s: lower it on a loaded machine, where Kea under valgrind
# loses packets and the retransmissions change the count), KEA_CG_ONLY (1: no
# throughput rounds, callgrind only), KEA_TP_ONLY (1: throughput only, no
# callgrind), KEA_CG_VARIANTS (the whole-process variants, "none" for
# none), KEA_CALLOUT_VARIANTS ("C E": the callout alone; "F G": the
# attach-only floors' callouts), BENCH_QUICK.
# Built on the namespace harness of the tests (tests/netns/lib.sh): the
# namespaces (ns_name srv, ns_name cli) are deleted at exit, also on
# SIGINT, every process started is stopped by its PID (ns_bg, ns_stop),
# and nothing outside them and the scratch directory $T is touched
# (KEA_KEEP=1 or PCPSEL_KEEP=1 keeps $T).  The harness prints nothing here
# (NS_QUIET); this script's own progress goes to OUTDIR/kea.log.
set -u

out=$1
: "${top_builddir:?}"
rounds=${KEA_ROUNDS:-3}
phase_s=${KEA_PHASE:-2}
steps=${KEA_STEPS:-7}
top_4=${KEA_TOP4:-7000}
top_6=${KEA_TOP6:-9000}
modes=${KEA_MODES:-st mt}
cg_n=${KEA_CG_N:-500}
cg_rate=${KEA_CG_RATE:-100}
if [ -n "${BENCH_QUICK:-}" ]; then
	rounds=${KEA_ROUNDS:-1}
	phase_s=${KEA_PHASE:-1}
	steps=${KEA_STEPS:-4}
	cg_n=${KEA_CG_N:-100}
fi

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
[ -n "${KEA_KEEP:-}" ] && PCPSEL_KEEP=1
NS_QUIET=1
. "$top_srcdir/tests/netns/lib.sh"
log=$out/kea.log
: > "$log"
bk_note() { printf '%s\n' "$*" >> "$log"; }
if ! ns_usable perfdhcp kea-dhcp4 kea-dhcp6 taskset; then
	bk_note "bench/kea.sh: $NS_WHY"
	echo "bench/kea.sh: $NS_WHY" >&2
	exit 1
fi
ns_init bench-kea

lib_B=$top_builddir/bench/.libs/libbench_empty.so
lib_C=$top_builddir/.libs/libdhcp_pcpsel.so
lib_F=$top_builddir/bench/.libs/libbench_attach.so
# Kea 2.6.3 and 3.0 take hooks only from one directory (KEA_HOOKS_PATH) and
# log files only where KEA_LOG_FILE_DIR says (Kea 2.2 ignores both)
mkdir -p "$T/hooks"
for l in "$lib_B" "$lib_C" "$lib_F"; do
	[ -f "$l" ] && ln -s "$l" "$T/hooks/$(basename "$l")"
done
lib_B=$T/hooks/$(basename "$lib_B")
lib_C=$T/hooks/$(basename "$lib_C")
lib_F=$T/hooks/$(basename "$lib_F")

# ---- network: Kea's namespace srv (pbs0) and perfdhcp's cli (pbc0) ---------
bk_lladdr() {
	ns_exec srv ip -6 addr show dev pbs0 scope link | grep -q fe80 &&
	    ns_exec cli ip -6 addr show dev pbc0 scope link | grep -q fe80
}

bk_net() {
	ns_new srv
	ns_new cli
	ns_link srv pbs0 cli pbc0
	ns_addr srv pbs0 192.0.2.1/24 2001:db8:1::1/64
	ns_addr cli pbc0 192.0.2.2/24 2001:db8:1::2/64
	# the link-locals must exist before kea-dhcp6 binds to them
	ns_poll "the link-local addresses" bk_lladdr
}

# ---- Kea configuration -------------------------------------------------------
# hex of the option-86 instances of E (20 servers 2001:db8::1 ... ::14)
bk_e6hex() {
	i=1
	while [ $i -le 20 ]; do
		printf '"20010db8%024x"%s' "$i" "$([ $i -lt 20 ] && echo ,)"
		i=$((i + 1))
	done
}

# bk_conf FAMILY VARIANT MT(true|false): the harness's kea_conf (role srv,
# $T/srv/kea/keaFAMILY.json) with the variant's hook and scopes.  Loggers
# as an operator's plain configuration has them, nothing per packet: the
# daemon at WARN ($T/srv/kea/warnFAMILY.log), only its "dhcpX" logger at
# INFO (kea_log: the DHCPx_STARTED line).  (The harness's default loggers,
# with explicit ones for the leases and the hook, changed the count: v4 C
# -2.5 % in a paired run, the others within 0.2 %.)
bk_conf() {
	fam=$1 var=$2 mt=$3
	# perfdhcp's SOLICIT carries an empty ORO before the one -o adds (with
	# 86), so only the REPLY would carry option 86: always-send gives it to
	# ADVERTISE too, as a client listing 86 in its SOLICIT gets it, and as
	# the attach-only floor (F, G) does
	always6=""
	[ "$fam" = 6 ] && always6=', "always-send": true'
	opts=""
	sub4=""
	params=""
	hooks=""
	case $var in
	A) ;;
	D) # no hook: Kea's own option-data sends the same bytes as C
	   if [ "$fam" = 4 ]; then
		opts='"option-def": [ { "name": "pcp-server", "code": 158,
    "space": "dhcp4", "type": "binary" } ],
  "option-data": [ { "name": "pcp-server", "code": 158, "space": "dhcp4",
    "csv-format": false, "data": "08c0000201c000020204c6336401" } ],'
	   else
		opts='"option-def": [ { "name": "pcp-server", "code": 86,
    "space": "dhcp6", "type": "binary" } ],
  "option-data": [ { "name": "pcp-server", "code": 86, "space": "dhcp6",
    "csv-format": false,
    "data": "20010db800000000000000000000000120010db8000000000000000000000003" } ],'
	   fi ;;
	B) hooks="{ \"library\": \"$lib_B\" }," ;;
	C) if [ "$fam" = 4 ]; then
		servers='[ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ]'
	   else
		servers='[ [ "2001:db8::1", "2001:db8::3" ], [ "2001:db8::2" ] ]'
	   fi
	   params="{ \"pcp-servers\": $servers$always6 }" ;;
	E|G) if [ "$fam" = 4 ]; then
		servers='[ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ]'
		res=$(awk 'BEGIN { for (i = 0; i < 200; i++)
		    printf "%s{ \"hw-address\": \"02:00:00:00:%02x:%02x\", \"hostname\": \"h%d\", \"user-context\": { \"pcp-servers\": [ [ \"203.0.113.%d\" ] ] } }",
		    (i ? "," : ""), int(i / 256), i % 256, i, i % 250 + 1 }')
		sub4=", \"user-context\": { \"pcp-servers\": $servers },
		  \"reservations\": [ $res ]"
		# classes without a test: Kea spends nothing on them per packet
		opts='"client-classes": [
		  { "name": "gold",
		    "user-context": { "pcp-servers": [ [ "198.51.100.77" ] ] } },
		  { "name": "silver",
		    "user-context": { "pcp-servers": [ [ "198.51.100.78" ] ] } } ],'
	   else
		servers="[ $(bk_e6hex | sed 's/"20010db8\(0*\)\([0-9a-f]*\)"/[ "2001:db8::\2" ]/g') ]"
	   fi
	   if [ "$var" = E ]; then
		params="{ \"pcp-servers\": $servers$always6 }"
	   else
		hooks="{ \"library\": \"$lib_F\", \"parameters\": {
		  \"v4\": [ \"08c0000201c000020204c6336401\" ],
		  \"v6\": [ $(bk_e6hex) ] } },"
	   fi ;;
	F) hooks="{ \"library\": \"$lib_F\", \"parameters\": {
	     \"v4\": [ \"08c0000201c000020204c6336401\" ],
	     \"v6\": [ \"20010db800000000000000000000000120010db8000000000000000000000003\",
	             \"20010db8000000000000000000000002\" ] } }," ;;
	esac
	mtc="\"multi-threading\": { \"enable-multi-threading\": $mt,
    \"thread-pool-size\": 2, \"packet-queue-size\": 64 },"
	if [ "$fam" = 4 ]; then
		extra="$mtc $opts
  \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\",
    \"pools\": [ { \"pool\": \"192.0.2.10 - 192.0.2.254\" } ] $sub4 } ],"
	else
		extra="$mtc $opts
  \"subnet6\": [ { \"id\": 1, \"subnet\": \"2001:db8:1::/64\", \"interface\": \"pbs0\",
    \"pools\": [ { \"pool\": \"2001:db8:1::1000 - 2001:db8:1::ffff\" } ] } ],"
	fi
	d=$T/srv/kea
	KEA_HOOKS=$hooks KEA_LOGGERS="{ \"name\": \"kea-dhcp$fam\",
	    \"severity\": \"WARN\",
	    \"output_options\": [ { \"output\": \"$d/warn$fam.log\" } ] },
	  { \"name\": \"kea-dhcp$fam.dhcp$fam\", \"severity\": \"INFO\",
	    \"output_options\": [ { \"output\": \"$(kea_log srv "$fam")\" } ] }," \
	    kea_conf srv "$fam" pbs0 "$params" "$extra"
}

# bk_start FAMILY VARIANT MODE [valgrind args...]: kea-dhcpFAMILY in srv
# (ns_bg), pinned by MODE, with the directories the harness's kea_start
# gives it; sets kea_pid; 0 when the server logged DHCPx_STARTED within
# 30 s (under valgrind too)
bk_start() {
	fam=$1 var=$2 mode=$3
	shift 3
	if [ "$mode" = mt ]; then mt=true; else mt=false; fi
	bk_conf "$fam" "$var" "$mt"
	d=$T/srv/kea
	klog=$(kea_log srv "$fam")
	rm -f "$klog" "$d"/*"$fam"*.pid
	pin="taskset -c 1"
	[ "$mode" = mt ] && pin=""
	[ "$mode" = cg ] && pin="taskset -c $((fam == 4))"
	: > "$klog"
	KEA_PIDFILE_DIR=$d KEA_LOCKFILE_DIR=$d \
	KEA_LOGGER_DESTINATION=$d/early$fam.log \
	KEA_HOOKS_PATH=$T/hooks KEA_LOG_FILE_DIR=$d KEA_DHCP_DATA_DIR=$d \
	KEA_CONTROL_SOCKET_DIR=$d \
	    ns_bg srv "$d/kea$fam.out" $pin "$@" kea-dhcp$fam \
	    -c "$d/kea$fam.json"
	kea_pid=$NS_PID
	NS_TIMEOUT=30
	ns_poll "kea-dhcp$fam $var to start" kea_started "$fam" "$klog" \
	    "$kea_pid" >> "$log"
	NS_TIMEOUT=15
	grep -q "DHCP${fam}_STARTED" "$klog" 2>/dev/null &&
	    ns_alive "$kea_pid" && return 0
	bk_note "kea-dhcp$fam variant $var ($mode) did not start:"
	tail -n 5 "$klog" "$d/warn$fam.log" "$d/early$fam.log" "$d/kea$fam.out" \
	    >> "$log" 2>&1
	ns_stop "$kea_pid"
	return 1
}

# on-CPU time of every thread of $1, ns
bk_cpu() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null |
	    awk '{ s += $1 } END { printf "%.0f\n", s }'
}

# perf FAMILY PIN ARGS...: run perfdhcp in the client namespace; prints
# "rate sent1 recv1 sent2 recv2" (exchanges/s; DISCOVER-OFFER or
# SOLICIT-ADVERTISE, then REQUEST-ACK or REQUEST-REPLY)
bk_perf() {
	fam=$1 pin=$2
	shift 2
	if [ "$fam" = 4 ]; then o="-o 55,01039e"; else o="-o 6,0056"; fi
	ns_exec cli $pin perfdhcp -$fam -l pbc0 $o "$@" \
	    > "$T/perf$fam.out" 2>&1
	awk '/^Rate:/ { rate = $2 }
	     /^sent packets:/ { s[++i] = $3 }
	     /^received packets:/ { r[++j] = $3 }
	     END { printf "%s %d %d %d %d\n", rate == "" ? 0 : rate,
		 s[1], r[1], s[2], r[2] }' "$T/perf$fam.out"
}

# probe FAMILY RATE: perfdhcp offers RATE exchanges/s for $phase_s seconds
# against $kea_pid, then waits 1 s for the replies still on their way
# (-W), so that an exchange in flight when the period ends is not counted
# lost.  Prints "lossless sent_per_s completed_per_s cpu_us s1 r1 s2 r2":
# lossless is 1 only when Kea answered every request (DISCOVER/SOLICIT and
# REQUEST: sent == received, nothing dropped); sent_per_s is what perfdhcp
# really sent (it can fall short of RATE), cpu_us Kea's on-CPU time per
# completed exchange.
bk_probe() {
	fam=$1 pr=$2
	c0=$(bk_cpu "$kea_pid")
	set -- $(bk_perf "$fam" "$pin_perf" -R 200 -r "$pr" -p "$phase_s" \
	    -W 1000000)
	c1=$(bk_cpu "$kea_pid")
	awk -v s1="$2" -v r1="$3" -v s2="$4" -v r2="$5" -v c0="$c0" \
	    -v c1="$c1" -v t="$phase_s" 'BEGIN {
		ok = (s1 > 0 && r1 == s1 && s2 == r1 && r2 == s2)
		cpu = r2 > 0 ? (c1 - c0) / 1000 / r2 : 0
		printf "%d %.0f %.0f %.1f %d %d %d %d\n", ok, s1 / t, r2 / t,
		    cpu, s1, r1, s2, r2 }'
	# let Kea drain what a lossy probe left in its socket queue
	sleep 0.5
}

# search FAMILY TOP: the highest rate Kea answers completely, in at most
# $steps probes: from TOP down by 15 % per probe while requests are lost
# (up by 15 % while none are), then halving the interval between the
# highest lossless and the lowest lossy rate.  Prints "found bound
# sent_per_s completed_per_s cpu_us probes lowest s1 r1 s2 r2": found is
# the highest lossless rate offered (0: none; the last fields are then the
# probe at the lowest rate tried), bound "exact" when a lossy rate above it
# was seen, "lower" when every rate tried up to it was lossless (capacity
# not reached), "none" when no rate was lossless.
bk_search() {
	fam=$1 rt=$2
	good=0 bad=0 np=0 lowest=$rt goodres="" lastres=""
	while [ $np -lt "$steps" ]; do
		set -- $(bk_probe "$fam" "$rt")
		np=$((np + 1))
		[ "$rt" -lt "$lowest" ] && lowest=$rt
		bk_note "  probe v$fam $rt/s: lossless=$1 sent/s=$2 completed/s=$3 cpu=$4us sent/recv $5/$6 $7/$8"
		if [ "$1" = 1 ]; then
			good=$rt
			goodres="$2 $3 $4 $5 $6 $7 $8"
		else
			bad=$rt
			lastres="$2 $3 $4 $5 $6 $7 $8"
		fi
		if [ "$bad" = 0 ]; then		# all lossless so far: go up
			rt=$(( (rt * 115 / 100 + 49) / 50 * 50 ))
		elif [ "$good" = 0 ]; then	# all lossy so far: go down
			rt=$(( rt * 85 / 100 / 50 * 50 ))
			[ "$rt" -lt 100 ] && break
		else				# bracketed: halve it
			rt=$(( (good + bad) / 2 / 50 * 50 ))
			[ $((bad - good)) -le 100 ] && break
			[ "$rt" -le "$good" ] && break
		fi
	done
	if [ "$good" != 0 ]; then
		b=exact
		[ "$bad" = 0 ] && b=lower
		echo "$good $b $goodres $np $lowest"
	else
		echo "0 none ${lastres:-0 0 0 0 0 0 0} $np $lowest"
	fi
}

# one Kea run: FAMILY VARIANT MODE ROUND; the search starts at $top_<fam>
bk_run() {
	fam=$1 var=$2 mode=$3 round=$4
	pin_perf="taskset -c 0"
	bk_start "$fam" "$var" "$mode" || return 1
	bk_warmup "$fam"
	eval "t=\$top_$fam"
	set -- $(bk_search "$fam" "$t")
	ns_stop "$kea_pid"
	# fam mode round var top | found bound sent/s completed/s cpu_us
	# s1 r1 s2 r2 probes lowest
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$fam" "$mode" "$round" "$var" \
	    "$t" "$(echo "$1 $2 $3 $4 $5 $6 $7 $8 $9 ${10} ${11}" |
	    tr ' ' '\t')" >> "$out/kea-rounds.tsv"
	bk_note "v$fam $mode round $round $var: from $t/s: highest lossless $1 ($2), ${10} probes, lowest tried ${11}"
}

bk_warmup() {
	bk_perf "$1" "taskset -c 0" -R 200 -r 1000 -n 1000 -s 1 -W 1000000 \
	    > /dev/null
}

# ---- is the pcpsel hook there, does it load, does it attach its option? -----
bk_check() {
	fam=$1 cv=${2:-C}
	if [ "$cv" = C ] && [ ! -f "$lib_C" ]; then
		bk_note "no $lib_C: variant C skipped"
		return 1
	fi
	bk_start "$fam" "$cv" st || return 1
	ns_bg cli /dev/null tcpdump -i pbc0 -w "$T/cap$fam.pcap" -U -c 4 'udp'
	tp=$NS_PID
	sleep 0.5
	bk_perf "$fam" "" -R 1 -r 5 -n 2 > /dev/null
	sleep 0.2
	ns_stop "$tp"
	ns_stop "$kea_pid"
	# option 158: 08 c0000201 c0000202 04 c6336401 (RFC 7291 §4.1);
	# option 86 instance: 2001:db8::1, 2001:db8::3 (RFC 7291 §3.1)
	if [ "$fam" = 4 ]; then
		want=9e0e08c0000201c000020204c6336401
	else
		want=0056002020010db800000000000000000000000120010db8
	fi
	if od -An -v -tx1 "$T/cap$fam.pcap" | tr -d ' \n' | grep -q "$want"
	then
		bk_note "v$fam: variant $cv sent option $((fam == 4 ? 158 : 86))"
		return 0
	fi
	bk_note "v$fam: variant $cv did NOT send option $((fam == 4 ? 158 : 86)) (capture)"
	return 0
}

# ---- callgrind: instructions per exchange --------------------------------
# bk_allocs TREE [collected]: calls of an allocator (malloc, calloc,
# realloc, the aligned ones, operator new) from a function that is not one
# itself, summed over the call arcs of a callgrind_annotate --tree=calling
# listing.  With "collected", only arcs that cost something in the listing
# (a run that collected inside one function only: callgrind counts calls
# everywhere, but costs only where it collects).
bk_allocs() {
	awk -v only="${2:-}" '
	function alloc(l) {
		return l ~ /:(malloc|calloc|realloc|memalign|aligned_alloc|posix_memalign) \(/ ||
		    l ~ /:(malloc|calloc|realloc|memalign|aligned_alloc|posix_memalign) \[/ ||
		    l ~ /:operator new/
	}
	{	# "COST (PCT%)  *  FUNCTION" or "COST (PCT%)  >   CALLEE (Nx)"
		mark = ""
		for (i = 2; i <= 4 && i <= NF; i++)
			if ($i == "*" || $i == ">") { mark = $i; break }
	}
	mark == "*" { caller_alloc = alloc($0); next }
	mark == ">" && !caller_alloc && alloc($0) {
		cost = $1; gsub(",", "", cost)
		if (only != "" && cost + 0 == 0) next
		for (i = NF; i > 4; i--) if ($i ~ /^\([0-9,]+x\)$/) {
			v = $i; gsub(/[(),x]/, "", v); n += v; break }
	}
	END { print n + 0 }' "$1" 2>/dev/null
}


# bk_cg FAMILY VARIANT: prints "instructions exchanges pktX_send_incl"
bk_cg() {
	fam=$1 var=$2
	cgf=$T/cg$fam-$var.out
	bk_start "$fam" "$var" cg valgrind --tool=callgrind \
	    --dump-instr=no --compress-strings=no --compress-pos=no \
	    --callgrind-out-file="$cgf" || { echo "0 0 0"; return; }
	pin="taskset -c $((fam == 4))"
	# 50 clients, their leases made first; the same seed every time, so
	# every variant sees the same packets
	bk_perf "$fam" "$pin" -R 50 -r "$cg_rate" -n 300 -s 7 -d 5 -W 2000000 > /dev/null
	callgrind_control -z "$kea_pid" > /dev/null 2>&1
	set -- $(bk_perf "$fam" "$pin" -R 50 -r "$cg_rate" -n "$cg_n" -s 11 -d 5 \
	    -W 2000000)
	callgrind_control -d "$kea_pid" > /dev/null 2>&1
	# the dump is complete once its last line, totals:, is there
	cgd=$cgf.1
	i=0
	while ! grep -q '^totals:' "$cgd" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ns_stop "$kea_pid"
	ir=$(awk '/^summary:/ { print $2; exit }' "$cgd" 2>/dev/null)
	hook=0
	allocs=0
	if [ -f "$cgd" ]; then
		# inclusive cost of every function (compare B and C: packing),
		# and for C who calls what below the callout
		callgrind_annotate --inclusive=yes --threshold=99.9 "$cgd" \
		    > "$out/kea-cg-$var$fam.annotate" 2>/dev/null
		# every call arc, for the allocator calls of the process
		callgrind_annotate --inclusive=yes --tree=calling \
		    --threshold=100 "$cgd" > "$out/kea-cg-$var$fam.tree" \
		    2>/dev/null
		allocs=$(bk_allocs "$out/kea-cg-$var$fam.tree")
		hook=$(awk -v fn="pkt${fam}_send" '
		    index($0, ":" fn " ") && /libdhcp_pcpsel/ {
			gsub(",", "", $1); print $1; exit }' \
		    "$out/kea-cg-$var$fam.annotate")
	fi
	echo "${ir:-0} $5 ${hook:-0} $2 $4 ${allocs:-0}"
}

# bk_cgcallout FAMILY [VARIANT]: variant C (or VARIANT) again, callgrind collecting only inside the
# pcpsel callout (--collect-atstart=no --toggle-collect=pktX_send), the same
# packets as bk_cg: prints "instructions exchanges allocations", where
# allocations are the allocator calls (bk_allocs) on call arcs that cost
# something inside the callout.  Their counts are callgrind's count of the
# arc over the whole run, exact when the calling function runs only inside
# the callout; kea-cg-callout<family>.tree shows every arc.
bk_cgcallout() {
	fam=$1 cv=${2:-C}
	cgf=$T/cgx$fam$cv.out
	bk_start "$fam" "$cv" cg valgrind --tool=callgrind \
	    --dump-instr=no --compress-strings=no --compress-pos=no \
	    --collect-atstart=no --toggle-collect="pkt${fam}_send" \
	    --callgrind-out-file="$cgf" || { echo "0 0 0"; return; }
	pin="taskset -c $((fam == 4))"
	bk_perf "$fam" "$pin" -R 50 -r "$cg_rate" -n 300 -s 7 -d 5 -W 2000000 > /dev/null
	callgrind_control -z "$kea_pid" > /dev/null 2>&1
	set -- $(bk_perf "$fam" "$pin" -R 50 -r "$cg_rate" -n "$cg_n" -s 11 -d 5 \
	    -W 2000000)
	callgrind_control -d "$kea_pid" > /dev/null 2>&1
	cgd=$cgf.1
	i=0
	while ! grep -q '^totals:' "$cgd" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ns_stop "$kea_pid"
	ir=$(awk '/^summary:/ { print $2; exit }' "$cgd" 2>/dev/null)
	allocs=-1
	if [ -f "$cgd" ]; then
		# every call arc into an allocator, with its count "(N,NNNx)"
		callgrind_annotate --inclusive=yes --tree=calling \
		    --threshold=100 "$cgd" > "$out/kea-cg-callout$cv$fam.tree" \
		    2>/dev/null
		allocs=$(bk_allocs "$out/kea-cg-callout$cv$fam.tree" collected)
	fi
	echo "${ir:-0} $5 $allocs"
}

# ======================================================================
bk_note "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
bk_net || { bk_note "network setup failed"; exit 1; }
have_C=yes
bk_check 4 || have_C=no
[ $have_C = yes ] && { bk_check 6 || have_C=no; }
variants="A B"
[ $have_C = yes ] && variants="A B C"
[ -f "$lib_B" ] || { bk_note "no $lib_B"; exit 1; }
bk_check 4 D
bk_check 6 D

: > "$out/kea-rounds.tsv"
[ "${KEA_CG_ONLY:-0}" = 1 ] && bk_note "KEA_CG_ONLY=1: no throughput rounds"
for fam in 4 6; do
	[ "${KEA_CG_ONLY:-0}" = 1 ] && break
	eval "bk_note \"v$fam: searches start at \$top_$fam/s, at most $steps probes of ${phase_s} s\""
	for mode in $modes; do
		r=1
		while [ $r -le "$rounds" ]; do
			for v in $variants; do
				bk_run "$fam" "$v" "$mode" "$r"
			done
			r=$((r + 1))
		done
	done
done

# callgrind: v4 on CPU 1 and v6 on CPU 0 at the same time, per variant
: > "$out/kea-cg.tsv"
: > "$out/kea-cg-callout.tsv"
if [ "${KEA_TP_ONLY:-0}" = 1 ]; then
	bk_note "KEA_TP_ONLY=1: no callgrind runs"
	bk_note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit 0
fi
# D (callgrind only): no hook, the option from Kea's own option-data; E, F,
# G: scopes and the attach-only floors
cgvariants="$variants D"
[ $have_C = yes ] && [ -f "$lib_F" ] && cgvariants="$cgvariants E F G"
[ "${KEA_CG_VARIANTS:-}" = none ] && cgvariants=""
[ "${KEA_CG_VARIANTS:-none}" != none ] && cgvariants=$KEA_CG_VARIANTS
for v in $cgvariants; do
	bk_cg 4 "$v" > "$T/cg4.res" &
	p4=$!
	bk_cg 6 "$v" > "$T/cg6.res"
	wait $p4
	for fam in 4 6; do
		printf '%s\t%s\t%s\n' "$fam" "$v" \
		    "$(tr ' ' '\t' < "$T/cg$fam.res")" >> "$out/kea-cg.tsv"
		bk_note "callgrind v$fam $v: $(cat "$T/cg$fam.res")"
	done
done
# the callout alone (C, and E with scopes), v4 and v6 at the same time
: > "$out/kea-cg-callout.tsv"
if [ $have_C = yes ]; then
	for cv in ${KEA_CALLOUT_VARIANTS:-C E}; do
		bk_cgcallout 4 "$cv" > "$T/cgx4.res" &
		p4=$!
		bk_cgcallout 6 "$cv" > "$T/cgx6.res"
		wait $p4
		for fam in 4 6; do
			printf '%s\t%s\t%s\n' "$fam" "$cv" \
			    "$(tr ' ' '\t' < "$T/cgx$fam.res")" \
			    >> "$out/kea-cg-callout.tsv"
			bk_note "callgrind v$fam callout alone ($cv): $(cat "$T/cgx$fam.res")"
		done
	done
fi
bk_note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit 0
