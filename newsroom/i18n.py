"""Language of the messages the core shows to people.

The office works in Ukrainian, so service errors and CLI lines are Ukrainian by
default; English is there for the admin who asks (``--lang en`` or
``NEWSROOM_LANG=en``). Messages are written in English in the code and looked up
in a catalogue, gettext-style, so a missing translation still reads correctly.
The Qt side has its own .ts/.qm catalogue; this one covers only the core.
"""

from __future__ import annotations

import os

from newsroom.locale_uk import MESSAGES_UK

SUPPORTED = ("uk", "en")
_language = os.environ.get("NEWSROOM_LANG", "uk")
if _language not in SUPPORTED:
    _language = "uk"


def set_language(language: str) -> None:
    global _language
    if language not in SUPPORTED:
        raise ValueError(f"unsupported language '{language}': use one of {', '.join(SUPPORTED)}")
    _language = language


def language() -> str:
    return _language


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is translated later, by ``tr(variable)``."""
    return message


def tr(message: str, **params: object) -> str:
    """Translate an English message template, then fill in its ``{name}`` fields."""
    template = MESSAGES_UK.get(message, message) if _language == "uk" else message
    return template.format(**params) if params else template
