#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the three small captures that show the plugin putting invalid UTF-8 into string
fields (see tests/fuzz/README.md, "Findings"), next to this script:

  utf8-cut.pcap      responses whose Retry-After comment, Warning text, Reason text, digest
                     realm and Contact URI have an 'é' across the 80-byte quoting limit of
                     the hints (sipadv.hint)
  reason-cut.pcap    a REFER, its 202, and a NOTIFY with Subscription-State:
                     terminated;reason=<254 x 'R'>é (sipadv.refer.summary, expert text)
  phrase-cut.pcap    a 486 whose reason phrase has an 'é' across byte 128
                     (sipadv.packet_phrase), and a malformed status line (4866) likewise
                     (sipadv.status_line)
  wrap-cut.pcap      a REFER whose Refer-To is too long for one tree label and has no space:
                     the wrapped lines under sipadv.refer.refer_to are cut every 100 bytes,
                     inside an 'é' (found by tests/fuzz/mutate.sh --json)

Check: tshark -2 -n -r X.pcap -T json | python3 -c 'import json,sys; json.load(sys.stdin)'
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import flood  # noqa: E402


def req(method, cseq):
    return ("%s sip:bob@192.0.2.2:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-%d\r\n"
            "Max-Forwards: 70\r\nFrom: <sip:alice@192.0.2.1>;tag=a\r\nTo: <sip:bob@192.0.2.2>\r\n"
            "Call-ID: utf8@192.0.2.1\r\nCSeq: %d %s\r\nContent-Length: 0\r\n\r\n"
            % (method, cseq, cseq, method)).encode()


def resp(code, phrase, cseq, extra):
    return ("SIP/2.0 %d %s\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-%d\r\n"
            "From: <sip:alice@192.0.2.1>;tag=a\r\nTo: <sip:bob@192.0.2.2>;tag=b\r\n"
            "Call-ID: utf8@192.0.2.1\r\nCSeq: %d INVITE\r\n%sContent-Length: 0\r\n\r\n"
            % (code, phrase, cseq, cseq, extra)).encode()


def main():
    comment = "a" + "é" * 60  # byte 80 falls inside an é
    w = flood.PcapWriter(os.path.join(HERE, "utf8-cut.pcap"), 1000)
    for cseq, (code, phrase, header) in enumerate([
            (503, "Service Unavailable", "Retry-After: 120 (%s)" % comment),
            (488, "Not Acceptable Here", 'Warning: 399 pbx.example.com "%s"' % comment),
            (480, "Temporarily Unavailable", 'Reason: Q.850;cause=18;text="%s"' % comment),
            (401, "Unauthorized", 'WWW-Authenticate: Digest realm="%s", nonce="n"' % comment),
            (302, "Moved Temporarily", "Contact: <sip:%s@example.com>" % comment)], 1):
        w.udp(req("INVITE", cseq))
        w.udp(resp(code, phrase, cseq, header + "\r\n"), reverse=True)
    w.close()

    w = flood.PcapWriter(os.path.join(HERE, "reason-cut.pcap"), 1000)
    call = "reason-cut@192.0.2.1"
    w.udp(flood.refer(call, "F", "T", 1, "sip:carol@192.0.2.3", "r1"))
    w.udp(flood.response(202, "Accepted", call, "F", "T", 1, "REFER", "r1"), reverse=True)
    w.udp(flood.notify(call, "T", "F", 1, "refer;id=1", "terminated;reason=" + "R" * 254 + "é",
                       b"SIP/2.0 100 Trying\r\n", "n1"), reverse=True)
    w.close()

    w = flood.PcapWriter(os.path.join(HERE, "phrase-cut.pcap"), 1000)
    call = "phrase-cut@192.0.2.1"
    w.udp(flood.options(call, 1, "o1"))
    w.udp(flood.response(486, "B" * 127 + "é", call, "o1", "b1", 1, "OPTIONS", "o1"), reverse=True)
    w.udp(flood.options(call, 2, "o2"))
    w.udp(flood.response(4866, "B" * 114 + "é", call, "o2", "b2", 2, "OPTIONS", "o2"), reverse=True)
    w.close()

    w = flood.PcapWriter(os.path.join(HERE, "wrap-cut.pcap"), 1000)
    call = "wrap-cut@192.0.2.1"
    w.udp(flood.refer(call, "F", "T", 1, "sip:" + "é" * 120 + "@192.0.2.3", "w1"))
    w.udp(flood.response(202, "Accepted", call, "F", "T", 1, "REFER", "w1"), reverse=True)
    w.close()


if __name__ == "__main__":
    main()
