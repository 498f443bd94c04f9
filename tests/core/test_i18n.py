"""Every message the core can show has a Ukrainian translation that fits it."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import newsroom
from newsroom import i18n
from newsroom.locale_uk import MESSAGES_UK

CORE = Path(newsroom.__file__).parent


def _messages() -> dict[str, str]:
    """msgid -> where it is used, for every tr("...") and N_("...") literal."""
    found: dict[str, str] = {}
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("tr", "N_") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value,
                                 f"{path.relative_to(CORE.parent)}:{node.lineno}")
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_scan_finds_the_core_messages() -> None:
    messages = _messages()
    assert "no article #{id}" in messages
    assert "draft" in messages  # a status label marked with N_()
    assert len(messages) > 60


def test_every_core_message_has_a_ukrainian_translation() -> None:
    missing = [f"{where}: {msg!r}" for msg, where in _messages().items()
               if msg not in MESSAGES_UK]
    assert not missing, "untranslated messages:\n" + "\n".join(missing)


def test_translations_keep_the_same_placeholders() -> None:
    wrong = [msg for msg, uk in MESSAGES_UK.items() if _fields(msg) != _fields(uk)]
    assert not wrong, f"placeholders differ in: {wrong}"


def test_no_stale_translations() -> None:
    stale = sorted(set(MESSAGES_UK) - set(_messages()))
    assert not stale, f"translations for messages no longer in the code: {stale}"


def test_ukrainian_is_used_and_english_falls_back() -> None:
    i18n.set_language("uk")
    assert i18n.tr("no article #{id}", id=5) == MESSAGES_UK["no article #{id}"].format(id=5)
    assert "5" in i18n.tr("no article #{id}", id=5)
    i18n.set_language("en")
    assert i18n.tr("no article #{id}", id=5) == "no article #5"
    with pytest.raises(ValueError):
        i18n.set_language("de")
