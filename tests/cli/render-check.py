#!/usr/bin/env python3
# render-check.py — helper for the render CLI tests: the values a rendered
# form must show, computed from the filing, the schema and the forms the
# same way a reader would expect them (enumeration labels, dates written
# out, 是/否, masked identity numbers), and checks that each one appears in
# a text (pdftotext output), in an XLSX's cells or in a DOCX's text.
#
#   render-check.py values TOP FILING LANG ATT...   print one value a line
#   render-check.py pdf TOP FILING LANG TEXTFILE ATT...
#   render-check.py xlsx TOP FILING LANG XLSX ATT...
#   render-check.py docx TOP FILING LANG DOCX ATT...
# The docx mode reads the file with python-docx (Debian's python3-docx:
# run it with /usr/bin/python3).
import json, re, sys, zipfile
import xml.etree.ElementTree as ET

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def load(top, filing):
    schema = json.load(open(f"{top}/forms/schema.json"))
    return schema, json.load(open(filing))


def node_for(schema, path):
    """The schema node of a dotted path (array indexes dropped)."""
    n = schema["root"]
    for part in re.sub(r"\[\d*\]", "", path).split("."):
        if "def" in n:
            n = schema["defs"][n["def"]]
        if n.get("type") == "array":
            n = n["items"]
        if "def" in n:
            n = schema["defs"][n["def"]]
        n = n.get("fields", {}).get(part)
        if n is None:
            return {}
    return n


def fmt(schema, v, node, lang, mask):
    if v is None or v == "" or v == []:
        return []
    if isinstance(v, list):
        out = []
        for x in v:
            out += fmt(schema, x, node.get("items", node), lang, mask)
        return out
    if isinstance(v, bool):
        return [("是" if v else "否") if lang == "zh" else ("Yes" if v else "No")]
    if isinstance(v, (int, float)):
        return [str(int(v)) if v == int(v) else str(v)]
    en = node.get("enum")
    if en:
        for e in schema["enums"][en]:
            if e["value"] == v:
                return [e[lang]]
        return [v]
    if node.get("type") == "date":
        y, m, d = (int(x) for x in v.split("-"))
        return [f"{y}年{m}月{d}日" if lang == "zh" else f"{d} {MONTHS[m-1]} {y}"]
    if mask or node.get("validator") == "id_number":
        n = len(v)
        return [v[:4] + "*" * (n - 8) + v[-4:]]
    return [v]


def values(top, filing, lang, atts):
    schema, f = load(top, filing)
    out = []
    for att in atts:
        form = json.load(open(f"{top}/forms/attachment{att}.json"))
        for sec in form["sections"]:
            bases = [("", f)]
            if sec.get("repeat"):
                bases = [(f"{sec['repeat']}[].", x) for x in f[sec["repeat"]]]
            for prefix, base in bases:
                for fl in sec["fields"]:
                    if "fact" in fl:
                        continue
                    v = base
                    for p in fl["path"].split("."):
                        v = v.get(p) if isinstance(v, dict) else None
                    node = node_for(schema, prefix + fl["path"])
                    if fl.get("kind") == "table":
                        for row in v or []:
                            for col in fl["columns"]:
                                cn = node_for(schema, prefix + fl["path"] + "[]." + col["path"])
                                out += fmt(schema, row.get(col["path"]), cn, lang, col.get("mask"))
                        continue
                    out += fmt(schema, v, node, lang, fl.get("mask"))
    return out


def squash(s):
    return re.sub(r"\s+", "", s)


def docx_text(path):
    """Every paragraph of a Word file: body, table cells, header, footer."""
    import docx
    d = docx.Document(path)
    out = []

    def walk(container):
        for p in container.paragraphs:
            out.append(p.text)
        for t in container.tables:
            for row in t.rows:
                for cell in row.cells:
                    walk(cell)
    walk(d)
    for s in d.sections:
        walk(s.header)
        walk(s.footer)
    return "\n".join(out)


def main():
    mode, top, filing, lang = sys.argv[1:5]
    if mode == "values":
        for v in values(top, filing, lang, sys.argv[5:]):
            print(v)
        return 0
    target, atts = sys.argv[5], sys.argv[6:]
    if mode == "pdf":
        text = squash(open(target, encoding="utf-8").read())
    elif mode == "docx":
        text = squash(docx_text(target))
    else:
        z = zipfile.ZipFile(target)
        ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        ss = ET.fromstring(z.read("xl/sharedStrings.xml"))
        text = "\n".join("".join(t.text or "" for t in si.iter(ns + "t")) for si in ss)
        text = squash(text)
    missing = [v for v in values(top, filing, lang, atts) if squash(v) not in text]
    for v in missing:
        print(f"missing in {target}: {v}", file=sys.stderr)
    return 1 if missing else 0


sys.exit(main())
