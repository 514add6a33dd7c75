"""The bench harness: a peer's failure, hang or crash costs one page, never the run."""
import os
import time

import pytest

from bench.data import DATA
from bench.run import run_system, run_systems
from bench.systems import System, keep_line, lines_to_html


def _flaky(mode):
    def extract(source):
        if source == "raise":
            raise RuntimeError("peer bug")
        if source == "none":
            return None
        if source == "hang":
            time.sleep(60)
        if source == "spin":
            while True:
                pass
        if source == "die":
            os._exit(3)
        return source.upper()
    return extract


def _broken_import(mode):
    raise ImportError("No module named 'missing_peer'")


FLAKY = System("flaky", _flaky, needs_html=False, note="test double")


def test_failures_cost_one_page_each():
    inputs = ["a", "raise", "b", "none", "hang", "c", "spin", "die", "d"]
    run = run_system(FLAKY, "html", inputs, timeout=0.5)
    outputs = [p.output for p in run.pages]
    assert outputs == ["A", None, "B", None, None, "C", None, None, "D"]
    errors = [p.error or "" for p in run.pages]
    assert errors[1].startswith("RuntimeError") and errors[4].startswith("TimeoutError")
    assert errors[6].startswith("TimeoutError") and "worker died" in errors[7]
    assert errors[3] == "" and all(p.cpu_seconds >= 0 for p in run.pages)


def test_a_peer_that_is_not_installed_is_reported_not_raised():
    run = run_system(System("gone", _broken_import, False, "test double"), "html", ["a", "b"])
    assert "missing_peer" in run.load_error and all(p.error == "not installed" for p in run.pages)


def _logging(name, log):
    def load(mode):
        def extract(source):
            with open(log, "a") as fh:
                fh.write(f"{name} {source}\n")
            if name == "b" and source == "4":
                os._exit(3)  # one system's crash costs that system that page, no other
            return f"{name}{source}"
        return extract
    return load


def test_systems_take_turns_a_few_pages_each_in_a_rotating_order(tmp_path):
    log = tmp_path / "calls.log"
    systems = [System(name, _logging(name, log), False, "test double") for name in ("a", "b")]
    systems.append(System("gone", _broken_import, False, "test double"))
    inputs = [str(i) for i in range(7)]
    runs = run_systems(systems, "html", inputs, chunk=3)
    assert [p.output for p in runs["a"].pages] == [f"a{i}" for i in range(7)]
    assert [p.output for p in runs["b"].pages] == ["b0", "b1", "b2", "b3", None, "b5", "b6"]
    assert "worker died" in runs["b"].pages[4].error
    assert all(p.error == "not installed" for p in runs["gone"].pages) and "missing_peer" in runs["gone"].load_error
    calls = log.read_text().split("\n")[:-1]
    # pages 0-2: a then b; pages 3-5: b then a (the order rotates); page 6: the third system's
    # turn would come first, then a, then b
    assert calls == ["a 0", "a 1", "a 2", "b 0", "b 1", "b 2",
                     "b 3", "b 4", "b 5", "a 3", "a 4", "a 5",
                     "a 6", "b 6"]


def test_html_only_peers_get_rendered_text_as_paragraphs():
    seen = run_system(System("echo", lambda mode: (lambda s: s), True, "test double"), "text", ["x < y\n\nz"])
    assert seen.pages[0].output == lines_to_html("x < y\n\nz")
    assert "<p>x &lt; y</p>\n<p>z</p>" in lines_to_html("x < y\n\nz")


@pytest.mark.parametrize("line,kept", [
    ("This sentence has exactly ten words and it ends here.", True),
    ("This sentence has exactly ten words but no full stop", False),
    ("Too short to be kept.", False),
    ("«Eine deutsche Zeile mit genug Wörtern, die mit einem Zitat endet»", True),
])
def test_line_filter_baseline(line, kept):
    assert keep_line(line) is kept


def test_scale_measures_the_peer_on_the_same_page(tmp_path):
    from bench.scale import page, peer_one

    path = tmp_path / "page.html"
    path.write_text(page("html", 30_000, seed=2), encoding="utf-8")
    row = peer_one("html", str(path))
    assert row["kind"] == "html (trafilatura)" and row["chars"] == len(path.read_text(encoding="utf-8"))
    assert row["out_chars"] > 0 and row["seconds"] >= 0 and row["peak_mb"] >= 0


def test_scale_short_page_is_only_short_lines_of_the_size_asked_for():
    from bench.scale import page

    text = page("short", 50_000)
    lines = text.split("\n")
    assert 50_000 <= len(text) < 50_000 + 20
    assert all(0 < len(line) <= 20 for line in lines) and len(set(lines)) == len(lines)  # numbered: no repeats
    assert page("short", 50_000) == text  # seeded


def test_the_docs_show_the_command_without_this_machines_paths():
    from bench.__main__ import _ROOT, shown

    argv = ["--sets", "wcxb-dev", "--out", "/tmp/scratch-run", "--docs", str(_ROOT / "docs" / "benchmarks.md"),
            "--reuse=/tmp/last/bench.json"]
    assert shown(argv) == "python -m bench --sets wcxb-dev --out OUT --docs docs/benchmarks.md --reuse=REUSE"


def test_the_held_out_type_table_averages_each_type_over_test_pages_only():
    """Per page type, the mean word F1 of the test split's pages; train pages and pages
    without a type are left out, and a run without page types gives no table."""
    from bench.report import held_out_type_table

    run = {"splits": {"a": "test", "b": "test", "c": "train", "d": "test", "e": "test"},
           "page_types": {"a": "article", "b": "article", "c": "article", "d": "forum"},
           "systems": {"x": {"per_page": [["a", 1.0, False], ["b", 0.5, False], ["c", 0.0, False],
                                          ["d", 0.25, False], ["e", 0.0, False]]}}}
    table = held_out_type_table(run).splitlines()
    assert table[0] == "| word F1 by page type, test split | article (2) | forum (1) |"
    assert table[2] == "| x | 0.750 | 0.250 |"
    assert held_out_type_table({"splits": run["splits"], "systems": run["systems"]}) is None


def test_the_split_table_pools_snippets_per_training_split():
    """On a set boilerstrip trains on with snippet gold, the table shows must-keep kept and
    must-drop dropped per split, pooled over the split's snippets."""
    from bench.report import split_table

    run = {"splits": {"a": "test", "b": "test", "c": "train"},
           "systems": {"x": {"per_page": [["a", None, False, 2, 3, 0, 2], ["b", None, False, 1, 1, 1, 2],
                                          ["c", None, False, 0, 3, 3, 3]]}}}
    table = split_table(run, "with kept / without dropped").splitlines()
    assert table[0] == "| with kept / without dropped by training split | test split (2) | train split (1) |"
    assert table[2] == "| x | 0.750 / 0.750 | 0.000 / 0.000 |"
    old = {"splits": {"a": "test"}, "systems": {"x": {"per_page": [["a", 0.5, False]]}}}
    assert split_table(old).splitlines()[2] == "| x | 0.500 |"
    assert "–" in split_table(old, "with kept / without dropped").splitlines()[2]


def test_the_bare_article_bench_hands_over_the_gold_alone_and_scores_recall():
    from bench.bare import bare_input, measure, table

    gold = ("The council voted on Monday to rebuild the old pier before the summer season begins in June.\n\n"
            "Residents who fish from the pier said they had waited many years for the repairs to start.\n"
            "Work on the timber deck is expected to take about four months, the harbour office said.")
    assert bare_input(gold, "text") == gold.replace("\n\n", "\n")
    assert bare_input(gold, "html").count("<p>") == 3 and "<article>" in bare_input(gold, "html")
    pages = [{"body": gold, "extra": {"page_type": "article"}},
             {"body": "Menu\nSearch\nShare", "extra": {"page_type": "listing"}}]  # boilerplate-only gold
    results = measure(pages, "text")
    assert set(results) == {"boilerstrip", "boilerstrip, keep title and body", "trafilatura"}
    count, recall, whole = results["boilerstrip"]["article"]
    assert (count, recall, whole) == (1, 1.0, 1.0)  # an article alone comes back whole
    assert results["boilerstrip"]["listing"][1] < 1.0  # three menu words are no article: recall falls
    assert results["boilerstrip"]["all"][0] == 2
    assert "| boilerstrip | " in table(results, "text") and "article (1)" in table(results, "text")


def test_the_text_nodes_renderer_prints_a_text_node_a_line():
    """bench.data's "text-nodes" rendering (what get_text("\\n", strip=True) gives): each text
    node stripped on its own line, scripts and styles left out, noscript text kept (forums
    print their posts there), a markup-free page as it is."""
    from bench.data import render_text

    html = ("<html><head><style>p {}</style><script>var x = 1;</script></head><body>"
            "<p>Read the <a href='/r'>report</a>, then <b>vote</b>.</p><noscript>Enable it</noscript></body></html>")
    assert render_text(html, "text-nodes") == "Read the\nreport\n, then\nvote\n.\nEnable it"
    assert render_text("  just text  ", "text-nodes") == "just text"
    with pytest.raises(ValueError, match="text-nodes"):
        render_text(html, "lynx")


def test_the_ceiling_keeps_the_blocks_the_training_labels_call_body():
    """`bench.ceiling`: the page's own blocks, kept exactly where `bench.align` labels them
    body (a long block by its 3-grams, a short one inside the long ones' span)."""
    import boilerstrip
    from bench.ceiling import ceiling_output

    article = ["The council approved the new budget for the harbour district on Tuesday evening.",
               "Work on the sea wall starts in March and should take about two years to finish.",
               "Residents",
               "Most residents who spoke at the meeting said the repairs were long overdue."]
    text = "\n".join(["Home", "News", "Sport", "Travel", "Weather", *article, "Share this", "Sign up for our newsletter today"])
    doc = boilerstrip.annotate(text, boilerstrip.Config(input_format="text"))
    assert ceiling_output(doc.blocks, "\n".join(article)) == "\n".join(article)
    assert ceiling_output(doc.blocks, "") == ""
    # a short line whose words the gold holds is body within three blocks of the long body
    # blocks ("Residents", "Sport"), not further away ("Home")
    assert ceiling_output(doc.blocks, "\n".join(article) + "\nHome Sport") == "\n".join(["Sport", *article])


@pytest.mark.shared
@pytest.mark.skipif(not (DATA / "wcxb-dev.jsonl.gz").exists(), reason=f"wcxb-dev not in {DATA}")
def test_the_ceiling_bench_prints_both_tables_and_the_empty_gold_pages(capsys):
    from bench.ceiling import main

    assert main(["--mode", "html-text", "--split", "tune", "--limit", "6"]) == 0
    out = capsys.readouterr().out
    assert "## boilerstrip — wcxb-dev tune split (6 pages), mode html-text" in out
    assert "## ceiling — wcxb-dev tune split (6 pages), mode html-text" in out
    assert "pages with an empty gold body: " in out


def test_the_ceiling_bench_scores_pages_with_an_empty_gold_apart(tmp_path, capsys):
    """A page whose gold body is empty scores 0 for any output with a word: the bench names
    it and gives boilerstrip's figures without it too."""
    import json

    from bench.ceiling import main

    article = ("The council approved the new budget for the harbour district on Tuesday evening. "
               "Work on the sea wall starts in March and should take about two years to finish.")
    pages = [{"id": "p1", "html": f"<html><body><nav>Home</nav><article><p>{article}</p></article></body></html>",
              "body": article, "extra": {"page_type": "article"}},
             {"id": "p2", "html": f"<html><body><p>{article}</p></body></html>", "body": "",
              "extra": {"page_type": "article"}}]
    data = tmp_path / "pages.jsonl"
    data.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    assert main(["--data", str(data), "--split", "all"]) == 0
    out = capsys.readouterr().out
    assert "pages with an empty gold body: 1 (p2)" in out
    without = out.split("the 1 pages with a gold body, mode html")[1]
    assert "| article | 1 | 1.000 |" in without
