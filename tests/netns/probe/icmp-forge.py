#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""icmp-forge.py - answer every UDP datagram to ADDRESS port 5351 with one ICMP
or ICMPv6 error of TYPE and CODE, as a router on the path would, for the ICMP
errors nftables' "reject" cannot send (Time Exceeded, Parameter Problem, Packet
Too Big).  Runs in the server's namespace; the datagrams themselves are
dropped there by nftables, this sees them on the interface (AF_PACKET).

usage: icmp-forge.py IFNAME ADDRESS TYPE CODE SECONDS
Exits after SECONDS; prints one line per error sent."""
import ipaddress
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def main():
    ifname, addr, typ, code, seconds = sys.argv[1:6]
    typ, code = int(typ), int(code)
    target = ipaddress.ip_address(addr)
    sniff = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_ALL))
    sniff.bind((ifname, 0))
    if target.version == 4:
        out = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                            socket.IPPROTO_ICMP)
    else:
        out = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                            socket.IPPROTO_ICMPV6)
    out.bind((addr, 0))
    end = time.time() + float(seconds)
    while time.time() < end:
        r, _, _ = select.select([sniff], [], [], 0.2)
        if not r:
            continue
        frame, meta = sniff.recvfrom(2048)
        if meta[2] == socket.PACKET_OUTGOING:
            continue
        eth = struct.unpack("!H", frame[12:14])[0]
        ip = frame[14:]
        if target.version == 4 and eth == 0x0800:
            ihl = (ip[0] & 15) * 4
            if ip[9] != 17 or ipaddress.ip_address(ip[16:20]) != target:
                continue
            if struct.unpack("!H", ip[ihl + 2:ihl + 4])[0] != 5351:
                continue
            src = str(ipaddress.ip_address(ip[12:16]))
            # RFC 792: the IP header and the first 64 bits of the data;
            # Parameter Problem points at an octet
            rest = struct.pack("!BBH", 20 if typ == 12 else 0, 0, 0)
            body = rest + ip[:ihl + 8]
            msg = struct.pack("!BBH", typ, code, 0) + body
            msg = struct.pack("!BBH", typ, code, csum(msg)) + body
            out.sendto(msg, (src, 0))
        elif target.version == 6 and eth == 0x86DD:
            if ip[6] != 17 or ipaddress.ip_address(ip[24:40]) != target:
                continue
            if struct.unpack("!H", ip[42:44])[0] != 5351:
                continue
            src = str(ipaddress.ip_address(ip[8:24]))
            # RFC 4443: MTU (Packet Too Big), pointer (Parameter
            # Problem: at the Next Header octet for code 1), else unused;
            # then as much of the packet as fits; the kernel sums it
            if typ == 2:
                word = 1280
            elif typ == 4:
                word = 6
            else:
                word = 0
            msg = struct.pack("!BBHI", typ, code, 0, word) + ip[:1232]
            out.sendto(msg, (src, 0))
        else:
            continue
        print("sent type %d code %d to %s" % (typ, code, src), flush=True)


main()
