"""The app's one clock: every "today" and "now" in the app and the CLI comes from here.

`CNAI_PAY_TODAY` (an ISO date or date-time) fixes it, so tests, screenshots and the CLI
in a subprocess see the same day whatever the machine's clock, time zone or locale. Dates are
UTC dates, never local ones, so a machine's time zone cannot change an answer.
"""

from __future__ import annotations

import os
import time

# Not typing.TYPE_CHECKING, and datetime only inside the functions that return one: a kept answer's
# key reads the day (cli/answers.py) in a command that never imports either.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

ENV_TODAY = "CNAI_PAY_TODAY"


def now() -> dt.datetime:
    """The current UTC time to the second, or the fixed one `CNAI_PAY_TODAY` names."""
    import datetime as dt

    fixed = os.environ.get(ENV_TODAY, "").strip()
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed)
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            return moment.astimezone(dt.UTC).replace(microsecond=0)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def machine_day() -> tuple[int, int, int]:
    """The machine's UTC date as (year, month, day), whatever `CNAI_PAY_TODAY` says."""
    return time.gmtime()[:3]


def machine_time_ns() -> int:
    """The machine's time, whatever `CNAI_PAY_TODAY` says: to compare with a file's times."""
    return time.time_ns()
