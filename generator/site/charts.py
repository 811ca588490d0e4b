"""Plotly figures as plain JSON-ready dicts (no plotly.py objects: they are slow to build).

Each function returns {"data": [...], "layout": {...}} for plotly.js; the
site's script draws it from the chart's `data-figure` attribute and adapts
colours to the light or dark palette. Labels and number formats are Vietnamese:
periods are named the reading way (`Quý I/2019`, given by the caller), and axes
and hover labels group digits (`separators: ",."` with `tickformat ",~f"` gives
50.000 and 1.234,5, never plotly's default "50k").
"""

from __future__ import annotations

from typing import Any

from generator.vocabulary import CATEGORY_LABELS

NUMBER = ",~f"  # d3-format: grouped digits, decimals only where there are some

CATEGORY_COLOURS = {
    "completed_on_time": "#2e7d32",
    "completed_late": "#8bc34a",
    "overdue": "#d32f2f",
    "in_progress": "#1e88e5",
    "not_started": "#ffb300",
    "not_reported": "#9e9e9e",
}
# an agency's report for a period (the heat-map's cells and its legend on the page)
SUBMISSION_COLOURS = {"missing": "#d32f2f", "late": "#ffb300", "on_time": "#2e7d32"}
COLOURS = {**CATEGORY_COLOURS, **SUBMISSION_COLOURS}


def _layout(**extra: Any) -> dict[str, Any]:
    layout = {
        "separators": ",.",
        "margin": {"l": 48, "r": 16, "t": 16, "b": 48},
        "height": 320,
        # above the plot: below it, the period names (turned on a narrow screen) would run into it
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "hovermode": "x unified",
        "xaxis": {"type": "category", "automargin": True},
        "yaxis": _yaxis(),
    }
    layout.update(extra)
    return layout


def _yaxis(**extra: Any) -> dict[str, Any]:
    return {"automargin": True, "rangemode": "tozero", "tickformat": NUMBER, **extra}


def status_mix(periods: list[str], counts: dict[str, list[int]]) -> dict[str, Any]:
    """Stacked bars: how many one-off tasks are in each category, period by period."""
    data = [
        {"type": "bar", "name": CATEGORY_LABELS[c], "x": periods, "y": counts[c],
         "marker": {"color": CATEGORY_COLOURS[c]}, "hovertemplate": "%{y:,d}"}
        for c in CATEGORY_COLOURS
    ]
    return {"data": data, "layout": _layout(barmode="stack", yaxis=_yaxis(title={"text": "Số nhiệm vụ"},
                                                                          tickformat=",d"))}


def rate_lines(periods: list[str], series: dict[str, list[float | None]]) -> dict[str, Any]:
    """Percent lines over periods (completion, on time, overdue, progress)."""
    colours = ["#2e7d32", "#1e88e5", "#d32f2f", "#8e24aa"]
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": name, "x": periods, "y": values,
         "line": {"color": colours[i % len(colours)]}, "connectgaps": False, "hovertemplate": "%{y:,.1f}%"}
        for i, (name, values) in enumerate(series.items())
    ]
    return {"data": data, "layout": _layout(yaxis=_yaxis(range=[0, 100], ticksuffix="%"))}


def compliance_heatmap(periods: list[str], agencies: list[str], states: list[list[int]],
                       texts: list[list[str]]) -> dict[str, Any]:
    """Agencies × periods: 0 missing, 1 late, 2 on time."""
    missing, late, on_time = (SUBMISSION_COLOURS[k] for k in ("missing", "late", "on_time"))
    height = max(220, 28 * len(agencies) + 90)
    data = [{
        "type": "heatmap", "x": periods, "y": agencies, "z": states, "text": texts, "zmin": 0, "zmax": 2,
        "colorscale": [[0, missing], [0.333, missing], [0.334, late], [0.666, late], [0.667, on_time], [1, on_time]],
        "showscale": False, "xgap": 2, "ygap": 2, "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
    }]
    layout = _layout(height=height, hovermode="closest", margin={"l": 120, "r": 16, "t": 16, "b": 48})
    layout["yaxis"] = {"type": "category", "autorange": "reversed", "automargin": True}
    return {"data": data, "layout": layout}


def progress(periods: list[str], values: list[float | None], categories: list[str]) -> dict[str, Any]:
    """A task's progress period by period, each point coloured by its category."""
    data = [{
        "type": "scatter", "mode": "lines+markers", "name": "Tiến độ", "x": periods, "y": values,
        "text": [CATEGORY_LABELS.get(c, "") for c in categories],
        "marker": {"size": 10, "color": [CATEGORY_COLOURS.get(c, "#9e9e9e") for c in categories]},
        "line": {"color": "#90a4ae"}, "hovertemplate": "%{y:,.0f}% · %{text}<extra></extra>",
    }]
    return {"data": data, "layout": _layout(height=260, showlegend=False, yaxis=_yaxis(range=[0, 105], ticksuffix="%"))}


def indicator(periods: list[str], reported: list[float | None], running: list[float | None], name: str,
              unit: str, target: float | None, aggregate: str) -> dict[str, Any]:
    """An indicator over time: values per period (bars) and the running figure (line) against the target.
    A percentage indicator (unit `%`) is written 85,5% on its axis and in its hover labels."""
    percent = unit.strip() == "%"
    suffix = "%" if percent else (f" {unit}" if unit else "")
    hover = "%{y:" + NUMBER + "}" + suffix
    data: list[dict[str, Any]] = []
    if aggregate == "sum":
        data.append({"type": "bar", "name": "Trong kỳ", "x": periods, "y": reported,
                     "marker": {"color": "#90caf9"}, "hovertemplate": hover})
        data.append({"type": "scatter", "mode": "lines+markers", "name": "Lũy kế", "x": periods, "y": running,
                     "line": {"color": "#1e88e5"}, "hovertemplate": hover})
    else:
        data.append({"type": "scatter", "mode": "lines+markers", "name": name, "x": periods, "y": running,
                     "line": {"color": "#1e88e5"}, "hovertemplate": hover})
    if target is not None:
        data.append({"type": "scatter", "mode": "lines", "name": "Mục tiêu", "x": periods,
                     "y": [target] * len(periods), "line": {"color": "#d32f2f", "dash": "dash"},
                     "hovertemplate": hover})
    return {"data": data, "layout": _layout(height=280, yaxis=_yaxis(ticksuffix="%" if percent else ""))}
