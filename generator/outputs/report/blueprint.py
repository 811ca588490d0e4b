"""The source of the report templates: `python -m generator.outputs.report.blueprint` writes
generator/templates/report/party.docx and state.docx, byte for byte the same on every run.

The templates are ordinary Word documents holding the report's wording and layout, with docxtpl's
Jinja tags where the figures and the agencies' texts go (`{{ ... }}`, and `{%p ... %}`, `{%tr ... %}`
for paragraphs and table rows that repeat or appear under a condition). An office changes the wording
by opening a copy in Word (`tiendo report --template FILE.docx`); this script is how the bundled ones
are made, so that a change of wording is reviewed as text. The tests check the committed files are
what it writes.

Layout: A4, margins top 20, bottom 20, left 30, right 15 mm; Times New Roman; the header block by
Hướng dẫn 36-HD/VPTW (party) or Nghị định 30/2020/NĐ-CP, appendix I (state). Sizes in points.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from generator.outputs.report.package import stable_zip

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "report"
FONT = "Times New Roman"
TEXT_WIDTH = 16.5  # cm: 210 mm - 30 mm - 15 mm
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)


@dataclass(frozen=True)
class Style:
    """What differs between a Party and a State document."""

    name: str
    columns: tuple[float, float]  # header block: issuer | motto (cm)
    issuer_size: int
    title_size: int
    recipients_size: int
    separator: str  # after each recipient but the last


PARTY = Style("party", (7.9, 8.6), 14, 16, 12, ",")
STATE = Style("state", (6.3, 10.2), 13, 14, 11, ";")

H = "report.header"
P = "report.plan"


def build(style: Style) -> Document:
    doc = Document()
    _page(doc)
    _styles(doc, style)
    _header_block(doc, style)
    _title(doc, style)
    _body(doc)
    _signature(doc, style)
    _appendices(doc, style)
    _page_numbers(doc)
    _properties(doc)
    return doc


# --- page, styles, properties ---------------------------------------------------------------------------


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.start_type = WD_SECTION.NEW_PAGE


def _styles(doc, style: Style) -> None:
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
    add("BCLoai", "Báo cáo - Tên loại văn bản", size=style.title_size, bold=True, align=CENTER, before=12,
        keep=True)
    add("BCTrichYeu", "Báo cáo - Trích yếu", bold=True, align=CENTER, keep=True)
    add("BCDau", "Báo cáo - Phần đầu", size=style.issuer_size, align=CENTER)
    add("BCBang", "Báo cáo - Bảng", size=12, align=LEFT)
    add("BCBangSo", "Báo cáo - Bảng, số", size=12, align=RIGHT)
    add("BCBangDau", "Báo cáo - Bảng, tiêu đề", size=12, bold=True, align=CENTER)
    add("BCNoiNhan", "Báo cáo - Nơi nhận", size=style.recipients_size, align=LEFT)
    add("BCChuKy", "Báo cáo - Chữ ký", bold=True, align=CENTER)
    add("BCPhuLuc", "Báo cáo - Phụ lục", bold=True, align=CENTER, keep=True, break_before=True)
    add("BCDong", "Báo cáo - Đường kẻ", size=2, align=CENTER, before=3)


def _properties(doc) -> None:
    props = doc.core_properties
    props.title = "Báo cáo tổng hợp"
    props.author = props.last_modified_by = "tiendo"
    props.comments = "Mẫu báo cáo tổng hợp của tiendo: sửa câu chữ trong Word, giữ nguyên các thẻ của mẫu."
    props.revision = 1
    package = doc.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]


def _page_numbers(doc) -> None:
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


# --- building blocks ------------------------------------------------------------------------------------


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


def line(container, width: float, within: float, *, under: bool = True):
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


def span(created_row, style: str = "Báo cáo - Bảng"):
    """Merge a row's cells into one."""
    cells = created_row.cells
    merged = cells[0].merge(cells[-1])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    return merged


# --- the document ----------------------------------------------------------------------------------------


def _header_block(doc, style: Style) -> None:
    left_width, right_width = style.columns
    block = table(doc, [left_width, right_width], grid=False, margins=0)
    top = block.add_row().cells
    bottom = block.add_row().cells
    left, right = top
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    dau = "Báo cáo - Phần đầu"
    tag(left, "{%p if " + H + ".parent %}")
    para(left, "{{ " + H + ".parent|upper }}", style=dau)
    tag(left, "{%p endif %}")
    para(left, ("{{ " + H + ".issuer|upper }}", "b"), style=dau)
    if style is PARTY:
        para(left, "*", style=dau)
        para(right, ("ĐẢNG CỘNG SẢN VIỆT NAM", "b"), style=dau, size=15)
        line(right, 7.29, right_width)  # as long as the title (Times New Roman bold 15 pt)
        number = "Số …-{{ " + H + ".symbol }}"
    else:
        line(left, 2.0, left_width)  # a third to a half of the issuer's name
        para(right, ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"), style=dau, size=13)
        para(right, ("Độc lập - Tự do - Hạnh phúc", "b"), style=dau, size=14)
        line(right, 6.05, right_width)  # as long as the motto (Times New Roman bold 14 pt)
        number = "Số: …/{{ " + H + ".symbol }}"
    number_cell, date_cell = bottom
    for cell in bottom:
        cell.paragraphs[0].style = dau
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    number_cell.paragraphs[0].add_run(number)
    date_cell.paragraphs[0].add_run("{{ " + H + ".place or '……' }}, ngày … tháng … năm …").italic = True


def _title(doc, style: Style) -> None:
    para(doc, "BÁO CÁO", style="Báo cáo - Tên loại văn bản")
    para(doc, "Kết quả thực hiện Kế hoạch số {{ " + P + ".code }} ngày {{ " + P + ".issued_on|vdate }} của {{ "
         + P + ".issued_by }}, {{ report.period.label }}", style="Báo cáo - Trích yếu")
    if style is PARTY:
        para(doc, "-----", style="Báo cáo - Trích yếu")
    else:
        line(doc, 5.0, TEXT_WIDTH)
    para(doc, "", style="Báo cáo - Đoạn văn")


def _body(doc) -> None:
    o = "report.overall"
    t = o + ".figures"
    b = o + ".previous"
    c = "report.compliance"
    para(doc, "Thực hiện Kế hoạch số {{ " + P + ".code }} ngày {{ " + P + ".issued_on|vdate }} của {{ " + P
         + ".issued_by }} “{{ " + P + ".title }}”, trên cơ sở báo cáo của {{ " + c + ".received|num }}/{{ " + c
         + ".rows|length|num }} cơ quan, {{ " + H + ".issuer }} tổng hợp kết quả thực hiện {{ report.period.label }}"
         " (số liệu từ ngày {{ report.window_start|vdate }} đến ngày {{ report.reference_date|vdate }}) như sau:")

    para(doc, "I. KẾT QUẢ CHUNG", style="Báo cáo - Mục lớn")
    para(doc, "Đến ngày {{ report.reference_date|vdate }}, Kế hoạch có {{ " + t + ".tasks|num }} nhiệm vụ, gồm {{ "
         + t + ".one_off|num }} nhiệm vụ có thời hạn và {{ " + t + ".recurring|num }} nhiệm vụ thường xuyên.")
    tag(doc, "{%p if " + t + ".one_off %}")
    para(doc, "Trong số nhiệm vụ có thời hạn: đã hoàn thành {{ " + t + ".completed|num }} nhiệm vụ, đạt {{ " + t
         + ".completion_rate|pct }} (đúng hạn {{ " + t + ".completed_on_time|num }}, trễ hạn {{ " + t
         + ".completed_late|num }}{% if " + t + ".on_time_rate is not none %}; tỷ lệ hoàn thành đúng hạn {{ " + t
         + ".on_time_rate|pct }}{% endif %}); đang thực hiện trong hạn {{ " + t + ".in_progress|num }}; chưa triển "
         "khai {{ " + t + ".not_started|num }}; chưa có báo cáo {{ " + t + ".not_reported|num }}; quá hạn {{ " + t
         + ".overdue|num }} nhiệm vụ ({{ " + t + ".overdue_rate|pct }}). Tiến độ bình quân theo trọng số đạt {{ " + t
         + ".weighted_progress|pct }}.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if " + t + ".recurring %}")
    para(doc, "Nhiệm vụ thường xuyên: {{ " + t + ".recurring_reported|num }}/{{ " + t + ".recurring|num }} nhiệm "
         "vụ có báo cáo kết quả trong kỳ.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if " + b + " %}")
    para(doc, "So với {{ " + o + ".previous_period.label }}: số nhiệm vụ hoàn thành {{ " + t + ".completed|num }} "
         "({{ (" + t + ".completed - " + b + ".completed)|signed }}), quá hạn {{ " + t + ".overdue|num }} ({{ (" + t
         + ".overdue - " + b + ".overdue)|signed }}); tỷ lệ hoàn thành {{ " + t + ".completion_rate|pct }} (kỳ trước "
         "{{ " + b + ".completion_rate|pct }}); {{ " + o + ".changed|num }} nhiệm vụ thay đổi tình trạng hoặc tiến độ"
         "{% if " + o + ".completed %}; hoàn thành trong kỳ: {{ " + o + ".completed|map(attribute='id')|join(', ') }}"
         "{% endif %}{% if " + o + ".newly_overdue %}; chuyển sang quá hạn: {{ " + o
         + ".newly_overdue|map(attribute='id')|join(', ') }}{% endif %}.")
    tag(doc, "{%p endif %}")
    para(doc, ("Bảng 1. Số liệu tổng hợp", "i"), align=CENTER)
    overall = table(doc, [8.1, 2.8, 2.8, 2.8])
    row(overall, ["Chỉ số", "{{ " + o + ".previous_period.label if " + o + ".previous_period else 'Kỳ trước' }}",
                  "{{ report.period.label }}", "Tăng (+), giảm (-)"], style="Báo cáo - Bảng, tiêu đề", header=True)
    number = "Báo cáo - Bảng, số"
    loop_rows(overall, "{%tr for line in " + o + ".rows %}",
              ["{{ line.key|label }}", "{{ line.before|figure(line.rate) }}", "{{ line.now|figure(line.rate) }}",
               "{{ line.change|signed(line.rate) }}"], styles=[None, number, number, number])
    tag(doc, "{%p if " + o + ".groups %}")
    para(doc, ("Bảng 2. Số liệu theo nhóm nhiệm vụ", "i"), align=CENTER, before=6)
    groups = table(doc, [6.5, 2.0, 2.0, 2.0, 2.0, 2.0])
    row(groups, ["Nhóm nhiệm vụ", "Số nhiệm vụ", "Hoàn thành", "Quá hạn", "Tỷ lệ hoàn thành", "Tiến độ bình quân"],
        style="Báo cáo - Bảng, tiêu đề", header=True)
    loop_rows(groups, "{%tr for g in " + o + ".groups %}",
              ["{{ g.id }}. {{ g.title }}", "{{ g.figures.tasks|num }}", "{{ g.figures.completed|num }}",
               "{{ g.figures.overdue|num }}", "{{ g.figures.completion_rate|pct }}",
               "{{ g.figures.weighted_progress|pct }}"], styles=[None, *[number] * 5])
    tag(doc, "{%p endif %}")

    para(doc, "II. KẾT QUẢ THỰC HIỆN CÁC NHÓM NHIỆM VỤ", style="Báo cáo - Mục lớn")
    tag(doc, "{%p if report.summaries %}")
    para(doc, "Kết quả chung do các cơ quan báo cáo:")
    tag(doc, "{%p for s in report.summaries %}")
    tag(doc, "{{p s.text|paragraphs(s.agency) }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for g in report.results %}")
    para(doc, "{{ loop.index }}. {% if g.id %}Nhóm {{ g.id }}: {{ g.title }}{% else %}Các nhiệm vụ{% endif %}",
         style="Báo cáo - Mục")
    tag(doc, "{%p if g.figures %}")
    para(doc, "Nhóm có {{ g.figures.tasks|num }} nhiệm vụ; đã hoàn thành {{ g.figures.completed|num }}/{{ "
         "g.figures.one_off|num }} nhiệm vụ có thời hạn ({{ g.figures.completion_rate|pct }}), quá hạn {{ "
         "g.figures.overdue|num }}.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for t in g.tasks %}")
    para(doc, "Nhiệm vụ {{ t.id }}. {{ t.title }} ({{ t.category|category|lower }}{% if t.progress is not none "
         "and t.category in ('in_progress', 'overdue') %}, {{ t.progress|num }}%{% endif %})",
         style="Báo cáo - Tiểu mục")
    tag(doc, "{%p for x in t.texts %}")
    tag(doc, "{{p x.text|paragraphs(x.agency) }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, ("Chưa có kết quả được báo cáo trong kỳ.", "i"))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    para(doc, "III. NHIỆM VỤ QUÁ HẠN", style="Báo cáo - Mục lớn")
    tag(doc, "{%p if report.overdue %}")
    para(doc, "Đến ngày {{ report.reference_date|vdate }} có {{ report.overdue|length|num }} nhiệm vụ quá hạn:")
    overdue = table(doc, [1.0, 4.4, 2.5, 2.7, 2.5, 1.7, 1.7])
    row(overdue, ["Số", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Quá hạn (ngày)", "Tiến độ"],
        style="Báo cáo - Bảng, tiêu đề", header=True)
    loop_rows(overdue, "{%tr for t in report.overdue %}",
              ["{{ t.id }}", "{{ t.title }}", "{{ t.lead }}", "{{ t.support|join(', ') }}", "{{ t.due|vdate }}",
               "{{ t.days|num }}", "{% if t.progress is none %}chưa báo cáo{% else %}{{ t.progress|num }}%{% endif %}"],
              styles=[None, None, None, None, number, number, number])
    para(doc, "Khó khăn, vướng mắc và kiến nghị gần nhất của cơ quan chủ trì:", before=6)
    tag(doc, "{%p for t in report.overdue %}")
    para(doc, "Nhiệm vụ {{ t.id }} ({{ t.lead }}):", style="Báo cáo - Tiểu mục")
    tag(doc, "{%p if t.obstacles %}")
    tag(doc, "{{p t.obstacles.text|paragraphs('Khó khăn, vướng mắc (báo cáo ' ~ t.obstacles.period.label ~ ')') }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if t.proposals %}")
    tag(doc, "{{p t.proposals.text|paragraphs('Kiến nghị, đề xuất (báo cáo ' ~ t.proposals.period.label ~ ')') }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not t.obstacles and not t.proposals %}")
    para(doc, ("Cơ quan chủ trì chưa nêu khó khăn, kiến nghị.", "i"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "Đến ngày {{ report.reference_date|vdate }} không có nhiệm vụ quá hạn.")
    tag(doc, "{%p endif %}")

    para(doc, "IV. TÌNH HÌNH GỬI BÁO CÁO", style="Báo cáo - Mục lớn")
    para(doc, "Hạn gửi báo cáo {{ report.period.label }} là ngày {{ " + c + ".due|vdate }}. Đã nhận {{ " + c
         + ".received|num }}/{{ " + c + ".rows|length|num }} báo cáo, trong đó {{ " + c + ".on_time|num }} báo cáo "
         "đúng hạn{% if " + c + ".names('late') %}; gửi trễ hạn: {{ " + c + ".names('late')|join(', ') }}{% endif %}"
         "{% if " + c + ".names('missing') %}; chưa gửi: {{ " + c + ".names('missing')|join(', ') }}{% endif %}.")
    compliance = table(doc, [1.2, 8.3, 3.0, 4.0])
    row(compliance, ["STT", "Cơ quan", "Ngày gửi", "Tình trạng"], style="Báo cáo - Bảng, tiêu đề", header=True)
    loop_rows(compliance, "{%tr for s in " + c + ".rows %}",
              ["{{ loop.index }}", "{{ s.agency }}", "{{ s.submitted_on|vdate }}",
               "{{ s.label|capitalize }}{% if s.days_late %} ({{ s.days_late|num }} ngày){% endif %}"],
              styles=["Báo cáo - Bảng, tiêu đề", None, "Báo cáo - Bảng", None])

    para(doc, "V. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT", style="Báo cáo - Mục lớn")
    tag(doc, "{%p for g in report.notes %}")
    para(doc, "{{ loop.index }}. {% if g.scope == 'general' %}Khó khăn, kiến nghị chung{% elif g.scope == 'group' %}"
         "Nhóm {{ g.id }}: {{ g.title }}{% else %}Các nhiệm vụ{% endif %}", style="Báo cáo - Mục")
    tag(doc, "{%p for a in g.agencies %}")
    para(doc, "{{ a.agency }}", style="Báo cáo - Tiểu mục")
    tag(doc, "{%p for n in a.notes %}")
    tag(doc, "{{p n.text|paragraphs(('Khó khăn, vướng mắc' if n.kind == 'obstacles' else 'Kiến nghị, đề xuất')"
             " ~ (' (nhiệm vụ ' ~ n.task ~ ')' if n.task else '')) }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "Các cơ quan không nêu khó khăn, vướng mắc hay kiến nghị trong kỳ.")
    tag(doc, "{%p endfor %}")
    closing = para(doc, "Trên đây là báo cáo kết quả thực hiện Kế hoạch số {{ " + P + ".code }} {{ "
                   "report.period.label }} của {{ " + H + ".issuer }}./.")
    closing.paragraph_format.keep_with_next = True


def _signature(doc, style: Style) -> None:
    block = table(doc, [7.5, 9.0], grid=False, margins=0)
    left, right = row(block, [None, None]).cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    recipients = "Báo cáo - Nơi nhận"
    if style is PARTY:
        para(left, ("Nơi nhận:", "u"), style=recipients, size=14)
    else:
        para(left, ("Nơi nhận:", "bi"), style=recipients, size=12)
    sep = style.separator
    tag(left, "{%p if " + H + ".recipients %}")
    tag(left, "{%p for r in " + H + ".recipients %}")
    para(left, "- {{ r }}{{ '.' if loop.last else '" + sep + "' }}", style=recipients)
    tag(left, "{%p endfor %}")
    tag(left, "{%p else %}")
    para(left, "- {{ " + P + ".issued_by }}" + sep, style=recipients)
    para(left, "- Lưu." if style is PARTY else "- Lưu: VT.", style=recipients)
    tag(left, "{%p endif %}")
    sign = "Báo cáo - Chữ ký"
    tag(right, "{%p if " + H + ".on_behalf %}")
    para(right, "{{ " + H + ".on_behalf|upper }}", style=sign)
    tag(right, "{%p endif %}")
    para(right, "{{ (" + H + ".title or '……')|upper }}", style=sign)
    for _ in range(4):
        para(right, "", style=sign)
    para(right, "{{ " + H + ".name or '' }}", style=sign)


def _appendices(doc, style: Style) -> None:
    number = "Báo cáo - Bảng, số"
    attached = ("(Kèm theo Báo cáo số …-{{ " + H + ".symbol }}" if style is PARTY
                else "(Kèm theo Báo cáo số: …/{{ " + H + ".symbol }}")
    attached += " ngày … tháng … năm … của {{ " + H + ".issuer }})"
    para(doc, "PHỤ LỤC I", style="Báo cáo - Phụ lục")
    para(doc, "DANH MỤC NHIỆM VỤ VÀ TÌNH TRẠNG THỰC HIỆN ĐẾN NGÀY {{ report.reference_date|vdate }}",
         style="Báo cáo - Trích yếu")
    para(doc, (attached, "i"), style="Báo cáo - Phần đầu", size=13)
    para(doc, "", style="Báo cáo - Phần đầu")
    tasks = table(doc, [1.1, 6.0, 3.0, 2.5, 2.5, 1.4])
    row(tasks, ["Số", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình trạng", "Tiến độ"],
        style="Báo cáo - Bảng, tiêu đề", header=True)
    blank = [None] * 6
    row(tasks, ["{%tr for g in report.appendix %}", *blank[1:]])
    row(tasks, ["{%tr if g.id %}", *blank[1:]])
    heading = row(tasks, blank)
    group = span(heading).paragraphs[0]
    group.add_run("Nhóm {{ g.id }}: {{ g.title }}").bold = True
    group.paragraph_format.keep_with_next = True
    row(tasks, ["{%tr endif %}", *blank[1:]])
    loop_rows(tasks, "{%tr for t in g.tasks %}",
              ["{{ t.id }}", "{{ t.title }}", "{{ t.lead }}",
               "{% if t.due %}{{ t.due|vdate }}{% else %}Thường xuyên{% endif %}", "{{ t.category|category }}",
               "{% if t.progress is not none %}{{ t.progress|num }}%{% endif %}"],
              styles=[None, None, None, None, None, number])
    row(tasks, ["{%tr endfor %}", *blank[1:]])

    tag(doc, "{%p if report.indicators %}")
    para(doc, "PHỤ LỤC II", style="Báo cáo - Phụ lục")
    para(doc, "CHỈ TIÊU CỦA CÁC NHIỆM VỤ ĐẾN NGÀY {{ report.reference_date|vdate }}", style="Báo cáo - Trích yếu")
    para(doc, (attached, "i"), style="Báo cáo - Phần đầu", size=13)
    para(doc, "", style="Báo cáo - Phần đầu")
    indicators = table(doc, [1.7, 4.6, 1.9, 2.0, 2.2, 2.0, 2.1])
    row(indicators, ["Nhiệm vụ", "Chỉ tiêu", "Đơn vị tính", "Trong kỳ", "Lũy kế đến kỳ", "Mục tiêu",
                     "Đạt (% mục tiêu)"], style="Báo cáo - Bảng, tiêu đề", header=True)
    loop_rows(indicators, "{%tr for i in report.indicators %}",
              ["{{ i.task }}", "{{ i.name }}", "{{ i.unit }}", "{{ i.in_period|num }}", "{{ i.cumulative|num }}",
               "{{ i.target|num }}", "{{ i.percent|pct }}"], styles=[None, None, None, *[number] * 4])
    tag(doc, "{%p endif %}")


def write(folder: Path = TEMPLATES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for style in (PARTY, STATE):
        path = folder / f"{style.name}.docx"
        build(style).save(path)
        stable_zip(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES):
        print(written_path)
