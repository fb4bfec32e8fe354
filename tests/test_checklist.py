"""The checklist core: step selection, budget, TOML round trip, atomic and safe files."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path

import pytest

from cnai_pay import checklist as cl
from cnai_pay.checklist import (
    ChecklistError,
    ExportError,
    NewerSchemaError,
    atomic_write,
    build_checklist,
    budget,
    export_checklist,
    load_checklist,
    rebudget,
    restore,
)

NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.timezone.utc)


def step_ids(checklist) -> list[str]:
    return [s.id for s in checklist.steps]


def test_together_visa_steps(shipped) -> None:
    together = build_checklist(shipped, "together", "visa", now=NOW)
    ids = step_ids(together)
    assert {"card_notify_bank", "billing_address_exact", "preauth_hold", "first_topup", "budget"} <= set(ids)
    assert not {"paypal_verify", "virtual_card_open", "method_not_accepted", "postpaid_billing"} & set(ids)
    assert (together.amount, together.currency) == (5.0, "USD")
    assert together.minimum_text.startswith("5 USD")
    address = together.step("billing_address_exact")
    assert address.sources == ("together_troubleshooting",)


def test_deepseek_paypal_differs(shipped) -> None:
    deepseek = build_checklist(shipped, "deepseek", "paypal", now=NOW)
    ids = step_ids(deepseek)
    assert {"paypal_verify", "paypal_new_account_hold"} <= set(ids)
    assert not {"card_notify_bank", "billing_address_exact"} & set(ids)
    assert deepseek.currency == "CNY" and deepseek.amount == 1.0


def test_qwen_wise_virtual_card_warns_first(shipped) -> None:
    qwen = build_checklist(shipped, "qwen", "virtual_card", provider_id="wise", now=NOW)
    assert qwen.steps[0].warning
    assert qwen.steps[0].id in {"method_not_accepted", "virtual_prepaid_refused"}
    assert {"virtual_prepaid_refused", "virtual_card_open", "postpaid_billing"} <= set(step_ids(qwen))
    assert "first_topup" not in step_ids(qwen)
    assert qwen.minimum_text.startswith("none: billed after use")
    # Wise's highest sourced fee is the default, so the budget covers the worst case.
    assert qwen.fee_percent == 2.0 and qwen.budget == 5.10
    warnings = [s.warning for s in qwen.steps]
    assert warnings == sorted(warnings, reverse=True)


def test_glm_card_warns_about_3ds_and_refunds(shipped) -> None:
    glm = build_checklist(shipped, "glm", "mastercard", now=NOW)
    assert {"three_d_secure_refused", "no_refund"} <= {s.id for s in glm.steps if s.warning}
    assert glm.step("three_d_secure_refused").sources == ("zai_faq",)


def test_east_signal_crypto_and_paypal(shipped) -> None:
    crypto = build_checklist(shipped, "east_signal", "crypto", now=NOW)
    assert {"crypto_network", "refund_window"} <= set(step_ids(crypto))
    paypal = build_checklist(shipped, "east_signal", "paypal", now=NOW)
    assert paypal.amount == 1.0 and paypal.fee_percent == 3.5


def test_steps_with_placeholders_are_filled(shipped) -> None:
    together = build_checklist(shipped, "together", "visa", amount=20, fee_percent=1.5, now=NOW)
    assert all("{" not in s.text for s in together.steps)
    assert "20.30 USD" in together.step("budget").text


def test_budget_arithmetic() -> None:
    assert budget(5, 0) == 5.0
    assert budget(5, 2) == 5.10
    assert budget(10, 3.5) == 10.35
    assert budget(1, 0.33) == 1.01  # rounded up to the cent
    assert budget(0, 10) == 0.0


def test_rebudget_keeps_ticks_notes_and_unknown_steps(shipped) -> None:
    together = build_checklist(shipped, "together", "visa", now=NOW)
    together.step("card_backup").done = True
    together.step("card_backup").note = "Revolut as backup"
    together.steps.append(cl.Step("my_own", "Ask finance for approval", done=True))
    changed = rebudget(shipped, together, 12, 1, now=NOW)
    assert changed.step("card_backup").done and changed.step("card_backup").note == "Revolut as backup"
    assert changed.step("my_own").text == "Ask finance for approval"
    assert "12.12 USD" in changed.step("budget").text


def test_unknown_ids_are_refused(shipped) -> None:
    with pytest.raises(ChecklistError):
        build_checklist(shipped, "nope", "visa")
    with pytest.raises(ChecklistError):
        build_checklist(shipped, "qwen", "cash")


def test_export_round_trip_with_unicode(shipped, tmp_path: Path) -> None:
    original = build_checklist(shipped, "qwen", "visa", now=NOW)
    original.steps[1].done = True
    original.steps[1].note = "银行已通知 — Bank notified ✓ «ok»"
    path = export_checklist(original, shipped, tmp_path / "qwen.toml")
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["schema_version"] == cl.SCHEMA_VERSION
    assert document["platform"] == {"id": "qwen", "name": "Qwen"}
    assert {"amount", "currency", "fee_percent", "total"} <= set(document["budget"])
    assert document["data_as_of"] == shipped.dataset.as_of
    assert [s["id"] for s in document["steps"]] == step_ids(original)
    assert {s["id"] for s in document["sources"]} == set(original.source_ids())
    assert all({"title", "url", "date"} <= set(s) for s in document["sources"])
    assert load_checklist(path) == original


def test_loading_keeps_unknown_step_ids(shipped, tmp_path: Path) -> None:
    original = build_checklist(shipped, "together", "visa", now=NOW)
    path = export_checklist(original, shipped, tmp_path / "t.toml")
    text = path.read_text(encoding="utf-8") + '\n[[steps]]\nid = "from_a_colleague"\ntext = "Check the invoice"\ndone = true\n'
    path.write_text(text, encoding="utf-8")
    loaded = load_checklist(path)
    assert loaded.steps[-1].id == "from_a_colleague" and loaded.steps[-1].done


def test_no_overwrite_without_confirmation(shipped, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("precious", encoding="utf-8")
    checklist = build_checklist(shipped, "together", "visa", now=NOW)
    with pytest.raises(FileExistsError):
        export_checklist(checklist, shipped, target)
    assert target.read_text(encoding="utf-8") == "precious"
    export_checklist(checklist, shipped, target, overwrite=True)
    assert tomllib.loads(target.read_text(encoding="utf-8"))["platform"]["id"] == "together"


def test_export_to_missing_or_read_only_folder(shipped, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checklist = build_checklist(shipped, "together", "visa", now=NOW)
    with pytest.raises(ExportError, match="does not exist"):
        export_checklist(checklist, shipped, tmp_path / "missing" / "x.toml")
    with pytest.raises(ExportError, match="is a folder"):
        export_checklist(checklist, shipped, tmp_path, overwrite=True)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):
        # Root may write anywhere: make the folder refuse the temp file as a read-only one would.
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(cl.tempfile, "NamedTemporaryFile", refuse)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            export_checklist(checklist, shipped, locked / "x.toml")
    finally:
        locked.chmod(0o700)
    assert not (locked / "x.toml").exists()


def test_atomic_write_failure_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "checklist.toml"
    target.write_text("old = true\n", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cl.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write(target, "new = true\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old = true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["checklist.toml"]


def test_corrupt_saved_file_is_kept_aside(tmp_path: Path) -> None:
    saved = tmp_path / "checklist.toml"
    saved.write_text("schema_version = 1\nsteps = [[[\n", encoding="utf-8")
    restored = restore(tmp_path)
    assert restored.checklist is None
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("checklist.toml.corrupt-")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith("schema_version = 1\nsteps")
    assert str(kept[0]) in restored.message
    assert restored.save_path == saved and not saved.exists()


def test_newer_schema_is_refused_and_untouched(shipped, tmp_path: Path) -> None:
    saved = tmp_path / "checklist.toml"
    newer = cl.dumps(build_checklist(shipped, "qwen", "visa", now=NOW)).replace("schema_version = 1", "schema_version = 99")
    saved.write_text(newer, encoding="utf-8")
    with pytest.raises(NewerSchemaError):
        load_checklist(saved)
    restored = restore(tmp_path)
    assert restored.checklist is None and "newer cnai-pay" in restored.message
    assert restored.save_path != saved
    cl.autosave(build_checklist(shipped, "glm", "visa", now=NOW), restored.save_path)
    assert saved.read_text(encoding="utf-8") == newer
    again = restore(tmp_path)
    assert again.checklist is not None and again.checklist.platform_id == "glm"


def test_autosave_restores_exactly(shipped, tmp_path: Path) -> None:
    checklist = build_checklist(shipped, "deepseek", "paypal", now=NOW)
    checklist.steps[0].done = True
    checklist.steps[0].note = "done on Monday"
    cl.autosave(checklist, tmp_path / "state" / "checklist.toml", shipped)
    restored = restore(tmp_path / "state")
    assert restored.checklist == checklist and restored.message == ""


def test_state_dir_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNAI_PAY_HOME", str(tmp_path / "elsewhere"))
    assert cl.state_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("CNAI_PAY_HOME")
    assert str(cl.state_dir()).startswith(os.environ["HOME"])


def test_fixed_fees_are_part_of_the_budget(shipped) -> None:
    paypal = build_checklist(shipped, "east_signal", "paypal", now=NOW)
    assert (paypal.fee_percent, paypal.fixed_fee) == (3.5, 0.3)
    assert paypal.budget == 1.34 and paypal.budget_text == "1 USD + 3.5% + 0.30 USD = 1.34 USD"
    assert "3.5% + 0.30 USD" in paypal.step("budget").text
    assert budget(5, 0, 1) == 6.0


def test_together_card_must_allow_recurring_charges(shipped) -> None:
    together = build_checklist(shipped, "together", "visa", now=NOW)
    assert together.step("recurring_payments").sources == ("together_credit_packs",)
    assert build_checklist(shipped, "deepseek", "visa", now=NOW).step("recurring_payments") is None


def test_minimum_text_lists_method_specific_minimums(shipped) -> None:
    assert cl.minimum_text(shipped, "east_signal") == "1 USD by PayPal / 5 USD by Cryptocurrency (vendor blog)"
    assert cl.minimum_text(shipped, "east_signal", "paypal") == "1 USD (vendor blog)"
    assert cl.minimum_text(shipped, "qwen") == "none: billed after use"


@pytest.mark.parametrize("bad", [0, -1, 1e307, float("nan"), float("inf")])
def test_amounts_out_of_range_are_refused(shipped, bad: float) -> None:
    with pytest.raises(ChecklistError):
        build_checklist(shipped, "together", "visa", amount=bad)
    with pytest.raises(ChecklistError):
        cl.check_amount(bad)


def test_schema_version_must_be_a_whole_number(shipped, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    text = cl.dumps(build_checklist(shipped, "qwen", "visa", now=NOW))
    path.write_text(text.replace("schema_version = 1", 'schema_version = "2"'), encoding="utf-8")
    with pytest.raises(ChecklistError, match="whole-number schema_version"):
        load_checklist(path)


def test_autosave_into_an_impossible_folder_is_a_clear_error(shipped, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot create the folder"):
        cl.autosave(build_checklist(shipped, "qwen", "visa", now=NOW), blocker / "checklist.toml")


def test_unreadable_spare_file_is_kept_aside_too(shipped, tmp_path: Path) -> None:
    newer = cl.dumps(build_checklist(shipped, "qwen", "visa", now=NOW)).replace("schema_version = 1", "schema_version = 9")
    (tmp_path / "checklist.toml").write_text(newer, encoding="utf-8")
    spare = tmp_path / f"checklist.schema{cl.SCHEMA_VERSION}.toml"
    spare.write_text("not = = toml", encoding="utf-8")
    restored = restore(tmp_path)
    assert restored.checklist is None and not spare.exists()
    assert len(list(tmp_path.glob(f"{spare.name}.corrupt-*"))) == 1


def test_written_files_get_ordinary_permissions(shipped, tmp_path: Path) -> None:
    target = tmp_path / "shared.toml"
    export_checklist(build_checklist(shipped, "qwen", "visa", now=NOW), shipped, target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o600)
    export_checklist(build_checklist(shipped, "glm", "visa", now=NOW), shipped, target, overwrite=True)
    assert target.stat().st_mode & 0o777 == 0o600
