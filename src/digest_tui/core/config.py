"""The one config file, `config.toml`: theme, default sort, key bindings, extra topics.

An invalid file never stops the app: the defaults are used and the problem, with its
line, is reported as a warning.
"""

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from digest_tui.core.errors import ConfigError
from digest_tui.core.files import write_atomic
from digest_tui.core.models import Sort

_KEYS = re.compile(r"\s*[A-Za-z0-9_+\-]+(\s*,\s*[A-Za-z0-9_+\-]+)*\s*")
DEFAULT_CONFIG = """\
# digest-tui configuration. Every key is optional; delete what you do not need.

# A Textual theme name (the command palette's "Change theme" lists them).
# theme = "textual-dark"

# Default sort of the paper list: relevance, date, upvotes or title.
# sort = "relevance"

# Key remapping: action name = "key[,key...]" (as newsboat's bind-key).
# The help screen (?) lists every action name in its right-hand column.
# [keys]
# toggle_bookmark = "b,space"
# next_unread = "n,ctrl+n"

# Extra topic tags: tag name = [words and phrases]; extends the bundled lexicon
# (digest_tui/core/data/topics.toml). A tag needs an entry in the title or two mentions
# in the abstract; "segment*" matches a family of words; capitals are acronyms.
# [topics]
# "diffusion" = ["diffusion model*", "score-based", "DDPM"]
# [topics."robotics"]              # the long form: also contexts that do not count
# match = ["exoskeleton*"]
# unless = ["robotic process automation"]

# The tag pane folds tags on fewer papers than this under "more…" (0: never).
# [tags]
# fold_under = 3

# Files larger than this are refused by `digest-tui import` (megabytes).
# [import]
# max_file_mb = 256

# What `digest-tui fetch` (no source given) and F in the app fetch.
# [fetch]
# hf = true                        # today's Hugging Face daily papers
# arxiv = ["cs.CV", "cs.CL"]       # today's rss.arxiv.org listings of these categories

# What the app opens on: "newest" (the newest digest), "all", or "last" (the view it
# was closed on). The status line counts the papers new since your last visit.
# [view]
# open = "newest"

# Where P in the app (and `digest-tui pdf ID --download`) saves PDFs; default: your
# downloads directory. arxiv_base: a mirror for arXiv PDFs.
# [pdf]
# folder = "~/papers"
# arxiv_base = "https://export.arxiv.org"

# Sync bookmarks, tags, notes, read state and saved searches with your other machines
# through a folder something else keeps in step (Syncthing, Dropbox, a git repository).
# Each machine writes only its own journal there; the database never lives there.
# [sync]
# folder = "~/Sync/digest-tui"
"""


class Config(NamedTuple):
    theme: str | None = None
    sort: Sort = Sort.RELEVANCE
    keys: Mapping[str, str] = MappingProxyType({})
    topics: Mapping[str, dict[str, Any]] = MappingProxyType({})  # tag -> match, unless
    fetch_hf: bool = True
    fetch_arxiv: tuple[str, ...] = ()
    max_file_mb: int = 256
    fold_under: int = 3
    open_on: str = "newest"
    pdf_folder: str | None = None
    pdf_arxiv_base: str | None = None
    sync_folder: str | None = None
    warning: str | None = None


def load_config(path: Path) -> Config:
    """The config at path, or defaults (with a warning naming the problem)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        return Config(warning=f"{path}: cannot read config ({exc}); using defaults")
    import tomllib  # only when there is a config file (~7 ms)

    try:
        data = tomllib.loads(text)
        topics: dict[str, dict[str, Any]] = {}
        if "topics" in data:  # the lexicon code loads only for a config that extends it
            from digest_tui.core.sources.tagging import load_topics

            topics = load_topics(text, str(path))
        sort = Sort(str(data.get("sort", "relevance")))
        keys = data.get("keys", {})
        if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
            raise ConfigError(f"{path}: [keys] must map action names to key strings")
        for name, value in keys.items():
            if not _KEYS.fullmatch(value):
                raise ConfigError(
                    f"{path}: [keys] {name} = {value!r} is not a list of key names "
                    '(letters, digits, "ctrl+x", "shift+tab", separated by commas)'
                )
        import_table = data.get("import", {})
        max_mb = import_table.get("max_file_mb", 256) if isinstance(import_table, dict) else None
        if not isinstance(max_mb, int) or isinstance(max_mb, bool) or not 1 <= max_mb <= 65536:
            raise ConfigError(f"{path}: [import] max_file_mb must be a whole number of MB")
        tags_table = data.get("tags", {})
        fold = tags_table.get("fold_under", 3) if isinstance(tags_table, dict) else None
        if not isinstance(fold, int) or isinstance(fold, bool) or not 0 <= fold <= 100_000:
            raise ConfigError(f"{path}: [tags] fold_under must be a whole number of papers")
        theme = data.get("theme")
        if theme is not None and not isinstance(theme, str):
            raise ConfigError(f"{path}: theme must be a string")
        fetch = data.get("fetch", {})
        hf = fetch.get("hf", True) if isinstance(fetch, dict) else None
        arxiv = fetch.get("arxiv", []) if isinstance(fetch, dict) else None
        if not isinstance(hf, bool) or not isinstance(arxiv, list):
            raise ConfigError(f"{path}: [fetch] takes hf = true|false and arxiv = [categories]")
        if not all(isinstance(c, str) and c.strip() for c in arxiv):
            raise ConfigError(f'{path}: [fetch] arxiv must list category names like "cs.CV"')
        view = data.get("view", {})
        open_on = view.get("open", "newest") if isinstance(view, dict) else None
        if open_on not in ("newest", "all", "last"):
            raise ConfigError(f'{path}: [view] open must be "newest", "all" or "last"')
        pdf = data.get("pdf", {})
        folder = pdf.get("folder") if isinstance(pdf, dict) else None
        base = pdf.get("arxiv_base") if isinstance(pdf, dict) else None
        if not isinstance(pdf, dict) or not all(
            v is None or isinstance(v, str) for v in (folder, base)
        ):
            raise ConfigError(f'{path}: [pdf] takes folder = "..." and arxiv_base = "https://..."')
        sync = data.get("sync", {})
        sync_folder = sync.get("folder") if isinstance(sync, dict) else None
        if not isinstance(sync, dict) or not (
            sync_folder is None or (isinstance(sync_folder, str) and sync_folder.strip())
        ):
            raise ConfigError(f'{path}: [sync] takes folder = "a directory"')
    except tomllib.TOMLDecodeError as exc:
        return Config(warning=f"{path}: invalid TOML ({exc}); using defaults")
    except ValueError:
        choices = ", ".join(s.value for s in Sort)
        return Config(warning=f"{path}: sort must be one of {choices}; using defaults")
    except ConfigError as exc:
        return Config(warning=f"{exc}; using defaults")
    return Config(
        theme=theme,
        sort=sort,
        keys=dict(keys),
        topics=topics,
        fetch_hf=hf,
        fetch_arxiv=tuple(c.strip() for c in arxiv),
        max_file_mb=max_mb,
        fold_under=fold,
        open_on=str(open_on),
        pdf_folder=folder,
        pdf_arxiv_base=base,
        sync_folder=sync_folder,
    )


def write_default(path: Path) -> bool:
    """Write the commented default config unless one exists; True if written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, DEFAULT_CONFIG)
    return True


def save_theme(path: Path, theme: str) -> None:
    """Remember the theme: set the top-level `theme` key with a round-trip TOML editor, so
    comments, layout, key remaps and topics are kept as the user wrote them. A file that
    is not valid TOML is left alone (ConfigError)."""
    import tomlkit  # only when the theme changes
    from tomlkit.exceptions import TOMLKitError

    try:
        text = path.read_text("utf-8") if path.exists() else ""
        document = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError, TOMLKitError) as exc:
        raise ConfigError(f"{path}: not saving the theme, the file cannot be read ({exc})") from exc
    document["theme"] = theme  # a new top-level key goes before the first table
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, tomlkit.dumps(document))
