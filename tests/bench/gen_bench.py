#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a large, realistic SIP capture for the overhead benchmark (classic pcap, Ethernet).

The SIP messages are the ones of the project's own captures (captures/real-sipp-*.pcapng,
real-kamailio.pcapng, crafted-refer-*.pcapng), read once at start-up by a small pcapng
reader. Each capture becomes one or more scenarios (a call, a registration, a transfer...).
The benchmark capture replays scenario instances drawn with fixed weights, each with fresh
Call-IDs, tags, branches and transfer target users, at Poisson arrival times, with a random
hold time before the BYE so that thousands of dialogs overlap, as on a busy trunk. Messages
of all instances are merged in time order. Every SIP message is one UDP datagram between
port 5060 and port 5060; a share of the instances (--tcp) runs over TCP instead, each pair
of parties over its own connection (handshake, one message per segment, correct sequence
and acknowledgement numbers).

Python 3 standard library only. Deterministic: the same arguments give the same bytes.
The output is never committed; the benchmark writes it under its work directory.

    gen_bench.py OUT.pcap [-n 1000000] [--seed 1] [--tcp 0.05] [--rate 100] [--stats]
"""
import argparse
import bisect
import heapq
import os
import random
import re
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.normpath(os.path.join(HERE, "..", "..", "captures"))

# ---- reading the source captures ---------------------------------------------------------


def read_pcapng(path):
    """(timestamp in ns, link type, frame bytes) of every Enhanced/Simple Packet Block."""
    data = open(path, "rb").read()
    off, le, ifaces = 0, "<", []
    while off + 12 <= len(data):
        btype = struct.unpack_from("<I", data, off)[0]
        if btype == 0x0A0D0D0A:
            bom = struct.unpack_from("<I", data, off + 8)[0]
            le = "<" if bom == 0x1A2B3C4D else ">"
            ifaces = []
        blen = struct.unpack_from(le + "I", data, off + 4)[0]
        if blen < 12:
            raise ValueError("%s: bad block length at %d" % (path, off))
        body = data[off + 8:off + blen - 4]
        if btype == 1:  # Interface Description Block
            linktype = struct.unpack_from(le + "H", body, 0)[0]
            tsres, o = 6, 8
            while o + 4 <= len(body):
                code, olen = struct.unpack_from(le + "HH", body, o)
                if code == 0:
                    break
                if code == 9 and olen >= 1:
                    tsres = body[o + 4]
                o += 4 + ((olen + 3) & ~3)
            ifaces.append((linktype, tsres))
        elif btype == 6:  # Enhanced Packet Block
            iface, th, tl, caplen = struct.unpack_from(le + "IIII", body, 0)
            linktype, tsres = ifaces[iface]
            ticks = (th << 32) | tl
            if tsres & 0x80:
                ns = ticks * 10**9 // (2 ** (tsres & 0x7F))
            else:
                ns = ticks * 10**9 // (10 ** tsres) if tsres <= 9 else ticks // 10 ** (tsres - 9)
            yield ns, linktype, body[20:20 + caplen]
        off += blen


def split_frame(frame):
    """(src ip text, dst ip text, 'udp'|'tcp', flow key, payload) or None (Ethernet only)."""
    et = struct.unpack_from(">H", frame, 12)[0]
    off = 14
    if et == 0x8100:
        et = struct.unpack_from(">H", frame, 16)[0]
        off = 18
    if et == 0x0800:
        ihl = (frame[off] & 15) * 4
        proto = frame[off + 9]
        src = ".".join(str(b) for b in frame[off + 12:off + 16])
        dst = ".".join(str(b) for b in frame[off + 16:off + 20])
        l4 = off + ihl
    elif et == 0x86DD:
        proto = frame[off + 6]
        src = frame[off + 8:off + 24].hex()
        dst = frame[off + 24:off + 40].hex()
        l4 = off + 40
    else:
        return None
    if proto == 17:
        sport, dport = struct.unpack_from(">HH", frame, l4)
        return src, dst, "udp", (src, sport, dst, dport), frame[l4 + 8:]
    if proto == 6:
        sport, dport = struct.unpack_from(">HH", frame, l4)
        doff = (frame[l4 + 12] >> 4) * 4
        return src, dst, "tcp", (src, sport, dst, dport), frame[l4 + doff:]
    return None


CLEN_RE = re.compile(rb"^(?:Content-Length|l)[ \t]*:[ \t]*(\d+)", re.I | re.M)


def split_stream(buf):
    """Complete SIP messages at the start of a TCP byte stream, and the rest."""
    out = []
    while True:
        while buf.startswith(b"\r\n"):
            buf = buf[2:]
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            return out, buf
        m = CLEN_RE.search(buf[:end + 2])
        total = end + 4 + (int(m.group(1)) if m else 0)
        if len(buf) < total:
            return out, buf
        out.append(buf[:total])
        buf = buf[total:]


def sip_messages(path):
    """[(time ns, src, dst, message bytes)] of one capture, TCP streams split into messages."""
    msgs, streams = [], {}
    for ns, linktype, frame in read_pcapng(path):
        if linktype != 1:
            raise ValueError("%s: link type %d, want Ethernet" % (path, linktype))
        parts = split_frame(frame)
        if parts is None or not parts[4]:
            continue
        src, dst, proto, flow, payload = parts
        if proto == "udp":
            msgs.append((ns, src, dst, bytes(payload)))
        else:
            done, streams[flow] = split_stream(streams.get(flow, b"") + bytes(payload))
            msgs.extend((ns, src, dst, m) for m in done)
    return msgs


# ---- scenarios -----------------------------------------------------------------------------

# Values that must be fresh in every instance. Each is followed by one of these delimiters.
END = rb"(?=[;>,\"\s]|$)"
CALL_ID_RE = re.compile(rb"^(?:Call-ID|i)[ \t]*:[ \t]*([^\r\n]+?)[ \t]*\r?$", re.I | re.M)
TAG_RE = re.compile(rb";tag=([^;>,\"\s]+)")
BRANCH_RE = re.compile(rb";branch=([^;>,\"\s]+)")
REFER_TO_USER_RE = re.compile(rb"^(?:Refer-To|r)[ \t]*:[^\r\n]*?sips?:([^@>;\s]+)@", re.I | re.M)
MEDIA_PORT_RE = re.compile(rb"^m=audio (\d{5}) ", re.M)
FIRST_LINE_RE = re.compile(rb"^(?:SIP/2\.0 (\d{3})|([A-Z]+) )")
CSEQ_RE = re.compile(rb"^CSeq[ \t]*:[ \t]*\d+[ \t]+([A-Za-z]+)", re.I | re.M)


class Template:
    """One message of a scenario: bytes with slots for the per-instance values."""

    __slots__ = ("offset", "src", "dst", "fmt", "slots", "fix_clen", "is_bye")

    def __init__(self, offset, src, dst, fmt, slots, fix_clen, is_bye):
        self.offset, self.src, self.dst = offset, src, dst
        self.fmt, self.slots, self.fix_clen, self.is_bye = fmt, slots, fix_clen, is_bye


class Scenario:
    def __init__(self, name, category, msgs):
        self.name, self.category = name, category
        t0 = msgs[0][0]
        tokens = {}  # original bytes -> (slot, kind)
        for _, _, _, m in msgs:
            for rx, kind in ((CALL_ID_RE, "callid"), (TAG_RE, "tag"), (BRANCH_RE, "branch"),
                             (REFER_TO_USER_RE, "user"), (MEDIA_PORT_RE, "mport")):
                for t in rx.findall(m):
                    t = t.strip()
                    if t and t not in tokens:
                        tokens[t] = (len(tokens), kind)
        self.slot_kinds = [None] * len(tokens)
        self.slot_orig = [None] * len(tokens)
        for t, (slot, kind) in tokens.items():
            self.slot_kinds[slot], self.slot_orig[slot] = kind, t
        alts = []
        for t in sorted(tokens, key=len, reverse=True):
            if tokens[t][1] == "user":
                alts.append(rb"(?<=sip:)" + re.escape(t) + rb"(?=@)")
            elif tokens[t][1] == "mport":
                alts.append(rb"(?<=^m=audio )" + re.escape(t) + rb"(?= )")
            else:
                alts.append(re.escape(t) + END)
        token_re = re.compile(b"|".join(alts), re.M) if alts else None
        self.templates = []
        for ns, src, dst, m in msgs:
            fmt, slots, pos = [], [], 0
            head_end = m.find(b"\r\n\r\n")
            fix_clen = False
            for hit in (token_re.finditer(m) if token_re else ()):
                fmt.append(m[pos:hit.start()].replace(b"%", b"%%"))
                fmt.append(b"%s")
                slots.append(tokens[hit.group(0)][0])
                if head_end >= 0 and hit.start() > head_end:
                    fix_clen = True
                pos = hit.end()
            fmt.append(m[pos:].replace(b"%", b"%%"))
            first = FIRST_LINE_RE.match(m)
            self.templates.append(Template(ns - t0, src, dst, b"".join(fmt), tuple(slots),
                                           fix_clen, bool(first and first.group(2) == b"BYE")))
        # The message a hold time is inserted before: the first BYE after an answered call.
        self.bye_index = next((i for i, t in enumerate(self.templates) if t.is_bye), None)
        self.parties = sorted({t.src for t in self.templates} | {t.dst for t in self.templates})


def categorise(msgs):
    methods, finals = set(), []
    for _, _, _, m in msgs:
        f = FIRST_LINE_RE.match(m)
        if not f:
            continue
        if f.group(2):
            methods.add(f.group(2).decode())
        else:
            cs = CSEQ_RE.search(m)
            if cs and cs.group(1).upper() == b"INVITE" and int(f.group(1)) >= 200:
                finals.append(int(f.group(1)))
    if "REFER" in methods or any(b"Event: refer" in m for _, _, _, m in msgs):
        return "transfer"
    if "REGISTER" in methods:
        return "register"
    if "INVITE" in methods:
        return "call_ok" if finals and finals[0] < 300 else "call_fail"
    return "other"


# Captures that test a limit rather than show traffic: the 70 NOTIFYs of one transfer would
# be about 3 % of a 5 000-message slice, all of them rendering 64 NOTIFY frames; the 65
# unanswered REFERs to one target are a hostile pattern, not a load.
LIMIT_TESTS = {"crafted-refer-many-notifies.pcapng", "crafted-refer-trigger-scan-limit.pcapng"}


def load_scenarios(captures):
    """Scenarios from the project's captures. The call captures split by Call-ID; a transfer
    capture is one scenario, since its triggered INVITE has a Call-ID of its own."""
    scenarios = []
    names = sorted(os.listdir(captures))
    per_call = ["real-sipp-responses-udp.pcapng", "real-sipp-ipv6.pcapng",
                "real-kamailio.pcapng"]
    whole = ["real-sipp-transfer.pcapng", "real-sipp-transfer-fail.pcapng"] + \
        [n for n in names if n.startswith("crafted-refer-") and n.endswith(".pcapng")
         and n not in LIMIT_TESTS]
    for name in per_call + whole:
        path = os.path.join(captures, name)
        if not os.path.exists(path):
            raise SystemExit("gen_bench: missing capture %s" % path)
        msgs = sip_messages(path)
        if name in per_call:
            groups = {}
            for rec in msgs:
                m = CALL_ID_RE.search(rec[3])
                groups.setdefault(m.group(1).strip() if m else b"", []).append(rec)
            for i, g in enumerate(groups.values()):
                scenarios.append(Scenario("%s#%d" % (name, i + 1), categorise(g), g))
        else:
            scenarios.append(Scenario(name, categorise(msgs), msgs))
    return scenarios


# Share of scenario instances per category, and inside "transfer" the share of the
# recorded (SIPp) transfers against the crafted corner cases.
CATEGORY_WEIGHTS = {"call_ok": 60, "call_fail": 22, "register": 10, "other": 3, "transfer": 5}
REAL_TRANSFER_SHARE = 0.6


def weights_for(scenarios):
    by_cat = {}
    for s in scenarios:
        by_cat.setdefault(s.category, []).append(s)
    weights = []
    for s in scenarios:
        group = by_cat[s.category]
        w = CATEGORY_WEIGHTS[s.category] / len(group)
        if s.category == "transfer":
            real = [g for g in group if g.name.startswith("real-")]
            crafted = [g for g in group if not g.name.startswith("real-")]
            share = REAL_TRANSFER_SHARE if s.name.startswith("real-") else 1 - REAL_TRANSFER_SHARE
            w = CATEGORY_WEIGHTS["transfer"] * share / len(real if s in real else crafted)
        weights.append(w)
    return weights


# ---- addresses -----------------------------------------------------------------------------

def ipv4_of(addr, v6map):
    """The IPv4 address for a source address; IPv6 ones get 127.0.1.x in order of meeting."""
    if "." in addr:
        return bytes(int(x) for x in addr.split("."))
    if addr not in v6map:
        v6map[addr] = bytes((127, 0, 1, 1 + len(v6map)))
    return v6map[addr]


def mac_of(ip4):
    return b"\x02\x00" + ip4


def checksum_words(b):
    return sum(struct.unpack("!%dH" % (len(b) // 2), b))


# ---- writing ---------------------------------------------------------------------------------

BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def b36(n):
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = BASE36[r] + s
        if n == 0:
            return s


class Writer:
    REC = struct.Struct("<IIII")
    IP = struct.Struct("!BBHHHBBH4s4s")
    UDP = struct.Struct("!HHHH")
    TCP = struct.Struct("!HHIIBBHHH")

    def __init__(self, f):
        self.f = f
        self.chunks, self.size = [], 0
        self.ip_id = 0
        self.eth = {}
        self.frames = 0
        self.bytes = 0
        f.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1))  # ns pcap, Ethernet

    def _eth(self, src, dst):
        key = (src, dst)
        e = self.eth.get(key)
        if e is None:
            e = (mac_of(dst) + mac_of(src) + b"\x08\x00",
                 0x4500 + 0x4000 + checksum_words(src + dst))
            self.eth[key] = e
        return e

    def packet(self, ns, src, dst, proto, l4):
        eth, partial = self._eth(src, dst)
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        tlen = 20 + len(l4)
        s = partial + tlen + self.ip_id + (proto)  # ttl 64 (0x40xx) is in partial
        s = (s & 0xFFFF) + (s >> 16)
        s = (s & 0xFFFF) + (s >> 16)
        ip = self.IP.pack(0x45, 0, tlen, self.ip_id, 0, 64, proto, 0xFFFF - s, src, dst)
        n = 14 + tlen
        sec, nsec = divmod(ns, 1000000000)
        rec = self.REC.pack(sec, nsec, n, n)
        self.chunks += (rec, eth, ip, l4)
        self.size += 16 + n
        self.frames += 1
        if self.size >= 1 << 20:
            self.flush()

    def udp(self, ns, src, dst, payload):
        self.packet(ns, src, dst, 17,
                    self.UDP.pack(5060, 5060, 8 + len(payload), 0) + payload)

    def tcp(self, ns, src, dst, sport, dport, seq, ack, flags, payload=b""):
        hdr = self.TCP.pack(sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags,
                            65535, 0, 0)
        self.packet(ns, src, dst, 6, hdr + payload)

    def flush(self):
        self.bytes += self.size
        self.f.write(b"".join(self.chunks))
        self.chunks, self.size = [], 0


class TcpConn:
    __slots__ = ("client", "server", "cport", "cseq", "sseq")

    def __init__(self, client, server, cport, isn):
        self.client, self.server, self.cport = client, server, cport
        self.cseq, self.sseq = isn, isn ^ 0x5A5A5A5A


def to_tcp(fmt):
    return fmt.replace(b"SIP/2.0/UDP", b"SIP/2.0/TCP").replace(b"transport=UDP", b"transport=TCP")


def generate(out, n_messages, seed=1, tcp_share=0.05, rate=100.0, hold=(2.0, 60.0),
             captures=CAPTURES, start_epoch=1767261600, stats=None):
    rng = random.Random(seed)
    scenarios = load_scenarios(captures)
    weights = weights_for(scenarios)
    cum = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    v6map = {}
    addr = {}
    for s in scenarios:
        for t in s.templates:
            for a in (t.src, t.dst):
                if a not in addr:
                    addr[a] = ipv4_of(a, v6map)
    tcp_fmts = {id(t): to_tcp(t.fmt) for s in scenarios for t in s.templates}

    heap = []       # (time ns, sequence, instance, template index)
    scheduled = emitted = 0
    instance_no = 0
    seq = 0
    next_start = start_epoch * 10**9
    port = 20000
    counts = {}
    fix_re = CLEN_RE

    with open(out, "wb") as f:
        w = Writer(f)
        while emitted < n_messages:
            # Start instances until the next one would begin after the earliest pending message.
            while scheduled < n_messages and (not heap or next_start <= heap[0][0]):
                s = scenarios[bisect.bisect_left(cum, rng.random() * acc)]
                k = b36(instance_no).encode()
                instance_no += 1
                vals = []
                ports = 0
                for kind, orig in zip(s.slot_kinds, s.slot_orig):
                    if kind == "callid":
                        vals.append(k + b"-" + orig)
                    elif kind == "user":
                        vals.append(orig + k)
                    elif kind == "mport":
                        # A fresh even RTP port per call and party, five digits like the
                        # original so that the SDP keeps its length; reused after 6 250
                        # instances, as media gateways reuse their port ranges.
                        vals.append(b"%d" % (10000 + (instance_no * 8 + 2 * ports) % 50000))
                        ports = min(ports + 1, 3)
                    else:
                        vals.append(orig + b"-" + k)
                use_tcp = rng.random() < tcp_share
                inst = [s, vals, use_tcp, {}]
                holdns = int(rng.uniform(*hold) * 1e9) if s.bye_index is not None else 0
                for i, t in enumerate(s.templates):
                    when = next_start + t.offset + (holdns if s.bye_index is not None and
                                                    i >= s.bye_index else 0)
                    heapq.heappush(heap, (when, seq, inst, i))
                    seq += 1
                scheduled += len(s.templates)
                counts[s.category] = counts.get(s.category, 0) + 1
                next_start += int(rng.expovariate(rate) * 1e9) + 1
            when, _, inst, i = heapq.heappop(heap)
            s, vals, use_tcp, conns = inst
            t = s.templates[i]
            fmt = tcp_fmts[id(t)] if use_tcp else t.fmt
            payload = fmt % tuple(vals[j] for j in t.slots) if t.slots else fmt.replace(b"%%", b"%")
            if t.fix_clen:
                head_end = payload.find(b"\r\n\r\n")
                blen = len(payload) - head_end - 4
                payload = fix_re.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] +
                                     str(blen).encode(), payload[:head_end], 1) + \
                    payload[head_end:]
            src, dst = addr[t.src], addr[t.dst]
            if not use_tcp:
                w.udp(when, src, dst, payload)
            else:
                key = (src, dst) if src < dst else (dst, src)
                c = conns.get(key)
                if c is None:
                    port = 20000 + (port - 20000 + 1) % 40000
                    c = TcpConn(src, dst, port, rng.getrandbits(32))
                    conns[key] = c
                    w.tcp(when - 3000, src, dst, port, 5060, c.cseq, 0, 0x02)  # SYN
                    w.tcp(when - 2000, dst, src, 5060, port, c.sseq, c.cseq + 1, 0x12)
                    c.cseq += 1
                    c.sseq += 1
                    w.tcp(when - 1000, src, dst, port, 5060, c.cseq, c.sseq, 0x10)
                if src == c.client:
                    w.tcp(when, src, dst, c.cport, 5060, c.cseq, c.sseq, 0x18, payload)
                    c.cseq += len(payload)
                else:
                    w.tcp(when, src, dst, 5060, c.cport, c.sseq, c.cseq, 0x18, payload)
                    c.sseq += len(payload)
            emitted += 1
        w.flush()
    if stats is not None:
        stats.update(frames=w.frames, bytes=w.bytes, instances=instance_no,
                     categories=counts, scenarios=len(scenarios))
    return w.frames


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="pcap file to write")
    ap.add_argument("-n", "--messages", type=int, default=1000000,
                    help="number of SIP messages (default 1000000; e.g. 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tcp", type=float, default=0.05,
                    help="share of scenario instances sent over TCP (default 0.05; 0 for none)")
    ap.add_argument("--rate", type=float, default=100.0,
                    help="scenario instances started per second of capture time (default 100)")
    ap.add_argument("--captures", default=CAPTURES, help="folder of the source captures")
    ap.add_argument("--stats", action="store_true", help="print what was written")
    ap.add_argument("--list-scenarios", action="store_true",
                    help="print the scenarios read from the captures and exit")
    a = ap.parse_args()
    if a.list_scenarios:
        scen = load_scenarios(a.captures)
        for s, wt in zip(scen, weights_for(scen)):
            print("%-10s %6.3f %3d msgs  %s" % (s.category, wt, len(s.templates), s.name))
        return
    if a.messages < 1:
        ap.error("--messages must be at least 1")
    t0 = time.time()
    st = {}
    generate(a.out, a.messages, a.seed, a.tcp, a.rate, captures=a.captures, stats=st)
    if a.stats:
        print("%s: %d SIP messages in %d frames, %d bytes, %d scenario instances %s, "
              "%.1f s" % (a.out, a.messages, st["frames"], st["bytes"] + 24, st["instances"],
                          dict(sorted(st["categories"].items())), time.time() - t0),
              file=sys.stderr)


if __name__ == "__main__":
    main()
