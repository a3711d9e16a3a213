# SPDX-License-Identifier: BSD-2-Clause
"""pktlib.py - the one packet helper of the namespace tests: DHCP option
walkers shared by client.py, malformed.py, pcap_check.py and the rogue
servers, and (run as a program) a client of Kea's control socket:

    pktlib.py command SOCKET JSON     send JSON, print Kea's answer

Plain byte parsing, no scapy: the tools read options from the raw bytes of
what went over the wire, so that no dissector decides what an option is.
"""

import argparse
import json
import socket
import struct
import sys

COOKIE = b"\x63\x82\x53\x63"        # RFC 2131 §3
V4_NAMES = {2: "OFFER", 5: "ACK", 6: "NAK"}
V6_NAMES = {2: "ADVERTISE", 7: "REPLY"}


def v4_options(area):
    """(code, data) of every option in a DHCPv4 options area (after the
    cookie), in order; stops at End or at an option running past the
    end."""
    out = []
    i = 0
    while i < len(area):
        code = area[i]
        if code == 255:
            break
        if code == 0:
            i += 1
            continue
        if i + 1 >= len(area):
            break
        n = area[i + 1]
        out.append((code, bytes(area[i + 2:i + 2 + n])))
        i += 2 + n
    return out


def v6_options(buf):
    """(code, data) of every option in a DHCPv6 options area (after
    msg-type and transaction-id, RFC 8415 §8), in order."""
    out = []
    i = 0
    while i + 4 <= len(buf):
        code, n = struct.unpack("!HH", buf[i:i + 4])
        out.append((code, bytes(buf[i + 4:i + 4 + n])))
        i += 4 + n
    return out


def v4_type_name(opts):
    """The DHCP message type (option 53) of options @opts as a name of
    V4_NAMES, "OTHER" when it is none of them or missing."""
    mtype = dict(opts).get(53, b"\0")
    return V4_NAMES.get(mtype[0] if mtype else 0, "OTHER")


def family_parser():
    """An argument parser with the tools' common start: -4 or -6 (one of
    them required), then the interface."""
    p = argparse.ArgumentParser()
    fam = p.add_mutually_exclusive_group(required=True)
    fam.add_argument("-4", dest="v4", action="store_true")
    fam.add_argument("-6", dest="v6", action="store_true")
    p.add_argument("iface")
    return p


def command(path, text, timeout=10.0):
    """Send the JSON command @text to Kea's control socket @path; return
    the answer (a dict).  Kea answers with one JSON object and closes."""
    json.loads(text)   # refuse to send what is not JSON
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    s.sendall(text.encode())
    buf = b""
    while True:
        try:
            part = s.recv(65536)
        except socket.timeout:
            break
        if not part:
            break
        buf += part
        try:
            return json.loads(buf.decode())
        except ValueError:
            continue
    s.close()
    return json.loads(buf.decode())


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "command":
        print(json.dumps(command(sys.argv[2], sys.argv[3]), sort_keys=True))
    else:
        sys.exit("usage: pktlib.py command SOCKET JSON")
