"""The summary `cnai-pay data check` prints for a clean data folder."""

from __future__ import annotations

from collections import Counter

from ..domain.catalog import Catalog
from ..domain.vocabulary import plural
from ..fileio import shown


def check_summary(catalog: Catalog) -> str:
    """One line for a data folder that passed every check: what it holds and how it is known."""
    bases = Counter(claim.basis.value for claim in catalog.claims)
    counts = [
        plural(len(catalog.platforms), "platform"),
        plural(len(catalog.methods), "method"),
        plural(len(catalog.sources), "source"),
        plural(len(catalog.claims), "claim")
        + " ("
        + ", ".join(f"{n} {b.replace('_', '-')}" for b, n in sorted(bases.items()))
        + ")",
        plural(len(catalog.disputed_cells()), "disputed cell"),
    ]
    return f"OK: {shown(catalog.folder)}: {', '.join(counts)}; data as of {catalog.dataset.as_of.isoformat()}"
