"""Per-user preferences of the desktop app (window layout, last user).

Every QSettings goes through :func:`app_settings` so the organisation and
application names are written once, and tests can redirect the storage with
``QSettings.setDefaultFormat`` / ``QSettings.setPath`` without touching the
real user's registry or config folder.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "Newsroom"
APPLICATION = "Newsroom"

LAST_USER_KEY = "login/lastUser"
SPELLING_KEY = "editor/checkSpelling"


def app_settings() -> QSettings:
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION,
                     APPLICATION)


def read_str(settings: QSettings, key: str) -> str | None:
    """QSettings hands back whatever the backend stored; only a non-empty str is usable."""
    value = settings.value(key)
    return value if isinstance(value, str) and value else None


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    """A stored flag: the INI backend gives "true"/"false" strings, the registry bools."""
    value = settings.value(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return default
