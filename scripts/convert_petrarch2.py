#!/usr/bin/env python3
"""Convert PETRARCH2's dictionaries into newsgraph's own data files.

Usage (from the repository root):

    python3 scripts/convert_petrarch2.py ../shared/resources/petrarch2 \
        ../shared/eval/events/plover/CAMEO2PLOVER-2021.txt

Reads the CAMEO verb dictionary (CAMEO.2.0.txt), the Phoenix actor dictionaries
(Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt), the agent dictionary (Phoenix.agents.txt) and the
CAMEO-to-PLOVER 2021 table, and writes deterministic tab-separated files under data/cameo/
and data/actors/ (formats: data/README.md and each file's header). The input formats are
those of PETRARCH2's dictionaries.rst; where the files stray from it (typos, missing
brackets), the record is kept when its meaning is clear and otherwise skipped, and every
skip is counted on stderr so a rerun shows what was lost.

Python 3.11 standard library only.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = (
    "python3 scripts/convert_petrarch2.py ../shared/resources/petrarch2 "
    "../shared/eval/events/plover/CAMEO2PLOVER-2021.txt"
)
SOURCE = "PETRARCH2 (https://github.com/openeventdata/petrarch2, Open Event Data Alliance)"
LICENCE_NOTE = "MIT licence; the notice is in data/cameo/LICENSE.petrarch2"

# Two-digit years in actor date restrictions: PETRARCH's dictionaries mix YYMMDD and
# YYYYMMDD. The Phoenix files were made in 2014 and reach back to the 19th century only
# with four-digit years, so 00-30 are read as 20xx and 31-99 as 19xx.
CENTURY_PIVOT = 30

problems: dict[str, int] = {}


def problem(kind: str, where: str) -> None:
    """Count a skipped or repaired input line; the first few of each kind are printed."""
    problems[kind] = problems.get(kind, 0) + 1
    if problems[kind] <= 3:
        print(f"note: {kind}: {where}", file=sys.stderr)


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def read_lines(path: Path) -> list[str]:
    """The dictionaries are mostly UTF-8 with a few Latin-1 lines (Phoenix.Countries)."""
    out = []
    for raw in path.read_bytes().split(b"\n"):
        try:
            out.append(raw.decode("utf-8").rstrip("\r"))
        except UnicodeDecodeError:
            out.append(raw.decode("latin-1").rstrip("\r"))
    return out


def words_of(phrase: str) -> list[str]:
    """Split a PETRARCH phrase string (words joined by `_` or blanks) into lower-case words."""
    return [w for w in re.split(r"[_\s]+", phrase.strip().lower()) if w]


def regular_plural(word: str) -> str:
    """PETRARCH's regular plural (dictionaries.rst): +S, Y -> IES, SS -> SSES; also -es after
    x, z, ch, sh and -ies only after a consonant, which PETRARCH's rule would get wrong."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def regular_verb_forms(verb: str) -> list[str]:
    """The regular -s, -ed and -ing forms PETRARCH generates for a verb without `{...}`.
    Consonant doubling is not generated: the dictionary lists such verbs' forms."""
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        third = verb + "es"
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb.endswith("e"):
        past = verb + "d"
        ing = verb + "ing" if verb.endswith(("ee", "ye", "oe")) else verb[:-1] + "ing"
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        past, ing = verb[:-1] + "ied", verb + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    return [third, past, ing]


def header(title: str, source_files: str, columns: list[str], extra: list[str] = ()) -> str:
    lines = [
        f"# {title}",
        f"# Converted from {SOURCE}: {source_files}. {LICENCE_NOTE}.",
        f"# Made by: {COMMAND}",
        "# Do not edit by hand: change the script (or data/actors/country_codes.tsv) and rerun.",
        *extra,
        "#",
        "# Columns (tab-separated):",
        *[f"#   {c}" for c in columns],
    ]
    return "\n".join(lines) + "\n"


def write_tsv(path: Path, head: str, names: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(head)
        out.write("# " + "\t".join(names) + "\n")
        for row in rows:
            cells = [c if c else "-" for c in row]
            for c in cells:
                if "\t" in c or "\n" in c:
                    raise ValueError(f"{path}: cell holds a tab or newline: {c!r}")
            out.write("\t".join(cells) + "\n")
    print(f"wrote {path.relative_to(REPO)}: {len(rows)} rows", file=sys.stderr)


# ---------------------------------------------------------------------------------------
# CAMEO -> PLOVER table


@dataclass
class Plover:
    type: str
    mode: str
    context: str
    description: str


def read_plover(path: Path) -> dict[str, Plover]:
    table: dict[str, Plover] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("~"):
            continue
        body, _, desc = line.partition("#")
        code, sep, rest = body.partition(":")
        code = code.strip()
        if not sep or not code.isdigit():
            problem("plover table line not understood", f"{path.name}:{n}")
            continue
        parts = [p.strip() for p in rest.split(",")]
        parts += [""] * (3 - len(parts))
        ptype, mode, context = parts[0], parts[1], parts[2]
        context = "|".join(c.strip() for c in context.split(";") if c.strip())
        entry = Plover(ptype, mode, context, desc.strip())
        if code in table and table[code].type == entry.type:
            continue  # 175 is listed twice with the same type
        if code in table:
            # The table gives root 08 twice (CONCEDE for 081-083, RETREAT for 084-087): a bare
            # 08 has no single type, so the root entry is left without one.
            problem("plover table code given twice", f"{path.name}:{n} {code}")
            table[code] = Plover("", "", "", "")
            continue
        table[code] = entry
    return table


def plover_of(code: str, table: dict[str, Plover]) -> Plover | None:
    """The table's entry for a CAMEO code, or for its nearest listed parent (0231 -> 023 -> 02)."""
    c = code
    while len(c) >= 2:
        if c in table and table[c].type:
            return table[c]
        c = c[:-1]
    return None


# ---------------------------------------------------------------------------------------
# Verb dictionary

MARKERS = {"$": "SOURCE", "+": "TARGET", "^": "SKIP", "%": "COMPOUND"}


def render_atom(tok: str) -> str:
    """A word, `&synset` or `_`-joined phrase of the pattern, in newsgraph notation."""
    if tok in MARKERS:
        return MARKERS[tok]
    if tok.startswith("&"):
        return "&" + tok[1:].lower()
    ws = words_of(tok)
    if len(ws) > 1:
        return "{" + " ".join(ws) + "}"
    return ws[0] if ws else ""


def render_elements(tokens: list[str], where: str) -> str | None:
    """Render a pattern half. Braces group a noun phrase (last word is its head), parentheses
    a prepositional phrase whose first word is the preposition."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t == "{":
            j = tokens.index("}", i) if "}" in tokens[i:] else -1
            if j < 0:
                problem("verb pattern with unclosed {", where)
                return None
            inner = [render_atom(x) for x in tokens[i + 1 : j]]
            out.append("{" + " ".join(x.strip("{}") for x in inner) + "}")
            i = j + 1
        elif t == "(":
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j] == "("
                depth -= tokens[j] == ")"
                if depth == 0:
                    break
                j += 1
            if j >= len(tokens):
                problem("verb pattern with unclosed (", where)
                return None
            inner = render_elements(tokens[i + 1 : j], where)
            if inner is None:
                return None
            out.append("(" + inner + ")")
            i = j + 1
        elif t in ("}", ")"):
            problem("verb pattern with unbalanced bracket", where)
            return None
        else:
            out.append(render_atom(t))
            i += 1
    return " ".join(x for x in out if x)


def split_code(text: str) -> tuple[str, str] | None:
    """`[042:043]` -> ("042", "043"); `[:173]` -> ("", "173"); `[---]` -> ("", "")."""
    text = text.strip()
    if not re.fullmatch(r"(---|\d{2,4})?(:(---|\d{2,4})?)?", text):
        return None
    main, _, rev = text.partition(":")
    main = "" if main == "---" else main
    rev = "" if rev == "---" else rev
    return main, rev


@dataclass
class Verb:
    block: str
    verb: str
    before: str
    after: str
    forms: list[str]
    code: str
    line: int


@dataclass
class Pattern:
    block: str
    before: str
    after: str
    code: str
    reverse: str
    line: int


@dataclass
class VerbDict:
    synsets: dict[str, list[str]] = field(default_factory=dict)
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    transforms: list[list[str]] = field(default_factory=list)


def parse_verb_entry(text: str, block: str, code: str, n: int, where: str) -> Verb | None:
    """`BRING {BRINGS BRINGING BROUGHT}`, `+CORDON_OFF {+CORDONED_OFF ...}`, `WIRE_+TAP`."""
    m = re.fullmatch(r"([^\s{\[]+)\s*(\{[^}]*\}?)?\s*(\[[^\]]*\])?\s*", text)
    if not m:
        problem("verb line not understood", where)
        return None
    phrase, forms_txt, code_txt = m.group(1), m.group(2), m.group(3)
    if code_txt:
        c = split_code(code_txt[1:-1])
        if c is None:
            problem("verb code not understood", where)
        else:
            code = c[0]

    def head_of(p: str) -> tuple[list[str], str, list[str]] | None:
        parts = p.strip("_").split("_")
        if len(parts) == 1:
            return [], parts[0].lstrip("+").lower(), []
        heads = [i for i, w in enumerate(parts) if w.startswith("+")]
        if len(heads) != 1:
            return None
        h = heads[0]
        return (
            [w.lower() for w in parts[:h]],
            parts[h][1:].lower(),
            [w.lower() for w in parts[h + 1 :]],
        )

    parsed = head_of(phrase)
    if parsed is None:
        problem("multi-word verb without one +head", where)
        return None
    before, verb, after = parsed
    if forms_txt:
        forms = []
        # Some lists separate their forms with commas as well as blanks (`+CRACK_DOWN`).
        for f in re.split(r"[\s,]+", forms_txt.strip("{}").strip()):
            if not f:
                continue
            pf = head_of(f)
            if pf is None:
                problem("verb form without one +head", where)
                continue
            forms.append(pf[1])
    else:
        forms = regular_verb_forms(verb)
    forms = sorted(set(forms) - {verb})
    return Verb(block, verb, " ".join(before), " ".join(after), forms, code, n)


def read_verbs(path: Path) -> VerbDict:
    vd = VerbDict()
    block, block_code = "", ""
    synset: str | None = None
    synset_plural = True
    seen_blocks: dict[str, int] = {}
    for n, raw in enumerate(read_lines(path), 1):
        where = f"{path.name}:{n}"
        if raw.startswith("---"):
            m = re.match(r"---\s+(.*?)\s+\[([^\]]*)\]\s*---", raw)
            if not m:
                problem("verb block header not understood", where)
                continue
            name = m.group(1).strip().lower().replace(" ", "_")
            seen_blocks[name] = seen_blocks.get(name, 0) + 1
            block = name if seen_blocks[name] == 1 else f"{name}#{seen_blocks[name]}"
            c = split_code(m.group(2))
            block_code = c[0] if c else ""
            synset = None
            continue
        line = strip_comment(raw)
        if not line.strip():
            continue
        s = line.strip()
        if s.startswith("&"):
            label = s.split()[0]
            synset_plural = not label.endswith("_")
            synset = label.rstrip("_")[1:].lower()
            vd.synsets.setdefault(synset, [])
            continue
        if s.startswith("+") and synset is not None and not block:
            phrase = s[1:].strip()
            no_plural = phrase.endswith("_") or not synset_plural
            ws = words_of(phrase)
            if not ws:
                continue
            vd.synsets[synset].append(" ".join(ws))
            if not no_plural:
                vd.synsets[synset].append(" ".join(ws[:-1] + [regular_plural(ws[-1])]))
            continue
        if s.startswith("~"):
            vd.transforms.append([s[1:].strip(), str(n)])
            continue
        if not block:
            problem("line before the first verb block", where)
            continue
        if s.startswith("-"):
            undefined = [r for r in re.findall(r"&(\w+)", s) if r.lower() not in vd.synsets]
            if undefined:
                # dictionaries.rst: "a pattern containing an undefined synset will be ignored".
                problem("pattern with an undefined synset (ignored, as PETRARCH does)", f"{where} &{undefined[0]}")
                continue
            pat = parse_pattern(s[1:], block, n, where)
            if pat:
                vd.patterns.append(pat)
            continue
        # `SCRAP {...};shan 8/30/93`: a `;` after a verb starts a coder's note as `#` does.
        verb = parse_verb_entry(s.split(";", 1)[0], block, block_code, n, where)
        if verb:
            vd.verbs.append(verb)
    return vd


def parse_pattern(text: str, block: str, n: int, where: str) -> Pattern | None:
    m = re.fullmatch(r"(.*?)\[([^\]]*)\]\s*", text)
    if not m:
        problem("verb pattern without [code]", where)
        return None
    code = split_code(m.group(2))
    if code is None:
        problem("verb pattern code not understood", where)
        return None
    body = re.sub(r"([{}()*])", r" \1 ", m.group(1))
    tokens = body.split()
    if tokens.count("*") != 1:
        problem("verb pattern without exactly one *", where)
        return None
    star = tokens.index("*")
    before = render_elements(tokens[:star], where)
    after = render_elements(tokens[star + 1 :], where)
    if before is None or after is None:
        return None
    return Pattern(block, before, after, code[0], code[1], n)


def write_verbs(vd: VerbDict, table: dict[str, Plover], out: Path, src: str) -> None:
    def plover_cells(code: str) -> list[str]:
        p = plover_of(code, table) if code else None
        if code and p is None:
            problem("CAMEO code with no PLOVER type (CAMEO 01/02 were dropped)", code)
        return [p.type, p.mode, p.context] if p else ["", "", ""]

    synset_rows = [[name, "|".join(dict.fromkeys(ph))] for name, ph in sorted(vd.synsets.items())]
    write_tsv(
        out / "cameo" / "synsets.tsv",
        header(
            "CAMEO verb dictionary synonym sets (PETRARCH synsets), referenced as &name in patterns.",
            f"{src} (its SYNONYM SETS section)",
            [
                "1 name     the set's label without & (lower case); patterns write &name",
                "2 phrases  `|`-separated; words separated by blanks must be consecutive; the",
                "           regular plurals PETRARCH generates are listed after each noun",
            ],
        ),
        ["name", "phrases"],
        synset_rows,
    )
    verb_rows = [
        [v.block, v.verb, v.before, v.after, "|".join(v.forms), v.code or "", *plover_cells(v.code), str(v.line)]
        for v in vd.verbs
    ]
    write_tsv(
        out / "cameo" / "verbs.tsv",
        header(
            "CAMEO verb dictionary: the verbs of each synonym block.",
            src,
            [
                "1 block    the block (PETRARCH's `--- NAME [CODE] ---`); its patterns are in",
                "           verb_patterns.tsv and apply to every verb of the block",
                "2 verb     the verb's lemma (the `+` word of a multi-word verb), lower case",
                "3 before   words of a multi-word verb before the verb (`wire` of `wire tap`)",
                "4 after    words after it (`off` of `cordon off`), space-separated",
                "5 forms    inflected forms of the verb, `|`-separated: those the dictionary lists",
                "           in {...}, else PETRARCH's regular -s/-ed/-ing forms",
                "6 code     CAMEO code of the verb alone (its own [code], else the block's);",
                "           `-` = the bare verb is no event",
                "7 type     PLOVER type of code by data/cameo/plover.tsv (nearest listed parent)",
                "8 mode     PLOVER mode",
                "9 context  PLOVER context(s), `|`-separated",
                "10 line    line in the source file",
            ],
        ),
        ["block", "verb", "before", "after", "forms", "code", "type", "mode", "context", "line"],
        verb_rows,
    )
    pat_rows = [
        [p.block, p.before, p.after, p.code, *plover_cells(p.code), p.reverse, str(p.line)]
        for p in vd.patterns
    ]
    write_tsv(
        out / "cameo" / "verb_patterns.tsv",
        header(
            "CAMEO verb dictionary: patterns around a verb, each with its CAMEO code and PLOVER type.",
            src,
            [
                "1 block    the verb block (data/cameo/verbs.tsv) whose verbs the pattern applies to",
                "2 before   pattern elements before the verb, space-separated (`-` none)",
                "3 after    pattern elements after the verb. Elements:",
                "             word        a noun (the head of its phrase) or other word, lower case",
                "             &name       any phrase of synset `name` (data/cameo/synsets.tsv)",
                "             {a b c}     a noun phrase, words in order, the last its head;",
                "                         may hold &name",
                "             (p x ...)   a prepositional phrase: preposition p, then its object",
                "                         elements (none: the preposition alone)",
                "             SOURCE      the event's source actor (PETRARCH `$`)",
                "             TARGET      the event's target actor (PETRARCH `+`)",
                "             SKIP        skip to the next actor (PETRARCH `^`)",
                "             COMPOUND    a compound actor (PETRARCH `%`)",
                "4 code     CAMEO code (`-`: the pattern stops the verb's code: no event)",
                "5 type     PLOVER type of code by data/cameo/plover.tsv (nearest listed parent)",
                "6 mode     PLOVER mode",
                "7 context  PLOVER context(s), `|`-separated",
                "8 reverse  CAMEO code of the event with source and target swapped (PETRARCH",
                "           `[a:b]`: `visit` is 042 for the visitor, 043 for the host), else `-`",
                "9 line     line in the source file",
            ],
        ),
        ["block", "before", "after", "code", "type", "mode", "context", "reverse", "line"],
        pat_rows,
    )
    trans_rows = []
    for text, n in vd.transforms:
        m = re.fullmatch(r"(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)", text)
        if not m:
            problem("transformation not understood", f"{src}:{n}")
            continue
        trans_rows.append([*(x.lower() for x in m.groups()), n])
    write_tsv(
        out / "cameo" / "transformations.tsv",
        header(
            "CAMEO verb dictionary: verb-in-verb transformations (`A said A will attack B` = A threatens B).",
            src,
            [
                "1 source   actor variable of the outer verb (a, b), `.` unspecified, `_` absent",
                "2 inner_source  source of the inner verb",
                "3 inner_target  target of the inner verb",
                "4 inner_verb    inner verb (any verb of its block), `q` any verb",
                "5 outer_verb    outer verb (any verb of its block)",
                "6 result_source, 7 result_target: variables of the resulting event",
                "8 code     CAMEO code of the resulting event (`q`: the inner verb's)",
                "9 line     line in the source file",
            ],
        ),
        ["source", "inner_source", "inner_target", "inner_verb", "outer_verb", "result_source", "result_target", "code", "line"],
        trans_rows,
    )


def write_plover(table: dict[str, Plover], out: Path) -> None:
    plover_rows = [[c, p.type, p.mode, p.context, p.description] for c, p in sorted(table.items())]
    write_tsv(
        out / "cameo" / "plover.tsv",
        "\n".join(
            [
                "# CAMEO to PLOVER conversion table, 2021 (PLOVER manual draft 0.8, 17 September 2021,",
                "# edited by Philip Schrodt; https://github.com/openeventdata/PLOVER, file CAMEO2PLOVER-2021.txt).",
                "# The table file carries no licence notice and the PLOVER repository has no LICENSE file;",
                "# the PLOVER gold-standard records and their documentation are CC BY-SA 4.0 (Open Event",
                "# Data Alliance), so this copy is treated the same way: attribution as above, and changes",
                "# to this file are shared under CC BY-SA 4.0. See data/README.md.",
                f"# Made by: {COMMAND}",
                "# A root whose type the table gives twice (08: CONCEDE for 081-083, RETREAT for 084-087)",
                "# has no type here; its listed children have theirs.",
                "#",
                "# Columns (tab-separated):",
                "#   1 cameo        CAMEO code",
                "#   2 type         PLOVER type (`-`: see above)",
                "#   3 mode         PLOVER mode, `-` none",
                "#   4 context      PLOVER context(s), `|`-separated",
                "#   5 description  the table's description of the CAMEO code",
            ]
        )
        + "\n",
        ["cameo", "type", "mode", "context", "description"],
        plover_rows,
    )


# ---------------------------------------------------------------------------------------
# Actor dictionaries


def parse_date(text: str, where: str) -> str | None:
    t = text.strip()
    if re.fullmatch(r"\d{6}", t):
        yy = int(t[:2])
        t = f"{2000 + yy if yy <= CENTURY_PIVOT else 1900 + yy}{t[2:]}"
    if not re.fullmatch(r"\d{8}", t):
        problem("actor date not YYMMDD or YYYYMMDD (restriction skipped)", f"{where} {text!r}")
        return None
    y, m, d = int(t[:4]), int(t[4:6]), int(t[6:])
    if not (1 <= m <= 12 and 1 <= d <= 31):
        problem("actor date out of range (restriction skipped)", f"{where} {text!r}")
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_restriction(text: str, where: str) -> str | None:
    """`USAGOV 930120-010120` -> `USAGOV@1993-01-20..2001-01-20`; `ARM >911221` -> `ARM@1991-12-21..`."""
    m = re.fullmatch(r"\s*([A-Z0-9~-]+)\s*(.*?)\s*", text)
    if not m:
        problem("actor code not understood", f"{where} {text!r}")
        return None
    code, rest = m.group(1), m.group(2).replace(" ", "")
    if code == "---":
        code = "-"
    elif len(code) % 3 or not code.isalnum():
        problem("actor code not in 3-letter parts (role skipped)", f"{where} {code}")
        return None
    if not rest:
        return code
    if rest.startswith("<"):
        d = parse_date(rest[1:], where)
        return f"{code}@..{d}" if d else None
    if rest.startswith(">"):
        d = parse_date(rest[1:], where)
        return f"{code}@{d}.." if d else None
    a, sep, b = rest.partition("-")
    if not sep:
        problem("actor restriction not understood", f"{where} {text!r}")
        return None
    da, db = parse_date(a, where), parse_date(b, where)
    return f"{code}@{da}..{db}" if da and db else None


@dataclass
class Actor:
    names: list[str]
    stems: list[bool]
    roles: list[str]
    source: str


def read_actors(path: Path) -> list[Actor]:
    actors: list[Actor] = []
    cur: Actor | None = None
    for n, raw in enumerate(read_lines(path), 1):
        where = f"{path.name}:{n}"
        line = strip_comment(raw)
        if not line.strip():
            continue
        codes = [parse_restriction(c, where) for c in re.findall(r"\[([^\]]*)\]", line)]
        codes = [c for c in codes if c]
        phrase = re.sub(r"\[[^\]]*\]", " ", line).strip()
        if line[0] in " \t" and not phrase.startswith("+"):
            if cur is None:
                problem("actor restriction before any actor", where)
                continue
            cur.roles.extend(codes)
            continue
        if phrase.startswith("+"):
            if cur is None:
                problem("actor synonym before any actor", where)
                continue
            phrase = phrase[1:]
        elif cur is not None and not cur.roles:
            # Consecutive primary lines without codes share the codes that follow them
            # (`IVO_JOSIPOVIC_`, `PRESIDENT_JOSIPOVIC_`, `JOSIPOVIC_`, then `[HRVGOV ...]`).
            pass
        else:
            cur = Actor([], [], [], f"{path.name}:{n}")
            actors.append(cur)
        ws = words_of(phrase)
        if ws:
            cur.names.append(" ".join(ws))
            cur.stems.append(not phrase.rstrip().endswith("_"))
        cur.roles.extend(codes)
    return actors


def load_iso(path: Path, mapping_path: Path) -> dict[str, str]:
    """First-position CAMEO code -> ISO alpha-3 (or "" for a known non-country)."""
    iso: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw and not raw.startswith("#"):
            code = raw.split("\t", 1)[0]
            iso[code] = code
    for n, raw in enumerate(mapping_path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) < 3:
            raise SystemExit(f"{mapping_path}:{n}: expected 4 columns")
        iso[cols[0]] = "" if cols[1] == "-" else cols[1]
    return iso


def role_country(role: str, iso: dict[str, str]) -> str:
    code = role.split("@", 1)[0]
    return iso.get(code[:3], "") if len(code) >= 3 else ""


def write_actors(kind_files: list[tuple[str, Path]], iso: dict[str, str], out: Path) -> None:
    rows: dict[str, list[list[str]]] = {"countries": [], "persons": [], "organizations": []}
    unknown_prefix: dict[str, int] = {}
    for kind, path in kind_files:
        for a in read_actors(path):
            if not a.names:
                problem("actor record without a name", a.source)
                continue
            if not a.roles or all(r.split("@")[0] == "-" for r in a.roles):
                problem("actor without a code (null code; skipped)", a.source)
                continue
            if kind == "country":
                bare = any(len(r.split("@")[0]) == 3 for r in a.roles)
                k, file = ("country", "countries") if bare else ("person", "persons")
            else:
                k, file = kind, "organizations"
            countries = []
            for r in a.roles:
                c = role_country(r, iso)
                code = r.split("@")[0]
                if not c and code != "-" and code[:3] not in iso:
                    unknown_prefix[code[:3]] = unknown_prefix.get(code[:3], 0) + 1
                countries.append(c or "-")
            names = [nm + ("" if not st else "*") for nm, st in zip(a.names, a.stems)]
            rows[file].append([k, "|".join(names), "|".join(a.roles), "|".join(countries), a.source])
    for prefix, count in sorted(unknown_prefix.items()):
        problem("first-position code that is no country (read as a sector)", f"{prefix} x{count}")
    columns = [
        "1 kind       country | person | international | nonstate (the source file's kind)",
        "2 names      `|`-separated name variants, the first the dictionary's primary name; lower",
        "             case, words separated by single blanks; a trailing `*` marks PETRARCH's stem",
        "             match (the name was written without a final `_`, so the last word may go on:",
        "             `afghan*` matches `Afghans`, `Afghanistan`)",
        "3 roles      `|`-separated CAMEO/Phoenix codes in the dictionary's order, each `CODE` (valid",
        "             whenever no dated role is) or `CODE@FROM..TO` (ISO dates, inclusive; either end",
        "             may be empty: open). A code is a country (3 letters) then 3-letter sector codes",
        "             (GOV, MIL, OPP, REB, ...); `-` is PETRARCH's null code",
        "4 countries  `|`-separated, one per role: ISO 3166-1 alpha-3 of the role's country",
        "             (data/actors/country_codes.tsv translates non-ISO CAMEO codes), `-` when the",
        "             code names none (IGO, NGO, regions)",
        "5 source     source file and line",
    ]
    names = ["kind", "names", "roles", "countries", "source"]
    files = {
        "countries": ("Phoenix actor dictionary: countries, with their names, adjectives, capitals and main cities.", "Phoenix.Countries.actors.txt"),
        "persons": ("Phoenix actor dictionary: named persons with dated roles.", "Phoenix.Countries.actors.txt"),
        "organizations": (
            "Phoenix actor dictionaries: international organisations (and some of their office-holders) and armed non-state groups.",
            "Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt",
        ),
    }
    for file, (title, src) in files.items():
        write_tsv(out / "actors" / f"{file}.tsv", header(title, src, columns), names, rows[file])


def read_agents(path: Path) -> list[list[str]]:
    subs: dict[str, list[str]] = {}
    rows: list[list[str]] = []
    for n, raw in enumerate(read_lines(path), 1):
        where = f"{path.name}:{n}"
        line = strip_comment(raw).strip()
        if not line or line.startswith("<!--"):
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.*)", line)
        if m:
            subs[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        m = re.fullmatch(r"(.*?)\s*(\{[^}]*\})?\s*\[([^\]}]*)[\]}]\s*", line)
        if not m:
            problem("agent line without [code] (skipped)", where)
            continue
        phrase, plural, code = m.group(1), m.group(2), m.group(3).strip()
        if code.startswith("~"):
            sector, attach = code[1:], "after"
        elif code.endswith("~"):
            sector, attach = code[:-1], "before"
        else:
            problem("agent code without ~ (skipped)", where)
            continue
        variants = [phrase]
        for marker, items in subs.items():
            if any(marker in v for v in variants):
                variants = [v.replace(marker, it) for v in variants for it in items]
        substituted = len(variants) > 1
        for v in variants:
            ws = words_of(v.replace(",", ""))
            if not ws:
                continue
            if plural is not None:
                pl = [" ".join(words_of(p)) for p in plural.strip("{}").split() if words_of(p)]
            elif substituted:
                pl = []  # substitution lists already hold both numbers (MAN, MEN)
            else:
                pl = [" ".join(ws[:-1] + [regular_plural(ws[-1])])]
            rows.append([" ".join(ws), "|".join(pl), sector, attach, f"{path.name}:{n}"])
    return rows


def write_agents(path: Path, out: Path) -> None:
    rows = read_agents(path)
    write_tsv(
        out / "actors" / "agents.tsv",
        header(
            "Phoenix agent dictionary: nouns for kinds of actors and the sector codes they give.",
            path.name,
            [
                "1 phrase   singular, lower case, words separated by single blanks (PETRARCH's",
                "           `!PERSON!`-style substitutions expanded, one row per result; its rare",
                "           blank-separated words, which allowed words between, are read as consecutive)",
                "2 plurals  `|`-separated plural forms (the dictionary's {...}, else the regular",
                "           plural; `-` when {} or a substitution made it)",
                "3 sector   CAMEO/Phoenix sector code(s), 3 letters each (GOV, MILGOV, ...)",
                "4 attach   after: the code follows the actor's country (`~GOV`: Iraqi minister =",
                "           IRQGOV); before: it comes first (`NGO~`: an organisation's kind)",
                "5 source   source file and line",
            ],
        ),
        ["phrase", "plurals", "sector", "attach", "source"],
        rows,
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, plover_path = Path(argv[1]), Path(argv[2])
    out = REPO / "data"
    table = read_plover(plover_path)
    vd = read_verbs(src / "CAMEO.2.0.txt")
    write_verbs(vd, table, out, "CAMEO.2.0.txt")
    write_plover(table, out)
    iso = load_iso(REPO / "data" / "gazetteer" / "countries.tsv", out / "actors" / "country_codes.tsv")
    write_actors(
        [
            ("country", src / "Phoenix.Countries.actors.txt"),
            ("international", src / "Phoenix.International.actors.txt"),
            ("nonstate", src / "Phoenix.MilNonState.actors.txt"),
        ],
        iso,
        out,
    )
    write_agents(src / "Phoenix.agents.txt", out)
    notice = (src / "LICENSE").read_text(encoding="utf-8")
    (out / "cameo" / "LICENSE.petrarch2").write_text(
        "The files data/cameo/{synsets,verbs,verb_patterns,transformations}.tsv and\n"
        "data/actors/{countries,persons,organizations,agents}.tsv are converted by\n"
        "scripts/convert_petrarch2.py from the dictionaries of PETRARCH2\n"
        "(https://github.com/openeventdata/petrarch2): CAMEO.2.0.txt (copyright 2015 Open Event\n"
        "Data Alliance), Phoenix.*.actors.txt and Phoenix.agents.txt (copyright 2014 Open Event\n"
        "Data Alliance), all under the MIT licence below (the repository's LICENSE; the\n"
        "dictionaries' own headers carry the same text).\n\n" + notice,
        encoding="utf-8",
    )
    for kind, count in sorted(problems.items()):
        print(f"summary: {count:6d}  {kind}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
