#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test-map-tool.sh - pcpsel map without a network (pcpsel-map(8)): usage
# errors (64) with their exact messages, a wrong directory (74), a missing
# one waited for at boot (no --once),
# no server, or none reachable from this host (69), malformed files; the
# exact text and JSON of --once.  The mapping itself is tested against a
# real miniupnpd in tests/netns/probe/map-*.sh and tests/netns/map/.

: "${top_srcdir:=$(dirname "$0")/../..}"
. "$top_srcdir/tests/lib.sh"

if [ -z "$PCPSEL" ] || [ ! -x "$PCPSEL" ]; then
	echo "PCPSEL does not name the built tool (run through make check)"
	exit 99
fi

# interface names that exist nowhere: their servers have no source address
IF0=pcpseltest0
IF1=pcpseltest1
D=$T/servers
mkdir -p "$D"

# err_is NAME LINE: the last run's stderr is exactly LINE
err_is()
{
	printf '%s\n' "$2" >"$T/want-err"
	if cmp -s "$T/want-err" "$T/err"; then
		ok "$1"
	else
		not_ok "$1" "stderr: $(head -c 400 "$T/err")" "expected: $2"
	fi
}

# ---- usage errors: 64, nothing on stdout ----------------------------------
run "$PCPSEL" map
expect "no operand" 64
err_has "no operand: message" "pcpsel map: expected tcp|udp and INTERNAL-PORT"
err_has "no operand: usage" "Usage: pcpsel map [--dir DIR]"

run "$PCPSEL" map tcp
expect "one operand" 64
err_has "one operand: message" "pcpsel map: expected tcp|udp and INTERNAL-PORT"

run "$PCPSEL" map tcp 80 81
expect "three operands" 64

run "$PCPSEL" map sctp 80
expect "sctp" 64
err_is "sctp: message" "pcpsel map: 'sctp' is not tcp or udp"

run "$PCPSEL" map TCP 80
expect "protocol is lower case" 64
err_is "TCP: message" "pcpsel map: 'TCP' is not tcp or udp"

for p in 0 65536 80x "" 99999999999999999999; do
	run "$PCPSEL" map tcp "$p"
	expect "internal port '$p'" 64
	err_is "internal port '$p': message" \
	    "pcpsel map: INTERNAL-PORT '$p' is not a port (1 to 65535)"
done

run "$PCPSEL" map -- tcp -1
expect "internal port -1 after --" 64
err_is "internal port -1 after --: message" \
    "pcpsel map: INTERNAL-PORT '-1' is not a port (1 to 65535)"

for l in 0 4294967296 -5 1x; do
	run "$PCPSEL" map --lifetime "$l" tcp 80
	expect "--lifetime $l" 64
	err_is "--lifetime $l: message" \
	    "pcpsel map: --lifetime: '$l' is not a number of seconds from 1 to 4294967295"
done

run "$PCPSEL" map --external-port 0 udp 5000
expect "--external-port 0" 64
err_is "--external-port 0: message" \
    "pcpsel map: --external-port: '0' is not a port (1 to 65535)"

run "$PCPSEL" map --external-address 192.0.2.300 udp 5000
expect "--external-address bad" 64
err_is "--external-address bad: message" \
    "pcpsel map: --external-address: '192.0.2.300' is not an address"

run "$PCPSEL" map --interface ../etc tcp 80
expect "--interface with a slash" 64
err_is "--interface with a slash: message" \
    "pcpsel map: --interface: '../etc' is not an interface name"

run "$PCPSEL" map --interface abcdefghijklmnop tcp 80
expect "--interface of 16 characters" 64

run "$PCPSEL" map -4 -6 tcp 80
expect "-4 and -6" 64
err_is "-4 and -6: message" \
    "pcpsel map: -4 and -6 exclude each other (neither: both)"

run "$PCPSEL" map --timeout 5 tcp 80
expect "--timeout without --once" 64
err_is "--timeout without --once: message" \
    "pcpsel map: --timeout goes with --once"

run "$PCPSEL" map --once --timeout 86401 tcp 80
expect "--timeout too long" 64
err_is "--timeout too long: message" \
    "pcpsel map: --timeout: '86401' is not a number of seconds from 1 to 86400"

run "$PCPSEL" map --bogus tcp 80
expect "unknown option" 64
err_has "unknown option: message" "pcpsel map: unknown option '--bogus'"

run "$PCPSEL" map -x tcp 80
expect "unknown short option" 64
err_has "unknown short option: message" "pcpsel map: unknown option '-x'"

run "$PCPSEL" map tcp 80 --dir
expect "--dir without a value" 64
err_has "--dir without a value: message" \
    "pcpsel map: option '--dir' needs a value"

run "$PCPSEL" map --once=yes tcp 80
expect "--once with a value" 64
err_has "--once with a value: message" \
    "pcpsel map: option '--once=yes' takes no value"

run "$PCPSEL" map --help
rc_is "--help exits 0" 0
out_has "--help on stdout" "Usage: pcpsel map [--dir DIR] [--interface IF]... [-4|-6]"
err_empty "--help: nothing on stderr"

# ---- at boot (no --once): a missing directory is waited for --------------
# wait_line FILE LINE: FILE has LINE (a whole line), 10 s at most
wait_line()
{
	wl_n=0
	while ! grep -qxF -- "$2" "$1" 2>/dev/null; do
		wl_n=$((wl_n + 1))
		[ $wl_n -lt 100 ] || return 1
		sleep 0.1
	done
}

# stop_map PID: SIGTERM, wait (10 s at most); its status in rc
stop_map()
{
	kill -TERM "$1" 2>/dev/null
	sm_n=0
	while kill -0 "$1" 2>/dev/null && [ $sm_n -lt 100 ]; do
		sleep 0.1
		sm_n=$((sm_n + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1"
	rc=$?
}

# started before any lease: /run/pcp/servers made later by the hook
B=$T/boot/pcp/servers
mkdir -p "$T/boot"
"$PCPSEL" map --dir "$B" tcp 80 >"$T/out" 2>"$T/err" &
map_pid=$!
if wait_line "$T/err" "pcpsel map: $B does not exist yet: waiting for it"; then
	ok "boot: says it waits for the directory"
else
	not_ok "boot: says it waits for the directory" "stderr: $(cat "$T/err")"
fi
sleep 0.5
if kill -0 "$map_pid" 2>/dev/null; then
	ok "boot: still running without the directory"
else
	not_ok "boot: still running without the directory" "stderr: $(cat "$T/err")"
fi
mkdir "$T/boot/pcp"
sleep 0.3
mkdir "$B"
printf 'server dhcpv4 192.0.2.1\n' >"$B/.$IF0.tmp"
mv "$B/.$IF0.tmp" "$B/$IF0"
if wait_line "$T/out" \
    "$IF0 IPv4: no usable IPv4 address of this host for server 192.0.2.1"; then
	ok "boot: the file in the new directory is read"
else
	not_ok "boot: the file in the new directory is read" \
	    "stdout: $(cat "$T/out")" "stderr: $(cat "$T/err")"
fi
printf 'server dhcpv6 2001:db8::1\n' >"$B/.$IF1.tmp"
mv "$B/.$IF1.tmp" "$B/$IF1"
if wait_line "$T/out" \
    "$IF1 IPv6: no usable IPv6 address of this host for server 2001:db8::1"; then
	ok "boot: then followed as usual"
else
	not_ok "boot: then followed as usual" "stdout: $(cat "$T/out")"
fi
stop_map "$map_pid"
rc_is "boot: SIGTERM exits 0" 0

# a file in the way of the path: 74, named
mkdir -p "$T/boot2"
"$PCPSEL" map --dir "$T/boot2/pcp/servers" tcp 80 >"$T/out" 2>"$T/err" &
map_pid=$!
wait_line "$T/err" \
    "pcpsel map: $T/boot2/pcp/servers does not exist yet: waiting for it"
: >"$T/boot2/pcp"
sm_n=0
while kill -0 "$map_pid" 2>/dev/null && [ $sm_n -lt 100 ]; do
	sleep 0.1
	sm_n=$((sm_n + 1))
done
stop_map "$map_pid"
rc_is "boot: a file put in the way exits 74" 74
err_is "boot: a file put in the way: message" \
    "pcpsel map: $T/boot2/pcp/servers does not exist yet: waiting for it
pcpsel map: $T/boot2/pcp/servers: Not a directory"
run "$PCPSEL" map --dir "$T/boot2/pcp/servers" tcp 80
expect "a file in the way at the start" 74
err_is "a file in the way at the start: message" \
    "pcpsel map: $T/boot2/pcp/servers: Not a directory"

# ---- with --once a missing directory is no server known: 69 ----------------

run "$PCPSEL" map --once --dir "$T/missing" tcp 80
expect "missing directory, --once" 69
err_is "missing directory, --once: message" \
    "pcpsel map: no PCP server known: $T/missing does not exist"

run "$PCPSEL" map --once --json --dir "$T/missing" tcp 80
expect "missing directory, --once --json" 69 \
    "{\"error\":{\"exit\":69,\"message\":\"no PCP server known: $T/missing does not exist\"}}"

: >"$T/file"
run "$PCPSEL" map --once --dir "$T/file" tcp 80
expect "a file, not a directory" 74
err_is "a file: message" "pcpsel map: $T/file: Not a directory"

# ---- no server: 69 ----------------------------------------------------------
run "$PCPSEL" map --once --dir "$D" tcp 80
expect "--once, no server" 69
err_is "--once, no server: message" "pcpsel map: no PCP server known"

run "$PCPSEL" map --once --json --dir "$D" tcp 80
expect "--once --json, no server" 69 \
    '{"mappings":[],"skipped":[],"error":{"exit":69,"message":"no PCP server known"}}'

# servers on interfaces this host lacks: no internal address, nothing sent
printf 'server dhcpv4 192.0.2.1\n' >"$D/$IF0"
printf 'server dhcpv6 2001:db8::1 192.0.2.2\n' >"$D/$IF1"
run "$PCPSEL" map --once --dir "$D" tcp 80
expect "--once, no usable address" 69 \
    "$IF0 IPv4: no usable IPv4 address of this host for server 192.0.2.1" \
    "$IF1 IPv4: no usable IPv4 address of this host for server 2001:db8::1 192.0.2.2" \
    "$IF1 IPv6: no usable IPv6 address of this host for server 2001:db8::1 192.0.2.2"
err_is "--once, no usable address: the verdict on stderr" \
    "pcpsel map: no mapping granted"

run "$PCPSEL" map --once --json -6 --dir "$D" udp 5000
expect "--once --json -6, no usable address" 69 \
    '{"mappings":[],"skipped":[{"interface":"pcpseltest1","family":6,"ServerNameOrAddress":"2001:db8::1","reason":"no usable IPv6 address of this host for this server"}],"error":{"exit":69,"message":"no mapping granted"}}'

run "$PCPSEL" map --once --json -4 --interface "$IF0" --dir "$D" udp 5000
expect "--once --json --interface" 69 \
    '{"mappings":[],"skipped":[{"interface":"pcpseltest0","family":4,"ServerNameOrAddress":"192.0.2.1","reason":"no usable IPv4 address of this host for this server"}],"error":{"exit":69,"message":"no mapping granted"}}'

# a malformed file: named, its interface skipped, the others used
printf 'server dhcpv4 192.0.2.300\n' >"$D/$IF1"
run "$PCPSEL" map --once -4 --dir "$D" tcp 80
expect "--once, a malformed file" 69 \
    "$IF0 IPv4: no usable IPv4 address of this host for server 192.0.2.1"
err_is "--once, a malformed file: message" \
    "pcpsel map: $IF1: server-list file unreadable (Bad message)
pcpsel map: no mapping granted"

# a file name that is no interface name is not read
printf 'server dhcpv4 192.0.2.9\n' >"$D/a b"
rm -f "$D/$IF1"
run "$PCPSEL" map --once -4 --json --dir "$D" tcp 80
expect "a file named 'a b' is skipped" 69 \
    '{"mappings":[],"skipped":[{"interface":"pcpseltest0","family":4,"ServerNameOrAddress":"192.0.2.1","reason":"no usable IPv4 address of this host for this server"}],"error":{"exit":69,"message":"no mapping granted"}}'

finish
