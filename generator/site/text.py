"""Agencies' text made safe for the site.

- `markdown_html`: their Markdown rendered, then sanitised with nh3 (raw
  HTML, event handlers, `javascript:` and `data:` URLs never reach a page).
- `inline_code`: plain text whose `backtick` spans are code (the rule messages), escaped.
- `safe_title`: text for page titles, which MkDocs themes insert unescaped.
- `fold`: accent-free lowercase text for filters (`kiem soat` finds `kiểm soát`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup, escape

_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "blockquote", "a", "table",
         "thead", "tbody", "tr", "th", "td", "h4", "h5", "h6", "hr", "del", "sup", "sub"}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_MARKDOWN = markdown.Markdown(extensions=["sane_lists", "tables", "nl2br"], output_format="html")


@lru_cache(maxsize=4096)
def markdown_html(text: str | None) -> Markup:
    """Markdown -> sanitised HTML, as one line (safe inside any Markdown page)."""
    if not text or not text.strip():
        return Markup("")
    html = _MARKDOWN.reset().convert(text)
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    # one line: a blank line would end the raw HTML block and expose the rest to Markdown
    return Markup(clean.replace("\r", "").replace("\n", " "))


_CODE = re.compile(r"`([^`\n]+)`")


def inline_code(text: str) -> Markup:
    """`Thêm dấu `:` sau tên trường` -> escaped text with the span as <code>:</code>."""
    parts = _CODE.split(str(text))
    return Markup("").join(Markup("<code>{}</code>").format(part) if i % 2 else escape(part)
                           for i, part in enumerate(parts))


_UNSAFE_TITLE = re.compile(r"[^\w\s.,;:()/\-–—“”‘’!?%+]", re.UNICODE)


def safe_title(text: str, limit: int = 90) -> str:
    """Text for page titles and navigation: no markup characters at all, shortened."""
    clean = " ".join(_UNSAFE_TITLE.sub(" ", text).split())
    return clean if len(clean) <= limit else clean[: limit - 1].rstrip() + "…"


def fold(text: str) -> str:
    """`Kiểm soát Đất đai` -> `kiem soat dat dai`."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
