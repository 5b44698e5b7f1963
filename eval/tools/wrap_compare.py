#!/usr/bin/env python3
"""Hard-wrap text articles and compare what `newsgraph extract` reads from both versions.

Usage:
    wrap_compare.py wrap WIDTH OUT_DIR FILE...
        Write each FILE to OUT_DIR with every line (a paragraph) re-wrapped at WIDTH columns by
        `textwrap`; the line breaks and blank lines between paragraphs stay as they were.
    wrap_compare.py compare NEWSGRAPH ORIG_DIR WRAPPED_DIR
        Run `NEWSGRAPH extract` over both directories and compare, document by document,
        sentences (text, whitespace collapsed, a line break after a hyphen dropped), entities (name with whitespace collapsed, type)
        and direct quotes (text with whitespace and quotation marks dropped at the ends,
        speaker's name). Prints what each side has that the other lacks and the totals.

Why: issue 14's target is that a report wrapped at 68 columns reads the same as the unwrapped
one. Only standard-library Python; it reads no data of the project's own.
"""

import collections
import json
import os
import re
import subprocess
import sys
import textwrap


def wrap(width, out_dir, files):
    os.makedirs(out_dir, exist_ok=True)
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        out = []
        for line in text.split("\n"):
            if line.strip():
                out.append("\n".join(textwrap.wrap(line, width=width)))
            else:
                out.append(line)
        with open(os.path.join(out_dir, os.path.basename(path)), "w", encoding="utf-8") as f:
            f.write("\n".join(out))


def norm(s):
    # A wrapper that breaks after a hyphen (`Indo-` / `Pacific`) added the line break, not a
    # space: compare `Indo-Pacific` with `Indo-Pacific`.
    s = re.sub(r"(?<=\w-)[ \t]*\r?\n\s*", "", s)
    return " ".join(s.split())


def norm_quote(s):
    return norm(s).strip("\"'“”‘’ ")


def read(newsgraph, directory):
    run = subprocess.run(
        [newsgraph, "extract", directory], capture_output=True, text=True, check=False
    )
    docs = {}
    for line in run.stdout.splitlines():
        d = json.loads(line)
        path = d["doc"]["path"]
        with open(path, encoding="utf-8") as f:
            text = f.read().encode("utf-8")
        ents = {e["id"]: e for e in d.get("entities", [])}
        sents = collections.Counter(
            norm(text[s["start"]:s["end"]].decode("utf-8")) for s in d.get("sentences", [])
        )
        entities = collections.Counter(
            (norm(e["name"]), e["type"]) for e in d.get("entities", [])
        )
        quotes = collections.Counter(
            (
                norm_quote(q["text"]),
                norm(ents[q["speaker"]]["name"]) if q.get("speaker") in ents else None,
            )
            for q in d.get("quotes", [])
            if q.get("direct")
        )
        docs[os.path.basename(path)] = {
            "sentences": sents,
            "entities": entities,
            "quotes": quotes,
            "title": d["doc"].get("title"),
        }
    return docs


def compare(newsgraph, orig_dir, wrapped_dir):
    a = read(newsgraph, orig_dir)
    b = read(newsgraph, wrapped_dir)
    totals = collections.defaultdict(lambda: [0, 0, 0])
    for name in sorted(a):
        if name not in b:
            print(f"{name}: missing from the wrapped run")
            continue
        for layer in ("sentences", "entities", "quotes"):
            x, y = a[name][layer], b[name][layer]
            same = sum((x & y).values())
            t = totals[layer]
            t[0] += sum(x.values())
            t[1] += sum(y.values())
            t[2] += same
            for item in sorted((x - y).elements(), key=str):
                print(f"{name} {layer} only unwrapped: {item}")
            for item in sorted((y - x).elements(), key=str):
                print(f"{name} {layer} only wrapped: {item}")
        if a[name]["title"] != b[name]["title"]:
            print(f"{name} title: {a[name]['title']!r} vs {b[name]['title']!r}")
    print()
    for layer, (n_a, n_b, same) in totals.items():
        print(f"{layer}: unwrapped {n_a}, wrapped {n_b}, same {same}")


def main(argv):
    if len(argv) >= 4 and argv[1] == "wrap":
        wrap(int(argv[2]), argv[3], argv[4:])
    elif len(argv) == 5 and argv[1] == "compare":
        compare(argv[2], argv[3], argv[4])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
