#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The udhcpc script (udhcpc-hook/pcpsel.script) with the real busybox
# udhcpc (udhcpc -O 158 -s pcpsel.script), which runs udhcpc's own default
# script first, against ISP-A's real Kea with the pcpsel hook:
#  1. bound: two DHCPv4 servers whose option 158 (258 bytes) Kea splits in
#     two instances (RFC 3396): udhcpc joins them, both servers, every
#     address.  udhcpc announces a maximum DHCP message of 576 bytes
#     (option 57), which leaves 265 bytes for option 158 in Kea's reply
#  1b. 6 more addresses (282 bytes), SIGUSR1: they no longer fit; Kea's
#     hook leaves out the last server (PCPSEL_TRIMMED, issue 12 item 1),
#     udhcpc keeps its lease and gets the first server
#  2. renumbering, SIGUSR1: renew brings the new server
#  3. Kea's pool closed to every client (a class no client is in),
#     SIGUSR1: Kea NAKs the renewal: nak removes the servers (the deconfig
#     that follows finds no file).  udhcpc sends one unicast renewal, and
#     its answer can be lost (measured: on the wire but dropped by the
#     kernel, IpInAddrErrors, at 1b in every run here; once in CI for 3's
#     NAK); udhcpc then rebinds by broadcast.  Kea NAKs that too for an
#     address in its pool, but stays silent for one outside its subnets:
#     hence a closed pool, not another subnet
#  4. Kea back, udhcpc gets a new lease: bound, the servers again
#  5. SIGUSR2 (release): deconfig removes them
#  6. no server, a new udhcpc -n: deconfig, leasefail: no file
#  7. udhcpc6: absent from the busybox (Debian 12: "applet not found"), or
#     present (Debian 13, unstable), asked for option 86 with -O 86 and
#     sent three instances by Kea (its log): its script gets none of them
# Nothing is logged but udhcpc's default script's own lines.  Root only
# (network namespaces); exit 77 otherwise.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init clients-udhcpc mount
kea_require
cl_require udhcpc
H=$T/host

# 40 + 24 addresses: 2 + 160 + 96 = 258 bytes; a3: 30 addresses (282)
a1= a2= a3= l1= l2=
i=1
while [ $i -le 40 ]; do
	a1="$a1${a1:+, }\"192.0.2.$i\"" l1="$l1 192.0.2.$i"
	[ $i -le 24 ] && a2="$a2${a2:+, }\"198.51.100.$i\"" l2="$l2 198.51.100.$i"
	[ $i -le 30 ] && a3="$a3${a3:+, }\"198.51.100.$i\""
	i=$((i + 1))
done
ns_isp a
kea_isp a 4 hook "[ [ $a1 ], [ $a2 ] ]"
kea_isp a 6 hook \
    '[ [ "2001:db8:a::1" ], [ "2001:db8:a::2" ], [ "2001:db8:a::3" ] ]'
kea_start a 4 || bail "kea-dhcp4 did not start"
kea_start a 6 || bail "kea-dhcp6 did not start"
cl_conf host
F=$(servers_file ispa)

# 1.
udhcpc_start host ispa
wait_file ispa "$(servers_text ispa "server dhcpv4$l1" "server dhcpv4$l2")"
ok "1: bound: both servers, all 64 addresses"
check "1: Kea sent two option-158 instances" 1 \
    "$(grep -c 'PCPSEL_SENT .*added 2 instance(s) of option 158' "$(kea_log a 4)" |
    awk '{ print ($1 >= 1) }')"
check "1: nothing trimmed" 0 "$(grep -c PCPSEL_TRIMMED "$(kea_log a 4)")"

# 1b.
n=$(events_count host 'ispa renew')
kea_isp a 4 hook "[ [ $a1 ], [ $a3 ] ]"
kea_reload a 4 || bail "kea-dhcp4 refused its configuration"
kill -USR1 "$UDHCPC_PID"
wait_event host 'ispa renew' "$n"
wait_file ispa "$(servers_text ispa "server dhcpv4$l1")"
ok "1b: 282 bytes for a 576-byte client: the first server, lease kept"
check_grep "1b: Kea logged the trimming" \
    'room for 1 of the 2 PCP server(s) of global' "$(kea_log a 4)"

# 2.
n=$(events_count host 'ispa renew')
kea_isp a 4 hook '[ [ "192.0.2.9" ] ]'
kea_reload a 4 || bail "kea-dhcp4 refused its new configuration"
kill -USR1 "$UDHCPC_PID"
wait_event host 'ispa renew' "$n"
wait_file ispa "$(servers_text ispa 'server dhcpv4 192.0.2.9')"
ok "2: renew: the new server"

# 3.
n=$(events_count host 'ispa nak')
case $(kea_version) in	# the list is Kea 3.0's; "client-class" is deprecated there
2.*)	guard='"client-class": "nobody"' ;;
*)	guard='"client-classes": [ "nobody" ]' ;;
esac
KEA_PERSIST=1 kea_conf a 4 tocpe '{ "pcp-servers": [ [ "203.0.113.9" ] ] }' \
    '"client-classes": [ { "name": "nobody", "test": "'"'a' == 'b'"'" } ],
  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "interface": "tocpe",
    "pools": [ { "pool": "192.0.2.100 - 192.0.2.199", '"$guard"' } ] } ],'
kea_reload a 4 || bail "kea-dhcp4 refused the pool closed to all"
kill -USR1 "$UDHCPC_PID"
wait_event host 'ispa nak' "$n"
wait_gone ispa
ok "3: nak: no file"
ns_poll "the deconfig after nak" grep -q '^ispa deconfig nofile$' \
    "$H/events-files" && ok "3: the deconfig after nak found no file" ||
    not_ok "3: no deconfig without file after nak"

# 4.
n=$(events_count host 'ispa bound')
kea_isp a 4 hook '[ [ "192.0.2.7" ] ]'
kea_reload a 4 || bail "kea-dhcp4 refused its configuration"
wait_event host 'ispa bound' "$n"
wait_file ispa "$(servers_text ispa 'server dhcpv4 192.0.2.7')"
ok "4: bound again: the server"

# 5.
n=$(events_count host 'ispa deconfig')
kill -USR2 "$UDHCPC_PID"
wait_event host 'ispa deconfig' "$n"
wait_gone ispa
ok "5: release: deconfig: no file"
ns_stop "$UDHCPC_PID"

# 6.
kea_stop a 4
n=$(events_count host 'ispa leasefail')
udhcpc_start host ispa -n -t 2 -T 1
ns_wait "$UDHCPC_PID"
check "6: udhcpc -n without a server exits 1" 1 "$rc"
check "6: leasefail ran" 1 "$(($(events_count host 'ispa leasefail') - n))"
[ ! -e "$F" ] && ok "6: no file" || not_ok "6: a file"

# 7.
ns_exec host busybox udhcpc6 --help > "$H/udhcpc6.help" 2>&1
if [ $? = 127 ]; then
	check "7: udhcpc6 is not in this busybox" \
	    "udhcpc6: applet not found" "$(cat "$H/udhcpc6.help")"
else
	cat > "$H/udhcpc6-env" <<EOS
#!/bin/sh
{ echo "== \$1"; env; } >> '$H/udhcpc6.env'
EOS
	chmod 755 "$H/udhcpc6-env"
	ns_exec host "$H/cl-wrap" timeout 20 busybox udhcpc6 -f -q -n -t 5 \
	    -T 1 -i ispa -O 86 -s "$H/udhcpc6-env" > "$H/udhcpc6.out" 2>&1
	check "7: udhcpc6 got a lease (exit 0)" 0 "$?"
	check "7: Kea sent three option-86 instances" 1 \
	    "$(grep -c 'PCPSEL_SENT .*added 3 instance(s) of option 86' "$(kea_log a 6)" |
	    awk '{ print ($1 >= 1) }')"
	grep -q -E '^ipv6=2001:0?db8:0{0,3}a:' "$H/udhcpc6.env" &&
	    ok "7: udhcpc6's script got its address" ||
	    not_ok "7: no ipv6= in udhcpc6's script"
	# the servers in any form (text, full text, hex), or an opt86
	# variable: nothing but the lease's own address names 2001:db8::/32
	if grep -v '^ipv6=' "$H/udhcpc6.env" | grep -i -E 'db8|^opt86='; then
		not_ok "7: udhcpc6 passed option 86 to its script"
	else
		ok "7: udhcpc6 passed none of the three option-86 instances"
	fi
fi

check "only udhcpc's own lines logged" "" \
    "$(grep -v -E ': ispa: (deconfigured|(bound|renew): IP=|configuration failed: (nak|leasefail): )' \
    "$H/syslog")"
echo "# events: $(awk '{ print $2 }' "$H/events" | tr '\n' ' ')"
echo "# $(busybox 2>&1 | head -n 1)"
finish
