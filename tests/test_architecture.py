"""The walls of the architecture, as contracts: a wrong import fails the suite.

Every import statement of every module counts, also those inside functions (the lazy
ones), read from the source with `ast`:
- core never imports Textual or Rich;
- only core/store imports sqlite3, only core/search imports whoosh;
- the UI and the CLI use the core through core.library, core.models and core.errors, plus
  core.paths (where the data lives is resolved before a library opens) and core.textsafe
  (the one terminal-safety function);
- store, search and sources sit below the library: none imports the library, and the
  store imports neither search nor sources;
- no cycle among module-level imports;
- commands that need no index import neither Whoosh nor Textual (checked in a subprocess).
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import digest_tui

PACKAGE = Path(digest_tui.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name: str, *, top_level_only: bool = False) -> set[str]:
    """Absolute names this module imports (for `from x import y`, also `x.y` when that is
    a module of ours)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.If) and top_level_only:  # `if TYPE_CHECKING:` is no import
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES)
    return found


def importers_of(target: str) -> set[str]:
    return {
        name
        for name in MODULES
        if any(i == target or i.startswith(target + ".") for i in imports(name))
    }


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_core_imports_neither_textual_nor_rich() -> None:
    for library in ("textual", "rich"):
        assert not {m for m in importers_of(library) if within(m, "digest_tui.core")}


@pytest.mark.parametrize(
    ("library", "home"),
    [("sqlite3", "digest_tui.core.store"), ("whoosh", "digest_tui.core.search")],
)
def test_only_one_package_imports(library: str, home: str) -> None:
    assert importers_of(library)  # the contract checks something
    assert {m for m in importers_of(library) if not within(m, home)} == set()


ALLOWED_FROM_CORE = {
    "digest_tui.core.library",
    "digest_tui.core.models",
    "digest_tui.core.errors",
    "digest_tui.core.paths",  # where the data lives is resolved before a library opens
    "digest_tui.core.textsafe",  # the one terminal-safety function
    "digest_tui.core.latex",  # text as shown: a pure function, like textsafe
    "digest_tui.core.urls",  # which links may be opened: a pure function too
    "digest_tui.core.wording",  # plurals
}


@pytest.mark.parametrize("front", ["digest_tui.ui", "digest_tui.cli"])
def test_ui_and_cli_use_the_core_through_the_library(front: str) -> None:
    used = {
        (name, i)
        for name in MODULES
        if within(name, front)
        for i in imports(name)
        if within(i, "digest_tui.core") and i != "digest_tui.core"
    }
    assert used  # the contract checks something
    assert {(n, i) for n, i in used if i not in ALLOWED_FROM_CORE} == set()


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("digest_tui.core.store", ("digest_tui.core.library", "digest_tui.core.search")),
        ("digest_tui.core.store", ("digest_tui.core.sources",)),
        ("digest_tui.core.search", ("digest_tui.core.library", "digest_tui.core.store")),
        ("digest_tui.core.sources", ("digest_tui.core.library", "digest_tui.core.store")),
        ("digest_tui.core.sources", ("digest_tui.core.search",)),
        ("digest_tui.core", ("digest_tui.ui", "digest_tui.cli")),
    ],
)
def test_layers_point_downward(package: str, forbidden: tuple[str, ...]) -> None:
    wrong = {
        (name, i)
        for name in MODULES
        if within(name, package)
        for i in imports(name)
        if any(within(i, f) for f in forbidden)
    }
    assert wrong == set()


def test_no_import_cycles() -> None:
    graph = {
        name: {i for i in imports(name, top_level_only=True) if i in MODULES and i != name}
        for name in MODULES
    }
    # a package imports its submodules when it re-exports them; that is no cycle
    for name, edges in graph.items():
        edges -= {e for e in edges if within(name, e) and MODULES[e].name == "__init__.py"}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in done:
            return
        assert node not in visiting, " -> ".join([*visiting[visiting.index(node) :], node])
        visiting.append(node)
        for edge in sorted(graph[node]):
            visit(edge)
        visiting.pop()
        done.add(node)

    for name in sorted(graph):
        visit(name)


def test_no_module_is_over_400_lines() -> None:
    long = {n: len(p.read_text().splitlines()) for n, p in MODULES.items()}
    assert {n: lines for n, lines in long.items() if lines > 400} == {}


PROBE = """
import json, sys
from digest_tui.cli.run import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("whoosh", "textual"))
# each a few ms of every command's start: OpenSSL, zipfile and tempfile, a TOML parser,
# dataclasses (with inspect, ast and dis; and each frozen dataclass ~2 ms to make), shutil
slow = ("hashlib", "importlib.resources", "tomllib", "dataclasses", "inspect", "shutil")
slow = sorted(m for m in slow if m in sys.modules)
print(json.dumps(heavy + slow), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["stats"], ["show", "PAPER"], ["bookmarks", "list"], ["digests"]],
)
def test_commands_that_need_no_index_load_neither_whoosh_nor_textual_nor_slow_helpers(
    sample_dir: Path, argv: list[str]
) -> None:
    from digest_tui.core.library import Library
    from digest_tui.core.models import Selection
    from digest_tui.core.paths import Paths

    with Library(Paths.resolve(sample_dir)) as lib:
        paper = lib.search(Selection()).ids[0]
    argv = [paper if a == "PAPER" else a for a in argv]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(sample_dir), *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == [], f"{argv} loaded {loaded[:5]}"


def test_named_tuples_have_evaluated_annotations() -> None:
    """A string annotation (`from __future__ import annotations`) on a NamedTuple field
    becomes a ForwardRef, and each compiles its text when the class is made: ~40 us a
    field, ~5 ms of every command's start for the records. Their modules evaluate them."""
    for name in MODULES:
        if not name.endswith("__main__"):  # (it runs the app)
            importlib.import_module(name)
    strings = {
        f"{cls.__module__}.{cls.__qualname__}.{field}"
        for module in list(sys.modules.values())
        if module.__name__.startswith("digest_tui")
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__module__ == module.__name__
        if issubclass(cls, tuple) and hasattr(cls, "_fields")
        for field, annotation in getattr(cls, "__annotations__", {}).items()
        if isinstance(annotation, (str, typing.ForwardRef))
    }
    assert strings == set()


def test_the_formats_the_library_names_are_the_formats_there_are() -> None:
    from digest_tui.core import export, library, sources
    from digest_tui.core.sources import registry

    assert library.IMPORT_FORMATS == sources.FORMATS == registry.FORMATS
    assert library.EXPORT_FORMATS == export.FORMATS


def test_version_answers_before_the_library_is_imported() -> None:
    probe = (
        "import sys\n"
        "from digest_tui.cli import main\n"
        "code = main(['--version'])\n"
        "mine = sorted(m for m in sys.modules if m.startswith('digest_tui.core'))\n"
        "print(code, mine, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("digest-tui ")
    assert done.stderr.strip() == "0 []"


FIRST_PAINT_PROBE = """
import asyncio, json, sys
from textual.worker import WorkerCancelled
from digest_tui.core.library import Library
from digest_tui.core.paths import Paths
from digest_tui.ui.app import DigestApp
from digest_tui.ui.screens import main as screen

from digest_tui.ui.widgets.paper_list import PaperList

seen = []
draw = PaperList.render_line
def spy(self, y):  # what is loaded once the first list's rows are drawn
    line = draw(self, y)
    if not seen and self.ids and y >= min(len(self.ids), self.size.height) - 1:
        seen.append(sorted(sys.modules))
    return line
PaperList.render_line = spy

async def run():
    app = DigestApp(Library(Paths.resolve(sys.argv[1])))
    async with app.run_test(size=(120, 40)) as pilot:
        while not seen:
            await asyncio.sleep(0.01)
        while True:  # quit as a user would, after the warm-up
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # a newer search replaced one: wait for the rest
                continue
asyncio.run(run())
print(json.dumps(seen[0]), file=sys.stderr)
"""


def test_nothing_of_whoosh_parsers_exporters_or_fetch_before_the_first_paint(
    sample_dir: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_PROBE, str(sample_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert "digest_tui.ui.widgets.paper_list" in loaded  # the probe saw the app
    sources = ("arxiv_atom", "arxiv_rss", "hf_json", "hf_page_text", "jsonl", "registry", "fetch")
    late = {f"digest_tui.core.sources.{name}" for name in sources}
    late |= {"digest_tui.core.export", "digest_tui.core.fetching", "digest_tui.core.search.index"}
    early = [m for m in loaded if m in late or m.split(".")[0] in ("whoosh", "numpy", "rapidfuzz")]
    assert early == []
