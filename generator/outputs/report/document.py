"""The compiled report as a Word document: a template rendered with docxtpl.

The template (generator/templates/report/party.docx or state.docx by `report.style`, or an office's
own, `--template`) holds all the wording and layout; `render` fills it with a `ReportContent`. Every
value from the data reaches the document's XML escaped (`finalize`): `<`, `&`, quotes, and the braces
docxtpl would read as template code; characters XML cannot hold are dropped. Agencies' Markdown
becomes Word paragraphs (`paragraphs` filter, paragraphs.py).
"""

from __future__ import annotations

import io
import zipfile
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError
from markupsafe import Markup

from generator import templating
from generator.formatting import vi_number, vi_percent
from generator.outputs.atomic import write_atomically
from generator.outputs.report.content import ReportContent
from generator.outputs.report.package import stable_bytes
from generator.outputs.report.paragraphs import paragraphs, xml_text

TEMPLATES = templating.TEMPLATES / "report"  # party.docx and state.docx (blueprint.py writes them)


class TemplateProblem(Exception):
    """The template cannot be used (not a Word document, or a tag Jinja cannot read), with the reason."""


def template_path(style: str) -> Path:
    """The bundled template of a layout: `party` or `state`."""
    return TEMPLATES / f"{style}.docx"


def figure(value: float | None, rate: bool = False) -> str:
    """A count (`1.234`) or a rate (`44,8%`); `—` when undefined."""
    if value is None:
        return "—"
    return vi_percent(value) if rate else vi_number(value)


def signed(value: float | None, rate: bool = False) -> str:
    """A change: `+3`, `-2`, `0`; rates in percentage points with one decimal (`+4,8`)."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    return ("+" if value > 0 else "-") + vi_number(abs(value), 1 if rate else None)


_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def _finalize(value: Any) -> Any:
    """Every `{{ value }}` (inside a run's text): XML and template-safe text, line breaks and tabs as Word's,
    unless it is already Word XML (a filter's Markup)."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    return Markup(xml_text(str(value)).replace("\n", _BREAK).replace("\t", _TAB))


@cache
def environment() -> Environment:
    """The reports' Jinja environment; a template's XML is compiled once however many reports it makes."""
    env = templating.environment(autoescape=True, filters={"paragraphs": paragraphs, "figure": figure,
                                                             "signed": signed})
    env.finalize = _finalize
    env.from_string = lru_cache(maxsize=16)(env.from_string)  # type: ignore[method-assign]
    return env


@cache
def _template_class():
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        """docxtpl's template without two passes this report needs not: `resolve_listing` (line breaks and
        tabs are written by `_finalize` and `paragraphs`) and `fix_tables` (no `{%tc %}` column loops);
        the rendered XML is parsed strictly, so a fault is an error, never silently repaired."""

        def resolve_listing(self, xml: str) -> str:
            return xml

        def fix_tables(self, xml: str):
            return parse_xml(xml)  # python-docx's parser, so the body gets python-docx's element classes

        def fix_docpr_ids(self, tree) -> None:  # drawings repeated by a loop get ids of their own
            for element in tree.iter(qn("wp:docPr")):
                self.docx_ids_index += 1
                element.set("id", str(self.docx_ids_index))

    return Template


def render(content: ReportContent, template: Path | None = None) -> bytes:
    """The report as the bytes of a .docx file (the same bytes for the same content and template)."""
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    source = template or template_path(content.header.style)
    document = _template_class()(source)
    try:
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateProblem(f"{source.name} không phải tệp Word (.docx) dùng được ({exc})") from exc
    try:
        document.render({"report": content}, environment(), autoescape=True)
    except XMLSyntaxError as exc:
        raise TemplateProblem(f"mẫu {source.name} tạo ra nội dung Word không hợp lệ ({exc})") from exc
    except TemplateError as exc:
        where = f" (dòng mẫu: {' '.join(getattr(exc, 'docx_context', []))})" if hasattr(exc, "docx_context") else ""
        raise TemplateProblem(f"thẻ trong mẫu {source.name} không đọc được: {exc}{where}") from exc
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_bytes(buffer.getvalue())


def write(content: ReportContent, out: Path, template: Path | None = None) -> Path:
    """Render and write `out` (whole or not at all)."""
    write_atomically(out, render(content, template))
    return out
