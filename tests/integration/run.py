# SPDX-License-Identifier: GPL-2.0-or-later
"""Entry point for ctest: `run.py --list` names the cases, `run.py --case NAME ...` runs one."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
import cases_responses  # noqa: E402
import cases_real  # noqa: E402
import cases_transfers  # noqa: E402
import cases_hints  # noqa: E402
import cases_bad_input  # noqa: E402
import cases_info  # noqa: E402
import cases_profile  # noqa: E402
import cases_stats  # noqa: E402
import cases_readme  # noqa: E402

# The exit status of a skipped case (CMakeLists.txt: SKIP_RETURN_CODE).
SKIP_RETURN_CODE = 77

CASES = {}
for module in (cases_responses, cases_real, cases_transfers, cases_hints,
               cases_bad_input, cases_info, cases_profile, cases_stats, cases_readme):
    for name, fn in module.CASES.items():
        if name in CASES:
            raise SystemExit("duplicate case " + name)
        CASES[name] = fn


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--case")
    ap.add_argument("--tshark", default="tshark")
    ap.add_argument("--plugin")
    ap.add_argument("--ws-version")
    ap.add_argument("--plugin-version")
    ap.add_argument("--captures")
    ap.add_argument("--sanitizer-runtime", help="preload this ASan runtime into tshark "
                    "(the plugin was built with -DSIPADV_SANITIZE=ON)")
    a = ap.parse_args()
    if a.list:
        print("\n".join(sorted(CASES)))
        return 0
    ts = harness.Tshark(a.tshark, a.plugin, a.ws_version, a.plugin_version, a.captures,
                        a.sanitizer_runtime)
    try:
        CASES[a.case](ts)
    except harness.TestFailure as e:
        print("FAIL %s: %s" % (a.case, e))
        return 1
    except harness.TestSkipped as e:
        print("SKIP %s: %s" % (a.case, e))
        return SKIP_RETURN_CODE
    finally:
        ts.close()
    print("PASS " + a.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
