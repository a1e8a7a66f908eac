# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs the real tshark with the plugin under test and nothing else in its place.

tshark started as root ignores the personal plugin folder, so as root we drop to the
unprivileged user `nobody` with a private HOME holding the freshly built plugin. Every run
first checks that exactly this plugin file is the one tshark loaded, so no test can pass
without it.
"""
import os
import shutil
import re
import subprocess
import tempfile


class TestFailure(Exception):
    pass


class TestSkipped(Exception):
    """The case does not apply to this Wireshark; ctest reports it as skipped."""


# -T fields prints booleans as 1/0 on Wireshark 4.0 and as True/False from 4.2 on.
BOOLEAN_FIELDS = {"sipadv.registered", "sipadv.refer.notify_resend"}


def normalise_bool(value):
    return "|".join({"True": "1", "False": "0"}.get(v, v) for v in value.split("|"))


class Tshark:
    def __init__(self, tshark, plugin, ws_version, expected_version, captures,
                 sanitizer_runtime=None):
        self.tshark = tshark
        self.captures = captures
        self.ws_version = ws_version
        # With an ASan+UBSan plugin (-DSIPADV_SANITIZE=ON): the sanitizer runtime the system
        # tshark must preload, and every run's stderr is checked for reports.
        self.sanitizer_runtime = sanitizer_runtime
        self.home = tempfile.mkdtemp(prefix="sipadv-itest-")
        os.chmod(self.home, 0o755)
        plugdir = os.path.join(self.home, ".local", "lib", "wireshark", "plugins",
                               ws_version, "epan")
        os.makedirs(plugdir)
        self.plugin = os.path.join(plugdir, "sipadv.so")
        shutil.copy(plugin, self.plugin)
        for d, _, files in os.walk(self.home):
            os.chmod(d, 0o755)
            for f in files:
                os.chmod(os.path.join(d, f), 0o644)
        # An empty global plugin folder: a copy installed system-wide by `cmake --install`
        # must not load beside (or instead of) the one under test.
        self.global_plugins = os.path.join(self.home, "no-global-plugins")
        os.makedirs(self.global_plugins)
        os.chmod(self.global_plugins, 0o755)
        # tshark -G starts the extcap helpers; with libasan preloaded, androiddump hangs in
        # its exit handlers. An empty extcap folder costs nothing otherwise.
        self.no_extcap = os.path.join(self.home, "no-extcap")
        os.makedirs(self.no_extcap)
        os.chmod(self.no_extcap, 0o755)
        self.capdir = os.path.join(self.home, "captures")
        os.makedirs(self.capdir)
        os.chmod(self.capdir, 0o755)
        self.expected_version = expected_version
        self._check_loaded()

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def _prefix(self):
        if os.geteuid() == 0:
            return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        return []

    def _env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        env.update(HOME=self.home, TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("WIRESHARK_CONFIG_DIR", None)
        env["WIRESHARK_PLUGIN_DIR"] = self.global_plugins
        env["WIRESHARK_EXTCAP_DIR"] = self.no_extcap
        if self.sanitizer_runtime:
            env.update(LD_PRELOAD=self.sanitizer_runtime,
                       ASAN_OPTIONS="detect_leaks=0:abort_on_error=1",
                       UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
        return env

    SANITIZER_REPORT = re.compile(r"ERROR: AddressSanitizer|runtime error:|"
                                  r"SUMMARY: UndefinedBehaviorSanitizer")

    def run(self, args, check=True, env_extra=None):
        cmd = self._prefix() + [self.tshark] + list(args)
        env = self._env()
        env.update(env_extra or {})
        p = subprocess.run(cmd, cwd=self.home, env=env, capture_output=True,
                           text=True, errors="replace", timeout=300)
        # A sanitizer report fails the test even where the exit status is not checked.
        if self.sanitizer_runtime and self.SANITIZER_REPORT.search(p.stderr):
            raise TestFailure("sanitizer report from tshark %s:\n%s"
                              % (" ".join(args), p.stderr[-4000:]))
        if check and p.returncode != 0:
            raise TestFailure("tshark %s exited %d:\n%s" % (" ".join(args), p.returncode,
                                                            p.stderr))
        return p

    def _check_loaded(self):
        out = self.run(["-G", "plugins"]).stdout
        rows = [[c.strip() for c in line.split("\t")] for line in out.splitlines()]
        ours = [r for r in rows if r and r[0] == "sipadv.so"]
        if len(ours) != 1:
            raise TestFailure("tshark did not load exactly one sipadv.so:\n" + out)
        row = ours[0]
        if row[1] != self.expected_version or row[-1] != self.plugin:
            raise TestFailure("wrong plugin loaded: %r (want version %s from %s)"
                              % (row, self.expected_version, self.plugin))
        if self.sanitizer_runtime:
            help_out = self.run(["-v"], check=False, env_extra={"ASAN_OPTIONS": "help=1"})
            if "Available flags for AddressSanitizer" not in help_out.stdout + help_out.stderr:
                raise TestFailure("the ASan runtime %s is not active in tshark"
                                  % self.sanitizer_runtime)

    def capture(self, name):
        """Copies a capture where the unprivileged tshark can read it."""
        dst = os.path.join(self.capdir, name)
        if not os.path.exists(dst):
            shutil.copy(os.path.join(self.captures, name), dst)
            os.chmod(dst, 0o644)
        return dst

    def fields(self, capture, fields, extra=(), two_pass=False, dfilter=None, prefs=()):
        """Per-frame field values: {frame number: (value of each field, ...)}, only for
        frames where at least one field is present."""
        args = ["-n", "-r", self.capture(capture), "-T", "fields", "-E", "occurrence=a",
                "-E", "aggregator=|", "-E", "separator=/t", "-e", "frame.number"]
        for f in fields:
            args += ["-e", f]
        if two_pass:
            args.insert(0, "-2")
        if dfilter:
            args += ["-Y", dfilter]
        for p in prefs:
            args += ["-o", p]
        args += list(extra)
        out = self.run(args).stdout
        result = {}
        for line in out.splitlines():
            cols = line.split("\t")
            if len(cols) != len(fields) + 1:
                raise TestFailure("unexpected -T fields line: %r" % line)
            if any(cols[1:]):
                result[int(cols[0])] = tuple(
                    normalise_bool(v) if f in BOOLEAN_FIELDS else v
                    for f, v in zip(fields, cols[1:]))
        return result

    def expert(self, capture, two_pass=False, level=None, prefs=()):
        """tshark -q -z expert rows of the sipadv protocol: [(severity, group, count,
        summary)]; severity comes from the section heading."""
        z = "expert" + ("," + level if level else "")
        args = ["-n", "-q", "-r", self.capture(capture), "-z", z]
        if two_pass:
            args.insert(0, "-2")
        for p in prefs:
            args += ["-o", p]
        out = self.run(args).stdout
        return parse_expert(out)


def parse_expert(text):
    """Rows of our protocol from tshark's expert table: (severity, group, count, summary).
    The table's columns are Frequency, Group, Protocol, Summary; the severity is the
    heading of the section the row is in."""
    rows = []
    severity = None
    for line in text.splitlines():
        words = line.split()
        if len(words) == 2 and words[1].startswith("(") and words[0] in (
                "Errors", "Warns", "Notes", "Chats", "Comments"):
            severity = words[0]
            continue
        if len(words) >= 4 and words[0].isdigit() and words[2] == "SIPADV":
            rows.append((severity, words[1], int(words[0]), " ".join(words[3:])))
    return rows


def expect_equal(what, got, want):
    if got != want:
        lines = ["%s differs" % what]
        if isinstance(got, dict) and isinstance(want, dict):
            for k in sorted(set(got) | set(want)):
                if got.get(k) != want.get(k):
                    lines.append("  frame %s: got %r, want %r" % (k, got.get(k), want.get(k)))
        else:
            lines.append("  got:  %r" % (got,))
            lines.append("  want: %r" % (want,))
        raise TestFailure("\n".join(lines))
