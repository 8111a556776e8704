"""LaTeX as a reader sees it: `D$^2$iT` as `D²iT`, `$\\mu$P` as `μP`, `83.6\\pm6.3\\%` (or
`83.6pm6.3%`, where a feed lost the backslash) as `83.6±6.3%`. The stored text stays as
it came; this is for the screen, and the index holds both (a search for either finds it).

Only `$...$` spans and a few escapes are touched, never plain text (`50% of`, `a_b`).
Superscripts and subscripts become Unicode where every character has one; commands that
wrap a word (`\\texttt{X}`) keep the word; the rest goes through pylatexenc, and a span
whose conversion would lose a letter or digit is left as it was."""

from __future__ import annotations

import functools
import re
from typing import Any

_MATH = re.compile(r"\$([^$]{1,200})\$")
_WRAPPERS = (
    r"text(?:tt|it|bf|rm|sf|sc|normal|up)?|math(?:rm|bf|it|sf|tt|bb|cal|frak|scr)?"
    r"|emph|operatorname|boldsymbol|mbox|bm"
)
_WRAP = re.compile(rf"\\(?:{_WRAPPERS})\s*\{{([^{{}}]*)\}}")
_SCRIPT = re.compile(r"([\^_])\s*(?:\{([^{}]*)\}|(\\[a-zA-Z]+|[0-9a-zA-Z+\-*]))")
_SUP = str.maketrans("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUP_WORDS = {r"\circ": "°", r"\prime": "′", "*": "*", r"\dagger": "†", r"\star": "*"}
_PM = re.compile(r"(?<=\d)\s?\\?pm\s?(?=\d)")
_ESCAPED = re.compile(r"\\([%&_#$])")
_COMMAND = re.compile(r"\\[a-zA-Z]+")
_HINT = re.compile(r"[$\\]|\dpm\s?\d")


@functools.lru_cache(maxsize=8192)
def readable(text: str) -> str:
    """`text` with its LaTeX shown as text (unchanged when it holds none)."""
    if not _HINT.search(text):
        return text
    shown = _MATH.sub(lambda m: _math(m.group(1), m.group(0)), text)
    shown = _PM.sub("±", shown)
    return _ESCAPED.sub(r"\1", shown.replace(r"\pm", "±"))


def _script(match: re.Match[str]) -> str:
    mark, body = match.group(1), match.group(2) if match.group(2) is not None else match.group(3)
    body = body.strip()
    if mark == "^" and body in _SUP_WORDS:
        return _SUP_WORDS[body]
    table, allowed = (_SUP, "0123456789+-=()niT") if mark == "^" else (_SUB, "0123456789+-=()")
    if body and all(c in allowed for c in body):
        return body.translate(table)
    return f"{mark}{body}"


def _math(body: str, whole: str) -> str:
    """One `$...$` span as text, or as it was if converting would lose a letter or digit
    or if it is no formula (`costs $5 and $10`: plain words between two dollars)."""
    if not any(c in body for c in "\\^_{") and any(c.isspace() for c in body):
        return whole
    if body.count("{") != body.count("}"):  # broken LaTeX: shown as it came
        return whole
    text = body
    for _ in range(3):  # nested wrappers: \mathbf{\mathcal{O}}
        text = _WRAP.sub(r"\1", text)
    text = _SCRIPT.sub(_script, text)
    if _COMMAND.search(text):
        try:
            text = _converter().latex_to_text(text)
        except Exception:  # pylatexenc raises on what it cannot parse: keep the source
            return whole
    text = text.replace("{", "").replace("}", "").strip() if body.strip() else body
    if _alnum(text) < _alnum(_COMMAND.sub("", _WRAP.sub(r"\1", body))):
        return whole
    return text


@functools.cache
def _converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text  # loads on the first formula

    return LatexNodes2Text(math_mode="text")


def _alnum(text: str) -> int:
    return sum(c.isalnum() for c in text)
