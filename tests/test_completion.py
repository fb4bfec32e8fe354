"""Shell completion: the scripts run in real shells, and the completers answer from the data."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cnai_pay.cli import main
from cnai_pay.cli.commands import HANDLERS
from cnai_pay.cli.completion import _attach
from cnai_pay.cli.parser import build_parser

from .conftest import MINI

BIN = Path(sys.executable).parent


def shell_env() -> dict[str, str]:
    """The test's environment with this interpreter's cnai-pay first on PATH."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def needs(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed on this machine")
    if not (BIN / "cnai-pay").exists():
        pytest.skip("the cnai-pay command is not installed next to this Python (pip install -e .)")
    return found


# One bash process answers several Tabs, each as bash would ask: the words, the cursor, the function.
BASH_TAB = """
source <(cnai-pay completion bash) || exit 3
complete -p cnai-pay
compgen -c cnai-pa | sort -u | tr '\n' ' '; echo
declare -F _python_argcomplete >/dev/null || exit 4
tab() {
    COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
    read -ra COMP_WORDS <<< "$COMP_LINE"
    [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _python_argcomplete cnai-pay "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    echo "${COMPREPLY[*]}" | tr -s ' ' | sed 's/ *$//'
}
"""


def bash_tabs(lines: list[str]) -> list[str]:
    bash = needs("bash")
    program = BASH_TAB + "".join(f"tab {shlex.quote(line)}\n" for line in lines)
    result = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", program], capture_output=True, text=True, env=shell_env(), timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_bash_registers_the_function_and_completes_from_the_data() -> None:
    data = f"--data {MINI}"
    registered, found, commands, evidence, wallet, country = bash_tabs(
        [
            "cnai-pay ",
            f"cnai-pay evidence {data} ",
            f"cnai-pay routes {data} --wallet visa,pa",
            "cnai-pay grid --country D",
        ]
    )
    assert registered.startswith("complete ") and "-F _python_argcomplete" in registered
    assert registered.endswith(" cnai-pay")
    assert found.split() == ["cnai-pay"]  # compgen finds the command the script completes
    assert {"grid", "routes", "evidence", "data", "checklist", "completion", "--data", "--country"} <= set(
        commands.split()
    )
    assert {"alpha", "beta", "gamma", "delta"} <= set(evidence.split())
    assert wallet.split() == ["visa,paypal"]
    assert country.split() == ["DE", "DJ", "DK", "DM", "DO", "DZ"]


def test_fish_completes_commands_and_ids() -> None:
    fish = needs("fish")
    program = (
        "cnai-pay completion fish | source; "
        "complete -C 'cnai-pay gr'; echo ---; "
        f"complete -C 'cnai-pay evidence --data {MINI} al'"
    )
    result = subprocess.run([fish, "--no-config", "-c", program], capture_output=True, text=True, env=shell_env())
    assert result.returncode == 0, result.stderr
    commands, ids = result.stdout.split("---\n")
    assert commands.split("\t")[0] == "grid"
    assert ids.split() == ["alpha"]


# zsh completes only in an interactive line editor: one runs in a pseudo-terminal (zpty), gets
# the line and a Tab, and its screen is read until the completed word appears.
ZSH_TAB = r"""
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z 'autoload -U compinit && compinit -u -D'
zpty -w z 'eval "$(cnai-pay completion zsh)" && print -r -- "[$_comps[cnai-pay]]"'
zpty -w -n z "cnai-pay evidence --data $1 al"$'\t'
screen=""
for i in {1..150}; do
    zpty -r -t z chunk && screen+=$chunk
    [[ $screen == *"$1 alpha"* ]] && break
    sleep 0.1
done
zpty -d z
print -r -- "$screen"
"""


def test_zsh_registers_the_function_and_completes_an_id() -> None:
    zsh = needs("zsh")
    result = subprocess.run(
        [zsh, "-f", "-c", ZSH_TAB, "zsh", str(MINI)], capture_output=True, text=True, env=shell_env(), timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "[_python_argcomplete]" in result.stdout
    assert f"{MINI} alpha" in result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(capsys: pytest.CaptureFixture[str], shell: str) -> None:
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    assert "cnai-pay" in out and "_ARGCOMPLETE" in out


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "tcsh"]) == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err


def _completers() -> dict[tuple[str, str], argparse.Action]:
    parser = build_parser(HANDLERS)
    _attach(parser)
    found: dict[tuple[str, str], argparse.Action] = {}

    def walk(name: str, sub: argparse.ArgumentParser) -> None:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child_name, child in action.choices.items():
                    walk(child_name, child)
            elif hasattr(action, "completer"):
                found[(name, action.dest)] = action

    walk("", parser)
    return found


def test_every_id_option_has_a_completer() -> None:
    found = _completers()
    for key in [
        ("grid", "wallet"),
        ("grid", "accepts"),
        ("routes", "wallet"),
        ("routes", "provider"),
        ("evidence", "platform"),
        ("evidence", "method"),
        ("checklist", "platform"),
        ("checklist", "method"),
        ("checklist", "provider"),
        ("sources", "source"),
        ("", "country"),
    ]:
        assert key in found, key


def test_completers_read_the_data_given_and_survive_a_broken_one(tmp_path: Path) -> None:
    found = _completers()
    wallet = found[("routes", "wallet")].completer  # type: ignore[attr-defined]
    method = found[("evidence", "method")].completer  # type: ignore[attr-defined]
    given = argparse.Namespace(data=MINI)
    assert wallet("visa,", parsed_args=given) == ["visa,amex", "visa,paypal", "visa,virtual_card"]
    assert method("V", parsed_args=given) == ["visa", "virtual_card"]
    assert method("", parsed_args=argparse.Namespace(data=tmp_path / "missing")) == []
