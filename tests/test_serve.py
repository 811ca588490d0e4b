"""`tiendo serve` follows the data: a change to a report shows up on the preview."""

from __future__ import annotations

import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from conftest import ENV, REPO, TODAY

from generator.site.background import Background
from generator.site.build import prepare
from generator.site.serve import Preview


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


class Server:
    """`tiendo serve` as a process; its output lines arrive in a queue, and every wait is driven by them."""

    def __init__(self, *args: str, cwd) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "generator", "serve", *args], cwd=cwd,
                                        env={**os.environ, **ENV}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def _next_line(self, timeout: float) -> None:
        try:
            self.output.append(self.lines.get(timeout=timeout))
        except queue.Empty:
            pass

    def wait_for_page(self, url: str, needle: str, seconds: float) -> str:
        """Poll `url` until it shows `needle`, between output lines (or every half second without any)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            body = _get(url)
            if body and needle in body:
                return body
            self._next_line(0.5)
        raise AssertionError(f"{needle!r} never appeared at {url}; output: {''.join(self.output)}")

    def wait_for_output(self, needle: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not any(needle in line for line in self.output):
            assert time.monotonic() < deadline, f"{needle!r} never printed; output: {''.join(self.output)}"
            self._next_line(1)

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        while not self.lines.empty():
            self.output.append(self.lines.get())
        return "".join(self.output)


def _search_pages(base: str) -> dict[str, str]:
    """The preview's search index: each page's address -> its indexed text."""
    pages: dict[str, str] = {}
    for entry in json.loads(_get(f"{base}search/search_index.json") or "{}").get("docs", []):
        url = entry["location"].partition("#")[0]
        pages[url] = pages.get(url, "") + f" {entry['title']} {entry['text']}"
    return pages


def test_preview_rebuilds_when_a_report_changes(base_data, tmp_path):
    port = _free_port()
    server = Server("--data", str(base_data), "--address", f"127.0.0.1:{port}", "--config", str(REPO / "mkdocs.yml"),
                    cwd=tmp_path)
    base = f"http://127.0.0.1:{port}/"
    try:
        url = f"{base}nhiem-vu/1.2/"
        server.wait_for_page(url, "Tiếp 12 lượt công dân", 90)
        server.wait_for_page(f"{base}tai-ve/tiendo-entries.csv", "Tiếp 12 lượt công dân", 90)
        pages = set(_search_pages(base))
        report = base_data / "updates/kh-mau/vks/2019-Q1.yaml"
        report.write_text(report.read_text(encoding="utf-8").replace("Tiếp 12 lượt", "Tiếp 31 lượt"),
                          encoding="utf-8")
        server.wait_for_page(url, "Tiếp 31 lượt công dân", 90)
        # only the changed pages were built again, yet the search index still holds every page, once
        found = _search_pages(base)
        assert set(found) == pages and "nhiem-vu/1.2/" in pages
        assert "Tiếp 31 lượt" in found["nhiem-vu/1.2/"] and "Tiếp 12 lượt" not in " ".join(found.values())
        server.wait_for_page(f"{base}tai-ve/tiendo-entries.csv", "Tiếp 31 lượt công dân", 90)  # the downloads follow
        # a lead's status: the dashboard (the home page), its task, agency and period pages are built again
        done = base_data / "updates/kh-mau/cong-an/2019-Q2.yaml"
        done.write_text(done.read_text(encoding="utf-8").replace(
            "status: completed\n    completed_on: 2019-06-10", "status: in_progress\n    progress: 80"), encoding="utf-8")
        server.wait_for_page(f"{base}nhiem-vu/1.1/", "80%", 90)
        entries = json.loads(_get(f"{base}search/search_index.json"))["docs"]
        assert set(_search_pages(base)) == pages
        assert len({e["location"] for e in entries}) == len(entries)  # each page's entries once

        plan = base_data / "plans/kh-mau/plan.yaml"
        original = plan.read_text(encoding="utf-8")
        plan.write_text(original.replace("    due: 2019-Q4\n", "    due: 2019-Q4\n" + NEW_TASK), encoding="utf-8")
        server.wait_for_page(f"{base}nhiem-vu/2.2/", "Sơ kết công tác phối hợp", 90)
        plan.write_text(original, encoding="utf-8")  # the task is gone again: so are its page and its search entries
        deadline = time.monotonic() + 90
        while _get(f"{base}nhiem-vu/2.2/") is not None or "nhiem-vu/2.2/" in _search_pages(base):
            assert time.monotonic() < deadline, "the removed task's page stayed in the preview"
            server._next_line(0.5)

        report.write_text("plan: kh-mau\n", encoding="utf-8")  # broken: the last good pages stay
        server.wait_for_output("missing-key", 90)
        assert "Tiếp 31 lượt công dân" in (_get(url) or "")
    finally:
        output = server.stop()
    assert "missing-key" in output and "Traceback" not in output and "dirty" not in output


# --- the preview's pages follow the data, page by page ---------------------------------------------------


def _edit(relative: str, old: str, new: str):
    def step(data):
        path = data / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return step


def _write(relative: str, text: str):
    return lambda data: (data / relative).write_text(text, encoding="utf-8")


NEW_PERIOD = """plan: kh-mau
agency: cong-an
period: 2019-Q3
as_of: 2019-09-14
submitted_on: 2019-09-19
summary: Báo cáo quý III.
entries:
  - task: "2.1"
    result: Góp ý dự thảo quy chế.
"""

NEW_TASK = """  - id: "2.2"
    group: "2"
    title: Sơ kết công tác phối hợp
    lead: vks
    due: 2020-Q2
"""

# Each change an office makes, in turn, on the same preview.
CHANGES = [
    ("a report's text", _edit("updates/kh-mau/vks/2019-Q1.yaml", "Tiếp 12 lượt", "Tiếp 31 lượt")),
    ("a lead's status", _edit("updates/kh-mau/cong-an/2019-Q2.yaml", "status: completed\n    completed_on: 2019-06-10",
                              "status: in_progress\n    progress: 80")),
    ("a report of a new period", _write("updates/kh-mau/cong-an/2019-Q3.yaml", NEW_PERIOD)),
    ("a report's obstacles", _edit("updates/kh-mau/vks/2019-Q1.yaml", "Thiếu cán bộ.", "Thiếu cán bộ và kinh phí.")),
    ("a report removed", lambda data: (data / "updates/kh-mau/vks/2019-Q1.yaml").unlink()),
    ("a task's title and a new task", lambda data: (
        _edit("plans/kh-mau/plan.yaml", "Tiếp công dân định kỳ", "Tiếp công dân hằng tháng")(data),
        _edit("plans/kh-mau/plan.yaml", "    due: 2019-Q4\n", "    due: 2019-Q4\n" + NEW_TASK)(data))),
    ("an agency's name", _edit("agencies.yaml", "name: Công an thành phố", "name: Công an thành phố Đà Nẵng")),
    ("a task removed", _edit("plans/kh-mau/plan.yaml", NEW_TASK, "")),
    ("nothing that shows", _edit("updates/kh-mau/cong-an/2019-Q1.yaml", "entries:", "# một ghi chú\nentries:")),
]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_after_each_change_the_preview_equals_a_fresh_build(base_data, tmp_path):
    config = REPO / "mkdocs.yml"
    preview = Preview(base_data, config, tmp_path / "preview", lambda: TODAY)
    try:
        preview.update()
        preview.downloads.files()
        assert preview.land()
        rendered = []
        for n, (change, apply) in enumerate(CHANGES):
            apply(base_data)
            summary = preview.update().summary
            preview.downloads.files()  # wait for the download files, then let them land
            assert preview.land(), change
            fresh = tmp_path / f"fresh-{n}"
            works = prepare(base_data, config, today=TODAY, docs_dir=fresh / "generated").works
            with Background(works, fork=False) as downloads:
                for path in downloads.files():
                    (fresh / "generated" / path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(downloads.folder / path, fresh / "generated" / path)
            assert _files(preview.folder.out) == _files(fresh / "generated"), change
            rendered.append(summary["rendered"])
        pages = summary["pages"] - 2  # the guide's hand-written pages are copied, not rendered
        assert rendered[0] < pages and rendered[3] < pages  # a report's text: only the pages that show it
        assert rendered[-1] == 0  # a YAML comment changes no page
        assert "tai-ve/tiendo.xlsx" in preview.folder.kept and not (preview.folder.out / "nhiem-vu/2.2.md").exists()
    finally:
        preview.close()
