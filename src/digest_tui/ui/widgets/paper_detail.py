"""The detail pane: title, authors, date and source, the abstract, numbered links, tags.

It owns what can be done with the paper's links: copy one (the system clipboard and the
terminal's OSC 52, so it works over SSH), open one in a browser (or copy it where no
browser can start), pick one from a list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from digest_tui.core.latex import readable
from digest_tui.core.models import Link, Paper
from digest_tui.core.textsafe import safe
from digest_tui.core.wording import plural
from digest_tui.ui.literal import highlighted, plain, say
from digest_tui.ui.system import open_in_browser, system_copy
from digest_tui.ui.widgets.kept_scrollbar import KeepsScrollbar

Spans = Callable[[str], list[tuple[int, int]]]
MATCH = Style(bold=True, color="yellow", underline=True)


def _field(label: str, value: str | Text) -> Text:
    body = value if isinstance(value, Text) else plain(value)
    return Text.assemble((f"{label:<10}", "bold"), body)


AUTHORS_SHOWN = 3  # authors named before `… (+N)` in a long list


def author_line(authors: Sequence[str], whole: bool) -> str:
    """`A, B, C … (+15)` for a long list (whole on demand), all of a short one."""
    if whole or len(authors) <= AUTHORS_SHOWN + 2:
        return ", ".join(authors)
    return ", ".join(authors[:AUTHORS_SHOWN]) + f" … (+{len(authors) - AUTHORS_SHOWN})"


def paper_renderable(
    paper: Paper,
    *,
    bookmarked: bool,
    note: str,
    spans: Spans,
    match: Style = MATCH,
    categories: Sequence[str] = (),
    all_authors: bool = False,
) -> RenderableType:
    """Everything about one paper in the order a reader wants it: title, authors, date and
    source, the abstract, then links, tags and the rest. Text objects only (no markup);
    LaTeX shown as text."""
    title_text = safe(readable(paper.title))
    parts: list[RenderableType] = [highlighted(title_text, spans(title_text), match, "bold")]
    authors = safe(author_line(paper.authors, all_authors))
    if authors:
        parts.append(highlighted(authors, spans(authors), match, "italic"))
    parts.append(Text(" · ".join(_facts(paper, bookmarked)), "dim"))
    if paper.ai_summary:
        summary = safe(readable(paper.ai_summary))
        parts += [Text(""), Text("AI summary", "bold"), highlighted(summary, spans(summary), match)]
    parts += [Text(""), Text("Abstract", "bold")]
    abstract = safe(readable(paper.abstract)) if paper.abstract else ""
    if abstract:
        parts.append(highlighted(abstract, spans(abstract), match))
    else:
        parts.append(Text("No abstract in this digest.", "dim"))
    if note:
        parts += [Text(""), Text("Note", "bold"), Text(safe(note, newlines=True))]
    parts += [Text(""), Text("Links", "bold")]
    if not paper.links:
        parts.append(Text("  none", "dim"))
    for number, link in enumerate(paper.links, start=1):
        hint = f"{number}" if number <= 9 else " "
        click = Style.from_meta({"@click": f"screen.copy_link_number({number})"})
        parts.append(
            Text.assemble(
                (f"  {hint} ", "bold"),
                (f"{safe(link.label, 40):<12} ", "italic"),
                (safe(link.url, 500), Style(color="cyan", underline=True) + click),
            )
        )
    parts.append(Text(""))
    tag_line = Text()
    for tag in paper.tags:
        tag_line.append(f" {safe(tag)} ", "reverse")
        tag_line.append(" ")
    for tag in paper.user_tags:
        tag_line.append(f" ✎ {safe(tag)} ", "reverse italic")
        tag_line.append(" ")
    parts.append(_field("Tags", tag_line if tag_line.plain else plain("none")))
    if categories:  # the source's categories, with their names ("cs.CV Computer Vision...")
        parts.append(_field("Category", "; ".join(categories)))
    if paper.keywords:
        parts.append(_field("Keywords", ", ".join(paper.keywords)))
    if paper.organization:
        parts.append(_field("Org", paper.organization))
    if paper.comment:
        parts.append(_field("Comment", paper.comment))
    for part in parts:  # literal Texts end without a newline: in a Group each is a line,
        if isinstance(part, Text):  # or the next one is glued on and the last one lost
            part.end = "\n"
    return Group(*parts)


def _facts(paper: Paper, bookmarked: bool) -> list[str]:
    """The date and source line: published, digests, id, stats, bookmark."""
    facts = []
    if paper.published:
        facts.append(f"published {paper.published.isoformat()}")
    if paper.digest_dates:
        days = sorted(paper.digest_dates, reverse=True)
        shown = ", ".join(d.isoformat() for d in days[:3])
        more = f" (+{len(days) - 3})" if len(days) > 3 else ""
        facts.append(f"digest {shown}{more}")
    source = f"arXiv {paper.id}" if not paper.id.startswith("t-") else paper.source
    if source:
        facts.append(safe(source, 60))
    if paper.upvotes is not None:
        facts.append("▲ " + plural(paper.upvotes, "upvote"))
    if paper.comments:
        facts.append(plural(paper.comments, "comment"))
    if paper.github_stars is not None:
        facts.append("★ " + plural(paper.github_stars, "GitHub star"))
    facts.append("★ bookmarked" if bookmarked else "not bookmarked")
    return facts


class PaperDetail(VerticalScroll, KeepsScrollbar, can_focus=True):
    """Scrollable detail of the selected paper; digits copy links."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="scroll_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="scroll_up"),
        *[Binding(str(n), f"copy_link({n})", f"Copy link {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: Paper | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a paper to see its details.", "dim"), id="detail-body")

    def show(
        self, renderable: RenderableType, paper: Paper | None = None, keep_scroll: bool = False
    ) -> None:
        """Show a paper; `keep_scroll`: the same paper again (a bookmark, all authors)."""
        self.paper = paper
        self.query_one("#detail-body", Static).update(renderable)
        if not keep_scroll:
            self.scroll_home(animate=False)

    # ----- links ------------------------------------------------------------------------
    def copy_primary(self) -> None:
        link = self.paper.primary_link if self.paper else None
        if link:
            self._copy(link)

    def open_link(self, link: Link) -> None:
        """Open any http(s) link (the PDF): in a browser, else copied."""
        self._open(link)

    def open_primary(self) -> None:
        link = self.paper.primary_link if self.paper else None
        if link:
            self._open(link)

    def pick_link(self, verb: str) -> None:
        """Choose a link from a list, then copy or open it."""
        if not self.paper or not self.paper.links:
            say(self, "This paper has no links.", timeout=3)
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self._use(index, verb)

        from digest_tui.ui.screens import modals  # loads on first use

        self.app.push_screen(modals.LinkPicker(self.paper.links, verb.capitalize()), chosen)

    def action_copy_link(self, number: int) -> None:
        self._use(number - 1, "copy")

    def _use(self, index: int, verb: str) -> None:
        if not self.paper or not 0 <= index < len(self.paper.links):
            say(self, f"No link {index + 1}.", severity="warning", timeout=3)
            return
        link = self.paper.links[index]
        self._open(link) if verb == "open" else self._copy(link)

    def _copy(self, link: Link) -> None:
        self.app.copy_to_clipboard(link.url)  # OSC 52: works over SSH
        if system_copy(link.url):
            say(self, f"Copied {link.label}: {link.url}", timeout=4)
        else:
            say(self, f"Copied {link.url} via the terminal (OSC 52): no system clipboard here.")

    @work(thread=True, group="browser")
    def _open(self, link: Link) -> None:
        if open_in_browser(link.url):
            self.app.call_from_thread(say, self, f"Opened {link.url}", timeout=3)
            return
        self.app.call_from_thread(self._copy, link)
        message = "No browser could be started here; copied the link instead."
        self.app.call_from_thread(say, self, message, severity="warning", timeout=5)
