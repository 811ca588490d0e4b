"""Stage 4, render: pages to Markdown files in the generated docs folder.

Templates are Jinja2 files in `generator/templates/`, rendered with
autoescaping (every value from the data is HTML-escaped unless it went
through the sanitiser) and `StrictUndefined` (a missing value fails loudly).
Only files whose content changed are rewritten, so MkDocs and browsers see
stable files; files no longer produced are removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import plotly
from jinja2 import Environment

from generator import templating
from generator.formatting import vi_number
from generator.site.charts import COLOURS
from generator.site.pages import Page
from generator.site.text import fold, inline_code, markdown_html, safe_title
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
    return templating.environment(autoescape=True, filters=filters)


def render_page(env: Environment, page: Page) -> str:
    body = env.get_template(page.template).render(page=page.context, link=partial(relative_url, page.path),
                                                  path=page.path)
    title = json.dumps(safe_title(page.title), ensure_ascii=False)
    return f"---\ntitle: {title}\n---\n\n{body.strip()}\n"


def write_if_changed(path: Path, content: str | bytes) -> bool:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def render_site(pages: Iterable[Page], out: Path, static: Path, extra_files: dict[str, Path] | None = None) -> dict:
    """Render every page into `out`, copy the static sources, drop what is no longer produced."""
    env = environment()
    produced: set[str] = set()
    changed = 0
    for page in pages:
        produced.add(page.path)
        changed += write_if_changed(out / page.path, render_page(env, page))
    files = dict(extra_files or {})
    files["assets/javascripts/plotly.min.js"] = PLOTLY_JS
    for source in sorted(static.rglob("*")):
        relative = source.relative_to(static).as_posix()
        if source.is_file() and not relative.startswith(("generated/", "overrides/")):
            files.setdefault(relative, source)
    for relative, source in files.items():
        if relative in produced:
            continue
        produced.add(relative)
        changed += write_if_changed(out / relative, source.read_bytes())
    removed = 0
    for path in sorted(out.rglob("*"), reverse=True):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and relative not in produced:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return {"pages": sum(1 for p in produced if p.endswith(".md")), "changed": changed, "removed": removed}
