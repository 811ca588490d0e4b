"""Report forms on a province-scale plan.

Province-scale synthetic set (60 agencies, 1,000 tasks, 20 quarters). In one run, prints: the time
`tiendo form` and `tiendo import` take as processes, each as a ratio of `tiendo validate` (which
both include: they read and check the whole data set), and the time the site build spends writing
every agency's two forms, as a share of the whole build (measured inside the same build).

    python benchmarks/forms.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from generator.data.synth import SynthConfig, write
from generator.outputs import forms_site
from generator.site import build

REPO = Path(__file__).resolve().parent.parent


def timed(*args: str, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "TIENDO_TODAY": date.today().isoformat()})
    return time.perf_counter() - start


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

        spent = []
        writer = forms_site.write_site_forms

        def measured(*args, **kwargs):
            start = time.perf_counter()
            try:
                return writer(*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - start)

        build.write_site_forms = measured
        start = time.perf_counter()
        build.build_site(work / "data", REPO / "mkdocs.yml", work / "site", today=date.today(),
                         docs_dir=work / "generated")
        total = time.perf_counter() - start
        forms = len(list((work / "site" / forms_site.FORMS_DIR).rglob("*.xlsx")))
        print(f"site build {total:.1f} s, of which {forms} agencies' forms {spent[0]:.1f} s "
              f"({spent[0] / total * 100:.0f}%, {spent[0] / forms * 1000:.0f} ms per agency)")


def _latest(work: Path) -> str:
    return sorted(p.name for p in (work / "data/updates/ke-hoach-mau/co-quan-001").glob("*.yaml"))[-1]


if __name__ == "__main__":
    main()
