"""MkDocs hooks for the live preview (`tiendo serve`), which rebuilds "dirty".

In a dirty build MkDocs renders again only the pages whose Markdown is newer than their HTML; tiendo
rewrites only the pages whose content changed, so a change to one report costs a fraction of a second
instead of a whole build. Two things a dirty build would leave wrong are put right here:

- the search index: Material's own merge of a dirty build expects a single changed page (and drops
  everything when the home page is among them); here each page built again, or gone, loses its old
  entries and keeps its new ones;
- pages gone from the data (an agency removed): their HTML is removed from the preview.

MkDocs loads this file once per preview (`hooks:`), so what it remembers lasts from build to build.
"""

from __future__ import annotations

import os

from mkdocs.plugins import event_priority

_built: set[str] = set()  # addresses of the pages built in this build
_pages: dict[str, str] = {}  # address -> HTML file, of every page of the latest build
_previous: dict[str, str] = {}  # the same, of the build before


def on_files(files, config):
    global _pages, _previous
    # each page's address as pages and search entries write it (the home page's is "", its file's "./")
    _previous, _pages = _pages, {("" if f.url in (".", "./") else f.url): f.dest_path
                                 for f in files.documentation_pages()}
    return files


def on_page_context(context, page, config, nav):
    _built.add(page.url)
    return context


@event_priority(50)  # before the search plugin writes its index (priority 0)
def on_post_build(config):
    for url, html in _previous.items():
        if url not in _pages:
            path = os.path.join(config.site_dir, html)
            if os.path.isfile(path):
                os.remove(path)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    previous = getattr(search, "search_index_prev", None)
    if previous is not None:
        kept = [entry for entry in previous.entries
                if (url := entry["location"].partition("#")[0]) in _pages and url not in _built]
        search.search_index.entries = kept + search.search_index.entries
        search.search_index_prev = None  # the index is whole now: nothing left for the plugin to merge
    _built.clear()
