#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""make-seeds-kea.py - (re)write the seed corpus fuzz/fuzz_kea_glue.in/ of the
Kea glue target (fuzz_kea_glue.cc documents the input format): the
configurations of the hook's tests (global list, every kind of scope, lists
that need trimming) with the queries that reach each of them.

Run from the source tree: python3 fuzz/make-seeds-kea.py
"""

import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fuzz_kea_glue.in")

HOOK = {"library": "/usr/lib/kea/hooks/libdhcp_pcpsel.so"}


def daemon(params, **scopes):
    d = {"hooks-libraries": [dict(HOOK, parameters=params)]}
    d.update(scopes)
    return d


def v4_query(mac=b"\x02\x00\x00\x00\x00\x01", prl=(1, 3, 158), extra=b"",
             giaddr=b"\0\0\0\0", msg=1):
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, 0x1234,
                        0, 0x8000, b"\0" * 4, b"\0" * 4, b"\0" * 4, giaddr,
                        mac + b"\0" * 10, b"\0" * 64, b"\0" * 128)
    opts = bytes([53, 1, msg])
    if prl is not None:
        opts += bytes([55, len(prl)]) + bytes(prl)
    return bootp + b"\x63\x82\x53\x63" + opts + extra + b"\xff"


def v6_query(oro=(23, 86), duid=b"\x00\x03\x00\x01\x02\x00\x00\x00\x00\x01",
             msg=1):
    opts = struct.pack("!HH", 1, len(duid)) + duid
    if oro is not None:
        opts += struct.pack("!HH", 6, 2 * len(oro)) + b"".join(
            struct.pack("!H", c) for c in oro)
    opts += struct.pack("!HHI", 3, 12, 1) + b"\0" * 8      # IA_NA
    return bytes([msg, 0, 0, 7]) + opts


def seed(name, flags, cfg, addr, query, subnet=0):
    text = json.dumps(cfg).encode()
    data = bytes([flags]) + struct.pack("!H", subnet) + \
        struct.pack("!H", len(text)) + text + addr + query
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def v4addr(s):
    return bytes(int(x) for x in s.split(".")) + b"\0" * 12


def v6addr(groups):
    return b"".join(struct.pack("!H", g) for g in groups)


def servers4(n, size, net=100):
    return [["198.51.%d.%d" % (net + s, a + 1) for a in range(size)]
            for s in range(n)]


SCOPES4 = daemon(
    {"pcp-servers": [["192.0.2.1", "192.0.2.2"], ["198.51.100.1"]]},
    **{"client-classes": [
        {"name": "a", "user-context": {"pcp-servers": [["192.0.2.10"]]}},
        {"name": "gold", "user-context": {"pcp-servers": []}}],
       "shared-networks": [{"name": "net",
                            "user-context": {"pcp-servers": [["198.51.100.9"]]},
                            "subnet4": [{"id": 2, "subnet": "198.51.100.0/24"}]}],
       "subnet4": [{"id": 7, "subnet": "192.0.2.0/25", "interface": "eth0",
                    "user-context": {"pcp-servers": [["192.0.2.33"]]},
                    "reservations": [
                        {"hw-address": "02:00:00:00:00:99",
                         "user-context": {"pcp-servers": [["192.0.2.44"]]}},
                        {"client-id": "01:02:00:00:00:00:05",
                         "user-context": {"pcp-servers": [["192.0.2.45"]]}},
                        {"duid": "00:03:00:01:02:00:00:00:00:06",
                         "user-context": {"pcp-servers": [["192.0.2.46"]]}},
                        {"circuit-id": "'port1'",
                         "user-context": {"pcp-servers": [["192.0.2.47"]]}}]}],
       "reservations": [{"hw-address": "02:00:00:00:00:98",
                         "user-context": {"pcp-servers": [["203.0.113.5"]]}}]})

SCOPES6 = daemon(
    {"pcp-servers": [["2001:db8::1"], ["2001:db8::2", "2001:db8::3"],
                     ["192.0.2.1"]], "always-send": False},
    **{"subnet6": [{"id": 1, "subnet": "2001:db8:1::/64", "interface": "eth0",
                    "user-context": {"pcp-servers": [["2001:db8:1::9",
                                                      "192.0.2.9"]]},
                    "reservations": [
                        {"duid": "00:03:00:01:02:00:00:00:00:01",
                         "user-context": {"pcp-servers": [["2001:db8:1::44"]]}}]}],
       "client-classes": [{"name": "b",
                           "user-context": {"pcp-servers": [["2001:db8::b"]]}}]})


def main():
    os.makedirs(OUT, exist_ok=True)
    rep = os.path.join(HERE, "fuzz_kea_glue.repro")
    os.makedirs(rep, exist_ok=True)
    open(os.path.join(rep, ".keep"), "a").close()
    a4 = v4addr("192.0.2.100")
    # global list, OFFER and ACK, not asked, always-send
    seed("v4-global", 0, daemon({"pcp-servers": [["192.0.2.1"]]}), a4,
         v4_query())
    seed("v4-global-ack", 4, daemon({"pcp-servers": [["192.0.2.1"]]}), a4,
         v4_query(msg=3))
    seed("v4-not-asked", 0, daemon({"pcp-servers": [["192.0.2.1"]]}), a4,
         v4_query(prl=(1, 3)))
    seed("v4-always", 0, daemon({"pcp-servers": [["192.0.2.1"]],
                                 "always-send": True}), a4,
         v4_query(prl=None))
    # every scope
    seed("v4-subnet", 0, SCOPES4, a4, v4_query())
    seed("v4-subnet-kea", 2, SCOPES4, v4addr("203.0.113.1"), v4_query(),
         subnet=7)
    seed("v4-network", 2, SCOPES4, a4, v4_query(), subnet=2)
    seed("v4-class", 16, SCOPES4, a4, v4_query())
    seed("v4-class-empty", 64, SCOPES4, a4, v4_query())
    seed("v4-resv-hw", 0, SCOPES4, a4,
         v4_query(mac=b"\x02\x00\x00\x00\x00\x99"))
    seed("v4-resv-global", 0, SCOPES4, v4addr("10.0.0.1"),
         v4_query(mac=b"\x02\x00\x00\x00\x00\x98"))
    seed("v4-resv-client-id", 0, SCOPES4, a4,
         v4_query(extra=bytes([61, 7, 1, 2, 0, 0, 0, 0, 5])))
    seed("v4-resv-duid", 0, SCOPES4, a4,
         v4_query(extra=bytes([61, 15, 255, 0, 0, 0, 1, 0, 3, 0, 1, 2, 0,
                               0, 0, 0, 6])))
    seed("v4-resv-circuit", 0, SCOPES4, a4,
         v4_query(extra=bytes([82, 7, 1, 5]) + b"port1",
                  giaddr=bytes([192, 0, 2, 1])))
    # lists that a small reply cannot take whole
    four = daemon({"pcp-servers": servers4(4, 63)})
    seed("v4-trim-576", 0, four, a4, v4_query())
    seed("v4-trim-57-1000", 0, four, a4,
         v4_query(extra=bytes([57, 2, 0x03, 0xe8])))
    seed("v4-trim-57-1500", 8, four, a4,
         v4_query(extra=bytes([57, 2, 0x05, 0xdc])))
    seed("v4-split", 0, daemon({"pcp-servers": servers4(6, 20)}), a4,
         v4_query(extra=bytes([57, 2, 0x05, 0xdc])))
    # refused configurations (the hook sends nothing)
    seed("v4-bad-value", 0, daemon({"pcp-servers": [["2001:db8::1"]]}), a4,
         v4_query())
    seed("v4-too-big", 0, daemon({"pcp-servers": servers4(5, 63)}), a4,
         v4_query())
    seed("v4-misplaced", 0, daemon(
        {"pcp-servers": [["192.0.2.1"]]},
        **{"subnet4": [{"id": 1, "subnet": "192.0.2.0/24",
                        "user-context": {"pcp-server": [["192.0.2.2"]]},
                        "pools": [{"pool": "192.0.2.10 - 192.0.2.20",
                                   "user-context": {"pcp-servers": 1}}]}]}),
         a4, v4_query())
    # after subnet_cmds / host_cmds (bit 7): the subnet Kea says carries
    # the top-level user-context (a good list, a bad one, none)
    seed("v4-runtime-subnet", 2 | 128, dict(
        SCOPES4, **{"user-context": {"pcp-servers": [["203.0.113.5"]]}}),
        a4, v4_query(), subnet=9)
    seed("v4-runtime-indexed", 2 | 128, SCOPES4, a4, v4_query(), subnet=7)
    seed("v4-runtime-bad", 2 | 128, dict(
        SCOPES4, **{"user-context": {"pcp-servers": [["192.0.2.300"]]}}),
        a4, v4_query(), subnet=7)
    # DHCPv6
    a6 = v6addr([0x2001, 0xdb8, 1, 0, 0, 0, 0, 0x100])
    seed("v6-global", 1, daemon({"pcp-servers": [["2001:db8::1"]]}), a6,
         v6_query())
    seed("v6-scopes", 1, SCOPES6, a6, v6_query())
    seed("v6-scopes-reply", 5, SCOPES6, a6, v6_query(msg=3))
    seed("v6-resv", 3, SCOPES6, a6,
         v6_query(duid=b"\x00\x03\x00\x01\x02\x00\x00\x00\x00\x01"),
         subnet=1)
    seed("v6-class", 1 | 32, SCOPES6, v6addr([0x2001, 0xdb8, 9] + [0] * 5),
         v6_query())
    seed("v6-not-asked", 1, SCOPES6, a6, v6_query(oro=(23,)))
    seed("v6-runtime-subnet", 1 | 2 | 128, dict(
        SCOPES6, **{"user-context": {"pcp-servers": [["2001:db8::5"]]}}),
        a6, v6_query(), subnet=1)
    seed("v6-many", 1 | 8, daemon({"pcp-servers": [
        ["2001:db8:5:%x::1" % i] for i in range(200)]}), a6, v6_query())


if __name__ == "__main__":
    main()
