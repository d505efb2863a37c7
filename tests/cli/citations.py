"""Every citation of the Measures in a text points at a provision of
forms/articles.json that says what the citing sentence claims: the text
around the citation speaks of one of the provision's topics (words of the
provision itself). Usage: citations.py ARTICLES.json FILE... ; prints one
line per bad citation and exits 1 if there is any."""
import json, re, sys

arts = json.load(open(sys.argv[1], encoding="utf-8"))["provisions"]
topics = {}
for p in arts:
    key = (p["article"], p["paragraph"], p["item"])
    for t in p["topics"]:
        w = (p["en"] + " " + p["zh_summary"]).lower()
        if t.lower() not in w:
            print("%s: topic %r is not in the provision's words" % (p["ref"]["en"], t))
            sys.exit(1)
    topics[key] = [t.lower() for t in p["topics"]]

def words_of(a, para, item):
    """The topics of the cited provision and of every provision under it."""
    out = []
    for (x, y, z), t in topics.items():
        if x == a and (para is None or y == para) and (item is None or z == item):
            out += t
    return out

cn = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}
def num(s):
    if s.isdigit():
        return int(s)
    if s.startswith("十"):
        return 10 + (cn[s[1]] if len(s) > 1 else 0)
    if len(s) > 1 and s[1] == "十":
        return cn[s[0]] * 10 + (cn[s[2]] if len(s) > 2 else 0)
    return cn[s]

# group 1: another law named just before (PIPL, Civil Code, 条例), skipped.
PATS = [
    re.compile(r"(个人信息保护法》?|条例》?|民法典》?)?第([一二三四五六七八九十]+)条(?:第([一二三四五六七八九十]+)款)?(?:第（([一二三四五六七八九十]+)）项)?"),
    re.compile(r"(PIPL |Law |Code |Regulations )?\bArt(?:icle|\.)s? (\d+)(?:,? para(?:graph|\.) (\d+))?(?:,? item (\d+))?"),
    re.compile(r"()\{\{art\.(\d+)(?:_(\d+))?(?:_(\d+))?\}\}"),
]
# Where a clause ends: a sentence, a blank line, a man page macro line, a
# JSON string, a table cell.
BOUND = re.compile(r'。|；|(?<!Art)(?<!para)(?<!No)(?<!Arts)\.[ \n]|\n\n|\n\.|",| \| |\n[@#]')
bad = n = 0
prev_end = {}
for f in sys.argv[2:]:
    text = open(f, encoding="utf-8").read()
    found = sorted((m for rx in PATS for m in rx.finditer(text)),
                   key=lambda m: m.start())
    prev_end[f] = 0
    prev_lo = 0
    if True:
        for m in found:
            if m.group(1):
                continue
            a = num(m.group(2))
            p = m.group(3) and num(m.group(3))
            i = m.group(4) and num(m.group(4))
            if a > 20:
                continue  # another law's article, named nearby
            n += 1
            # A list or range ("Art. 6, 7, 8", "Articles 4 to 16") cites
            # what the sentence around it lists: not checked.
            if re.match(r"(,| and| to|、|至)\s*(\d|第)", text[m.end():m.end() + 6]):
                continue
            # The clause of the citation: from the end of the previous
            # clause or citation to the end of this clause.
            # Citations side by side ("Art. 14, Art. 15 para. 1 item 3")
            # share their clause.
            if re.fullmatch(r"[\s,，、;及和]*(and)?[\s]*", text[prev_end[f]:m.start()]):
                lo = prev_lo
            else:
                lo = max([b.end() for b in BOUND.finditer(text, max(0, m.start() - 400), m.start())] +
                         [prev_end[f]])
            prev_lo = lo
            b = BOUND.search(text, m.end())
            hi = b.start() if b else len(text)
            prev_end[f] = m.end()
            ctx = (text[lo:m.start()] + " " + text[m.end():hi]).lower()
            t = words_of(a, p, i)
            if not t:
                bad += 1
                print("%s: %s: no such provision in articles.json" % (f, m.group(0)))
            elif not any(w in ctx for w in t):
                bad += 1
                print("%s: %s: the text around it speaks of none of %s: ...%s..." % (
                    f, m.group(0), t[:6], text[max(lo, m.start() - 90):m.end() + 30].replace("\n", " ")))
print("%d citations checked, %d bad" % (n, bad), file=sys.stderr)
sys.exit(1 if bad or n < 100 else 0)
