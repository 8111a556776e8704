"""Topic tags on evidence, tags of three kinds, and the lexicon a user extends."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from digest_tui.cli import main
from digest_tui.core.library import Library
from digest_tui.core.models import Paper, Selection, TagKind
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParsedDigest
from digest_tui.core.sources.tagging import Lexicon, build_lexicon


def test_most_sample_papers_have_a_topic_and_many_topics_are_shared(library: Library) -> None:
    papers = library.papers(library.search(Selection()).ids)
    assert len(papers) == 92
    untagged = [p.title for p in papers if not p.tags]
    assert len(untagged) <= 5, untagged
    counts = Counter(t for p in papers for t in p.tags)
    assert sum(1 for n in counts.values() if n >= 3) >= 12


def test_whole_words_families_and_plurals() -> None:
    lex = Lexicon.from_mapping(
        {"segmentation": ["segment*"], "x-ray": ["chest x-ray"], "robotics": ["robot"]}
    )
    assert lex.tags_for("We segmented organs") == ("segmentation",)
    assert lex.tags_for("on Chest X-Rays") == ("x-ray",)
    assert lex.tags_for("chest pain, x rays elsewhere") == ()
    assert lex.tags_for("Robots that fold laundry") == ("robotics",)
    assert lex.tags_for("robotic arms") == ()  # a whole word, not a stem


def test_the_title_or_two_mentions_make_a_topic() -> None:
    lex = Lexicon.from_mapping({"robotics": ["robot"]})
    once = "We detect cars. This could help a robot one day."
    assert lex.tags_for("Car detection", once) == ()
    assert lex.tags_for("Car detection", once + " A robot needs it.") == ("robotics",)
    assert lex.tags_for("A robot that detects cars", "") == ("robotics",)


def test_unless_phrases_and_title_only_topics() -> None:
    lex = Lexicon.from_topics(
        {
            "segmentation": {"match": ["segmentation"], "unless": ["word segmentation"]},
            "dataset": {"match": ["dataset"], "title_only": True},
            "benchmark": {"match": ["challenge"], "unless": ["challenging"]},
        }
    )
    assert lex.tags_for("Chinese word segmentation with LLMs") == ()
    assert lex.tags_for("Organ segmentation") == ("segmentation",)
    text = "We evaluate on a dataset. The dataset is large. Another dataset too."
    assert lex.tags_for("A new model", text) == ()
    assert lex.tags_for("A new dataset", text) == ("dataset",)
    assert lex.tags_for("A challenging task") == ()


def test_acronyms_match_their_spelling_only() -> None:
    lex = Lexicon.from_mapping({"clip": ["CLIP"], "llm": ["LLM"], "sam": ["SAM"]})
    assert lex.tags_for("a video clip of cats") == ()
    assert lex.tags_for("we fine-tune CLIP") == ("clip",)
    assert lex.tags_for("several LLMs") == ("llm",)
    assert lex.tags_for("SAM2 for video") == ("sam",)
    assert lex.tags_for("Sam Altman") == ()


def test_user_topics_extend_the_bundled_lexicon() -> None:
    lex = build_lexicon(
        {"diffusion": {"match": ["score-based model"]}, "ct": {"match": ["sinogram*"]}}
    )
    assert "diffusion" in lex.tags_for("a score-based model")
    assert "ct" in lex.tags_for("sinogram inpainting")
    assert "ct" in lex.tags_for("low-dose CT")


def test_categories_are_a_kind_and_classes_are_keywords(empty_library: Library) -> None:
    paper = Paper(
        "2508.21080",
        "Hazard segmentation for robots",
        "We segment hazards.",
        categories=("cs.CV", "cs.RO", "68T45 (Machine vision)", "I.2.10; I.4.8", "N/A"),
    )
    day = dt.date(2025, 8, 28)
    empty_library.import_parsed(ParsedDigest("jsonl", (paper,), day), "x")
    stored = empty_library.paper("2508.21080")
    assert stored.categories == ("cs.CV", "cs.RO")
    assert "68T45 (Machine vision)" in stored.keywords and "N/A" in stored.keywords
    kinds = {(t.name, t.kind) for t in empty_library.tag_counts()}
    assert ("cs.CV", TagKind.CATEGORY) in kinds and ("segmentation", TagKind.TOPIC) in kinds
    assert not any("68T45" in name for name, _ in kinds)
    labels = {t.name: t.shown for t in empty_library.tag_counts()}
    assert labels["cs.CV"] == "cs.CV Computer Vision and Pattern Recognition"
    assert empty_library.search(Selection("category:cs.RO")).ids == ("2508.21080",)
    assert empty_library.search(Selection("keyword:68T45")).ids == ("2508.21080",)


def test_tags_json_reports_kind_and_count(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    library.set_user_tags(library.search(Selection()).ids[0], ["to read"])
    assert main(["tags", "--json"]) == 0
    tags = json.loads(capsys.readouterr().out)
    assert {"tag", "kind", "count", "label"} <= set(tags[0])
    kinds = {t["tag"]: t["kind"] for t in tags}
    assert kinds["to read"] == "user" and kinds["segmentation"] == "topic"


def test_a_library_of_old_tags_is_retagged_once(sample_dir: Path) -> None:
    """An upgraded library (or a changed [topics]) gets the tags the lexicon gives now."""
    paths = Paths.resolve(sample_dir)
    with Library(paths) as lib:
        first = lib.search(Selection()).ids[0]
        lib.set_user_tags(first, ["mine"])
        with lib.store.transaction() as con:  # what an older digest-tui left behind
            con.execute("INSERT INTO paper_tags VALUES(?, 'challenge', 'topic')", (first,))
            con.execute("DELETE FROM meta WHERE key='tags_version'")
        assert not lib.tags_current()
    paths.config_file.write_text('[topics]\n"organs" = ["pancreas"]\n')
    with Library(paths) as lib:
        assert lib.ensure_tags() and lib.tags_current() and not lib.ensure_tags()
        paper = lib.paper(first)
        assert "challenge" not in paper.tags and paper.user_tags == ("mine",)
        organs = lib.search(Selection(tags=("organs",))).ids
        assert organs and all("ancrea" in lib.paper(i).abstract.lower() for i in organs)
