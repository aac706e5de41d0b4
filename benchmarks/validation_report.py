#!/usr/bin/python3
"""Runs the tests that compare saffron with published or reference-code
values and writes docs/validation.md (called by benchmarks/validation.sh).

Each comparison is one line a test prints through sf_test_report
(tests/support/test_support.h):
    @validation|TEST|QUANTITY|VALUE|SIGMA|REFERENCE|REF_SIGMA|UNIT|SOURCE|TOLERANCE
The tests run as ctest runs them (command, environment and working
directory from `ctest --show-only=json-v1`), but directly, without ctest's
900 s timeout, so that more histories can be asked for through the
environment (SAFFRON_FANO_HISTORIES, ...). Standard library only.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess
import sys
import time

# Order of the report: physics data first, then samplers, the photon kernel,
# electron data and steps, and the transport problems with reference codes.
# A test not listed here follows, in ctest order.
ORDER = ["xcom", "bethe_heitler", "photon_data_xrl", "compton_sampling",
         "rayleigh_sampling", "narrow_beam", "absorption", "estar",
         "soft_loss", "electron_step", "positron", "dose_point_kernel",
         "fano", "reference_problem", "interfaces"]

# Environment variables that change what a test computes (histories and
# exploration switches); the report lists those set.
OVERRIDE_PREFIXES = ("SAFFRON_FANO_", "SAFFRON_DPK_", "SAFFRON_REFERENCE_",
                     "SAFFRON_INTERFACE")

NUMBER = r"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?"


def ctest_tests(build):
    out = subprocess.run(["ctest", "--show-only=json-v1"], cwd=build,
                         check=True, capture_output=True, text=True).stdout
    tests = []
    for t in json.loads(out)["tests"]:
        props = {p["name"]: p["value"] for p in t.get("properties", [])}
        tests.append({"name": t["name"], "command": t["command"],
                      "env": props.get("ENVIRONMENT", []),
                      "cwd": props.get("WORKING_DIRECTORY", build),
                      "skip": int(props.get("SKIP_RETURN_CODE", 77))})
    return tests


def reports(source, name):
    """True if the test's source prints report lines."""
    tier, _, stem = name.partition(".")
    path = os.path.join(source, "tests", tier, "test_%s.c" % stem)
    try:
        with open(path, encoding="utf-8") as f:
            return "sf_test_report" in f.read()
    except OSError:
        return False


def select(tests, source, only):
    """Every validation test, and the tests of other tiers that report."""
    chosen = [t for t in tests
              if t["name"].startswith("validation.")
              or (t["name"].startswith(("unit.", "regression."))
                  and reports(source, t["name"]))]
    if only:
        chosen = [t for t in chosen if t["name"].partition(".")[2] in only
                  or t["name"] in only]
    rank = {n: i for i, n in enumerate(ORDER)}
    return sorted(chosen, key=lambda t: rank.get(t["name"].partition(".")[2],
                                                 len(ORDER)))


def run(test, logdir):
    env = dict(os.environ)
    for kv in test["env"]:
        k, _, v = kv.partition("=")
        env[k] = v
    print("%-32s ..." % test["name"], end="", file=sys.stderr, flush=True)
    t0 = time.monotonic()
    p = subprocess.run(test["command"], cwd=test["cwd"], env=env,
                       capture_output=True, text=True, errors="replace")
    elapsed = time.monotonic() - t0
    with open(os.path.join(logdir, test["name"] + ".log"), "w",
              encoding="utf-8") as f:
        f.write(p.stdout)
        if p.stderr:
            f.write("\n--- stderr ---\n" + p.stderr)
    lines, malformed = [], 0
    for text in p.stdout.splitlines():
        if text.startswith("@validation|"):
            line = parse(text)
            if line:
                lines.append(line)
            else:
                malformed += 1
                print("\nmalformed report line: " + text, file=sys.stderr)
    out = p.stdout + "\n" + p.stderr
    if p.returncode == 0:
        status, note = "passed", ""
    elif p.returncode == test["skip"]:
        status = "skipped"
        said = [l.strip() for l in out.splitlines() if l.strip()]
        note = said[-1] if said else ""
    else:
        status = "FAILED"
        failed = re.findall(r"\[\s+(?:FAILED|ERROR)\s+\]\s+(\w+)", out)
        failed = sorted(set(f for f in failed if not f.isdigit()))
        note = "exit status %d%s" % (
            p.returncode, "; failed: " + ", ".join(failed) if failed else "")
    if malformed:
        note += "%s%d malformed report lines left out (see the log)" % (
            "; " if note else "", malformed)
    print(" %s, %.0f s, %d lines" % (status, elapsed, len(lines)),
          file=sys.stderr)
    return {"name": test["name"], "status": status, "note": note,
            "seconds": elapsed, "lines": lines}


def parse(line):
    """The fields of a report line, or None. A '|' inside the quantity (the
    helper forbids it, but |x| is a natural way to write a modulus) is
    recovered: the quantity runs up to the four numbers."""
    f = line.split("|")
    for i in range(3, len(f) - 6):
        try:
            numbers = [float(x) for x in f[i:i + 4]]
        except ValueError:
            continue
        if len(f) - (i + 4) != 3:
            return None
        return {"test": f[1], "quantity": "|".join(f[2:i]),
                "value": numbers[0], "sigma": numbers[1],
                "reference": numbers[2], "ref_sigma": numbers[3],
                "unit": f[i + 4], "source": f[i + 5], "tolerance": f[i + 6],
                "ref_text": f[i + 2]}
    return None


def verdict(r):
    """The tolerance text read as a pass rule (grammar in test_support.h):
    'pass', 'FAIL', None for 'reported', '?' when it is not a rule."""
    rule = r["tolerance"].strip()
    v, ref = r["value"], r["reference"]
    if rule.lower() in ("", "reported", "-"):
        return None
    m = re.search(r"within \[\s*(%s)\s*,\s*(%s)\s*\]" % (NUMBER, NUMBER), rule)
    if m:
        return "pass" if float(m.group(1)) <= v <= float(m.group(2)) else "FAIL"
    scale = abs(ref) if ref != 0 else 1.0
    combined = math.hypot(r["sigma"], r["ref_sigma"])
    ok = True
    for cond in re.split(r"\s+and\s+", rule):
        terms = re.findall(r"(%s)\s*(%%|sigma|relative|absolute)" % NUMBER,
                           cond)
        if not terms:
            return "?"
        allow = 0.0
        for x, unit in terms:
            x = float(x)
            allow += {"%": x / 100 * scale, "sigma": x * combined,
                      "relative": x * scale, "absolute": x}[unit]
        ok = ok and abs(v - ref) <= allow
    return "pass" if ok else "FAIL"


def significant(text):
    digits = re.sub(r"[eE].*$", "", text).replace("-", "").replace(".", "")
    return max(1, len(digits.lstrip("0")))


def with_sigma(v, s, digits):
    """v +- s, both to the second significant digit of s (fixed point when
    that takes at most 8 decimals); v alone with `digits` significant
    digits when s is 0."""
    if s > 0 and math.isfinite(s) and math.isfinite(v):
        decimals = 1 - math.floor(math.log10(s))
        if 0 <= decimals <= 8 and abs(v) < 1e6:
            return "%.*f ± %.*f" % (decimals, v, decimals, s)
        return "%.3g ± %.2g" % (v, s)
    return "%.*g" % (digits, v)


def deviation_percent(r):
    v, ref = r["value"], r["reference"]
    if ref == 0:
        return "%+.3g (abs.)" % (v - ref)
    d = 100 * (v / ref - 1)
    return "%+.3f" % d if abs(d) < 1 else "%+.2f" % d if abs(d) < 100 \
        else "%+.0f" % d


def deviation_sigma(r):
    c = math.hypot(r["sigma"], r["ref_sigma"])
    return "—" if c == 0 else "%+.1f" % ((r["value"] - r["reference"]) / c)


def cell(text):
    """Markdown table cell: no tags (<z> is a moment, not HTML), no column
    breaks."""
    return text.replace("<", "\\<").replace(">", "\\>").replace("|", "\\|")


def git(source, *args):
    try:
        return subprocess.run(["git", "-C", source] + list(args), check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def cmake_cache(build, key):
    try:
        with open(os.path.join(build, "CMakeCache.txt"),
                  encoding="utf-8") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return line.partition("=")[2].strip()
    except OSError:
        pass
    return ""


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.partition(":")[2].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, %s %s" % (cpu or platform.machine(),
                                     os.cpu_count() or 0, platform.system(),
                                     platform.release())


def compiler(build):
    cc = cmake_cache(build, "CMAKE_C_COMPILER")
    try:
        return subprocess.run([cc, "--version"], capture_output=True,
                              text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        return cc


STATIC_NOTES = """\
## How to read the table

- **saffron**: the value with its 1-sigma statistical uncertainty (no
  ± when the value is deterministic: cross sections, stopping powers).
  **reference**: the published or reference-code value with the
  1-sigma it was quoted with (none: not quoted, or exact).
- **dev. %**: saffron / reference − 1. Where the reference is 0 (the
  quantity is itself a deviation: Fano's D/D_ref − 1, the largest
  deviation from xraylib) the absolute deviation is shown, marked (abs.).
- **dev. σ**: (saffron − reference) / the combined 1-sigma of both; —
  when neither has one.
- **tolerance**: the test's own pass rule, as the test prints it.
  "A % + B sigma" means |saffron − reference| ≤ A % of the reference +
  B combined sigma (of 1, not of the reference, where the reference is
  0); conditions joined by "and" must all hold; "within [LO, HI]" is an
  acceptance interval the test computed (e.g. the dose-point-kernel band
  between two codes); "reported" is no rule. **pass** is this rule applied
  to the printed numbers; the tests' own verdicts (the exit status of each
  test program) are in the table of test runs below and are what counts.
- Chi-square tests of the samplers (compton_sampling, rayleigh_sampling)
  are reported as the statistic against its expectation under the
  hypothesis: ndf ± sqrt(2 ndf) for 50 bins; the rule p > 0.001 is shown
  as the chi-square interval it accepts. The reference distribution there
  is the differential cross section of the same photon data, integrated
  numerically: these lines check the samplers, not the data.
- dose_point_kernel: a selection of shells (x = r/r0 = 0.1, 0.3, 0.5, 0.7
  in the body of the kernel, 0.8 and 0.9 in the fall-off) at 1, 0.5 and
  0.1 MeV; each shell is compared with ETRAN and, at 0.1 and 1 MeV, with
  EGSnrc (one line each). The rule is the band the two codes span; the
  test prints every shell (`tests/validation/test_dose_point_kernel.c`).
- Unit-tier tests appear when they compare with published values or
  theory (bethe_heitler, photon_data_xrl, soft_loss, electron_step); tests
  of internal consistency (round trips, determinism, quadrature against
  closed forms) are not comparisons and are not listed.
"""


def write(path, args, results, started, total):
    lines = [r for res in results for r in res["lines"]]
    rank = {n: i for i, n in enumerate(ORDER)}
    # Stable sort: by test, then by the order the test printed its lines.
    lines.sort(key=lambda r: rank.get(r["test"], len(ORDER)))
    verdicts = [verdict(r) for r in lines]
    commit = git(args.source, "rev-parse", "HEAD") or "unknown"
    dirty = git(args.source, "status", "--porcelain", "--untracked-files=no")
    overrides = sorted("%s=%s" % (k, v) for k, v in os.environ.items()
                       if k.startswith(OVERRIDE_PREFIXES))
    counts = {s: sum(1 for res in results if res["status"] == s)
              for s in ("passed", "FAILED", "skipped")}
    out = []
    w = out.append
    w("# Validation report\n")
    w("Every comparison of saffron with a published value or a reference "
      "code that the test suite makes (photon cross sections against NIST "
      "XCOM and xraylib, electron stopping powers, ranges and yields against "
      "NIST ESTAR, sampler distributions, energy conservation and "
      "reciprocity, dose point kernels against ETRAN and EGSnrc, the Fano "
      "test, the reference problem of issue 11 against EGSnrc and single "
      "scattering, and whatever else the tests report; the programs that "
      "ran are listed under Test runs). One line per compared quantity; "
      "read it before trusting the SAFs.\n")
    w("- Generated: %s by `benchmarks/validation.sh`%s"
      % (started.strftime("%Y-%m-%d %H:%M UTC"),
         " (partial run: %s)" % " ".join(args.only) if args.only else ""))
    w("- Source: commit `%s`%s" % (commit, " with uncommitted changes"
                                   if dirty else ""))
    build = (os.path.relpath(args.build, args.source)
             if args.build.startswith(args.source + os.sep) else args.build)
    w("- Build: `%s`, %s, %s" % (build, cmake_cache(args.build,
                                                    "CMAKE_BUILD_TYPE")
                                 or "default build type", compiler(args.build)))
    w("- Machine: %s; load average %.1f when the run began (the machine "
      "is shared: times vary)" % (machine(), args.load))
    w("- Histories: %s" % ("the tests' defaults" if not overrides else
                           "overridden: " + ", ".join(
                               "`%s`" % o for o in overrides)))
    w("- Run time: %s for %d test programs (%d passed, %d failed, "
      "%d skipped)" % ("%.0f s" % total if total < 120 else
                       "%.0f min" % (total / 60), len(results),
                       counts["passed"], counts["FAILED"], counts["skipped"]))
    for status in ("FAILED", "skipped"):
        names = [res["name"] for res in results if res["status"] == status]
        if names:
            w("- %s: %s" % (status.capitalize() if status == "skipped"
                            else "**Failed**", ", ".join(names)))
    n_fail = verdicts.count("FAIL")
    w("- Comparisons: %d lines, %d within their tolerance, %d outside, %d "
      "reported without a rule%s\n"
      % (len(lines), verdicts.count("pass"), n_fail, verdicts.count(None),
         ", %d with a rule this script does not read" % verdicts.count("?")
         if "?" in verdicts else ""))
    w("Regenerate (from the top of the source tree, after building; the "
      "full run takes the time above on a shared 2-core machine):\n")
    w("```sh\nBUILD_DIR=build scripts/build.sh\nnice -n 10 "
      "benchmarks/validation.sh build\n# more histories, e.g.:\n"
      "SAFFRON_FANO_HISTORIES=1000000 SAFFRON_DPK_HISTORIES=1000000 \\\n"
      "  SAFFRON_REFERENCE_HISTORIES=10000000 nice -n 10 "
      "benchmarks/validation.sh build\n```\n")
    w("The tests print the lines; `benchmarks/validation_report.py` runs "
      "them with ctest's environment and formats this file. Logs of the "
      "last run: `%s/validation-logs/`.\n" % build)
    w("## Comparisons\n")
    w("| test | quantity | saffron | reference | source | dev. % | dev. σ "
      "| tolerance | pass |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r, v in zip(lines, verdicts):
        ref_digits = min(significant(r["ref_text"]), 8)
        unit = " " + r["unit"] if r["unit"] else ""
        w("| %s | %s | %s%s | %s | %s | %s | %s | %s | %s |" % (
            cell(r["test"]), cell(r["quantity"]),
            with_sigma(r["value"], r["sigma"], max(6, ref_digits)), cell(unit),
            with_sigma(r["reference"], r["ref_sigma"], ref_digits),
            cell(r["source"]), deviation_percent(r), deviation_sigma(r),
            cell(r["tolerance"]),
            {None: "—", "?": "see test", "pass": "pass",
             "FAIL": "**FAIL**"}[v]))
    w("\n## Test runs\n")
    w("| test | result | time (s) | lines | note |")
    w("| --- | --- | --- | --- | --- |")
    for res in results:
        w("| %s | %s | %.0f | %d | %s |" % (
            res["name"], "**FAILED**" if res["status"] == "FAILED"
            else res["status"], res["seconds"], len(res["lines"]),
            cell(res["note"])))
    w("")
    w(STATIC_NOTES)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("only", nargs="*",
                    help="run only these tests (name or tier.name)")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.source = os.path.abspath(args.source)
    tests = select(ctest_tests(args.build), args.source, args.only)
    if not tests:
        raise SystemExit("no validation tests in " + args.build)
    logdir = os.path.join(args.build, "validation-logs")
    os.makedirs(logdir, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    args.load = os.getloadavg()[0]
    t0 = time.monotonic()
    results = [run(t, logdir) for t in tests]
    write(args.output, args, results, started, time.monotonic() - t0)
    print("wrote %s" % args.output, file=sys.stderr)
    return 1 if any(r["status"] == "FAILED" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
