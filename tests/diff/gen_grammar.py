#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the grammar slice of the differential test: a classic pcap (Ethernet, IPv4, UDP
5060 -> 5060), one SIP message per datagram, each message exercising a piece of RFC 3261's
message grammar that captures/ does not hold: whitespace before HCOLON, compact header
names, header names in other cases, folded (continuation) lines, repeated headers and
comma-separated values, LF-only line ends, Retry-After with comment and parameters, Expires
and Min-SE with parameters, tags behind quoted display names and inside <>, odd CSeq and Event
values, sipfrag bodies, bytes past Content-Length.

Python 3 standard library only; deterministic (fixed addresses and timestamps).

    gen_grammar.py OUT.pcap [--list]
"""
import argparse
import struct
import sys

VIA = "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-gram-%03d"
FROM = 'From: "Alice" <sip:alice@example.com>;tag=a-gram-%03d'
TO = 'To: "Bob" <sip:bob@example.com>'
TO_TAG = 'To: "Bob" <sip:bob@example.com>;tag=b-gram-%03d'


def request(n, method, headers, body="", ruri="sip:bob@example.com", eol="\r\n",
            content_length=True):
    lines = ["%s %s SIP/2.0" % (method, ruri), VIA % n, "Max-Forwards: 70", FROM % n, TO,
             "Call-ID: gram-%03d@192.0.2.10" % n, "CSeq: 1 %s" % method]
    return _finish(lines, headers, body, eol, content_length)


def response(n, status, headers, body="", method="INVITE", eol="\r\n", content_length=True):
    lines = ["SIP/2.0 %s" % status, VIA % n, FROM % n, TO_TAG % n,
             "Call-ID: gram-%03d@192.0.2.10" % n, "CSeq: 1 %s" % method]
    return _finish(lines, headers, body, eol, content_length)


def raw(text):
    """A message written out in full (headers replaced, not appended)."""
    return text.encode("utf-8")


def _finish(lines, headers, body, eol, content_length):
    # A header that is given in full replaces the default one of the same name.
    names = {h.split(":", 1)[0].strip().lower() for h in headers if ":" in h}
    kept = [lines[0]] + [ln for ln in lines[1:]
                         if ln.split(":", 1)[0].strip().lower() not in names]
    allh = kept + list(headers)
    b = body.encode("utf-8")
    if content_length:
        allh.append("Content-Length: %d" % len(b))
    return (eol.join(allh) + eol + eol).encode("utf-8") + b


def messages():
    """[(name, bytes)]: frame k+1 is messages()[k]."""
    m = []

    def add(name, data):
        m.append((name, data))

    n = 0

    def nx():
        nonlocal n
        n += 1
        return n

    # ---- HCOLON: SP / HTAB before the colon ----
    k = nx()
    add("hcolon-space", request(k, "INVITE", [
        "Call-ID : gram-hcolon-%03d@192.0.2.10" % k, "CSeq  : 7 INVITE",
        "Contact : <sip:alice@192.0.2.10:5060>", "Expires\t: 120",
        "Allow : INVITE, ACK, BYE", "Require : 100rel"]))
    k = nx()
    add("hcolon-tab-from-to", response(k, "180 Ringing", [
        'From\t: "Alice" <sip:alice@example.com>;tag=a-hc-%03d' % k,
        'To : "Bob" <sip:bob@example.com>;tag=b-hc-%03d' % k]))
    k = nx()
    add("hcolon-event", request(k, "NOTIFY", [
        "Event : refer;id=17", "Subscription-State :active;expires=60",
        "Content-Type: message/sipfrag;version=2.0"], body="SIP/2.0 100 Trying\r\n"))
    k = nx()
    add("hcolon-retry", response(k, "503 Service Unavailable", [
        "Retry-After : 30", "Warning : 399 example.com \"overloaded\""]))

    # ---- compact forms (RFC 3261 sec. 7.3.3 / 20, RFC 6665, RFC 3515, RFC 4028) ----
    k = nx()
    add("compact-basic", raw(
        "INVITE sip:bob@example.com SIP/2.0\r\n"
        "v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-gram-%03d\r\n"
        "f: <sip:alice@example.com>;tag=a-cmp-%03d\r\n"
        "t: <sip:bob@example.com>\r\n"
        "i: gram-compact-%03d@192.0.2.10\r\n"
        "CSeq: 3 INVITE\r\n"
        "m: <sip:alice@192.0.2.10>\r\n"
        "k: 100rel, timer\r\n"
        "x: 1800;refresher=uac\r\n"
        "l: 0\r\n\r\n" % (k, k, k)))
    k = nx()
    add("compact-refer", raw(
        "REFER sip:bob@example.com SIP/2.0\r\n"
        "v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-gram-%03d\r\n"
        "f: <sip:alice@example.com>;tag=a-cmpr-%03d\r\n"
        "t: <sip:bob@example.com>;tag=b-cmpr-%03d\r\n"
        "i: gram-compact-refer-%03d@192.0.2.10\r\n"
        "CSeq: 4 REFER\r\n"
        "r: <sip:carol@example.com>\r\n"
        "b: <sip:alice@example.com>\r\n"
        "m: <sip:alice@192.0.2.10>\r\n"
        "l: 0\r\n\r\n" % (k, k, k, k)))
    k = nx()
    add("compact-notify", raw(
        "NOTIFY sip:alice@192.0.2.10 SIP/2.0\r\n"
        "v: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-gram-%03d\r\n"
        "f: <sip:bob@example.com>;tag=b-cmpn-%03d\r\n"
        "t: <sip:alice@example.com>;tag=a-cmpn-%03d\r\n"
        "i: gram-compact-notify-%03d@192.0.2.10\r\n"
        "CSeq: 5 NOTIFY\r\n"
        "o: refer;id=4\r\n"
        "u: refer, dialog\r\n"
        "Subscription-State: terminated;reason=noresource\r\n"
        "c: message/sipfrag\r\n"
        "l: 16\r\n\r\n"
        "SIP/2.0 200 OK\r\n" % (k, k, k, k)))

    # ---- header names in other cases ----
    k = nx()
    add("names-case", raw(
        "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
        "VIA: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-gram-%03d\r\n"
        "from: <sip:alice@example.com>;tag=a-case-%03d\r\n"
        "TO: <sip:bob@example.com>\r\n"
        "call-id: gram-case-%03d@192.0.2.10\r\n"
        "cseq: 9 SUBSCRIBE\r\n"
        "EVENT: dialog;id=3\r\n"
        "contact: <sip:alice@192.0.2.10>\r\n"
        "eXpIrEs: 3600\r\n"
        "REQUIRE: eventlist\r\n"
        "content-length: 0\r\n\r\n" % (k, k, k)))

    # ---- folded lines ----
    k = nx()
    add("fold-contact-warning", response(k, "302 Moved Temporarily", [
        "Contact: <sip:carol@example.com>,\r\n <sip:dave@example.com>;q=0.5",
        "Warning: 399 example.com\r\n\t\"folded warning text\"",
        "Subject: a subject\r\n  continued"]))
    k = nx()
    add("fold-value-on-next-line", request(k, "OPTIONS", [
        "Call-ID:\r\n gram-fold-%03d@192.0.2.10" % k, "Allow: INVITE,\r\n ACK,\r\n BYE"]))
    k = nx()
    add("fold-refer-to", request(k, "REFER", [
        "Refer-To:\r\n <sip:carol@example.com>", "Refer-Sub: false\r\n ;x=1",
        TO_TAG % k]))

    # ---- repeated headers, comma-separated values ----
    k = nx()
    add("repeated", response(k, "401 Unauthorized", [
        'WWW-Authenticate: Digest realm="a.example", nonce="n1", algorithm=MD5, qop="auth"',
        'WWW-Authenticate: Digest realm="a.example", nonce="n2", algorithm=SHA-256',
        "Warning: 399 a.example \"one, with a comma\", 370 b.example \"two\"",
        "Warning: 301 c.example \"three\"",
        "Allow: INVITE, ACK", "Allow: BYE, CANCEL",
        "Require: 100rel", "Require: timer, replaces",
        "Contact: <sip:a@192.0.2.10>;expires=60, <sip:b@192.0.2.10>;q=0.5",
        "Contact: \"Carol, C\" <sip:c@192.0.2.10>"]))
    k = nx()
    add("repeated-reason", response(k, "487 Request Terminated", [
        'Reason: SIP;cause=200;text="Call completed elsewhere"',
        "Reason: Q.850;cause=16", "Proxy-Authenticate: Digest realm=\"p\", nonce=\"x\"",
        "Proxy-Authenticate: Digest realm=\"q\", nonce=\"y\", stale=true"]))

    # ---- LF-only line ends ----
    k = nx()
    add("lf-only", request(k, "NOTIFY", [
        TO_TAG % k, "Event: refer;id=21", "Subscription-State: active;expires=30",
        "Content-Type: message/sipfrag"], body="SIP/2.0 180 Ringing\n", eol="\n"))
    k = nx()
    add("lf-only-response", response(k, "486 Busy Here", [
        "Retry-After: 60", "Contact: <sip:bob@192.0.2.20>"], eol="\n"))

    # ---- Retry-After, Expires, Min-Expires, Min-SE ----
    k = nx()
    add("retry-after-params", response(k, "503 Service Unavailable", [
        "Retry-After: 18000;duration=3600"]))
    k = nx()
    add("retry-after-comment", response(k, "486 Busy Here", [
        "Retry-After: 120 (I'm in a meeting)"]))
    k = nx()
    add("retry-after-plain", response(k, "480 Temporarily Unavailable", [
        "Retry-After: 0"]))
    k = nx()
    add("expires-params", request(k, "REGISTER", [
        "Expires: 600;foo", "Contact: <sip:alice@192.0.2.10>;expires=300"],
        ruri="sip:example.com"))
    k = nx()
    add("min-expires", response(k, "423 Interval Too Brief", [
        "Min-Expires: 3600"], method="REGISTER"))
    k = nx()
    add("min-se-params", response(k, "422 Session Interval Too Small", [
        "Min-SE: 1800;lr"]))
    k = nx()
    add("expires-spaces", response(k, "200 OK", [
        "Expires:    45   ", "Contact: <sip:bob@192.0.2.20>"], method="SUBSCRIBE"))

    # ---- tags ----
    k = nx()
    add("tag-quoted-display", request(k, "BYE", [
        'From: "Al;tag=fake" <sip:alice@example.com;tag=uri>;tag=a-real-%03d' % k,
        "To: <sip:bob@example.com>;TAG=b-upper-%03d" % k]))
    k = nx()
    add("tag-addr-spec", request(k, "BYE", [
        "From: sip:alice@example.com;tag=a-spec-%03d" % k,
        "To: sip:bob@example.com ;tag=b-spec-%03d;x=y" % k]))
    k = nx()
    add("tag-params-order", request(k, "BYE", [
        "From: <sip:alice@example.com>;x=1;tag=a-order-%03d;y=2" % k,
        "To: <sip:bob@example.com>;tag=b-order-%03d" % k]))

    # ---- CSeq ----
    k = nx()
    add("cseq-spaces", request(k, "BYE", ["CSeq:   42    BYE", TO_TAG % k]))
    k = nx()
    add("cseq-too-big", request(k, "BYE", ["CSeq: 4294967296 BYE", TO_TAG % k]))
    k = nx()
    add("cseq-max", request(k, "BYE", ["CSeq: 4294967295 BYE", TO_TAG % k]))

    # ---- Event ----
    k = nx()
    add("event-spaced-id", request(k, "NOTIFY", [
        TO_TAG % k, "Event: refer ; id = 5", "Subscription-State: active"]))
    k = nx()
    add("event-token-id", request(k, "NOTIFY", [
        TO_TAG % k, "Event: dialog;id=abc", "Subscription-State: active"]))
    k = nx()
    add("event-huge-id", request(k, "NOTIFY", [
        TO_TAG % k, "Event: refer;id=99999999999", "Subscription-State: pending"]))
    k = nx()
    add("event-params-before-id", request(k, "NOTIFY", [
        TO_TAG % k, "Event: refer;foo=bar;id=12", "Subscription-State: active"]))

    # ---- Refer-To, Refer-Sub ----
    k = nx()
    add("refer-to-replaces", request(k, "REFER", [
        TO_TAG % k,
        "Refer-To: <sip:carol@example.com?Replaces=abc%40def%3Bto-tag%3D1%3Bfrom-tag%3D2>",
        "Refer-Sub: FALSE;x=y", "Require: norefersub"]))

    # ---- sipfrag bodies ----
    k = nx()
    add("sipfrag-case", request(k, "NOTIFY", [
        TO_TAG % k, "Event: refer", "Subscription-State: active",
        "Content-Type: Message/SipFrag ; version=2.0"], body="SIP/2.0 183 Session Progress\r\n"))
    k = nx()
    add("sipfrag-headers", request(k, "NOTIFY", [
        TO_TAG % k, "Event: refer;id=8", "Subscription-State: terminated;reason=noresource",
        "Content-Type: message/sipfrag"],
        body="SIP/2.0 603 Declined\r\nWarning: 399 x \"y\"\r\n"))

    # ---- where the message ends ----
    k = nx()
    add("bytes-past-content-length", response(k, "200 OK", [
        "Content-Type: message/sipfrag", "Content-Length: 16"], method="NOTIFY",
        body="SIP/2.0 200 OK\r\nGARBAGE AFTER THE BODY", content_length=False))
    k = nx()
    add("no-content-length", request(k, "NOTIFY", [
        TO_TAG % k, "Event: refer;id=9", "Subscription-State: active",
        "Content-Type: message/sipfrag"], body="SIP/2.0 100 Trying\r\n",
        content_length=False))

    # ---- values with blanks around them, empty values ----
    k = nx()
    add("blanks-around-values", request(k, "INVITE", [
        "Call-ID:\tgram-blank-%03d@192.0.2.10   " % k, "Require:   100rel  ",
        "Contact:  <sip:alice@192.0.2.10>  "]))
    k = nx()
    add("empty-values", request(k, "OPTIONS", ["Require:", "Allow:", "Warning: "]))

    # ---- start lines ----
    k = nx()
    add("status-empty-phrase", response(k, "183 ", []))
    k = nx()
    add("status-long-phrase", response(k, "199 Early Dialog Terminated (see RFC 8079)", [
        'Reason: SIP;cause=486;text="Busy Here"']))
    k = nx()
    add("unknown-method", request(k, "FOO", [], ruri="sips:bob@example.com;transport=tcp"))

    # ---- more tags ----
    k = nx()
    add("tag-escaped-quote", request(k, "BYE", [
        'From: "Al \\"x\\" ;tag=no" <sip:alice@example.com>;tag=a-esc-%03d' % k,
        "To: <sip:bob@example.com;tag=in-uri>"]))
    k = nx()
    add("tag-spaces-around-equals", request(k, "BYE", [
        "From: <sip:alice@example.com> ; tag = a-sp-%03d" % k, TO_TAG % k]))

    # ---- lines that are not header fields, odd names ----
    k = nx()
    add("not-a-header-line", request(k, "OPTIONS", [
        "This line has no colon", "X.Odd!Name~: 1", "Allow: INVITE"]))
    k = nx()
    add("contact-star", request(k, "REGISTER", [
        "Contact: *", "Expires: 0"], ruri="sip:example.com"))

    # ---- where the message ends, again ----
    k = nx()
    add("content-length-too-big", request(k, "NOTIFY", [
        TO_TAG % k, "Event: refer;id=10", "Subscription-State: active",
        "Content-Type: message/sipfrag", "Content-Length: 400"],
        body="SIP/2.0 180 Ringing\r\n", content_length=False))
    k = nx()
    second = response(k + 1000, "200 OK", ["Contact: <sip:second@192.0.2.20>"])
    add("two-messages-one-datagram", response(k, "180 Ringing", [
        "Contact: <sip:first@192.0.2.20>"]) + second)

    # ---- more start lines and CSeq forms ----
    k = nx()
    add("compact-upper-case", raw(
        "MESSAGE sip:bob@example.com SIP/2.0\r\n"
        "V: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-gram-%03d\r\n"
        "F: <sip:alice@example.com>;tag=a-up-%03d\r\n"
        "T: <sip:bob@example.com>\r\n"
        "I: gram-upper-%03d@192.0.2.10\r\n"
        "CSeq:\t2\tMESSAGE\r\n"
        "M: <sip:alice@192.0.2.10>, <sip:alice@198.51.100.1>\r\n"
        "O: REFER;ID=3\r\n"
        "L: 0\r\n\r\n" % (k, k, k)))
    k = nx()
    add("method-lower-case", request(k, "invite", ["CSeq: 1 invite"]))
    k = nx()
    add("cseq-no-method", request(k, "BYE", ["CSeq: 77", TO_TAG % k]))
    k = nx()
    add("no-headers", raw("OPTIONS sip:bob@example.com SIP/2.0\r\n\r\n"))
    return m


# ---- classic pcap --------------------------------------------------------------------------

def _checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_frame(payload, ident, src=(192, 0, 2, 10), dst=(192, 0, 2, 20), sport=5060,
              dport=5060):
    udp_len = 8 + len(payload)
    sip, dip = bytes(src), bytes(dst)
    pseudo = sip + dip + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
    csum = _checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, ident & 0xFFFF, 0, 64, 17, 0,
                     sip, dip)
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    eth = bytes.fromhex("020000000014" "02000000000a") + b"\x08\x00"
    return eth + ip + udp


def write_pcap(path, payloads):
    t0 = 1767261600  # 2026-01-01 10:00:00 UTC
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, p in enumerate(payloads):
            frame = udp_frame(p, i + 1)
            f.write(struct.pack("<IIII", t0 + i, 0, len(frame), len(frame)))
            f.write(frame)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?")
    ap.add_argument("--list", action="store_true", help="print frame number and name")
    a = ap.parse_args()
    msgs = messages()
    if a.list:
        for i, (name, _) in enumerate(msgs):
            print("%d\t%s" % (i + 1, name))
    if a.out:
        write_pcap(a.out, [data for _, data in msgs])
    elif not a.list:
        ap.error("give OUT.pcap or --list")
    return 0


if __name__ == "__main__":
    sys.exit(main())
