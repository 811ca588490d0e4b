"""The site map: every kind of page, where it lives, its title, its navigation entry and its template.

One table, read by the page builders (paths, titles, templates) and by the build (the navigation
MkDocs shows). A plan's pages live under a prefix (`kh-17-tu/`) when the site follows several
plans; the site's own pages do not. Item pages (one task, one agency, one period) are reached from
their section's table, never listed in the navigation (see FIELD-NOTES: a navigation of thousands
of pages makes MkDocs quadratic).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    key: str  # how the code names the page kind
    path: str  # Markdown path in the generated docs folder; `{id}` for item pages
    title: str  # page title; `{...}` filled by the page builder
    nav: str | None  # navigation entry; None: reached from a table, not from the navigation
    template: str | None  # file in generator/templates/; None: a hand-written page in docs/
    section: str | None = None  # navigation section the entry sits in (None: top level)


# a plan's pages, in navigation order
PLAN = (
    Place("dashboard", "index.md", "Kế hoạch số {code}", "Tổng quan", "dashboard.md.j2"),
    Place("tasks", "nhiem-vu/index.md", "Nhiệm vụ", "Nhiệm vụ", "tasks.md.j2"),
    Place("task", "nhiem-vu/{id}.md", "Nhiệm vụ {id}", None, "task.md.j2"),
    Place("agencies", "co-quan/index.md", "Cơ quan", "Cơ quan", "agencies.md.j2"),
    Place("agency", "co-quan/{id}.md", "{name}", None, "agency.md.j2"),
    Place("periods", "ky-bao-cao/index.md", "Kỳ báo cáo", "Kỳ báo cáo", "periods.md.j2"),
    Place("period", "ky-bao-cao/{id}.md", "Kỳ báo cáo {label}", None, "period.md.j2"),
    Place("indicators", "chi-tieu/index.md", "Chỉ tiêu", "Chỉ tiêu", "indicators.md.j2"),
    Place("obstacles", "kho-khan-kien-nghi/index.md", "Khó khăn, vướng mắc và kiến nghị", "Khó khăn, kiến nghị",
          "obstacles.md.j2"),
)
# the site's own pages, in navigation order (`plans` exists only when the site follows several plans)
SITE = (
    Place("plans", "index.md", "Các kế hoạch", "Các kế hoạch", "plans.md.j2"),
    Place("history", "lich-su/index.md", "Lịch sử cập nhật", "Lịch sử cập nhật", "history.md.j2"),
    Place("downloads", "tai-ve/index.md", "Tải về", "Tải về", "downloads.md.j2"),
    Place("guide", "huong-dan/index.md", "Hướng dẫn gửi báo cáo", "Gửi báo cáo", None, "Hướng dẫn"),
    Place("rules", "huong-dan/quy-tac.md", "Các quy tắc kiểm tra", "Quy tắc kiểm tra", "rules.md.j2", "Hướng dẫn"),
    Place("example", "huong-dan/mau-bao-cao.md", "Mẫu báo cáo", "Mẫu báo cáo", "example.md.j2", "Hướng dẫn"),
)
PLACES = {p.key: p for p in (*PLAN, *SITE)}
_IN_PLAN = {p.key for p in PLAN}


@dataclass(frozen=True)
class Paths:
    """Where one plan's pages live (`prefix` is `""` with one plan, `<plan id>/` with several)."""

    prefix: str

    def of(self, key: str, item: str = "") -> str:
        place = PLACES[key]
        path = place.path.format(id=item) if item else place.path
        return self.prefix + path if key in _IN_PLAN else path

    def dashboard(self) -> str:
        return self.of("dashboard")

    def tasks(self) -> str:
        return self.of("tasks")

    def task(self, task_id: str) -> str:
        return self.of("task", task_id)

    def agencies(self) -> str:
        return self.of("agencies")

    def agency(self, agency_id: str) -> str:
        return self.of("agency", agency_id)

    def periods(self) -> str:
        return self.of("periods")

    def period(self, period_id: str) -> str:
        return self.of("period", period_id)

    def indicators(self) -> str:
        return self.of("indicators")

    def obstacles(self) -> str:
        return self.of("obstacles")


def title(key: str, **values: str) -> str:
    return PLACES[key].title.format(**values)


def template(key: str) -> str:
    found = PLACES[key].template
    if found is None:
        raise KeyError(f"{key} is a hand-written page")
    return found


def navigation(plans: list[tuple[str, str]]) -> list:
    """MkDocs's `nav`: (plan code, path prefix) per plan; a plan's sections at the top with one plan,
    one section per plan with several; then the site's own pages, grouped by their section."""

    def plan_entries(prefix: str) -> list:
        paths = Paths(prefix)
        return [{place.nav: paths.of(place.key)} for place in PLAN if place.nav]

    if len(plans) == 1:
        nav = plan_entries(plans[0][1])
    else:
        nav = [{PLACES["plans"].nav: PLACES["plans"].path}]
        nav += [{f"Kế hoạch {code}": plan_entries(prefix)} for code, prefix in plans]
    sections: dict[str, list] = {}
    for place in SITE:
        if place.key == "plans":
            continue
        entry = {place.nav: place.path}
        if place.section is None:
            nav.append(entry)
        else:
            if place.section not in sections:
                sections[place.section] = []
                nav.append({place.section: sections[place.section]})
            sections[place.section].append(entry)
    return nav
