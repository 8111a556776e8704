from __future__ import annotations

from collections import Counter

from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.sources.tagging import Lexicon, build_lexicon


def test_every_sample_paper_has_a_tag_and_many_tags_are_shared(library: Library) -> None:
    papers = library.papers(library.search(Selection()).ids)
    assert len(papers) == 92
    assert all(p.tags for p in papers), [p.title for p in papers if not p.tags]
    counts = Counter(t for p in papers for t in p.tags)
    assert sum(1 for n in counts.values() if n >= 3) >= 12


def test_stemmed_words_and_phrases_match() -> None:
    lex = Lexicon.from_mapping({"segmentation": ["segmentation"], "x-ray": ["chest x-ray"]})
    assert lex.tags_for("We segmented organs") == ("segmentation",)
    assert lex.tags_for("on Chest X-Rays") == ("x-ray",)
    assert lex.tags_for("chest pain, x rays elsewhere") == ()


def test_acronyms_match_their_spelling_only() -> None:
    lex = Lexicon.from_mapping({"clip": ["CLIP"], "llm": ["LLM"], "sam": ["SAM"]})
    assert lex.tags_for("a video clip of cats") == ()
    assert lex.tags_for("we fine-tune CLIP") == ("clip",)
    assert lex.tags_for("several LLMs") == ("llm",)
    assert lex.tags_for("SAM2 for video") == ("sam",)
    assert lex.tags_for("Sam Altman") == ()


def test_user_topics_extend_the_bundled_lexicon() -> None:
    lex = build_lexicon({"diffusion": ["score-based model"], "ct": ["sinogram"]})
    assert "diffusion" in lex.tags_for("a score-based model")
    assert "ct" in lex.tags_for("sinogram inpainting")
    assert "ct" in lex.tags_for("low-dose CT")
