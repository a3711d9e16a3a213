#!/usr/bin/python3
"""pcpreq.py - send one PCP request built here, independently of libpcpsel (RFC 6887
§7.1, §11.1, §14.1), and print the request and the response in hex.  Used only by
capture-map.sh to record real exchanges with miniupnpd for the unit-test fixtures."""
import socket, struct, sys, ipaddress, argparse
def a16(s):
    ip = ipaddress.ip_address(s)
    return (ipaddress.IPv6Address("::ffff:" + s) if ip.version == 4 else ip).packed
p = argparse.ArgumentParser()
p.add_argument("--server"); p.add_argument("--src"); p.add_argument("--client-ip")
p.add_argument("--op", default="MAP"); p.add_argument("--version", type=int, default=2)
p.add_argument("--nonce", default="00"*12); p.add_argument("--proto", type=int, default=6)
p.add_argument("--iport", type=int, default=0); p.add_argument("--eport", type=int, default=0)
p.add_argument("--eaddr", default=None); p.add_argument("--lifetime", type=int, default=0)
p.add_argument("--tag", default="x"); p.add_argument("--sport", type=int, default=0)
a = p.parse_args()
v6 = ":" in a.server
cip = a.client_ip or a.src
hdr = struct.pack("!BBHI16s", a.version, {"MAP":1,"ANNOUNCE":0}[a.op], 0, a.lifetime, a16(cip))
if a.op == "MAP":
    ea = a.eaddr or ("::" if v6 else "0.0.0.0")
    req = hdr + struct.pack("!12sB3xHH16s", bytes.fromhex(a.nonce), a.proto, a.iport, a.eport, a16(ea))
else:
    req = hdr
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((a.src, a.sport)); s.settimeout(1.0)
print(f"{a.tag} req {req.hex()}")
for i in range(3):
    s.sendto(req, (a.server, 5351))
    try:
        d, peer = s.recvfrom(1200)
    except socket.timeout:
        continue
    print(f"{a.tag} resp {d.hex()}")
    sys.exit(0)
print(f"{a.tag} noresp"); sys.exit(3)
