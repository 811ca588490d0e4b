"""Stage 4, render: pages to Markdown files in the generated docs folder.

Templates are Jinja2 files in `generator/templates/`, rendered with
autoescaping (every value from the data is HTML-escaped unless it went
through the sanitiser) and `StrictUndefined` (a missing value fails loudly).
Only files whose content changed are rewritten, so MkDocs and browsers see
stable files; files no longer produced are removed.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path

import plotly
from jinja2 import Environment
from pydantic import BaseModel

from generator import templating
from generator.data.rules import CYCLES
from generator.formatting import vi_number
from generator.site.charts import COLOURS
from generator.site.html_blocks import END, FENCE
from generator.site.pages import Page
from generator.site.text import fold, inline_code, markdown_html, safe_title
from generator.stats.figures import CATEGORIES, RATE_KEYS
from generator.vocabulary import SUBMISSION_LABELS

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def page_url(path: str) -> str:
    """`nhiem-vu/1.1.md` -> `nhiem-vu/1.1/`; `index.md` -> `` (directory URLs, as MkDocs builds them)."""
    stem = path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_path: str, to_path: str, anchor: str = "") -> str:
    """The href from one generated page to another (or to a file), relative so it works under any base URL."""
    target = page_url(to_path) if to_path.endswith(".md") else to_path
    depth = page_url(from_path).count("/")
    return ("../" * depth + target or "./") + (f"#{anchor}" if anchor else "")


def _figure(figure: dict) -> str:
    return json.dumps(figure, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_nan_free)


def _nan_free(value):  # numpy scalars
    return value.item() if hasattr(value, "item") else str(value)


def _amount(value: float | None, percent: bool = False) -> str:
    """An indicator's value: `1.234,5`, or `85,5%` for a percentage indicator; `—` when there is none."""
    if value is None:
        return "—"
    return vi_number(value) + ("%" if percent else "")


def environment() -> Environment:
    filters = {"md": markdown_html, "figure": _figure, "fold": fold, "code": inline_code,
               "submission": SUBMISSION_LABELS.__getitem__, "amount": _amount, "colour": COLOURS.__getitem__}
    env = templating.environment(autoescape=True, filters=filters)
    # the statistics' own lists, in their order: the columns and legends of every table of categories
    env.globals.update(categories=CATEGORIES, rate_keys=RATE_KEYS, cycles={k: v.vi for k, v in CYCLES.items()})
    return env


def render_page(env: Environment, page: Page) -> str:
    body = env.get_template(page.template).render(page=page.context, link=partial(relative_url, page.path),
                                                  path=page.path)
    title = json.dumps(safe_title(page.title), ensure_ascii=False)
    return f"---\ntitle: {title}\n---\n\n{fence_html(body)}\n"


_HEADING = re.compile(r"#{1,6} ")


def fence_html(body: str) -> str:
    """The page's HTML blocks between `html_blocks` fences, its Markdown headings between them."""
    parts: list[str] = []
    block: list[str] = []

    def close() -> None:
        text = "\n".join(block).strip("\n")
        if text.strip():
            parts.append(f"{FENCE}\n{text}\n{END}")
        block.clear()

    for line in body.strip().splitlines():
        if _HEADING.match(line):
            close()
            parts.append(line)
        else:
            block.append(line)
    close()
    return "\n\n".join(parts)


def write_if_changed(path: Path, content: str | bytes) -> bool:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


class GeneratedFolder:
    """The generated docs folder, written page by page and file by file, again at every update.

    Only files whose content changed are rewritten, so the engines (and the live preview, which rebuilds
    the pages whose Markdown is newer than their HTML) see stable files. A page whose inputs (template,
    title, context) equal those of its last rendering is not rendered again: the same inputs give the
    same Markdown. Each update is `write_pages` and `write_files` as often as needed, then `finish`,
    which removes what the update did not produce, except the files in `kept` (written apart from the
    updates: the live preview's download files).
    """

    def __init__(self, out: Path, static: Path) -> None:
        self.out, self.static = out, static
        self.kept: set[str] = set()
        self._env = environment()
        self._inputs: dict[str, tuple] = {}  # path -> the inputs of its last rendering
        self._produced: set[str] = set()
        self._counts = {"rendered": 0, "changed": 0}

    def write_pages(self, pages: Iterable[Page]) -> None:
        seen: dict = {}  # for `same_inputs`, across the pages of one call
        for page in pages:
            self._produced.add(page.path)
            inputs = (page.template, page.title, page.context)
            previous = self._inputs.get(page.path)
            if previous is not None and same_inputs(previous, inputs, seen) and (self.out / page.path).is_file():
                continue
            self._counts["rendered"] += 1
            self._counts["changed"] += write_if_changed(self.out / page.path, render_page(self._env, page))
            self._inputs[page.path] = inputs

    def write_files(self, files: dict[str, Path]) -> None:
        """Copy files into the folder: site path -> source."""
        for relative, source in files.items():
            if relative not in self._produced:
                self._produced.add(relative)
                self._counts["changed"] += write_if_changed(self.out / relative, source.read_bytes())

    def write_static(self) -> None:
        """The hand-written sources beside the docs folder (`docs/`: guide, assets, schemas) and plotly.js."""
        files = {"assets/javascripts/plotly.min.js": PLOTLY_JS}
        for source in sorted(self.static.rglob("*")):
            relative = source.relative_to(self.static).as_posix()
            if source.is_file() and not relative.startswith(("generated/", "overrides/")):
                files.setdefault(relative, source)
        self.write_files(files)

    def finish(self) -> dict:
        """Remove what this update did not produce; what it did: pages, pages rendered, files changed, removed."""
        removed = 0
        for path in sorted(self.out.rglob("*"), reverse=True):
            relative = path.relative_to(self.out).as_posix()
            if path.is_file() and relative not in self._produced and relative not in self.kept:
                path.unlink()
                self._inputs.pop(relative, None)
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        summary = {"pages": sum(1 for p in self._produced if p.endswith(".md")), **self._counts, "removed": removed}
        self._produced = set()
        self._counts = {"rendered": 0, "changed": 0}
        return summary


_ATOMS = frozenset({str, int, float, bool, type(None), date, datetime})


def same_inputs(a: object, b: object, seen: dict) -> bool:
    """Whether two page inputs are equal, value by value, as a template reads them.

    Dataclasses and pydantic models are compared field by field (a dataclass declared `eq=False` is the
    same only as itself), lists, tuples and dicts item by item in order (a template shows them in that
    order), anything else with `==`. `seen` remembers the pairs of objects already compared: pages
    share rows, links and reports, and comparing a report's entries once is enough.
    """
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in _ATOMS:
        return a == b
    key = (id(a), id(b))
    known = seen.get(key)
    if known is not None:
        return known
    if kind is list or kind is tuple:
        result = len(a) == len(b) and all(same_inputs(x, y, seen) for x, y in zip(a, b))
    elif kind is dict:
        result = list(a) == list(b) and all(same_inputs(value, b[k], seen) for k, value in a.items())
    elif isinstance(a, BaseModel):
        result = all(same_inputs(getattr(a, name, None), getattr(b, name, None), seen)
                     for name in ("__dict__", "__pydantic_extra__", "__pydantic_private__"))
    elif dataclasses.is_dataclass(a):
        result = kind.__dataclass_params__.eq and all(
            same_inputs(getattr(a, f.name), getattr(b, f.name), seen) for f in dataclasses.fields(a))
    else:
        result = a == b
    seen[key] = result
    return result
