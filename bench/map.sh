#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/map.sh OUTDIR - what one `pcpsel map` holding 64 mappings costs
# (issue 15 item 4): 32 interfaces, each with an IPv4 (NAT44) and an IPv6
# (pinhole) PCP server, served by the real miniupnpd in 4 router
# namespaces (8 links each: one miniupnpd rewrites its nftables rules for
# every request, and 64 of them would keep one instance busy).  Reports, never judges: the CPU time (utime + stime from
# /proc/PID/stat, clock ticks), the wake-ups (context switches from
# /proc/PID/status), the system calls (strace -c, when installed) over an
# idle window between renewals, the same over a window full of renewals
# (lifetime 20 s), the start-up, and the memory (VmRSS, VmHWM).
# Prints a Markdown section on stdout; raw data in OUTDIR.  Needs root.
# Built from the namespace harness of the tests (tests/netns/lib.sh).
# BENCH_QUICK=1: 10 s windows instead of 60 s.
set -u
: "${top_builddir:?}"
out=${1:?OUTDIR}
mkdir -p "$out"
N=32
WIN=60
[ -n "${BENCH_QUICK:-}" ] && WIN=10
PCPSEL_BIN=$top_builddir/.libs/pcpsel
[ -x "$PCPSEL_BIN" ] || PCPSEL_BIN=$top_builddir/pcpsel
LD_LIBRARY_PATH=$top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
MINIUPNPD=${MINIUPNPD:-/usr/sbin/miniupnpd}
# the namespace harness of the tests (tests/netns/lib.sh: namespaces named
# by ns_name, every process stopped by its PID, the namespaces deleted at
# exit, also on SIGINT); it prints nothing here (NS_QUIET), and what it
# would say on an error goes to stderr: stdout (fd 3) is the Markdown only
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
NS_QUIET=1
. "$top_srcdir/tests/netns/lib.sh"
if [ ! -x "$MINIUPNPD" ] || ! ns_usable nft; then
	printf '## 6. pcpsel map: 64 mappings\n\nskipped (needs root, miniupnpd and nftables)\n\n'
	exit 0
fi
exec 3>&1 1>&2
ns_init bench-map nft
NR=4
PER=$((N / NR))
PCPSEL=$PCPSEL_BIN

ns_new host
mkdir -p "$T/servers"
r=0
while [ $r -lt $NR ]; do
	ns_new r$r
	ns_exec r$r sysctl -qw net.ipv4.ip_forward=1 \
	    net.ipv6.conf.all.forwarding=1
	ns_veth r$r wan wanp
	ns_addr r$r wan 192.0.3.$((r + 1))/24 2001:db8:ffa::$((r + 1))/64
	nft_router r$r "lan*" wan
	r=$((r + 1))
done
i=0
while [ $i -lt $N ]; do
	r=$((i / PER))
	x=$(printf %x $i)
	ns_link r$r lan$i host up$i
	ns_addr r$r lan$i 192.0.2.$((4 * i + 1))/30 2001:db8:a:$x::1/64
	ns_addr host up$i 192.0.2.$((4 * i + 2))/30 2001:db8:a:$x::100/64
	printf 'server dhcpv4 192.0.2.%d\nserver dhcpv6 2001:db8:a:%x::1\n' \
	    $((4 * i + 1)) $i > "$T/servers/up$i"
	i=$((i + 1))
done

# mu_restart: every router's miniupnpd afresh (mup_router: the PCP server
# of lan<8r> ... lan<8r+7>, NAT44 and pinholes on wan), its rules flushed
MU=""
mu_restart() {
	r=0
	while [ $r -lt $NR ]; do
		mup_stop r$r
		mup_flush r$r
		l=""
		i=$((r * PER + 1))
		while [ $i -lt $(((r + 1) * PER)) ]; do
			l="$l listening_ip=lan$i"
			i=$((i + 1))
		done
		# shellcheck disable=SC2086
		mup_router r$r lan$((r * PER)) wan 60 \
		    "allow 1024-65535 192.0.2.0/24 1024-65535" $l
		r=$((r + 1))
	done
	MU=""
	r=0
	while [ $r -lt $NR ]; do
		MU="$MU $(eval "echo \$mup_pid_r$r")"
		r=$((r + 1))
	done
}

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ctxsw() { awk '/^voluntary_ctxt_switches|^nonvoluntary_ctxt_switches/ { s += $2 } END { print s }' "/proc/$1/status"; }
kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
count() { n=$(grep -c "\"event\":\"$1\"" "$2" 2>/dev/null); echo "${n:-0}"; }

# settle: wait (at most 60 s) until the miniupnpd have worked through their
# backlog (late answers to retransmissions would wake pcpsel map)
settle() {
	prev=-1
	i=0
	while [ $i -lt 30 ]; do
		cur=0
		for p in $MU; do cur=$((cur + $(ticks $p))); done
		[ "$cur" = "$prev" ] && return
		prev=$cur
		sleep 2
		i=$((i + 1))
	done
}

# run LIFETIME TAG: start pcpsel map, wait for 64 granted, let the server
# settle, then a window measured from /proc and one under strace
run() {
	lt=$1 tag=$2
	mu_restart
	t0=$(date +%s%N)
	MAP_OUT=$out/map-$tag.out
	map_start host "$T/servers" --lifetime "$lt" tcp 8080
	mp=$MAP_PID
	map_events 'e["event"] == "granted"' 64 120
	t1=$(date +%s%N)
	g=$(count granted "$out/map-$tag.out")
	up_ms=$(( (t1 - t0) / 1000000 ))
	c_up=$(ticks $mp)
	settle
	c0=$(ticks $mp) w0=$(ctxsw $mp) r0=$(count renewed "$out/map-$tag.out")
	sleep $WIN
	c1=$(ticks $mp) w1=$(ctxsw $mp) r1=$(count renewed "$out/map-$tag.out")
	if command -v strace > /dev/null 2>&1; then
		timeout -s INT $WIN strace -c -q -p $mp -o "$out/map-$tag.strace" 2>/dev/null
		# "% time, seconds, usecs/call, calls, [errors,] total"
		calls=$(awk '$NF == "total" { print $4 }' "$out/map-$tag.strace")
		[ -n "$calls" ] || calls=0	# strace -c prints no table for none
	fi
	[ -n "${calls:-}" ] || calls=n/a
	rss=$(kb $mp VmRSS) hwm=$(kb $mp VmHWM)
	map_stop TERM
	mv "$MAP_OUT.err" "$out/map-$tag.err"
	d=$(count deleted "$out/map-$tag.out")
	df=$(count delete-failed "$out/map-$tag.out")
	echo "$tag $lt $g $up_ms $c_up $((c1 - c0)) $((w1 - w0)) $((r1 - r0)) $calls $rss $hwm $d/$df" >> "$out/map.tsv"
}
: > "$out/map.tsv"
run 600 idle
run 60 renewing
r=0
while [ $r -lt $NR ]; do
	mup_stop r$r
	cat "$T/r$r/pcp/miniupnpd.before" "$T/r$r/pcp/miniupnpd.log" \
	    > "$out/map-miniupnpd$r.log" 2>/dev/null
	r=$((r + 1))
done
exec 1>&3 3>&-
hz=$(getconf CLK_TCK)
printf '## 6. pcpsel map: 64 mappings (issue 15 item 4)\n\n'
printf 'One `pcpsel map --json tcp 8080` on a host of 32 interfaces, each with an IPv4 (NAT44) and an IPv6 (pinhole) PCP server (the real miniupnpd %s in 4 router namespaces, 8 links each): 64 mappings. CPU time is utime+stime of the process from /proc/PID/stat in clock ticks (1 tick = %s ms); wake-ups are its context switches (voluntary + involuntary) in the window; system calls are counted by strace -c attached for a second window of the same length. The idle window starts once miniupnpd has answered its backlog of retransmissions. %s s windows. Start-up is the time until the 64th mapping is granted: mostly miniupnpd, which rewrites its nftables rules for every request.\n\n' \
    "$("$MINIUPNPD" --version 2>&1 | head -n 1 | awk '{print $2}')" "$((1000 / hz))" "$WIN"
printf '| lifetime | granted | start-up (wall) | start-up CPU | window CPU | wake-ups in window | renewals in window | system calls (a second window, strace) | VmRSS / VmHWM | on SIGTERM: deleted / refused |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
while read -r tag lt g up c0 dc dw dr calls rss hwm d; do
	printf '| %s s (%s) | %s | %s ms | %s ticks | %s ticks | %s | %s | %s | %s / %s KiB | %s |\n' \
	    "$lt" "$tag" "$g" "$up" "$c0" "$dc" "$dw" "$dr" "$calls" "$rss" "$hwm" "$d"
done < "$out/map.tsv"
printf '\n'
exit 0
