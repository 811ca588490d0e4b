"""What each page of the site shows: one module per family of pages, each page kind's template inputs a
documented dataclass listing exactly what its template reads (tests/test_site.py checks the templates
against them). Where pages live and which template each uses is the site map (`generator.site.sitemap`).

`plan_pages` and `common_pages` turn a valid data set and its statistics into `Page`s; nothing here
writes files or knows about HTML, `render` does that.
"""

from __future__ import annotations

from generator.site.pages.agencies import AgencyIndexPage, AgencyPage, agency_pages
from generator.site.pages.dashboard import DashboardPage, dashboard
from generator.site.pages.history import HistoryPage
from generator.site.pages.indicators import IndicatorsPage, indicator_series, indicators_page
from generator.site.pages.obstacles import ObstaclesPage, obstacles_page
from generator.site.pages.parts import Page
from generator.site.pages.periods import PeriodIndexPage, PeriodPage, period_pages
from generator.site.pages.site import (
    DownloadsPage,
    PlanIndexPage,
    RulesPage,
    TemplatePage,
    common_pages,
    example_update,
)
from generator.site.pages.tasks import TaskIndexPage, TaskPage, task_pages
from generator.site.views import PlanView

__all__ = ["CONTEXTS", "Page", "TemplatePage", "common_pages", "example_update", "plan_pages"]

# each kind of page of the site map (generator.site.sitemap) -> the dataclass its template reads
CONTEXTS: dict[str, type] = {
    "dashboard": DashboardPage, "tasks": TaskIndexPage, "task": TaskPage, "agencies": AgencyIndexPage,
    "agency": AgencyPage, "periods": PeriodIndexPage, "period": PeriodPage, "indicators": IndicatorsPage,
    "obstacles": ObstaclesPage, "plans": PlanIndexPage, "history": HistoryPage, "downloads": DownloadsPage,
    "rules": RulesPage, "example": TemplatePage,
}


def plan_pages(view: PlanView, single_plan: bool) -> list[Page]:
    series = indicator_series(view)
    return [
        dashboard(view, single_plan),
        *task_pages(view, series),
        *agency_pages(view),
        *period_pages(view),
        indicators_page(view, series),
        obstacles_page(view),
    ]
