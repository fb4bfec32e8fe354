"""`cnai-pay routes` (and the profile behind `routes` and `grid`) on the mini fixture, in every format."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from cnai_pay.cli import main
from cnai_pay.domain.catalog import Catalog
from cnai_pay.profile import Profile, save_profile
from cnai_pay.routes import plan_routes

from .conftest import MINI

DATA = ["--data", str(MINI)]
ALL_PLATFORMS = ["alpha", "beta", "gamma", "delta"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def routes(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, "routes", *DATA, *args)
    assert code == 0, err
    return out


def routes_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    return json.loads(routes(capsys, "--format", "json", *args))


def routes_csv(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(routes(capsys, "--format", "csv", *args))))


def pairs(rows: list[dict]) -> list[tuple[str, str]]:
    return [(row["platform"], row["method"]) for row in rows]


def expected(
    mini: Catalog, wallet: set[str], country: str | None = None, providers: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    plan = plan_routes(mini, frozenset(wallet), providers, country)
    return [(r.platform.id, r.method.id) for r in plan.routes]


def save(**fields: object) -> Path:
    """Save a profile where the app would: $CNAI_PAY_HOME (a temp folder, see conftest)."""
    home = Path(os.environ["CNAI_PAY_HOME"])
    assert save_profile(home, Profile(**fields)) == ""  # type: ignore[arg-type]
    return home / "profile.toml"


# -- the four formats ----------------------------------------------------------------------------------


def test_table_ranks_routes_and_lists_what_would_open_the_rest(capsys, mini: Catalog) -> None:
    out = routes(capsys, "--wallet", "visa", "--country", "DE", "--color", "never", "--width", "0")
    lines = out.splitlines()
    assert lines[0] == "Routes for a wallet of Visa in DE"
    heads = [line.strip() for line in lines if line.strip()[:2] in ("1.", "2.", "3.", "4.")]
    assert heads == ["1. Beta Cloud × Visa: ✓ yes", "2. Alpha AI × Visa: ✓ yes", "3. Gamma Gate × Visa: ? unkn"]
    assert [h.split(". ", 1)[1].split(":")[0] for h in heads] == [
        f"{mini.platform_by_id[p].name} × {mini.method_by_id[m].name}" for p, m in expected(mini, {"visa"}, "DE")
    ]
    assert "first top-up: nothing up front: billed after use" in out
    # No source states Alpha's fees for Visa: unknown, never "+ 0%".
    assert "first top-up: 2 USD + fees not stated = at least 2 USD" in out
    assert "flags: 3-D Secure payments fail" in out
    closed = [line.strip() for line in lines[lines.index("Not known to work with your wallet") :]]
    assert "- American Express would open Gamma Gate" in closed
    assert "- PayPal would open Delta Relay" in closed
    assert "\x1b[" not in out


def test_table_without_a_country_says_how_to_set_one(capsys) -> None:
    out = routes(capsys, "--wallet", "paypal", "--color", "never")
    assert out.splitlines()[0] == "Routes for a wallet of PayPal (no country set: --country resolves regions)"
    assert "- Visa would open Beta Cloud" in out


def test_csv_has_one_ranked_row_per_route(capsys, mini: Catalog) -> None:
    rows = routes_csv(capsys, "--wallet", "visa,paypal", "--country", "DE")
    assert list(rows[0]) == [
        *("rank", "platform", "method", "provider", "status", "score", "total", "currency", "flags", "condition")
    ]
    assert [row["rank"] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    assert pairs(rows) == expected(mini, {"visa", "paypal"}, "DE")
    first = rows[0]
    assert (first["platform"], first["method"], first["status"], first["total"]) == ("beta", "visa", "supported", "0")
    assert first["flags"] == "3-D Secure required"
    alpha_visa = next(row for row in rows if pairs([row]) == [("alpha", "visa")])
    assert alpha_visa["total"] == "2" and alpha_visa["currency"] == "USD"
    assert alpha_visa["flags"] == "3-D Secure payments fail"
    scores = [int(row["score"]) for row in rows]
    assert scores == sorted(scores, reverse=True)


def test_json_has_ranks_bases_flags_costs_and_openings(capsys, mini: Catalog) -> None:
    data = routes_json(capsys, "--wallet", "amex", "--country", "MY")
    assert data["country"] == "MY" and data["wallet"] == ["amex"] and data["providers"] == []
    assert {"rank", "platform", "method", "provider", "status", "basis", "flags", "first_topup"} <= set(
        data["routes"][0]
    )
    assert [r["rank"] for r in data["routes"]] == list(range(1, len(data["routes"]) + 1))
    assert pairs(data["routes"]) == expected(mini, {"amex"}, "MY")
    gamma = data["routes"][0]
    assert (gamma["platform"], gamma["status"], gamma["basis"], gamma["provider"]) == (
        "gamma",
        "supported",
        "stated",
        None,
    )
    assert gamma["first_topup"] == {
        "amount": 5.0,
        "currency": "USD",
        "fee_percent": 0.0,
        "fixed_fee": 0.0,
        "minimum_fee": 0.0,
        "fees_stated": False,
        "total": 5.0,
        "official_minimum": False,
        "billed_after_use": False,
    }
    alpha = next(r for r in data["routes"] if r["platform"] == "alpha")
    assert alpha["status"] == "unknown" and alpha["basis"] is None
    assert {"text": "3-D Secure payments fail", "sources": ["alpha_faq"]} in alpha["flags"]
    for route in data["routes"]:
        for flag in route["flags"]:
            assert all(source in mini.sources for source in flag["sources"])
    closed = {c["platform"]: c for c in data["closed"]}
    assert set(closed) == {"alpha", "beta", "delta"}
    assert closed["beta"]["text"] == "Visa would open Beta Cloud"
    assert closed["beta"]["would_open"] == {"method": "visa", "provider": None, "status": "supported"}
    assert closed["alpha"]["would_open"]["method"] == "paypal"


def test_json_marks_postpaid_routes(capsys) -> None:
    data = routes_json(capsys, "--wallet", "visa")
    beta = next(r for r in data["routes"] if r["platform"] == "beta")
    assert beta["rank"] == 1 and beta["first_topup"]["billed_after_use"] and beta["first_topup"]["total"] == 0


def test_markdown_is_a_ranked_table_with_the_openings(capsys, mini: Catalog) -> None:
    out = routes(capsys, "--wallet", "amex", "--country", "DE", "--format", "markdown")
    lines = out.splitlines()
    assert lines[0] == "Routes for a wallet of American Express in DE"
    assert [cell.strip() for cell in lines[2].strip("|").split("|")] == [
        "#",
        "Platform",
        "Method",
        "Status",
        "First top-up",
        "Condition",
        "Flags",
    ]
    body = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[4:] if line.startswith("|")]
    assert [row[0] for row in body] == [str(n) for n in range(1, len(body) + 1)]
    names = {p.id: p.name for p in mini.platforms}
    assert [row[1] for row in body] == [names[p] for p, _ in expected(mini, {"amex"}, "DE")]
    beta = next(row for row in body if row[1] == "Beta Cloud")
    assert beta[3] == "✓ yes!@" and beta[4] == "nothing up front: billed after use"
    assert "sources disagree" in beta[6]
    assert lines[lines.index("Not known to work with your wallet:") + 2 :] == [
        "- PayPal would open Alpha AI",
        "- PayPal would open Delta Relay",
    ]


# -- the country, providers and mistakes ----------------------------------------------------------------


def test_the_country_changes_the_routes(capsys) -> None:
    my = routes_csv(capsys, "--wallet", "amex", "--country", "MY")
    de = routes_csv(capsys, "--wallet", "amex", "--country", "de")  # any case
    assert ("beta", "amex") not in pairs(my)
    assert ("beta", "amex") in pairs(de)
    assert next(row for row in de if row["platform"] == "beta")["status"] == "supported!@"
    assert len(de) == len(my) + 1


def test_provider_routes_carry_the_provider_and_its_fees(capsys) -> None:
    rows = routes_csv(capsys, "--wallet", "virtual_card", "--provider", "cardco")
    assert rows and {row["provider"] for row in rows} == {"cardco"}
    assert ("beta", "virtual_card") not in pairs(rows)
    assert next(row for row in rows if row["platform"] == "gamma")["total"] == "5.08"
    # The provider's name works as well as its id, in any case.
    data = routes_json(capsys, "--wallet", "virtual_card", "--provider", "CardCo")
    assert data["providers"] == ["cardco"]
    assert {route["provider"] for route in data["routes"]} == {"cardco"}
    assert {route["first_topup"]["fee_percent"] for route in data["routes"]} == {1.5}
    table = routes(capsys, "--wallet", "virtual_card", "--provider", "cardco", "--color", "never", "--width", "0")
    assert table.splitlines()[0].startswith("Routes for a wallet of Virtual card (cards from CardCo)")
    assert "Gamma Gate × Virtual card (CardCo)" in table


@pytest.mark.parametrize("wallet", [[], ["--wallet", ""], ["--wallet", " , "]])
def test_an_empty_wallet_is_a_usage_error(capsys, wallet: list[str]) -> None:
    code, out, err = run(capsys, "routes", *DATA, *wallet)
    assert code == 2 and out == ""
    assert err.strip() == (
        "cnai-pay routes: no wallet: give --wallet METHOD,... (or tick your methods with w in the app)"
    )


def test_an_unknown_provider_is_a_usage_error(capsys) -> None:
    code, out, err = run(capsys, "routes", *DATA, "--wallet", "virtual_card", "--provider", "nope")
    assert code == 2 and out == ""
    assert "--provider 'nope'" in err and "providers issue: virtual_card" in err
    # A provider of a method the wallet does not hold is refused the same way.
    code, _, err = run(capsys, "routes", *DATA, "--wallet", "visa", "--provider", "cardco")
    assert code == 2 and "--provider 'cardco'" in err


def test_an_unknown_method_or_country_is_a_usage_error(capsys) -> None:
    code, out, err = run(capsys, "routes", *DATA, "--wallet", "vias")
    assert code == 2 and out == "" and "unknown method 'vias'" in err and "did you mean 'visa'" in err
    code, _, err = run(capsys, "routes", *DATA, "--wallet", "visa", "--country", "ZZ")
    assert code == 2 and "not an ISO 3166" in err


# -- the saved profile ---------------------------------------------------------------------------------


def test_routes_use_the_saved_wallet_and_country(capsys, mini: Catalog) -> None:
    save(country="MY", wallet=["amex"])
    data = routes_json(capsys)
    assert data["wallet"] == ["amex"] and data["country"] == "MY"
    assert pairs(data["routes"]) == expected(mini, {"amex"}, "MY")
    table = routes(capsys, "--color", "never")
    assert table.splitlines()[0] == "Routes for a wallet of American Express in MY"


def test_flags_override_the_saved_profile(capsys) -> None:
    save(country="MY", wallet=["amex"])
    # --country wins over the saved one; the saved wallet still applies.
    de = routes_json(capsys, "--country", "DE")
    assert de["country"] == "DE" and de["wallet"] == ["amex"] and ("beta", "amex") in pairs(de["routes"])
    # --wallet wins over the saved one; the saved country still applies.
    visa = routes_json(capsys, "--wallet", "visa")
    assert visa["wallet"] == ["visa"] and visa["country"] == "MY"


def test_no_profile_ignores_the_saved_wallet_and_country(capsys) -> None:
    save(country="MY", wallet=["amex"])
    code, _, err = run(capsys, "routes", *DATA, "--no-profile")
    assert code == 2 and "no wallet" in err
    data = routes_json(capsys, "--no-profile", "--wallet", "amex")
    assert data["country"] is None and ("beta", "amex") in pairs(data["routes"])
    # The option is accepted before the command too.
    code, out, err = run(capsys, "--no-profile", "routes", *DATA, "--wallet", "amex", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["country"] is None


def test_saved_providers_apply_to_a_saved_card_wallet(capsys) -> None:
    save(wallet=["virtual_card"], providers=["cardco"])
    data = routes_json(capsys)
    assert data["providers"] == ["cardco"] and {r["provider"] for r in data["routes"]} == {"cardco"}
    # A wallet given without the card: the saved provider is left out, not an error.
    code, out, err = run(capsys, "routes", *DATA, "--wallet", "visa", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["providers"] == []


def test_a_damaged_profile_is_reported_and_left_for_the_app(capsys) -> None:
    path = save(wallet=["amex"])
    path.write_text("wallet = [", encoding="utf-8")
    code, out, err = run(capsys, "routes", *DATA, "--wallet", "visa", "--format", "csv")
    assert code == 0 and out.startswith("rank,")
    # A command only reads: the app, which may have the file open, is the one to set it aside.
    assert "could not be read" in err and err.count("could not be read") == 1
    assert path.read_text(encoding="utf-8") == "wallet = ["


def test_grid_uses_the_saved_wallet_and_country(capsys) -> None:
    save(country="MY", wallet=["paypal"])
    code, out, err = run(capsys, "grid", *DATA, "--format", "csv")
    assert code == 0, err
    rows = {row["platform"]: row for row in csv.DictReader(io.StringIO(out))}
    # Beta has no PayPal claim: the saved wallet filters it out.
    assert list(rows) == ["alpha", "gamma", "delta"]
    data = json.loads(run(capsys, "grid", *DATA, "--format", "json")[1])
    assert data["country"] == "MY" and data["filter"]["wallet"] == ["paypal"]


def test_grid_with_no_profile_shows_every_platform(capsys) -> None:
    save(country="MY", wallet=["paypal"])
    code, out, err = run(capsys, "grid", *DATA, "--format", "csv", "--no-profile")
    assert code == 0, err
    rows = {row["platform"]: row for row in csv.DictReader(io.StringIO(out))}
    assert list(rows) == ALL_PLATFORMS
    # Without the saved country, Beta's Amex is the disputed, unresolved cell again.
    assert rows["beta"]["amex"] == "conditional!"
    data = json.loads(run(capsys, "grid", *DATA, "--format", "json", "--no-profile")[1])
    assert data["country"] is None and data["filter"]["wallet"] == []


def test_grid_flags_override_the_saved_profile(capsys) -> None:
    save(country="MY", wallet=["paypal"])
    code, out, _ = run(capsys, "grid", *DATA, "--format", "csv", "--wallet", "amex", "--country", "DE")
    assert code == 0
    rows = {row["platform"]: row for row in csv.DictReader(io.StringIO(out))}
    assert list(rows) == ["beta", "gamma"] and rows["beta"]["amex"] == "supported!@"
    # The saved country alone resolves Beta's Amex for Malaysia.
    code, out, _ = run(capsys, "grid", *DATA, "--format", "csv", "--wallet", "amex,visa")
    rows = {row["platform"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["beta"]["amex"] == "not_supported@"


# -- long lists ------------------------------------------------------------------------------------


def forget_answers() -> None:
    """The answers `routes` kept (cli/answers.py): they stand while the package's files do."""
    from cnai_pay import paths
    from cnai_pay.cli import answers

    (paths.cache_dir() / answers.ANSWERS_FILE).unlink(missing_ok=True)


def test_the_table_lists_the_first_routes_and_says_how_many_more_all_lists(capsys, monkeypatch, mini) -> None:
    from cnai_pay.cli import commands

    args = ["--wallet", "visa,amex", "--country", "DE", "--color", "never", "--width", "0"]
    everything = routes(capsys, *args)
    plan = plan_routes(mini, frozenset({"visa", "amex"}), frozenset(), "DE")
    assert len(plan.routes) > 2 and len(plan.closed) == 1
    monkeypatch.setattr(commands, "ROUTES_TABLE_LIMIT", 2)
    forget_answers()  # a change of the code the kept answers cannot see, as no installed code changes so
    assert routes(capsys, *args, "--all") == everything
    short = routes(capsys, *args)
    heads = [line.split(".")[0].strip() for line in short.splitlines() if line.split(".")[0].strip().isdigit()]
    assert heads == ["1", "2"]
    assert f"… {len(plan.routes) - 2} more routes: --all lists every one (so do --format json and csv)" in short
    # One closed platform is within the limit: no line for more of them.
    assert "more platforms" not in short
    assert (
        short.split("Not known to work with your wallet")[1]
        == everything.split("Not known to work with your wallet")[1]
    )
    # The other formats list every route whatever the limit.
    assert len(routes_json(capsys, *args)["routes"]) == len(plan.routes)
    assert len(routes_csv(capsys, *args)) == len(plan.routes)


def test_the_table_says_how_many_more_platforms_all_lists(capsys, monkeypatch) -> None:
    from cnai_pay.cli import commands

    args = ["--wallet", "virtual_card", "--color", "never", "--width", "0"]
    everything = routes(capsys, *args)
    closed = everything.split("Not known to work with your wallet\n")[1].split("\n\n")[0].splitlines()
    assert len(closed) > 1
    monkeypatch.setattr(commands, "ROUTES_TABLE_LIMIT", 1)
    forget_answers()
    short = routes(capsys, *args)
    assert short.split("Not known to work with your wallet\n")[1].startswith(
        f"{closed[0]}\n\n… {len(closed) - 1} more platforms: --all lists every one"
    )
    assert routes(capsys, *args, "--all") == everything
