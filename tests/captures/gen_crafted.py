#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Deterministic generator of crafted SIP test captures for sipadv.

Builds SIP messages as text (CRLF line ends, computed Content-Length),
hexdumps them and calls text2pcap (-D, -t, -4/-6, -u/-T) to write one
crafted-*.pcapng per scenario.  Captures that involve more than two hosts are
produced as one text2pcap run per host pair and merged with mergecap
(chronological merge, single interface).

Only documentation addresses are used (192.0.2.0/24, 198.51.100.0/24,
2001:db8::/32, example.com) and every packet uses port 5060 on both sides.
Timestamps are fixed (first frame 2026-01-01 10:00:00 UTC), text2pcap and
mergecap run with TZ=UTC and fixed input file names, so running the
generator twice on the same host gives byte-identical files.  (The pcapng
Section Header Block records the host's CPU/OS strings as written by
text2pcap/mergecap, so files from different hosts may differ in those bytes
only.)

Usage:
    gen_crafted.py [OUTDIR] [--manifest FILE] [--verify] [--only SUBSTR]

    OUTDIR        default: <repo>/captures (i.e. /work/main/captures)
    --manifest    also write the Markdown frame manifest to FILE
    --verify      run tshark on every written file and compare frame numbers,
                  Request-Line and Status-Line with what the generator expects
    --only        generate (and verify) only captures whose name contains
                  SUBSTR; --manifest still describes every capture

Standard library only; requires text2pcap and mergecap (wireshark-common)
and, for --verify, tshark.
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

BASE_TIME = datetime.datetime(2026, 1, 1, 10, 0, 0)
PORT = 5060
DOMAIN = "example.com"

REASONS = {
    100: "Trying", 180: "Ringing", 181: "Call Is Being Forwarded",
    183: "Session Progress", 200: "OK", 202: "Accepted",
    302: "Moved Temporarily", 401: "Unauthorized", 403: "Forbidden",
    404: "Not Found", 405: "Method Not Allowed",
    407: "Proxy Authentication Required", 408: "Request Timeout",
    481: "Call/Transaction Does Not Exist", 486: "Busy Here",
    487: "Request Terminated", 500: "Server Internal Error",
    501: "Not Implemented", 503: "Service Unavailable", 603: "Decline",
    199: "Early Dialog Terminated", 415: "Unsupported Media Type",
    417: "Unknown Resource-Priority", 420: "Bad Extension",
    421: "Extension Required", 422: "Session Interval Too Small",
    423: "Interval Too Brief", 469: "Bad Info Package", 485: "Ambiguous",
    488: "Not Acceptable Here", 489: "Bad Event", 606: "Not Acceptable",
}


# --------------------------------------------------------------------------
# Hosts, user agents and SIP message construction
# --------------------------------------------------------------------------

class Host:
    def __init__(self, label, ip, desc):
        self.label = label          # short label used in the manifest (A, B, C)
        self.ip = ip
        self.desc = desc
        self.v6 = ":" in ip

    @property
    def hostport(self):
        return "[%s]:%d" % (self.ip, PORT) if self.v6 else "%s:%d" % (self.ip, PORT)

    @property
    def ip_sdp(self):
        return ("IP6 " if self.v6 else "IP4 ") + self.ip


class UA:
    """A user agent: user name, display name, host it runs on."""

    def __init__(self, user, display, host):
        self.user = user
        self.display = display
        self.host = host

    @property
    def aor(self):
        return "sip:%s@%s" % (self.user, DOMAIN)

    @property
    def contact_uri(self):
        return "sip:%s@%s" % (self.user, self.host.hostport)

    def name_addr(self, tag=None):
        s = '"%s" <%s>' % (self.display, self.aor)
        if tag:
            s += ";tag=" + tag
        return s

    @property
    def contact(self):
        return "<%s>" % self.contact_uri


def crlf(text):
    """Normalise line ends to CRLF."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def sdp(host, sess_id, port=49170):
    return crlf(
        "v=0\n"
        "o=- %d %d IN %s\n"
        "s=-\n"
        "c=IN %s\n"
        "t=0 0\n"
        "m=audio %d RTP/AVP 0 101\n"
        "a=rtpmap:0 PCMU/8000\n"
        "a=rtpmap:101 telephone-event/8000\n"
        "a=sendrecv\n" % (sess_id, sess_id, host.ip_sdp, host.ip_sdp, port))


def sipfrag(code, reason):
    return crlf("SIP/2.0 %d %s\n" % (code, reason))


class Msg:
    """One SIP message (request or response)."""

    def __init__(self, src, dst, start_line, headers, body="", transport="UDP"):
        self.src = src
        self.dst = dst
        self.start_line = start_line
        self.headers = list(headers)
        self.body = crlf(body) if body else ""
        self.transport = transport

    def h(self, name):
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return None

    def h_all(self, name):
        """Every value of header `name`, in order (one per header line)."""
        return [v for n, v in self.headers if n.lower() == name.lower()]

    @property
    def is_request(self):
        return not self.start_line.startswith("SIP/2.0")

    ENCODING = "ascii"      # RawMsg relaxes this to carry bytes 0x80-0xff

    @property
    def data(self):
        body = self.body.encode(self.ENCODING)
        lines = [self.start_line]
        lines += ["%s: %s" % (n, v) for n, v in self.headers]
        lines.append("Content-Length: %d" % len(body))
        return ("\r\n".join(lines) + "\r\n\r\n").encode(self.ENCODING) + body

    @property
    def cseq_num(self):
        return int(self.h("CSeq").split()[0])

    @property
    def method(self):
        return self.h("CSeq").split()[1]


class RawMsg(Msg):
    """A Msg whose text may hold raw bytes 0x80-0xff, written as the latin-1
    code points U+0080-U+00FF (so "\\xff" in the text is the byte 0xff on the
    wire).  Used only by crafted-bad-input (invalid UTF-8 in a reason phrase)."""
    ENCODING = "latin-1"

    @classmethod
    def of(cls, msg):
        return cls(msg.src, msg.dst, msg.start_line, msg.headers, msg.body, msg.transport)


def request(method, ruri, src, dst, *, branch, from_, to, call_id, cseq,
            transport="UDP", contact=None, extra=(), body="", ctype=None):
    headers = [
        ("Via", "SIP/2.0/%s %s;branch=%s" % (transport, src.hostport, branch)),
        ("Max-Forwards", "70"),
        ("From", from_),
        ("To", to),
        ("Call-ID", call_id),
        ("CSeq", "%d %s" % (cseq, method)),
    ]
    if contact:
        headers.append(("Contact", contact))
    headers += list(extra)
    if body:
        headers.append(("Content-Type", ctype or "application/sdp"))
    return Msg(src, dst, "%s %s SIP/2.0" % (method, ruri), headers, body, transport)


def response(req, code, reason=None, *, to_tag=None, extra=(), body="",
             ctype=None, contact=None, status_line=None):
    to = req.h("To")
    if to_tag and ";tag=" not in to:
        to += ";tag=" + to_tag
    headers = [("Via", req.h("Via")), ("From", req.h("From")), ("To", to),
               ("Call-ID", req.h("Call-ID")), ("CSeq", req.h("CSeq"))]
    if contact:
        headers.append(("Contact", contact))
    headers += list(extra)
    if body:
        headers.append(("Content-Type", ctype or "application/sdp"))
    if status_line is None:
        status_line = "SIP/2.0 %d %s" % (code, reason or REASONS[code])
    return Msg(req.dst, req.src, status_line, headers, body, req.transport)


def ack_non2xx(invite, resp):
    """ACK for a non-2xx final response: same branch, To from the response."""
    ruri = invite.start_line.split()[1]
    headers = [("Via", invite.h("Via")), ("Max-Forwards", "70"),
               ("From", invite.h("From")), ("To", resp.h("To")),
               ("Call-ID", invite.h("Call-ID")),
               ("CSeq", "%d ACK" % invite.cseq_num)]
    return Msg(invite.src, invite.dst, "ACK %s SIP/2.0" % ruri, headers,
               "", invite.transport)


def cancel_for(invite):
    ruri = invite.start_line.split()[1]
    headers = [("Via", invite.h("Via")), ("Max-Forwards", "70"),
               ("From", invite.h("From")), ("To", invite.h("To")),
               ("Call-ID", invite.h("Call-ID")),
               ("CSeq", "%d CANCEL" % invite.cseq_num)]
    return Msg(invite.src, invite.dst, "CANCEL %s SIP/2.0" % ruri, headers,
               "", invite.transport)


class Dialog:
    """A dialog between two UAs; builds in-dialog requests.

    uac is the UA that created the dialog (sent the dialog-creating request).
    """

    def __init__(self, cap, call_id, uac, uas, uac_tag, uas_tag, transport="UDP"):
        self.cap = cap
        self.call_id = call_id
        self.uac, self.uas = uac, uas
        self.tags = {uac: uac_tag, uas: uas_tag}
        self.transport = transport

    def other(self, ua):
        return self.uas if ua is self.uac else self.uac

    def req(self, sender, method, cseq, *, extra=(), body="", ctype=None,
            contact=True, branch=None):
        peer = self.other(sender)
        return request(method, peer.contact_uri, sender.host, peer.host,
                       branch=branch or self.cap.branch(),
                       from_=sender.name_addr(self.tags[sender]),
                       to=peer.name_addr(self.tags[peer]),
                       call_id=self.call_id, cseq=cseq,
                       transport=self.transport,
                       contact=sender.contact if contact else None,
                       extra=extra, body=body, ctype=ctype)


# --------------------------------------------------------------------------
# Capture model, text2pcap driver, manifest and verification
# --------------------------------------------------------------------------

class Packet:
    def __init__(self, t_us, src, dst, payload, items, expect_lines):
        self.mark = None
        self.t_us = t_us
        self.src = src
        self.dst = dst
        self.payload = payload
        self.items = items                  # manifest text fragments
        self.expect_lines = expect_lines    # expected Request/Status-Line (tshark, 1 pass)


KEY_HEADERS = ("Event", "Subscription-State", "Refer-To", "Referred-By",
               "Refer-Sub", "Require", "Target-Dialog", "Retry-After",
               "Allow", "WWW-Authenticate", "Proxy-Authenticate",
               "Authorization", "Proxy-Authorization", "Expires", "Contact")
ABBREV_HEADERS = ("WWW-Authenticate", "Proxy-Authenticate", "Authorization",
                  "Proxy-Authorization")


def describe(msg):
    """Manifest text for one message: first line and key headers."""
    parts = ["CSeq `%s`" % msg.h("CSeq"), "Call-ID `%s`" % msg.h("Call-ID")]
    ft = msg.h("From").split(";tag=")
    tt = msg.h("To").split(";tag=")
    parts.append("From-tag `%s`" % (ft[1] if len(ft) > 1 else "-"))
    parts.append("To-tag `%s`" % (tt[1] if len(tt) > 1 else "-"))
    for name in KEY_HEADERS:
        v = msg.h(name)
        if v is None:
            continue
        if name == "Contact" and not (msg.is_request and msg.method == "REFER") \
                and not msg.start_line.startswith("SIP/2.0 3"):
            continue   # Contact listed only for REFER requests and 3xx responses
        if name in ABBREV_HEADERS:
            v = v.split()[0] + " ..."
        parts.append("%s `%s`" % (name, v))
    ctype = msg.h("Content-Type")
    if ctype:
        if ctype.startswith("message/sipfrag"):
            parts.append("sipfrag `%s`" % msg.body.split("\r\n")[0])
        else:
            parts.append("body `%s`" % ctype)
    return "`%s` — %s" % (msg.start_line, "; ".join(parts))


# --verify checks Wireshark's own dissection. An installed sipadv (the README's quick start
# puts it in the global plugin folder, which root cannot override) would add its expert
# items to frames whose _ws.expert must be empty; disabling it is harmless where it is not
# installed.
TSHARK_ALONE = ["tshark", "-n", "--disable-protocol", "sipadv"]


def run_tool(cmd, cwd, env):
    """Run text2pcap/mergecap quietly (text2pcap 4.0 prints a dashed line on
    stderr even with -q); show the output only on failure."""
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        raise SystemExit("%s failed (exit %d)" % (cmd[0], res.returncode))


class Capture:
    def __init__(self, name, title, hosts, transport="UDP", notes="", describe_fn=None):
        self.describe = describe_fn or describe   # manifest text for one message
        self.name = name
        self.title = title
        self.hosts = hosts
        self.transport = transport
        self.notes = notes
        self.packets = []
        self._branch = 0
        self.tshark_notes = []
        self.marks = {}
        self.field_checks = []      # (mark, tshark field, expected value), see verify()

    def branch(self):
        self._branch += 1
        return "z9hG4bK-%s-%03d" % (self.name.replace("crafted-", "").replace("-", "")[:10],
                                     self._branch)

    @staticmethod
    def _us(t):
        return int(round(t * 1000000))

    def add(self, t, src, dst, payload, items, expect_lines, mark=None):
        p = Packet(self._us(t), src, dst, payload, items, expect_lines)
        self.packets.append(p)
        if mark:
            self.marks[mark] = p
        return p

    def send(self, t, msg, note=None, expect=None, mark=None):
        """One message in one packet."""
        item = self.describe(msg)
        if note:
            item += " — " + note
        self.add(t, msg.src, msg.dst, msg.data, [item],
                 [msg.start_line] if expect is None else expect, mark)
        return msg

    def send_many(self, t, msgs, note=None, mark=None):
        """Several complete messages in one packet (one TCP segment)."""
        items = ["[%d/%d in this segment] %s" % (i + 1, len(msgs), self.describe(m))
                 for i, m in enumerate(msgs)]
        if note:
            items[-1] += " — " + note
        self.add(t, msgs[0].src, msgs[0].dst, b"".join(m.data for m in msgs),
                 items, [m.start_line for m in msgs], mark)

    def send_split(self, t1, t2, msg, split_after_header):
        """One message split over two TCP segments, the cut placed right
        after the header line named split_after_header."""
        data = msg.data
        marker = ("\r\n%s:" % split_after_header).encode()
        i = data.index(marker)
        cut = data.index(b"\r\n", i + 2) + 2
        first, second = data[:cut], data[cut:]
        self.add(t1, msg.src, msg.dst, first,
                 ["TCP segment 1/2 of `%s` (bytes 0-%d: start line and headers up to "
                  "and including %s; no SIP message complete in this frame)"
                  % (msg.start_line, cut - 1, split_after_header)], [])
        self.add(t2, msg.src, msg.dst, second,
                 ["TCP segment 2/2 (bytes %d-%d, remaining headers and end of header); "
                  "Wireshark reassembles the message here: %s"
                  % (cut, len(data) - 1, self.describe(msg))], [msg.start_line])

    # ---- output ----

    def sorted_packets(self):
        pk = sorted(self.packets, key=lambda p: p.t_us)
        for a, b in zip(pk, pk[1:]):
            if a.t_us == b.t_us:
                raise SystemExit("%s: two packets share timestamp %d" % (self.name, a.t_us))
        return pk

    def write(self, outdir):
        pk = self.sorted_packets()
        order = []          # host pairs in order of first appearance
        groups = {}
        for p in pk:
            key = frozenset((p.src.label, p.dst.label))
            if key not in groups:
                groups[key] = (p.src, p.dst, [])
                order.append(key)
            groups[key][2].append(p)
        env = dict(os.environ, TZ="UTC", LC_ALL="C")
        out = os.path.join(outdir, self.name + ".pcapng")
        with tempfile.TemporaryDirectory() as tmp:
            parts = []
            for gi, key in enumerate(order):
                a, b, plist = groups[key]
                hexname = "%s-%d.hex" % (self.name, gi + 1)
                with open(os.path.join(tmp, hexname), "w") as f:
                    for p in plist:
                        d = "I" if p.src is a else "O"
                        ts = BASE_TIME + datetime.timedelta(microseconds=p.t_us)
                        f.write("%s %s\n" % (d, ts.strftime("%Y-%m-%d %H:%M:%S.%f")))
                        for off in range(0, len(p.payload), 16):
                            chunk = p.payload[off:off + 16]
                            f.write("%06x %s\n" % (off, " ".join("%02x" % c for c in chunk)))
                        f.write("\n")
                partname = "%s-%d.pcapng" % (self.name, gi + 1)
                cmd = ["text2pcap", "-q", "-D", "-t", "%Y-%m-%d %H:%M:%S.%f",
                       "-6" if a.v6 else "-4", "%s,%s" % (a.ip, b.ip),
                       "-T" if self.transport == "TCP" else "-u", "%d,%d" % (PORT, PORT),
                       hexname, partname]
                run_tool(cmd, tmp, env)
                parts.append(partname)
            if len(parts) == 1:
                shutil.copyfile(os.path.join(tmp, parts[0]), out)
            else:
                run_tool(["mergecap", "-w", "merged.pcapng"] + parts, tmp, env)
                shutil.copyfile(os.path.join(tmp, "merged.pcapng"), out)
        return out

    def manifest(self):
        pk = self.sorted_packets()
        fam = "IPv6" if any(h.v6 for h in self.hosts) else "IPv4"
        lines = ["## %s.pcapng" % self.name, "",
                 "%s. %s/%s, port %d on both sides, %d frames, first frame "
                 "2026-01-01 10:00:00 UTC." % (self.title, fam, self.transport,
                                               PORT, len(pk)), ""]
        lines.append("Hosts: " + "; ".join("%s = %s %s" % (h.label, h.ip, h.desc)
                                            for h in self.hosts) + ".")
        lines.append("")
        frames = {k: pk.index(p) + 1 for k, p in self.marks.items()}
        if self.notes:
            lines += [self.notes.format_map(frames), ""]
        t0 = pk[0].t_us
        for n, p in enumerate(pk, 1):
            head = "- **%d** t=+%.3f %s→%s: " % (n, (p.t_us - t0) / 1e6, p.src.label, p.dst.label)
            if len(p.items) == 1:
                lines.append(head + p.items[0])
            else:
                lines.append(head + "%d SIP messages in one TCP segment:" % len(p.items))
                for it in p.items:
                    lines.append("  - " + it)
        for note in self.tshark_notes:
            lines += ["", note.format_map(frames)]
        lines.append("")
        return "\n".join(lines)

    def verify(self, path):
        """Compare tshark's frame list with the expected one (single pass)."""
        env = dict(os.environ, TZ="UTC", LC_ALL="C")
        res = subprocess.run(
            TSHARK_ALONE + ["-r", path, "-T", "fields", "-E", "occurrence=a",
             "-E", "aggregator=|", "-e", "frame.number",
             "-e", "sip.Request-Line", "-e", "sip.Status-Line"],
            env=env, check=True, capture_output=True, text=True)
        got = [l.split("\t") for l in res.stdout.splitlines()]
        pk = self.sorted_packets()
        errors = []
        if len(got) != len(pk):
            errors.append("frame count %d, expected %d" % (len(got), len(pk)))
        for n, (p, g) in enumerate(zip(pk, got), 1):
            lines = [x for x in g[1].split("|") + g[2].split("|") if x]
            # tshark lists all Request-Lines before all Status-Lines; compare as multisets
            if int(g[0]) != n or sorted(lines) != sorted(p.expect_lines):
                errors.append("frame %s: tshark %r, expected %r" % (g[0], lines, p.expect_lines))
        if self.field_checks:
            errors += self._verify_fields(path, env, pk)
        return errors

    def check_field(self, mark, field, expected):
        """Have --verify check one more tshark field of the frame marked `mark`:
        `expected` is the -T fields text (occurrences joined by ","; "" = the
        field is absent); {mark} in it stands for that mark's frame number."""
        self.field_checks.append((mark, field, expected))

    def _verify_fields(self, path, env, pk):
        fields = sorted({f for _, f, _ in self.field_checks})
        cmd = TSHARK_ALONE + ["-r", path, "-T", "fields", "-E", "occurrence=a",
               "-E", "aggregator=,", "-e", "frame.number"]
        for f in fields:
            cmd += ["-e", f]
        res = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
        rows = {}
        for line in res.stdout.splitlines():
            cols = line.split("\t")
            rows[int(cols[0])] = cols[1:]
        frames = {k: pk.index(p) + 1 for k, p in self.marks.items()}
        errors = []
        for mark, field, expected in self.field_checks:
            n = frames[mark]
            want = expected.format_map(frames)
            got = rows.get(n, [""] * len(fields))[fields.index(field)]
            if got != want:
                errors.append("frame %d: %s = %r, expected %r" % (n, field, got, want))
        return errors


# --------------------------------------------------------------------------
# Phase 1: response captures
# --------------------------------------------------------------------------

def cap_responses_udp():
    A = Host("A", "192.0.2.10", "(alice's phone, UAC)")
    B = Host("B", "192.0.2.20", "(pbx.example.com: registrar, proxy and UAS for bob)")
    cap = Capture("crafted-responses-udp",
                  "Response-code catalogue: one transaction per code, each with its own "
                  "Call-ID (the REGISTER retry reuses its Call-ID as RFC 3261 §10.2 asks)",
                  [A, B])
    cap.tshark_notes.append(
        "tshark 4.0.17 observations: frame {ra500} `Retry-After: 120 (in a meeting)` gives "
        "`sip.Retry-After` = 0 plus expert `sip.retry_after.invalid` (\"Invalid retry_after "
        "value\", the only expert item in this file); frame {ra503} gives 30. "
        "`sip.response-request` is wrong around the CANCEL: the 200 OK to CANCEL (frame "
        "{c200}) has none and the 487 to the INVITE (frame {c487}) points to the CANCEL "
        "(frame {cancel}), not to the INVITE (frame {cinvite}); key on Call-ID + CSeq "
        "number + CSeq method instead. The 202 to the out-of-dialog REFER (frame {r202}) is "
        "followed by no NOTIFY. INVITEs in frames {inv183} (183 only) and {inv150} (150 "
        "only) get no final response.")
    alice = UA("alice", "Alice", A)
    bob = UA("bob", "Bob", B)
    n = [0]

    def new(method, t, *, extra=(), body="", ctype=None, ruri=None, to_ua=bob,
            to_tag=None, cseq=1, call_id=None, from_tag=None):
        n[0] += 1
        cid = call_id or "resp-%02d-%s@192.0.2.10" % (n[0], method.lower())
        if body == "SDP":
            body = sdp(A, 1000 + n[0])
        m = request(method, ruri or to_ua.aor, A, B, branch=cap.branch(),
                    from_=alice.name_addr(from_tag or "a%02d" % n[0]),
                    to=to_ua.name_addr(to_tag), call_id=cid, cseq=cseq,
                    contact=alice.contact, extra=extra, body=body, ctype=ctype)
        cap.send(t, m)
        return m

    def rsp(t, req, code, reason=None, mark=None, **kw):
        kw.setdefault("to_tag", None if code == 100 else "b%02d" % n[0])
        return cap.send(t, response(req, code, reason, **kw), mark=mark)

    def ack(t, inv, r):
        return cap.send(t, ack_non2xx(inv, r))

    def invite_final(t, code, reason=None, prov=(), mark=None, **kw):
        inv = new("INVITE", t, body="SDP")
        dt = 0.0
        for c, ph in prov:
            dt += 0.05
            rsp(t + dt, inv, c, ph)
        r = rsp(t + dt + 0.8, inv, code, reason, mark=mark, **kw)
        ack(t + dt + 0.81, inv, r)
        return inv

    t = 0.0
    # 1 INVITE -> 100, 180, 486
    inv = new("INVITE", t, body="SDP")
    rsp(t + 0.010, inv, 100)
    rsp(t + 0.120, inv, 180)
    r = rsp(t + 2.120, inv, 486)
    ack(t + 2.130, inv, r)
    # 2 REGISTER -> 401, REGISTER (Authorization) -> 200
    t = 4.0
    reg = new("REGISTER", t, ruri="sip:" + DOMAIN, to_ua=alice, extra=[("Expires", "3600")])
    rsp(t + 0.020, reg, 401, extra=[(
        "WWW-Authenticate", 'Digest realm="example.com", nonce="6a0f3c2b9d1e4f50", '
        'algorithm=MD5, qop="auth"')])
    reg2 = request("REGISTER", "sip:" + DOMAIN, A, B, branch=cap.branch(),
                   from_=alice.name_addr("a%02d" % n[0]), to=alice.name_addr(),
                   call_id=reg.h("Call-ID"), cseq=2, contact=alice.contact,
                   extra=[("Expires", "3600"), (
                       "Authorization", 'Digest username="alice", realm="example.com", '
                       'nonce="6a0f3c2b9d1e4f50", uri="sip:example.com", '
                       'response="4f1e9c0b7d2a6e3f8b5c1d0a9e7f6b2c", algorithm=MD5, '
                       'qop=auth, nc=00000001, cnonce="0a4f113b"')])
    cap.send(t + 0.100, reg2)
    rsp(t + 0.130, reg2, 200, contact=alice.contact + ";expires=3600")
    # 3 OPTIONS -> 200
    t = 6.0
    opt = new("OPTIONS", t, extra=[("Accept", "application/sdp")])
    rsp(t + 0.015, opt, 200, extra=[
        ("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, REFER, MESSAGE"),
        ("Accept", "application/sdp"), ("Supported", "replaces, timer")])
    # 4 BYE (unknown dialog) -> 481
    t = 7.0
    bye = new("BYE", t, to_tag="b-gone-77")
    rsp(t + 0.012, bye, 481)
    # 5 INVITE, CANCEL -> 200 (CANCEL), 487 (INVITE)
    t = 8.0
    inv = new("INVITE", t, body="SDP")
    rsp(t + 0.010, inv, 100)
    rsp(t + 0.110, inv, 180)
    cap.marks["cinvite"] = cap.packets[-3]
    can = cap.send(t + 1.500, cancel_for(inv), mark="cancel")
    rsp(t + 1.515, can, 200, mark="c200")
    r = rsp(t + 1.520, inv, 487, mark="c487")
    ack(t + 1.530, inv, r)
    # 6 INVITE -> 487 without CANCEL
    t = 11.0
    inv = new("INVITE", t, body="SDP")
    rsp(t + 0.010, inv, 100)
    r = rsp(t + 3.000, inv, 487)
    ack(t + 3.010, inv, r)
    # 7 MESSAGE -> 408
    t = 15.0
    msg = new("MESSAGE", t, body="Hello Bob\n", ctype="text/plain")
    rsp(t + 2.000, msg, 408)
    # 8 SUBSCRIBE -> 202
    t = 18.0
    sub = new("SUBSCRIBE", t, extra=[("Event", "presence"), ("Expires", "3600"),
                                     ("Accept", "application/pidf+xml")])
    rsp(t + 0.020, sub, 202, extra=[("Expires", "3600")])
    # 9 INVITE -> 500 Retry-After with comment
    t = 19.0
    invite_final(t, 500, extra=[("Retry-After", "120 (in a meeting)")], mark="ra500")
    # 10 INVITE -> 503 Retry-After: 30
    t = 21.0
    invite_final(t, 503, extra=[("Retry-After", "30")], mark="ra503")
    # 11 INVITE -> 603
    t = 23.0
    invite_final(t, 603)
    # 12-15 REFER -> 202 / 405 / 501 / 603 (out of dialog)
    refer_hdrs = [("Refer-To", "<sip:carol@%s>" % DOMAIN),
                  ("Referred-By", "<%s>" % alice.aor)]
    t = 25.0
    for code, extra in ((202, []),
                        (405, [("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS")]),
                        (501, []), (603, [])):
        ref = new("REFER", t, extra=refer_hdrs)
        rsp(t + 0.030, ref, code, extra=extra,
            contact=bob.contact if code == 202 else None,
            mark="r202" if code == 202 else None)
        t += 1.0
    # 16 INVITE -> 302 with Contact
    t = 29.0
    invite_final(t, 302, contact="<sip:bob@198.51.100.30:5060>", prov=[(100, None)])
    # 17 INVITE -> 183 (with SDP), no final response
    t = 31.0
    inv = new("INVITE", t, body="SDP")
    rsp(t + 0.010, inv, 100)
    rsp(t + 0.400, inv, 183, contact=bob.contact, body=sdp(B, 2017))
    cap.marks["inv183"] = cap.packets[-3]
    # 18-22 unregistered codes
    t = 33.0
    invite_final(t, 431, "Unregistered Client Error")
    t = 35.0
    invite_final(t, 409, "Conflict")
    t = 37.0
    invite_final(t, 599, "Unregistered Server Error")
    t = 39.0
    inv = new("INVITE", t, body="SDP")
    rsp(t + 0.050, inv, 150, "Unregistered Provisional")
    cap.marks["inv150"] = cap.packets[-2]
    t = 41.0
    invite_final(t, 699, "Unregistered Global Failure")
    # 23 486 with a non-standard reason phrase
    t = 43.0
    invite_final(t, 486, "User Busy Now", prov=[(100, None), (180, None)])
    return cap


def cap_tcp_segments():
    A = Host("A", "192.0.2.10", "(alice, UAC)")
    B = Host("B", "192.0.2.20", "(bob, UAS)")
    cap = Capture("crafted-tcp-segments",
                  "SIP over TCP: two responses in one segment, one response split over "
                  "two segments", [A, B], transport="TCP",
                  notes="text2pcap -T writes no SYN/FIN; sequence numbers run per "
                        "direction. With default preferences (tcp.desegment_tcp_streams, "
                        "sip.desegment_headers, sip.desegment_body) frame 2 carries two SIP "
                        "PDUs (`tshark -2 -Y sip.Status-Code -T fields -e frame.number -e "
                        "sip.Status-Code` prints `2  100,180` and `4  486`) and the 486 is "
                        "reassembled in frame 4 (frame 3 shows `tcp.reassembled_in` = 4 with "
                        "`-2`). packet-sip.c does no request/response matching over TCP: "
                        "no `sip.response-request` in this file.")
    alice = UA("alice", "Alice", A)
    bob = UA("bob", "Bob", B)
    inv = request("INVITE", bob.aor, A, B, branch=cap.branch(),
                  from_=alice.name_addr("a-tcp1"), to=bob.name_addr(),
                  call_id="tcp-seg-1@192.0.2.10", cseq=1, transport="TCP",
                  contact="<sip:alice@192.0.2.10:5060;transport=tcp>",
                  body=sdp(A, 3001))
    cap.send(0.0, inv)
    cap.send_many(0.020, [response(inv, 100),
                          response(inv, 180, to_tag="b-tcp1",
                                   contact="<sip:bob@192.0.2.20:5060;transport=tcp>")])
    r486 = response(inv, 486, to_tag="b-tcp1")
    cap.send_split(3.000, 3.004, r486, "To")
    cap.send(3.020, ack_non2xx(inv, r486))
    return cap


def cap_ipv6():
    A = Host("A", "2001:db8::10", "(alice, UAC)")
    B = Host("B", "2001:db8::20", "(bob, UAS)")
    cap = Capture("crafted-ipv6", "IPv6/UDP call and OPTIONS", [A, B])
    alice = UA("alice", "Alice", A)
    bob = UA("bob", "Bob", B)
    inv = request("INVITE", bob.aor, A, B, branch=cap.branch(),
                  from_=alice.name_addr("a-v6"), to=bob.name_addr(),
                  call_id="v6-call-1@2001:db8::10", cseq=1, contact=alice.contact,
                  body=sdp(A, 4001))
    cap.send(0.0, inv)
    cap.send(0.010, response(inv, 100))
    cap.send(0.150, response(inv, 180, to_tag="b-v6", contact=bob.contact))
    cap.send(2.500, response(inv, 200, to_tag="b-v6", contact=bob.contact,
                             body=sdp(B, 4002)))
    d = Dialog(cap, inv.h("Call-ID"), alice, bob, "a-v6", "b-v6")
    cap.send(2.520, d.req(alice, "ACK", 1, contact=False))
    bye = cap.send(12.0, d.req(bob, "BYE", 1, contact=False), mark="bye")
    cap.send(12.015, response(bye, 200), mark="bye200")
    cap.tshark_notes.append(
        "tshark 4.0.17: the 200 OK to the BYE (frame {bye200}) carries no "
        "`sip.response-request` (packet-sip.c matching quirk); all other responses link "
        "to their request.")
    opt = request("OPTIONS", bob.aor, A, B, branch=cap.branch(),
                  from_=alice.name_addr("a-v6opt"), to=bob.name_addr(),
                  call_id="v6-options-1@2001:db8::10", cseq=1, contact=alice.contact,
                  extra=[("Accept", "application/sdp")])
    cap.send(14.0, opt)
    cap.send(14.012, response(opt, 404, to_tag="b-v6opt"))
    return cap


def cap_nested_message():
    A = Host("A", "192.0.2.10", "(alice, UAC)")
    B = Host("B", "192.0.2.20", "(bob, UAS)")
    cap = Capture("crafted-nested-message",
                  "A MESSAGE whose message/sip body carries a copy of an earlier 486",
                  [A, B],
                  notes="The SIP dissector dissects a message/sip body as a second SIP "
                        "message inside the first, and finds the copy to be a "
                        "retransmission: in frame {message} `sip.resend` is `0,1` and "
                        "`sip.resend-original` (`{r486}`) lies in the inner message's "
                        "bytes. The verdict belongs to the inner 486 only; the MESSAGE "
                        "itself is new, and its 200 OK answers it.")
    alice = UA("alice", "Alice", A)
    bob = UA("bob", "Bob", B)
    inv = request("INVITE", bob.aor, A, B, branch=cap.branch(),
                  from_=alice.name_addr("a-nest1"), to=bob.name_addr(),
                  call_id="nested-call-1@192.0.2.10", cseq=1, contact=alice.contact,
                  body=sdp(A, 5001))
    cap.send(0.0, inv)
    r486 = cap.send(0.300, response(inv, 486, to_tag="b-nest1"), mark="r486")
    cap.send(0.320, ack_non2xx(inv, r486))
    msg = request("MESSAGE", alice.aor, B, A, branch=cap.branch(),
                  from_=bob.name_addr("b-nest2"), to=alice.name_addr(),
                  call_id="nested-message-1@192.0.2.20", cseq=7,
                  body=r486.data.decode("ascii"), ctype="message/sip")
    cap.send(5.0, msg, note="body: the 486 above, byte for byte",
             expect=[msg.start_line, r486.start_line], mark="message")
    cap.send(5.012, response(msg, 200, to_tag="a-nest2"), mark="ok")
    cap.check_field("message", "sip.resend", "0,1")
    cap.check_field("message", "sip.resend-original", "{r486}")
    cap.check_field("ok", "sip.response-request", "{message}")
    return cap


MALFORMED = ["SIP/2.0 099 Low", "SIP/2.0 700 High", "SIP/2.0 999 Way High",
             "SIP/2.0 000 Zero", "SIP/2.0 48 Short", "SIP/2.0 4866 Long",
             "SIP/2.0 4a6 Letters"]


def cap_malformed(transport="UDP"):
    A = Host("A", "192.0.2.10", "(alice, UAC)")
    B = Host("B", "192.0.2.20", "(bob, UAS sending malformed status codes)")
    tcp = transport == "TCP"
    cap = Capture("crafted-malformed" + ("-tcp" if tcp else ""),
                  "Responses with malformed status codes, each to its own INVITE, then a "
                  "normal 486" + (" (same messages over TCP, one message per segment)"
                                  if tcp else ""), [A, B], transport=transport,
                  notes=MALFORMED_NOTES_TCP if tcp else MALFORMED_NOTES_UDP)
    alice = UA("alice", "Alice", A)
    bob = UA("bob", "Bob", B)
    t = 0.0
    for i, line in enumerate(MALFORMED + ["SIP/2.0 486 Busy Here"], 1):
        inv = request("INVITE", bob.aor, A, B, branch=cap.branch(),
                      from_=alice.name_addr("a-m%d" % i), to=bob.name_addr(),
                      call_id="malformed%s-%d@192.0.2.10" % ("-tcp" if tcp else "", i),
                      cseq=1, transport=transport, contact=alice.contact,
                      body=sdp(A, 5000 + i))
        cap.send(t, inv)
        r = response(inv, 0, to_tag="b-m%d" % i, status_line=line)
        if line in MALFORMED_NOT_STATUS:
            note = ("tshark: SIP `Continuation` (`sip.continuation` only; no Status-Line, "
                    "Status-Code or header fields)" if tcp else
                    "tshark: **not SIP** (`udp:data`, no `sip.*` fields)")
        else:
            note = "tshark: SIP, `sip.Status-Code` = %d, no expert info" % int(line.split()[1])
        cap.send(t + 0.100, r, expect=[] if line in MALFORMED_NOT_STATUS else [line],
                 note=note)
        if line.endswith("486 Busy Here"):
            cap.send(t + 0.110, ack_non2xx(inv, r))
        t += 1.0
    return cap


# Start lines that packet-sip.c (4.0) does not accept as a Status-Line: the
# second token must be exactly 3 digits (sip_parse_line()).
MALFORMED_NOT_STATUS = ("SIP/2.0 48 Short", "SIP/2.0 4866 Long", "SIP/2.0 4a6 Letters")
MALFORMED_NOTES_UDP = """\
How tshark 4.0.17 dissects these (default preferences, same with `-2`):

- `099`, `700`, `999`, `000`: SIP (`frame.protocols` ends `udp:sip`). `sip.Status-Line` is
  the whole start line (`SIP/2.0 099 Low`), `sip.Status-Code` is the 3 digits read as an
  integer without range check: 99, 700, 999, 0 (leading zeros dropped). No expert info:
  `sip.Status-Code.invalid` only fires when the 3 already-verified ASCII digits fail to
  parse, which cannot happen. Headers (CSeq, Call-ID, ...) are dissected normally,
  `sip.response-request` points to the INVITE. Info column `Status: 099 Low`.
- `48`, `4866`, `4a6`: **not SIP**. sip_parse_line() requires the second token to be exactly
  3 ASCII digits, otherwise OTHER_LINE, which the UDP dissector rejects; the frame is
  `udp:data` (Protocol column `UDP`, Info `5060 → 5060 Len=...`), no `sip.*` field at all,
  no expert info. A post-dissector must read the raw UDP payload to see it; the INVITEs
  of these three stay unanswered as far as Wireshark knows.
- `sip.Reason-Phrase` is registered but never filled in 4.0 (empty for every response,
  the normal 486 included). `tshark -q -z expert` reports nothing for this file."""
MALFORMED_NOTES_TCP = """\
How tshark 4.0.17 dissects these over TCP (default preferences, same with `-2`):

- `099`, `700`, `999`, `000`: as over UDP (SIP, `sip.Status-Code` 99 / 700 / 999 / 0, full
  `sip.Status-Line`, headers dissected, no expert) except that `sip.response-request` and
  `sip.response-time` are absent: packet-sip.c matches requests and responses only for UDP.
- `48`, `4866`, `4a6`: dissected **as SIP but as a continuation** (the TCP dissector passes
  dissect_other_as_continuation): `frame.protocols` ends `tcp:sip`, Protocol column `SIP`,
  Info `Continuation`, tree `Continuation line: SIP/2.0 48 Short` with `sip.continuation`
  (bytes) spanning the whole segment; no `sip.Status-Line`, `sip.Status-Code`, `sip.CSeq`,
  `sip.Call-ID` or any header field; no expert info."""


# --------------------------------------------------------------------------
# Phase 2: transfer (REFER) captures
# --------------------------------------------------------------------------

SUB_ACTIVE = "active;expires=60"
SUB_TERM = "terminated;reason=noresource"
SIPFRAG_CT = "message/sipfrag;version=2.0"


class Xfer:
    """Builder for one REFER scenario.

    alice (A, 192.0.2.10) is the transferor and sends the REFER; bob
    (B, 192.0.2.20) is the transferee and sends the NOTIFYs; carol
    (C, 198.51.100.30) is the transfer target.  The REFER rides on the
    alice->bob dialog (alice was the caller) unless out_of_dialog.
    """

    def __init__(self, short, title, *, v6=False, transport="UDP", notes=""):
        if v6:
            A = Host("A", "2001:db8::10", "(alice, transferor: sends REFER)")
            B = Host("B", "2001:db8::20", "(bob, transferee: answers REFER, sends NOTIFY)")
            C = Host("C", "2001:db8::30", "(carol, transfer target)")
        else:
            A = Host("A", "192.0.2.10", "(alice, transferor: sends REFER)")
            B = Host("B", "192.0.2.20", "(bob, transferee: answers REFER, sends NOTIFY)")
            C = Host("C", "198.51.100.30", "(carol, transfer target)")
        self.A, self.B, self.C = A, B, C
        self.cap = Capture("crafted-refer-" + short, title, [A, B], transport=transport,
                           notes=notes)
        self.short = short
        self.transport = transport
        self.alice = UA("alice", "Alice", A)
        self.bob = UA("bob", "Bob", B)
        self.carol = UA("carol", "Carol", C)
        self.dave = UA("dave", "Dave", C)
        self.call_id = "xfer-%s@%s" % (short, A.ip)
        self.d = Dialog(self.cap, self.call_id, self.alice, self.bob,
                        "a-" + short, "b-" + short, transport)
        self.alice_cseq = 100
        self.bob_cseq = 5000
        self._ping = 0

    def use_carol(self):
        if self.C not in self.cap.hosts:
            self.cap.hosts.append(self.C)

    # ---- original call (alice calls bob) ----
    def call(self, t):
        inv = request("INVITE", self.bob.aor, self.A, self.B, branch=self.cap.branch(),
                      from_=self.alice.name_addr(self.d.tags[self.alice]),
                      to=self.bob.name_addr(), call_id=self.call_id, cseq=self.alice_cseq,
                      transport=self.transport, contact=self.alice.contact,
                      body=sdp(self.A, 6000))
        self.cap.send(t, inv, mark="invite")
        self.cap.send(t + 3.0, response(inv, 200, to_tag=self.d.tags[self.bob],
                                        contact=self.bob.contact, body=sdp(self.B, 6001)),
                      mark="invite200")
        self.cap.send(t + 3.010, self.d.req(self.alice, "ACK", self.alice_cseq,
                                            contact=False), mark="ack")

    def bye(self, t, sender=None):
        sender = sender or self.alice
        if sender is self.alice:
            self.alice_cseq += 1
            cseq = self.alice_cseq
        else:
            self.bob_cseq += 1
            cseq = self.bob_cseq
        b = self.cap.send(t, self.d.req(sender, "BYE", cseq, contact=False), mark="bye")
        self.cap.send(t + 0.015, response(b, 200), mark="bye200")

    # ---- REFER and its responses ----
    def refer_msg(self, target=None, extra=(), cseq=None):
        target = target or self.carol
        if cseq is None:
            self.alice_cseq += 1
            cseq = self.alice_cseq
        hdrs = [("Refer-To", "<%s>" % target.aor),
                ("Referred-By", "<%s>" % self.alice.aor)] + list(extra)
        return self.d.req(self.alice, "REFER", cseq, extra=hdrs)

    def refer(self, t, target=None, extra=(), mark="refer", note=None):
        r = self.refer_msg(target, extra)
        self.cap.send(t, r, mark=mark, note=note)
        return r

    def answer(self, t, req, code, reason=None, extra=(), mark=None, note=None):
        contact = self.bob.contact if 200 <= code < 300 and req.method == "REFER" else None
        return self.cap.send(t, response(req, code, reason, extra=extra, contact=contact),
                             mark=mark, note=note)

    # ---- NOTIFY (bob -> alice) and its 200 OK ----
    def notify_msg(self, code, reason, state, event="refer"):
        self.bob_cseq += 1
        return self.d.req(self.bob, "NOTIFY", self.bob_cseq,
                          extra=[("Event", event), ("Subscription-State", state)],
                          body=sipfrag(code, reason), ctype=SIPFRAG_CT)

    def notify(self, t, code, reason, state, event="refer", ok_after=0.015, mark=None,
               note=None):
        n = self.notify_msg(code, reason, state, event)
        self.cap.send(t, n, mark=mark, note=note)
        if ok_after is not None:
            self.cap.send(t + ok_after, response(n, 200),
                          mark=(mark + "_200") if mark else None)
        return n

    def accepted_and_trying(self):
        """The usual start: the REFER at t=0, its 202 30 ms later, and a NOTIFY 100 Trying
        (subscription active) after another 30 ms."""
        r = self.refer(0.0)
        self.answer(0.030, r, 202)
        self.notify(0.060, 100, "Trying", SUB_ACTIVE)
        return r

    # ---- unrelated keep-alive traffic (alice -> bob, new Call-ID each) ----
    def pings(self, times):
        for t in times:
            self._ping += 1
            o = request("OPTIONS", self.bob.contact_uri, self.A, self.B,
                        branch=self.cap.branch(),
                        from_=self.alice.name_addr("a-ping%d" % self._ping),
                        to=self.bob.name_addr(),
                        call_id="ping-%s-%d@%s" % (self.short, self._ping, self.A.ip),
                        cseq=1, transport=self.transport, contact=self.alice.contact)
            self.cap.send(t, o, note="unrelated keep-alive")
            self.cap.send(t + 0.012, response(o, 200, to_tag="b-ping%d" % self._ping))


def x_success():
    x = Xfer("success", "Blind transfer that succeeds; NOTIFYs carry `Event: refer;id=101`",
             notes="Original call frames {invite}-{ack}; REFER frame {refer}, 202 frame {r202}; "
                   "final NOTIFY (sipfrag 200, terminated) frame {final}; alice then releases "
                   "the original call (BYE frame {bye}).")
    x.call(0.0)
    T = 10.0
    r = x.refer(T)
    x.answer(T + 0.030, r, 202, mark="r202")
    ev = "refer;id=%d" % r.cseq_num
    x.notify(T + 0.060, 100, "Trying", SUB_ACTIVE, ev)
    x.notify(T + 6.500, 200, "OK", SUB_TERM, ev, mark="final")
    x.bye(T + 7.000)
    return x.cap


def x_fail_after_ringing():
    x = Xfer("fail-after-ringing", "Transfer target rings, then is busy: NOTIFY 100, 180, 486")
    x.accepted_and_trying()
    x.notify(1.200, 180, "Ringing", SUB_ACTIVE)
    x.notify(4.000, 486, "Busy Here", SUB_TERM)
    return x.cap


def x_fail_500():
    x = Xfer("fail-500", "Transfer fails with a server error: NOTIFY 100, then 500")
    x.accepted_and_trying()
    x.notify(0.900, 500, "Server Internal Error", SUB_TERM)
    return x.cap


def x_no_notify():
    x = Xfer("no-notify", "REFER accepted (202) but no NOTIFY ever comes; unrelated OPTIONS "
             "keep-alives continue for 60 s after the 202 (past Timer N = 32 s)")
    r = x.refer(0.0)
    x.answer(0.030, r, 202)
    x.pings([15.0, 30.0, 45.0, 60.030])
    return x.cap


def x_ends_early():
    x = Xfer("ends-early", "REFER accepted (202); the capture ends 2 s after the 202 "
             "(before Timer N could expire): the last frame is an unrelated OPTIONS 200 OK "
             "exactly 2.000 s after the 202")
    r = x.refer(0.0)
    x.answer(0.030, r, 202)
    x.pings([2.018])
    return x.cap


REFERSUB_FALSE = [("Refer-Sub", "false"), ("Require", "norefersub"),
                  ("Supported", "norefersub")]


def x_refersub_false():
    x = Xfer("refersub-false", "REFER with `Refer-Sub: false` + `Require: norefersub`, "
             "accepted by 200 OK echoing `Refer-Sub: false`: no subscription, no NOTIFY "
             "(correctly); unrelated OPTIONS continue 45 s")
    r = x.refer(0.0, extra=REFERSUB_FALSE)
    x.answer(0.030, r, 200, extra=[("Refer-Sub", "false"), ("Require", "norefersub")])
    x.pings([15.0, 30.0, 45.0])
    return x.cap


def x_notify_despite_refersub_false():
    x = Xfer("notify-despite-refersub-false", "As refersub-false (200 OK echoes "
             "`Refer-Sub: false`), but a NOTIFY (sipfrag 200, terminated) arrives anyway")
    r = x.refer(0.0, extra=REFERSUB_FALSE)
    x.answer(0.030, r, 200, extra=[("Refer-Sub", "false"), ("Require", "norefersub")])
    x.notify(3.000, 200, "OK", SUB_TERM)
    return x.cap


def x_rejected():
    x = Xfer("rejected", "REFER rejected with 603 Decline")
    r = x.refer(0.0)
    x.answer(0.040, r, 603)
    return x.cap


def x_rejected_405():
    x = Xfer("rejected-405", "REFER rejected with 405 Method Not Allowed; Allow lacks REFER")
    r = x.refer(0.0)
    x.answer(0.020, r, 405, extra=[("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE")])
    return x.cap


def x_challenged_retried():
    x = Xfer("challenged-retried", "REFER challenged with 407, retried with CSeq+1 and "
             "Proxy-Authorization, accepted (202); one NOTIFY (sipfrag 200, terminated, plain "
             "`Event: refer`)")
    r = x.refer(0.0, mark="refer1")
    x.answer(0.020, r, 407, extra=[(
        "Proxy-Authenticate", 'Digest realm="example.com", nonce="c1a55e9d04b77f21", '
        'algorithm=MD5, qop="auth"')])
    r2 = x.refer(0.100, extra=[(
        "Proxy-Authorization", 'Digest username="alice", realm="example.com", '
        'nonce="c1a55e9d04b77f21", uri="sip:bob@192.0.2.20:5060", '
        'response="9b2e4c7a1d3f5e6b8a0c2d4e6f8a1b3c", algorithm=MD5, qop=auth, '
        'nc=00000001, cnonce="5f0e2d1c"')], mark="refer2")
    x.answer(0.130, r2, 202)
    x.notify(3.000, 200, "OK", SUB_TERM)
    return x.cap


def challenge_refer(x, nonce):
    """A REFER at t=0, answered 20 ms later with a 401 Digest challenge."""
    r = x.refer(0.0)
    x.answer(0.020, r, 401, extra=[(
        "WWW-Authenticate", 'Digest realm="example.com", nonce="%s", algorithm=MD5, '
        'qop="auth"' % nonce)])


def x_challenged_abandoned():
    x = Xfer("challenged-abandoned", "REFER challenged with 401 and never retried; "
             "unrelated OPTIONS continue 40 s")
    challenge_refer(x, "7d3b9e10aa42c6f8")
    x.pings([10.0, 20.0, 30.0, 40.0])
    return x.cap


def x_challenged_capture_ends():
    x = Xfer("challenged-capture-ends", "REFER challenged with 401; the capture ends 20 ms "
             "later, long before a retry could be called overdue")
    challenge_refer(x, "5c81f0d2e7a94b36")
    return x.cap


def x_two_refers_ids():
    x = Xfer("two-refers-ids", "Two REFERs in one dialog (CSeq 101 to carol, CSeq 102 to "
             "dave), both 202; NOTIFYs carry `Event: refer;id=101` / `refer;id=102`; 101 "
             "succeeds (200), 102 fails (486)",
             notes="REFER 101 frame {refer1}, REFER 102 frame {refer2}; final NOTIFY id=101 "
                   "frame {final1} (200), final NOTIFY id=102 frame {final2} (486).")
    x.call(0.0)
    r1 = x.refer(10.000, mark="refer1")
    x.answer(10.030, r1, 202)
    x.notify(10.060, 100, "Trying", SUB_ACTIVE, "refer;id=101")
    r2 = x.refer(12.000, target=x.dave, mark="refer2")
    x.answer(12.030, r2, 202)
    x.notify(12.060, 100, "Trying", SUB_ACTIVE, "refer;id=102")
    x.notify(15.000, 200, "OK", SUB_TERM, "refer;id=101", mark="final1")
    x.notify(17.000, 486, "Busy Here", SUB_TERM, "refer;id=102", mark="final2")
    return x.cap


def x_notify_no_id():
    x = Xfer("notify-no-id", "Single REFER; NOTIFYs carry plain `Event: refer` (no id): "
             "100 active, then 200 terminated")
    x.accepted_and_trying()
    x.notify(5.000, 200, "OK", SUB_TERM)
    return x.cap


def x_ambiguous():
    x = Xfer("ambiguous", "Two outstanding REFERs (CSeq 101, 102; both 202), then a NOTIFY "
             "with plain `Event: refer` (no id; by RFC 3515 §2.4.6 it belongs to 101)")
    r1 = x.refer(0.0, mark="refer1")
    x.answer(0.030, r1, 202)
    r2 = x.refer(1.000, target=x.dave, mark="refer2")
    x.answer(1.030, r2, 202)
    x.notify(1.500, 100, "Trying", SUB_ACTIVE, mark="notify")
    return x.cap


def x_retransmit():
    x = Xfer("retransmit", "REFER retransmitted after 500 ms (identical bytes), 202 sent "
             "once per copy (identical bytes), then one NOTIFY (sipfrag 200, terminated), "
             "itself retransmitted once before its 200 OK")
    r = x.refer(0.0)
    x.cap.send(0.500, r, note="retransmission of the REFER (identical bytes)", mark="rr")
    ok = x.answer(0.620, r, 202, mark="ok1")
    x.cap.send(0.625, ok, note="retransmission of the 202 (identical bytes), answering "
                               "the retransmitted REFER", mark="ok2")
    n = x.notify(2.000, 200, "OK", SUB_TERM, ok_after=None, mark="n1")
    x.cap.send(2.500, n, note="retransmission of the NOTIFY (identical bytes)", mark="nr")
    x.cap.send(2.510, response(n, 200))
    x.cap.tshark_notes.append(
        "tshark 4.0.17: frame {rr} has `sip.resend` = 1 with `sip.resend-original` = "
        "{refer}; frame {ok2} has `sip.resend` = 1 with `sip.resend-original` = {ok1}; "
        "frame {nr} has `sip.resend` = 1 with `sip.resend-original` = {n1}.")
    return x.cap


def x_notify_before_202():
    x = Xfer("notify-before-202", "First NOTIFY (100, active) arrives before the 202; then "
             "NOTIFY 200 terminated")
    r = x.refer(0.0)
    n = x.notify(0.020, 100, "Trying", SUB_ACTIVE, ok_after=None, mark="n1")
    x.answer(0.025, r, 202)
    x.cap.send(0.035, response(n, 200), mark="n1ok")
    x.cap.tshark_notes.append(
        "tshark 4.0.17: the 200 OK to the first NOTIFY (frame {n1ok}) carries no "
        "`sip.response-request` (the interleaved 202 confuses packet-sip.c's matching); "
        "match on Call-ID + CSeq `5001 NOTIFY` instead (request frame {n1}).")
    x.notify(4.000, 200, "OK", SUB_TERM)
    return x.cap


def x_tcp_202_notify_one_segment():
    x = Xfer("tcp-202-notify-one-segment", "SIP over TCP: the 202 and the first NOTIFY "
             "(100, active) travel in one TCP segment", transport="TCP",
             notes="text2pcap -T writes no SYN/FIN; frame {seg} carries two SIP messages: "
                   "`-T fields -e sip.Request-Line -e sip.Status-Line` shows the NOTIFY's "
                   "Request-Line and the 202's Status-Line in that frame, and multi-valued "
                   "fields (sip.CSeq, sip.Call-ID, sip.to.tag, ...) list the 202's value "
                   "first. No `sip.response-request` over TCP.")
    r = x.refer(0.0)
    ok = response(r, 202, contact=x.bob.contact)
    n = x.notify_msg(100, "Trying", SUB_ACTIVE)
    x.cap.send_many(0.030, [ok, n], mark="seg")
    x.cap.send(0.045, response(n, 200))
    x.notify(4.000, 200, "OK", SUB_TERM)
    return x.cap


def x_ipv6():
    x = Xfer("ipv6", "Successful transfer over IPv6/UDP: 202, NOTIFY 100 active, NOTIFY 200 "
             "terminated", v6=True)
    x.accepted_and_trying()
    x.notify(5.000, 200, "OK", SUB_TERM)
    return x.cap


def x_orphan_notify():
    x = Xfer("orphan-notify", "Only a NOTIFY (`Event: refer`, sipfrag 200, terminated) and "
             "its 200 OK; no REFER in the capture")
    x.notify(0.0, 200, "OK", SUB_TERM)
    return x.cap


def x_unanswered():
    x = Xfer("unanswered", "REFER never answered: retransmitted per Timer E (intervals 0.5, "
             "1, 2, 4 s: at +0.5, +1.5, +3.5, +7.5 s); unrelated OPTIONS continue to +40 s")
    r = x.refer(0.0)
    for t in (0.5, 1.5, 3.5, 7.5):
        x.cap.send(t, r, note="retransmission (identical bytes)")
    x.cap.tshark_notes.append(
        "tshark 4.0.17: frames 2-5 have `sip.resend` = 1 with `sip.resend-original` = "
        "{refer}.")
    x.pings([10.0, 20.0, 30.0, 40.0])
    return x.cap


def x_terminated_no_final():
    x = Xfer("terminated-no-final", "202, then a single NOTIFY with sipfrag 100 Trying but "
             "`Subscription-State: terminated;reason=noresource`: outcome unknown")
    r = x.refer(0.0)
    x.answer(0.030, r, 202)
    x.notify(0.060, 100, "Trying", SUB_TERM)
    return x.cap


def x_terminated_reason_rejected():
    x = Xfer("terminated-reason-rejected", "202, NOTIFY 100 active, final NOTIFY sipfrag "
             "`603 Declined` with `Subscription-State: terminated;reason=rejected`")
    x.accepted_and_trying()
    x.notify(2.500, 603, "Declined", "terminated;reason=rejected")
    return x.cap


def x_terminated_rejected_no_final():
    x = Xfer("terminated-rejected-no-final", "202, NOTIFY 100 active, then NOTIFY 100 Trying "
             "with `Subscription-State: terminated;reason=rejected`: refused after acceptance "
             "(RFC 3515 sec. 2.4.7), no final status")
    x.accepted_and_trying()
    x.notify(1.500, 100, "Trying", "terminated;reason=rejected")
    return x.cap


def x_final_left_active():
    x = Xfer("final-left-active", "NOTIFY with final sipfrag 200 but `Subscription-State: "
             "active;expires=60`; no terminated NOTIFY follows; unrelated OPTIONS continue "
             "40 s after it")
    x.accepted_and_trying()
    x.notify(3.000, 200, "OK", SUB_ACTIVE)
    x.pings([13.0, 23.0, 33.0, 43.0])
    return x.cap


def x_out_of_dialog():
    x = Xfer("out-of-dialog", "REFER outside any dialog (no To tag, fresh Call-ID, "
             "`Target-Dialog` naming the call being transferred); the 202 adds the To tag and "
             "the NOTIFYs (100 active, 200 terminated) use that new dialog")
    ruri = x.bob.contact_uri
    refer = request("REFER", ruri, x.A, x.B, branch=x.cap.branch(),
                    from_=x.alice.name_addr("a-ood"), to=x.bob.name_addr(),
                    call_id=x.call_id, cseq=1, contact=x.alice.contact,
                    extra=[("Refer-To", "<%s>" % x.carol.aor),
                           ("Referred-By", "<%s>" % x.alice.aor),
                           ("Target-Dialog", "call-ood-orig@192.0.2.10;local-tag=b-orig;"
                                             "remote-tag=a-orig"),
                           ("Supported", "tdialog")])
    x.cap.send(0.0, refer)
    x.cap.send(0.030, response(refer, 202, to_tag="b-ood", contact=x.bob.contact))
    # The new dialog: alice is its UAC (sent the REFER), bob the UAS.
    x.d = Dialog(x.cap, x.call_id, x.alice, x.bob, "a-ood", "b-ood")
    x.notify(0.060, 100, "Trying", SUB_ACTIVE)
    x.notify(4.000, 200, "OK", SUB_TERM)
    return x.cap


def _triggered(short, title, final_code, notes):
    x = Xfer(short, title, notes=notes)
    x.use_carol()
    x.call(0.0)
    T = 10.0
    r = x.refer(T)
    x.answer(T + 0.030, r, 202, mark="r202")
    x.notify(T + 0.060, 100, "Trying", SUB_ACTIVE)
    # bob's triggered INVITE to the Refer-To URI, new Call-ID, with Referred-By
    inv = request("INVITE", x.carol.aor, x.B, x.C, branch=x.cap.branch(),
                  from_=x.bob.name_addr("b-trig"), to=x.carol.name_addr(),
                  call_id="xfer-%s-new@%s" % (short, x.B.ip), cseq=1,
                  contact=x.bob.contact,
                  extra=[("Referred-By", "<%s>" % x.alice.aor)],
                  body=sdp(x.B, 6100))
    x.cap.send(T + 0.100, inv, mark="tinvite")
    x.cap.send(T + 0.250, response(inv, 180, to_tag="c-trig", contact=x.carol.contact))
    if final_code == 200:
        x.cap.send(T + 4.000, response(inv, 200, to_tag="c-trig", contact=x.carol.contact,
                                       body=sdp(x.C, 6101)), mark="tfinal")
        tdlg = Dialog(x.cap, inv.h("Call-ID"), x.bob, x.carol, "b-trig", "c-trig")
        x.cap.send(T + 4.010, tdlg.req(x.bob, "ACK", 1, contact=False))
    else:
        fr = x.cap.send(T + 4.000, response(inv, final_code, to_tag="c-trig"), mark="tfinal")
        x.cap.send(T + 4.010, ack_non2xx(inv, fr))
    x.notify(T + 4.050, 200, "OK", SUB_TERM, mark="final")
    x.bye(T + 4.500)
    return x.cap


def x_triggered_invite():
    return _triggered(
        "triggered-invite", "Successful blind transfer including the transferee's triggered "
        "INVITE to carol (new Call-ID, `Referred-By`), answered 180 then 200", 200,
        "Three hosts: text2pcap per host pair, merged with mergecap. REFER frame {refer}, "
        "202 frame {r202}, triggered INVITE frame {tinvite} (B→C), its 200 frame {tfinal}, "
        "final NOTIFY frame {final}, BYE of the original call frame {bye}.")


def x_triggered_invite_disagrees():
    return _triggered(
        "triggered-invite-disagrees", "The triggered INVITE to carol gets 180 then 486 Busy "
        "Here, yet the final NOTIFY's sipfrag says `SIP/2.0 200 OK`", 486,
        "Three hosts: text2pcap per host pair, merged with mergecap. REFER frame {refer}, "
        "triggered INVITE frame {tinvite} (B→C), its 486 frame {tfinal}, contradicting "
        "final NOTIFY (sipfrag 200) frame {final}; alice then hangs up (BYE frame {bye}).")


def x_nosub():
    x = Xfer("nosub", "REFER with `Require: nosub` (RFC 7614), accepted by a plain 202 that "
             "does not echo the tag: no subscription, so no NOTIFY is due; unrelated OPTIONS "
             "continue 60 s (past the 32 s timeout)")
    r = x.refer(0.0, extra=[("Require", "nosub")])
    x.answer(0.030, r, 202)
    x.pings([15.0, 30.0, 45.0, 60.030])
    return x.cap


EVENTS_AT = "<sip:bob@192.0.2.20:5060;xfer=x-explicitsub>"


def x_explicitsub():
    x = Xfer("explicitsub", "REFER with `Require: explicitsub` (RFC 7614 sec. 4); the 200 OK "
             "names `Refer-Events-At`; alice SUBSCRIBEs there (new Call-ID, Event: refer), and "
             "bob NOTIFYs in that new dialog: 100 active, then 200 terminated",
             notes="REFER frame {refer}, its 200 frame {r200}, SUBSCRIBE frame {sub}, "
                   "NOTIFYs frames {n1} and {final}; no NOTIFY in the REFER's own dialog.")
    r = x.refer(0.0, extra=[("Require", "explicitsub"), ("Supported", "explicitsub")])
    x.answer(0.030, r, 200, extra=[("Refer-Events-At", EVENTS_AT)], mark="r200")
    sd = Dialog(x.cap, "xfer-explicitsub-sub@%s" % x.A.ip, x.alice, x.bob, "a-sub", "b-sub")
    sub = request("SUBSCRIBE", EVENTS_AT[1:-1], x.A, x.B, branch=x.cap.branch(),
                  from_=x.alice.name_addr("a-sub"), to=x.bob.name_addr(),
                  call_id=sd.call_id, cseq=1, contact=x.alice.contact,
                  extra=[("Event", "refer"), ("Expires", "60"), ("Accept", "message/sipfrag")])
    x.cap.send(0.100, sub, mark="sub")
    x.cap.send(0.115, response(sub, 200, to_tag="b-sub", contact=x.bob.contact,
                               extra=[("Expires", "60")]))
    n1 = sd.req(x.bob, "NOTIFY", 1, extra=[("Event", "refer"),
                                           ("Subscription-State", SUB_ACTIVE)],
                body=sipfrag(100, "Trying"), ctype=SIPFRAG_CT)
    x.cap.send(0.130, n1, mark="n1")
    x.cap.send(0.145, response(n1, 200))
    n2 = sd.req(x.bob, "NOTIFY", 2, extra=[("Event", "refer"),
                                           ("Subscription-State", SUB_TERM)],
                body=sipfrag(200, "OK"), ctype=SIPFRAG_CT)
    x.cap.send(3.000, n2, mark="final")
    x.cap.send(3.015, response(n2, 200))
    return x.cap


def x_explicitsub_no_subscribe():
    x = Xfer("explicitsub-no-subscribe", "REFER with `Require: explicitsub`, 200 OK with "
             "`Refer-Events-At`, but alice never SUBSCRIBEs; unrelated OPTIONS continue 60 s: "
             "no NOTIFY was due in the REFER's dialog")
    r = x.refer(0.0, extra=[("Require", "explicitsub"), ("Supported", "explicitsub")])
    x.answer(0.030, r, 200, extra=[("Refer-Events-At", EVENTS_AT)])
    x.pings([15.0, 30.0, 45.0, 60.030])
    return x.cap


def x_terminated_no_final_invite():
    x = Xfer("terminated-no-final-invite", "202, then a single NOTIFY (sipfrag 100 Trying, "
             "`terminated;reason=noresource`) ends the subscription; the transferee's "
             "triggered INVITE to carol is captured and gets 486 Busy Here",
             notes="Three hosts: text2pcap per host pair, merged with mergecap. REFER frame "
                   "{refer}, NOTIFY frame {n1}, triggered INVITE frame {tinvite}, its 486 "
                   "frame {tfinal}.")
    x.use_carol()
    r = x.refer(0.0)
    x.answer(0.030, r, 202)
    x.notify(0.060, 100, "Trying", SUB_TERM, mark="n1")
    inv = request("INVITE", x.carol.aor, x.B, x.C, branch=x.cap.branch(),
                  from_=x.bob.name_addr("b-trig"), to=x.carol.name_addr(),
                  call_id="xfer-terminated-no-final-invite-new@%s" % x.B.ip, cseq=1,
                  contact=x.bob.contact, extra=[("Referred-By", "<%s>" % x.alice.aor)],
                  body=sdp(x.B, 6100))
    x.cap.send(0.100, inv, mark="tinvite")
    fr = x.cap.send(2.000, response(inv, 486, to_tag="c-trig"), mark="tfinal")
    x.cap.send(2.010, ack_non2xx(inv, fr))
    return x.cap


def x_many_notifies():
    x = Xfer("many-notifies", "A transfer reported by 70 NOTIFYs (69 progress reports, then "
             "the final 200): more than the 64 NOTIFY frames a transfer lists",
             notes="REFER frame {refer}, 202 frame {r202}; NOTIFY k (k = 1..70) in frame 2k+1, "
                   "each answered by a 200 OK; the 64th NOTIFY is frame {n64}, the 65th "
                   "frame {n65}, the final one frame {final}.")
    r = x.refer(0.0)
    x.answer(0.030, r, 202, mark="r202")
    ev = "refer;id=%d" % r.cseq_num
    for k in range(1, 70):
        x.notify(0.1 * k, 180, "Ringing", SUB_ACTIVE, ev,
                 mark={64: "n64", 65: "n65"}.get(k))
    x.notify(7.5, 200, "OK", SUB_TERM, ev, mark="final")
    return x.cap


def x_trigger_scan_limit():
    x = Xfer("trigger-scan-limit", "Hostile: 64 REFERs to carol in alice's dialog with bob, "
             "one more in a second dialog, then an INVITE to carol that reuses the first "
             "dialog's Call-ID without a To tag: it cannot be triggered by the first 64, and "
             "the 65th is past the 64 transfers an INVITE is compared with",
             notes="REFERs frames 1-64 (alice-bob dialog), the second dialog's REFER frame "
                   "{other}, the INVITE with the reused Call-ID frame {reused} (noted: not "
                   "compared with every open transfer), then an INVITE with a new Call-ID "
                   "frame {fresh}, triggered by the oldest REFER. No REFER is answered.")
    x.use_carol()
    for k in range(64):
        x.refer(0.010 * k)
    d2 = Dialog(x.cap, "xfer-trigger-scan-limit-2@%s" % x.A.ip, x.alice, x.bob,
                "a-second", "b-second")
    x.cap.send(0.700, d2.req(x.alice, "REFER", 1, extra=[
        ("Refer-To", "<%s>" % x.carol.aor), ("Referred-By", "<%s>" % x.alice.aor)]),
        mark="other")
    for mark, call_id, at in (("reused", x.call_id, 0.800),
                              ("fresh", "xfer-trigger-scan-limit-new@%s" % x.B.ip, 0.900)):
        inv = request("INVITE", x.carol.aor, x.B, x.C, branch=x.cap.branch(),
                      from_=x.bob.name_addr("b-" + mark), to=x.carol.name_addr(),
                      call_id=call_id, cseq=1, contact=x.bob.contact,
                      extra=[("Referred-By", "<%s>" % x.alice.aor)], body=sdp(x.B, 6100))
        x.cap.send(at, inv, mark=mark)
    return x.cap


PHASE2 = [x_success, x_fail_after_ringing, x_fail_500, x_no_notify, x_ends_early,
          x_refersub_false, x_notify_despite_refersub_false, x_rejected, x_rejected_405,
          x_challenged_retried, x_challenged_abandoned, x_challenged_capture_ends,
          x_two_refers_ids, x_notify_no_id,
          x_ambiguous, x_retransmit, x_notify_before_202, x_tcp_202_notify_one_segment,
          x_ipv6, x_orphan_notify, x_unanswered, x_terminated_no_final,
          x_terminated_reason_rejected, x_terminated_rejected_no_final, x_final_left_active, x_out_of_dialog,
          x_triggered_invite, x_triggered_invite_disagrees, x_nosub, x_explicitsub,
          x_explicitsub_no_subscribe, x_terminated_no_final_invite, x_many_notifies,
          x_trigger_scan_limit]


# --------------------------------------------------------------------------
# Phase 3: captures for the tailored hints (headers that refine the advice)
# --------------------------------------------------------------------------

HINT_HEADERS = ("Retry-After", "Expires", "Min-Expires", "Session-Expires", "Min-SE",
                "Supported", "Require", "Unsupported", "Allow", "Event", "Allow-Events",
                "Accept", "Accept-Encoding", "Accept-Language", "Info-Package", "Recv-Info",
                "Resource-Priority", "Accept-Resource-Priority", "Warning", "Reason",
                "WWW-Authenticate", "Proxy-Authenticate", "Authorization",
                "Proxy-Authorization", "Refer-To", "Record-Route", "Route", "Contact")
HINT_AUTH_KEEP = ("username", "realm", "nonce")


def describe_hint(msg):
    """Manifest text for the hints captures: like describe(), but lists every
    header the tailored advice reads, each occurrence of it, and the
    challenges in full (credentials shortened to username, realm, nonce)."""
    parts = ["CSeq `%s`" % msg.h("CSeq"), "Call-ID `%s`" % msg.h("Call-ID")]
    ft = msg.h("From").split(";tag=")
    tt = msg.h("To").split(";tag=")
    parts.append("From-tag `%s`" % (ft[1] if len(ft) > 1 else "-"))
    parts.append("To-tag `%s`" % (tt[1] if len(tt) > 1 else "-"))
    code = None if msg.is_request else int(msg.start_line.split()[1])
    for name in HINT_HEADERS:
        if name == "Contact" and not ((msg.is_request and msg.method == "REGISTER")
                                      or (code is not None and
                                          (300 <= code < 400 or code == 485))):
            continue   # Contact listed only for REGISTER requests, 3xx and 485
        for v in msg.h_all(name):
            if name in ("Authorization", "Proxy-Authorization"):
                scheme, params = v.split(None, 1)
                keep = [p.strip() for p in params.split(",")
                        if p.strip().split("=")[0] in HINT_AUTH_KEEP]
                v = "%s %s, ..." % (scheme, ", ".join(keep))
            parts.append("%s `%s`" % (name, v))
    ctype = msg.h("Content-Type")
    if ctype:
        parts.append("body `%s`" % ctype)
    return "`%s` — %s" % (msg.start_line, "; ".join(parts))


class Hints:
    """Builder for the hints captures.

    alice's phone (A, 192.0.2.10) sends every request; pbx.example.com
    (B, 192.0.2.20) is registrar, forking proxy and UAS for every callee.  Every INVITE goes to its own
    callee (own Request-URI), so that a retry after Retry-After can only be
    the one the scenario intends.  Each transaction has its own Call-ID
    (a REGISTER retry reuses it with CSeq+1, RFC 3261 §10.2).
    """

    def __init__(self, name, title, transport="UDP"):
        self.A = Host("A", "192.0.2.10", "(alice's phone, UAC)")
        self.B = Host("B", "192.0.2.20", "(pbx.example.com: registrar, forking proxy, "
                                         "UAS for every callee)")
        self.transport = transport
        self.cap = Capture(name, title, [self.A, self.B], transport=transport,
                           describe_fn=describe_hint)
        self.alice = UA("alice", "Alice", self.A)
        self.tcp = transport == "TCP"
        self.items = []        # (number, summary, first packet index, last packet index)
        self._item = None

    # ---- bookkeeping: which frames belong to which brief item ----
    def item(self, num, summary):
        self._close()
        self._item = (num, summary, len(self.cap.packets))

    def _close(self):
        if self._item:
            num, summary, first = self._item
            self.items.append((num, summary, first, len(self.cap.packets) - 1))
            self._item = None

    def finish(self):
        self._close()
        for num, summary, first, last in self.items:
            self.cap.marks["i%da" % num] = self.cap.packets[first]
            self.cap.marks["i%db" % num] = self.cap.packets[last]
        items = "\n".join(
            "- item %d, frames {i%da}-{i%db}: %s" % (num, num, num, summary)
            for num, summary, _, _ in self.items)
        extra = self.cap.notes
        self.cap.notes = ("Scenario items (numbered as in the brief that asked for this "
                          "file) and their frames:\n\n" + items
                          + ("\n\n" + extra if extra else ""))
        return self.cap

    # ---- message helpers ----
    def alice_contact(self, params=""):
        uri = self.alice.contact_uri + (";transport=tcp" if self.tcp else "")
        return "<%s>%s" % (uri, params)

    def callee(self, user, display):
        return UA(user, display, self.B)

    def req(self, t, method, to_ua, key, *, ruri=None, cseq=1, call_id=None, extra=(),
            body="", ctype=None, contact=True, mark=None, note=None):
        """An out-of-dialog request from alice; key names the Call-ID and tags."""
        if body == "SDP":
            body = sdp(self.A, 20000 + len(self.cap.packets))
        m = request(method, ruri or to_ua.aor, self.A, self.B, branch=self.cap.branch(),
                    from_=self.alice.name_addr("a-" + key), to=to_ua.name_addr(),
                    call_id=call_id or "hints-%s@192.0.2.10" % key, cseq=cseq,
                    transport=self.transport,
                    contact=self.alice_contact() if contact is True else contact,
                    extra=extra, body=body, ctype=ctype)
        self.cap.send(t, m, mark=mark, note=note)
        return m

    def rsp(self, t, req, code, key=None, reason=None, mark=None, note=None, **kw):
        if code != 100 and key:
            kw.setdefault("to_tag", "b-" + key)
        return self.cap.send(t, response(req, code, reason, **kw), mark=mark, note=note)

    def invite_fail(self, t, user, display, key, code, *, req_extra=(), rsp_extra=(),
                    reason=None, contact=None, note=None, mark=None):
        """INVITE (SDP offer) -> final non-2xx response (marked `mark`) -> ACK."""
        ua = self.callee(user, display)
        inv = self.req(t, "INVITE", ua, key, extra=req_extra, body="SDP")
        r = self.rsp(t + 0.020, inv, code, key, reason, extra=rsp_extra,
                     contact=contact, note=note, mark=mark)
        self.cap.send(t + 0.030, ack_non2xx(inv, r))
        return inv

    def register(self, t, key, cseq, *, extra=(), contact_params="", call_id=None):
        return self.req(t, "REGISTER", self.alice, key, ruri="sip:" + DOMAIN, cseq=cseq,
                        call_id=call_id, contact=self.alice_contact(contact_params),
                        extra=extra)

    def call_up(self, t, ua, key, *, inv_extra=(), ok_extra=(), mark=None, note=None):
        """INVITE -> 200 OK -> ACK; returns the dialog."""
        inv = self.req(t, "INVITE", ua, key, extra=inv_extra, body="SDP", mark=mark,
                       note=note)
        self.rsp(t + 0.400, inv, 200, key, contact=ua.contact, extra=ok_extra,
                 body=sdp(self.B, 30000 + len(self.cap.packets)))
        d = Dialog(self.cap, inv.h("Call-ID"), self.alice, ua, "a-" + key, "b-" + key,
                   self.transport)
        self.cap.send(t + 0.410, d.req(self.alice, "ACK", 1, contact=False))
        return d

    def hang_up(self, t, d, cseq):
        b = self.cap.send(t, d.req(self.alice, "BYE", cseq, contact=False))
        self.cap.send(t + 0.015, response(b, 200))

    # ---- scenarios shared by the UDP and TCP files ----
    def min_expires_3600(self, t):
        self.item(3, "REGISTER `Expires: 60` (Contact without expires) → 423 "
                     "`Min-Expires: 3600`")
        reg = self.register(t, "reg-short", 1, extra=[("Expires", "60")])
        self.rsp(t + 0.020, reg, 423, "reg-short", extra=[("Min-Expires", "3600")])

    def auth_loop(self, t):
        self.item(18, "REGISTER → 401 (nonce n1); REGISTER CSeq+1 with Authorization → "
                      "401 again, same realm, new nonce n2, no stale: credentials "
                      "rejected (the registration loop)")
        reg = self.register(t, "reg-loop", 1, extra=[("Expires", "3600")])
        self.rsp(t + 0.020, reg, 401, "reg-loop1", extra=[(
            "WWW-Authenticate", 'Digest realm="example.com", nonce="n1", algorithm=MD5, '
            'qop="auth"')])
        reg2 = self.register(t + 0.100, "reg-loop", 2, call_id=reg.h("Call-ID"), extra=[
            ("Expires", "3600"),
            ("Authorization", 'Digest username="alice", realm="example.com", nonce="n1", '
             'uri="sip:example.com", response="0123456789abcdef0123456789abcdef", '
             'algorithm=MD5, qop=auth, nc=00000001, cnonce="3b1f9a27"')])
        self.rsp(t + 0.120, reg2, 401, "reg-loop2", extra=[(
            "WWW-Authenticate", 'Digest realm="example.com", nonce="n2", algorithm=MD5, '
            'qop="auth"')])


def cap_hints_udp():
    h = Hints("crafted-hints-udp", "Tailored hints: responses whose headers refine the "
              "advice (Retry-After, Min-Expires, Min-SE, Allow, Allow-Events, Accept*, "
              "Unsupported, Require, Recv-Info, Accept-Resource-Priority, Warning, Reason, "
              "challenges, Contact), each after the request it answers; retries after "
              "Retry-After (too early and respecting it)")
    cap, cap_send = h.cap, h.cap.send
    alice = h.alice
    t = 0.0
    # 1: 503 Retry-After 120 with comment and duration; retried 3 s later anyway
    h.item(1, "INVITE → 503 `Retry-After: 120 (in a meeting);duration=3600`; the same "
              "client (192.0.2.10:5060) sends a new INVITE (new Call-ID) to the same "
              "Request-URI 3 s after the 503 (too early) → 486 → ACK")
    carol = h.callee("carol", "Carol")
    inv = h.req(t, "INVITE", carol, "ra120", body="SDP")
    r = h.rsp(t + 0.020, inv, 503, "ra120",
              extra=[("Retry-After", "120 (in a meeting);duration=3600")], mark="ra120")
    cap_send(t + 0.030, ack_non2xx(inv, r))
    inv = h.req(t + 3.020, "INVITE", carol, "ra120-retry", body="SDP", mark="ra120retry",
                note="retry 3.000 s after the 503 that asked for 120 s")
    r = h.rsp(t + 3.520, inv, 486, "ra120-retry")
    cap_send(t + 3.530, ack_non2xx(inv, r))
    # 2: 500 Retry-After 30; retried 40 s later -> 200, ACK, BYE
    t = 5.0
    h.item(2, "INVITE → 500 `Retry-After: 30`; the same client retries the same "
              "Request-URI 40 s after the 500 (respecting it) → 200 → ACK; BYE → 200")
    dave = h.callee("dave", "Dave")
    inv = h.req(t, "INVITE", dave, "ra30", body="SDP")
    r = h.rsp(t + 0.020, inv, 500, "ra30", extra=[("Retry-After", "30")], mark="ra30")
    cap_send(t + 0.030, ack_non2xx(inv, r))
    d = h.call_up(t + 40.020, dave, "ra30-retry", mark="ra30retry",
                  note="retry 40.000 s after the 500 that asked for 30 s")
    h.hang_up(t + 45.0, d, 2)
    # 3: 423 Min-Expires 3600 (asked via Expires: 60)
    t = 52.0
    h.min_expires_3600(t)
    # 4: 423 Min-Expires 600, Contact expires=30 overrides Expires: 7200
    t = 54.0
    h.item(4, "REGISTER Contact `;expires=30` with `Expires: 7200` (the Contact parameter "
              "wins: asked 30 s) → 423 `Min-Expires: 600`")
    reg = h.register(t, "reg-param", 1, contact_params=";expires=30",
                     extra=[("Expires", "7200")])
    h.rsp(t + 0.020, reg, 423, "reg-param", extra=[("Min-Expires", "600")])
    # 5: 422 Min-SE
    t = 56.0
    h.item(5, "INVITE `Session-Expires: 60;refresher=uac`, `Supported: timer` → 422 "
              "`Min-SE: 1800` → ACK")
    h.invite_fail(t, "erin", "Erin", "se60", 422,
                  req_extra=[("Session-Expires", "60;refresher=uac"),
                             ("Supported", "timer")],
                  rsp_extra=[("Min-SE", "1800")])
    # 6: REFER -> 405 with Allow lacking REFER
    t = 58.0
    h.item(6, "REFER (out of dialog) → 405 `Allow: INVITE, ACK, CANCEL, BYE, OPTIONS` "
              "(no REFER)")
    ref = h.req(t, "REFER", h.callee("frank", "Frank"), "refer405",
                extra=[("Refer-To", "<sip:carol@%s>" % DOMAIN),
                       ("Referred-By", "<%s>" % alice.aor)])
    h.rsp(t + 0.020, ref, 405, "refer405",
          extra=[("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS")])
    # 7: SUBSCRIBE Event conference -> 489 Allow-Events
    t = 60.0
    h.item(7, "SUBSCRIBE `Event: conference` → 489 `Allow-Events: presence, dialog`")
    sub = h.req(t, "SUBSCRIBE", h.callee("conf42", "Conference 42"), "sub489",
                extra=[("Event", "conference"), ("Expires", "3600"),
                       ("Accept", "application/conference-info+xml")])
    h.rsp(t + 0.020, sub, 489, "sub489", extra=[("Allow-Events", "presence, dialog")])
    # 8: MESSAGE text/html -> 415 Accept*
    t = 62.0
    h.item(8, "MESSAGE `Content-Type: text/html` → 415 `Accept: text/plain, "
              "message/cpim`, `Accept-Encoding: identity`, `Accept-Language: en, fr`")
    msg = h.req(t, "MESSAGE", h.callee("grace", "Grace"), "msg415", contact=None,
                body="<html><body><p>Hello Grace</p></body></html>\n", ctype="text/html")
    h.rsp(t + 0.020, msg, 415, "msg415", extra=[
        ("Accept", "text/plain, message/cpim"), ("Accept-Encoding", "identity"),
        ("Accept-Language", "en, fr")])
    # 9: 420 Unsupported
    t = 64.0
    h.item(9, "INVITE `Require: foo, 100rel` → 420 `Unsupported: foo` → ACK")
    h.invite_fail(t, "heidi", "Heidi", "req420", 420,
                  req_extra=[("Require", "foo, 100rel")],
                  rsp_extra=[("Unsupported", "foo")])
    # 10: 421 Require 100rel
    t = 66.0
    h.item(10, "INVITE without 100rel (`Supported: timer`) → 421 `Require: 100rel` → ACK")
    h.invite_fail(t, "ivan", "Ivan", "req421", 421,
                  req_extra=[("Supported", "timer")], rsp_extra=[("Require", "100rel")])
    # 11: INFO with unknown package -> 469 Recv-Info (inside a call)
    t = 68.0
    h.item(11, "call set up (INVITE/200/ACK, both sides `Recv-Info: dtmf`), then INFO "
               "`Info-Package: foo` → 469 `Recv-Info: dtmf`; BYE → 200")
    judy = h.callee("judy", "Judy")
    d = h.call_up(t, judy, "info469", inv_extra=[("Recv-Info", "dtmf")],
                  ok_extra=[("Recv-Info", "dtmf")])
    info = cap_send(t + 2.000, d.req(alice, "INFO", 2, contact=False, extra=[
        ("Info-Package", "foo"), ("Content-Disposition", "Info-Package")],
        body="foo=1\n", ctype="application/foo"))
    cap_send(t + 2.020, response(info, 469, extra=[("Recv-Info", "dtmf")]))
    h.hang_up(t + 3.000, d, 3)
    # 12: 417 Accept-Resource-Priority
    t = 72.0
    h.item(12, "INVITE `Resource-Priority: ets.0` → 417 `Accept-Resource-Priority: "
               "wps.0, wps.1` → ACK")
    h.invite_fail(t, "ken", "Ken", "rp417", 417,
                  req_extra=[("Resource-Priority", "ets.0")],
                  rsp_extra=[("Accept-Resource-Priority", "wps.0, wps.1")])
    # 13: 488 with two warnings
    t = 74.0
    h.item(13, "INVITE (SDP offer) → 488 with `Warning` 305 and 370 from sbc.example.com "
               "→ ACK")
    h.invite_fail(t, "leo", "Leo", "w488", 488, rsp_extra=[(
        "Warning", '305 sbc.example.com "Incompatible media format", '
                   '370 sbc.example.com "Insufficient bandwidth"')])
    # 14: 606 with a 399 warning
    t = 76.0
    h.item(14, "INVITE → 606 `Warning: 399 gw.example.net \"No codec in common, see "
               "ticket 42\"` → ACK")
    h.invite_fail(t, "mike", "Mike", "w606", 606, rsp_extra=[(
        "Warning", '399 gw.example.net "No codec in common, see ticket 42"')])
    # 15: 503 with Q.850 cause 17 (mismatch)
    t = 78.0
    h.item(15, "INVITE → 503 `Reason: Q.850;cause=17;text=\"User busy\"` (mismatch: "
               "cause 17 maps to 486) → ACK")
    h.invite_fail(t, "nina", "Nina", "q850-503", 503, rsp_extra=[(
        "Reason", 'Q.850;cause=17;text="User busy"')])
    # 16: 486 with Q.850 cause 17 (consistent)
    t = 80.0
    h.item(16, "INVITE → 486 `Reason: Q.850;cause=17;text=\"User busy\"` (consistent) "
               "→ ACK")
    h.invite_fail(t, "oscar", "Oscar", "q850-486", 486, rsp_extra=[(
        "Reason", 'Q.850;cause=17;text="User busy"')])
    # 17: forking, 199 with SIP Reason, 200 from the other branch
    t = 82.0
    h.item(17, "INVITE `Supported: 199` to the forking proxy → 100, 183 (early dialog "
               "b-fork1, device 198.51.100.20), 199 for that early dialog with "
               "`Reason: SIP;cause=486;text=\"Busy Here\"`, 200 from the other branch "
               "(b-fork2, device 198.51.100.21, Record-Route) → ACK; BYE → 200")
    peggy = h.callee("peggy", "Peggy")
    rr = "<sip:192.0.2.20:5060;lr>"
    dev1, dev2 = "sip:peggy@198.51.100.20:5060", "sip:peggy@198.51.100.21:5060"
    inv = h.req(t, "INVITE", peggy, "fork", body="SDP", extra=[("Supported", "199")])
    h.rsp(t + 0.010, inv, 100)
    h.rsp(t + 0.300, inv, 183, "fork1", contact="<%s>" % dev1,
          extra=[("Record-Route", rr)], body=sdp(Host("-", "198.51.100.20", ""), 31017))
    h.rsp(t + 2.300, inv, 199, "fork1",
          extra=[("Reason", 'SIP;cause=486;text="Busy Here"')])
    h.rsp(t + 2.800, inv, 200, "fork2", contact="<%s>" % dev2,
          extra=[("Record-Route", rr)], body=sdp(Host("-", "198.51.100.21", ""), 31018))
    to2 = peggy.name_addr("b-fork2")
    for dt, method, cseq in ((2.810, "ACK", 1), (6.000, "BYE", 2)):
        m = request(method, dev2, h.A, h.B, branch=cap.branch(),
                    from_=alice.name_addr("a-fork"), to=to2, call_id=inv.h("Call-ID"),
                    cseq=cseq, transport=h.transport, extra=[("Route", rr)])
        cap_send(t + dt, m)
    cap_send(t + 6.015, response(m, 200))
    # 18: the 401 loop
    t = 90.0
    h.auth_loop(t)
    # 19: stale nonce
    t = 92.0
    h.item(19, "REGISTER (refresh, CSeq 7) with Authorization for the old nonce n8 → 401 "
               "`stale=true`, new nonce n9 (only the nonce expired)")
    reg = h.register(t, "reg-stale", 7, extra=[
        ("Expires", "3600"),
        ("Authorization", 'Digest username="alice", realm="example.com", nonce="n8", '
         'uri="sip:example.com", response="5e2d8c41a09b7f36e1d4c2b8a7f05e93", '
         'algorithm=MD5, qop=auth, nc=00000003, cnonce="77c0e1d2"')])
    h.rsp(t + 0.020, reg, 401, "reg-stale", extra=[(
        "WWW-Authenticate", 'Digest realm="example.com", nonce="n9", stale=true, '
        'algorithm=MD5, qop="auth"')])
    # 20: 407 SHA-256
    t = 94.0
    h.item(20, "INVITE → 407 `Proxy-Authenticate` realm proxy.example.com, "
               "algorithm=SHA-256 → ACK")
    h.invite_fail(t, "rupert", "Rupert", "pa407", 407, rsp_extra=[(
        "Proxy-Authenticate", 'Digest realm="proxy.example.com", nonce="p1", '
        'algorithm=SHA-256, qop="auth"')])
    # 21: 302 with two contacts, q values
    t = 96.0
    h.item(21, "INVITE → 302 with one Contact header holding two targets (q=0.7, "
               "q=0.3) → ACK")
    h.invite_fail(t, "bob", "Bob", "moved302", 302, contact=(
        '<sip:bob@198.51.100.7:5060>;q=0.7, "Bob Mobile" '
        '<sip:bob-mobile@198.51.100.8:5060>;q=0.3'))
    # 22: 485 with two Contact header lines
    t = 98.0
    h.item(22, "INVITE → 485 Ambiguous with two Contact header lines (bob.smith, "
               "bob.jones) → ACK")
    h.invite_fail(t, "bob", "Bob", "amb485", 485, mark="amb485", rsp_extra=[
        ("Contact", "<sip:bob.smith@example.com>"),
        ("Contact", "<sip:bob.jones@example.com>")])
    # 23: 405 without Allow
    t = 100.0
    h.item(23, "INVITE → 405 Method Not Allowed without an Allow header → ACK")
    h.invite_fail(t, "sybil", "Sybil", "noallow405", 405)
    # 24: invalid Retry-After
    t = 102.0
    h.item(24, "INVITE → 503 `Retry-After: soon` (invalid) → ACK")
    h.invite_fail(t, "trent", "Trent", "rasoon", 503, rsp_extra=[("Retry-After", "soon")],
                  mark="rasoon")
    cap.tshark_notes.append(
        "tshark 4.0.17 observations: every response carries `sip.response-request` "
        "pointing to the request it answers (the 100, 183, 199 and 200 of item 17 all to "
        "frame {i17a}). `sip.Retry-After` is 30 in frame {ra30}, but 0 with expert "
        "`sip.retry_after.invalid` (\"Invalid retry_after value\") in frame {ra120} "
        "(comment and `;duration`) and frame {rasoon} (`soon`); these two are the only "
        "expert items in this file. `sip.Contact` of the 485 (frame {amb485}) joins the "
        "two header lines with a comma.")
    return h.finish()


def cap_hints_tcp():
    h = Hints("crafted-hints-tcp", "Tailored hints over TCP: the 423 `Min-Expires` case "
              "and the 401 registration loop, to check request linkage without "
              "Wireshark's own (UDP-only) request/response matching", transport="TCP")
    h.min_expires_3600(0.0)
    h.auth_loop(2.0)
    h.cap.notes = ("text2pcap -T writes no SYN/FIN; one SIP message per segment; "
                    "sequence numbers run per direction. Contacts carry `;transport=tcp`.")
    h.cap.tshark_notes.append(
        "tshark 4.0.17: no `sip.response-request` or `sip.response-time` in this file "
        "(packet-sip.c matches requests and responses only over UDP); link on Call-ID + "
        "CSeq instead.")
    return h.finish()


PHASE3 = [cap_hints_udp, cap_hints_tcp]


PHASE1 = [cap_responses_udp, cap_tcp_segments, cap_ipv6, cap_nested_message, cap_malformed,
          lambda: cap_malformed("TCP")]


# --------------------------------------------------------------------------
# Phase 4: bad input (robustness): broken status lines, CSeq and sipfrag
# --------------------------------------------------------------------------

def describe_bad(msg):
    """Manifest text for crafted-bad-input and crafted-utf8-repair: like
    describe(), but shows raw bytes 0x80-0xff and control bytes as \\xNN, every
    CSeq header (or its absence) and what the message/sipfrag body holds (status
    line, header-only, empty)."""
    def esc(text):
        return "".join(c if 0x20 <= ord(c) < 0x7f or ord(c) > 0xff else "\\x%02x" % ord(c)
                       for c in text)
    cseqs = msg.h_all("CSeq")
    if not cseqs:
        parts = ["**no CSeq header**"]
    elif len(cseqs) > 1:
        parts = ["**%d CSeq headers** %s" % (len(cseqs),
                                             ", ".join("`%s`" % v for v in cseqs))]
    else:
        parts = ["CSeq `%s`" % cseqs[0]]
    parts.append("Call-ID `%s`" % msg.h("Call-ID"))
    ft = msg.h("From").split(";tag=")
    tt = msg.h("To").split(";tag=")
    parts.append("From-tag `%s`" % (ft[1] if len(ft) > 1 else "-"))
    parts.append("To-tag `%s`" % (tt[1] if len(tt) > 1 else "-"))
    refer = msg.is_request and msg.start_line.startswith("REFER ")
    for name in ("Event", "Subscription-State", "Refer-To", "Referred-By", "Contact"):
        v = msg.h(name)
        if v is not None and (name != "Contact" or refer):
            parts.append("%s `%s`" % (name, v))
    ctype = msg.h("Content-Type")
    if ctype and ctype.startswith("message/sipfrag"):
        if not msg.body:
            parts.append("**empty** message/sipfrag body (Content-Length 0)")
        elif msg.body.startswith("SIP/2.0 "):
            parts.append("sipfrag `%s`" % msg.body.split("\r\n")[0])
        else:
            parts.append("message/sipfrag body **without a status line**: `%s` "
                         "(%d bytes, header only)"
                         % (msg.body.replace("\r\n", "\\r\\n"), len(msg.body)))
    elif ctype:
        parts.append("body `%s`" % ctype)
    return "`%s` — %s" % (esc(msg.start_line), "; ".join(parts))


BAD_STATUS = ["SIP/2.0 000 Zero", "SIP/2.0 099 Low", "SIP/2.0 700 High",
              "SIP/2.0 999 Way High", "SIP/2.0 4x6 Letters"]
# raw bytes 0xff 0xfe (invalid UTF-8) in the reason phrase, see RawMsg
BAD_UTF8_LINE = "SIP/2.0 480 Temporarily \xff\xfe Unavailable"
# what tshark 4.0 prints for it in sip.Status-Line (each invalid byte -> U+FFFD)
BAD_UTF8_TSHARK = "SIP/2.0 480 Temporarily \ufffd\ufffd Unavailable"
BAD_HUGE_ID = "refer;id=99999999999999999999"


def odd_answer_helpers(cap, caller, callee, prefix, rtp_base):
    """invite(t, i) sends transaction i's INVITE (Call-ID `<prefix>-NN@...`, From-tag
    `a-<prefix>i`); reply(inv, i, line) makes its answer with the raw status line
    `line` (To-tag `b-<prefix>i`). For captures of one INVITE per odd answer."""
    def invite(t, i):
        inv = request("INVITE", callee.aor, caller.host, callee.host, branch=cap.branch(),
                      from_=caller.name_addr("a-%s%d" % (prefix, i)), to=callee.name_addr(),
                      call_id="%s-%02d@192.0.2.10" % (prefix, i), cseq=1,
                      contact=caller.contact, body=sdp(caller.host, rtp_base + i))
        cap.send(t, inv)
        return inv

    def reply(inv, i, line):
        return response(inv, 0, to_tag="b-%s%d" % (prefix, i), status_line=line)
    return invite, reply


def cap_bad_input():
    A = Host("A", "192.0.2.10", "(alice, UAC, transferor: sends INVITE, OPTIONS and REFER)")
    B = Host("B", "192.0.2.20", "(bob, UAS, transferee: sends the odd responses and the "
                                "NOTIFYs)")
    cap = Capture("crafted-bad-input",
                  "Robustness: responses and NOTIFYs a dissector should survive (status "
                  "codes out of range or not digits, a response without CSeq and one with "
                  "two, a request whose CSeq method disagrees with its request line, "
                  "invalid UTF-8 in a reason phrase, sipfrag bodies without a status line, "
                  "empty or bogus, an `Event: refer` id beyond 64 bits), one transaction "
                  "each, then one normal INVITE → 486 → ACK that must still be analysed",
                  [A, B], describe_fn=describe_bad)
    alice = UA("alice", "Alice", A)
    bob = UA("bob", "Bob", B)
    items = []

    def item(num, summary):
        items.append((num, summary, len(cap.packets)))

    invite, reply = odd_answer_helpers(cap, alice, bob, "bad", 7000)

    # 1-5: status codes 000, 099, 700, 999 and 4x6
    t = 0.0
    for i, line in enumerate(BAD_STATUS, 1):
        item(i, "INVITE → `%s`" % line)
        inv = invite(t, i)
        digits = line.split()[1]
        if digits.isdigit():
            cap.send(t + 0.100, reply(inv, i, line), mark="st%d" % i)
        else:
            cap.send(t + 0.100, reply(inv, i, line), expect=[], mark="st%d" % i)
        t += 1.0
    # 6: 486 without any CSeq header
    item(6, "INVITE → 486 without any CSeq header")
    inv = invite(t, 6)
    r = reply(inv, 6, "SIP/2.0 486 Busy Here")
    r.headers = [(n, v) for n, v in r.headers if n != "CSeq"]
    cap.send(t + 0.100, r, mark="nocseq")
    # 7: 486 with two CSeq headers
    t += 1.0
    item(7, "INVITE → 486 with two CSeq headers (`CSeq: 1 INVITE`, `CSeq: 2 INVITE`)")
    inv = invite(t, 7)
    r = reply(inv, 7, "SIP/2.0 486 Busy Here")
    k = r.headers.index(("CSeq", "1 INVITE"))
    r.headers.insert(k + 1, ("CSeq", "2 INVITE"))
    cap.send(t + 0.100, r, mark="twocseq")
    # 8: OPTIONS whose CSeq says INVITE
    t += 1.0
    item(8, "`OPTIONS sip:bob@example.com SIP/2.0` with `CSeq: 5 INVITE` → 200 OK "
            "(`CSeq: 5 INVITE`)")
    opt = request("OPTIONS", bob.aor, A, B, branch=cap.branch(),
                  from_=alice.name_addr("a-bad8"), to=bob.name_addr(),
                  call_id="bad-08@192.0.2.10", cseq=5, contact=alice.contact,
                  extra=[("Accept", "application/sdp")])
    opt.headers = [("CSeq", "5 INVITE") if n == "CSeq" else (n, v) for n, v in opt.headers]
    cap.send(t, opt, mark="optinv")
    cap.send(t + 0.015, response(opt, 200, to_tag="b-bad8"), mark="optinv200")
    # 9: 480 with raw bytes 0xff 0xfe in the reason phrase
    t += 1.0
    item(9, "INVITE → `SIP/2.0 480 Temporarily \\xff\\xfe Unavailable` (raw bytes "
            "0xff 0xfe: invalid UTF-8)")
    inv = invite(t, 9)
    cap.send(t + 0.100, RawMsg.of(reply(inv, 9, BAD_UTF8_LINE)),
             expect=[BAD_UTF8_TSHARK], mark="utf8")

    def transfer(t, i, first_notify, first_state, second_sipfrag, mark):
        """In-dialog REFER -> 202, then two NOTIFYs (each -> 200 OK)."""
        d = Dialog(cap, "bad-%02d-xfer@192.0.2.10" % i, alice, bob,
                   "a-bad%d" % i, "b-bad%d" % i)
        ref = cap.send(t, d.req(alice, "REFER", 101, extra=[
            ("Refer-To", "<sip:carol@%s>" % DOMAIN), ("Referred-By", "<%s>" % alice.aor)]))
        cap.send(t + 0.030, response(ref, 202, contact=bob.contact))
        body, extra = first_notify
        n = cap.send(t + 0.060, d.req(bob, "NOTIFY", 5001, extra=[
            ("Event", "refer"), ("Subscription-State", first_state)] + extra,
            body=body, ctype=SIPFRAG_CT), mark=mark)
        cap.send(t + 0.075, response(n, 200), mark=mark + "_200")
        n = cap.send(t + 2.000, d.req(bob, "NOTIFY", 5002, extra=[
            ("Event", "refer"), ("Subscription-State", SUB_TERM)],
            body=second_sipfrag, ctype=SIPFRAG_CT), mark=mark + "2")
        cap.send(t + 2.015, response(n, 200))

    # 10: header-only sipfrag, then bogus 'SIP/2.0 487 487'
    t += 1.0
    item(10, "in-dialog REFER → 202; NOTIFY whose message/sipfrag body has no status line "
             "(only `Content-Type: text/plain`) → 200; NOTIFY sipfrag `SIP/2.0 487 487` "
             "(terminated;reason=noresource) → 200")
    transfer(t, 10, ("Content-Type: text/plain\r\n", []), SUB_ACTIVE,
             "SIP/2.0 487 487\r\n", "hdronly")
    # 11: empty sipfrag (active), then 200 OK (terminated)
    t += 3.0
    item(11, "second transfer (own dialog): REFER → 202; NOTIFY with an empty "
             "message/sipfrag body (Content-Length 0), `active` → 200; NOTIFY sipfrag "
             "`SIP/2.0 200 OK`, terminated → 200")
    transfer(t, 11, ("", [("Content-Type", SIPFRAG_CT)]), SUB_ACTIVE,
             sipfrag(200, "OK"), "empty")
    # 12: NOTIFY with a 20-digit Event id, no REFER
    t += 3.0
    item(12, "third dialog, no REFER: NOTIFY `Event: %s` (20 digits, beyond 64 bits), "
             "sipfrag `SIP/2.0 200 OK`, terminated → 200" % BAD_HUGE_ID)
    d = Dialog(cap, "bad-12-xfer@192.0.2.10", alice, bob, "a-bad12", "b-bad12")
    n = cap.send(t, d.req(bob, "NOTIFY", 5001, extra=[
        ("Event", BAD_HUGE_ID), ("Subscription-State", SUB_TERM)],
        body=sipfrag(200, "OK"), ctype=SIPFRAG_CT), mark="hugeid")
    cap.send(t + 0.015, response(n, 200))
    # 13: the normal call attempt at the end
    t += 1.0
    item(13, "normal INVITE → 486 Busy Here → ACK (proves the rest is still analysed)")
    inv = invite(t, 13)
    r = cap.send(t + 0.100, reply(inv, 13, "SIP/2.0 486 Busy Here"), mark="final486")
    cap.send(t + 0.110, ack_non2xx(inv, r))

    for k, (num, summary, first) in enumerate(items):
        last = items[k + 1][2] - 1 if k + 1 < len(items) else len(cap.packets) - 1
        cap.marks["i%da" % num] = cap.packets[first]
        cap.marks["i%db" % num] = cap.packets[last]
    cap.notes = ("Scenario items (numbered as in the brief that asked for this file) and "
                 "their frames. Only the last INVITE gets an ACK (the brief asked for "
                 "request and response only in items 1-9).\n\n"
                 + "\n".join("- item %d, frames {i%da}-{i%db}: %s" % (n, n, n, s)
                             for n, s, _ in items))
    # what the notes below claim; --verify checks each of these
    chk = cap.check_field
    sip_only, sip_frag = "eth:ethertype:ip:udp:sip", "eth:ethertype:ip:udp:sip:sipfrag"
    for i, code in ((1, "0"), (2, "99"), (3, "700"), (4, "999")):
        chk("st%d" % i, "frame.protocols", sip_only)
        chk("st%d" % i, "sip.Status-Code", code)
        chk("st%d" % i, "sip.CSeq", "1 INVITE")
        chk("st%d" % i, "sip.response-request", "{i%da}" % i)
    chk("st5", "frame.protocols", "eth:ethertype:ip:udp:data")
    chk("st5", "sip.CSeq", "")
    for m in ("nocseq", "twocseq"):
        chk(m, "frame.protocols", sip_only)
        chk(m, "sip.Status-Code", "486")
        chk(m, "sip.response-request", "")
    chk("nocseq", "sip.CSeq", "")
    chk("nocseq", "sip.CSeq.seq", "")
    chk("nocseq", "sip.CSeq.method", "")
    chk("nocseq", "sip.response-time", "")
    chk("nocseq", "sip.Call-ID", "bad-06@192.0.2.10")
    chk("twocseq", "sip.CSeq", "1 INVITE,2 INVITE")
    chk("twocseq", "sip.CSeq.seq", "1,2")
    chk("twocseq", "sip.CSeq.method", "INVITE,INVITE")
    chk("optinv", "sip.Method", "OPTIONS")
    chk("optinv", "sip.CSeq", "5 INVITE")
    chk("optinv200", "sip.CSeq.method", "INVITE")
    chk("optinv200", "sip.response-request", "{optinv}")
    chk("utf8", "sip.Status-Code", "480")
    chk("utf8", "sip.response-request", "{i9a}")
    for m, proto, frag in (("hdronly", sip_frag, "Content-Type: text/plain"),
                           ("hdronly2", sip_frag, "SIP/2.0 487 487"),
                           ("empty", sip_only, ""),
                           ("empty2", sip_frag, "SIP/2.0 200 OK"),
                           ("hugeid", sip_frag, "SIP/2.0 200 OK")):
        chk(m, "frame.protocols", proto)
        chk(m, "sipfrag.line", frag)
    chk("empty", "sip.msg_body", "")
    chk("empty", "sip.Content-Type", SIPFRAG_CT)
    chk("empty", "sip.Content-Length", "0")
    chk("hugeid", "sip.Event", BAD_HUGE_ID)
    chk("final486", "sip.response-request", "{i13a}")
    for m in list(cap.marks):
        chk(m, "_ws.expert", "")
    cap.tshark_notes.append(BAD_INPUT_NOTES)
    return cap


BAD_INPUT_NOTES = """\
How tshark 4.0.17 dissects these (default preferences; `-2` gives the same fields; no expert
item anywhere in the file, `tshark -q -z expert` prints nothing). Besides the start lines,
`--verify` checks every `frame.protocols`, `sip.*` and `sipfrag.line` value quoted here, and
`_ws.expert` (empty) for each frame named; the column texts are not checked.

- items 1-4 (`000`, `099`, `700`, `999`; frames {st1}, {st2}, {st3}, {st4}): SIP
  (`frame.protocols` `eth:ethertype:ip:udp:sip`), `sip.Status-Line` the whole start line,
  `sip.Status-Code` 0 / 99 / 700 / 999, `sip.CSeq` `1 INVITE`, `sip.response-request` the
  INVITE; as in crafted-malformed.pcapng.
- item 5 (`4x6`, frame {st5}): **not SIP**: `eth:ethertype:ip:udp:data`, Protocol column
  `UDP`, Info `5060 → 5060 Len=242`, no `sip.*` field (no Status-Line, no CSeq). For
  Wireshark the INVITE of frame {i5a} stays unanswered.
- item 6 (frame {nocseq}): SIP, `sip.Status-Line` `SIP/2.0 486 Busy Here`,
  `sip.Status-Code` 486, Call-ID dissected, but no `sip.CSeq`, `sip.CSeq.seq` or
  `sip.CSeq.method` at all, and no `sip.response-request` / `sip.response-time`.
- item 7 (frame {twocseq}): SIP, both headers dissected in order: `sip.CSeq` occurs twice
  (`1 INVITE,2 INVITE` with `-T fields`), `sip.CSeq.seq` 1,2, `sip.CSeq.method`
  INVITE,INVITE. No `sip.response-request`: packet-sip.c keeps the last CSeq number (2)
  for its request/response matching, and no request has CSeq 2.
- item 8 (frames {optinv}, {optinv200}): `sip.Method` `OPTIONS` with `sip.CSeq` `5 INVITE`
  (`sip.CSeq.method` INVITE), not flagged. The 200 OK links to the OPTIONS
  (`sip.response-request` = {optinv}; matching uses Call-ID and CSeq, not the request
  line) and its Info column reads `Status: 200 OK (INVITE)` (method taken from CSeq).
- item 9 (frame {utf8}): SIP, `sip.Status-Code` 480, `sip.response-request` = {i9a}. Each
  invalid byte becomes U+FFFD (REPLACEMENT CHARACTER): `sip.Status-Line` is
  `SIP/2.0 480 Temporarily \ufffd\ufffd Unavailable` (UTF-8 `ef bf bd ef bf bd` where the
  frame has `ff fe`), in the Info column too. The raw bytes are only in the frame data.
- item 10: the header-only body (frame {hdronly}) **is** dissected as sipfrag
  (`frame.protocols` ends `sip:sipfrag`, Info `..., with Sipfrag(Content-Type:
  text/plain)`), with one `sipfrag.line` = `Content-Type: text/plain`: the 4.0 sipfrag
  dissector only lists lines, it parses no status line and flags nothing. The bogus
  `SIP/2.0 487 487` (frame {hdronly2}) gives `sipfrag.line` `SIP/2.0 487 487`.
- item 11: the empty body (frame {empty}) gives **no sipfrag** (`frame.protocols` ends
  `udp:sip`, no `sip.msg_body`, no `sipfrag.line`), though `sip.Content-Type` is
  `message/sipfrag;version=2.0` and `sip.Content-Length` 0. Frame {empty2}: `sipfrag.line`
  `SIP/2.0 200 OK`.
- item 12 (frame {hugeid}): `sip.Event` is the plain string
  `refer;id=99999999999999999999` (Wireshark does not parse the id), `sipfrag.line`
  `SIP/2.0 200 OK`.
- item 13: normal: the 486 (frame {final486}) links to the INVITE (frame {i13a})."""

# Display text from bad bytes: the cases where one repair rule differs from another.
# Written as latin-1 code points for RawMsg (see there).
REPAIR_CUT3_LINE = "SIP/2.0 480 Gone \xe2\x82 Away"            # 3-byte character cut short
REPAIR_CUT3_TSHARK = "SIP/2.0 480 Gone \ufffd Away"              # one U+FFFD for both bytes
REPAIR_SURROGATE_LINE = "SIP/2.0 486 Busy \xed\xa0\x80 Here"     # an encoded surrogate
REPAIR_SURROGATE_TSHARK = "SIP/2.0 486 Busy \ufffd\ufffd\ufffd Here"
# U+1F600 on bytes 125-128 of the line, across the 128 bytes of it that are read
REPAIR_LONG_PHRASE = "x" * 113 + "\xf0\x9f\x98\x80 tail"
REPAIR_NUL_LINE = "SIP/2.0 4x0 Bad\x00Zero"                      # malformed code, a NUL


def cap_utf8_repair():
    A = Host("A", "192.0.2.10", "(alice, UAC: sends the INVITEs)")
    B = Host("B", "192.0.2.20", "(bob, UAS: answers with the odd status lines)")
    cap = Capture("crafted-utf8-repair",
                  "Display text from bad bytes: reason phrases with a UTF-8 sequence cut "
                  "short and an encoded surrogate, a valid status line longer than the "
                  "128 bytes read of it with a 4-byte character across that cut, and a "
                  "malformed status line holding a NUL; one INVITE transaction each",
                  [A, B], describe_fn=describe_bad)
    alice = UA("alice", "Alice", A)
    bob = UA("bob", "Bob", B)

    invite, reply = odd_answer_helpers(cap, alice, bob, "fix", 7100)

    inv = invite(0.0, 1)
    cap.send(0.100, RawMsg.of(reply(inv, 1, REPAIR_CUT3_LINE)),
             expect=[REPAIR_CUT3_TSHARK], mark="cut3")
    inv = invite(1.0, 2)
    cap.send(1.100, RawMsg.of(reply(inv, 2, REPAIR_SURROGATE_LINE)),
             expect=[REPAIR_SURROGATE_TSHARK], mark="surrogate")
    inv = invite(2.0, 3)
    line = "SIP/2.0 404 " + REPAIR_LONG_PHRASE
    cap.send(2.100, RawMsg.of(reply(inv, 3, line)),
             expect=[line.encode("latin-1").decode("utf-8")], mark="long")
    inv = invite(3.0, 4)
    cap.send(3.100, RawMsg.of(reply(inv, 4, REPAIR_NUL_LINE)), expect=[], mark="nul")
    cap.notes = """\
- Wireshark repairs the phrase of frame {cut3} (`\\xe2\\x82`, a 3-byte sequence cut after two
  bytes) with one U+FFFD, and that of frame {surrogate} (`\\xed\\xa0\\x80`, an encoded
  surrogate) with three: one per maximal ill-formed subpart (Unicode, Table 3-7).
- Frame {long}: a valid 142-byte status line whose U+1F600 takes bytes 125-128.
- Frame {nul}: `SIP/2.0 4x0 Bad`, a NUL byte, `Zero`; SIP does not take the message
  (no `sip.Status-Line`), Wireshark shows it as `data`."""
    return cap


PHASE4 = [cap_bad_input, cap_utf8_repair]


# --------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "..", "captures"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", nargs="?", default=default_out)
    ap.add_argument("--manifest")
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--only")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    all_caps = [f() for f in PHASE1 + PHASE2 + PHASE3 + PHASE4]
    caps = all_caps
    if args.only:
        caps = [c for c in caps if args.only in c.name]
    failed = False
    for c in caps:
        path = c.write(args.outdir)
        msg = path
        if args.verify:
            errs = c.verify(path)
            if errs:
                failed = True
                msg += "\n  " + "\n  ".join(errs)
            else:
                msg += "  (verified)"
        print(msg)
    if args.manifest:
        with open(args.manifest, "w") as f:
            f.write(MANIFEST_HEADER)
            for c in all_caps:      # always the whole manifest, --only or not
                f.write("\n" + c.manifest())
    return 1 if failed else 0


MANIFEST_HEADER = """# Crafted capture manifest

Generated, together with the pcapng files in `captures/`, by

    /usr/bin/python3 tests/captures/gen_crafted.py --verify \\
        --manifest tests/captures/crafted-manifest.md

(do not edit by hand). `--verify` checked every frame number, `sip.Request-Line` and
`sip.Status-Line` below against `tshark -r X -T fields -e frame.number -e
sip.Request-Line -e sip.Status-Line` (tshark 4.0.17, single pass, default preferences).

Conventions: **N** is the frame number; `t=+s` is the time since the first frame (every
capture starts at 2026-01-01 10:00:00.000000 UTC); `A→B` names the hosts listed per
capture; then the start line in backticks and key headers (`To-tag -` = no tag).
Per-capture notes record what tshark itself shows where that is surprising.
"""


if __name__ == "__main__":
    sys.exit(main())
