#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Case 5: an IPv4 mapping is wanted and the server is reachable over IPv4
# and IPv6: the IPv4 address is used (RFC 7488 §5, P-FAM-1), while without
# the mapping family RFC 6724 prefers IPv6 (the contrast of vector O1/O2).
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init probe-ipv4-mapping
mup_require
ns_new c
ns_new s1
ns_link s1 ppsa c ppca
ns_addr s1 ppsa 192.0.2.1/24 2001:db8:1::1/64
ns_addr c ppca 192.0.2.10/24 2001:db8:1::10/64
mup_plain s1 ppsa
servers_put "$T/servers" ppca "server dhcpv4,dhcpv6 2001:db8:1::1 192.0.2.1"

probe_run c "$T/servers" --timeout 10 --mapping 4
check "--mapping 4: exit status" 0 "$PROBE_RC"
probe_check "--mapping 4: 192.0.2.1 first" \
    'srv()["addresses"] == ["192.0.2.1", "2001:db8:1::1"]'
probe_check "--mapping 4: 192.0.2.1 in use" \
    'srv()["address_in_use"] == "192.0.2.1"'
probe_check "--mapping 4: only 192.0.2.1 contacted" \
    'list(tried()) == ["192.0.2.1"]'
probe_check "--mapping 4: SUCCESS" 'srv()["result"] == "SUCCESS"'

probe_run c "$T/servers" --timeout 10 --mapping 6
check "--mapping 6: exit status" 0 "$PROBE_RC"
probe_check "--mapping 6: 2001:db8:1::1 in use" \
    'srv()["address_in_use"] == "2001:db8:1::1"'
finish
