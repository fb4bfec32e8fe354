"""Models as data: the model families users ask for, which offering on each platform is which
model, and our own sourced prices for the platforms the price library does not cover.

Plain records like those of `model`, validated by `loading` with pydantic; nothing here
imports the price library, so the grid can match model names without loading any prices.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .model import NO_BREAKS, Amount, Basis, Currency, Id, Line, Rules, Text, record

# A platform's own name for a model: "deepseek-chat", "deepseek/deepseek-chat-v3.1",
# "deepseek-ai/DeepSeek-V3.1", "qwen/qwen3-coder:free".
OfferId = Annotated[str, Rules(pattern=r"^[A-Za-z0-9~][A-Za-z0-9._:/~+-]*$", max_length=120)]
# One line, as a name (what people type for a model).
Alias = Annotated[str, Rules(strip_whitespace=True, min_length=2, max_length=60, pattern=NO_BREAKS)]


@record
class OfferRule:
    """Which offering on one platform is the model: the first of `ids` the platform's prices list.

    Ids are compared without case. A variant of a listed id (`:free`, `:batch`, `:extended`)
    is never the model itself: it is a different offering with its own limits.
    """

    platform: Id
    ids: Annotated[tuple[OfferId, ...], Rules(min_length=1)]
    # On a platform the price library does not cover and with no price of ours: the page that
    # shows the platform sells the model (a price_source) and why no price is known, in our words.
    source: Id | None = None
    price_note: Text | None = None


@record
class ModelEntry:
    id: Id
    name: Line
    # The family it belongs to, for the list of families ("Kimi", "DeepSeek").
    family: Line
    maker: Line
    # What people type for it; each alias belongs to one model only.
    aliases: tuple[Alias, ...] = ()
    offers: Annotated[tuple[OfferRule, ...], Rules(min_length=1)]


@record
class PriceTier:
    """From this many input tokens in a request on, every token of the request costs this."""

    from_tokens: Annotated[int, Rules(ge=1)]
    input: Amount
    output: Amount
    cached_input: Amount | None = None


@record
class OwnPrice:
    """A price per million tokens that the price library lacks, with its source."""

    platform: Id
    offer: OfferId
    input: Amount
    output: Amount
    cached_input: Amount | None = None
    tiers: tuple[PriceTier, ...] = ()
    currency: Currency = "USD"
    note: Text | None = None
    source: Id
    basis: Basis = Basis.STATED


@record
class PriceData:
    """The price library's own data as shipped: which release, read when, from where."""

    package: Text
    version: Text
    # The day the release's data was published: its prices are as old as this.
    as_of: dt.date
    source: Id
