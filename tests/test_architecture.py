"""The layout's contracts, checked statically: no import cycles, the core never reaches the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "cnai_pay"
CORE = ("domain", "loading", "checklist", "routes.py", "profile.py", "settings.py", "paths.py", "text.py")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, tree: ast.Module, top_level_only: bool) -> set[str]:
    """The cnai_pay modules (and third-party roots) a module imports."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def modules() -> dict[str, tuple[Path, ast.Module]]:
    return {module_name(p): (p, ast.parse(p.read_text(encoding="utf-8"))) for p in SRC.rglob("*.py")}


def test_no_import_cycle_even_through_imports_inside_functions() -> None:
    found = modules()
    graph = {
        # A package a module sits in is already imported when the module runs: no cycle there.
        name: {
            i for i in imported(path, tree, top_level_only=False) if i in found and not f"{name}.".startswith(f"{i}.")
        }
        for name, (path, tree) in found.items()
    }
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycle.extend(trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*trail, nxt]):
                return True
        state[node] = 2
        return False

    assert not any(visit(name, [name]) for name in sorted(graph) if name not in state), " → ".join(cycle)


def test_the_core_never_imports_the_ui_even_lazily() -> None:
    for name, (path, tree) in modules().items():
        relative = path.relative_to(SRC).as_posix()
        if not relative.startswith(CORE):
            continue
        reached = imported(path, tree, top_level_only=False)
        ui = sorted(i for i in reached if i.split(".")[0] in ("textual", "rich") or i.startswith("cnai_pay.tui"))
        assert not ui, f"{name} imports {ui}"


def test_the_cli_reaches_the_ui_only_to_start_the_app() -> None:
    for name, (path, tree) in modules().items():
        if not name.startswith("cnai_pay.cli"):
            continue
        assert not any(i.split(".")[0] in ("textual", "rich") for i in imported(path, tree, top_level_only=False))
        top = imported(path, tree, top_level_only=True)
        assert not any(i.startswith("cnai_pay.tui") for i in top), name


def test_the_cache_hashes_exactly_the_files_the_loader_reads() -> None:
    from cnai_pay.loading import DATA_FILES
    from cnai_pay.loading.reader import FILES

    assert sorted(DATA_FILES) == sorted(FILES)


# Calls that read the machine's clock or time zone; only cnai_pay.clock may make them.
CLOCK_READS = {"today", "now", "utcnow", "time", "time_ns", "localtime", "gmtime", "ctime"}


def test_only_the_clock_module_reads_the_machines_clock() -> None:
    for name, (_path, tree) in modules().items():
        if name == "cnai_pay.clock":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = ast.unparse(node.func.value)
                if node.func.attr in CLOCK_READS and owner.split(".")[-1] in ("date", "datetime", "time", "dt"):
                    raise AssertionError(f"{name}:{node.lineno} reads the clock ({ast.unparse(node.func)})")


def test_the_clock_is_fixed_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from cnai_pay import clock

    monkeypatch.setenv(clock.ENV_TODAY, "2031-02-03")
    assert clock.today() == dt.date(2031, 2, 3)
    monkeypatch.setenv(clock.ENV_TODAY, "2031-02-03T23:30:00-05:00")
    assert clock.now() == dt.datetime(2031, 2, 4, 4, 30, tzinfo=dt.UTC)
    monkeypatch.setenv(clock.ENV_TODAY, "not a date")
    # An unreadable value falls back to the real clock, which the session moved ahead.
    assert clock.today() > dt.date(2026, 12, 1)


ROOT = SRC.parent.parent


def test_the_installed_version_is_the_one_the_build_read_from_its_file() -> None:
    from importlib.metadata import version

    import cnai_pay

    assert version("cnai-pay") == cnai_pay.__version__


def test_the_constraints_pin_every_exact_pin_of_the_project() -> None:
    import re
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pinned = {
        match["name"].lower(): match["version"]
        for match in re.finditer(
            r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+)", (ROOT / "constraints.txt").read_text(), re.M
        )
    }
    for requirement in map(Requirement, declared):
        name = requirement.name.lower()
        assert name in pinned, f"{name} is missing from constraints.txt: regenerate it"
        assert requirement.specifier.contains(pinned[name]), f"{name}: constraints.txt's {pinned[name]} is outside it"
