"""Write a synthetic data folder: the real data plus generated platforms, in the real TOML format (schema 2).

The folder holds N platforms in all: the real ones from `data/` (11 today) and
the rest generated, each with claims for every real payment method (17 today;
0 to 3 per cell, from five synthetic sources of different kinds and dates,
some of them disagreeing so that disputed cells exist), refund claims and
billing entries. Every claim carries a `basis` that fits its source (an
official page states or, from a list it presents as complete, is inferred
from; a vendor blog states or quotes second-hand; the guide states, rebuilt
from prose; a report is one person's experience), and one claim in ten is
scoped to regions, as in the real data. The folder passes `cnai-pay data
check` and loads through the normal `cnai_pay.loading.load_catalog`.

Names are varied so that a typed filter narrows realistically: a platform is
called e.g. "Nimbus Router 0421" (id `nimbus_router_0421`), made of one of 40
words, one of 12 suffixes and a four-digit number; some have an alias.

    python benchmarks/synthetic.py 1000 /tmp/cnai-1000     # write a folder
    python benchmarks/synthetic.py 1000 /tmp/cnai-1000 --check   # ... and run `cnai-pay data check` on it

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

WORDS = [
    "Nimbus",
    "Aurora",
    "Cobalt",
    "Zephyr",
    "Quartz",
    "Lumen",
    "Vertex",
    "Orbit",
    "Cinder",
    "Harbor",
    "Summit",
    "Meridian",
    "Pylon",
    "Tundra",
    "Saffron",
    "Beacon",
    "Cascade",
    "Drift",
    "Ember",
    "Fjord",
    "Granite",
    "Halcyon",
    "Indigo",
    "Juniper",
    "Kestrel",
    "Lattice",
    "Monsoon",
    "Nebula",
    "Onyx",
    "Prism",
    "Quill",
    "Sable",
    "Tessel",
    "Umber",
    "Vesper",
    "Willow",
    "Xenon",
    "Yarrow",
    "Zenith",
    "Basalt",
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
# How each source kind knows what it says: (basis, weight) pairs.
BASES = {
    "official": [("stated", 80), ("inferred", 20)],
    "vendor_blog": [("stated", 70), ("second_hand", 30)],
    "guide": [("stated", 100)],
    "report": [("reported", 100)],
}
# Region scopes for one claim in ten: (field, codes, what holds outside or None).
SCOPES = [
    ("regions", ["CN"], "not_supported"),
    ("regions", ["EU"], None),
    ("except_regions", ["US"], "conditional"),
    ("except_regions", ["IN", "PK"], None),
    ("regions", ["MY", "SG"], None),
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


def read_table(folder: Path, file: str, table: str) -> list[dict]:
    import tomllib

    return tomllib.loads((folder / file).read_text(encoding="utf-8"))[table]


def method_ids(folder: Path) -> list[tuple[str, str]]:
    return [(m["id"], m["name"]) for m in read_table(folder, "methods.toml", "method")]


def real_platform_count(folder: Path = REAL_DATA) -> int:
    """How many platforms the real data holds: the smallest size a synthetic folder can have."""
    return len(read_table(folder, "platforms.toml", "platform"))


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
    """Write a data folder with `total` platforms (at least the real ones) into `out`."""
    real = real_platform_count()
    if total < real:
        raise ValueError(f"at least {real} platforms (the real ones)")
    rng = random.Random(f"{seed}-{total}")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REAL_DATA, out, ignore=shutil.ignore_patterns("*.pickle", "__pycache__"))
    extra = total - real
    if extra == 0:
        return out

    methods = method_ids(REAL_DATA)
    platforms, sources, claims, refunds, billing = [], [], [], [], []
    for sid, kind, page_date in SOURCES:
        sources.append(
            table(
                "source",
                {
                    "id": sid,
                    "title": f"Synthetic benchmark source ({kind.replace('_', ' ')})",
                    "publisher": "cnai-pay benchmarks",
                    "url": f"https://example.invalid/{sid}",
                    "kind": kind,
                    "page_date": page_date if page_date == "undated" else Raw(page_date),
                    "read_on": Raw("2026-11-26"),
                    "note": "Generated for the benchmarks; not a real page.",
                },
            )
        )

    source_ids = [s[0] for s in SOURCES]
    kind_of = {sid: kind for sid, kind, _ in SOURCES}
    for pid, name, alias in platform_names(extra, rng):
        kind = "gateway" if rng.random() < 0.6 else "direct"
        operator = name.rsplit(" ", 1)[0]
        platforms.append(
            table(
                "platform",
                {
                    "id": pid,
                    "name": name,
                    "kind": kind,
                    "site": f"https://{pid.replace('_', '-')}.example.invalid",
                    "operator": operator,
                    "also_known_as": [alias] if alias else None,
                    "summary": f"A synthetic {kind} platform generated for the benchmarks, run by {operator}.",
                },
            )
        )
        for mid, mname in methods:
            count = rng.choices([0, 1, 2, 3], weights=[15, 35, 35, 15])[0]
            base = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
            for sid in rng.sample(source_ids, count):
                # One claim in five departs from the cell's base status: disputed cells.
                status = base if rng.random() < 0.8 else rng.choice([s for s in STATUSES if s != base])
                bases, weights = zip(*BASES[kind_of[sid]])
                basis = rng.choices(bases, weights=weights)[0]
                fields: dict[str, object] = {
                    "platform": pid,
                    "method": mid,
                    "status": status,
                    "note": NOTES[status].format(m=mname, p=name),
                    "source": sid,
                    "basis": basis,
                    "from_list": f"the payment methods on {name}'s billing page" if basis == "inferred" else None,
                    "from_prose": True if sid == "synth_guide" else None,
                }
                if rng.random() < 0.1:  # scoped to regions, as one real claim in ten is
                    field, codes, outside = rng.choice(SCOPES)
                    fields.update({field: codes, "outside": outside})
                claims.append(table("claim", fields))
        for sid in rng.sample(source_ids, rng.choice([1, 1, 2])):
            policy = rng.choices(["refundable", "not_refundable", "unknown"], weights=[35, 50, 15])[0]
            refunds.append(
                table(
                    "refund",
                    {
                        "platform": pid,
                        "policy": policy,
                        "window_days": rng.choice([7, 14, 30]) if policy == "refundable" else None,
                        "conditions": "unused" if policy == "refundable" else None,
                        "note": f"Synthetic refund terms for {name}.",
                        "source": sid,
                    },
                )
            )
        model = rng.choices(["prepaid", "postpaid"], weights=[75, 25])[0]
        minimum = rng.choice([1, 2, 5, 10, 20]) if model == "prepaid" and rng.random() < 0.7 else None
        billing.append(
            table(
                "billing",
                {
                    "platform": pid,
                    "model": model,
                    "minimum": minimum,
                    "currency": rng.choice(["USD", "CNY"]) if minimum is not None else None,
                    "note": f"Synthetic billing entry for {name}.",
                    "source": rng.choice(source_ids),
                },
            )
        )

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
    parser.add_argument("platforms", type=int, help=f"total number of platforms (at least {real_platform_count()})")
    parser.add_argument("out", type=Path, help="the folder to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument(
        "--check",
        action="store_true",
        help="run `cnai-pay data check` on the folder afterwards (in this process, size cap lifted)",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    write_synthetic(args.platforms, args.out, args.seed)
    files = list(args.out.glob("*.toml"))
    size = sum(p.stat().st_size for p in files)
    largest = max(files, key=lambda p: p.stat().st_size)
    print(
        f"wrote {args.out} ({size / 1e6:.1f} MB of TOML, largest {largest.name} "
        f"{largest.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.2f} s"
    )
    if args.check:
        from cnai_pay.cli import main as cnai_pay

        start = time.perf_counter()
        status = cnai_pay(["data", "check", str(args.out)])
        print(f"`cnai-pay data check` exit status {status} in {time.perf_counter() - start:.2f} s")
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
