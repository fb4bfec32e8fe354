"""Property tests (hypothesis): the checklist codec round-trips any checklist it can hold, and the
store keeps the newest of any order of autosaves, with a second instance never writing."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from cnai_pay.checklist import codec
from cnai_pay.checklist.model import MAX_AMOUNT, MAX_NOTE, Checklist, Outcome, Step
from cnai_pay.checklist.store import ChecklistStore

IDS = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,20}\Z")
# What the codec keeps as it is: letters, digits, punctuation, symbols and spaces (it cleans the rest).
TEXT = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029"), max_size=60)
NOTE = st.lists(TEXT, max_size=4).map("\n".join).filter(lambda note: len(note) <= MAX_NOTE)
MOMENTS = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC))
MONEY = st.integers(1, int(MAX_AMOUNT * 100)).map(lambda cents: cents / 100)


def unique_steps(steps: list[Step]) -> list[Step]:
    return list({step.id: step for step in steps}.values())


STEPS = st.lists(
    st.builds(
        Step, IDS, TEXT.filter(str.strip), st.booleans(), NOTE, st.booleans(), st.lists(IDS, max_size=3).map(tuple)
    ),
    min_size=1,
    max_size=8,
).map(unique_steps)
OUTCOMES = st.none() | st.builds(Outcome, st.sampled_from(["worked", "declined"]), MOMENTS, IDS | st.just(""), NOTE)
CHECKLISTS = st.builds(
    Checklist,
    platform_id=IDS,
    platform_name=TEXT.filter(str.strip),
    method_id=IDS,
    method_name=TEXT.filter(str.strip),
    amount=MONEY,
    currency=st.sampled_from(["USD", "EUR", "CNY"]),
    fee_percent=st.integers(0, 1000).map(lambda tenths: tenths / 10),
    minimum_text=TEXT,
    data_as_of=st.dates(dt.date(2020, 1, 1), dt.date(2100, 1, 1)),
    steps=STEPS,
    created=MOMENTS,
    updated=MOMENTS,
    provider_id=IDS | st.just(""),
    fixed_fee=st.integers(0, 1000).map(lambda cents: cents / 100),
    country=st.sampled_from(["", "DE", "MY", "US"]),
    outcome=OUTCOMES,
)


@settings(max_examples=150)
@given(CHECKLISTS)
def test_the_codec_round_trips_any_checklist(checklist: Checklist) -> None:
    assert codec.loads(codec.dumps(checklist)) == checklist


class StoreMachine(RuleBasedStateMachine):
    """Ticks make snapshots; their writes finish in any order; a second instance only reads."""

    @initialize(checklist=CHECKLISTS)
    def start(self, checklist: Checklist) -> None:
        self.folder = Path(tempfile.mkdtemp())
        self.store = ChecklistStore(self.folder)
        assert self.store.acquire() == ""
        self.checklist = checklist
        self.pending: list[tuple[int, Checklist]] = []
        self.newest_written = 0
        self.snapshots: dict[int, str] = {}

    @rule(index=st.integers(0, 7))
    def tick(self, index: int) -> None:
        step = self.checklist.steps[index % len(self.checklist.steps)]
        step.done = not step.done
        generation, copy = self.store.snapshot(self.checklist)
        self.pending.append((generation, copy))
        self.snapshots[generation] = codec.dumps(copy)

    @precondition(lambda self: self.pending)
    @rule(which=st.integers(0, 100))
    def finish_a_write(self, which: int) -> None:
        generation, copy = self.pending.pop(which % len(self.pending))
        assert self.store.write_snapshot(generation, copy).ok

    @rule()
    def a_second_instance_reads_only(self) -> None:
        other = ChecklistStore(self.folder)
        assert other.acquire() != "" and other.save_path is None
        assert not other.save(self.checklist).ok
        other.release()

    @invariant()
    def the_file_is_a_snapshot_and_the_newest_wins(self) -> None:
        path = self.folder / "checklist.toml"
        if not hasattr(self, "store") or not path.exists():
            return
        on_disk = path.read_text(encoding="utf-8")
        assert on_disk in self.snapshots.values()
        if not self.pending and self.snapshots:
            assert on_disk == self.snapshots[max(self.snapshots)] and not self.store.unsaved

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.release()


TestStore = StoreMachine.TestCase
TestStore.settings = settings(max_examples=40, stateful_step_count=15, suppress_health_check=[HealthCheck.too_slow])
