"""The site's own pages (not one plan's): the plans index, downloads, the rule catalogue, a sample
report, the update history."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.load import Dataset
from generator.data.models import Plan
from generator.data.periods import Period
from generator.data.rules import RULES, Rule
from generator.site.pages.history import history_page
from generator.site.pages.parts import Page, page
from generator.site.views import PlanView
from generator.stats.figures import Block

STAGES = {"read": "Đọc tệp", "schema": "Cấu trúc từng tệp", "data": "Đối chiếu giữa các tệp",
          "git": "Thay đổi so với bản trước"}


@dataclass
class PlanCard:
    plan: Plan
    path: str  # its dashboard
    latest: Period
    totals: Block  # at the latest period


@dataclass
class PlanIndexPage:
    plans: list[PlanCard]


@dataclass
class DownloadsPage:
    files: list[tuple[str, str, str]]  # (file name, description, rows)
    schemas: list[tuple[str, str]]  # (file name, description)


@dataclass
class RulesPage:
    rules: list[Rule]
    stages: dict[str, str]  # stage -> title of its section


@dataclass
class TemplatePage:
    example: str | None  # a real update file (None while no agency has reported)
    agency: str
    period: str
    plan: str


SCHEMAS = [("agencies.schema.json", "Danh mục cơ quan (agencies.yaml)"),
           ("plan.schema.json", "Kế hoạch (plans/<kế hoạch>/plan.yaml)"),
           ("update.schema.json", "Báo cáo tiến độ (updates/<kế hoạch>/<cơ quan>/<kỳ>.yaml)")]


def common_pages(views: list[PlanView], downloads: list[tuple[str, str, str]], example: TemplatePage) -> list[Page]:
    names = {a: (agency.short_name or agency.name) for v in views for a, agency in v.agencies.items()}
    pages = [
        page("downloads", DownloadsPage(downloads, SCHEMAS)),
        page("rules", RulesPage(list(RULES.values()), STAGES)),
        page("example", example),
        history_page(views[0].history if views else None, names, {v.data.folder: v.paths for v in views}),
    ]
    if len(views) > 1:
        cards = [PlanCard(v.plan, v.paths.dashboard(), v.latest, v.figures(v.latest).totals) for v in views]
        pages.append(page("plans", PlanIndexPage(cards)))
    return pages


def example_update(data: Dataset, views: list[PlanView]) -> TemplatePage:
    """A real report of a latest period (the one with most entries), shown as a filled template."""
    for view in views:
        candidates = [u for u in data.updates
                      if u.plan_folder == view.data.folder and u.model.period == view.latest.id]
        if candidates:
            best = max(candidates, key=lambda u: len(u.model.entries))
            return TemplatePage(best.doc.text, best.agency_folder, best.model.period, view.plan.id)
    return TemplatePage(None, "", "", views[0].plan.id if views else "")
