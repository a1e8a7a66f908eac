#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs the built sipadv-explain as a user would: the 202/500 comparison section by
section, every registered code in text and JSON, one method's variant, unregistered,
malformed and bad arguments, and the man page. Ends with "N passed, N failed"."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

ARGS = None
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def run(*argv, stdout=subprocess.PIPE):
    p = subprocess.run([ARGS.binary, *argv], stdout=stdout, stderr=subprocess.PIPE,
                       env=dict(os.environ, LC_ALL="C.UTF-8"))
    out = p.stdout.decode("utf-8") if p.stdout is not None else ""
    return p.returncode, out, p.stderr.decode("utf-8")


def flat(text):
    """The wrapped output as one line, as the table holds the sentences."""
    return re.sub(r"\s+", " ", text).strip()


def explain_json(*argv):
    rc, out, err = run("--json", *argv)
    check(out.endswith("\n") and out.count("\n") == 1, f"--json {argv}: not one line")
    return rc, json.loads(out)


def sections(text):
    """Splits the output at its column-0 headings: {heading: [lines below it]}. A heading
    is the column-0 lines opening a blank-line-separated block (a wrapped paragraph at
    column 0 is one heading); an indented block continues the section before it."""
    result, current = {}, None
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        n = 0
        while n < len(lines) and not lines[n].startswith(" "):
            n += 1
        if n > 0:
            current = " ".join(lines[:n])
            result[current] = []
        if current is not None:
            result[current].extend(lines[n:])
    return result


def subsections(lines, headings):
    """The lines under each two-column heading of a code's half of a comparison."""
    result, current = {}, None
    for line in lines:
        if line.startswith("  ") and not line.startswith("   ") and line.strip() in headings:
            current = line.strip()
            result[current] = ""
        elif current is not None:
            result[current] += " " + line.strip()
    return {k: flat(v) for k, v in result.items()}


def fields(lines, labels):
    """The "  Label: value" rows of a block, continuation lines joined."""
    result, current = {}, None
    for line in lines:
        m = re.match(r"  (\S[^:]*:) +(.*)", line)
        if m and m.group(1) in labels:
            current = m.group(1)
            result[current] = m.group(2)
        elif current is not None:
            result[current] += " " + line.strip()
    return {k: flat(v) for k, v in result.items()}


def test_compare_202_500():
    rc, out, err = run("202", "500")
    check(rc == 0 and err == "", f"202 500: rc {rc}, stderr {err!r}")
    _, a = explain_json("202")
    _, b = explain_json("500")
    _, pair = explain_json("202", "500")
    secs = sections(out)
    title = "SIP 202 Accepted (Deprecated) vs 500 Server Internal Error"
    check(title in secs, f"202 500: no title line {title!r}: {list(secs)}")
    intro = "202 is a 2xx Success response, while 500 is a 5xx Server Failure response."
    check(intro in secs, "202 500: no intro naming both classes")
    heads = ("What it means", "When you see it", "How to resolve it",
             "Method-specific advice for")
    for code, obj in (("202", a), ("500", b)):
        head = f"SIP {code} {obj['phrase']} ({obj['class_name']})"
        check(head in secs, f"202 500: no section {head!r}")
        sub = subsections(secs.get(head, []), heads)
        check(sub.get("What it means") == obj["meaning"], f"{code}: meaning section")
        check(sub.get("When you see it") == obj["context"], f"{code}: context section")
        check(sub.get("How to resolve it") == obj["remedy"], f"{code}: remedy section")
        methods = sorted({v["method"] for v in obj["variants"]})
        if methods:
            check(sub.get("Method-specific advice for", "").startswith(", ".join(methods)),
                  f"{code}: its methods with advice of their own")
        other = b if obj is a else a
        body = flat(" ".join(secs.get(head, [])))
        check(other["meaning"] not in body and other["remedy"] not in body,
              f"{code}: the other code's texts in its section")
    check(a["class_name"] == "2xx Success" and b["class_name"] == "5xx Server Failure",
          "202/500 class names")
    labels = ("Class:", "Sent by:", "Final:", "Retry:", "Severity:")
    key = fields(secs.get("Key difference", []), labels)
    diff = pair["difference"]
    check(key.get("Class:") == diff["class"] and "2xx Success" in key.get("Class:", "")
          and "5xx Server Failure" in key.get("Class:", ""), f"key difference class: {key}")
    check(key.get("Sent by:") == diff["sent_by"] and a["sent_by"] in diff["sent_by"]
          and b["sent_by"] in diff["sent_by"], "key difference: who sends it")
    check(key.get("Final:") == diff["final"] == "Both are final: each ends its transaction.",
          "key difference: final")
    check(key.get("Retry:") == diff["retry"] and a["retry"] in diff["retry"]
          and b["retry"] in diff["retry"] and "Retry-After" in diff["retry"],
          "key difference: retry")
    check(key.get("Severity:") == diff["severity"] and "202 is Chat, 500 is Error"
          in diff["severity"], "key difference: severity")
    check(diff["same_class"] is False, "202/500 not the same class")
    applies = flat(" ".join(secs.get("Which applies when", [])))
    check(pair["applies_when"][0].startswith("202 applies when")
          and a["remedy"] in pair["applies_when"][0], "applies_when 202")
    check(pair["applies_when"][1].startswith("500 applies when")
          and b["remedy"] in pair["applies_when"][1], "applies_when 500")
    check(applies == pair["applies_when"][0] + " " + pair["applies_when"][1],
          "which applies when: both codes, in order, with their remedies")
    check(list(secs)[-2:] == ["Key difference", "Which applies when"], "section order")
    check(pair["first"] == a and pair["second"] == b, "pair JSON holds both codes' objects")


def check_code(entry):
    code = str(entry["code"])
    rc, out, err = run(code)
    check(rc == 0 and err == "", f"{code}: rc {rc}")
    rc, obj = explain_json(code)
    check(rc == 0 and obj == entry, f"{code}: --json differs from --list --json")
    text = flat(out)
    check(out.startswith(f"SIP {code} {obj['phrase']} ({obj['class_name']})\n"),
          f"{code}: header")
    for k in ("phrase", "rfc", "meaning", "context", "remedy"):
        check(obj[k] and obj[k] in text, f"{code}: {k} not in the text")
    check(obj["registered"] and obj["valid"] and obj["class"] == entry["code"] // 100,
          f"{code}: registered/valid/class")
    check(obj["final"] == (obj["class"] != 1), f"{code}: final")
    check(obj["severity"] in ("chat", "note", "warning", "error"), f"{code}: severity")
    for v in obj["variants"]:
        label = "any method but INVITE" if v["method"] == "!INVITE" else v["method"]
        check(f"Answering {label}" in text, f"{code}: no variant {label}")
        for k in ("meaning", "context", "remedy"):
            check(v[k] in text or v[k] == obj[k], f"{code} {v['method']}: {k}")


def test_every_registered_code():
    rc, out, _ = run("--list")
    check(rc == 0, "--list rc")
    listed = [int(line.split()[0]) for line in out.splitlines()]
    rc, objs = explain_json("--list")
    check(rc == 0 and [o["code"] for o in objs] == listed, "--list and --list --json agree")
    check(len(listed) == 75 and listed == sorted(listed), f"{len(listed)} registered codes")
    for entry in objs:
        check_code(entry)


def test_method_variant():
    rc, out, err = run("481", "--method", "BYE")
    check(rc == 0 and err == "", "481 --method BYE rc")
    _, full = explain_json("481")
    bye = [v for v in full["variants"] if v["method"] == "BYE"]
    check(len(bye) == 1, "481 has one BYE variant")
    text = flat(out)
    check(out.startswith("SIP 481 Call/Transaction Does Not Exist (4xx Client Failure) "
                         "answering BYE\n"), "481 BYE header")
    for k in ("meaning", "context", "remedy"):
        check(bye and bye[0][k] in text, f"481 BYE: {k}")
    for v in full["variants"]:
        if v["method"] != "BYE":
            check(v["meaning"] not in text, f"481 BYE shows the {v['method']} variant")
    check(full["meaning"] not in text, "481 BYE shows the generic meaning")
    check(out.count("\nMeaning\n") == 1 and "Answering" not in out, "481 BYE: one advice")
    _, obj = explain_json("481", "--method", "BYE")
    check(obj["method"] == "BYE" and obj["method_specific"] is True and obj["variants"] == []
          and obj["meaning"] == bye[0]["meaning"], "481 BYE JSON")
    check(run("481", "-m", "bye")[1] == out and run("--method=BYE", "481")[1] == out,
          "-m bye and --method=BYE give the same")
    # 487 to INVITE depends on the CANCEL: both, or the one asked for.
    _, out, _ = run("487", "-m", "INVITE")
    check("after a CANCEL for it (Chat)" in out and "with no CANCEL seen for it (Warning)" in out,
          "487 INVITE: both conditions")
    _, out, _ = run("487", "-m", "INVITE", "--after-cancel")
    check("Severity:          Chat" in out and "Answering" not in out, "487 --after-cancel")
    _, obj = explain_json("408", "-m", "OPTIONS")
    check(obj["method_specific"] and obj["meaning"].startswith("A 408 to a non-INVITE"),
          "408 OPTIONS gets the !INVITE advice")
    rc, out, _ = run("486", "-m", "BYE")
    check(rc == 0 and "no advice of its own for a 486 answering BYE" in flat(out),
          "486 BYE: generic advice, said so")


def test_unregistered():
    for code, treated in ((150, 183), (299, 200), (399, 300), (499, 400), (599, 500),
                          (699, 600)):
        rc, out, err = run(str(code))
        _, obj = explain_json(str(code))
        _, base = explain_json(str(treated))
        cls = obj["class_name"]
        check(rc == 0 and out.startswith(f"SIP {code}, not registered ({cls}, treated as "
                                         f"{treated})\n"), f"{code}: header")
        check(obj["registered"] is False and obj["treated_as"] == treated and
              obj["phrase"] is None and obj["rfc"] is None and obj["valid"], f"{code}: JSON")
        check(obj["note"] and f"treats it as {treated} {base['phrase']}" in obj["note"]
              and obj["note"] in flat(out), f"{code}: note")
        check(obj["meaning"] == base["meaning"] and base["meaning"] in flat(out),
              f"{code}: explained as {treated}")
    rc, out, _ = run("499", "200")
    check(rc == 0 and "SIP 499 (not registered) vs 200 OK" in out, "499 vs 200")


def test_malformed():
    for arg, value in (("700", 700), ("99", 99), ("099", 99), ("0200", 200), ("1000", 1000),
                       ("0", 0), ("12345678901", None)):
        rc, out, err = run(arg)
        check(rc == 1 and err == "" and out.startswith(
            f'Malformed SIP status code: "{arg}" (must be three digits, 100-699)\n'),
            f"{arg}: rc {rc}, {out[:60]!r}")
        rc, obj = explain_json(arg)
        check(rc == 1 and obj["valid"] is False and obj["class"] == 0 and
              obj["class_name"] == "invalid" and obj["code"] == value and
              obj["final"] is None and obj["severity"] == "note" and obj["input"] == arg,
              f"{arg}: JSON {obj}")
        check("no SIP element can act on" in obj["meaning"], f"{arg}: malformed meaning")
    rc, out, _ = run("700", "200")
    check(rc == 1 and '"700" is a malformed status code, while 200 is a 2xx' in flat(out),
          "700 vs 200")


def test_bad_arguments():
    cases = [[], ["abc"], ["48x"], [""], ["-5"], ["--bogus"], ["486", "--method"],
             ["486", "-m"], ["--method", "--json", "486"], ["486", "--method="],
             ["486", "487", "488"], ["486", "--after-cancel"],
             ["487", "-m", "INVITE", "--after-cancel", "--no-cancel"], ["--list", "486"],
             ["--list", "-m", "BYE"], ["486", "-m", "B@D"], ["--json"], ["4 86"]]
    for argv in cases:
        rc, out, err = run(*argv)
        check(rc == 2 and out == "" and err.startswith("sipadv-explain: ")
              and "--help" in err, f"{argv}: rc {rc}, stdout {out[:40]!r}, stderr {err!r}")
    rc, out, err = run("--help")
    check(rc == 0 and out.startswith("Usage: sipadv-explain") and err == "", "--help")
    rc, out, _ = run("-V")
    check(rc == 0 and out == f"sipadv-explain (SIP Response Advisor) {ARGS.version}\n",
          f"--version: {out!r}")
    rc, out, _ = run("--", "486")
    check(rc == 0 and out.startswith("SIP 486 Busy Here"), "-- 486")
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            rc, _, err = run("486", stdout=full)
        check(rc == 3 and "cannot write" in err, f"write error: rc {rc}")


def test_readme_output():
    """The README shows real output: the same as the command prints today."""
    with open(ARGS.readme, encoding="utf-8") as f:
        readme = f.read()
    m = re.search(r"^`sipadv-explain 202 500`:\n\n```\n(.*?)```$", readme, re.M | re.S)
    check(m is not None, "README has no `sipadv-explain 202 500` block")
    check(m is not None and m.group(1) == run("202", "500")[1],
          "README's 202 500 output differs from the command's")


def test_man_page():
    with open(ARGS.man, encoding="utf-8") as f:
        src = f.read()
    th = re.search(r'^\.TH SIPADV-EXPLAIN 1 "[^"]+" "sipadv ([^"]+)"', src, re.M)
    check(th and th.group(1) == ARGS.version, "man page .TH names this version")
    for opt in ("method", "after\\-cancel", "no\\-cancel", "json", "list", "help", "version"):
        check(f"\\-\\-{opt}" in src, f"man page documents --{opt}")
    if shutil.which("man") is None:
        print("man not installed: rendering not checked")
        return
    # The check lintian runs on a manual page.
    p = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", ARGS.man],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=dict(os.environ, LC_ALL="C.UTF-8", MANROFFSEQ="", MANWIDTH="80"))
    check(p.returncode == 0 and p.stderr == b"", f"man warnings: {p.stderr.decode()}")
    p = subprocess.run(["man", "-l", ARGS.man], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=dict(os.environ, MANPAGER="cat"))
    check(b"EXIT STATUS" in p.stdout and b"sipadv-explain" in p.stdout, "man renders")


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--man", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--readme", required=True)
    ARGS = ap.parse_args()
    for t in (test_compare_202_500, test_every_registered_code, test_method_variant,
              test_unregistered, test_malformed, test_bad_arguments, test_readme_output,
              test_man_page):
        before = failed
        try:
            t()
        except Exception as e:  # a crash in one test must not hide the others
            check(False, f"{t.__name__}: {e!r}")
        print(f"{t.__name__}: {'ok' if failed == before else 'FAILED'}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
