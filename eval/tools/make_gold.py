#!/usr/bin/env python3
"""Build eval/gold/gold.json from the hand-written annotation sources in eval/gold/src/*.ann.

    python3 eval/tools/make_gold.py            # write eval/gold/gold.json, print warnings
    python3 eval/tools/make_gold.py --check    # fail if gold.json is not up to date

Annotators never type byte offsets: they name a mention by its text, and the script finds the
span, so the gold is exact and survives small edits to an article. Every span written is checked
with text[start:end] == mention text (as UTF-8 bytes), and the script warns about
occurrences of an annotated surface string that no directive claimed, and about quoted passages
that are neither a quote nor a non-quote, so nothing is forgotten silently.

Source format (one file per article; `#` starts a comment line):

    article 01_tokyo_coast_guard.txt

    E Japan | COUNTRY | JPN | also=Nippon;State of Japan
      name: Japan
      demonym: Japanese
      metonym: Tokyo@2 ; [Tokyo] backs it
    E Japan Coast Guard | ORGANIZATION | government | owner=Japan
      name: Japan Coast Guard
    E Daisuke Morinaga | PERSON
      name: Daisuke Morinaga ; Morinaga
      pronoun: ” [he] said@2
      role: Prime Minister | Japan
    Q Daisuke Morinaga | We will not accept
    I Daisuke Morinaga | Japan would accelerate | the Philippines
    N economic coercion@1
    skip: [Japan] Times

Mention selectors (separated by ` ; `):
  text        every word-bounded occurrence of `text` that no other directive claimed
              (resolved after all explicit selectors, longest text first);
  text@n      the n-th (1-based) word-bounded occurrence of `text` in the whole article;
  a [b] c     the `b` inside the only occurrence of `a b c` (or the n-th, with a trailing @n).
Quote lines: `Q speaker | start [| end]` is a direct quote: its span starts at `start` and runs to
the next closing quotation mark or the end of the paragraph, unless `end` (searched from `start`)
is given. `I speaker | start | end` is indirect speech. `N start` is quoted text that is not a
quotation (scare quote, title). `-` as speaker means nobody named.
Event lines (optional; an article with none is not scored for events unless it says
`events none`): `published YYYY-MM-DD` gives the date relative expressions resolve against;
`V TYPE | actor ; actor | recipient ; ... | trigger | YYYY-MM-DD` is one PLOVER event, entities
by their `E` names (`-` for none), the trigger as a selector like a mention's, the date as the
first day the text's expression resolves to, or `-` when the sentence gives no time. An optional
sixth field gives the modality when it is not `asserted` (stated as fact by the writer):
`reported` (attributed: `X said Y had done`) or `expected` (planned or future: `will host`,
`would discuss`). Negated and hypothetical acts are not listed at all (see eval/gold/README.md).
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SRC = os.path.join(ROOT, "eval", "gold", "src")
OUT = os.path.join(ROOT, "eval", "gold", "gold.json")
ARTICLES = os.path.join(ROOT, "examples", "articles")

TYPES = {"PERSON", "COUNTRY", "ORGANIZATION", "LOCATION"}
KINDS = {"alliance", "government", "military", "company", "media", "academic", "party", "ngo", "other"}
EVENT_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
# Modalities an event line may carry; negated and hypothetical acts are not annotated.
MODALITIES = {"asserted", "reported", "expected"}
FORMS = {"name", "abbreviation", "demonym", "metonym", "nominal", "pronoun"}
OPEN_MARKS = "“\""
CLOSE_MARKS = "”\""


class AnnError(Exception):
    pass


def bounded(text, s, e):
    """True when text[s:e] is not glued to a letter or digit on either side."""
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    first, last = text[s], text[e - 1]
    ok_before = not (before.isalnum() and first.isalnum())
    ok_after = not (after.isalnum() and last.isalnum())
    return ok_before and ok_after


def occurrences(text, needle, word=True):
    out, i = [], text.find(needle)
    while i >= 0:
        if not word or bounded(text, i, i + len(needle)):
            out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def split_index(sel):
    m = re.match(r"^(.*?)@(\d+)$", sel)
    if m:
        return m.group(1), int(m.group(2))
    return sel, None


def resolve_explicit(text, sel, word=True, first=False):
    """Resolve a selector that names one occurrence; returns (start, end) in characters. With
    `first`, an ambiguous selector without @n means its first occurrence (for quote ends)."""
    body, n = split_index(sel)
    if "[" in body:
        m = re.match(r"^(.*)\[(.+?)\](.*)$", body)
        if not m:
            raise AnnError("bad context selector %r" % sel)
        pre, mid, post = m.groups()
        occ = occurrences(text, pre + mid + post, word=False)
        occ = [o for o in occ if bounded(text, o[0] + len(pre), o[0] + len(pre) + len(mid))]
        if not occ:
            raise AnnError("context %r not found" % sel)
        if n is None and len(occ) > 1 and not first:
            raise AnnError("context %r occurs %d times; add @n" % (sel, len(occ)))
        if n is not None and n > len(occ):
            raise AnnError("context %r has only %d occurrences" % (sel, len(occ)))
        s = occ[(n or 1) - 1][0] + len(pre)
        return s, s + len(mid)
    occ = occurrences(text, body, word=word)
    if not occ:
        raise AnnError("%r not found" % sel)
    if n is None:
        if len(occ) > 1 and not first:
            raise AnnError("%r occurs %d times; add @n or context" % (sel, len(occ)))
        return occ[0]
    if n > len(occ):
        raise AnnError("%r has only %d occurrences" % (sel, len(occ)))
    return occ[n - 1]


def is_explicit(sel):
    body, n = split_index(sel)
    return n is not None or "[" in body


def surface(sel):
    body, _ = split_index(sel)
    m = re.match(r"^(.*)\[(.+?)\](.*)$", body)
    return m.group(2) if m else body


def parse(path):
    art = {"entities": [], "quotes": [], "skips": [], "events": None, "published": None}
    cur = None
    for lineno, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = "%s:%d" % (os.path.basename(path), lineno)
        try:
            st = line.strip()
            if st.startswith("article "):
                art["file"] = st.split(None, 1)[1].strip()
            elif st.startswith("published "):
                art["published"] = st.split(None, 1)[1].strip()
                if not re.match(r"^\d{4}-\d{2}-\d{2}$", art["published"]):
                    raise AnnError("published must be YYYY-MM-DD")
            elif st == "events none":
                art["events"] = art["events"] or []
            elif st.startswith("V "):
                f = [x.strip() for x in st[2:].split("|")]
                if len(f) not in (5, 6):
                    raise AnnError("event line needs TYPE | actors | recipients | trigger | date"
                                   " [| modality]")
                modality = f[5] if len(f) == 6 else "asserted"
                if modality not in MODALITIES:
                    raise AnnError("unknown modality %r (want one of %s)"
                                   % (modality, ", ".join(sorted(MODALITIES))))
                if f[0] not in EVENT_TYPES:
                    raise AnnError("unknown event type %r" % f[0])
                names = lambda x: [] if x == "-" else [n.strip() for n in x.split(";") if n.strip()]
                date = None if f[4] == "-" else f[4]
                if date is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
                    raise AnnError("event date must be YYYY-MM-DD or -")
                art["events"] = art["events"] or []
                art["events"].append({"type": f[0], "actors": names(f[1]), "recipients": names(f[2]),
                                      "trigger": f[3], "date": date, "modality": modality,
                                      "where": where})
            elif st.startswith("E "):
                f = [x.strip() for x in st[2:].split("|")]
                ent = {"name": f[0], "type": f[1], "kind": None, "code": None, "also": [],
                       "owner": None, "sels": [], "roles": [], "where": where}
                if ent["type"] not in TYPES:
                    raise AnnError("unknown type %r" % ent["type"])
                for x in f[2:]:
                    if x.startswith("also="):
                        ent["also"] = [a.strip() for a in x[5:].split(";") if a.strip()]
                    elif x.startswith("owner="):
                        ent["owner"] = x[6:].strip()
                    elif ent["type"] == "COUNTRY":
                        ent["code"] = x
                    elif ent["type"] == "ORGANIZATION":
                        if x not in KINDS:
                            raise AnnError("unknown org kind %r" % x)
                        ent["kind"] = x
                    else:
                        raise AnnError("unexpected field %r" % x)
                if ent["type"] == "COUNTRY" and not ent["code"]:
                    raise AnnError("country without code")
                art["entities"].append(ent)
                cur = ent
            elif st.startswith("role:"):
                f = [x.strip() for x in st[5:].split("|")]
                of = None if f[1] == "-" else f[1]
                alt = [a.strip() for a in f[2].split(",")] if len(f) > 2 else []
                cur["roles"].append({"title": f[0], "of": of, "of_alt": alt})
            elif st.startswith("skip:"):
                art["skips"] += [s.strip() for s in st[5:].split(" ; ") if s.strip()]
            elif re.match(r"^(name|abbreviation|demonym|metonym|nominal|pronoun):", st):
                form, rest = st.split(":", 1)
                for s in rest.split(" ; "):
                    if s.strip():
                        cur["sels"].append((form, s.strip(), where))
            elif st[:2] in ("Q ", "I ", "N "):
                kind = st[0]
                f = [x.strip() for x in st[2:].split("|")]
                if kind == "N":
                    q = {"kind": kind, "speaker": None, "start": f[0], "end": f[1] if len(f) > 1 else None}
                else:
                    q = {"kind": kind, "speaker": None if f[0] == "-" else f[0], "start": f[1],
                         "end": f[2] if len(f) > 2 else None}
                    if kind == "I" and q["end"] is None:
                        raise AnnError("indirect quote needs an end selector")
                q["where"] = where
                art["quotes"].append(q)
            else:
                raise AnnError("cannot parse line")
        except (AnnError, IndexError, AttributeError, TypeError) as e:
            raise AnnError("%s: %s" % (where, e))
    if "file" not in art:
        raise AnnError("%s: no `article` line" % path)
    return art


def quote_end(text, start):
    i = start
    while i < len(text) and text[i] not in CLOSE_MARKS and text[i] != "\n":
        i += 1
    while i > start and text[i - 1].isspace():
        i -= 1
    return i


def quoted_segments(text):
    """Every stretch of text inside quotation marks, per paragraph (for coverage warnings)."""
    segs = []
    for m in re.finditer(r"[^\n]+", text):
        para, base, open_at = m.group(0), m.start(), None
        for i, ch in enumerate(para):
            if ch == "“" or (ch == '"' and open_at is None):
                open_at = i + 1
            elif ch in "”\"" and open_at is not None:
                segs.append((base + open_at, base + i))
                open_at = None
        if open_at is not None:
            segs.append((base + open_at, base + len(para)))
    return segs


def byte_span(text, s, e):
    return len(text[:s].encode("utf-8")), len(text[:e].encode("utf-8"))


def build(art, warnings):
    path = os.path.join(ARTICLES, art["file"])
    text = open(path, encoding="utf-8").read()
    names = {e["name"] for e in art["entities"]}
    if len(names) != len(art["entities"]):
        raise AnnError("%s: duplicate entity names" % art["file"])
    claimed = {}  # (s, e) -> (entity name or None, form)

    def claim(span, ent, form, where):
        for (s, e), (who, _) in claimed.items():
            if s < span[1] and span[0] < e:
                raise AnnError("%s: %r at %d overlaps %r already claimed by %s"
                               % (where, text[span[0]:span[1]], span[0], text[s:e], who))
        claimed[span] = (ent, form)

    for sel in art["skips"]:
        claim(resolve_explicit(text, sel), None, None, art["file"] + " skip")
    generic = []
    for ent in art["entities"]:
        for form, sel, where in ent["sels"]:
            if is_explicit(sel):
                try:
                    claim(resolve_explicit(text, sel), ent["name"], form, where)
                except AnnError as e:
                    raise AnnError("%s: %s" % (where, e))
            else:
                generic.append((len(sel), ent, form, sel, where))
    generic.sort(key=lambda g: -g[0])
    for _, ent, form, sel, where in generic:
        if form == "pronoun":
            raise AnnError("%s: pronouns must be selected explicitly (%r)" % (where, sel))
        hits = 0
        for span in occurrences(text, sel):
            if any(s < span[1] and span[0] < e for (s, e) in claimed):
                continue
            claimed[span] = (ent["name"], form)
            hits += 1
        if hits == 0:
            raise AnnError("%s: %r matched nothing unclaimed" % (where, sel))

    # Warn about surface strings of names that were left unclaimed somewhere.
    surfaces = {surface(sel) for ent in art["entities"] for form, sel, _ in ent["sels"]
                if form not in ("pronoun", "nominal")}
    for sf in sorted(surfaces):
        for span in occurrences(text, sf):
            if not any(s <= span[0] and span[1] <= e for (s, e) in claimed):
                warnings.append("%s: unclaimed %r at char %d: ...%s..." % (
                    art["file"], sf, span[0], text[max(0, span[0] - 30):span[1] + 30].replace("\n", " ")))

    entities = []
    for ent in art["entities"]:
        mentions = []
        for (s, e), (who, form) in sorted(claimed.items()):
            if who == ent["name"]:
                bs, be = byte_span(text, s, e)
                mentions.append({"start": bs, "end": be, "text": text[s:e], "form": form})
        if not mentions:
            raise AnnError("%s: entity %r has no mentions" % (ent["where"], ent["name"]))
        if not any(m["form"] not in ("pronoun", "nominal") for m in mentions):
            raise AnnError("%s: entity %r has only pronoun/nominal mentions" % (ent["where"], ent["name"]))
        for r in ent["roles"]:
            for o in [r["of"]] + r["of_alt"]:
                if o is not None and o not in names:
                    raise AnnError("%s: role of unknown entity %r" % (ent["where"], o))
        if ent["owner"] is not None and ent["owner"] not in names:
            raise AnnError("%s: owner %r unknown" % (ent["where"], ent["owner"]))
        out = {"name": ent["name"], "type": ent["type"]}
        if ent["kind"]:
            out["kind"] = ent["kind"]
        if ent["code"]:
            out["code"] = ent["code"]
        if ent["also"]:
            out["also"] = ent["also"]
        if ent["owner"]:
            out["owner"] = ent["owner"]
        out["mentions"] = mentions
        out["roles"] = [{k: v for k, v in r.items() if v or k == "of"} for r in ent["roles"]]
        entities.append(out)

    quotes, non_quotes, covered = [], [], []
    for q in art["quotes"]:
        try:
            s, _ = resolve_explicit(text, q["start"], word=False)
            if q["end"]:
                es, ee = resolve_explicit(text[s:], q["end"], word=False, first=True)
                e = s + ee
            else:
                e = quote_end(text, s)
        except AnnError as err:
            raise AnnError("%s: %s" % (q["where"], err))
        if q["kind"] in "QN":
            line_start = s == 0 or text[s - 1] == "\n"
            if not (s > 0 and text[s - 1] in OPEN_MARKS) and not line_start:
                raise AnnError("%s: direct quote does not follow an opening mark: %r"
                               % (q["where"], text[s - 10:s + 20]))
        if q["speaker"] is not None and q["speaker"] not in names:
            raise AnnError("%s: unknown speaker %r" % (q["where"], q["speaker"]))
        bs, be = byte_span(text, s, e)
        item = {"start": bs, "end": be, "text": text[s:e]}
        covered.append((s, e))
        if q["kind"] == "N":
            non_quotes.append(item)
        else:
            item["speaker"] = q["speaker"]
            item["direct"] = q["kind"] == "Q"
            quotes.append(item)
    for s, e in quoted_segments(text):
        if not any(a < e and s < b for a, b in covered):
            warnings.append("%s: quoted text not annotated at char %d: %r" % (art["file"], s, text[s:e][:60]))

    # Final self-check on bytes, the way eval.rs reads them.
    data = text.encode("utf-8")
    for item in [m for ent in entities for m in ent["mentions"]] + quotes + non_quotes:
        assert data[item["start"]:item["end"]].decode("utf-8") == item["text"], item
    quotes.sort(key=lambda q: q["start"])
    non_quotes.sort(key=lambda q: q["start"])
    events = None
    if art["events"] is not None:
        events = []
        for ev in art["events"]:
            for n in ev["actors"] + ev["recipients"]:
                if n not in names:
                    raise AnnError("%s: event names unknown entity %r" % (ev["where"], n))
            try:
                s, e = resolve_explicit(text, ev["trigger"], word=True)
            except AnnError as err:
                raise AnnError("%s: %s" % (ev["where"], err))
            bs, be = byte_span(text, s, e)
            assert data[bs:be].decode("utf-8") == text[s:e]
            events.append({"type": ev["type"], "actors": ev["actors"], "recipients": ev["recipients"],
                           "start": bs, "end": be, "text": text[s:e], "date": ev["date"],
                           "modality": ev["modality"]})
        events.sort(key=lambda x: x["start"])
    rel = os.path.relpath(path, os.path.dirname(OUT)).replace(os.sep, "/")
    out = {"path": rel}
    if art["published"]:
        out["published"] = art["published"]
    out.update({"entities": entities, "quotes": quotes, "non_quotes": non_quotes})
    if events is not None:
        out["events"] = events
    return out


def main():
    check = "--check" in sys.argv[1:]
    warnings, articles = [], []
    try:
        for name in sorted(os.listdir(SRC)):
            if name.endswith(".ann"):
                articles.append(build(parse(os.path.join(SRC, name)), warnings))
    except AnnError as e:
        sys.exit("make_gold: %s" % e)
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    gold = {"version": 1,
            "note": "generated by eval/tools/make_gold.py from eval/gold/src/*.ann; do not edit by hand",
            "articles": articles}
    body = json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
    if check:
        if not os.path.exists(OUT) or open(OUT, encoding="utf-8").read() != body:
            sys.exit("make_gold: eval/gold/gold.json is out of date; run eval/tools/make_gold.py")
        return
    open(OUT, "w", encoding="utf-8").write(body)
    n_m = sum(len(e["mentions"]) for a in articles for e in a["entities"])
    n_q = sum(len(a["quotes"]) for a in articles)
    n_v = sum(len(a.get("events") or []) for a in articles)
    print("wrote %s: %d articles, %d entities, %d mentions, %d quotes, %d events, %d warnings" % (
        os.path.relpath(OUT, ROOT), len(articles), sum(len(a["entities"]) for a in articles),
        n_m, n_q, n_v, len(warnings)))


if __name__ == "__main__":
    main()
