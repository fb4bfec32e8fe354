"""The user's profile: country, wallet and panel layout, remembered between runs.

Saved beside the checklist with the same atomic write; a damaged file is set
aside and the defaults are used. Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import NamedTuple

from . import fileio
from .domain.model import is_id
from .domain.regions import normalise_country
from .value_classes import mutable

PROFILE_NAME = "profile.toml"
MAX_WALLET = 100


@mutable
class Profile:
    country: str = ""
    wallet: list[str] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    # Show the checklist panel at start when there is a checklist, unless it was hidden last time.
    panel_open: bool = True
    # The theme's name ('' for the app's default).
    theme: str = ""
    # The steps of the flow taken at least once ("routes", "plan"): the hint moves past them.
    learned: list[str] = field(default_factory=list)


def _ids(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v for v in value[:MAX_WALLET] if is_id(v)]


class LoadedProfile(NamedTuple):
    profile: Profile
    # Why the file could not be used, for the user; "" when it could.
    message: str = ""
    # False when the file is there but this user may not read it: it is not damaged, and
    # writing over it would replace someone's profile with the defaults.
    writable: bool = True


def _parse_reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested deeper than a profile ever is"
    return str(exc)


def load_profile(folder: Path, leave_damaged: bool = False) -> LoadedProfile:
    """The saved profile (or the defaults) and a message when the file could not be used.

    `leave_damaged` keeps a damaged file where it is: a command that only reads must not
    rename a file the app may be using.
    """
    path = folder / PROFILE_NAME
    # The parser and the file writers are imported only when there is a file to read or set
    # aside: a command run without a profile answers without them.
    try:
        text = fileio.read_text(path, fileio.PROFILE_LIMIT)
        import tomllib

        document = tomllib.loads(text)
    except FileNotFoundError:
        return LoadedProfile(Profile())
    except fileio.ReadDenied as exc:
        return LoadedProfile(
            Profile(), f"Your profile: {exc}. The defaults are used and this run's choices are not saved.", False
        )
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        from .checklist.files import set_aside

        # A read error already names the file; a parser's error does not.
        what = (
            f"Your profile: {exc}"
            if isinstance(exc, fileio.ReadError)
            else f"Your profile {fileio.shown(path)} could not be read ({_parse_reason(exc)})"
        )
        if not leave_damaged:
            try:
                aside = set_aside(path)
            except OSError:
                pass
            else:
                return LoadedProfile(Profile(), f"{what}; it was kept as {fileio.shown(aside)}.")
        return LoadedProfile(Profile(), f"{what}; the defaults are used.")
    country = document.get("country", "")
    return LoadedProfile(
        Profile(
            country=(normalise_country(country) or "") if isinstance(country, str) else "",
            wallet=_ids(document.get("wallet")),
            providers=_ids(document.get("providers")),
            panel_open=document.get("panel_open") is not False,
            theme=next(iter(_ids([document.get("theme")])), ""),
            learned=_ids(document.get("learned")),
        )
    )


def save_profile(folder: Path, profile: Profile) -> str:
    """Save atomically; returns '' or what went wrong, for the user."""
    import tomli_w

    from .checklist.files import atomic_write

    document = {
        "country": profile.country,
        "wallet": profile.wallet,
        "providers": profile.providers,
        "panel_open": profile.panel_open,
        "theme": profile.theme,
        "learned": profile.learned,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / PROFILE_NAME, tomli_w.dumps(document))
    except OSError as exc:
        return f"Could not save your profile: {fileio.explain_write_error(folder / PROFILE_NAME, exc)}"
    return ""
