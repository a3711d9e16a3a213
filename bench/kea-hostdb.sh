#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/kea-hostdb.sh - what the pcpsel Kea hook costs kea-dhcp4 when the
# reservations are in a PostgreSQL host database (issue 16 item 1).
#
#   top_builddir=BUILD sh bench/kea-hostdb.sh OUTDIR
#
# kea-dhcp4 (single-threaded, memfile leases, WARN logging) with
# "hosts-database" in a PostgreSQL started here (tests/netns/lib.sh:
# pg_start, initdb as "nobody" in a temp directory) holding HOSTDB_N
# reservations by hw-address (02:01:00:00:00:00 ...), each with a
# user-context "pcp-servers" of one server; the subnet's list has one
# server too (the same option size).  Three servers, one after the other:
#   A  no hook library
#   B  bench/libbench_attach.so attaching one option-158 instance of the
#      same size (04cb007107) to every reply: the floor of any hook
#   C  libdhcp_pcpsel.so (subnet list [[192.0.2.9]]; the reservations'
#      lists come from the database, through Kea's HostMgr)
#   D  C with the hook parameter "host-database-lookup": false (the hook
#      asks the database nothing; the reserved client gets the subnet's
#      list)
# and, where Kea ships it (Kea 3.0), with Kea's libdhcp_host_cache.so,
# which keeps the hosts HostMgr found in memory:
#   a  A with host_cache          c  C with host_cache
# Each under valgrind --tool=callgrind; per client, from one MAC
# (perfdhcp -R 1 -b mac=...): the reserved client 02:01:00:00:00:06
# (its list [[203.0.113.7]]) and an unreserved one 02:02:00:00:00:01.
# Per client: a warm-up of 20 exchanges (its lease), counters zeroed
# (callgrind_control -z), HOSTDB_CG_N exchanges at HOSTDB_RATE/s, Kea
# left to work off its backlog (its CPU time stops growing), dumped
# (callgrind_control -d).  Figures: Kea's user-space instructions per
# exchange (DISCOVER-OFFER-REQUEST-ACK: two replies, counted as the calls
# of Pkt4::pack(), so that a reply perfdhcp gave up waiting for still
# counts), and the PostgreSQL statements Kea ran per exchange (calls of
# libpq's PQexecPrepared); the PostgreSQL server's own CPU is not counted.
# The capture of each run says which option-158 bytes the client got.
#
# Writes OUTDIR/kea-hostdb.tsv (variant, client, instructions, exchanges
# perfdhcp completed, replies packed, instructions per exchange,
# statements per exchange, option 158 seen), OUTDIR/kea-hostdb.log,
# OUTDIR/kea-hostdb-<variant>-<client>.annotate, .tree (every call arc) and
# .perf (perfdhcp's report).  Environment: top_builddir (required),
# HOSTDB_N (10000), HOSTDB_CG_N (100), HOSTDB_RATE (5), HOSTDB_VARIANTS
# ("A B C D", and "a c" where Kea has libdhcp_host_cache.so).  Reports
# figures, never pass/fail.
set -u
out=$1
: "${top_builddir:?}"
top_builddir=$(cd "$top_builddir" && pwd)
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
NS_QUIET=1
. "$top_srcdir/tests/netns/lib.sh"
NS_TIMEOUT=${NS_TIMEOUT:-120}
n_res=${HOSTDB_N:-10000}
cg_n=${HOSTDB_CG_N:-100}
rate=${HOSTDB_RATE:-5}
log=$out/kea-hostdb.log
mkdir -p "$out"
: > "$log"
: > "$out/kea-hostdb.tsv"
say()
{
	printf '%s\n' "$*" >> "$log"
}

ns_init kea-hostdb valgrind callgrind_control callgrind_annotate perfdhcp \
    tcpdump
kea_require
pg_require
attach=$top_builddir/bench/.libs/libbench_attach.so
[ -f "$attach" ] || { say "no $attach (make bench/libbench_attach.la)"; exit 1; }
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
say "Kea $(kea_version), PostgreSQL $("$PG_BIN/postgres" -V | awk '{ print $3 }'), $n_res reservations, $cg_n exchanges per client"
ns_new srv
ns_new cli
ns_link srv bs0 cli bc0
ns_addr srv bs0 192.0.2.1/24
ns_addr cli bc0 192.0.2.2/24
pg_start srv
# reservation i: MAC 02:01 + i (32 bits), list [[203.0.113.(i % 250 + 1)]]
pg_sql "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type,
    dhcp4_subnet_id, user_context)
    SELECT decode('0201' || lpad(to_hex(i), 8, '0'), 'hex'), 0, 1,
      '{ \"pcp-servers\": [ [ \"203.0.113.' || (i % 250 + 1) || '\" ] ] }'
    FROM generate_series(0, $n_res - 1) AS i" > /dev/null ||
    bail "INSERT of the reservations failed"
say "reservations in the database: $(pg_sql 'SELECT count(*) FROM hosts')"
pg_sql "ANALYZE hosts" > /dev/null

RES_MAC=02:01:00:00:00:06
UNRES_MAC=02:02:00:00:00:01
RES_OPT=9e0504cb007107
SUB_OPT=9e0504c0000209

kdir=$(kea-dhcp4 -W 2>/dev/null | sed -n 's/^ *Hooks directory: *//p' | head -n 1)
cache=
[ -f "$kdir/libdhcp_host_cache.so" ] && cache="a c"

# conf VARIANT: the configuration of VARIANT in $T/srv/kea/kea4.json
conf()
{
	local params hooks
	params= hooks=$KEA_PGSQL
	case $1 in
	a|c) kea_hook_link libdhcp_host_cache.so > /dev/null
	   hooks="$hooks { \"library\": \"$T/hooks/libdhcp_host_cache.so\" }," ;;
	esac
	case $1 in
	B) kea_hook_link libbench_attach.so "$attach" > /dev/null
	   hooks="$hooks { \"library\": \"$T/hooks/libbench_attach.so\",
	     \"parameters\": { \"v4\": [ \"04cb007107\" ] } }," ;;
	C|c) params='{ }' ;;
	D) params='{ "host-database-lookup": false }' ;;
	esac
	KEA_SEVERITY=INFO KEA_LEASES_SEVERITY=WARN KEA_HOOK_SEVERITY=WARN \
	KEA_HOOKS=$hooks kea_conf srv 4 bs0 "$params" \
	    "\"multi-threading\": { \"enable-multi-threading\": false },
	    $(pg_hosts_db)
	    $(kea_subnet4 bs0 '{ "pcp-servers": [ [ "192.0.2.9" ] ] }')"
}

# cg_start: kea-dhcp4 of the configuration under callgrind; KEA_PID
cg_start()
{
	local d
	d=$T/srv/kea
	: > "$d/early4.log"
	KEA_PIDFILE_DIR=$d KEA_LOCKFILE_DIR=$d \
	KEA_LOGGER_DESTINATION=$d/early4.log \
	KEA_HOOKS_PATH=$T/hooks KEA_LOG_FILE_DIR=$d KEA_DHCP_DATA_DIR=$d \
	KEA_CONTROL_SOCKET_DIR=$d \
		ns_bg srv "$d/kea4.out" taskset -c 1 valgrind --tool=callgrind \
		    --dump-instr=no --compress-strings=no --compress-pos=no \
		    --callgrind-out-file="$T/cg.out" kea-dhcp4 -c "$d/kea4.json"
	KEA_PID=$NS_PID
	ns_poll "kea-dhcp4 under callgrind to start" kea_started 4 \
	    "$(kea_log srv 4)" "$KEA_PID" &&
	    grep -q DHCP4_STARTED "$(kea_log srv 4)" && ns_alive "$KEA_PID"
}

# perf MAC N: N exchanges of the client MAC at $rate/s; prints the ACKs
perf()
{
	ns_exec cli taskset -c 0 perfdhcp -4 -l bc0 -o 55,01039e -R 1 \
	    -b "mac=$1" -r "$rate" -n "$2" -d 5 -W 2000000 > "$T/perf.out" 2>&1
	awk '/^received packets:/ { r[++j] = $3 } END { print r[2] + 0 }' \
	    "$T/perf.out"
}

# calls_of FUNCTION TREE: calls of FUNCTION over every call arc of a
# callgrind_annotate --tree=calling listing
calls_of()
{
	awk -v fn="$1" '
	{ mark = ""; for (i = 2; i <= 4 && i <= NF; i++)
		if ($i == "*" || $i == ">") { mark = $i; break } }
	mark == ">" && index($0, ":" fn " ") {
		for (i = NF; i > 4; i--) if ($i ~ /^\([0-9,]+x\)$/) {
			v = $i; gsub(/[(),x]/, "", v); n += v; break }
	}
	END { print n + 0 }' "$2"
}

# kea_cpu: Kea's on-CPU time (ns, all its threads)
kea_cpu()
{
	cat /proc/"$KEA_PID"/task/*/schedstat 2>/dev/null |
	    awk '{ s += $1 } END { printf "%.0f\n", s }'
}

# drain: wait (at most 60 s) until Kea has worked off what it received:
# its CPU time grows by less than 20 ms in half a second
drain()
{
	local a b i
	a=$(kea_cpu)
	i=0
	while [ $i -lt 120 ]; do
		sleep 0.5
		b=$(kea_cpu)
		[ $((b - a)) -lt 20000000 ] && return 0
		a=$b
		i=$((i + 1))
	done
	say "Kea still busy after 60 s"
}

dumps=0
# measure VARIANT NAME MAC: one client on the running Kea
measure()
{
	local v name mac n f i ir ex q pk seen
	v=$1 name=$2 mac=$3
	perf "$mac" 20 > /dev/null
	drain
	callgrind_control -z "$KEA_PID" > /dev/null 2>&1
	cap_start cli bc0 "$T/cap-$v-$name.pcap" "udp port 67 or udp port 68"
	ex=$(perf "$mac" "$cg_n")
	drain
	callgrind_control -d "$KEA_PID" > /dev/null 2>&1
	dumps=$((dumps + 1))
	f=$T/cg.out.$dumps
	i=0
	while ! grep -q '^totals:' "$f" 2>/dev/null && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cap_stop "$T/cap-$v-$name.pcap"
	ir=$(awk '/^summary:/ { print $2; exit }' "$f" 2>/dev/null)
	callgrind_annotate --inclusive=yes --threshold=99.9 "$f" \
	    > "$out/kea-hostdb-$v-$name.annotate" 2>/dev/null
	callgrind_annotate --inclusive=yes --tree=calling --threshold=100 \
	    "$f" > "$T/tree" 2>/dev/null
	q=$(calls_of PQexecPrepared "$T/tree")
	# the replies Kea made (OFFERs and ACKs, late ones included): two
	# per exchange
	pk=$(calls_of 'isc::dhcp::Pkt4::pack()' "$T/tree")
	cp "$T/tree" "$out/kea-hostdb-$v-$name.tree"
	od -An -v -tx1 "$T/cap-$v-$name.pcap" | tr -d ' \n' > "$T/hex"
	seen=
	grep -q "$RES_OPT" "$T/hex" && seen=reservation
	grep -q "$SUB_OPT" "$T/hex" && seen="${seen:+$seen+}subnet"
	seen=${seen:-none}
	cp "$T/perf.out" "$out/kea-hostdb-$v-$name.perf"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$name" "${ir:-0}" "$ex" \
	    "$pk" \
	    "$(awk -v a="${ir:-0}" -v b="$pk" 'BEGIN { printf "%.0f", b ? 2 * a / b : 0 }')" \
	    "$(awk -v a="$q" -v b="$pk" 'BEGIN { printf "%.2f", b ? 2 * a / b : 0 }')" \
	    "$seen" >> "$out/kea-hostdb.tsv"
	say "$v $name: $ir instructions, $ex exchanges completed, $pk replies packed, $q PQexecPrepared, option 158: $seen"
}

for v in ${HOSTDB_VARIANTS:-A B C D $cache}; do
	conf "$v"
	rm -f "$T"/cg.out*
	dumps=0
	cg_start || bail "kea-dhcp4 ($v) under callgrind did not start"
	measure "$v" reserved "$RES_MAC"
	measure "$v" unreserved "$UNRES_MAC"
	ns_stop "$KEA_PID"
done
pg_stop
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$log"
printf 'variant\tclient\tinstructions\texchanges\treplies\tper exchange\tstatements per exchange\toption 158\n'
cat "$out/kea-hostdb.tsv"
