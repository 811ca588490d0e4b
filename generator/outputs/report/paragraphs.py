"""Agencies' Markdown as Word paragraphs (WordprocessingML), and any text made safe inside Word's XML.

Agencies write their results, obstacles and proposals in Markdown (contract section 6). In the compiled
report each block becomes a Word paragraph of the template's own styles: paragraphs and headings in the
body style, list items as the dashed paragraphs of Vietnamese documents ("- ", "+ " one level down,
"1. " for numbered items), **bold** and *italic* as run formatting; a line break starts a new paragraph
(as the site shows it on a new line; a break inside a justified paragraph would stretch the line). Nothing a
clerk typed is lost or read as markup: raw HTML stays text (`<b>` is printed as `<b>`), characters
XML cannot hold are dropped, and braces are written as character references so the template engine
never reads data as template code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

# paragraph styles every report template defines (generator/templates/report/*.docx)
BODY = "BCDoanVan"
LIST_STYLES = ("BCGach1", "BCGach2")
BULLETS = ("-", "+")

_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
# characters XML 1.0 cannot hold (tab, line feed and carriage return excepted), lone surrogates, non-characters
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "{": "&#123;", "}": "&#125;"})


def clean(text: str) -> str:
    """The text with line ends as `\\n` and without characters XML cannot hold."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def xml_text(text: str) -> str:
    """Text for an XML text node or attribute, also safe from the template engine (`{{`, `{%`)."""
    return clean(text).translate(_ESCAPES)


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """One paragraph: its runs, and its list marker and level when it is a list item."""

    runs: list[Run] = field(default_factory=list)
    marker: str = ""
    level: int = 0  # 0: not in a list; 1, 2: list depth (deeper lists are shown at depth 2)


def run_xml(run: Run) -> str:
    props = ("<w:b/><w:bCs/>" if run.bold else "") + ("<w:i/><w:iCs/>" if run.italic else "")
    body = ""
    for n, line in enumerate(clean(run.text).split("\n")):
        body += "<w:br/>" if n else ""
        for m, piece in enumerate(line.split("\t")):
            body += "<w:tab/>" if m else ""
            body += f'<w:t xml:space="preserve">{piece.translate(_ESCAPES)}</w:t>' if piece else ""  # cleaned
    if not body:
        return ""
    return f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>" if props else f"<w:r>{body}</w:r>"


def paragraph_xml(block: Block) -> str:
    style = LIST_STYLES[block.level - 1] if block.level else BODY
    marker = run_xml(Run(block.marker + " ")) if block.marker else ""
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{marker}'
            f'{"".join(run_xml(r) for r in block.runs)}</w:p>')


def paragraphs(text: str | None, lead: str = "") -> Markup:
    """Markdown as Word paragraphs; `lead` (an agency's name) in bold before the first one, followed by `: `.

    When the text starts with a list, the lead stands in a paragraph of its own above it.
    """
    found = list(blocks(text)) if text and text.strip() else []
    if lead:
        head = [Run(lead, bold=True), Run(": " if found and not found[0].level else (":" if found else ""))]
        if found and not found[0].level:
            found[0] = Block(head + found[0].runs)
        else:
            found.insert(0, Block(head))
    return Markup("".join(paragraph_xml(b) for b in found))


@lru_cache(maxsize=8192)
def blocks(text: str) -> tuple[Block, ...]:
    """Markdown -> paragraphs (cached: a text repeated in several sections is parsed once)."""
    reader = _Reader()
    for token in _PARSER.parse(clean(text)):
        reader.feed(token)
    return tuple(reader.out)


class _Reader:
    """Walks markdown-it's block tokens, keeping the open lists, headings and table rows."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.lists: list[list] = []  # open lists, innermost last: [ordered, number, delimiter]
        self.item_start = False  # the next paragraph begins a list item: it gets the marker
        self.heading = False
        self.row: list[list[Run]] | None = None  # cells of the table row being read

    def feed(self, token) -> None:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append([kind == "ordered_list_open", "", ""])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.lists[-1][1:] = [token.info, token.markup]
            self.item_start = True
        elif kind in ("heading_open", "heading_close"):
            self.heading = kind == "heading_open"
        elif kind == "tr_open":
            self.row = []
        elif kind == "tr_close":
            runs: list[Run] = []
            for n, cell in enumerate(self.row or []):
                runs.extend(([Run(" | ")] if n else []) + cell)
            self.row = None
            self.add([runs])
        elif kind == "inline" and self.row is not None:
            self.row.append([run for n, line in enumerate(_lines(token.children or []))
                             for run in ([Run(" ")] if n else []) + line])
        elif kind == "inline":
            self.add(_lines(token.children or [], bold=self.heading))
        elif kind in ("fence", "code_block"):
            self.add([[Run(line)] for line in token.content.rstrip("\n").split("\n")])

    def add(self, lines: list[list[Run]]) -> None:
        """One paragraph per line; a list item's marker on its first."""
        for runs in lines:
            block = Block(runs)
            if self.lists:
                block.level = min(len(self.lists), len(LIST_STYLES))
                if self.item_start:
                    ordered, number, delimiter = self.lists[-1]
                    block.marker = f"{number}{delimiter}" if ordered else BULLETS[block.level - 1]
                    self.item_start = False
            self.out.append(block)


def _lines(children, bold: bool = False) -> list[list[Run]]:
    """An inline token's children as lines of runs: emphasis as formatting, a link's address shown."""
    lines: list[list[Run]] = [[]]
    runs = lines[0]
    strong = emphasis = 0
    href: str | None = None
    link_text = ""
    for child in children:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
        elif kind in ("softbreak", "hardbreak"):
            runs = []
            lines.append(runs)
        elif kind == "link_open":
            href, link_text = str(child.attrs.get("href", "")), ""
        elif kind == "link_close":
            if href and href != link_text:
                runs.append(Run(f" ({href})", bold or strong > 0, emphasis > 0))
            href = None
        else:
            text = child.content
            if kind == "image":
                text = "".join(c.content for c in child.children or []) or str(child.attrs.get("src", ""))
            link_text += text
            if text:
                runs.append(Run(text, bold or strong > 0, emphasis > 0))
    return lines
