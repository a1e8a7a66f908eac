#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the flood captures for tests/fuzz/flood.sh: libpcap files, Ethernet + IPv4 + UDP
(TCP for the 1 MB sipfrag, which no UDP datagram can carry) to port 5060, written directly
(no text2pcap), streaming, so memory stays flat whatever the size.

    python3 tests/fuzz/flood.py OUT_DIR [--scale S] [--gap-us G] [--only NAME ...]

Captures (counts at --scale 1):
  refer-flood       1 000 000 REFERs, each in its own dialog to its own target, each
                    answered 202 Accepted, none ever followed by a NOTIFY (2 000 000 packets)
  orphan-notify     1 000 000 NOTIFYs (Event: refer;id=N, sipfrag 200 OK) for REFERs that
                    are not in the capture, each answered 200 OK (2 000 000 packets)
  big-sipfrag       over TCP: two REFERs with their 202, then a NOTIFY whose sipfrag body is
                    1 MB in one status line, and one whose 1 MB body is 16 384 short lines
  one-dialog        100 000 REFERs in one dialog (same Call-ID and From tag, CSeq 1..N),
                    each answered 202, then 100 000 NOTIFYs without id that end them one by
                    one (400 000 packets)
  options-1m        1 000 000 OPTIONS, each answered 200 OK (2 000 000 packets)
  options-100k      100 000 OPTIONS, each answered 200 OK (200 000 packets)
A manifest (flood-manifest.txt) records each file's packet and REFER counts for flood.sh.
Packets are --gap-us microseconds apart (default 100: 10 000 packets/s).
"""
import argparse
import os
import struct
import sys
import time

ETH_HDR = bytes.fromhex("020000000002" "020000000001" "0800")
ETH_HDR_REV = bytes.fromhex("020000000001" "020000000002" "0800")
A_IP = bytes([192, 0, 2, 1])
B_IP = bytes([192, 0, 2, 2])
A_PORT, B_PORT = 5060, 5060
SNAPLEN = 262144
EPOCH = 1700000000


def csum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


class PcapWriter:
    """libpcap (microsecond) writer, buffered, one packet at a time."""

    def __init__(self, path, gap_us):
        self.f = open(path, "wb", buffering=4 << 20)
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, SNAPLEN, 1))
        self.t_us = 0
        self.gap_us = gap_us
        self.packets = 0
        self.ip_id = 0

    def _record(self, frame):
        sec, usec = divmod(self.t_us, 1000000)
        self.f.write(struct.pack("<IIII", EPOCH + sec, usec, len(frame), len(frame)))
        self.f.write(frame)
        self.packets += 1
        self.t_us += self.gap_us

    def _ip(self, src, dst, proto, payload_len):
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, self.ip_id, 0x4000, 64,
                          proto, 0, src, dst)
        return hdr[:10] + struct.pack("!H", csum16(hdr)) + hdr[12:]

    def udp(self, payload, reverse=False):
        src, dst = (B_IP, A_IP) if reverse else (A_IP, B_IP)
        sport, dport = (B_PORT, A_PORT) if reverse else (A_PORT, B_PORT)
        udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
        eth = ETH_HDR_REV if reverse else ETH_HDR
        self._record(eth + self._ip(src, dst, 17, 8 + len(payload)) + udp + payload)

    def tcp(self, payload, seq, ack, flags, reverse=False, sport=40000):
        src, dst = (B_IP, A_IP) if reverse else (A_IP, B_IP)
        ports = (B_PORT, sport) if reverse else (sport, B_PORT)
        hdr = struct.pack("!HHIIBBHHH", ports[0], ports[1], seq & 0xFFFFFFFF,
                          ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
        pseudo = src + dst + struct.pack("!BBH", 0, 6, len(hdr) + len(payload))
        c = csum16(pseudo + hdr + payload)
        hdr = hdr[:16] + struct.pack("!H", c) + hdr[18:]
        eth = ETH_HDR_REV if reverse else ETH_HDR
        self._record(eth + self._ip(src, dst, 6, len(hdr) + len(payload)) + hdr + payload)

    def close(self):
        self.f.close()


# ---- SIP messages ---------------------------------------------------------------------------

def refer(call, ftag, ttag, cseq, target, branch, transport="UDP"):
    return ("REFER sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
            "Via: SIP/2.0/%s 192.0.2.1:5060;branch=z9hG4bK-%s\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:alice@192.0.2.1>;tag=%s\r\n"
            "To: <sip:bob@192.0.2.2>;tag=%s\r\n"
            "Call-ID: %s\r\n"
            "CSeq: %d REFER\r\n"
            "Contact: <sip:alice@192.0.2.1:5060>\r\n"
            "Refer-To: <%s>\r\n"
            "Referred-By: <sip:alice@192.0.2.1>\r\n"
            "Content-Length: 0\r\n\r\n"
            % (transport, branch, ftag, ttag, call, cseq, target)).encode()


def response(code, phrase, call, ftag, ttag, cseq, method, branch, transport="UDP",
             via_host="192.0.2.1"):
    return ("SIP/2.0 %d %s\r\n"
            "Via: SIP/2.0/%s %s:5060;branch=z9hG4bK-%s\r\n"
            "From: <sip:alice@192.0.2.1>;tag=%s\r\n"
            "To: <sip:bob@192.0.2.2>;tag=%s\r\n"
            "Call-ID: %s\r\n"
            "CSeq: %d %s\r\n"
            "Contact: <sip:bob@192.0.2.2:5060>\r\n"
            "Content-Length: 0\r\n\r\n"
            % (code, phrase, transport, via_host, branch, ftag, ttag, call, cseq,
               method)).encode()


def notify(call, notifier_tag, subscriber_tag, cseq, event, state, body, branch,
           transport="UDP"):
    head = ("NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0\r\n"
            "Via: SIP/2.0/%s 192.0.2.2:5060;branch=z9hG4bK-%s\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:bob@192.0.2.2>;tag=%s\r\n"
            "To: <sip:alice@192.0.2.1>;tag=%s\r\n"
            "Call-ID: %s\r\n"
            "CSeq: %d NOTIFY\r\n"
            "Contact: <sip:bob@192.0.2.2:5060>\r\n"
            "Event: %s\r\n"
            "Subscription-State: %s\r\n"
            "Content-Type: message/sipfrag;version=2.0\r\n"
            "Content-Length: %d\r\n\r\n"
            % (transport, branch, notifier_tag, subscriber_tag, call, cseq, event, state,
               len(body))).encode()
    return head + body


def options(call, cseq, branch):
    return ("OPTIONS sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-%s\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:alice@192.0.2.1>;tag=o%s\r\n"
            "To: <sip:bob@192.0.2.2>\r\n"
            "Call-ID: %s\r\n"
            "CSeq: %d OPTIONS\r\n"
            "Contact: <sip:alice@192.0.2.1:5060>\r\n"
            "Accept: application/sdp\r\n"
            "Content-Length: 0\r\n\r\n" % (branch, branch, call, cseq)).encode()


FRAG_200 = b"SIP/2.0 200 OK\r\n"


# ---- the captures ---------------------------------------------------------------------------

def gen_refer_flood(w, n):
    for i in range(n):
        call = "rf%d@192.0.2.1" % i
        w.udp(refer(call, "f%d" % i, "t%d" % i, 1, "sip:carol%d@192.0.2.3" % i, "r%d" % i))
        w.udp(response(202, "Accepted", call, "f%d" % i, "t%d" % i, 1, "REFER", "r%d" % i),
              reverse=True)
    return n


def gen_orphan_notify(w, n):
    for i in range(n):
        call = "on%d@192.0.2.1" % i
        w.udp(notify(call, "t%d" % i, "f%d" % i, 2, "refer;id=%d" % (i + 1),
                     "active;expires=60", FRAG_200, "n%d" % i), reverse=True)
        w.udp(response(200, "OK", call, "f%d" % i, "t%d" % i, 2, "NOTIFY", "n%d" % i,
                       via_host="192.0.2.2"))
    return 0


def gen_one_dialog(w, n):
    call = "one-dialog@192.0.2.1"
    for i in range(1, n + 1):
        w.udp(refer(call, "F", "T", i, "sip:carol%d@192.0.2.3" % i, "d%d" % i))
        w.udp(response(202, "Accepted", call, "F", "T", i, "REFER", "d%d" % i), reverse=True)
    for i in range(1, n + 1):
        w.udp(notify(call, "T", "F", i, "refer", "terminated;reason=noresource", FRAG_200,
                     "m%d" % i), reverse=True)
        w.udp(response(200, "OK", call, "F", "T", i, "NOTIFY", "m%d" % i,
                       via_host="192.0.2.2"))
    return n


def gen_options(w, n):
    for i in range(n):
        call = "op%d@192.0.2.1" % i
        w.udp(options(call, 1, "o%d" % i))
        w.udp(response(200, "OK", call, "o%d" % i, "b%d" % i, 1, "OPTIONS", "o%d" % i),
              reverse=True)
    return 0


class TcpStream:
    """One TCP connection between A (ephemeral port) and B:5060, MSS 1448."""
    MSS = 1448

    def __init__(self, w, sport=40000):
        self.w, self.sport = w, sport
        self.seq_a, self.seq_b = 1000, 5000
        w.tcp(b"", self.seq_a, 0, 0x02, sport=sport)                       # SYN
        w.tcp(b"", self.seq_b, self.seq_a + 1, 0x12, True, sport=sport)   # SYN-ACK
        self.seq_a += 1
        self.seq_b += 1
        w.tcp(b"", self.seq_a, self.seq_b, 0x10, sport=sport)               # ACK

    def send(self, data, from_b=False):
        for off in range(0, len(data), self.MSS):
            seg = data[off:off + self.MSS]
            if from_b:
                self.w.tcp(seg, self.seq_b, self.seq_a, 0x18, True, sport=self.sport)
                self.seq_b += len(seg)
            else:
                self.w.tcp(seg, self.seq_a, self.seq_b, 0x18, sport=self.sport)
                self.seq_a += len(seg)


def gen_big_sipfrag(w, size):
    s = TcpStream(w)
    one_line = b"SIP/2.0 200 " + b"O" * (size - 14) + b"\r\n"
    line = b"X-Padding: " + b"p" * 51 + b"\r\n"          # 64 bytes
    many_lines = FRAG_200 + line * ((size - len(FRAG_200)) // len(line))
    for cseq, body in ((1, one_line), (2, many_lines)):
        call, branch = "big-sipfrag@192.0.2.1", "b%d" % cseq
        s.send(refer(call, "F", "T", cseq, "sip:carol%d@192.0.2.3" % cseq, branch, "TCP"))
        s.send(response(202, "Accepted", call, "F", "T", cseq, "REFER", branch, "TCP"),
               from_b=True)
        s.send(notify(call, "T", "F", cseq, "refer;id=%d" % cseq,
                      "terminated;reason=noresource", body, "nb%d" % cseq, "TCP"),
               from_b=True)
        s.send(response(200, "OK", call, "F", "T", cseq, "NOTIFY", "nb%d" % cseq, "TCP",
                        via_host="192.0.2.2"))
    return 2


CAPTURES = {
    # name: (generator, count at scale 1, what the count is)
    "refer-flood": (gen_refer_flood, 1000000),
    "orphan-notify": (gen_orphan_notify, 1000000),
    "big-sipfrag": (gen_big_sipfrag, 1 << 20),
    "one-dialog": (gen_one_dialog, 100000),
    "options-1m": (gen_options, 1000000),
    "options-100k": (gen_options, 100000),
}
UNSCALED = {"big-sipfrag"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply every count (0.1 for a tenth); the 1 MB sipfrag stays")
    ap.add_argument("--gap-us", type=int, default=100, help="microseconds between packets")
    ap.add_argument("--only", nargs="*", choices=sorted(CAPTURES), default=None)
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    manifest = os.path.join(args.out, "flood-manifest.txt")
    rows = {}
    if os.path.exists(manifest):
        for line in open(manifest):
            parts = line.split()
            if len(parts) == 5 and parts[0] != "#":
                rows[parts[0]] = parts
    for name in args.only or list(CAPTURES):
        gen, count = CAPTURES[name]
        n = count if name in UNSCALED else max(1, int(count * args.scale))
        path = os.path.join(args.out, name + ".pcap")
        t0 = time.time()
        w = PcapWriter(path, args.gap_us)
        refers = gen(w, n)
        w.close()
        dt = time.time() - t0
        print("%-14s %9d packets %9d REFERs %8.1f MB  %5.1f s" % (
            name, w.packets, refers, os.path.getsize(path) / 1e6, dt), flush=True)
        rows[name] = [name, str(w.packets), str(refers), str(n), str(args.gap_us)]
    with open(manifest, "w") as fh:
        fh.write("# name packets refers count gap_us\n")
        for name in CAPTURES:
            if name in rows:
                fh.write(" ".join(rows[name]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
