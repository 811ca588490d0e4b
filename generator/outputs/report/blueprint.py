"""The source of the report templates: `python -m generator.outputs.report.blueprint` writes
generator/templates/report/party.docx and state.docx, byte for byte the same on every run.

The templates are ordinary Word documents holding the report's wording and layout, with docxtpl's
Jinja tags where the figures and the agencies' texts go (`{{ ... }}`, and `{%p ... %}`, `{%tr ... %}`
for paragraphs and table rows that repeat or appear under a condition). An office changes the wording
by opening a copy in Word (`tiendo report --template FILE.docx`); this script is how the bundled ones
are made, so that a change of wording is reviewed as text. The tests check the committed files are
what it writes.

Layout (elements.py): A4, margins top 20, bottom 20, left 30, right 15 mm; Times New Roman; the
header block by Hướng dẫn 36-HD/VPTW (party) or Nghị định 30/2020/NĐ-CP, appendix I (state). Sizes in
points, widths in centimetres.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.shared import Pt

from generator.outputs.report.document import TEMPLATES
from generator.outputs.report.elements import (
    CENTER,
    TEXT_WIDTH,
    line,
    loop_rows,
    page,
    page_numbers,
    para,
    paragraph_styles,
    properties,
    row,
    span,
    table,
    tag,
)
from generator.outputs.report.package import stable_zip


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
    page(doc)
    paragraph_styles(doc, issuer_size=style.issuer_size, title_size=style.title_size,
                     recipients_size=style.recipients_size)
    _header_block(doc, style)
    _title(doc, style)
    _body(doc)
    _signature(doc, style)
    _appendices(doc, style)
    page_numbers(doc)
    properties(doc)
    return doc


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
