#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seed corpora of the libFuzzer harnesses from the captures in captures/.

    python3 tests/fuzz/gen_corpus.py [--captures DIR] [--out DIR] [--tshark PATH]

For each harness, corpus/<harness>/ gets one file per distinct input, named by its SHA-1
(as libFuzzer names them):
  fuzz_status_line  Status-Line values, sipfrag lines, and first lines of undissected data
  fuzz_parsers      Event, Require, Supported, Allow, Refer-Sub, Subscription-State values
  fuzz_codes        (status code, CSeq method) pairs, in the harness's binary format
  fuzz_tracker      each capture's SIP messages as the glue feeds them to the tracker
  fuzz_txn          each capture's requests and responses as the glue feeds the txn table
  fuzz_headers      values of the headers sipadv_headers.h parses (Retry-After, Warning...)
  fuzz_hints        each response with a header the hints use, as a sipadv_hint_input
The tracker and txn seeds use the formats documented in fuzz_tracker.c and fuzz_input.h.
tshark runs without any plugin: only the SIP dissector's fields are read.
"""
import argparse
import glob
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

FIELDS = [
    "frame.number", "frame.time_relative", "sip.Method", "sip.Status-Code",
    "sip.CSeq.method", "sip.CSeq.seq", "sip.Call-ID", "sip.from.tag", "sip.to.tag",
    "sip.r-uri", "sip.resend", "sip.Event", "sip.Subscription-State", "sip.Refer-To",
    "sip.Refer-Sub", "sip.Require", "sip.Referred-by", "sipfrag.line", "ip.src", "ip.dst",
    "ipv6.src", "ipv6.dst", "udp.srcport", "udp.dstport", "tcp.srcport", "tcp.dstport",
    "sip.Retry-After", "sip.Status-Line", "sip.Supported", "sip.Allow",
]
# sipadv_hint_input's header fields, in its order (see fuzz_hints.c).
HINT_FIELDS = [
    "sip.Retry-After", "sip.Min-Expires", "sip.Min-SE", "sip.Allow", "sip.Allow-Events",
    "sip.Accept", "sip.Accept-Encoding", "sip.Accept-Language", "sip.Unsupported",
    "sip.Require", "sip.Recv-Info", "sip.Accept-Resource-Priority", "sip.Warning",
    "sip.Reason", "sip.WWW-Authenticate", "sip.Proxy-Authenticate", "sip.Contact",
]
HEADER_FIELDS = sorted(set(HINT_FIELDS + ["sip.Expires", "sip.Session-Expires",
                                          "sip.Supported"]))


def tshark_rows(tshark, capture, fields, occurrence="f", extra=()):
    empty = tempfile.mkdtemp(prefix="sipadv-noplugins-")
    env = dict(os.environ, WIRESHARK_PLUGIN_DIR=empty, LC_ALL="C.UTF-8")
    cmd = [tshark, "-n", "-r", capture, "-T", "fields", "-E", "separator=/t",
           "-E", "occurrence=" + occurrence, "-E", "aggregator=\x1f", "-E", "quote=n"]
    cmd += list(extra)
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, env=env, capture_output=True, check=True).stdout
    os.rmdir(empty)
    for line in out.decode("utf-8", "replace").splitlines():
        cols = line.split("\t")
        cols += [""] * (len(fields) - len(cols))
        yield dict(zip(fields, cols))


# ---- encoders mirroring fuzz_input.h / fuzz_tracker.c ------------------------------------

def enc_str(s):
    if s is None or s == "":
        return bytes([0xFD]) if s is None else bytes([0xFF, 0])
    b = s.encode("utf-8", "replace")
    if len(b) <= 255:
        return bytes([0xFF, len(b)]) + b
    b = b[:65535]
    return bytes([0xFE]) + struct.pack("<H", len(b)) + b


def enc_number(n):
    return bytes([0xFF]) + struct.pack("<I", n & 0xFFFFFFFF)


def enc_code(c):
    return bytes([0xFF]) + struct.pack("<H", c & 0xFFFF)


def enc_gap(seconds):
    ms = max(0, int(round(seconds * 1000)))
    return bytes([0xFF]) + struct.pack("<I", min(ms, 0xFFFFFFFF))


def opt(row, f):
    v = row.get(f, "")
    return v if v != "" else None


def as_int(v, default=0):
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def refer_sub_false(row):
    rs = (opt(row, "sip.Refer-Sub") or "").split(";")[0].strip().lower()
    req = [t.split(";")[0].strip().lower() for t in (opt(row, "sip.Require") or "").split(",")]
    return rs == "false" or "nosub" in req


def tracker_seed(rows):
    out = bytearray([0])  # timeout selector: 32 s
    last_t = 0.0
    for row in rows:
        t = float(row["frame.time_relative"] or 0)
        gap = enc_gap(t - last_t)
        last_t = t
        method = opt(row, "sip.Method")
        code = as_int(opt(row, "sip.Status-Code"), None)
        cseq_m = opt(row, "sip.CSeq.method")
        resend = row.get("sip.resend") in ("1", "True")
        call, ftag, ttag = opt(row, "sip.Call-ID"), opt(row, "sip.from.tag"), opt(row, "sip.to.tag")
        seq = as_int(opt(row, "sip.CSeq.seq"))
        if code is not None and cseq_m == "REFER":
            op = 1 | (0x10 if 200 <= code < 300 and refer_sub_false(row) else 0) | (0x20 if resend else 0)
            out += bytes([op]) + gap + enc_str(call) + enc_str(ftag) + enc_str(ttag)
            out += enc_number(seq) + enc_code(code)
        elif code is not None and cseq_m == "INVITE":
            out += bytes([4]) + gap + enc_str(call) + enc_number(seq) + enc_code(code)
        elif code is not None:
            continue
        elif method == "CANCEL":
            out += bytes([5 | 0x10]) + gap + enc_str(call) + enc_number(seq)
        elif method == "REFER":
            op = 0 | (0x10 if refer_sub_false(row) else 0) | (0x20 if resend else 0)
            out += bytes([op]) + gap + enc_str(call) + enc_str(ftag) + enc_str(ttag)
            out += enc_number(seq) + enc_str(opt(row, "sip.Refer-To"))
        elif method == "NOTIFY":
            ev = opt(row, "sip.Event") or ""
            pkg, _, params = ev.partition(";")
            if pkg.strip().lower() != "refer":
                continue
            ident = None
            for p in params.split(";"):
                k, _, v = p.partition("=")
                if k.strip().lower() == "id":
                    ident = as_int(v.strip(), 0)
            op = 2 | (0x10 if ident is not None else 0) | (0x20 if resend else 0)
            out += bytes([op]) + gap + enc_str(call) + enc_str(ftag) + enc_str(ttag)
            out += enc_number(ident or 0) + enc_str(opt(row, "sipfrag.line"))
            out += enc_str(opt(row, "sip.Subscription-State"))
        elif method == "INVITE":
            op = 3 | (0x10 if opt(row, "sip.Referred-by") else 0) | (0x20 if ttag else 0)
            op |= 0x40 if resend else 0
            out += bytes([op]) + gap + enc_str(call) + enc_str(opt(row, "sip.r-uri"))
    return bytes(out)


def endpoint(row, side):
    addr = opt(row, "ip." + side) or opt(row, "ipv6." + side) or ""
    if ":" in addr:
        addr = "[%s]" % addr
    port = opt(row, "udp.%sport" % side) or opt(row, "tcp.%sport" % side) or "0"
    return "%s:%s" % (addr, port)


def txn_seed(rows):
    out = bytearray([0])  # horizon selector: 300 s
    last_t = 0.0
    for row in rows:
        t = float(row["frame.time_relative"] or 0)
        gap = enc_gap(t - last_t)
        last_t = t
        method = opt(row, "sip.Method")
        code = as_int(opt(row, "sip.Status-Code"), None)
        call, seq = opt(row, "sip.Call-ID"), as_int(opt(row, "sip.CSeq.seq"))
        if code is not None:
            key = enc_str(call) + enc_number(seq) + enc_str(opt(row, "sip.CSeq.method"))
            out += bytes([2]) + gap + key + enc_str(endpoint(row, "dst"))
            ra = as_int(opt(row, "sip.Retry-After"), None)
            if ra is not None:
                out += bytes([4 | 8]) + gap + enc_str(endpoint(row, "dst"))
                out += enc_str(opt(row, "sip.CSeq.method")) + enc_str(None) + struct.pack("<I", ra)
        elif method is not None:
            key = enc_str(call) + enc_number(seq) + enc_str(method) + enc_str(endpoint(row, "src"))
            out += bytes([5]) + gap + enc_str(endpoint(row, "src")) + enc_str(method)
            out += enc_str(opt(row, "sip.r-uri"))
            out += bytes([7 | 8, 0]) + key + enc_str(None) * 5 + enc_str(opt(row, "sip.r-uri"))
    return bytes(out)


def headers_seed(value, number):
    # max items 16, a number for the code tables, then the value (fuzz_headers.c)
    return bytes([16]) + struct.pack("<I", number & 0xFFFFFFFF) + value.encode("utf-8", "replace")


def hints_seed(row):
    code = as_int(row.get("sip.Status-Code"), 0)
    out = bytearray([0xFF]) + struct.pack("<H", code & 0xFFFF)
    out += enc_str(opt(row, "sip.CSeq.method"))
    for f in HINT_FIELDS:
        out += enc_str(opt(row, f))
    out += bytes([0])            # no request (else: u32 frame, u32 ms, 6 strings)
    out += bytes(20)             # retry record: all zero
    return bytes(out)


def codes_seed(code, method):
    return struct.pack("<I", code) + bytes([0]) + (method or "").encode()


class Corpus:
    def __init__(self, out, name):
        self.dir = os.path.join(out, name)
        os.makedirs(self.dir, exist_ok=True)
        self.items = {}

    def add(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8", "replace")
        if data and len(data) <= 8192:
            self.items[hashlib.sha1(data).hexdigest()] = data

    def write(self, limit):
        for f in glob.glob(os.path.join(self.dir, "*")):
            os.remove(f)
        # Keep the shortest distinct entries first: small seeds fuzz fastest.
        for h, data in sorted(self.items.items(), key=lambda kv: (len(kv[1]), kv[0]))[:limit]:
            with open(os.path.join(self.dir, h), "wb") as fh:
                fh.write(data)
        return min(limit, len(self.items))


HAND_WRITTEN = {
    "fuzz_status_line": ["SIP/2.0 200 OK\r\n", "SIP/2.0 48 Short", "SIP/2.0 4866 Long",
                         "SIP/2.0 4a6 Letters", "SIP/2.0 000 Zero", "  sip/2.0 100 Trying  ",
                         "SIP/2.0\t183", "SIP/2.0 9999999999 Huge", "SIP/2..0 200 OK",
                         "INVITE sip:bob@example.com SIP/2.0"],
    "fuzz_headers": [b"\x10\x11\x00\x00\x00" + v for v in (
        b"120 (in a meeting);duration=3600", b"4294967296", b"1800;refresher=uac",
        b'399 pbx.example.com "Busy, really", 305 sbc "x"',
        b'Q.850;cause=17;text="User busy", SIP;cause=480',
        b'Digest realm="example.com", nonce="abc", qop="auth,auth-int", stale=true',
        b'"A, a" <sip:a@example.com;expires=5>;expires=60, sip:b@example.com;expires=30',
        b"*", b"INVITE, ACK, ,BYE;x=1, bad token")],
    "fuzz_parsers": ["refer;id=4294967295", "refer;id=4294967296", "refer ; ID = 7 ;x",
                     "refer;id", "refer;id=;id=5", "presence", "nosub, replaces;x=1",
                     "FALSE;p=1", "terminated;reason=noresource"],
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--captures", default=os.path.join(ROOT, "captures"))
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--tshark", default="tshark")
    ap.add_argument("--limit", type=int, default=64, help="max seeds per harness")
    args = ap.parse_args()

    names = ["fuzz_status_line", "fuzz_parsers", "fuzz_codes", "fuzz_tracker", "fuzz_txn",
             "fuzz_headers", "fuzz_hints"]
    corpora = {n: Corpus(args.out, n) for n in names}
    for n, items in HAND_WRITTEN.items():
        for s in items:
            corpora[n].add(s)

    captures = sorted(glob.glob(os.path.join(args.captures, "*.pcap*")))
    if not captures:
        sys.exit("no captures in " + args.captures)
    for cap in captures:
        rows = list(tshark_rows(args.tshark, cap, FIELDS))
        for row in rows:
            for f in ("sip.Status-Line",):
                if opt(row, f):
                    corpora["fuzz_status_line"].add(row[f])
            for f in ("sip.Event", "sip.Require", "sip.Supported", "sip.Allow",
                      "sip.Refer-Sub", "sip.Subscription-State"):
                if opt(row, f):
                    corpora["fuzz_parsers"].add(row[f])
            code = as_int(opt(row, "sip.Status-Code"), None)
            if code is not None:
                corpora["fuzz_codes"].add(codes_seed(code, opt(row, "sip.CSeq.method")))
        for row in tshark_rows(args.tshark, cap, ["sip.Status-Code", "sip.CSeq.method"] +
                               HEADER_FIELDS):
            code = as_int(opt(row, "sip.Status-Code"), 0)
            for f in HEADER_FIELDS:
                if opt(row, f):
                    corpora["fuzz_headers"].add(headers_seed(row[f], code))
            if code and any(opt(row, f) for f in HINT_FIELDS):
                corpora["fuzz_hints"].add(hints_seed(row))
        # Every sipfrag line, and the first line of anything SIP left as data (malformed
        # status lines over UDP).
        for row in tshark_rows(args.tshark, cap, ["sipfrag.line", "data.data"], "a"):
            for v in row["sipfrag.line"].split("\x1f"):
                if v:
                    corpora["fuzz_status_line"].add(v)
            for v in row["data.data"].split("\x1f"):
                if v:
                    raw = bytes.fromhex(v.replace(":", ""))
                    corpora["fuzz_status_line"].add(raw.split(b"\r\n")[0][:256])
        sip_rows = [r for r in rows if opt(r, "sip.Method") or opt(r, "sip.Status-Code")]
        if sip_rows:
            corpora["fuzz_tracker"].add(tracker_seed(sip_rows))
            corpora["fuzz_txn"].add(txn_seed(sip_rows))

    for n in names:
        print("%-18s %3d seeds" % (n, corpora[n].write(args.limit)))


if __name__ == "__main__":
    main()
