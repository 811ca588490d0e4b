"""The command line's own words in Vietnamese: what Typer and Click print themselves.

Usage lines, help headings ("Options", "[default: data]") and usage errors ("Missing option '--out'.")
are not tiendo's texts but its libraries'. `vi.po` translates them, in two parts (see its header):
Typer's messages, which Typer looks up through gettext, and the messages of the copy of Click inside
Typer, which it writes in English without gettext and which `translated` matches as patterns.

`speak_vietnamese()` routes Typer's gettext lookups to `vi.mo` (compiled from vi.po by
`python -m generator.locale`; a test holds the two equal). tiendo speaks Vietnamese whatever the
machine's locale and sets no environment variable, so the programs it runs (git, Zensical) keep theirs.
"""

from __future__ import annotations

import gettext
import re
import sys
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
CATALOGUE = HERE / "vi.po"
COMPILED = HERE / "vi.mo"
PATTERNS = "click"  # the context of the entries matched as patterns
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _words() -> gettext.GNUTranslations:
    with COMPILED.open("rb") as handle:
        return gettext.GNUTranslations(handle)


@cache
def speak_vietnamese() -> None:
    """Make every Typer and Click module loaded so far look its gettext messages up in vi.mo."""
    words = _words()
    for name, module in list(sys.modules.items()):
        if module is None or name.partition(".")[0] not in ("click", "typer"):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = words.gettext
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = words.ngettext


def translated(message: str) -> str:
    """A message of Click's, in Vietnamese: the first pattern of vi.po that matches it whole, its parts
    translated in turn; the message as it was when none does."""
    exact = _words().pgettext(PATTERNS, message)  # a message without a part that varies ("Usage:")
    if exact != message:
        return exact
    for pattern, template in _patterns():
        match = pattern.fullmatch(message)
        if match:
            return template.format(**{key: translated(part) for key, part in match.groupdict().items()})
    return message


def usage_error(error) -> str:
    """What Click prints for a usage error (its usage line, where to find help, the error), in Vietnamese."""
    if type(error).__name__ == "NoArgsIsHelpError":  # `tiendo` alone: the help is the whole message
        return error.format_message()
    lines = []
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(translated(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help."))
        lines.append("")
    from generator.outputs.diagnostics import clean  # what was typed, hidden characters made visible

    lines.append(translated(f"Error: {clean(error.format_message())}"))
    return "\n".join(lines)


@cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    """The entries of context "click", in the catalogue's order: (the msgid as a pattern, the msgstr).
    Read from vi.po (with Babel) only when a usage error is shown: starting a command stays cheap."""
    found = []
    for message in _catalogue():
        if message.context != PATTERNS or not message.string:
            continue
        parts = _PLACEHOLDER.split(message.id)  # literal, name, literal, name, …, literal
        pattern = "".join(re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+?)" for n, part in enumerate(parts))
        found.append((re.compile(pattern, re.DOTALL), message.string))
    return found


def _catalogue():
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="vi")


def compiled() -> bytes:
    """vi.po compiled into the bytes of vi.mo (Babel, which the site's theme already needs)."""
    from io import BytesIO

    from babel.messages.mofile import write_mo

    out = BytesIO()
    write_mo(out, _catalogue())
    return out.getvalue()
