#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""malformed.py - malformed client queries against a running kea-dhcp4 or
kea-dhcp6 with the pcpsel hook (tests/netns/kea/malformed-queries.sh).

Runs inside the client network namespace.  Every case sends one hand-built
query (raw bytes: no scapy dissector decides what goes on the wire), waits
for the reply with the same transaction ID, and compares what came back with
the case's expectation, exactly:

    "OFFER 158 08c0..."      the option-158 instances of the reply, in
                             order, joined by ";" (DHCPv6: "ADVERTISE 86 ...")
    "OFFER none"             a reply without the option
    "none"                   no reply at all (Kea dropped the query)
    "OFFER +42 ..."          the reply also holds Kea's own option 42
                             (DHCPv6: 23), configured with option-data and
                             sent only when requested: whether Kea itself
                             saw the request, next to what the hook did
    "RELAYED ..."            the reply came in a Relay-reply (the option is
                             read from the client's message inside it)

After every case the Kea process (PID given on the command line; the PID
namespace is shared with the server namespace) must still be alive.  Output
is one "ok   ..." / "FAIL ..." line per check, as the namespace harness prints,
and a last line "CASES n CHECKS m FAILED f".  With --explore every case
prints what it got instead of judging.

  malformed.py -4 IFACE KEA_PID
  malformed.py -6 IFACE KEA_PID --src LINKLOCAL --relay-src ADDR
"""

import os
import random
import select
import socket
import struct
import sys
import time

sys.dont_write_bytecode = True     # nothing written in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pktlib  # noqa: E402
from scapy.config import conf  # noqa: E402
conf.verb = 0
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.inet6 import IPv6, fragment6, IPv6ExtHdrFragment  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.packet import Raw  # noqa: E402
from scapy.sendrecv import sendp  # noqa: E402

WAIT = float(os.environ.get("KT_WAIT", "1.0"))
COOKIE = pktlib.COOKIE
V6_NAMES = {**pktlib.V6_NAMES, 13: "RELAY-REPLY"}

# What the server is configured with (malformed-queries.sh)
V4_WANT = "08c0000201c000020204c6336401"    # [[192.0.2.1,192.0.2.2],[198.51.100.1]]
V4_RESV = "04c000022c"                      # reservation 02:00:00:00:0c:09
V4_CIRC = "04c0000237"                      # reservation circuit-id 'c1'
V6_WANT = ("20010db8000000000000000000000001;"
           "00000000000000000000ffffc0000201")  # [[2001:db8::1],[192.0.2.1]]
V6_RESV = "20010db8000000000000000000000044"   # reservation by DUID

checks = 0
failed = 0
cases = 0


def say(ok, name, want=None, got=None):
    global checks, failed
    checks += 1
    if ok:
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s" % name)
        if want is not None:
            print("     expected: %s" % want)
            print("     got:      %s" % got)
    sys.stdout.flush()


def opt4(code, data):
    """One DHCPv4 option; data longer than 255 is the caller's business."""
    return bytes([code, len(data)]) + bytes(data)


def describe(name, opts, code, control):
    """"NAME[ +CONTROL] CODE hex;hex" or "NAME[ +CONTROL] none": +CONTROL
    when the reply holds Kea's own option @control (configured with
    option-data, sent by Kea only when requested), so that every case also
    shows whether Kea itself saw the request."""
    found = [d.hex() for c, d in opts if c == code]
    if any(c == control for c, d in opts):
        name += " +%d" % control
    if not found:
        return "%s none" % name
    return "%s %d %s" % (name, code, ";".join(found))


class V4:
    def __init__(self, iface, relay_ip):
        self.iface = iface
        self.relay_ip = relay_ip

    def query(self, mac, options, ciaddr="0.0.0.0", giaddr="0.0.0.0",
              sname=b"", bfile=b"", cookie=COOKIE):
        """Send a BOOTREQUEST whose options area is @options (bytes after
        the cookie, End included by the caller or not); return what the
        reply carries, or "none"."""
        xid = random.randint(1, 0xffffffff)
        chaddr = bytes.fromhex(mac.replace(":", ""))
        flags = 0x8000 if giaddr == "0.0.0.0" else 0
        hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6,
                          1 if giaddr != "0.0.0.0" else 0, xid, 0, flags,
                          bytes(map(int, ciaddr.split("."))), b"\0" * 4,
                          b"\0" * 4, bytes(map(int, giaddr.split("."))),
                          chaddr, sname, bfile)
        payload = hdr + cookie + options
        if giaddr != "0.0.0.0":
            # as a relay agent: from giaddr's port 67 (RFC 2131 §4.1)
            pkt = Ether(src=mac_of_iface(self.iface),
                        dst="ff:ff:ff:ff:ff:ff") / \
                IP(src=self.relay_ip, dst="255.255.255.255") / \
                UDP(sport=67, dport=67) / Raw(payload)
            want_dport = 67
        else:
            pkt = Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / \
                IP(src=ciaddr, dst="255.255.255.255") / \
                UDP(sport=68, dport=67) / Raw(payload)
            want_dport = 68

        def mine(p):
            if UDP not in p or p[UDP].dport != want_dport:
                return False
            b = bytes(p[UDP].payload)
            return len(b) >= 240 and b[0] == 2 and \
                struct.unpack("!I", b[4:8])[0] == xid

        got = exchange(pkt, self.iface, "udp and (port 67 or port 68)", mine)
        if got is None:
            return "none"
        b = bytes(got[UDP].payload)
        opts = pktlib.v4_options(b[240:])
        return describe(pktlib.v4_type_name(opts), opts, 158, 42)


class V6:
    def __init__(self, iface, src, relay_src, mac):
        self.iface = iface
        self.src = src
        self.relay_src = relay_src
        self.mac = mac

    def query(self, msg, relay=None, cut=0):
        """Send the DHCPv6 message @msg (bytes: type, transaction ID,
        options); with @relay a list of (link-address, extra relay options)
        from the relay closest to the client outwards, wrapped in
        Relay-forward messages sent from relay_src port 547.  Return what
        the (innermost) reply carries, or "none"."""
        trid = msg[1:4]
        if relay:
            inner = msg
            for hops, (link, extra) in enumerate(relay):
                inner = struct.pack("!BB", 12, hops) + \
                    ipv6_bytes(link) + ipv6_bytes(self.relay_src if hops
                                                  else "fe80::ff:fe00:c01") + \
                    extra + struct.pack("!HH", 9, len(inner)) + inner
            pkt = Ether(src=self.mac, dst="33:33:00:01:00:02") / \
                IPv6(src=self.relay_src, dst="ff02::1:2") / \
                UDP(sport=547, dport=547) / Raw(inner[:len(inner) - cut])
            dport = 547
        else:
            pkt = Ether(src=self.mac, dst="33:33:00:01:00:02") / \
                IPv6(src=self.src, dst="ff02::1:2") / \
                UDP(sport=546, dport=547) / Raw(msg)
            dport = 546
        if len(bytes(pkt[IPv6])) > 1500:
            # RFC 8200 §4.5: fragment what does not fit the link MTU
            big = IPv6(src=pkt[IPv6].src, dst=pkt[IPv6].dst) / \
                IPv6ExtHdrFragment() / pkt[UDP]
            pkts = [Ether(src=self.mac, dst="33:33:00:01:00:02") / f
                    for f in fragment6(big, 1280)]
        else:
            pkts = [pkt]

        def unwrap(b):
            # Relay-reply: the Relay Message option (9) holds the rest
            while b and b[0] == 13:
                inner = dict(pktlib.v6_options(b[34:])).get(9)
                if inner is None:
                    return None
                b = inner
            return b

        def mine(p):
            if UDP not in p or p[UDP].dport != dport or \
                    IPv6 not in p or p[IPv6].src == self.relay_src or \
                    p[IPv6].src == self.src:
                return False
            b = unwrap(bytes(p[UDP].payload))
            return b is not None and len(b) >= 4 and b[1:4] == trid

        got = exchange(pkts, self.iface, "udp and port %d" % dport, mine)
        if got is None:
            return "none"
        b = bytes(got[UDP].payload)
        prefix = "RELAYED " if b[0] == 13 else ""
        while b[0] == 13:
            # the hook must not put 86 at a relay level (RFC 8415 §19)
            relay_opts = pktlib.v6_options(b[34:])
            if any(c == 86 for c, d in relay_opts):
                prefix = "RELAY-LEVEL-86 " + prefix
            b = dict(relay_opts)[9]
        return prefix + describe(V6_NAMES.get(b[0], "OTHER"),
                                 pktlib.v6_options(b[4:]), 86, 23)


def ipv6_bytes(a):
    return socket.inet_pton(socket.AF_INET6, a)


def mac_of_iface(iface):
    with open("/sys/class/net/%s/address" % iface) as f:
        return f.read().strip()


def exchange(pkts, iface, bpf, match):
    """Send @pkts, return the first received packet @match accepts within
    WAIT seconds, else None.  The listening socket is open before the
    first packet leaves, so a fast reply cannot be missed."""
    if not isinstance(pkts, list):
        pkts = [pkts]
    sock = conf.L2listen(iface=iface, filter=bpf)
    try:
        sendp(pkts, iface=iface)
        deadline = time.time() + WAIT
        while True:
            left = deadline - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([sock], [], [], left)
            if not r:
                return None
            p = sock.recv()
            if p is not None and match(p):
                return p
    finally:
        sock.close()


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def run(cases_, explore, pid, only=None):
    global cases
    for name, fn, want in cases_:
        if only and only not in name:
            continue
        cases += 1
        got = fn()
        if explore:
            print("CASE %-60s -> %s" % (name, got))
        else:
            say(got == want, "%s: %s" % (name, want), want, got)
        say(alive(pid), "%s: Kea (pid %d) still runs" % (name, pid))


def v4_cases(c, kea):
    """(name, query function, expected reply) for kea-dhcp4 of version
    @kea (a tuple, e.g. (2, 2, 0))."""
    mac = "02:00:00:00:0c:01"
    disc = opt4(53, [1])
    end = b"\xff"
    every = bytes(range(1, 256))                 # 1..255: every code
    no158 = bytes(x for x in range(1, 256) if x != 158)
    want = "OFFER 158 " + V4_WANT
    want42 = "OFFER +42 158 " + V4_WANT
    multi = want42 if kea >= (3, 0) else "OFFER none"
    circuit = opt4(1, b"c1")
    return [
        ("PRL 42,158",
         lambda: c.query(mac, disc + opt4(55, [42, 158]) + end), want42),
        ("PRL 158 alone",
         lambda: c.query(mac, disc + opt4(55, [158]) + end), want),
        ("PRL with every code 1..255 (255 bytes)",
         lambda: c.query(mac, disc + opt4(55, every) + end), want42),
        ("PRL with every code but 158",
         lambda: c.query(mac, disc + opt4(55, no158) + end), "OFFER +42 none"),
        ("PRL of 255 times 158: one option, configured bytes",
         lambda: c.query(mac, disc + opt4(55, [158] * 255) + end), want),
        ("PRL with 158 twice among others",
         lambda: c.query(mac, disc + opt4(55, [1, 158, 3, 158, 42]) + end),
         want42),
        # Kea drops a query whose option 55 is empty
        ("empty PRL (length 0)",
         lambda: c.query(mac, disc + opt4(55, []) + end), "none"),
        ("no PRL", lambda: c.query(mac, disc + end), "OFFER none"),
        # Several option-55 instances (RFC 3396): Kea 2.2 and 2.6 fuse them
        # into one option 55 with no data (measured by unpacking such a
        # query with libkea-dhcp++): Kea sees no request, does not send its
        # own option 42 either, and the hook, which reads Kea's parsed PRL,
        # agrees.  Kea 3.0 concatenates them as RFC 3396 says: both options
        # are requested and sent.  Either way Kea and the hook agree.
        ("two PRL instances, 42 and 158 in both",
         lambda: c.query(mac, disc + opt4(55, [42, 158]) +
                         opt4(55, [158, 42]) + end), multi),
        ("two PRL instances, 42 and 158 only in the second",
         lambda: c.query(mac, disc + opt4(55, [1, 3]) +
                         opt4(55, [42, 158]) + end), multi),
        ("four PRL instances of 255 codes (1.3 kB query)",
         lambda: c.query(mac, disc + opt4(55, every) * 4 + end), multi),
        ("PRL truncated: claims 10 bytes, 3 left, no End",
         lambda: c.query(mac, disc + b"\x37\x0a\x06\x03\x9e"), "OFFER none"),
        ("PRL 42,158 then a truncated option",
         lambda: c.query(mac, disc + opt4(55, [42, 158]) + b"\x0c\x20ab"),
         want42),
        ("PRL 42,158 after a truncated option",
         lambda: c.query(mac, disc + b"\x0c\xff" + b"a" * 20 +
                         opt4(55, [42, 158]) + end), "OFFER none"),
        ("option 158 in the query itself is not echoed",
         lambda: c.query(mac, disc + opt4(158, b"\x04\x7f\x00\x00\x01") +
                         opt4(55, [158]) + end), want),
        ("malformed option 158 in the query (List-Length 255)",
         lambda: c.query(mac, disc + opt4(158, b"\xff\x01") +
                         opt4(55, [158]) + end), want),
        ("PRL 158 without End option",
         lambda: c.query(mac, disc + opt4(55, [158])), want),
        ("PRL 42,158 after 300 pad bytes",
         lambda: c.query(mac, disc + b"\0" * 300 + opt4(55, [42, 158]) + end),
         want42),
        # Kea 2.2 does not read options from an overloaded sname (its own
        # option 42 is not sent either)
        ("PRL 42,158 only in sname with overload (option 52 = 2)",
         lambda: c.query(mac, disc + opt4(52, [2]) + end,
                         sname=opt4(55, [42, 158]) + end), "OFFER none"),
        ("bad magic cookie",
         lambda: c.query(mac, disc + opt4(55, [158]) + end,
                         cookie=b"\x63\x82\x53\x64"), "none"),
        ("no message type (BOOTP), PRL 158",
         lambda: c.query(mac, opt4(55, [158]) + end), "none"),
        ("client-id of 1 byte, PRL 158",
         lambda: c.query(mac, disc + opt4(61, [1]) + opt4(55, [158]) + end),
         "none"),
        ("client-id type 255 of 5 bytes (IAID, no DUID)",
         lambda: c.query(mac, disc + opt4(61, [255, 0, 0, 0, 1]) +
                         opt4(55, [158]) + end), want),
        ("reserved hw-address: its own list",
         lambda: c.query("02:00:00:00:0c:09", disc + opt4(55, [158]) + end),
         "OFFER 158 " + V4_RESV),
        ("relayed, circuit-id c1: the reservation's list",
         lambda: c.query(mac, disc + opt4(55, [158]) +
                         opt4(82, circuit) + end, giaddr=c.relay_ip),
         "OFFER 158 " + V4_CIRC),
        ("relayed, option 82 sub-option running past its end",
         lambda: c.query(mac, disc + opt4(55, [158]) +
                         opt4(82, b"\x01\x09c1") + end, giaddr=c.relay_ip),
         want),
        ("relayed, empty option 82",
         lambda: c.query(mac, disc + opt4(55, [158]) + opt4(82, b"") + end,
                         giaddr=c.relay_ip), want),
        ("INFORM, PRL with every code",
         lambda: c.query(mac, opt4(53, [8]) + opt4(55, every) + end,
                         ciaddr="192.0.2.150"), "ACK +42 158 " + V4_WANT),
        # RFC 7291 §4: never in a NAK
        ("REQUEST for an address off the subnet: NAK, PRL every code",
         lambda: c.query(mac, opt4(53, [3]) +
                         opt4(50, [198, 51, 100, 50]) + opt4(55, every) +
                         end), "NAK none"),
    ]


def v6_cases(c):
    """(name, query function, expected reply) for kea-dhcp6."""
    def duid(n):
        return struct.pack("!HH", 3, 1) + bytes.fromhex("02000000%04x" % n)

    def msg(mtype, opts, n=1, client=True, ia=True):
        trid = random.randint(1, 0xffffff)
        m = struct.pack("!I", (mtype << 24) | trid)
        if client:
            m += struct.pack("!HH", 1, 10) + duid(n)
        m += struct.pack("!HHH", 8, 2, 0)                    # elapsed time
        if ia:
            m += struct.pack("!HHIII", 3, 12, 1, 0, 0)       # IA_NA
        return m + opts

    def sol(opts, **kw):
        return msg(1, opts, **kw)

    def oro(codes):
        return struct.pack("!HH", 6, 2 * len(codes)) + \
            b"".join(struct.pack("!H", x) for x in codes)

    def raw_opt(code, data):
        return struct.pack("!HH", code, len(data)) + data

    want = "ADVERTISE 86 " + V6_WANT
    want23 = "ADVERTISE +23 86 " + V6_WANT
    link = "2001:db8:1::5"
    every = list(range(0, 256))
    return [
        ("ORO 23,86", lambda: c.query(sol(oro([23, 86]))), want23),
        ("ORO 86 alone", lambda: c.query(sol(oro([86]))), want),
        ("ORO with every code 0..255",
         lambda: c.query(sol(oro(every))), want23),
        ("ORO with every code 0..700 but 86 (1.4 kB query)",
         lambda: c.query(sol(oro([x for x in range(0, 701) if x != 86]))),
         "ADVERTISE +23 none"),
        # Kea 2.2 reads a DHCPv6 datagram into a 1500-byte buffer: the ORO
        # then runs past the end and is missing from the query Kea parsed
        # (measured with the kea-dhcp6.packets debug log); no 23 either
        ("ORO with every code 0..4095 (8 kB query, fragmented)",
         lambda: c.query(sol(oro(list(range(0, 4096))))), "ADVERTISE none"),
        ("ORO with every code 0..32700 (65 kB query, fragmented)",
         lambda: c.query(sol(oro(list(range(0, 32701))))), "ADVERTISE none"),
        ("ORO of 600 times 86: each server once",
         lambda: c.query(sol(oro([86] * 600))), want),
        ("ORO of 86 twice among others",
         lambda: c.query(sol(oro([23, 86, 24, 86]))), want23),
        # Kea drops a query whose ORO is empty or of odd length
        ("empty ORO (length 0)", lambda: c.query(sol(oro([]))), "none"),
        ("no ORO", lambda: c.query(sol(b"")), "ADVERTISE none"),
        ("ORO of odd length 3 (00 56 00)",
         lambda: c.query(sol(raw_opt(6, b"\x00\x56\x00"))), "none"),
        ("ORO of odd length 1 (56)",
         lambda: c.query(sol(raw_opt(6, b"\x56"))), "none"),
        # Kea 2.2 reads the first ORO only, for its own options too
        ("two ORO instances: 86, then 23,86",
         lambda: c.query(sol(oro([86]) + oro([23, 86]))), want),
        ("two ORO instances: 23, then 86",
         lambda: c.query(sol(oro([23]) + oro([86]))), "ADVERTISE +23 none"),
        ("ORO truncated: claims 8 bytes, 4 left",
         lambda: c.query(sol(b"\x00\x06\x00\x08\x00\x17\x00\x56")),
         "ADVERTISE none"),
        ("ORO 23,86 then a truncated option",
         lambda: c.query(sol(oro([23, 86]) + b"\x00\x10\x00\x20ab")),
         want23),
        ("option 86 in the query itself is not echoed",
         lambda: c.query(sol(raw_opt(86, ipv6_bytes("::1")) + oro([86]))),
         want),
        ("ORO 23,86 inside the IA_NA only",
         lambda: c.query(sol(raw_opt(3, struct.pack("!III", 1, 0, 0) +
                                     oro([23, 86])), ia=False)),
         "ADVERTISE none"),
        ("empty unknown option before the ORO",
         lambda: c.query(sol(raw_opt(200, b"") + oro([86]))), want),
        ("reserved DUID: its own list",
         lambda: c.query(sol(oro([86]), n=0xc09)),
         "ADVERTISE 86 " + V6_RESV),
        ("Information-request, ORO with every code 0..255",
         lambda: c.query(msg(11, oro(every), ia=False)),
         "REPLY +23 86 " + V6_WANT),
        ("Solicit without client-id",
         lambda: c.query(sol(oro([86]), client=False)), "none"),
        # a REPLY with status NoBinding is still a REPLY (RFC 7291 §3)
        ("Rebind of an unknown lease, ORO 23,86",
         lambda: c.query(msg(6, oro([23, 86]))), "REPLY +23 86 " + V6_WANT),
        ("relayed Solicit, ORO 23,86",
         lambda: c.query(sol(oro([23, 86])), relay=[(link, b"")]),
         "RELAYED " + want23),
        ("relayed Solicit, ORO with every code 0..255",
         lambda: c.query(sol(oro(every)), relay=[(link, b"")]),
         "RELAYED " + want23),
        ("relayed Solicit without ORO, ORO 23,86 at the relay level",
         lambda: c.query(sol(b""), relay=[(link, oro([23, 86]))]),
         "RELAYED ADVERTISE none"),
        ("relayed Solicit without ORO, ERO 23,86 at the relay level",
         lambda: c.query(sol(b""),
                         relay=[(link, raw_opt(43, b"\x00\x17\x00\x56"))]),
         "RELAYED ADVERTISE none"),
        ("twice relayed Solicit, ORO 23,86",
         lambda: c.query(sol(oro([23, 86])),
                         relay=[(link, b""), ("::", b"")]),
         "RELAYED " + want23),
        ("relayed, Relay Message option running past the end",
         lambda: c.query(sol(oro([23, 86])), relay=[(link, b"")], cut=2),
         "none"),
        # no subnet for the link: the global list
        ("relayed, link-address outside every subnet",
         lambda: c.query(sol(oro([23, 86])),
                         relay=[("2001:db8:99::1", b"")]), "RELAYED " + want23),
        ("relayed Information-request, ORO 86, reserved DUID",
         lambda: c.query(msg(11, oro([86]), n=0xc09, ia=False),
                         relay=[(link, b"")]),
         "RELAYED REPLY 86 " + V6_RESV),
    ]


def main():
    p = pktlib.family_parser()
    p.add_argument("pid", type=int)
    p.add_argument("--src", default="fe80::ff:fe00:a02")
    p.add_argument("--relay-src", default="2001:db8:1::2")
    p.add_argument("--relay-ip", default="192.0.2.2")
    p.add_argument("--explore", action="store_true",
                   help="print what each case got, judge nothing")
    p.add_argument("--kea", default="2.2.0", metavar="VERSION",
                   help="the version of the Kea under test")
    p.add_argument("--only", metavar="TEXT",
                   help="run only the cases whose name holds TEXT")
    a = p.parse_args()
    if a.v4:
        kea = tuple(int(x) for x in a.kea.split(".")[:3] if x.isdigit())
        run(v4_cases(V4(a.iface, a.relay_ip), kea), a.explore, a.pid,
            a.only)
    else:
        run(v6_cases(V6(a.iface, a.src, a.relay_src,
                        mac_of_iface(a.iface))), a.explore, a.pid, a.only)
    print("CASES %d CHECKS %d FAILED %d" % (cases, checks, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
