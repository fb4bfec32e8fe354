"""The exported checklist reads as a document and still reads back to the same checklist."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnai_pay.checklist import codec
from cnai_pay.checklist.model import MAX_NOTE, Checklist, Outcome
from cnai_pay.checklist.steps import build_checklist
from cnai_pay.domain.catalog import Catalog
from cnai_pay.text import clean_text

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def declined(mini: Catalog, note: str = "Declined twice.\nThen it worked.") -> Checklist:
    checklist = build_checklist(mini, "alpha", "virtual_card", provider_id="cardco", now=NOW, country="DE")
    checklist.steps[0].done = True
    checklist.steps[0].note = "Bank told on Monday.\nAsked for the 3-D Secure code."
    checklist.outcome = Outcome("declined", NOW, "bank_blocks", note)
    return checklist


def test_the_file_opens_with_a_header_saying_what_it_is(mini: Catalog) -> None:
    text = codec.dumps(declined(mini), mini)
    header = text.split("\n\n", 1)[0].splitlines()
    assert all(line.startswith("# ") for line in header) and len(header) >= 3
    assert header[0] == "# cnai-pay checklist: a first, minimal top-up on Alpha AI paid with Virtual card (CardCo)."
    assert header[1].startswith(f"# 1 of {len(declined(mini).steps)} steps done; budget ")
    assert "facts as of 2026-06-01" in header[1]
    assert any("cnai-pay --checklist" in line for line in header)


def test_ids_carry_their_words(mini: Catalog) -> None:
    text = codec.dumps(declined(mini), mini)
    reason = next(d.reason for d in mini.declines if d.id == "bank_blocks")
    assert f'reason = "bank_blocks"  # {reason}\n' in text
    assert 'provider = "cardco"  # CardCo\n' in text
    for source_id in declined(mini).source_ids():
        assert f'    "{source_id}",  # {mini.sources[source_id].title}\n' in text


def test_notes_with_several_lines_are_written_on_several_lines(mini: Catalog) -> None:
    text = codec.dumps(declined(mini), mini)
    assert 'note = """\nBank told on Monday.\nAsked for the 3-D Secure code."""\n' in text
    assert 'note = """\nDeclined twice.\nThen it worked."""\n' in text
    assert '\nnote = ""\n' in text  # an empty note stays a plain string


def test_without_the_catalogue_there_are_ids_only(mini: Catalog) -> None:
    checklist = declined(mini)
    text = codec.dumps(checklist)
    assert text.startswith("# cnai-pay checklist: ") and "(cardco)" in text.splitlines()[0]
    assert not re.search(r'^\S.*"  # ', text, re.MULTILINE)
    assert codec.loads(text) == checklist


# Pieces that look like what the document marks up, so a note made of them would catch a codec
# that put a comment inside a string or closed the string early.
TRICKY = st.sampled_from(
    ['"""', '"', "\\", "\n", "\r\n", "\t", '    "guide",', 'reason = "bank_blocks"', "# not a comment", "'''", "é 银"]
)
NOTE = st.lists(st.one_of(TRICKY, st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)), max_size=12).map(
    lambda parts: clean_text("".join(parts), newlines=True)[:MAX_NOTE]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    step_notes=st.lists(NOTE, min_size=3, max_size=3), outcome_note=NOTE, reason=st.sampled_from(["", "bank_blocks"])
)
def test_any_notes_round_trip(mini: Catalog, step_notes: list[str], outcome_note: str, reason: str) -> None:
    checklist = declined(mini, outcome_note)
    checklist.outcome = Outcome("declined", NOW, reason, outcome_note)
    for step, note in zip(checklist.steps, step_notes):
        step.note = note
    text = codec.dumps(checklist, mini)
    assert codec.loads(text) == checklist
    # The comments are outside every value: the values are those tomli-w alone would write.
    assert tomllib.loads(text) == tomllib.loads(tomli_w.dumps(codec.to_toml_dict(checklist, mini)))


def _as_tomli_w_writes_it(checklist: Checklist, catalog: Catalog | None) -> str:
    return tomli_w.dumps(codec.to_toml_dict(checklist, catalog), multiline_strings=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    step_notes=st.lists(NOTE, min_size=3, max_size=3),
    texts=st.lists(st.text(st.characters(categories=("L", "N", "P", "Zs")), max_size=120), min_size=3, max_size=3),
    with_catalog=st.booleans(),
)
def test_the_document_is_what_tomli_w_writes_in_one_go(
    mini: Catalog, step_notes: list[str], texts: list[str], with_catalog: bool
) -> None:
    # Short and long steps, with and without notes: written inline or as tables, as tomli-w decides.
    checklist = declined(mini)
    for step, note, text in zip(checklist.steps, step_notes, texts):
        step.note, step.text = note, clean_text(text).strip() or "step"
    catalog = mini if with_catalog else None
    assert codec.toml_body(checklist, catalog) == _as_tomli_w_writes_it(checklist, catalog)


def test_a_tick_changes_the_document_as_encoding_it_again_would(mini: Catalog) -> None:
    # Each step's text is kept between saves: a tick, a note or a new step must still show in the next one.
    checklist = declined(mini)
    first = codec.dumps(checklist, mini)
    checklist.steps[1].done = True
    checklist.steps[2].note = "a new note"
    ticked = codec.dumps(checklist, mini)
    assert ticked != first and codec.toml_body(checklist, mini) == _as_tomli_w_writes_it(checklist, mini)
    assert codec.loads(ticked) == checklist
    checklist.steps[1].done = False
    checklist.steps[2].note = declined(mini).steps[2].note
    assert codec.dumps(checklist, mini) == first


def test_short_steps_only_and_no_steps_are_written_as_tomli_w_writes_them(mini: Catalog) -> None:
    checklist = declined(mini)
    for step in checklist.steps:
        step.text, step.note, step.sources = "ok", "", ()
    assert codec.toml_body(checklist, mini) == _as_tomli_w_writes_it(checklist, mini)
    assert "steps = [" in codec.toml_body(checklist)  # every step inline: one array, as tomli-w writes it
    checklist.steps = []
    assert codec.toml_body(checklist, mini) == _as_tomli_w_writes_it(checklist, mini)
