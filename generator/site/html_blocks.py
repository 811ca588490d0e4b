"""A Python-Markdown extension: the finished HTML of generated pages, passed through without being parsed again.

Generated pages are HTML written by the templates (every value escaped, agencies' Markdown already
rendered and sanitised) with Markdown headings between the blocks, so that the engine builds the table
of contents and the permalinks. Python-Markdown would parse every raw HTML block with Python's
`html.parser` to find where it ends (MkDocs a second time, to collect anchors): on generated pages that
is most of the engine's time. `render` writes each block between the two comment lines `FENCE` and `END`;
this extension stores the lines between them in Markdown's raw-HTML stash at once, as its own
HTML-block preprocessor does once it has found a block, so the page comes out the same.

Both engines run Python-Markdown with the `markdown_extensions` of mkdocs.yml, where this extension is
named (`generator.site.html_blocks`). Without it the fences are plain HTML comments and the blocks are
parsed as before: the same page, more slowly.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

FENCE = "<!-- tiendo:html -->"
END = "<!-- /tiendo:html -->"


class _Stash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == FENCE:
                    block = []
                else:
                    out.append(line)
            elif line == END:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # an unclosed fence: leave the lines to Markdown as they were
            out += [FENCE, *block]
        return out


class FinishedHtml(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after whitespace normalisation (30), which removes the stash's placeholder characters,
        # before MkDocs's anchor collector (21) and Markdown's own HTML-block parser (20)
        md.preprocessors.register(_Stash(md), "tiendo_html_blocks", 25)


def makeExtension(**kwargs) -> FinishedHtml:  # noqa: N802 (the name Python-Markdown looks for)
    return FinishedHtml(**kwargs)
