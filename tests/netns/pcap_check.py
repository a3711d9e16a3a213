#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""pcap_check.py - check every server reply in a capture (tests/netns/kea/load-mt.sh).

Reads the capture with scapy's RawPcapReader and parses the bytes itself
(Ethernet, IPv4/IPv6, UDP, DHCP: fast enough for tens of thousands of
frames, and no dissector decides what an option is).  Every reply is paired
with its query by transaction ID and message type, then:

  - the query asked for the option (Kea 2.2's reading: DHCPv4 exactly one
    option 55 listing 158 - Kea fuses several instances into an empty one;
    DHCPv6 the first ORO listing 86 - Kea reads only that one): the reply
    carries the option and its instances are exactly the configured ones,
    in order (R7291-3/4; one instance per server in DHCPv6, RFC 7291 §3);
  - it did not ask: the reply carries no instance of the option;
  - NAK (DHCPv4) never carries it (RFC 7291 §4).

  pcap_check.py -4 CAPTURE HEX[,HEX...]
  pcap_check.py -6 CAPTURE HEX[,HEX...]

Prints "FAIL ..." for the first few wrong replies and one summary line:
  "queries Q replies R asked A checked C unmatched U wrong W"
Exit status 0 when W is 0, 1 otherwise, 99 when the capture is unreadable.
"""

import os
import struct
import sys

sys.dont_write_bytecode = True     # nothing written in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pktlib  # noqa: E402
from scapy.utils import RawPcapReader  # noqa: E402

V4_QUERY = {1: "DISCOVER", 3: "REQUEST", 8: "INFORM"}
V4_REPLY = {2: 1, 5: 3, 6: 3}           # OFFER<-DISCOVER, ACK/NAK<-REQUEST
V6_QUERY = {1: "SOLICIT", 3: "REQUEST", 5: "RENEW", 6: "REBIND",
            11: "INFORMATION-REQUEST"}
V6_REPLY = {2: (1,), 7: (3, 5, 6, 11)}


def udp_payload(frame):
    """(family, UDP payload) of an Ethernet frame, or None."""
    if len(frame) < 14:
        return None
    etype = struct.unpack("!H", frame[12:14])[0]
    p = frame[14:]
    if etype == 0x0800 and len(p) >= 20 and p[9] == 17:
        if struct.unpack("!H", p[6:8])[0] & 0x3fff:
            return None                 # a fragment
        ihl = (p[0] & 15) * 4
        udp = p[ihl:]
    elif etype == 0x86dd and len(p) >= 40 and p[6] == 17:
        udp = p[40:]
    else:
        return None
    if len(udp) < 8:
        return None
    ulen = struct.unpack("!H", udp[4:6])[0]
    return (4 if etype == 0x0800 else 6), bytes(udp[8:ulen])


def main():
    fam = 4 if sys.argv[1] == "-4" else 6
    want = [bytes.fromhex(x) for x in sys.argv[3].split(",")]
    code = 158 if fam == 4 else 86
    # (xid, query type, client) -> asked; the client (chaddr, DUID) is in
    # the key because perfdhcp numbers its transactions from 1 in every run
    asked_of = {}
    nq = nr = nasked = nchecked = nunmatched = nwrong = 0
    shown = 0
    try:
        reader = RawPcapReader(sys.argv[2])
    except Exception as e:              # noqa: BLE001
        print("cannot read %s: %s" % (sys.argv[2], e))
        return 99
    for frame, _meta in reader:
        r = udp_payload(frame)
        if r is None or r[0] != fam:
            continue
        d = r[1]
        if fam == 4:
            if len(d) < 240 or d[236:240] != pktlib.COOKIE:
                continue
            opts = pktlib.v4_options(d[240:])
            mt = dict(opts).get(53, b"")
            if len(mt) != 1:
                continue
            mtype = mt[0]
            xid = d[4:8] + d[28:44]            # + chaddr
            if d[0] == 1 and mtype in V4_QUERY:
                prls = [v for c, v in opts if c == 55]
                asked_of[(xid, mtype)] = len(prls) == 1 and 158 in prls[0]
                nq += 1
                continue
            if d[0] != 2 or mtype not in V4_REPLY:
                continue
            keys = [(xid, V4_REPLY[mtype])]
            got = [v for c, v in opts if c == code]
            name = pktlib.V4_NAMES[mtype]
        else:
            if len(d) < 4:
                continue
            mtype = d[0]
            opts = pktlib.v6_options(d[4:])
            trid = d[1:4] + dict(opts).get(1, b"")     # + client DUID
            if mtype in V6_QUERY:
                oros = [v for c, v in opts if c == 6]
                asked_of[(trid, mtype)] = bool(oros) and any(
                    struct.unpack("!H", oros[0][i:i + 2])[0] == 86
                    for i in range(0, len(oros[0]) - 1, 2))
                nq += 1
                continue
            if mtype not in V6_REPLY:
                continue
            keys = [(trid, q) for q in V6_REPLY[mtype]]
            got = [v for c, v in opts if c == code]
            name = pktlib.V6_NAMES[mtype]
        nr += 1
        found = [k for k in keys if k in asked_of]
        if not found:
            nunmatched += 1
            continue
        asked = asked_of[found[-1]]
        if fam == 4 and mtype == 6:
            asked = False               # never in a NAK
        nchecked += 1
        nasked += 1 if asked else 0
        expect = want if asked else []
        if got != expect:
            nwrong += 1
            if shown < 5:
                shown += 1
                print("FAIL %s xid %s (asked: %s): option %d %s, expected %s"
                      % (name, found[-1][0][:4].hex(), asked, code,
                         [g.hex() for g in got], [w.hex() for w in expect]))
    print("queries %d replies %d asked %d checked %d unmatched %d wrong %d"
          % (nq, nr, nasked, nchecked, nunmatched, nwrong))
    return 1 if nwrong else 0


if __name__ == "__main__":
    sys.exit(main())
