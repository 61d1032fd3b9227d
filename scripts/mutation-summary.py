#!/usr/bin/env python3
"""Per-module counts from a Stryker JSON report, for docs/testing.md.

    scripts/mutation-summary.py REPORT.json MODULE=SUFFIX[,SUFFIX…]… [--without TESTCLASS…]

A module is the files whose paths end with one of its suffixes. Score = (killed + timeout) / (killed + timeout +
survived + no coverage), as Stryker counts it. With --without (a run made with --disable-bail, so every failing test
is recorded), a mutant killed only by the named test classes counts as survived: the score the suite had without them.
The survivors are listed with their line, mutator and replacement.
"""
import json
import sys


def main(argv):
    report_path, rest = argv[0], argv[1:]
    without = []
    if "--without" in rest:
        i = rest.index("--without")
        rest, without = rest[:i], rest[i + 1:]
    modules = {}
    for spec in rest:
        name, suffixes = spec.split("=", 1)
        modules[name] = suffixes.split(",")

    report = json.load(open(report_path, encoding="utf-8"))
    tests = {}
    for test_file in report.get("testFiles", {}).values():
        for test in test_file.get("tests", []):
            tests[test["id"]] = test["name"]

    def killed_by_remaining(mutant):
        names = [tests.get(t, t) for t in mutant.get("killedBy") or []]
        return any(not any(w in n for w in without) for n in names)

    for name, suffixes in modules.items():
        counts = {"Killed": 0, "Survived": 0, "Timeout": 0, "NoCoverage": 0}
        before = dict(counts)
        survivors = []
        for path, data in report["files"].items():
            if not any(path.endswith(s) for s in suffixes):
                continue
            lines = data["source"].split("\n")
            for m in data["mutants"]:
                status = m["status"]
                if status not in counts:
                    continue
                counts[status] += 1
                old = status
                if without and status == "Killed" and not killed_by_remaining(m):
                    old = "Survived"
                before[old] += 1
                if status in ("Survived", "NoCoverage"):
                    line = m["location"]["start"]["line"]
                    survivors.append(f"  {status:10} {path.split('/')[-1]}:{line} {m['mutatorName']}: "
                                     f"{m.get('replacement', '')[:70]!r}  <- {lines[line - 1].strip()[:80]}")

        def score(c):
            total = sum(c.values())
            return 100.0 * (c["Killed"] + c["Timeout"]) / total if total else float("nan")

        print(f"{name}: killed {counts['Killed']}, survived {counts['Survived']}, timeout {counts['Timeout']}, "
              f"no coverage {counts['NoCoverage']}, score {score(counts):.1f} %"
              + (f" (without {', '.join(without)}: {score(before):.1f} %)" if without else ""))
        for s in survivors:
            print(s)


if __name__ == "__main__":
    main(sys.argv[1:])
