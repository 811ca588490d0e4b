"""The engines that turn the generated docs folder into HTML: MkDocs (with Material) or Zensical.

Each engine takes the prepared docs folder, the navigation, the site settings (mkdocs.yml), the
staging folder to write the site into (empty, next to the target) and `strict`, and raises
EngineError when it cannot build. Neither touches the published site: build.py swaps it in.

Zensical reads mkdocs.yml itself but has no programmatic configuration, so tiendo writes a small
config file for it that inherits mkdocs.yml (`INHERIT:`) and adds what depends on the data: the
navigation and the docs folder. Zensical wants the docs folder, the site folder and its own cache
(`.cache/`) under the folder of that config file: the folder of mkdocs.yml when the docs folder is
inside it (as `tiendo build` has it, so the cache is where `zensical build` would put it), else the
docs folder's parent. Its `--strict` fails the build on a link to a missing page or anchor (in Markdown,
or in an HTML link to a `.md` file); links written as addresses (`../page/`), which MkDocs flags, pass.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}  # the engines, as `--engine` and messages name them
log = logging.getLogger("tiendo.zensical")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class EngineError(Exception):
    """The engine could not build the site."""


class EngineMissing(EngineError):
    """The engine asked for is not installed."""


def require(engine: str) -> None:
    """Raise EngineMissing, in Vietnamese, when `engine` cannot run here."""
    if engine not in NAMES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(NAMES)}")
    if engine == "zensical" and importlib.util.find_spec("zensical") is None:
        raise EngineMissing("chưa cài Zensical. Cài bằng `pip install -e '.[zensical]'` (từ thư mục gốc của kho) "
                            "rồi chạy lại, hoặc bỏ `--engine zensical` để dựng bằng MkDocs.")


def build(engine: str, docs_dir: Path, nav: list, config_file: Path, staging: Path, strict: bool) -> None:
    """Build the site of `docs_dir` into `staging` with `engine` (checked by `require`). Raises EngineError."""
    builder = {"mkdocs": build_with_mkdocs, "zensical": build_with_zensical}[engine]
    builder(docs_dir, nav, config_file, staging, strict)


def build_with_mkdocs(docs_dir: Path, nav: list, config_file: Path, staging: Path, strict: bool) -> None:
    """MkDocs and Material, in this process; their warnings go to the `mkdocs` logger."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(config_file=str(config_file), strict=strict, nav=nav, docs_dir=str(docs_dir),
                             site_dir=str(staging))
    except MkDocsException as exc:
        raise EngineError(f"cấu hình {config_file.name} không hợp lệ: {exc}") from exc
    try:
        mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        raise EngineError(str(exc)) from exc


def build_with_zensical(docs_dir: Path, nav: list, config_file: Path, staging: Path, strict: bool) -> None:
    """`zensical build` as a child process on a generated config; its warnings go to the `tiendo.zensical` logger."""
    root = config_file.parent if docs_dir.is_relative_to(config_file.parent) else docs_dir.parent
    # Zensical's cache holds only while site_dir stays the same: the site is built in one folder, then moved
    out = root / ".tiendo-zensical-site"
    shutil.rmtree(out, ignore_errors=True)  # left by a build that was killed
    handle, name = tempfile.mkstemp(prefix=".tiendo-zensical-", suffix=".yml", dir=root)
    generated_config = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            yaml.safe_dump(zensical_config(root, docs_dir, nav, config_file, out), file, allow_unicode=True,
                           sort_keys=False)
        command = [sys.executable, "-m", "zensical", "build", "--config-file", str(generated_config)]
        run = subprocess.run(command + (["--strict"] if strict else []), capture_output=True, text=True,
                             encoding="utf-8", errors="replace", cwd=root)
        report = _report(run.stderr)
        if run.returncode != 0:
            raise EngineError(report or f"Zensical dừng với mã lỗi {run.returncode}")
        if report:
            log.warning(report)
        staging.rmdir()
        shutil.move(out, staging)  # a rename when both are on one file system
    finally:
        generated_config.unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)


def zensical_config(root: Path, docs_dir: Path, nav: list, config_file: Path, site_dir: Path) -> dict:
    """The config file in `root`: mkdocs.yml plus what `tiendo build` gives MkDocs in code.

    The folders are relative to `root` (Zensical 0.0.73 stops on absolute ones), the rest absolute.
    """
    config: dict = {"INHERIT": str(config_file), "docs_dir": os.path.relpath(docs_dir, root),
                    "site_dir": os.path.relpath(site_dir, root), "nav": nav}
    theme = _raw_theme(config_file)
    overrides = {}
    if theme.get("custom_dir"):  # relative to mkdocs.yml, not to this file
        overrides["custom_dir"] = str((config_file.parent / theme["custom_dir"]).resolve())
    if "variant" not in theme:  # Zensical's "classic" look is Material's, which tiendo.css is written for
        overrides["variant"] = "classic"
    if overrides:
        config["theme"] = overrides
    return config


def _raw_theme(config_file: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as handle:
        theme = (yaml_load(handle) or {}).get("theme") or {}
    return theme if isinstance(theme, dict) else {"name": theme}


def _report(stderr: str) -> str:
    """Zensical's warnings without colours, its all-clear, nor Python's traceback when it stops."""
    text = "\n".join(line for line in _ANSI.sub("", stderr).splitlines() if line.strip() != "No issues found")
    if "Traceback (most recent call last):" in text:
        head, _, tail = text.partition("Traceback (most recent call last):")
        last = tail.strip().splitlines()[-1] if tail.strip() else ""
        text = f"{head.rstrip()}\n{last}"
    return text.strip()
