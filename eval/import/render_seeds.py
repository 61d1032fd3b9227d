#!/usr/bin/env python3
"""Renders each seed (plain text) to .docx and .html for the import measure: eval/import/render_seeds.py SEED… OUTDIR.

Headings (seedlib.heading_level) become Word 'Heading N' paragraphs and HTML h1–h6; every other line a paragraph.
The .docx is written by hand (zip of WordprocessingML), so no Office library is needed.
"""
import html, os, sys, zipfile
from xml.sax.saxutils import escape
from seedlib import heading_level, heading_text

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

def styles():
    s = "".join(f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/></w:style>' for n in range(1, 7))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">{s}</w:styles>'

def lines_of(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read().splitlines()
    out, first = [], True
    for line in raw:
        text = line.strip().lstrip(">").strip()
        if not text:
            continue
        level = heading_level(text, first)
        first = False
        out.append((level, heading_text(text) if level else text))
    return out

def docx(lines, path):
    body = []
    for level, text in lines:
        ppr = f'<w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>' if level else ""
        body.append(f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/styles.xml", styles())

def page(lines, path):
    parts = ["<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>seed</title></head><body><nav><a href=\"/\">首页</a></nav><main>"]
    for level, text in lines:
        parts.append(f"<h{level}>{html.escape(text)}</h{level}>" if level else f"<p>{html.escape(text)}</p>")
    parts.append("</main></body></html>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))

if __name__ == "__main__":
    *seeds, outdir = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    for seed in seeds:
        stem = os.path.splitext(os.path.basename(seed))[0]
        lines = lines_of(seed)
        docx(lines, os.path.join(outdir, stem + ".docx"))
        page(lines, os.path.join(outdir, stem + ".html"))
        print(f"{stem}: {len(lines)} lines, {sum(1 for l, _ in lines if l)} headings")
