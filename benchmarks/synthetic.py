"""Write a synthetic data folder: the real data plus generated platforms, in the real TOML format.

The folder holds N platforms in all: the 6 real ones from `data/` and N - 6
generated ones, each with claims for the 13 real payment methods (0 to 3 per
cell, from five synthetic sources of different kinds and dates, some of them
disagreeing so that disputed cells exist), refund claims and billing entries.
It loads through the normal `cnai_pay.catalog.load_catalog`.

Names are varied so that a typed filter narrows realistically: a platform is
called e.g. "Nimbus Router 0421" (id `nimbus_router_0421`), made of one of 40
words, one of 12 suffixes and a four-digit number; some have an alias.

    python benchmarks/synthetic.py 1000 /tmp/cnai-1000     # write a folder
    python benchmarks/synthetic.py 1000 /tmp/cnai-1000 --check   # ... and load it

The output is deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL_DATA = REPO / "data"
REAL_PLATFORMS = 6

WORDS = [
    "Nimbus", "Aurora", "Cobalt", "Zephyr", "Quartz", "Lumen", "Vertex", "Orbit", "Cinder", "Harbor",
    "Summit", "Meridian", "Pylon", "Tundra", "Saffron", "Beacon", "Cascade", "Drift", "Ember", "Fjord",
    "Granite", "Halcyon", "Indigo", "Juniper", "Kestrel", "Lattice", "Monsoon", "Nebula", "Onyx", "Prism",
    "Quill", "Sable", "Tessel", "Umber", "Vesper", "Willow", "Xenon", "Yarrow", "Zenith", "Basalt",
]
SUFFIXES = ["Cloud", "API", "Gateway", "Labs", "Hub", "Router", "Compute", "AI", "Models", "Relay", "Stack", "Mesh"]
ALIASES = ["formerly {w} Systems", "{w}.dev", "{w} Inference", "{w} Pay-as-you-go"]

# Synthetic sources, one of each kind (two reports), with different dates so the ranking has work to do.
SOURCES = [
    ("synth_official", "official", "2026-06-01"),
    ("synth_vendor", "vendor_blog", "2026-04-15"),
    ("synth_guide", "guide", "2026-05-12"),
    ("synth_report_a", "report", "2026-08-30"),
    ("synth_report_b", "report", "undated"),
]
STATUSES = ["supported", "not_supported", "conditional", "unknown"]
STATUS_WEIGHTS = [45, 25, 20, 10]
NOTES = {
    "supported": "Synthetic: the page lists {m} among the accepted ways to top up {p}.",
    "not_supported": "Synthetic: {p}'s page says {m} is not accepted for API credit.",
    "conditional": "Synthetic: {m} works on {p} only with 3-D Secure and a billing address in a supported region.",
    "unknown": "Synthetic: the page mentions {m} for {p} without saying whether it works.",
}


class Raw(str):
    """Written as is: a TOML date such as 2026-06-01."""


def q(value: object) -> str:
    """A TOML value: strings are written as basic strings (JSON escapes are valid TOML)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(q(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def table(name: str, fields: dict[str, object]) -> str:
    lines = [f"\n[[{name}]]"]
    lines += [f"{key} = {q(value)}" for key, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n"


def method_ids(folder: Path) -> list[tuple[str, str]]:
    import tomllib

    methods = tomllib.loads((folder / "methods.toml").read_text(encoding="utf-8"))["method"]
    return [(m["id"], m["name"]) for m in methods]


def platform_names(count: int, rng: random.Random) -> list[tuple[str, str, str | None]]:
    """(id, name, alias or None) for `count` generated platforms, all distinct."""
    numbers = rng.sample(range(10000), count) if count <= 10000 else list(range(count))
    result = []
    for number in numbers:
        word, suffix = rng.choice(WORDS), rng.choice(SUFFIXES)
        name = f"{word} {suffix} {number:04d}"
        pid = f"{word}_{suffix}_{number:04d}".lower()
        alias = rng.choice(ALIASES).format(w=word) if rng.random() < 0.3 else None
        result.append((pid, name, alias))
    return result


def write_synthetic(total: int, out: Path, seed: int = 20261126) -> Path:
    """Write a data folder with `total` platforms (at least the 6 real ones) into `out`."""
    if total < REAL_PLATFORMS:
        raise ValueError(f"at least {REAL_PLATFORMS} platforms (the real ones)")
    rng = random.Random(f"{seed}-{total}")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REAL_DATA, out, ignore=shutil.ignore_patterns("*.pickle", "__pycache__"))
    extra = total - REAL_PLATFORMS
    if extra == 0:
        return out

    methods = method_ids(REAL_DATA)
    platforms, sources, claims, refunds, billing = [], [], [], [], []
    for sid, kind, page_date in SOURCES:
        sources.append(table("source", {
            "id": sid,
            "title": f"Synthetic benchmark source ({kind.replace('_', ' ')})",
            "publisher": "cnai-pay benchmarks",
            "url": f"https://example.invalid/{sid}",
            "kind": kind,
            "page_date": page_date if page_date == "undated" else Raw(page_date),
            "read_on": Raw("2026-11-26"),
            "note": "Generated for the benchmarks; not a real page.",
        }))

    source_ids = [s[0] for s in SOURCES]
    for pid, name, alias in platform_names(extra, rng):
        kind = "gateway" if rng.random() < 0.6 else "direct"
        operator = name.rsplit(" ", 1)[0]
        platforms.append(table("platform", {
            "id": pid,
            "name": name,
            "kind": kind,
            "site": f"https://{pid.replace('_', '-')}.example.invalid",
            "operator": operator,
            "also_known_as": [alias] if alias else None,
            "summary": f"A synthetic {kind} platform generated for the benchmarks, run by {operator}.",
        }))
        for mid, mname in methods:
            count = rng.choices([0, 1, 2, 3], weights=[15, 35, 35, 15])[0]
            base = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
            for sid in rng.sample(source_ids, count):
                # One claim in five departs from the cell's base status: disputed cells.
                status = base if rng.random() < 0.8 else rng.choice([s for s in STATUSES if s != base])
                claims.append(table("claim", {
                    "platform": pid, "method": mid, "status": status,
                    "note": NOTES[status].format(m=mname, p=name), "source": sid,
                    "from_prose": True if sid == "synth_guide" else None,
                }))
        for sid in rng.sample(source_ids, rng.choice([1, 1, 2])):
            policy = rng.choices(["refundable", "not_refundable", "unknown"], weights=[35, 50, 15])[0]
            refunds.append(table("refund", {
                "platform": pid, "policy": policy,
                "window_days": rng.choice([7, 14, 30]) if policy == "refundable" else None,
                "conditions": "unused" if policy == "refundable" else None,
                "note": f"Synthetic refund terms for {name}.", "source": sid,
            }))
        model = rng.choices(["prepaid", "postpaid"], weights=[75, 25])[0]
        minimum = rng.choice([1, 2, 5, 10, 20]) if model == "prepaid" and rng.random() < 0.7 else None
        billing.append(table("billing", {
            "platform": pid, "model": model, "minimum": minimum,
            "currency": rng.choice(["USD", "CNY"]) if minimum is not None else None,
            "note": f"Synthetic billing entry for {name}.", "source": rng.choice(source_ids),
        }))

    def append(file: str, header: str, chunks: list[str]) -> None:
        with (out / file).open("a", encoding="utf-8") as handle:
            handle.write(f"\n# --- {header} ---\n")
            handle.write("".join(chunks))

    note = f"synthetic, {extra} generated platforms (benchmarks/synthetic.py)"
    append("sources.toml", note, sources)
    append("platforms.toml", note, platforms)
    append("claims.toml", note, claims)
    append("refunds.toml", note, refunds)
    append("billing.toml", note, billing)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("platforms", type=int, help="total number of platforms (at least 6)")
    parser.add_argument("out", type=Path, help="the folder to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--check", action="store_true", help="load the folder with load_catalog afterwards")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    write_synthetic(args.platforms, args.out, args.seed)
    size = sum(p.stat().st_size for p in args.out.glob("*.toml"))
    print(f"wrote {args.out} ({size / 1e6:.1f} MB of TOML) in {time.perf_counter() - start:.2f} s")
    if args.check:
        from cnai_pay.catalog import load_catalog

        start = time.perf_counter()
        catalog = load_catalog(args.out, use_cache=False)
        disputed = len(catalog.disputed_cells())
        print(f"loaded {len(catalog.platforms)} platforms, {len(catalog.methods)} methods, "
              f"{len(catalog.claims)} claims, {disputed} disputed cells in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
