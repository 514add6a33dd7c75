"""Per-fixture floors: how well boilerstrip reads each page in fixtures/text/.

``fixtures/text/floors.json`` pins, per fixture page, the lowest label agreement (share
of non-empty lines given their expected label) and body word-F1 the tests accept.
Floors only go up:

    python -m bench.fixture_floors            # measure and compare (exit 1 below a floor)
    python -m bench.fixture_floors --raise    # lift floors to what is measured now (never lowers)
    python -m bench.fixture_floors --lower --reason "why"   # the explicit way down, recorded

A page whose floors are both 1.0 must come back exactly. tests/test_fixtures.py checks
every page against its floors, so a change that reads any fixture worse fails CI.
"""
from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections import Counter
from pathlib import Path

import regex

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
FLOORS = FIXTURES / "floors.json"
_TOKEN = regex.compile(r"\w+")


def read_page(path: Path) -> tuple[str, list[str], str]:
    """(page text, expected label per non-empty line, expected body) — format: fixtures/README.md."""
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        label, _, text = line.partition("|")
        text = text[1:] if text.startswith(" ") else text
        texts.append(text)
        if text.strip():
            labels.append(label.strip())
    nonblank = [t for t in texts if t.strip()]
    body = "\n".join(t for t, lab in zip(nonblank, labels) if lab == "body")
    return "\n".join(texts), labels, body


def word_f1(output: str, gold: str) -> float:
    out, ref = Counter(_TOKEN.findall(output.lower())), Counter(_TOKEN.findall(gold.lower()))
    common = sum((out & ref).values())
    if not out and not ref:
        return 1.0
    if not common:
        return 0.0
    p, r = common / sum(out.values()), common / sum(ref.values())
    return 2 * p * r / (p + r)


def measure(path: Path) -> dict[str, float]:
    import boilerstrip

    text, labels, body = read_page(path)
    doc = boilerstrip.annotate(text)
    got = line_labels(doc, text)
    agree = sum(g == e for g, e in zip(got, labels)) / max(len(labels), 1)
    return {"labels": round(agree, 3), "body_f1": round(word_f1(doc.body, body), 3)}


def line_labels(doc, text: str) -> list[str]:
    """The label of the block holding each non-empty line of ``text`` ("" for a line no block
    holds): a block is a line on most pages, a run of lines on hard-wrapped ones."""
    starts = [b.start for b in doc.blocks]
    out, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            offset = at + len(line) - len(line.lstrip())
            k = bisect.bisect_right(starts, offset) - 1
            held = k >= 0 and doc.blocks[k].start <= offset < doc.blocks[k].end
            out.append(doc.blocks[k].label.value if held else "")
        at += len(line) + 1
    return out


def pages() -> list[Path]:
    return sorted(FIXTURES.glob("*.page"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raise", dest="raise_", action="store_true", help="lift floors to the measured values")
    ap.add_argument("--lower", action="store_true", help="also lower floors to the measured values (needs --reason)")
    ap.add_argument("--reason", help="why lowering is acceptable; kept in the floors file's history")
    args = ap.parse_args(argv)
    if args.lower and not args.reason:
        ap.error("--lower needs --reason")
    data = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    floors, history = data.get("pages", data), data.get("history", [])
    below = []
    for path in pages():
        got = measure(path)
        floor = floors.get(path.stem, {"labels": 0.0, "body_f1": 0.0})
        print(f"{path.stem:40s} labels {got['labels']:.3f} (floor {floor['labels']:.3f})  "
              f"body F1 {got['body_f1']:.3f} (floor {floor['body_f1']:.3f})")
        below += [f"{path.stem}: {k} {got[k]} < {floor[k]}" for k in got if got[k] < floor[k]]
        if args.lower:
            floors[path.stem] = dict(got)
        elif args.raise_:
            floors[path.stem] = {k: max(got[k], floor[k]) for k in got}
    if args.lower:
        history.append({"lowered": below, "reason": args.reason})
    if args.raise_ or args.lower:
        out = {"pages": dict(sorted(floors.items())), "history": history}
        FLOORS.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    for line in below:
        print("below floor:", line, file=sys.stderr)
    return 1 if below and not (args.raise_ or args.lower) else 0


if __name__ == "__main__":
    sys.exit(main())
