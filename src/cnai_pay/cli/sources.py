"""`cnai-pay sources [ID]`: every source with its address, or one source in full, so the shell
can open a page the app would (`xdg-open "$(cnai-pay sources ID --url)"`)."""

from __future__ import annotations

import argparse

from ..domain.model import Source
from ..domain.vocabulary import SOURCE_KIND_LABELS, plural
from ..loading import load_catalog
from ..text import clean_text
from .lookup import UsageError, resolve_source
from .output import emit


def _one(source: Source, facts: int) -> list[str]:
    lines = [
        f"{source.title} — {source.publisher}",
        f"{SOURCE_KIND_LABELS[source.kind]} · {source.page_dated} · read {source.read_on.isoformat()}",
        source.url,
    ]
    if source.note:
        lines.append(f"about the source: {source.note}")
    lines.append(f"{plural(facts, 'fact')} in the data rest on it")
    return lines


def cmd_sources(args: argparse.Namespace) -> int:
    catalog = load_catalog(getattr(args, "data", None))
    if args.source is None and args.url:
        raise UsageError("--url needs a source ID (`cnai-pay sources` lists them)")
    if args.source is None:
        sources = list(catalog.sources.values())
        width = max((len(s.id) for s in sources), default=0)
        lines = [f"{s.id:<{width}}  {s.page_date_text:<10}  {s.url}" for s in sources]
    else:
        source = resolve_source(catalog, args.source)
        lines = [source.url] if args.url else _one(source, len(catalog.claims_citing(source.id)))
    emit("".join(clean_text(line) + "\n" for line in lines))
    return 0
