#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Case 1: a server with two addresses, both answering: the RFC 6724-first
# one is in use (RFC 7488 §3 steps 2-4).  The file lists 192.0.2.1 first;
# with sources of both families RFC 6724 Rule 6 (precedence 40 > 35) puts
# 2001:db8:1::1 first, and only that address is contacted.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init probe-two-addrs
mup_require
ns_new c
ns_new s1
ns_link s1 ppsa c ppca
ns_addr s1 ppsa 192.0.2.1/24 2001:db8:1::1/64
ns_addr c ppca 192.0.2.10/24 2001:db8:1::10/64
mup_plain s1 ppsa
servers_put "$T/servers" ppca "server dhcpv4,dhcpv6 192.0.2.1 2001:db8:1::1"

probe_run c "$T/servers" --timeout 10
check "probe exit status" 0 "$PROBE_RC"
probe_check "RFC 6724 order: 2001:db8:1::1 first" \
    'srv()["addresses"] == ["2001:db8:1::1", "192.0.2.1"]'
probe_check "state in-use, status Enabled" \
    'srv()["state"] == "in-use" and srv()["status"] == "Enabled"'
probe_check "2001:db8:1::1 in use" 'srv()["address_in_use"] == "2001:db8:1::1"'
probe_check "SUCCESS, version 2" \
    'srv()["result"] == "SUCCESS" and srv()["version"] == 2'
probe_check "an epoch" '"epoch" in srv()'
# only the first address was contacted, once (SEL-13: kept)
probe_check "only 2001:db8:1::1 contacted" 'list(tried()) == ["2001:db8:1::1"]'
probe_check "one transmission" 'tried()["2001:db8:1::1"]["transmissions"] == 1'
finish
