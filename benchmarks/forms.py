"""Report forms on a province-scale plan.

Province-scale synthetic set (60 agencies, 1,000 tasks, 20 quarters). In one run, prints: the time
`tiendo form` and `tiendo import` take as processes, each as a ratio of `tiendo validate` (which
both include: they read and check the whole data set), the site build's time, and how long writing
every agency's two forms takes alone (the build writes them in its background child, beside the engine).

    python benchmarks/forms.py
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from measure import TIENDO, run

from generator.check import check
from generator.data.synth import SynthConfig, write
from generator.outputs.forms import on_site
from generator.site import build

REPO = Path(__file__).resolve().parent.parent


def timed(*args: str, cwd: Path) -> float:
    return run([*TIENDO, *args], cwd=cwd).wall


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write(work / "data", SynthConfig(agencies=60, tasks=1000, periods=20, seed=1))
        validate = timed("validate", cwd=work)
        form = timed("form", "--from", "data/updates/ke-hoach-mau/co-quan-001/" + _latest(work), "--out", "f.xlsx",
                     cwd=work)
        imported = timed("import", "f.xlsx", "--replace", cwd=work)
        print(f"tiendo validate {validate:.2f} s; form {form:.2f} s ({form / validate:.2f}x); "
              f"import {imported:.2f} s ({imported / validate:.2f}x)")

        start = time.perf_counter()
        build.build_site(work / "data", REPO / "mkdocs.yml", work / "site", today=date.today(),
                         docs_dir=work / "generated")
        total = time.perf_counter() - start
        forms = len(list((work / "site" / on_site.FORMS_DIR).rglob("*.xlsx")))
        data, _ = check(work / "data", date.today())
        start = time.perf_counter()
        named = on_site.site_forms(data, date.today())
        on_site.write_site_forms(named.values(), date.today(), work / "forms")
        spent = time.perf_counter() - start
        print(f"site build {total:.1f} s with {forms} agencies' forms; writing them alone {spent:.1f} s "
              f"({spent / forms * 1000:.0f} ms per agency), done by the build's background child beside the engine")


def _latest(work: Path) -> str:
    return sorted(p.name for p in (work / "data/updates/ke-hoach-mau/co-quan-001").glob("*.yaml"))[-1]


if __name__ == "__main__":
    main()
