"""The Ukrainian catalogue: complete, in step with the code, compiled on demand."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from newsroom import i18n as core_i18n
from ui import i18n

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "newsroom_uk.ts"
PLACEHOLDER = re.compile(r"\{\w+\}|%n")


def _messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(ctx.findtext("name") or "", msg.findtext("source") or "", msg)
            for ctx in root.iter("context") for msg in ctx.iter("message")]


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def test_every_message_is_translated() -> None:
    root = ET.parse(TS).getroot()
    assert root.get("language") == "uk_UA"
    messages = _messages(TS)
    assert len(messages) > 40
    for context, source, message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        texts = _translations(message)
        if message.get("numerus") == "yes":
            assert len(texts) == 3, source  # one / few / many, as Ukrainian counts
        for text in texts:
            assert text.strip(), (context, source)
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), text
            assert "'" not in text and '"' not in text, f"use ’ and « » in {text!r}"
            assert source.count("&") == text.count("&"), f"keep the shortcut mark in {text!r}"


LUPDATE_ARGS = ["-extensions", "py", "ui", "main.py", "-no-obsolete", "-locations", "none"]
"""The command ui/i18n.py documents for refreshing the catalogue."""


def test_the_catalogue_covers_every_string_in_the_code(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / ("pyside6-lupdate" + (".exe" if os.name == "nt"
                                                                  else ""))
    if not lupdate.exists():
        pytest.skip(f"{lupdate.name} is not installed next to {sys.executable}")
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    done = subprocess.run([str(lupdate), *LUPDATE_ARGS, "-ts", str(copy)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert copy.read_text(encoding="utf-8") == TS.read_text(encoding="utf-8"), (
        "the catalogue is out of step with the code: run .venv/bin/pyside6-lupdate "
        f"{' '.join(LUPDATE_ARGS)} -ts resources/translations/newsroom_uk.ts, then translate "
        "the new strings")


def test_english_catalogue_gives_the_plural_forms() -> None:
    numerus = {(c, s) for c, s, m in _messages(TS) if m.get("numerus") == "yes"}
    english = _messages(TS.with_name("newsroom_en.ts"))
    assert {(c, s) for c, s, _ in english} == numerus
    for _context, source, message in english:
        singular, plural = _translations(message)
        assert "%n" in singular and "%n" in plural and singular != plural, source


def test_compiled_into_the_cache_and_recompiled_when_the_ts_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "ts"
    sources.mkdir()
    ts = sources / TS.name
    shutil.copy(TS, ts)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", sources)
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(tmp_path / "cache"))

    [qm] = i18n.compile_translations()  # only the Ukrainian .ts was copied
    assert qm == tmp_path / "cache" / "translations" / "newsroom_uk.qm"
    assert qm.stat().st_size > 0
    compiled_at = qm.stat().st_mtime_ns
    assert i18n.compile_translations() == [qm]
    assert qm.stat().st_mtime_ns == compiled_at  # up to date: not compiled again

    newer = qm.stat().st_mtime + 10
    os.utime(ts, (newer, newer))
    i18n.compile_translations()
    assert qm.stat().st_mtime_ns != compiled_at


def test_ukrainian_installs_qt_and_our_catalogues() -> None:
    try:
        i18n.install("uk")
        files = i18n.installed_catalogues()
        assert [Path(f).name for f in files] == ["qtbase_uk.qm", "newsroom_uk.qm"]
        assert core_i18n.language() == "uk"
        assert QCoreApplication.translate("MainWindow", "&Refresh") == "&Оновити"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Скасувати"
    finally:
        i18n.install("en")
    assert [Path(f).name for f in i18n.installed_catalogues()] == ["newsroom_en.qm"]
    assert core_i18n.language() == "en"
    assert QCoreApplication.translate("MainWindow", "&Refresh") == "&Refresh"


def test_a_broken_catalogue_leaves_the_app_in_english(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "ts"
    sources.mkdir()
    (sources / "newsroom_uk.ts").write_text("<TS><context>", encoding="utf-8")
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", sources)
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(RuntimeError, match="lrelease failed"):
        i18n.compile_translations()
    try:
        i18n.install("uk")  # logs the reason, does not raise
        assert [Path(f).name for f in i18n.installed_catalogues()] == ["qtbase_uk.qm"]
        assert QCoreApplication.translate("MainWindow", "&Refresh") == "&Refresh"
    finally:
        i18n.install("en")
