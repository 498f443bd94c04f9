"""A keyring backend for tests: the OS keyring cannot run here.

It keeps passwords in a JSON file named by ``NEWSROOM_TEST_KEYRING`` so that
subprocesses (the CLI) and the test share them; the file stands for the OS
keyring, so the security tests look for passwords in every other file the app
wrote, never in this one. Selected with ``PYTHON_KEYRING_BACKEND``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ["NEWSROOM_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path().read_text("utf-8")))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._path().write_text(json.dumps(data), "utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._path().write_text(json.dumps(data), "utf-8")
