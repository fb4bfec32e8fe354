"""The four-step flow the app teaches (country → wallet → routes → plan) and the next step's hint.

Said once here and shown in the first-run start, the hint line, the routes under
the grid and the help's "start here" page.
"""

from __future__ import annotations

from rich.text import Text

from ..profile import Profile

STEPS = (
    ("g", "Country", "your country: cells that depend on the region are resolved for it"),
    ("w", "Wallet", "the cards and wallets you hold"),
    ("u", "Routes", "your routes, likeliest first, then cheapest"),
    ("p", "Plan", "on a route: a checklist for a first, small top-up"),
)
# Steps 3 and 4 count as done once the user has taken them (kept in the profile's `learned`).
ROUTES, PLAN = "routes", "plan"


def steps_text() -> Text:
    text = Text()
    for number, (key, _, what) in enumerate(STEPS, start=1):
        text.append(f"{'' if number == 1 else chr(10)}{number}. ")
        text.append(key, style="bold")
        text.append(f"  {what}")
    return text


def next_step(profile: Profile) -> int | None:
    """The index of the first step not yet done, or None when all four have been done once."""
    done = (bool(profile.country), bool(profile.wallet), ROUTES in profile.learned, PLAN in profile.learned)
    return next((index for index, finished in enumerate(done) if not finished), None)


def hint_text(profile: Profile, flow: bool = True) -> Text:
    """The hint line; without `flow`, the step's number alone stands for the four steps' names."""
    index = next_step(profile)
    if index is None:
        return Text()
    key, name, what = STEPS[index]
    text = Text("Next: ", style="bold")
    text.append(key, style="bold reverse")
    text.append(f" {what}")
    names = " → ".join(step[1] if i != index else step[1].upper() for i, step in enumerate(STEPS))
    text.append(f"  ·  step {index + 1} of 4" + (f": {names}" if flow else ""), style="dim")
    return text
