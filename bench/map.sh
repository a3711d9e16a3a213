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
if [ "$(id -u)" != 0 ] || [ ! -x "$MINIUPNPD" ] || ! command -v nft >/dev/null; then
	printf '## 6. pcpsel map: 64 mappings\n\nskipped (needs root, miniupnpd and nftables)\n\n'
	exit 0
fi
ID=$$
H=pbmh$ID
NR=4
PER=$((N / NR))
T=$(mktemp -d /tmp/pcpsel-bench-map.XXXXXX) || exit 1
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	ip netns del $H 2>/dev/null
	r=0
	while [ $r -lt $NR ]; do ip netns del pbmr$r$ID 2>/dev/null; r=$((r + 1)); done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ns() {
	ip netns add $1 || exit 1
	ip -n $1 link set lo up
	ip netns exec $1 sysctl -qw net.ipv6.conf.all.accept_dad=0 \
	    net.ipv6.conf.default.accept_dad=0
}
ns $H
mkdir -p "$T/servers"
r=0
while [ $r -lt $NR ]; do
	R=pbmr$r$ID
	ns $R
	ip netns exec $R sysctl -qw net.ipv4.ip_forward=1 \
	    net.ipv6.conf.all.forwarding=1
	ip -n $R link add wan type veth peer name wanp
	ip -n $R link set wanp up
	ip -n $R addr add 192.0.3.$((r + 1))/24 dev wan
	ip -n $R addr add 2001:db8:ffa::$((r + 1))/64 dev wan nodad
	ip -n $R link set wan up
	ip netns exec $R nft -f - <<'EOF' || exit 1
table inet filter {
	chain forward {
		type filter hook forward priority 0; policy drop;
		ct state established,related accept
		jump miniupnpd
	}
	chain miniupnpd {
	}
	chain prerouting {
		type nat hook prerouting priority -100; policy accept;
		jump prerouting_miniupnpd
	}
	chain postrouting {
		type nat hook postrouting priority 100; policy accept;
		jump postrouting_miniupnpd
	}
	chain prerouting_miniupnpd {
	}
	chain postrouting_miniupnpd {
	}
}
EOF
	cat > "$T/mu$r.conf" <<EOF
ext_ifname=wan
ext_ifname6=wan
enable_natpmp=yes
enable_upnp=no
secure_mode=yes
min_lifetime=60
upnp_table_name=filter
upnp_nat_table_name=filter
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
uuid=3c0a3c0a-0000-4000-8000-0000000000b$r
allow 1024-65535 192.0.2.0/24 1024-65535
EOF
	r=$((r + 1))
done
i=0
while [ $i -lt $N ]; do
	r=$((i / PER))
	R=pbmr$r$ID
	x=$(printf %x $i)
	ip link add lan$i netns $R type veth peer name up$i netns $H || exit 1
	ip -n $R addr add 192.0.2.$((4 * i + 1))/30 dev lan$i
	ip -n $R addr add 2001:db8:a:$x::1/64 dev lan$i nodad
	ip -n $R link set lan$i up
	ip -n $H addr add 192.0.2.$((4 * i + 2))/30 dev up$i
	ip -n $H addr add 2001:db8:a:$x::100/64 dev up$i nodad
	ip -n $H link set up$i up
	echo "listening_ip=lan$i" >> "$T/mu$r.conf"
	printf 'server dhcpv4 192.0.2.%d\nserver dhcpv6 2001:db8:a:%x::1\n' \
	    $((4 * i + 1)) $i > "$T/servers/up$i"
	i=$((i + 1))
done

# mu_restart: every router's miniupnpd afresh, its rules flushed
MU=""
mu_restart() {
	for p in $MU; do kill $p 2>/dev/null; wait $p 2>/dev/null; done
	MU=""
	r=0
	while [ $r -lt $NR ]; do
		R=pbmr$r$ID
		for c in miniupnpd prerouting_miniupnpd postrouting_miniupnpd; do
			ip netns exec $R nft flush chain inet filter $c
		done
		rm -f "$T/mu$r.pid"
		ip netns exec $R "$MINIUPNPD" -d -f "$T/mu$r.conf" \
		    -P "$T/mu$r.pid" >> "$out/map-miniupnpd$r.log" 2>&1 &
		MU="$MU $!"
		PIDS="$PIDS $!"
		r=$((r + 1))
	done
	sleep 2
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
	ip netns exec $H "$PCPSEL_BIN" map --json --dir "$T/servers" \
	    --lifetime "$lt" tcp 8080 > "$out/map-$tag.out" 2> "$out/map-$tag.err" &
	mp=$!
	PIDS="$PIDS $mp"
	i=0
	while [ "$(count granted "$out/map-$tag.out")" -lt 64 ] && [ $i -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
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
	kill -TERM $mp
	wait $mp
	d=$(count deleted "$out/map-$tag.out")
	df=$(count delete-failed "$out/map-$tag.out")
	echo "$tag $lt $g $up_ms $c_up $((c1 - c0)) $((w1 - w0)) $((r1 - r0)) $calls $rss $hwm $d/$df" >> "$out/map.tsv"
}
: > "$out/map.tsv"
run 600 idle
run 60 renewing
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
