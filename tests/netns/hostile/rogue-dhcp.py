#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""rogue-dhcp.py - a hostile DHCPv4 + DHCPv6 server for tests/hostile.

Runs inside the server network namespace of hostile-dhcp.sh, on one
interface, and answers the real dhcpcd with a normal lease plus whatever
crafted option bytes the current case asks for.  The case is a file of
key=value lines, read again for every request (the test rewrites it, by
rename, between cases):

    name=CASE          shown in the log
    v4=HEX             raw DHCPv4 option bytes (code, length, data ...)
                       put after the lease options
    v4end=0            no End option after them (default 1)
    sname=HEX          the 64-byte sname field (zero-padded), for option
    file=HEX           overload (option 52): the 128-byte file field
    v6=HEX             raw DHCPv6 option bytes put after the lease options
    v4nak=1            answer a DHCPv4 REQUEST with a DHCPNAK (default 0)
    asked=1            send the v4 bytes only when the request's Parameter
                       Request List holds 158, the v6 bytes only when its
                       Option Request Option holds 86, as a normal server
                       does (default 0: always; never in the reply to a
                       DHCPv6 Confirm, which holds a Status Code alone)

Nothing here checks or fixes the case bytes: lengths that lie are sent as
they are.  DHCPv4 frames are built and sent with scapy (layer 2: the client
has no address yet); requests are received on a UDP socket bound to port
67, which also keeps the kernel from answering unicast renewals with ICMP.
DHCPv6 uses a UDP socket on port 547 joined to ff02::1:2; the kernel
fragments replies larger than the MTU (up to the 65527 bytes of a UDP
payload).

Usage: rogue-dhcp.py IFACE CASEFILE LOGFILE
Every reply is logged as one line: "v4 ACK case=NAME bytes=N asked=0|1
sent=0|1" (asked: the request asked for option 158 / 86; sent: the case's
bytes are in the reply).
"""
import os
import select
import socket
import struct
import sys
import time

from scapy.all import Ether, IP, UDP, Raw, conf  # type: ignore

sys.dont_write_bytecode = True     # nothing written in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import pktlib  # noqa: E402

SERVER4 = "192.0.2.254"
CLIENT4 = "192.0.2.100"
MASK4 = "255.255.255.0"
CLIENT6 = "2001:db8:a::100"
MAGIC = b"\x63\x82\x53\x63"

V4_REPLY = {1: 2, 3: 5}            # DISCOVER -> OFFER, REQUEST -> ACK
V4_NAME = {2: "OFFER", 5: "ACK", 6: "NAK"}
# SOLICIT -> ADVERTISE; REQUEST, CONFIRM, RENEW, REBIND, RELEASE, DECLINE,
# INFORMATION-REQUEST -> REPLY
V6_REPLY = {1: 2, 3: 7, 4: 7, 5: 7, 6: 7, 8: 7, 9: 7, 11: 7}
V6_NAME = {2: "ADVERTISE", 7: "REPLY"}


def log(f, line):
    f.write("%.3f %s\n" % (time.time(), line))
    f.flush()


def read_case(path):
    case = {"name": "?", "v4": b"", "v4end": True, "sname": b"",
            "file": b"", "v6": b"", "v4nak": False, "asked": False}
    try:
        with open(path) as f:
            for line in f:
                key, _, value = line.rstrip("\n").partition("=")
                if key == "name":
                    case["name"] = value
                elif key in ("v4end", "v4nak", "asked"):
                    case[key] = value not in ("", "0")
                elif key in ("v4", "sname", "file", "v6"):
                    case[key] = bytes.fromhex(value)
    except (OSError, ValueError) as e:
        case["name"] = "unreadable case file: %s" % e
    return case


def v4_options(data):
    """The options of a BOOTP message as {code: value} (requests only; a
    repeated code: its last value), walked by pktlib."""
    return dict(pktlib.v4_options(data[240:]))


def v4_answer(l2, iface_mac, data, case, logf):
    if len(data) < 240 or data[0] != 1 or data[236:240] != MAGIC:
        return
    opts = v4_options(data)
    mtype = opts.get(53, b"\0")[0]
    if mtype not in V4_REPLY:
        return
    rtype = V4_REPLY[mtype]
    if rtype == 5 and case["v4nak"]:
        rtype = 6
    asked = 158 in opts.get(55, b"")
    xid = data[4:8]
    flags = data[10:12]
    ciaddr = data[12:16]
    chaddr = data[28:44]
    sname = case["sname"][:64].ljust(64, b"\0")
    bfile = case["file"][:128].ljust(128, b"\0")
    hdr = (struct.pack("!BBBB", 2, 1, 6, 0) + xid + b"\0\0" + flags +
           ciaddr + socket.inet_aton(CLIENT4) + b"\0" * 8 + chaddr +
           sname + bfile)
    lease = (bytes([53, 1, rtype]) +
             bytes([54, 4]) + socket.inet_aton(SERVER4) +
             bytes([51, 4]) + struct.pack("!I", 600) +
             bytes([58, 4]) + struct.pack("!I", 300) +
             bytes([59, 4]) + struct.pack("!I", 500) +
             bytes([1, 4]) + socket.inet_aton(MASK4))
    if rtype == 6:
        # RFC 2131 §4.3.2: a DHCPNAK has no lease
        lease = (bytes([53, 1, 6]) +
                 bytes([54, 4]) + socket.inet_aton(SERVER4))
        hdr = hdr[:16] + b"\0" * 4 + hdr[20:]
    payload = hdr + MAGIC + lease
    sent = rtype != 6 and (asked or not case["asked"])
    if sent:
        payload += case["v4"]
    if case["v4end"]:
        payload += b"\xff"
        if len(payload) < 300:
            payload += b"\0" * (300 - len(payload))
    mac = ":".join("%02x" % b for b in chaddr[:6])
    if ciaddr != b"\0\0\0\0":
        dst = socket.inet_ntoa(ciaddr)
    elif flags[0] & 0x80:
        dst, mac = "255.255.255.255", "ff:ff:ff:ff:ff:ff"
    else:
        dst = CLIENT4
    frame = (Ether(src=iface_mac, dst=mac) /
             IP(src=SERVER4, dst=dst, ttl=64) /
             UDP(sport=67, dport=68) / Raw(payload))
    l2.send(frame)
    log(logf, "v4 %s case=%s bytes=%d asked=%d sent=%d" % (
        V4_NAME[rtype], case["name"], len(payload), asked, sent))


def v6_options(data):
    """The options of a DHCPv6 message as {code: value} (a repeated code:
    its first value), walked by pktlib."""
    opts = {}
    for code, value in pktlib.v6_options(data[4:]):
        opts.setdefault(code, value)
    return opts


def v6_answer(sock, duid, data, peer, case, logf):
    if len(data) < 4 or data[0] not in V6_REPLY:
        return
    rtype = V6_REPLY[data[0]]
    opts = v6_options(data)
    if 1 not in opts:
        return
    msg = bytes([rtype]) + data[1:4]
    msg += struct.pack("!HH", 1, len(opts[1])) + opts[1]
    msg += struct.pack("!HH", 2, len(duid)) + duid
    if data[0] == 4:
        # RFC 8415 §18.3.3: a Confirm is answered with a Status Code
        # (Success) alone
        msg += struct.pack("!HHH", 13, 2, 0)
    elif 3 in opts and len(opts[3]) >= 4 and data[0] not in (8, 9):
        iaid = opts[3][:4]
        iaaddr = (socket.inet_pton(socket.AF_INET6, CLIENT6) +
                  struct.pack("!II", 500, 600))
        ia = (iaid + struct.pack("!II", 300, 400) +
              struct.pack("!HH", 5, len(iaaddr)) + iaaddr)
        msg += struct.pack("!HH", 3, len(ia)) + ia
    oro = opts.get(6, b"")
    asked = any(oro[i:i + 2] == b"\0\x56" for i in range(0, len(oro) - 1, 2))
    sent = data[0] != 4 and (asked or not case["asked"])
    if sent:
        msg += case["v6"]
    try:
        sock.sendto(msg, peer)
        what = "bytes=%d" % len(msg)
    except OSError as e:
        what = "bytes=%d send failed: %s" % (len(msg), e)
    log(logf, "v6 %s case=%s %s asked=%d sent=%d" % (
        V6_NAME[rtype], case["name"], what, asked, sent))


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: rogue-dhcp.py IFACE CASEFILE LOGFILE\n")
        return 2
    iface, casefile, logpath = sys.argv[1:]
    logf = open(logpath, "a")
    conf.verb = 0
    with open("/sys/class/net/%s/address" % iface) as f:
        iface_mac = f.read().strip()
    ifindex = socket.if_nametoindex(iface)
    duid = b"\x00\x03\x00\x01" + bytes.fromhex(iface_mac.replace(":", ""))

    s4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s4.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s4.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                  iface.encode())
    s4.bind(("0.0.0.0", 67))
    s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s6.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s6.bind(("::", 547))
    mreq = socket.inet_pton(socket.AF_INET6, "ff02::1:2") + \
        struct.pack("@I", ifindex)
    s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
    s6.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    l2 = conf.L2socket(iface=iface)
    log(logf, "ready on %s (%s)" % (iface, iface_mac))

    while True:
        ready, _, _ = select.select([s4, s6], [], [])
        for s in ready:
            data, peer = s.recvfrom(65536)
            case = read_case(casefile)
            try:
                if s is s4:
                    v4_answer(l2, iface_mac, data, case, logf)
                else:
                    v6_answer(s6, duid, data, peer, case, logf)
            except Exception as e:  # keep serving: log and go on
                log(logf, "error: %r" % (e,))


if __name__ == "__main__":
    sys.exit(main())
