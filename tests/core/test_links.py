from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from digest_tui.core.importing import sample_bytes
from digest_tui.core.models import Link
from digest_tui.core.sources.links import (
    _CANDIDATE,
    _may_hold_url,
    clean_url,
    derived_links,
    extract_urls,
    is_http_url,
    label_for,
    merge_links,
    normalise_arxiv_id,
)

# Every URL the sample's abstracts mention, cleaned by hand from the raw text.
SAMPLE_URLS = {
    "https://emmanuelleb985.github.io/ukbob",
    "https://github.com/YU-deep/CRISP_SAM2.git",
    "https://github.com/BiomedSciAI/biomed-multi-alignment",
    "https://huggingface.co/ibm/biomed.omics.bl.sm.ma-ted-458m",
    "https://github.com/hhaentze/MRSegmentator",
    "https://github.com/francescodisalvo05/medmnistc-api",
    "https://doi.org/10.5281/zenodo.6802613",
    "https://www.github.com/wasserth/TotalSegmentator",
    "https://github.com/FreedomIntelligence/Med-MAT",
    "https://github.com/StanfordMIMI/skm-tea",
    "https://github.com/mbzuai-oryx/UniMed-CLIP",
    "https://github.com/uni-medical/SAM-Med3D",
    "https://github.com/FuhaiLiAiLab/OmniCellTOSG",
    "https://baskargroup.github.io/Arboretum/",
    "https://aka.ms/biomedclip",
    "https://github.com/uni-medical/GMAI-VL",
    "https://henrychur.github.io/MedS-Bench/",
    "https://github.com/MAGIC-AI4Med/MedS-Ins",
    "https://github.com/Simula/Kvasir-VQA-x1",
    "https://huggingface.co/datasets/SimulaMet/Kvasir-VQA-x1",
    "https://github.com/rvandewater/YAIB",
    "https://github.com/idiap/gme-sampler",
    "https://github.com/idiap/abroad-re",
    "https://github.com/MCPathology/M2Surv",
    "https://github.com/alibaba-damo-academy/alice",
    "https://wilds.stanford.edu",
    "https://www.isles-challenge.org/",
    "https://github.com/TimJaspers0801/SurgeNet",
    "https://medshapenet.ikim.nrw/",
    "https://github.com/Jianningli/medshapenet-feedback",
    "https://constantinseibold.github.io/paxray/",
    "https://github.com/linjiemu/MMXU",
    "https://github.com/zahrag/BIOSCAN-5M",
    "https://github.com/google-research-datasets/scin",
    "https://github.com/LeapLabTHU/CheXWorld",
    "https://github.com/HealthX-Lab/BiomedCoOp",
    "https://github.com/aistairc/FineBio",
    "https://github.com/stefan-m-lenz/UroLlmEval",
    "https://crisisnlp.qcri.org/medic/index.html",
    "https://github.com/firojalam/medic",
}


def test_every_url_of_the_sample_is_found_and_cleaned() -> None:
    found = extract_urls(sample_bytes().decode("utf-8"))
    assert set(found) == SAMPLE_URLS
    assert len(found) == len(SAMPLE_URLS)


def test_latex_debris_is_removed() -> None:
    assert clean_url(r"https://github.com/YU-deep/CRISP\_SAM2.git.") == (
        "https://github.com/YU-deep/CRISP_SAM2.git"
    )
    text = "at https://github.com/linjiemu/MMXU{https://github.com/linjiemu/MMXU}. and"
    assert extract_urls(text) == ["https://github.com/linjiemu/MMXU"]
    assert extract_urls("see {https://github.com/zahrag/BIOSCAN-5M}") == [
        "https://github.com/zahrag/BIOSCAN-5M"
    ]
    assert extract_urls("(code: https://x.org/a_(b)).") == ["https://x.org/a_(b)"]
    assert extract_urls("at github.com/google/x , end") == ["https://github.com/google/x"]


def test_duplicates_are_merged() -> None:
    text = "https://github.com/a/b. and again https://github.com/a/b/ and www.github.com/a/b"
    assert extract_urls(text) == ["https://github.com/a/b"]


def test_only_http_links_exist() -> None:
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "http://",
        "ftp://x.org",
    ):
        assert not is_http_url(bad)
    links, dropped = merge_links([Link("x", "javascript:alert(1)"), Link("ok", "https://a.org")])
    assert links == (Link("ok", "https://a.org"),)
    assert dropped == 1


def test_derived_links_and_labels() -> None:
    labels = [link.label for link in derived_links("2401.01234", "T")]
    assert labels == ["HF", "arXiv", "PDF"]
    searches = derived_links(None, "Deep Organ: x")
    assert searches[0].url.startswith("https://huggingface.co/papers?q=Deep+Organ")
    assert label_for("https://github.com/a/b") == "GitHub"
    assert label_for("https://doi.org/10.1/x") == "DOI"
    assert label_for("https://arxiv.org/pdf/2401.01234") == "PDF"


def test_arxiv_ids_are_normalised() -> None:
    assert normalise_arxiv_id("2401.01234v3") == "2401.01234"
    assert normalise_arxiv_id("http://arxiv.org/abs/2401.01234v1") == "2401.01234"
    assert normalise_arxiv_id("arXiv:hep-th/9901001v2") == "hep-th/9901001"
    assert normalise_arxiv_id("not an id") is None


# The pieces a link starts with, and characters that match their letters case-blind.
_PIECES = [
    "http",
    "HTTPS",
    "://",
    ":/",
    "www.",
    "WwW.",
    "github.com/",
    "GİTHUB.COM/",
    "gıthub.com/",
    "thub.com",
    ".com/",
    "ſ",
    "K",
    "i",
    "İ",
    "ı",
    " ",
    "(",
    "@",
    "x",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_the_quick_check_never_skips_a_text_with_a_link(pieces: list[str]) -> None:
    text = "".join(pieces)
    if _CANDIDATE.search(text):
        assert _may_hold_url(text), text


def test_a_text_with_no_link_is_skipped_and_links_in_any_case_are_found() -> None:
    assert not _may_hold_url("We propose a model. It works (see Sec. 3).")
    assert extract_urls("Code: GİTHUB.COM/a/b and WWW.Example.org/x") == [
        "https://GİTHUB.COM/a/b",
        "https://WWW.Example.org/x",
    ]


def test_the_url_check_keeps_short_answers_only() -> None:
    from digest_tui.core import urls

    urls._checked.cache_clear()
    huge = "https://example.org/" + "a" * 5_000_000
    assert not is_http_url(huge) and urls._checked.cache_info().currsize == 0
    assert is_http_url("https://example.org/x") and is_http_url("https://example.org/x")
    assert urls._checked.cache_info().hits == 1
