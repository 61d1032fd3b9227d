"""What the import measure counts in a seed: its headings (the services it names) and its facts.

The heading rule is the reading a person gives the seed's own layout: Markdown '#' lines, and short lines opened
by the numbering Chinese notices use for their parts (一、 （一） 第一步 1号窗口 2.1 1．). The renderer makes exactly
these lines Word headings and HTML h1–h6, so the .docx and .html carry the structure the text implies.
"""
import re

CN = "一二三四五六七八九十"

def heading_level(text, first=False):
    t = text.strip()
    m = re.match(r"^(#{1,6})\s+\S", t)
    if m:
        return len(m.group(1))
    if not t or len(t) > 40 or re.search(r"[。；;，,]$", t):
        return None
    if first:
        return 1
    if re.match(rf"^[{CN}]+[、．.]", t):
        return 2
    if re.match(rf"^[（(][{CN}]+[）)]", t) or re.match(rf"^第[{CN}\d]+[步部分章节条]", t) or re.match(r"^\d+(?:[-、]\d+)*号?窗口", t):
        return 3
    m = re.match(r"^\d+((?:\.\d+)*)\s+\S", t)
    if m and len(t) <= 25:
        return 3 + m.group(1).count(".")
    if re.match(r"^\d+\s*[．.、]\s*\S", t) and len(t) <= 30 and "：" not in t and ":" not in t:
        return 4
    return None

def heading_text(text):
    return re.sub(r"^#{1,6}\s+", "", text.strip()).replace("**", "")

FACTS = {
    "phone": r"(?:[（(]0\d{2,3}[)）]\s*\d{7,8}|0\d{2,3}-\d{7,8}|(?<![\d.])1[3-9]\d{9}(?!\d)|(?<![\d.\-])\d{8}(?![\d.]))",
    "window": r"\d+(?:[-、]\d+)*号?窗口",
    "room": r"[A-Za-z]?\d{3,4}(?:室|办公室|房间)",
    "fee": r"\d+(?:\.\d+)?\s*元",
    "date": r"(?:20\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]|20\d{2}[./-]\d{1,2}[./-]\d{1,2}",
}

def facts(lines):
    """(kind, value, line index, nearest heading text) for every fact in the seed."""
    out = []
    heading = None
    first = True
    for i, raw in enumerate(lines):
        text = raw.strip().lstrip(">").strip()
        if not text:
            continue
        level = heading_level(text, first)
        first = False
        if level is not None:
            heading = heading_text(text)
        for kind, pattern in FACTS.items():
            for m in re.finditer(pattern, text):
                out.append((kind, m.group(0), i + 1, heading))
    return out

def digits(value):
    d = re.sub(r"\D", "", value)
    return d[-8:] if len(d) > 8 and d.startswith("0") else d
