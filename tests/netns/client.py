#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""scapy_client.py - a minimal DHCP client for the Kea hook's wire tests.

Runs inside the client network namespace.  It sends one exchange and prints,
for every reply received, one line per PCP server option instance taken from
the raw bytes of the reply (no dissector involved):

    OFFER 158 08c0000201c000020204c6336401
    ACK 158 ...
    ADVERTISE 86 20010db8000000000000000000000001
    REPLY none                  (a reply without the option)
    OFFER bytes 548             (--show-size: the DHCP message's length)

and "TIMEOUT <what>" if no reply came within the wait.  Exit status 0 when
every expected reply arrived, 1 otherwise.

  scapy_client.py -4 IFACE MAC [--prl 1,3,158] [--inform CIADDR]
                  [--max-size N] (option 57, RFC 2132 §9.10) [--show-size]
  scapy_client.py -6 IFACE MAC [--oro 23,86] [--inforeq]
"""

import os
import random
import struct
import sys

sys.dont_write_bytecode = True     # nothing written in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pktlib  # noqa: E402
from scapy.config import conf  # noqa: E402
conf.verb = 0
conf.checkIPaddr = False  # replies come from the server, not from 255.255.255.255
from scapy.layers.dhcp import BOOTP, DHCP  # noqa: E402
from scapy.layers.dhcp6 import (DHCP6_Advertise, DHCP6_InfoRequest,  # noqa: E402
                                DHCP6_Reply, DHCP6_Request, DHCP6_Solicit,
                                DHCP6OptClientId, DHCP6OptElapsedTime,
                                DHCP6OptIA_NA, DHCP6OptOptReq,
                                DHCP6OptServerId, DUID_LL)
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.inet6 import IPv6  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.sendrecv import srp1  # noqa: E402

WAIT = float(os.environ.get("KT_WAIT", "3"))
V6_NAMES = pktlib.V6_NAMES


def report(name, opts, code):
    found = [d.hex() for c, d in opts if c == code]
    if not found:
        print("%s none" % name)
    for d in found:
        print("%s %d %s" % (name, code, d))


def ask4(args, pkt, what):
    """Send the DHCPv4 query @pkt and report the option 158 of the reply;
    return (reply, its options), or (None, None) after "TIMEOUT @what"."""
    ans = srp1(pkt, iface=args.iface, timeout=WAIT,
               filter="udp and (port 67 or port 68)")
    if ans is None:
        print("TIMEOUT %s" % what)
        return None, None
    o = pktlib.v4_options(bytes(ans[BOOTP])[240:])
    report(pktlib.v4_type_name(o), o, 158)
    if args.show_size:
        print("%s bytes %d" % (pktlib.v4_type_name(o), len(bytes(ans[BOOTP]))))
    return ans, o


def ask6(args, pkt, what):
    """Send the DHCPv6 query @pkt and report the option 86 of the reply;
    return its options, or None after "TIMEOUT @what"."""
    ans = srp1(pkt, iface=args.iface, timeout=WAIT,
               filter="udp and dst port 546")
    if ans is None:
        print("TIMEOUT %s" % what)
        return None
    payload = bytes(ans[UDP].payload)
    o = pktlib.v6_options(payload[4:])
    report(V6_NAMES.get(payload[0], "OTHER"), o, 86)
    return o


def run4(args):
    mac = args.mac
    xid = random.randint(1, 0xffffffff)
    prl = [int(x) for x in args.prl.split(",")] if args.prl else None
    chaddr = bytes.fromhex(mac.replace(":", ""))
    base = Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / \
        IP(src="0.0.0.0", dst="255.255.255.255") / UDP(sport=68, dport=67)

    def opts(kind, extra=()):
        o = [("message-type", kind)]
        if prl is not None:
            o.append(("param_req_list", prl))
        if args.max_size is not None:
            o.append(("max_dhcp_size", args.max_size))
        o.extend(extra)
        o.append("end")
        return o

    if args.inform:
        pkt = Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / \
            IP(src=args.inform, dst="255.255.255.255") / \
            UDP(sport=68, dport=67) / \
            BOOTP(chaddr=chaddr, xid=xid, ciaddr=args.inform, flags=0x8000) / \
            DHCP(options=opts("inform"))
        ans, o = ask4(args, pkt, "ACK")
        return 1 if ans is None else 0

    pkt = base / BOOTP(chaddr=chaddr, xid=xid, flags=0x8000) / \
        DHCP(options=opts("discover"))
    ans, o = ask4(args, pkt, "OFFER")
    if ans is None:
        return 1
    if args.offer_only:
        return 0
    server_id = dict(o).get(54)
    yiaddr = ans[BOOTP].yiaddr
    extra = [("requested_addr", yiaddr)]
    if server_id:
        extra.append(("server_id", ".".join(str(b) for b in server_id)))
    pkt = base / BOOTP(chaddr=chaddr, xid=xid, flags=0x8000) / \
        DHCP(options=opts("request", extra))
    ans, o = ask4(args, pkt, "ACK")
    return 1 if ans is None else 0


def run6(args):
    mac = args.mac
    oro = [int(x) for x in args.oro.split(",")] if args.oro else None
    duid = DUID_LL(lladdr=mac)
    base = Ether(src=mac, dst="33:33:00:01:00:02") / \
        IPv6(src=args.src, dst="ff02::1:2") / UDP(sport=546, dport=547)

    def common(msg):
        m = msg / DHCP6OptClientId(duid=duid) / DHCP6OptElapsedTime()
        if oro is not None:
            m = m / DHCP6OptOptReq(reqopts=oro)
        return m

    if args.inforeq:
        trid = random.randint(1, 0xffffff)
        o = ask6(args, base / common(DHCP6_InfoRequest(trid=trid)), "REPLY")
        return 1 if o is None else 0
    trid = random.randint(1, 0xffffff)
    o = ask6(args, base / common(DHCP6_Solicit(trid=trid)) /
             DHCP6OptIA_NA(iaid=1), "ADVERTISE")
    if o is None:
        return 1
    server_id = dict(o).get(2)
    ia = dict(o).get(3)
    if server_id is None or ia is None:
        print("TIMEOUT REPLY")
        return 1
    trid = random.randint(1, 0xffffff)
    # copy the server's Server Identifier and IA_NA verbatim (RFC 8415 §18.2.2)
    sid = DHCP6OptServerId(struct.pack("!HH", 2, len(server_id)) + server_id)
    iana = DHCP6OptIA_NA(struct.pack("!HH", 3, len(ia)) + ia)
    pkt = base / common(DHCP6_Request(trid=trid) / sid / iana)
    o = ask6(args, pkt, "REPLY")
    return 1 if o is None else 0


def main():
    p = pktlib.family_parser()
    p.add_argument("mac")
    p.add_argument("--prl")
    p.add_argument("--oro")
    p.add_argument("--inform", metavar="CIADDR")
    p.add_argument("--inforeq", action="store_true")
    p.add_argument("--offer-only", action="store_true")
    p.add_argument("--max-size", type=int,
                   help="option 57, the largest DHCP message it takes")
    p.add_argument("--show-size", action="store_true",
                   help="also print each reply's DHCP message length")
    p.add_argument("--src", default="fe80::ff:fe00:2",
                   help="IPv6 link-local source")
    args = p.parse_args()
    return run4(args) if args.v4 else run6(args)


if __name__ == "__main__":
    sys.exit(main())
