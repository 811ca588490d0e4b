"""Word building blocks of the report templates (python-docx): the page, the paragraph styles, page
numbers, and the paragraphs, solid lines and tables blueprint.py lays out."""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
TEXT_WIDTH = 16.5  # cm: 210 mm - 30 mm - 15 mm
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)


def page(doc) -> None:
    """A4, margins top 20, bottom 20, left 30, right 15 mm."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.start_type = WD_SECTION.NEW_PAGE


def paragraph_styles(doc, *, issuer_size: int, title_size: int, recipients_size: int) -> None:
    """Times New Roman, Vietnamese; the styles named \"Báo cáo - …\" the templates and paragraphs.py use."""
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = run_defaults.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    run_defaults.find(qn("w:lang")).set(qn("w:val"), "vi-VN")
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    def add(style_id: str, name: str, *, size: float = 14, bold: bool = False, italic: bool = False,
            align=None, indent: float = 0.0, left: float = 0.0, before: float = 0.0, after: float = 0.0,
            spacing: float = 1.0, keep: bool = False, break_before: bool = False):
        new = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        new.style_id = style_id
        new.base_style = normal
        new.quick_style = True
        new.font.size, new.font.bold, new.font.italic = Pt(size), bold, italic
        fmt = new.paragraph_format
        if align is not None:
            fmt.alignment = align
        fmt.first_line_indent, fmt.left_indent = Cm(indent), Cm(left)
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), spacing
        fmt.keep_with_next, fmt.page_break_before, fmt.widow_control = keep, break_before, True
        return new

    body = dict(size=14, align=JUSTIFY, indent=1.27, after=6, spacing=1.1)
    add("BCDoanVan", "Báo cáo - Đoạn văn", **body)
    add("BCGach1", "Báo cáo - Gạch đầu dòng", **body)
    add("BCGach2", "Báo cáo - Gạch đầu dòng cấp 2", **{**body, "left": 0.63})
    add("BCMuc1", "Báo cáo - Mục lớn", bold=True, align=JUSTIFY, indent=1.27, before=12, after=6, keep=True)
    add("BCMuc2", "Báo cáo - Mục", bold=True, align=JUSTIFY, indent=1.27, after=6, keep=True)
    add("BCMuc3", "Báo cáo - Tiểu mục", bold=True, italic=True, align=JUSTIFY, indent=1.27, after=6, keep=True)
    add("BCLoai", "Báo cáo - Tên loại văn bản", size=title_size, bold=True, align=CENTER, before=12,
        keep=True)
    add("BCTrichYeu", "Báo cáo - Trích yếu", bold=True, align=CENTER, keep=True)
    add("BCDau", "Báo cáo - Phần đầu", size=issuer_size, align=CENTER)
    add("BCBang", "Báo cáo - Bảng", size=12, align=LEFT)
    add("BCBangSo", "Báo cáo - Bảng, số", size=12, align=RIGHT)
    add("BCBangDau", "Báo cáo - Bảng, tiêu đề", size=12, bold=True, align=CENTER)
    add("BCNoiNhan", "Báo cáo - Nơi nhận", size=recipients_size, align=LEFT)
    add("BCChuKy", "Báo cáo - Chữ ký", bold=True, align=CENTER)
    add("BCPhuLuc", "Báo cáo - Phụ lục", bold=True, align=CENTER, keep=True, break_before=True)
    add("BCDong", "Báo cáo - Đường kẻ", size=2, align=CENTER, before=3)


def properties(doc) -> None:
    props = doc.core_properties
    props.title = "Báo cáo tổng hợp"
    props.author = props.last_modified_by = "tiendo"
    props.comments = "Mẫu báo cáo tổng hợp của tiendo: sửa câu chữ trong Word, giữ nguyên các thẻ của mẫu."
    props.revision = 1
    package = doc.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]


def page_numbers(doc) -> None:
    """Page numbers centred in the top margin from page 2; the first page has an empty header."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.style = doc.styles["Báo cáo - Phần đầu"]
    paragraph.paragraph_format.alignment = CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {text} "
            run._r.append(instruction)
        else:
            value = OxmlElement("w:t")
            value.text = "2"
            run._r.append(value)
    run.font.size = Pt(14)
    section.first_page_header.paragraphs[0].text = ""


def para(container, *runs, style: str = "Báo cáo - Đoạn văn", align=None, size: float | None = None,
         before: float | None = None):
    """A paragraph of runs: each a text, or (text, "b"/"i"/"u"/"bi"...) for bold, italic, underline."""
    paragraph = container.add_paragraph(style=style)
    if align is not None:
        paragraph.paragraph_format.alignment = align
    if before is not None:
        paragraph.paragraph_format.space_before = Pt(before)
    for item in runs:
        text, marks = (item, "") if isinstance(item, str) else item
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = ("b" in marks) or None, ("i" in marks) or None, ("u" in marks) or None
        if size:
            run.font.size = Pt(size)
    return paragraph


def tag(container, text: str):
    """A paragraph holding one docxtpl tag (`{%p ... %}`, `{{p ... }}`): it is replaced when rendering."""
    return para(container, text)


def line(container, width: float, within: float):
    """A solid line `width` cm long, centred in a space `within` cm wide (an empty paragraph's top border)."""
    paragraph = container.add_paragraph(style="Báo cáo - Đường kẻ")
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(max(0.0, (within - width) / 2))
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        top.set(qn(key), value)
    border.append(top)
    paragraph._p.get_or_add_pPr().append(border)
    return paragraph


def table(container, widths: list[float], *, grid: bool = True, margins: float | None = None):
    created = container.add_table(rows=0, cols=len(widths))
    created.autofit = False
    created.alignment = WD_TABLE_ALIGNMENT.CENTER
    if grid:
        created.style = "Table Grid"
    properties = created._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    if margins is not None:
        cell_margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            element = OxmlElement(f"w:{side}")
            element.set(qn("w:w"), str(int(margins * 567)))
            element.set(qn("w:type"), "dxa")
            cell_margins.append(element)
        properties.append(cell_margins)
    for column, width in zip(created.columns, widths, strict=True):
        column.width = Cm(width)
    return created


def row(created, cells: list, *, style: str = "Báo cáo - Bảng", header: bool = False, styles: list | None = None):
    """A table row, never split across pages: each cell a text (or None: empty); a `header` row repeats
    on every page."""
    added = created.add_row()
    properties = added._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))
    for n, (cell, text) in enumerate(zip(added.cells, cells, strict=True)):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if header else WD_CELL_VERTICAL_ALIGNMENT.TOP
        paragraph = cell.paragraphs[0]
        paragraph.style = (styles[n] if styles else None) or style
        if text:
            paragraph.add_run(text)
    return added


def loop_rows(created, opening: str, cells: list, closing: str = "{%tr endfor %}", styles: list | None = None):
    """Three rows: `{%tr for ... %}`, the repeated row, `{%tr endfor %}`."""
    blank = [None] * len(cells)
    row(created, [opening, *blank[1:]])
    repeated = row(created, cells, styles=styles)
    row(created, [closing, *blank[1:]])
    return repeated


def span(created_row):
    """Merge a row's cells into one."""
    cells = created_row.cells
    merged = cells[0].merge(cells[-1])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    return merged
