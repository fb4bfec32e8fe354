"""Country codes (ISO 3166-1 alpha-2), the named groups, and whether a fact applies in a country."""

from __future__ import annotations

from functools import lru_cache

from .model import Scoped

ISO_COUNTRIES = frozenset(
    """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI
FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN
IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF
PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE
YT ZA ZM ZW
""".split()
)

EU = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
GROUPS: dict[str, frozenset[str]] = {
    "EU": EU,
    "EEA": EU | {"IS", "LI", "NO"},
}


def is_known(code: str) -> bool:
    return code in ISO_COUNTRIES or code in GROUPS


# Data files repeat a few scopes on thousands of facts: each is expanded once, not at every query.
@lru_cache(maxsize=1024)
def members(codes: tuple[str, ...]) -> frozenset[str]:
    """The countries named by `codes`, with every group replaced by its members."""
    found: set[str] = set()
    for code in codes:
        found |= GROUPS.get(code, {code})
    return frozenset(found)


def applies_in(fact: Scoped, country: str) -> bool:
    """Whether a fact holds in `country` (a fact without a scope holds everywhere)."""
    if fact.regions:
        return country in members(fact.regions)
    if fact.except_regions:
        return country not in members(fact.except_regions)
    return True


def scope_text(fact: Scoped) -> str:
    """'only SG, US' or 'all but EU, MY', or '' for a fact that holds everywhere."""
    if fact.regions:
        return "only " + ", ".join(fact.regions)
    if fact.except_regions:
        return "all but " + ", ".join(fact.except_regions)
    return ""


def normalise_country(text: str) -> str | None:
    """A country code typed by a user ('de', ' DE '), or None when it is not an ISO 3166 country."""
    code = text.strip().upper()
    return code if code in ISO_COUNTRIES else None
