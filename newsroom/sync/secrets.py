"""Site passwords in the OS keyring (Windows Credential Manager, macOS Keychain,
the Secret Service on Linux), never in the database, a config file or a log.

A site is identified in the keyring by its address and login, so two offices'
databases that point at the same site share one stored password, and renaming
a site in Newsroom does not lose it.
"""

from __future__ import annotations

import contextlib

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from newsroom.i18n import tr
from newsroom.sync.errors import SiteSetupError

SERVICE_PREFIX = "Newsroom:"


def _service(url: str) -> str:
    return SERVICE_PREFIX + url.rstrip("/")


def store_password(url: str, login: str, password: str) -> None:
    try:
        keyring.set_password(_service(url), login, password)
    except KeyringError as exc:
        raise SiteSetupError(tr("the password could not be stored in the system keyring: "
                                "{error}", error=type(exc).__name__)) from None


def load_password(url: str, login: str) -> str:
    """The stored password; :class:`SiteSetupError` when there is none."""
    try:
        password = keyring.get_password(_service(url), login)
    except KeyringError as exc:
        raise SiteSetupError(tr("the system keyring cannot be read: {error}",
                                error=type(exc).__name__)) from None
    if not password:
        raise SiteSetupError(tr("no password is stored for {login} at {url}: enter it in the "
                                "site settings (or: site password NAME)", login=login, url=url))
    return password


def delete_password(url: str, login: str) -> None:
    # Nothing stored, or no keyring: nothing is left to delete either way.
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(_service(url), login)
