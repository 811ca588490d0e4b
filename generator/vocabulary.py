"""The Vietnamese words for the statistics' keys: one place for every label a reader sees.

Keys are the contract's field names (sections 6-8); pages, terminal tables, downloads,
`tiendo diff` and charts all take their labels from here, so a category is called the
same everywhere. `SHORT_LABELS` are the abbreviations of narrow table columns.
"""

from __future__ import annotations

# the categories of contract section 7, and the two states a task can be in outside them
CATEGORY_LABELS = {
    "completed_on_time": "Hoàn thành đúng hạn",
    "completed_late": "Hoàn thành trễ hạn",
    "overdue": "Quá hạn",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa triển khai",
    "not_reported": "Chưa có báo cáo",
    "recurring": "Thường xuyên",
    "not_assigned": "Chưa giao",  # v1.1: the task's `assigned` date is after the period's reference date
}
# an entry's `status` (contract section 6)
STATUS_LABELS = {"not_started": "Chưa triển khai", "in_progress": "Đang thực hiện", "completed": "Hoàn thành"}
# the counts of section 7 that are not categories
COUNT_LABELS = {
    "tasks": "Số nhiệm vụ",
    "one_off": "Nhiệm vụ có thời hạn",
    "recurring": "Nhiệm vụ thường xuyên",
    "recurring_reported": "Nhiệm vụ thường xuyên có báo cáo trong kỳ",
}
RATE_LABELS = {
    "completion_rate": "Tỷ lệ hoàn thành",
    "on_time_rate": "Tỷ lệ hoàn thành đúng hạn",
    "overdue_rate": "Tỷ lệ quá hạn",
    "weighted_progress": "Tiến độ bình quân",
}
# an agency's report for a period: sent by D(P), after it, or not at all
SUBMISSION_LABELS = {"on_time": "đúng hạn", "late": "trễ hạn", "missing": "chưa gửi"}
# the other fields of a period's figures (section 8)
FIGURE_LABELS = {
    "plan": "Kế hoạch",
    "period": "Kỳ",
    "reference_date": "Ngày chốt kỳ",
    "submission_due": "Hạn gửi báo cáo",
    "submitted": "Đã gửi",
    "submitted_on": "Ngày gửi",
    "on_time": "Gửi đúng hạn",
}
# column headers where space is short (terminal tables): every count, category and rate
SHORT_LABELS = {
    "tasks": "NV",
    "one_off": "Có hạn",
    "recurring": "TX",
    "recurring_reported": "TX có BC",
    "completed_on_time": "Đúng hạn",
    "completed_late": "Trễ hạn",
    "overdue": "Quá hạn",
    "in_progress": "Đang làm",
    "not_started": "Chưa làm",
    "not_reported": "Chưa BC",
    "completion_rate": "Hoàn thành",
    "on_time_rate": "Đúng hạn (%)",
    "overdue_rate": "Quá hạn (%)",
    "weighted_progress": "Tiến độ",
}


# every statistics key's label, in the order a reader looks for them; a key in two tables (`recurring`, a
# count and a category) is named as a count, the figure it stands for in the statistics
LABELS: dict[str, str] = {}
for _table in (COUNT_LABELS, CATEGORY_LABELS, RATE_LABELS, FIGURE_LABELS):
    for _key, _label in _table.items():
        LABELS.setdefault(_key, _label)


def label(key: str) -> str:
    """The label of any statistics key: a category, count, rate or figure field (the key itself if unknown)."""
    return LABELS.get(key, key)


# an agency's part in a task (contract section 4: `lead`, `support`)
ROLE_LABELS = {"lead": "Chủ trì", "support": "Phối hợp"}
# how an indicator's figure is worked out (contract section 7)
AGGREGATE_LABELS = {"sum": "Cộng dồn các kỳ", "last": "Số mới nhất của cơ quan chủ trì"}
# the rows of a period's statistics: the whole plan, a group, an agency
SCOPE_LABELS = {"totals": "Toàn kế hoạch", "group": "Nhóm", "agency": "Cơ quan"}

# what each download file of the site holds (Tải về)
DOWNLOAD_DESCRIPTIONS = {
    "tiendo.xlsx": "Tất cả các bảng trong một tệp Excel, mỗi bảng một trang tính; ngày tháng và số liệu là ngày, "
                   "số thật",
    "tiendo.json": "Tất cả các bảng, dạng JSON",
    "tiendo-plans.csv": "Kế hoạch: số, ký hiệu, tên, cơ quan ban hành và theo dõi, thời gian, chu kỳ báo cáo",
    "tiendo-tasks.csv": "Nhiệm vụ: nhóm, nội dung, cơ quan chủ trì và phối hợp, thời hạn, ngày giao, số lần gia hạn, "
                        "chỉ tiêu",
    "tiendo-extensions.csv": "Các lần gia hạn: thời hạn cũ, thời hạn mới, ngày và văn bản quyết định, lý do",
    "tiendo-reports.csv": "Báo cáo: mỗi dòng một tệp báo cáo của một cơ quan trong một kỳ, với kết quả chung, "
                          "khó khăn, kiến nghị, ngày gửi, gửi đúng hạn hay không, các lần sửa đổi",
    "tiendo-entries.csv": "Kết quả từng nhiệm vụ trong các báo cáo: mỗi dòng một cơ quan × kỳ × nhiệm vụ, với "
                          "tình trạng, tiến độ, thời hạn tại kỳ đó, văn bản",
    "tiendo-documents.csv": "Văn bản được dẫn trong các báo cáo: số, ký hiệu, ngày, trích yếu, đường dẫn",
    "tiendo-values.csv": "Số liệu chỉ tiêu các cơ quan báo cáo: mỗi dòng một giá trị",
    "tiendo-states.csv": "Tình trạng từng nhiệm vụ ở từng kỳ: phân loại, tiến độ, thời hạn tại kỳ đó",
    "tiendo-statistics.csv": "Số liệu thống kê từng kỳ: toàn kế hoạch, từng nhóm, từng cơ quan (và việc gửi báo cáo)",
    "tiendo-indicators.csv": "Chỉ tiêu từng kỳ: báo cáo trong kỳ, giá trị lũy kế hoặc mới nhất, mục tiêu",
}
