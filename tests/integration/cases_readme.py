# SPDX-License-Identifier: GPL-2.0-or-later
"""The README's example outputs are what the commands print today: every tshark command the
README shows above a code block is run with the built plugin, and the block must appear in
its output (as consecutive lines, or in order for an excerpt)."""
import os
import re
import shlex

from harness import TestFailure, TestSkipped

CASES = {}
README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")

# An example's introduction: a line starting with the command in backticks.
COMMAND = re.compile(r"^`(tshark [^`]+)`(.*)$")
# Examples whose command is told in prose: their introduction's start, and the command.
PROSE_COMMANDS = {
    "The 202 in frame 7, expanded (`-O sipadv`)":
        "tshark -2 -r captures/real-sipp-transfer-fail.pcapng -O sipadv -Y frame.number==7",
}
# The README shows Wireshark 4.0's output, which the quick start installs. Later releases
# differ in details the plugin does not control (column widths of the expert table).
README_VERSION = "4.0"


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def examples():
    """(line number, command, is an excerpt, block lines) for every example in the README."""
    with open(README, encoding="utf-8") as f:
        lines = f.read().split("\n")
    found = []
    for i, line in enumerate(lines):
        m = COMMAND.match(line)
        command = m.group(1) if m else next(
            (c for start, c in PROSE_COMMANDS.items() if line.startswith(start)), None)
        if command is None:
            continue
        intro = line + " " + (lines[i + 1] if i + 1 < len(lines) else "")
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```" and j - i <= 3:
            j += 1
        if j >= len(lines) or lines[j].strip() != "```":
            continue  # a command in prose, with no output shown
        end = lines.index("```", j + 1)
        found.append((i + 1, command, "(excerpt)" in intro, lines[j + 1:end]))
    return found


def tshark_args(ts, command):
    """The command's arguments, its captures copied where tshark's user can read them. None
    for a command on a capture the project does not bundle (capture.pcapng)."""
    args = shlex.split(command)[1:]
    for k, a in enumerate(args):
        if a.startswith("captures/"):
            name = a[len("captures/"):]
            if not os.path.exists(os.path.join(ts.captures, name)):
                return None
            args[k] = ts.capture(name)
    return args


def contains_run(out, block):
    return any(out[k:k + len(block)] == block for k in range(len(out) - len(block) + 1))


def contains_in_order(out, block):
    it = iter(out)
    return all(any(o == b for o in it) for b in block)


@case
def readme_examples_match_output(ts):
    """Each example block of the README appears in its command's real output."""
    if ts.ws_version != README_VERSION:
        raise TestSkipped("the README shows Wireshark %s's output" % README_VERSION)
    checked = 0
    for number, command, excerpt, block in examples():
        args = tshark_args(ts, command)
        if args is None:
            continue
        out = [l.rstrip() for l in ts.run(args).stdout.split("\n")]
        want = [l.rstrip() for l in block]
        if not (contains_in_order if excerpt else contains_run)(out, want):
            raise TestFailure("README line %d: the block under `%s` is not in its output:\n%s"
                              % (number, command, "\n".join(out)))
        checked += 1
    # The four commands the README shows today, and the frame 7 tree.
    if checked < 5:
        raise TestFailure("only %d README examples found" % checked)
