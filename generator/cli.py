"""The `tiendo` command. Library code raises; this edge prints and chooses exit codes.

Exit codes: 0 success, 1 the data has errors, 2 the command could not run (usage errors included).

Each command imports what it needs when it runs (as MkDocs's own command line does): `--help`,
`--version` and `validate` never load pandas, plotly, MkDocs or openpyxl.
"""

from __future__ import annotations

import os
import shlex
import sys
from enum import Enum
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from generator import __version__

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console


class Fail(Exception):
    """The command cannot run (exit 2), with a message for the user."""


@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False, emoji=False)


def out() -> Console:
    return _console(False)


def err() -> Console:
    return _console(True)


def shown(value: object) -> str:
    """A name, path or code inside a message printed with markup, shown as written (see diagnostics.shown)."""
    from generator.outputs.diagnostics import shown

    return shown(value)


# Click's base of usage errors, whichever copy of Click Typer runs on (its own, or the package)
_CLICK_ERROR = next(kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "ClickException")


class _Vietnamese:
    """The usage line and the --help option in Vietnamese (the rest of Click's words: generator.locale)."""

    def format_usage(self, ctx, formatter) -> None:
        from generator.locale import translated

        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=translated("Usage:") + " ")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            from generator.locale import translated

            option.help = translated("Show this message and exit.")
        return option


class _Command(_Vietnamese, TyperCommand):
    pass


class _Commands(_Vietnamese, TyperGroup):
    """Turns what a command raises into a message and an exit code, in `tiendo` and in tests alike;
    usage errors in Vietnamese."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        from generator.locale import speak_vietnamese

        speak_vietnamese()
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:  # as Typer's standalone mode, but a usage error is told in Vietnamese
            code = super().main(*args, standalone_mode=False, **kwargs)
        except _CLICK_ERROR as exc:
            from generator.locale import usage_error

            err().print(usage_error(exc), markup=False)
            sys.exit(exc.exit_code)
        except typer.Abort:
            err().print("Đã dừng.")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # exits, and usage errors (main tells them, exit 2)
        except Fail as exc:
            err().print(f"[red bold]Không thực hiện được:[/] {shown(exc)}")
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err().print("Đã dừng.")
            raise typer.Exit(2) from None
        except Exception as exc:  # anything unforeseen: a message, never a traceback
            if os.environ.get("TIENDO_DEBUG"):
                import traceback

                traceback.print_exc()
            err().print(f"[red bold]Lỗi không mong đợi:[/] {shown(type(exc).__name__)}: {shown(exc)}\n"
                        "Đặt biến môi trường TIENDO_DEBUG=1 để xem chi tiết và báo cho nhóm phát triển.")
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Commands,
    help="tiendo: theo dõi tiến độ thực hiện kế hoạch từ báo cáo YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    options_metavar="[TÙY CHỌN]",
    subcommand_metavar="LỆNH [THAM SỐ]...",
)
command = partial(app.command, cls=_Command)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _revision(value: str | None) -> str | None:
    """A git revision from the command line: never something git would take for an option."""
    if value is not None and (not value or value.startswith("-")):
        raise typer.BadParameter(f"`{value}` không phải phiên bản git (nhánh, thẻ hay mã commit).")
    return value


DataOption = Annotated[Path, typer.Option("--data", help="Thư mục dữ liệu.", show_default=True)]
LangOption = Annotated[Lang, typer.Option("--lang", help="Ngôn ngữ thông báo: vi hoặc en.")]


def today() -> date:
    """Today, or TIENDO_TODAY (YYYY-MM-DD) to check data as of another day."""
    from datetime import date

    value = os.environ.get("TIENDO_TODAY")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Fail(f"TIENDO_TODAY={value!r} không phải ngày dạng YYYY-MM-DD.") from None


@command()
def validate(
    data: DataOption = Path("data"),
    format: Annotated[ValidateFormat, typer.Option("--format", help="text, json hoặc github.")] = ValidateFormat.text,
    lang: LangOption = Lang.vi,
    base: Annotated[str | None, typer.Option("--base", callback=_revision, help="So với phiên bản git này: báo cáo đã gửi không được xóa, đổi tên; báo cáo đã khóa chỉ sửa kèm mục revisions.")] = None,
) -> None:
    """Kiểm tra toàn bộ dữ liệu và báo mọi lỗi trong một lần chạy."""
    from generator.data.problems import has_errors
    from generator.outputs.diagnostics import SourceLines, github_annotations, github_summary, print_text, to_json

    dataset, problems, comparison = _check(data, base)
    lang_code = lang.value
    hidden = _focus(dataset, problems, comparison, lang_code) if comparison is not None else ""
    if format is ValidateFormat.json:
        out().print(to_json(problems, lang_code), markup=False)
    elif format is ValidateFormat.github:
        for line in github_annotations(problems, lang_code):
            print(line)
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(github_summary(problems, dataset.files, lang_code) + (f"\n{hidden}\n" if hidden else ""))
        print_text(problems, SourceLines(dataset.root.parent), dataset.files, lang_code, err())
    else:
        print_text(problems, SourceLines(dataset.root.parent), dataset.files, lang_code, out())
    if hidden:
        (out() if format is ValidateFormat.text else err()).print(hidden, markup=False, highlight=False)
    global _validated
    _validated = True
    raise typer.Exit(1 if has_errors(problems) else 0)


# Set when `validate` has said all it has to say: the process can end at once (see `main`).
_validated = False


def _focus(dataset, problems: list, comparison, lang: str) -> str:
    """With --base, keep (in place) every error and only the warnings of the files the change touches
    (contract section 10); returns the line that counts the warnings left out, or ""."""
    from generator.check import focus

    problems[:], hidden = focus(dataset, problems, comparison)
    if not hidden:
        return ""
    if lang == "en":
        return f"{hidden} more warning(s) in files this change does not touch; run `tiendo validate` without --base to see them."
    return (f"Còn {hidden} cảnh báo ở các tệp mà thay đổi này không đụng tới; "
            "chạy `tiendo validate` không có --base để xem hết.")


class StatsFormat(str, Enum):
    json = "json"
    csv = "csv"
    text = "text"


@command()
def stats(
    data: DataOption = Path("data"),
    plan: Annotated[str | None, typer.Option("--plan", help="Mã kế hoạch (bỏ trống nếu chỉ có một).")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Kỳ, ví dụ 2019-Q1 (mặc định: kỳ mới nhất có báo cáo).")] = None,
    format: Annotated[StatsFormat, typer.Option("--format", help="json, csv hoặc text.")] = StatsFormat.json,
) -> None:
    """Số liệu thống kê của một kế hoạch tại một kỳ."""
    import json

    from generator.outputs.export import csv_text
    from generator.outputs.stats_text import print_stats
    from generator.outputs.tables import statistics_table
    from generator.stats.engine import compute_all

    dataset = _valid_data(data)
    timeline, figures = _plan_period(compute_all(dataset), plan, period)
    if format is StatsFormat.json:
        print(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
    elif format is StatsFormat.csv:
        sys.stdout.write(csv_text(statistics_table(dataset, [timeline], [figures.period])))
    else:
        print_stats(figures, timeline, dataset, out())


@command()
def export(
    data: DataOption = Path("data"),
    out_dir: Annotated[Path, typer.Option("--out", help="Thư mục ghi các tệp tải về.")] = Path("export"),
) -> None:
    """Xuất mọi bảng (kế hoạch, nhiệm vụ, gia hạn, báo cáo, kết quả, văn bản, số liệu, tình trạng từng kỳ,
    thống kê, chỉ tiêu) ra CSV, XLSX và JSON."""
    from generator.outputs.export import write_exports
    from generator.stats.engine import compute_all

    dataset = _valid_data(data)
    try:
        written = write_exports(dataset, list(compute_all(dataset).values()), out_dir)
    except OSError as exc:
        raise Fail(f"Không ghi được các tệp tải về vào {out_dir}: {exc.strerror or exc}.") from None
    for path in written:
        out().print(f"Đã ghi {shown(path)}")


def _valid_data(data: Path, advice: str = "Dữ liệu có lỗi nên chưa tính được số liệu; sửa các lỗi trên rồi chạy lại."):
    """The data set, or its problems printed and exit 1."""
    from generator.data.problems import has_errors
    from generator.outputs.diagnostics import SourceLines, print_text

    dataset, problems, _ = _check(data)
    if has_errors(problems):
        print_text(problems, SourceLines(dataset.root.parent), dataset.files, "vi", err())
        err().print(advice, style="bold red")
        raise typer.Exit(1)
    return dataset


class Engine(str, Enum):
    mkdocs = "mkdocs"
    zensical = "zensical"


@command()
def build(
    data: DataOption = Path("data"),
    site_dir: Annotated[Path | None, typer.Option("--site-dir", help="Thư mục ghi trang web (mặc định: site_dir trong mkdocs.yml).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Coi cảnh báo khi dựng trang (liên kết hỏng…) là lỗi.")] = False,
    config: Annotated[Path, typer.Option("--config", help="Tệp cấu hình MkDocs.")] = Path("mkdocs.yml"),
    engine: Annotated[Engine, typer.Option("--engine", help="Công cụ dựng trang: mkdocs (MkDocs + Material) "
                                           "hoặc zensical (cài thêm: pip install -e '.[zensical]').")] = Engine.mkdocs,
) -> None:
    """Kiểm tra dữ liệu, tính số liệu và dựng trang web tĩnh."""
    from generator.data.load import DataDirError
    from generator.outputs.diagnostics import SourceLines, print_text
    from generator.site.build import BuildError, DataError, build_site
    from generator.site.engines import NAMES, EngineMissing

    if not config.is_file():
        raise Fail(f"Không tìm thấy {config}; chạy lệnh từ thư mục gốc của kho dữ liệu hoặc dùng --config.")
    _configure_logging()
    with err().status("Đang dựng trang web…") as status:
        def stage(name: str) -> None:
            status.update(name + "…")
            err().print(f"[dim]•[/dim] {shown(name)}")
        try:
            result = build_site(data, config, site_dir, strict=strict, today=today(), stage=stage,
                                engine=engine.value)
        except EngineMissing as exc:
            raise Fail(str(exc)) from None
        except DataError as exc:
            status.stop()
            print_text(exc.problems, SourceLines(exc.data.root.parent), exc.data.files, "vi", err())
            err().print("Dữ liệu có lỗi nên chưa dựng trang web; trang web cũ (nếu có) được giữ nguyên.", style="bold red")
            raise typer.Exit(1) from None
        except DataDirError as exc:
            raise Fail(str(exc)) from None
        except BuildError as exc:
            raise Fail(f"{NAMES[engine.value]} không dựng được trang web ({exc}); "
                       "trang web cũ (nếu có) được giữ nguyên.") from None
    times = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.timings.items())
    out().print(f"[green bold]Đã dựng trang web[/] tại {shown(result.site_dir)}: {result.pages} trang "
              f"({result.changed} tệp thay đổi, {result.removed} tệp bỏ đi). Thời gian: {times}.")
    if result.warnings:
        out().print(f"Dữ liệu có {len(result.warnings)} cảnh báo; xem bằng `tiendo validate`.")


@command()
def serve(
    data: DataOption = Path("data"),
    address: Annotated[str, typer.Option("--address", help="Địa chỉ và cổng phục vụ.")] = "127.0.0.1:8000",
    config: Annotated[Path, typer.Option("--config", help="Tệp cấu hình MkDocs.")] = Path("mkdocs.yml"),
) -> None:
    """Xem trước trang web (dựng bằng MkDocs); tự dựng lại khi dữ liệu thay đổi (Ctrl+C để dừng)."""
    from generator.data.load import DataDirError
    from generator.outputs.diagnostics import SourceLines, print_text
    from generator.site.build import DataError
    from generator.site.serve import serve as live_serve

    if not config.is_file():
        raise Fail(f"Không tìm thấy {config}; chạy lệnh từ thư mục gốc của kho dữ liệu hoặc dùng --config.")
    _configure_logging()

    def problems(found) -> None:
        print_text(found, SourceLines(data.resolve().parent), len({p.file for p in found}), "vi", err())
        err().print("Dữ liệu có lỗi: trang xem trước giữ nội dung cũ cho đến khi sửa xong.", style="bold red")

    err().print(f"Xem trước tại http://{shown(address)}/ — sửa dữ liệu trong {shown(data)} để thấy thay đổi.")
    try:
        live_serve(data, config, today=today, address=address, on_problems=problems,
                   on_rebuilt=lambda: err().print("Dữ liệu thay đổi: đã tạo lại các trang."))
    except DataError as exc:
        problems(exc.problems)
        raise typer.Exit(1) from None
    except DataDirError as exc:
        raise Fail(str(exc)) from None


def _configure_logging() -> None:
    """MkDocs reports through logging, and so do tiendo's engines (Zensical): show warnings and errors."""
    import logging

    from rich.logging import RichHandler

    handler = RichHandler(console=err(), show_time=False, show_path=False, markup=False)
    for name in ("mkdocs", "tiendo"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False


@command()
def diff(
    base_arg: Annotated[str | None, typer.Argument(metavar="BASE", callback=_revision, help="Phiên bản gốc (nhánh, thẻ, commit).")] = None,
    head: Annotated[str | None, typer.Argument(callback=_revision, help="Phiên bản so sánh (mặc định: thư mục làm việc).")] = None,
    base: Annotated[str | None, typer.Option("--base", callback=_revision, help="Như BASE.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """In (Markdown) những gì thay đổi giữa hai phiên bản: tệp, nhiệm vụ, số liệu, kiến nghị mới."""
    from generator.data.load import DataDirError
    from generator.git.diff import diff_markdown
    from generator.git.repo import GitError

    revision = base or base_arg
    if revision is None:
        raise Fail("Cần phiên bản gốc: `tiendo diff BASE [HEAD]` hoặc `tiendo diff --base BASE`.")
    try:
        print(diff_markdown(data, revision, head, today()), end="")
    except (GitError, DataDirError) as exc:
        raise Fail(str(exc)) from None


@command()
def codeowners(
    data: DataOption = Path("data"),
    check_only: Annotated[bool, typer.Option("--check", help="Chỉ kiểm tra, không ghi (thoát 1 nếu lệch).")] = False,
) -> None:
    """Tạo .github/CODEOWNERS (GitHub) và .forgejo/CODEOWNERS (Forgejo, Gitea) từ reviewers trong agencies.yaml."""
    from generator.git.codeowners import rendered
    from generator.outputs.diagnostics import SourceLines, print_text

    dataset, problems, _ = _check(data)
    if dataset.agencies_file is None:
        print_text(problems, SourceLines(dataset.root.parent), dataset.files, "vi", err())
        raise typer.Exit(1)
    drifted = []
    for relative, text in rendered(dataset, dataset.root.name).items():
        path = dataset.root.parent / relative
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            out().print(f"{shown(path)} khớp với agencies.yaml.")
        elif check_only:
            err().print(f"{shown(path)} không khớp với agencies.yaml; chạy `tiendo codeowners` để tạo lại.", style="bold red")
            drifted.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            out().print(f"Đã ghi {shown(path)}.")
    if drifted:
        raise typer.Exit(1)


@command("new-update")
def new_update_command(
    plan: Annotated[str, typer.Option("--plan", help="Mã kế hoạch.")],
    agency: Annotated[str, typer.Option("--agency", help="Mã cơ quan.")],
    period: Annotated[str, typer.Option("--period", help="Kỳ báo cáo, ví dụ 2019-Q2.")],
    data: DataOption = Path("data"),
) -> None:
    """Tạo sẵn báo cáo kỳ mới của một cơ quan từ các báo cáo trước (không ghi đè tệp đã có)."""
    from generator.outputs.new_update import NewUpdateError, new_update

    dataset = _valid_data(data, "Sửa các lỗi trên trước khi tạo báo cáo mới.")
    try:
        path, text = new_update(dataset, plan, agency, period, today())
    except NewUpdateError as exc:
        raise Fail(str(exc)) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    out().print(f"Đã tạo {shown(dataset.display(path))}: điền kết quả từng nhiệm vụ rồi chạy `tiendo validate`.")


@command()
def schema(
    out_dir: Annotated[Path, typer.Option("--out", help="Thư mục ghi các tệp JSON Schema.")] = Path("docs/schemas"),
) -> None:
    """Ghi JSON Schema của ba loại tệp (cho trình soạn thảo và trang web)."""
    from generator.data.schema import write_schemas

    for path in write_schemas(out_dir):
        out().print(f"Đã ghi {shown(path)}")


def _check(data: Path, base: str | None = None):
    """The data set, its problems and (with `base`) what the change touches; a clear refusal when the
    folder or git cannot be read."""
    from generator.check import check_change
    from generator.data.load import DataDirError

    refusals: tuple[type[Exception], ...] = (DataDirError,)
    if base is not None:  # git runs only against a base revision
        from generator.git.repo import GitError

        refusals += (GitError,)
    try:
        return check_change(data, today(), base)
    except refusals as exc:
        raise Fail(str(exc)) from None


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"tiendo {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="In phiên bản rồi thoát.")] = False,
) -> None:
    """tiendo: theo dõi tiến độ thực hiện kế hoạch."""


def main() -> None:
    try:
        app(prog_name="tiendo")
    except SystemExit as exc:
        if _validated:
            _exit_now(exc.code)
        raise


def _exit_now(code) -> None:
    """End the process without freeing what `validate` read (about 0.02 s at province scale): run
    in every pre-commit hook, it has written everything and has no file open. Not for the other
    commands, whose libraries may still have work to finish at exit."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # output could not be written: let Python report it as usual
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


@command("form")
def form_command(
    plan: Annotated[str | None, typer.Option("--plan", help="Mã kế hoạch.")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Mã cơ quan.")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Kỳ báo cáo, ví dụ 2019-Q2.")] = None,
    from_file: Annotated[Path | None, typer.Option("--from", help="Báo cáo đã có (data/updates/…/<kỳ>.yaml), "
                                                   "để sửa bằng biểu mẫu.")] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Tệp Excel ghi ra (mặc định: "
                                                  "bieu-mau-<cơ quan>-<kỳ>.xlsx); không ghi đè tệp đã có.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Tạo biểu mẫu Excel để điền báo cáo: điền sẵn từ các kỳ trước, hoặc từ một báo cáo đã có (--from)."""
    from generator.outputs.atomic import write_atomically
    from generator.outputs.forms.writing import FormError, build_form
    from generator.outputs.new_update import NewUpdateError, ReportExists, from_report, prefill

    new = plan is not None and agency is not None and period is not None
    if not (new and from_file is None or from_file is not None and not any((plan, agency, period))):
        raise typer.BadParameter("Dùng --plan, --agency và --period (báo cáo mới) hoặc chỉ --from (báo cáo đã có).")
    try:
        if from_file is None:
            dataset = _valid_data(data, "Sửa các lỗi trên trước khi tạo biểu mẫu.")
            draft = prefill(dataset, plan, agency, period, today())
        else:
            dataset, problems = _loaded(data)
            draft = from_report(dataset, _loaded_report(dataset, problems, from_file))
        out_file = out_file or Path(f"bieu-mau-{draft.agency.id}-{draft.period.id}.xlsx")
        if out_file.exists():
            raise Fail(f"Đã có tệp {out_file}; chọn tên khác bằng --out (tệp cũ có thể là biểu mẫu đã điền).")
        write_atomically(out_file, build_form(draft, today()))
    except ReportExists as exc:
        raise Fail(f"{exc} Để sửa báo cáo đó bằng biểu mẫu: tiendo form --from "
                   f"{dataset.display(exc.path)}") from None
    except (NewUpdateError, FormError) as exc:
        raise Fail(str(exc)) from None
    out().print(f"Đã tạo biểu mẫu {shown(out_file)} ({shown(draft.agency.name)}, {draft.period.label}, "
                f"{len(draft.lines)} nhiệm vụ): điền rồi nhập bằng `tiendo import {shown(shlex.quote(str(out_file)))}`.")


def _loaded_report(dataset, problems, path: Path):
    """The report at `path` as loaded, or its own problems printed and exit 1."""
    from generator.data.layout import parse_report
    from generator.outputs.diagnostics import SourceLines, print_text

    try:
        relative = path.resolve().relative_to(dataset.root).as_posix()
    except ValueError:
        raise Fail(f"{path} không nằm trong thư mục dữ liệu {dataset.root}; dùng --data.") from None
    where = parse_report(relative)
    update = next((u for u in dataset.updates if u.path == where), None)
    if update is None:
        own = [p for p in problems if p.file == dataset.display(dataset.root / relative)]
        if not own:
            raise Fail(f"Không có báo cáo {path} (báo cáo nằm ở updates/<kế hoạch>/<cơ quan>/<kỳ>.yaml).")
        print_text(own, SourceLines(dataset.root.parent), 1, "vi", err())
        err().print("Báo cáo có lỗi nên chưa đọc được; sửa các lỗi trên trước khi tạo biểu mẫu.", style="bold red")
        raise typer.Exit(1)
    return update


@command("import")
def import_command(
    form: Annotated[Path, typer.Argument(metavar="FILE.xlsx", help="Biểu mẫu Excel (.xlsx) đã điền.")],
    data: DataOption = Path("data"),
    replace: Annotated[bool, typer.Option("--replace", help="Thay báo cáo đã có của kỳ đó.")] = False,
) -> None:
    """Nhập biểu mẫu Excel đã điền thành tệp báo cáo YAML, kiểm tra như `tiendo validate`."""

    from generator.outputs.forms.importing import ImportRefused, import_form
    from generator.outputs.forms.reading import FormRejected, FormUnreadable

    if not form.is_file():
        raise Fail(f"Không tìm thấy tệp {form}.")
    dataset, problems = _loaded(data)  # the import validates the data with the new report, once
    if dataset.agencies_file is None or dataset.plans_with_errors:
        from generator.outputs.diagnostics import SourceLines, print_text

        whole = [p for p in problems if "/updates/" not in p.file]
        print_text(whole, SourceLines(dataset.root.parent), dataset.files, "vi", err())
        err().print("Kế hoạch hoặc danh mục cơ quan có lỗi; sửa trước khi nhập biểu mẫu.", style="bold red")
        raise typer.Exit(1)
    try:
        imported = import_form(form, dataset, today(), replace=replace)
    except (FormUnreadable, ImportRefused) as exc:
        raise Fail(str(exc)) from None
    except FormRejected as exc:
        _print_cells(exc.problems)
        errors = sum(p.is_error for p in exc.problems)
        err().print(f"Biểu mẫu có {errors} lỗi nên chưa ghi gì vào dữ liệu; sửa các ô trên rồi nhập lại.",
                    style="bold red")
        raise typer.Exit(1) from None
    _print_cells(imported.warnings)
    out().print(f"Đã ghi [bold]{shown(imported.shown)}[/] từ biểu mẫu {shown(form.name)}"
                + (f" ({len(imported.warnings)} cảnh báo)." if imported.warnings else "."))


def _loaded(data: Path):
    """The data folder read and each file checked against its schema (no rules across files)."""
    from generator.data.load import DataDirError, load

    try:
        return load(data)
    except DataDirError as exc:
        raise Fail(str(exc)) from None


def _print_cells(problems) -> None:
    """Problems of a form, by sheet and cell."""

    for problem in problems:
        colour, label = ("red", "lỗi") if problem.is_error else ("yellow", "cảnh báo")
        rule = f" [dim]\\[{shown(problem.rule)}][/dim]" if problem.rule != "form" else ""
        err().print(f"[bold]{shown(problem.cell)}[/bold]: [{colour} bold]{label}[/]{rule} {shown(problem.message)}")


def _plan_period(timelines: dict, plan: str | None, period: str | None):
    """The timeline of `--plan` (optional when there is one plan) and its figures at `--period` (default: the
    latest period with a report)."""
    if plan is None:
        if len(timelines) != 1:
            raise Fail("Có nhiều kế hoạch; chọn một bằng --plan: " + ", ".join(timelines))
        plan = next(iter(timelines))
    timeline = timelines.get(plan)
    if timeline is None:
        raise Fail(f"Không có kế hoạch `{plan}`. Các kế hoạch: " + (", ".join(timelines) or "(không có)"))
    if period is None:
        if timeline.latest_reported is None:
            raise Fail(f"Kế hoạch `{plan}` chưa có báo cáo nào; chọn kỳ bằng --period.")
        period = timeline.latest_reported.id
    try:
        return timeline, timeline.at(period)
    except KeyError:
        periods = timeline.periods
        raise Fail(f"`{period}` không phải kỳ báo cáo của kế hoạch `{plan}` "
                   f"(từ {periods[0].id} đến {periods[-1].id}).") from None


@command()
def report(
    out_file: Annotated[Path, typer.Option("--out", help="Tệp Word (.docx) sẽ ghi.")],
    data: DataOption = Path("data"),
    plan: Annotated[str | None, typer.Option("--plan", help="Mã kế hoạch (bỏ trống nếu chỉ có một).")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Kỳ, ví dụ 2019-Q1 (mặc định: kỳ mới nhất có báo cáo).")] = None,
    template: Annotated[Path | None, typer.Option("--template", help="Mẫu Word của cơ quan (mặc định: mẫu theo thể thức trong mục report của plan.yaml).")] = None,
) -> None:
    """Báo cáo tổng hợp (Word) của một kỳ, theo thể thức văn bản, để trình lãnh đạo."""
    from generator.outputs.report import TemplateProblem, report_content
    from generator.outputs.report.document import write
    from generator.stats.engine import compute_all

    if out_file.suffix.lower() != ".docx":
        raise Fail(f"--out phải là tệp .docx (Word), không phải `{out_file}`.")
    if template is not None and not template.is_file():
        raise Fail(f"Không tìm thấy mẫu {template}.")
    dataset = _valid_data(data)
    timeline, figures = _plan_period(compute_all(dataset), plan, period)
    content = report_content(dataset, timeline, figures.period)
    try:
        write(content, out_file, template)
    except TemplateProblem as exc:
        raise Fail(f"{exc}. Sửa mẫu trong Word hoặc bỏ --template để dùng mẫu có sẵn.") from None
    except OSError as exc:
        raise Fail(f"Không ghi được {out_file}: {exc.strerror or exc}.") from None
    header = content.header
    out().print(f"[green bold]Đã ghi[/] {shown(out_file)}: báo cáo tổng hợp {figures.period.label}, Kế hoạch số "
                f"{shown(timeline.plan.plan.code)} ({'văn bản của Đảng' if header.style == 'party' else 'văn bản hành chính'}). "
                "Mở bằng Word để điền số, ngày và biên tập trước khi trình.")
    if not header.from_plan:
        out().print(f"plan.yaml chưa có mục `report`: phần đầu dùng tên cơ quan theo dõi ({shown(header.issuer)}), "
                    f"ký hiệu {shown(header.symbol)}, thể thức văn bản của Đảng; thêm mục `report` để ghi đúng.")
