"""Corpus profiles: counting, exact merges, the file format, and the evidence they add."""
from __future__ import annotations

import gzip
import json
import sys

import pytest

import boilerstrip
from boilerstrip.cli import main
from boilerstrip.profile import Profile, ProfileError, block_hash, normalise, site_of

from conftest import ROOT, needs_shared, read_seed, seed_stems

sys.path.insert(0, str(ROOT / "fixtures" / "corpus"))
from generate import generate  # noqa: E402

PAGES = generate()


def pairs(pages):
    return [(site_of(p), p["text"]) for p in pages]


@pytest.mark.parametrize("a, b", [
    ("“Don’t fight,” he said.", '"Don\'t fight," he said.'),  # typographic and straight quotes
    ("Posted 3 hours ago", "posted 12 hours ago"),  # case and digits
    ("Home  |  News", "home news"),  # separators and spacing
    ("ＡＢＣ News", "abc news"),  # full-width forms (NFKC)
], ids=["quotes", "digits-case", "separators", "nfkc"])
def test_normalise_makes_equal(a, b):
    assert normalise(a) == normalise(b) and block_hash(a) == block_hash(b)


@pytest.mark.parametrize("a, b", [("Home", "Sport"), ("The vote passed.", "The vote failed.")], ids=["menu", "sentence"])
def test_normalise_keeps_different(a, b):
    assert block_hash(a) != block_hash(b)


@pytest.mark.parametrize("record, site", [
    ({"url": "https://www.Example.org/a/b?c=1"}, "example.org"),
    ({"url": "http://news.example.org:8080/x"}, "news.example.org"),
    ({"domain": "example.net"}, "example.net"),
    ({"site": "blog.example.com/"}, "blog.example.com"),
    ({"text": "no site"}, ""),
    ({"url": ""}, ""),
], ids=["url-www", "url-port", "domain", "site", "none", "empty-url"])
def test_site_of(record, site):
    assert site_of(record) == site


def test_counts_pages_per_site_and_recurrence():
    profile = Profile.learn(pairs(PAGES))
    assert profile.total_pages == len(PAGES) and len(profile.pages) == 5
    page = PAGES[0]
    site = site_of(page)
    menu = page["text"].splitlines()[0]
    assert profile.recurrence(site, menu) == (profile.pages[site], profile.pages[site])
    story = page["text"].splitlines()[2]
    assert profile.recurrence(site, story) == (1, profile.pages[site])
    assert profile.recurrence("elsewhere.example", menu) == (0, 0)


def test_merge_of_shards_is_exact_and_files_are_deterministic(tmp_path):
    whole = Profile.learn(pairs(PAGES))
    shards = [Profile.learn(pairs(PAGES[i::3])) for i in range(3)]
    merged = Profile.merge(*shards)
    assert merged == whole
    for name in ("a.profile", "b.profile.gz"):
        whole.save(tmp_path / name)
        merged.save(tmp_path / ("m-" + name))
        assert (tmp_path / name).read_bytes() == (tmp_path / ("m-" + name)).read_bytes()
        assert Profile.load(tmp_path / name) == whole
    assert gzip.decompress((tmp_path / "b.profile.gz").read_bytes()) == (tmp_path / "a.profile").read_bytes()


def test_file_format_header_and_sorted_lines(tmp_path):
    Profile.learn(pairs(PAGES)).save(tmp_path / "p")
    lines = [json.loads(line) for line in (tmp_path / "p").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["format"] == "boilerstrip-profile" and lines[0]["version"] == 1
    assert lines[0]["pages"] == len(PAGES)
    sites = [line["site"] for line in lines[1:-1]]
    assert sites == sorted(sites) and len(sites) == lines[0]["sites"]
    assert all(line["blocks"] == sorted(line["blocks"]) for line in lines[1:-1])
    assert "shingles" in lines[-1]


def test_prune_drops_rare_entries(tmp_path):
    profile = Profile.learn(pairs(PAGES))
    profile.save(tmp_path / "full")
    profile.save(tmp_path / "pruned", min_count=2)
    pruned = Profile.load(tmp_path / "pruned")
    assert (tmp_path / "pruned").stat().st_size < (tmp_path / "full").stat().st_size
    menu = PAGES[0]["text"].splitlines()[0]
    assert pruned.recurrence(site_of(PAGES[0]), menu) == profile.recurrence(site_of(PAGES[0]), menu)


@pytest.mark.parametrize("content, message", [
    ('{"format": "something-else"}\n', "not a boilerstrip profile"),
    ('{"format": "boilerstrip-profile", "version": 99}\n', "learn the profile again"),
    ("not json at all\n", "not a boilerstrip profile"),
    ("[" * 100_000 + "]" * 100_000 + "\n", "not a boilerstrip profile"),  # json's parser recurses a level
    ('{"format":"boilerstrip-profile","version":1,"normalise":"nfkc-casefold-digits0-words"}\n{"site": 1}\n',
     "damaged profile"),
], ids=["other-format", "newer-version", "not-json", "nested-too-deeply", "damaged"])
def test_bad_files_raise_errors_that_teach(tmp_path, content, message):
    (tmp_path / "bad").write_text(content, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        Profile.load(tmp_path / "bad")


def test_profile_raises_body_precision_and_keeps_recall():
    from bench.corpus import body_scores

    profile = Profile.learn(pairs(PAGES))
    without, with_ = body_scores(PAGES), body_scores(PAGES, profile)
    assert with_["precision"] >= without["precision"] + 0.1
    assert with_["recall"] == without["recall"]


def test_recurring_block_names_its_evidence():
    profile = Profile.learn(pairs(PAGES))
    page = PAGES[0]
    doc = boilerstrip.annotate(page["text"], profile=profile, site=site_of(page))
    site = site_of(page)
    for block in doc.blocks:
        n, m = profile.recurrence(site, block.text)
        named = any(e == f"profile: recurs on {n}/{m} pages of {site}" for e in block.evidence)
        assert named == (n >= 3), block.text


def test_an_unrelated_profile_changes_nothing():
    profile = Profile.learn(pairs(PAGES[:30]))
    for page in PAGES[30:40]:
        other = "unrelated.example"
        assert boilerstrip.clean(page["text"], profile=profile, site=other) == boilerstrip.clean(page["text"])


@needs_shared
def test_seed_pair_as_one_corpus():
    seeds = [read_seed(stem) for stem in seed_stems()[:2]]
    profile = Profile.learn(s.text for s in seeds)
    for seed in seeds:
        assert boilerstrip.clean(seed.text, profile=profile).strip() == seed.body.strip(), seed.name
    last = boilerstrip.annotate(seeds[1].text, profile=profile).blocks[-1]
    assert last.label.value == seeds[1].labels[-1] == "comments"
    assert any(e.startswith("copies: only in this copy, after the story's shared core") for e in last.evidence)
    shared = boilerstrip.annotate(seeds[1].text, profile=profile).blocks[5]
    assert any(e.startswith("copies: shared with another copy of this story") for e in shared.evidence)


def test_cli_profile_merge_equals_whole(tmp_path):
    for i in range(2):
        with (tmp_path / f"s{i}.jsonl").open("w", encoding="utf-8") as fh:
            for page in PAGES[i::2]:
                fh.write(json.dumps({"url": page["url"], "text": page["text"]}) + "\n")
    (tmp_path / "all.jsonl").write_text((tmp_path / "s0.jsonl").read_text() + (tmp_path / "s1.jsonl").read_text())
    assert main(["profile", str(tmp_path / "all.jsonl"), "-o", str(tmp_path / "all.p"), "-q"]) == 0
    assert main(["profile", str(tmp_path / "s0.jsonl"), "-o", str(tmp_path / "s0.p"), "-q", "--workers", "2"]) == 0
    assert main(["profile", str(tmp_path / "s1.jsonl"), "-o", str(tmp_path / "s1.p.gz"), "-q"]) == 0
    assert main(["profile", "--merge", str(tmp_path / "s0.p"), str(tmp_path / "s1.p.gz"),
                 "-o", str(tmp_path / "m.p"), "-q"]) == 0
    assert (tmp_path / "m.p").read_bytes() == (tmp_path / "all.p").read_bytes()
    assert main(["profile", "--merge", str(tmp_path / "s0.jsonl"), "-o", str(tmp_path / "x.p"), "-q"]) == 1


def _p_body(block) -> str:
    return next(e for e in block.evidence if e.startswith("model p(body)="))


def test_every_block_the_profile_moved_names_the_profile_evidence():
    """The evidence comes from the code that decided: a block whose P(body) the profile
    changed names the profile's reason. (Neighbours may then change label through the
    decoder or the core's rules, under their own evidence.)"""
    profile = Profile.learn(pairs(PAGES))
    moved = 0
    for page in PAGES[:20]:
        site = site_of(page)
        plain = boilerstrip.annotate(page["text"]).blocks
        with_profile = boilerstrip.annotate(page["text"], profile=profile, site=site).blocks
        for a, b in zip(plain, with_profile):
            names_it = any(e.startswith(("profile: recurs", "copies: shared", "copies: only")) for e in b.evidence)
            if _p_body(a) != _p_body(b):
                moved += 1
                assert names_it, b.text
    assert moved > 0
