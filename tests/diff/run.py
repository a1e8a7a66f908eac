#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Differential test: the plain-C message reader against Wireshark's own SIP fields.

For every capture in captures/ (*.pcapng), a small generated bench slice and the grammar
slice (gen_grammar.py: one message per RFC 3261 grammar point captures/ lacks), tshark (with no
plugin at all) dissects the capture as JSON with raw bytes (-T json -x --no-duplicate-keys).
Each `sip` layer of each frame is one SIP message; its `sip_raw` entry gives that message's
own bytes, also when they come from a reassembled TCP stream or share a segment with other
messages. A message/sip body holds a `sip` layer of its own (with its own `sip_raw`): it is
the next message, and its fields are not counted as the outer message's. The bytes go to
msg_dump (tests/diff/msg_dump.c, linked with sipadv_core), which prints what sipadv_msg_read
and its helpers extract; the fields Wireshark dissected from the same message must match,
field by field.

Where the two differ because Wireshark departs from RFC 3261's grammar, the reader follows
the RFC: each such case is a NAMED, narrow exception in EXCEPTIONS below (a predicate on the
message and the two values, never a whole field or capture), and the exceptions used are
printed. A mismatch no exception covers fails the capture.

    run.py --tshark tshark --msg-dump build/tests/msg_dump --captures captures \
           --gen-bench tests/bench/gen_bench.py --gen-grammar tests/diff/gen_grammar.py \
           [--only NAME] [--bench-messages 2000]

Prints per capture "N messages, M fields compared, K named exceptions" and ends with one
line "P passed, F failed" (one per capture); exit status 1 on any failure.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# ---- Wireshark's fields ------------------------------------------------------------------

# Every Wireshark field this test reads. If the running tshark lacks one (a field renamed in
# a later release), the test fails before comparing anything.
WS_FIELDS = [
    "sip.Request-Line", "sip.Status-Line", "sip.Method", "sip.r-uri", "sip.Status-Code",
    "sip.Call-ID", "sip.CSeq.seq", "sip.CSeq.method", "sip.from.tag", "sip.to.tag",
    "sip.Event", "sip.Subscription-State", "sip.Refer-To", "sip.Refer-Sub", "sip.Require",
    "sip.Retry-After", "sip.Min-Expires", "sip.Min-SE", "sip.Allow", "sip.Warning",
    "sip.Reason", "sip.WWW-Authenticate", "sip.Proxy-Authenticate", "sip.Contact",
    "sip.Expires", "sipfrag.line",
    # read only by the named exceptions
    "sip.continuation", "sip.retry_after.invalid",
]

# The comparisons: (name, msg_dump column, Wireshark field, how).
#   first:  the reader's (first) value against Wireshark's first occurrence
#   all:    every instance, in order (one value per header line on both sides)
#   joined: every instance joined with "," on both sides (msg_dump joins the reader's)
#   number: like first, compared as numbers when the field is numeric in this tshark
# The derived comparisons (kind, event_package, event_id, length) are computed in compare().
COMPARISONS = [
    ("method", "method", "sip.Method", "first"),
    ("ruri", "ruri", "sip.r-uri", "first"),
    ("status", "status", "sip.Status-Code", "number"),
    ("call_id", "call_id", "sip.Call-ID", "first"),
    ("cseq_seq", "cseq_seq", "sip.CSeq.seq", "number"),
    ("cseq_method", "cseq_method", "sip.CSeq.method", "first"),
    ("from_tag", "from_tag", "sip.from.tag", "first"),
    ("to_tag", "to_tag", "sip.to.tag", "first"),
    ("event", "event", "sip.Event", "first"),
    ("subscription_state", "subscription_state", "sip.Subscription-State", "first"),
    ("refer_to", "refer_to", "sip.Refer-To", "first"),
    ("refer_sub", "refer_sub", "sip.Refer-Sub", "first"),
    ("require", "require", "sip.Require", "joined"),
    ("retry_after", "retry_after", "sip.Retry-After", "number"),
    ("min_expires", "min_expires", "sip.Min-Expires", "number"),
    ("min_se", "min_se", "sip.Min-SE", "first"),
    ("allow", "allow", "sip.Allow", "all"),
    ("warning", "warning", "sip.Warning", "all"),
    ("reason", "reason", "sip.Reason", "all"),
    ("www_authenticate", "www_authenticate", "sip.WWW-Authenticate", "all"),
    ("proxy_authenticate", "proxy_authenticate", "sip.Proxy-Authenticate", "all"),
    ("contact", "contact", "sip.Contact", "all"),
    ("expires", "expires", "sip.Expires", "number"),
    ("sipfrag", "sipfrag", "sipfrag.line", "first"),
]

NUMERIC_TYPES = re.compile(r"^FT_U?INT(8|16|24|32|40|48|56|64)$")


class Failure(Exception):
    pass


# ---- named exceptions --------------------------------------------------------------------
#
# Each entry: (name, field, predicate, reason). A predicate gets a Case (the message's bytes,
# where it is, and the two values) and says whether this known departure explains the
# mismatch. It is asked only when the values differ, and must check the mismatch is exactly
# the one named (for example that Wireshark's number is the reader's leading delta-seconds),
# so an unrelated difference in the same field still fails.

class Case:
    def __init__(self, capture, frame, index, raw, field, reader, ws, ws_all, row):
        self.capture = capture      # file name
        self.frame = frame          # frame number
        self.index = index          # the message's place among the frame's sip layers
        self.raw = raw              # the message's bytes
        self.field = field
        self.reader = reader        # the reader's value: None (absent), str or list of str
        self.ws = ws                # Wireshark's value, same shapes
        self.ws_all = ws_all        # {field: [values]} of this message
        self.row = row              # {column: None or [instances]}: the reader's whole line

    def header_lines(self):
        """The message's header lines (continuations unfolded into their field), as text."""
        text = self.raw.decode("utf-8", "replace")
        head = re.split(r"\r?\n\r?\n", text, maxsplit=1)[0]
        lines = []
        for line in re.split(r"\r?\n", head)[1:]:
            if line[:1] in (" ", "\t") and lines:
                lines[-1] += "\n" + line
            else:
                lines.append(line)
        return lines

    def header_line_matching(self, pattern):
        rx = re.compile(pattern, re.I | re.S)
        return [ln for ln in self.header_lines() if rx.match(ln)]


def _is_delta_seconds_with_extras(text):
    """RFC 3261 sec. 20.33: delta-seconds [ comment ] *( SEMI retry-param ), with at least
    the comment or one parameter: (the number, True) or (None, False)."""
    m = re.match(r"(\d+)\s*(\(.*\))?\s*(;.*)?$", text or "", re.S)
    if m and (m.group(2) or m.group(3)):
        return int(m.group(1)), True
    return None, False


def retry_after_extras(c):
    """The reader's Retry-After is delta-seconds followed by a comment and/or parameters, as
    RFC 3261 allows; Wireshark gives either just that number or, unable to read it, 0 with
    its sip.retry_after.invalid expert item (4.0 to 4.6)."""
    if not isinstance(c.reader, str) or not isinstance(c.ws, int):
        return False
    number, ok = _is_delta_seconds_with_extras(c.reader)
    return ok and (c.ws == number or (c.ws == 0 and "sip.retry_after.invalid" in c.ws_all))


def retry_after_not_a_number(c):
    """The reader's Retry-After does not start with delta-seconds at all ("soon"): the
    reader hands over the text (its header parser then calls it invalid), Wireshark shows 0
    with its sip.retry_after.invalid expert item."""
    return (isinstance(c.reader, str) and not re.match(r"\s*\d", c.reader) and
            c.ws == 0 and "sip.retry_after.invalid" in c.ws_all)


def expires_with_params(c):
    """The reader's Expires is a number followed by something else; Wireshark's sip.Expires
    (a number) keeps only the leading digits."""
    if not isinstance(c.reader, str) or not isinstance(c.ws, int):
        return False
    m = re.match(r"(\d+)\s*[;(]", c.reader)
    return bool(m) and int(m.group(1)) == c.ws


def status_code_wireshark_does_not_parse(c):
    """A start line "SIP/2.0 <code> ..." whose code is not 3 digits (RFC 3261 sec. 7.2:
    Status-Code = 3DIGIT). The reader calls it a response with a bad code (its contract:
    SIPADV_START_RESPONSE, status SIPADV_STATUS_BAD_CODE) and still reads its headers;
    Wireshark (over TCP) shows the whole message as one sip.continuation and dissects no
    field of it. Only fields Wireshark does not have at all are excused."""
    if c.row.get("kind") != ["response"] or c.row.get("status_result") != ["bad_code"]:
        return False
    if "sip.Status-Line" in c.ws_all or "sip.Request-Line" in c.ws_all:
        return False
    if "sip.continuation" not in c.ws_all:
        return False
    return (c.ws == "none") if c.field == "kind" else (c.ws is None)


HCOLON_NAMES = {
    "call_id": r"(Call-ID|i)", "cseq_seq": r"CSeq", "cseq_method": r"CSeq",
    "from_tag": r"(From|f)", "to_tag": r"(To|t)", "event": r"(Event|o)",
    "event_package": r"(Event|o)", "event_id": r"(Event|o)",
    "subscription_state": r"Subscription-State", "refer_to": r"(Refer-To|r)",
    "refer_sub": r"Refer-Sub", "require": r"Require", "retry_after": r"Retry-After",
    "min_expires": r"Min-Expires", "min_se": r"Min-SE", "allow": r"Allow",
    "warning": r"Warning", "reason": r"Reason", "www_authenticate": r"WWW-Authenticate",
    "proxy_authenticate": r"Proxy-Authenticate", "contact": r"(Contact|m)",
    "expires": r"Expires",
}


def blank_before_hcolon(c):
    """Wireshark has fewer values than the reader, and the message has a header line of this
    field with SP/HTAB between its name and the colon (RFC 3261 sec. 25.1: HCOLON =
    *( SP / HTAB ) ":" SWS)."""
    name = HCOLON_NAMES.get(c.field)
    if name is None or c.reader is None:
        return False
    if not c.header_line_matching(r"%s[ \t]+:" % name):
        return False
    if c.ws is None:
        return True
    return isinstance(c.ws, list) and isinstance(c.reader, list) and len(c.ws) < len(c.reader)


def _tag_params(c):
    """(the whole ';...tag...=value' text, the name as spelled, the value) of every tag
    parameter in this message's From or To header lines, blanks allowed around ';' and '='."""
    if c.field not in ("from_tag", "to_tag") or not isinstance(c.reader, str) or c.ws is not None:
        return []
    name = r"(From|f)" if c.field == "from_tag" else r"(To|t)"
    found = []
    for line in c.header_line_matching(r"%s[ \t]*:" % name):
        for m in re.finditer(r";\s*(tag)\s*=\s*([^;\s]*)", line, re.I):
            found.append((m.group(0), m.group(1), m.group(2)))
    return found


def tag_name_not_lower_case(c):
    """Wireshark has no tag, and the From/To header line has the reader's tag behind a
    parameter name "tag" spelled in another case (";TAG=..."): RFC 3261 sec. 7.3.1 makes
    parameter names case-insensitive."""
    return any(spelled != "tag" and value == c.reader for _, spelled, value in _tag_params(c))


def tag_blanks_around_equal(c):
    """Wireshark has no tag, and the From/To header line has the reader's tag as
    "; tag = value": RFC 3261 sec. 25.1 SEMI = SWS ";" SWS, EQUAL = SWS "=" SWS."""
    return any(re.search(r"\s", whole) and value == c.reader
               for whole, _, value in _tag_params(c))


def cseq_over_32_bits(c):
    """The CSeq number does not fit 32 bits (RFC 3261 sec. 8.1.1.5: it MUST): the reader's
    sipadv_parse_cseq rejects it (no number), Wireshark shows 0."""
    if c.field != "cseq_seq" or c.reader is not None or c.ws != 0:
        return False
    for line in c.header_line_matching(r"CSeq[ \t]*:"):
        m = re.match(r"CSeq[ \t]*:\s*(\d+)", line, re.I)
        if m and int(m.group(1)) > 0xFFFFFFFF:
            return True
    return False


def cseq_without_method(c):
    """The message has "CSeq: 77" (no method; RFC 3261 sec. 20.16 wants one). Wireshark (4.0
    to 4.6) stops dissecting the message's headers there: the CSeq number and every header after
    that line are missing on its side. The reader, as its contract says, still gives the
    number (sipadv_parse_cseq is true whenever the number is valid) and reads on. Excuses
    only a field Wireshark lacks entirely: the CSeq number itself, or a header whose first
    line comes after the CSeq line."""
    if c.ws is not None or c.reader is None:
        return False
    lines = c.header_lines()
    at = [i for i, ln in enumerate(lines) if re.match(r"CSeq[ \t]*:\s*\d+\s*$", ln, re.I)]
    if not at:
        return False
    if c.field == "cseq_seq":
        return str(c.reader) == re.search(r"\d+", lines[at[0]]).group(0)
    name = HCOLON_NAMES.get(c.field)
    if name is None:
        return False
    rx = re.compile(r"%s[ \t]*:" % name, re.I)
    mine = [i for i, ln in enumerate(lines) if rx.match(ln)]
    return bool(mine) and min(mine) > at[0]


def trailing_blanks_kept(c):
    """Wireshark's value is the reader's plus trailing SP/HTAB: the reader trims the blanks
    that end a header line (they are LWS, not part of the value)."""
    def strip(v):
        return [x.rstrip(" \t") for x in v] if isinstance(v, list) else (
            v.rstrip(" \t") if isinstance(v, str) else v)
    return c.reader is not None and c.ws is not None and c.ws != strip(c.ws) and \
        strip(c.ws) == c.reader


EXCEPTIONS = [
    ("Retry-After comment/parameters", "retry_after", retry_after_extras,
     "RFC 3261 sec. 20.33 allows \"120 (in a meeting);duration=3600\"; the reader gives the "
     "whole value, Wireshark's number is the delta-seconds alone or 0 (\"invalid\")"),
    ("Retry-After not delta-seconds", "retry_after", retry_after_not_a_number,
     "\"Retry-After: soon\": the reader keeps the text for its parser to reject, "
     "Wireshark shows 0 (\"invalid\")"),
    ("Expires with parameters", "expires", expires_with_params,
     "Wireshark's sip.Expires (a number) keeps only the leading digits of the value"),
    ("status code Wireshark does not parse", "*", status_code_wireshark_does_not_parse,
     "\"SIP/2.0 48 Short\", \"4866\", \"4a6\" over TCP: the reader reads a response with a "
     "bad code and its headers; Wireshark shows a bare continuation, no fields"),
    ("tag parameter name in upper case", "*", tag_name_not_lower_case,
     "\";TAG=x\": parameter names are case-insensitive (RFC 3261 sec. 7.3.1); Wireshark "
     "finds only \";tag=\""),
    ("blanks around the tag's EQUAL", "*", tag_blanks_around_equal,
     "\"; tag = x\": SEMI and EQUAL allow blanks (RFC 3261 sec. 25.1); Wireshark does "
     "not find the tag"),
    ("CSeq number over 32 bits", "cseq_seq", cseq_over_32_bits,
     "\"CSeq: 4294967296 BYE\": sipadv_parse_cseq rejects it (RFC 3261 sec. 8.1.1.5), "
     "Wireshark shows 0"),
    ("CSeq without a method", "*", cseq_without_method,
     "\"CSeq: 77\": Wireshark stops dissecting the headers there; the reader gives the "
     "number and reads on"),
    ("trailing blanks of a value", "*", trailing_blanks_kept,
     "\"Call-ID: x   \": the reader trims the blanks that end the line, Wireshark keeps them"),
    ("whitespace before HCOLON", "*", blank_before_hcolon,
     "\"Name : value\": RFC 3261 HCOLON allows SP/HTAB before the colon, and the reader "
     "takes the header; Wireshark does not"),
]


# ---- running tshark ----------------------------------------------------------------------

class Tshark:
    """tshark with an empty private HOME and empty plugin and extcap folders, as `nobody`
    when we are root (the same idiom as tests/integration/harness.py), so that no sipadv
    plugin, personal or global, can load."""

    def __init__(self, tshark, work):
        self.tshark = tshark
        self.home = os.path.join(work, "home")
        self.plugins = os.path.join(work, "no-plugins")
        self.extcap = os.path.join(work, "no-extcap")
        for d in (self.home, self.plugins, self.extcap):
            os.makedirs(d)
            os.chmod(d, 0o755)

    def _prefix(self):
        if os.geteuid() == 0:
            return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        return []

    def _env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        env.update(HOME=self.home, TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   WIRESHARK_PLUGIN_DIR=self.plugins, WIRESHARK_EXTCAP_DIR=self.extcap)
        for k in ("WIRESHARK_CONFIG_DIR", "LD_PRELOAD"):
            env.pop(k, None)
        return env

    def run(self, args):
        p = subprocess.run(self._prefix() + [self.tshark] + list(args), cwd=self.home,
                           env=self._env(), capture_output=True, timeout=600)
        if p.returncode != 0:
            raise Failure("tshark %s exited %d:\n%s" % (" ".join(args), p.returncode,
                                                        p.stderr.decode("utf-8", "replace")))
        return p.stdout.decode("utf-8", "replace")

    def check_no_plugin(self):
        out = self.run(["-G", "plugins"])
        if "sipadv" in out:
            raise Failure("a sipadv plugin loaded into tshark; this test wants none:\n" + out)

    def field_types(self):
        types = {}
        for line in self.run(["-G", "fields"]).splitlines():
            cols = line.split("\t")
            if len(cols) >= 4 and cols[0] == "F":
                types[cols[2]] = cols[3]
        return types

    def version(self):
        return self.run(["-v"]).splitlines()[0]


# ---- Wireshark's messages ----------------------------------------------------------------

def as_list(v):
    return v if isinstance(v, list) else [v]


def raw_entries(v):
    """sip_raw is [hex, offset, length, bitmask, type] for one layer, or a list of those."""
    if isinstance(v, list) and v and isinstance(v[0], list):
        return v
    return [v]


def collect(layer, wanted, out):
    """Values of the wanted fields anywhere under one sip layer, in document order. With
    --no-duplicate-keys a key repeated in one object becomes a list of its values. A sip
    layer nested in the body (message/sip) is a message of its own: its fields are not
    this one's."""
    if isinstance(layer, dict):
        for k, v in layer.items():
            if k.endswith("_raw") or k == "sip":
                continue
            if k in wanted:
                for item in as_list(v):
                    if isinstance(item, str):
                        out.setdefault(k, []).append(item)
                    else:
                        raise Failure("field %s has an unexpected JSON value %r" % (k, item))
            else:
                for item in as_list(v):
                    if isinstance(item, (dict, list)):
                        collect(item, wanted, out)
    elif isinstance(layer, list):
        for item in layer:
            collect(item, wanted, out)
    return out


def sip_layer_pairs(obj, where):
    """(sip layer, its sip_raw entry) for each message under obj's "sip" key, checked to pair
    up one to one."""
    if "sip_raw" not in obj:
        raise Failure("%s: a sip layer without sip_raw: does this tshark's -x still give each "
                      "layer's bytes?" % where)
    sips, raws = as_list(obj["sip"]), raw_entries(obj["sip_raw"])
    if len(sips) != len(raws):
        raise Failure("%s: %d sip layers but %d sip_raw entries" % (where, len(sips), len(raws)))
    return list(zip(sips, raws))


def nested_layers(obj, where):
    """sip_layer_pairs() of each SIP message nested in obj's message bodies, outermost
    first; the messages nested in those are not included."""
    found = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "sip":
                found += sip_layer_pairs(obj, where + ", in a message/sip body")
            elif not k.endswith("_raw"):
                found += nested_layers(v, where)
    elif isinstance(obj, list):
        for item in obj:
            found += nested_layers(item, where)
    return found


def with_nested(layer, raw, where):
    """A message, then every message nested in it, depth first: the order of the sip items
    the plugin reads."""
    out = [(layer, raw)]
    for inner, inner_raw in nested_layers(layer, where):
        out += with_nested(inner, inner_raw, where)
    return out


def ws_messages(ts, capture):
    """[(frame number, index in frame, message bytes, {field: [values]})]"""
    text = ts.run(["-n", "-r", capture, "-T", "json", "-x", "--no-duplicate-keys"])
    packets = json.loads(text) if text.strip() else []
    wanted = set(WS_FIELDS)
    msgs = []
    for p in packets:
        layers = p["_source"]["layers"]
        frame = int(as_list(layers["frame"])[0]["frame.number"])
        if "sip" not in layers:
            if "sip_raw" in layers:
                raise Failure("frame %d: sip_raw without a sip layer" % frame)
            continue
        where = "frame %d" % frame
        messages = [m for layer, raw in sip_layer_pairs(layers, where)
                    for m in with_nested(layer, raw, where)]
        for i, (layer, raw) in enumerate(messages):
            data = bytes.fromhex(raw[0])
            if len(raw) >= 3 and int(raw[2]) != len(data):
                raise Failure("frame %d message %d: sip_raw says %s bytes, holds %d"
                              % (frame, i, raw[2], len(data)))
            msgs.append((frame, i, data, collect(layer, wanted, {})))
    return msgs


# ---- the reader's messages ---------------------------------------------------------------

def unescape_column(col):
    """None for an absent column, else the list of instances (see msg_dump.c)."""
    if col == "\\-":
        return None
    items, cur, i = [], bytearray(), 0
    while i < len(col):
        ch = col[i]
        if ch != "\\":
            cur += ch.encode("utf-8")
            i += 1
            continue
        nxt = col[i + 1:i + 2]
        if nxt == "\\":
            cur += b"\\"
        elif nxt == "t":
            cur += b"\t"
        elif nxt == "n":
            cur += b"\n"
        elif nxt == "r":
            cur += b"\r"
        elif nxt == "|":
            items.append(bytes(cur))
            cur = bytearray()
        elif nxt == "x" and re.match(r"[0-9a-f]{2}$", col[i + 2:i + 4]):
            cur.append(int(col[i + 2:i + 4], 16))
            i += 2
        else:
            raise Failure("msg_dump: bad escape %r in %r" % (col[i:i + 4], col))
        i += 2
    items.append(bytes(cur))
    return [b.decode("utf-8", "replace") for b in items]


def reader_messages(msg_dump, messages):
    cols = subprocess.run([msg_dump, "--columns"], capture_output=True, text=True,
                          check=True).stdout.rstrip("\n").split("\t")
    stdin = "".join(m[2].hex() + "\n" for m in messages)
    p = subprocess.run([msg_dump], input=stdin, capture_output=True, text=True,
                       errors="strict")
    if p.returncode != 0:
        raise Failure("msg_dump exited %d:\n%s" % (p.returncode, p.stderr))
    lines = p.stdout.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(messages):
        raise Failure("msg_dump printed %d lines for %d messages" % (len(lines), len(messages)))
    out = []
    for line in lines:
        values = line.split("\t")
        if len(values) != len(cols):
            raise Failure("msg_dump line with %d columns, want %d: %r"
                          % (len(values), len(cols), line))
        out.append({c: unescape_column(v) for c, v in zip(cols, values)})
    return out


# ---- comparing ---------------------------------------------------------------------------

def single(v):
    """A column that holds one value: None or that value."""
    if v is None:
        return None
    if len(v) != 1:
        raise Failure("msg_dump gave %d instances where one was expected: %r" % (len(v), v))
    return v[0]


def event_from_text(text):
    """RFC 6665 sec. 8.2.1 on Wireshark's Event value, independently of sipadv_parse_event:
    (package or None, id) with id None (no id param), "invalid" or the number."""
    parts = text.strip().split(";")
    package = parts[0].strip() or None
    ident = None
    for param in parts[1:]:
        name, eq, value = param.partition("=")
        if name.strip().lower() != "id":
            continue
        value = value.strip()
        if eq and re.fullmatch(r"\d{1,10}", value) and int(value) <= 0xFFFFFFFF:
            ident = str(int(value))
        else:
            ident = "invalid"
        break
    return package, ident


# {capture label: {frame: what the frame is}}, to name the message in a failure.
FRAME_NAMES = {}


class Comparer:
    def __init__(self, field_types):
        self.types = field_types
        self.used = {}         # exception name -> [where]
        self.failures = []
        self.show = False      # print every comparison (--show)
        self.counted = {}      # field -> comparisons with a value on at least one side

    def is_numeric(self, ws_field):
        return bool(NUMERIC_TYPES.match(self.types.get(ws_field, "")))

    def check(self, capture, frame, index, raw, ws_all, row, field, reader, ws):
        """One comparison; True when counted (at least one side present)."""
        if reader is None and ws is None:
            return False
        self.counted[field] = self.counted.get(field, 0) + 1
        if self.show:
            print("    frame %d#%d %-18s %s  reader %r  Wireshark %r"
                  % (frame, index, field, "==" if reader == ws else "!=", reader, ws))
        if reader == ws:
            return True
        c = Case(capture, frame, index, raw, field, reader, ws, ws_all, row)
        for name, efield, pred, _reason in EXCEPTIONS:
            if efield in (field, "*") and pred(c):
                self.used.setdefault(name, []).append("%s frame %d#%d %s" % (
                    capture, frame, index, field))
                return True
        what = FRAME_NAMES.get(capture, {}).get(frame)
        self.failures.append("frame %d%s message %d: %s: reader %r, Wireshark %r"
                             % (frame, " (%s)" % what if what else "", index, field, reader, ws))
        return True

    def compare(self, capture, wsmsg, rd):
        frame, index, raw, ws = wsmsg
        n = 0

        def chk(field, reader, wsv):
            nonlocal n
            n += self.check(capture, frame, index, raw, ws, rd, field, reader, wsv)

        ws_kind = ("request" if "sip.Request-Line" in ws else
                   "response" if "sip.Status-Line" in ws else "none")
        chk("kind", single(rd["kind"]), ws_kind)

        for name, col, wsf, how in COMPARISONS:
            r, w = rd[col], ws.get(wsf)
            if how == "first" or how == "number":
                r = single(r)
                w = w[0] if w else None
                if how == "number" and self.is_numeric(wsf) and w is not None:
                    w = int(w)
                    if r is not None and re.fullmatch(r"\s*\d+\s*", r):
                        r = int(r)
            elif how == "joined":
                r = single(r)
                w = ",".join(w) if w else None
            elif how == "all":
                pass
            chk(name, r, w)

        # Event: what sipadv_parse_event made of the reader's value, against the same
        # RFC 6665 reading of Wireshark's value (Wireshark has no field for the id).
        wev = ws.get("sip.Event")
        wpkg, wid = event_from_text(wev[0]) if wev else (None, None)
        chk("event_package", single(rd["event_package"]), wpkg)
        chk("event_id", single(rd["event_id"]), wid)

        # Where the message ends: the reader's length (Content-Length, else all the bytes)
        # against the length of Wireshark's sip item.
        chk("length", int(single(rd["length"])), len(raw))
        return n


# ---- main --------------------------------------------------------------------------------

def run_capture(ts, msg_dump, comparer, label, path):
    failures_before = len(comparer.failures)
    used_before = sum(len(v) for v in comparer.used.values())
    msgs = ws_messages(ts, path)
    rds = reader_messages(msg_dump, msgs)
    fields = 0
    for wsmsg, rd in zip(msgs, rds):
        fields += comparer.compare(label, wsmsg, rd)
    fails = comparer.failures[failures_before:]
    used = sum(len(v) for v in comparer.used.values()) - used_before
    if not msgs:
        fails.append("no SIP message at all: Wireshark dissected nothing as SIP")
        comparer.failures.append(label + ": no SIP message")
    ok = not fails
    print("%s %s: %d messages, %d fields compared, %d named exceptions"
          % ("PASS" if ok else "FAIL", label, len(msgs), fields, used))
    for f in fails[:40]:
        print("    " + f)
    if len(fails) > 40:
        print("    ... and %d more" % (len(fails) - 40))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tshark", default="tshark")
    ap.add_argument("--msg-dump", required=True)
    ap.add_argument("--captures", required=True)
    ap.add_argument("--gen-bench", help="tests/bench/gen_bench.py (omit: no bench slice)")
    ap.add_argument("--gen-grammar", help="tests/diff/gen_grammar.py (omit: no grammar slice)")
    ap.add_argument("--bench-messages", type=int, default=2000)
    ap.add_argument("--bench-seed", type=int, default=1)
    ap.add_argument("--only", help="run only this capture (file name or 'bench')")
    ap.add_argument("--show", action="store_true", help="print every comparison")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="sipadv-diff-")
    os.chmod(work, 0o755)
    passed = failed = 0
    try:
        ts = Tshark(a.tshark, work)
        print(ts.version())
        ts.check_no_plugin()
        types = ts.field_types()
        missing = [f for f in WS_FIELDS if f not in types]
        if missing:
            raise Failure("this tshark has no field %s: renamed? Update WS_FIELDS and "
                          "COMPARISONS rather than compare nothing" % ", ".join(missing))

        capdir = os.path.join(work, "captures")
        os.makedirs(capdir)
        os.chmod(capdir, 0o755)
        jobs = []
        for src in sorted(glob.glob(os.path.join(a.captures, "*.pcapng"))):
            name = os.path.basename(src)
            dst = os.path.join(capdir, name)
            shutil.copy(src, dst)
            os.chmod(dst, 0o644)
            jobs.append((name, dst))
        if not jobs:
            raise Failure("no *.pcapng in " + a.captures)
        if a.gen_bench:
            bench = os.path.join(capdir, "bench-%d.pcap" % a.bench_messages)
            subprocess.run([sys.executable, a.gen_bench, bench, "-n", str(a.bench_messages),
                            "--seed", str(a.bench_seed), "--captures", a.captures],
                           check=True, stdout=subprocess.DEVNULL)
            os.chmod(bench, 0o644)
            jobs.append(("bench-%d (gen_bench.py -n %d --seed %d)"
                         % (a.bench_messages, a.bench_messages, a.bench_seed), bench))
        if a.gen_grammar:
            grammar = os.path.join(capdir, "grammar.pcap")
            subprocess.run([sys.executable, a.gen_grammar, grammar], check=True)
            os.chmod(grammar, 0o644)
            listing = subprocess.run([sys.executable, a.gen_grammar, "--list"], check=True,
                                     capture_output=True, text=True).stdout
            FRAME_NAMES["grammar"] = {int(f): n for f, n in
                                      (ln.split("\t") for ln in listing.splitlines())}
            jobs.append(("grammar", grammar))
        if a.only:
            jobs = [j for j in jobs if j[0] == a.only or j[0].startswith(a.only)]
            if not jobs:
                raise Failure("no capture named " + a.only)

        comparer = Comparer(types)
        comparer.show = a.show
        for label, path in jobs:
            try:
                ok = run_capture(ts, a.msg_dump, comparer, label, path)
            except Failure as e:
                print("FAIL %s: %s" % (label, e))
                ok = False
            passed += ok
            failed += not ok

        # Every comparison must have met a value somewhere in a full run: a field that is
        # absent on both sides in every message compares nothing (a renamed field, a
        # broken column) and must not pass unnoticed.
        all_fields = ["kind"] + [c[0] for c in COMPARISONS] + [
            "event_package", "event_id", "length"]
        print("values compared per field: " + ", ".join(
            "%s %d" % (f, comparer.counted.get(f, 0)) for f in all_fields))
        never = [f for f in all_fields if not comparer.counted.get(f)]
        if never and not a.only:
            print("FAIL: never compared (absent on both sides in every message): "
                  + ", ".join(never))
            failed += 1

        print("named exceptions used:")
        for name, _field, _pred, reason in EXCEPTIONS:
            where = comparer.used.get(name, [])
            print("  %-36s %4d  %s" % (name, len(where), reason))
            for w in where[:5]:
                print("        " + w)
            if len(where) > 5:
                print("        ... and %d more" % (len(where) - 5))
    except Failure as e:
        print("FAIL: %s" % e)
        failed += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
