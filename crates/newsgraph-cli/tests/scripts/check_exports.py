#!/usr/bin/env python3
"""Check that `newsgraph export` GraphML and GEXF files load in NetworkX.

Usage: check_exports.py PATH/TO/newsgraph

Writes three small invented articles (two outlets reporting one meeting, one near-copy) to a
temporary directory, ingests them, exports the actor graph as GraphML and GEXF, and loads both
with NetworkX. Exits 0 when both load with the same nodes and weighted edges; skips (exit 0,
message on stderr) when NetworkX is not installed. CI runs it only where python3 has networkx.
"""
import os
import subprocess
import sys
import tempfile

A = (
    "CANBERRA — Australian Deputy Prime Minister Richard Marles met Ukrainian President "
    "Volodymyr Zelenskyy in Kyiv on Monday.\n"
    "China’s Foreign Ministry spokesman Lin Jian accused NATO of stoking confrontation.\n"
)
B = (
    "KYIV — Defense Minister Robert Marles of Australia met Ukrainian President "
    "Volodymyr Zelenskiy on Monday.\n"
    "Chinese Foreign Ministry spokesman Lin Jian criticised NATO on Tuesday.\n"
)


def main() -> int:
    try:
        import networkx as nx
    except ImportError:
        print("check_exports: networkx not installed; skipped", file=sys.stderr)
        return 0
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as d:
        texts = {"a.txt": A, "b.txt": B, "c.txt": A.replace("on Monday", "on Monday morning")}
        for name, text in texts.items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(d, "manifest.csv"), "w", encoding="utf-8") as f:
            f.write("path,published,source\na.txt,2025-03-11,Harbour Times\n"
                    "b.txt,2025-03-11,Daily Ledger\nc.txt,2025-03-12,Wire Mirror\n")
        run = lambda *args: subprocess.run([binary, *args], cwd=d, check=True,
                                           capture_output=True, text=True)
        run("ingest", "-q", "--manifest", "manifest.csv", "--db", "g.db")
        run("export", "--db", "g.db", "--format", "graphml", "--out", "g.graphml")
        run("export", "--db", "g.db", "--format", "gexf", "--out", "g.gexf")
        g = nx.read_graphml(os.path.join(d, "g.graphml"))
        h = nx.read_gexf(os.path.join(d, "g.gexf"))
        assert g.is_directed() and h.is_directed()
        assert g.number_of_nodes() > 0 and g.number_of_edges() > 0, g
        assert set(g.nodes) == set(h.nodes), (sorted(g.nodes), sorted(h.nodes))
        assert g.number_of_edges() == h.number_of_edges()
        for a, b, data in g.edges(data=True):
            assert data["weight"] > 0 and h.edges[a, b]["weight"] == data["weight"], (a, b)
        print(f"check_exports: GraphML and GEXF load in NetworkX {nx.__version__}: {g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
