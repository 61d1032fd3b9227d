#!/usr/bin/env python3
"""The import measure (docs/benchmarks.md): eval/import/measure.py SEEDS_DIR [BOT_DLL].

For each seed (000…004 = bupt, buct, bjtu, cumt, cqu) and each form (.txt, .docx, .html rendered by render_seeds.py),
runs `kb import --out` into a temporary folder and counts the seed's phones, windows, rooms, fees and dates that land
in a draft attached to the right service: a draft whose sourceHeadings include the heading the seed states the fact
under, with the fact in that draft's front matter (phone:, window:/title, room:/where:, fees:, dates:). "in text" also
counts a fact that is only in the right draft's body.
"""
import glob, json, os, re, subprocess, sys, tempfile
import yaml
from seedlib import facts, digits

SCHOOLS = ["bupt", "buct", "bjtu", "cumt", "cqu"]

def drafts(folder):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "*.md"))):
        text = open(path, encoding="utf-8").read()
        front = yaml.safe_load(text.split("---\n")[1])
        out.append((front, text))
    return out

def attached(kind, value, front):
    if kind == "phone":
        return digits(value) in {digits(p) for p in front.get("phone") or []}
    if kind == "window":
        return value in (front.get("window") or "") or value in (front.get("title") or "")
    if kind == "room":
        return value in (front.get("room") or "") or value in (front.get("where") or "")
    squash = lambda s: re.sub(r"\s+", "", s)
    if kind == "fee":
        return squash(value) in {squash(f) for f in front.get("fees") or []}
    if kind == "date":
        return any(squash(value) in squash(d) or squash(d) in squash(value) for d in front.get("dates") or [])
    return False

def measure(seed, rendered, dll, form):
    source = seed if form == "txt" else os.path.join(rendered, os.path.splitext(os.path.basename(seed))[0] + "." + form)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["dotnet", dll, "kb", "import", "--school", "eval", "--out", out, source], check=True, capture_output=True)
        ds = drafts(out)
    found = facts(open(seed, encoding="utf-8").read().splitlines())
    structured = in_text = 0
    per_kind = {}
    for kind, value, line, heading in found:
        right = [(f, t) for f, t in ds if heading is None or heading in (f.get("sourceHeadings") or [])]
        ok = any(attached(kind, value, f) for f, _ in right)
        structured += ok
        in_text += ok or any(value in t for _, t in right)
        k = per_kind.setdefault(kind, [0, 0])
        k[0] += ok; k[1] += 1
    draft_phones = {digits(p) for f, _ in ds for p in f.get("phone") or []}
    return len(found), structured, in_text, per_kind, len(ds), draft_phones

def curated_phones(school):
    """Phones in the hand-written guides of knowledge-base/{school} (written from the same seed by people)."""
    out = set()
    for path in glob.glob(os.path.join("knowledge-base", school, "*.md")):
        front = yaml.safe_load(open(path, encoding="utf-8").read().split("---\n")[1])
        for p in (front.get("phone") or []) + [p for l in front.get("locations") or [] for p in l.get("phone") or []]:
            out.add(digits(str(p)))
    return {p for p in out if len(p) >= 7}

if __name__ == "__main__":
    seeds_dir = sys.argv[1]
    dll = sys.argv[2] if len(sys.argv) > 2 else "src/Bot/bin/Release/net10.0/Clearance.Bot.dll"
    seeds = sorted(glob.glob(os.path.join(seeds_dir, "*.txt")))
    with tempfile.TemporaryDirectory() as rendered:
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "render_seeds.py"), *seeds, rendered], check=True, capture_output=True)
        print("| school | form | drafts | facts | attached to the right service | in its text | by kind (attached/all) | curated guides' phones in some draft's phone: |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for school, seed in zip(SCHOOLS, seeds):
            for form in ["txt", "docx", "html"]:
                n, s, t, kinds, count, phones = measure(seed, rendered, dll, form)
                by = ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(kinds.items()))
                curated = curated_phones(school)
                cover = f"{len(curated & phones)}/{len(curated)}" if curated else "—"
                print(f"| {school} | {form} | {count} | {n} | {s / n:.1%} | {t / n:.1%} | {by} | {cover} |" if n else f"| {school} | {form} | {count} | 0 | — | — | | {cover} |")
