"""`tiendo serve` follows the data: a change to a report shows up on the preview."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import ENV, REPO


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


def test_preview_rebuilds_when_a_report_changes(base_data, tmp_path):
    port = _free_port()
    server = Server("--data", str(base_data), "--address", f"127.0.0.1:{port}", "--config", str(REPO / "mkdocs.yml"),
                    cwd=tmp_path)
    try:
        url = f"http://127.0.0.1:{port}/nhiem-vu/1.2/"
        server.wait_for_page(url, "Tiếp 12 lượt công dân", 90)
        report = base_data / "updates/kh-mau/vks/2019-Q1.yaml"
        report.write_text(report.read_text(encoding="utf-8").replace("Tiếp 12 lượt", "Tiếp 31 lượt"),
                          encoding="utf-8")
        server.wait_for_page(url, "Tiếp 31 lượt công dân", 90)
        report.write_text("plan: kh-mau\n", encoding="utf-8")  # broken: the last good pages stay
        server.wait_for_output("missing-key", 90)
        assert "Tiếp 31 lượt công dân" in (_get(url) or "")
    finally:
        output = server.stop()
    assert "missing-key" in output and "Traceback" not in output
