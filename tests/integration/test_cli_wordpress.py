"""``site add`` tries the login against the real WordPress before storing anything."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.core.test_cli import cli
from tests.integration.conftest import WpPeer


def _run(tmp_path: Path, *argv: str, password: str | None = None) -> tuple[int, str, str]:
    if password is None:
        os.environ.pop("NEWSROOM_SITE_PASSWORD", None)
    else:
        os.environ["NEWSROOM_SITE_PASSWORD"] = password
    try:
        run = cli(argv, cwd=tmp_path, data_dir=str(tmp_path / "data"))
    finally:
        os.environ.pop("NEWSROOM_SITE_PASSWORD", None)
    return run.code, run.out, run.err


def test_site_add_checks_the_login_first(tmp_path: Path, wp_peer: WpPeer) -> None:
    assert _run(tmp_path, "init")[0] == 0
    assert _run(tmp_path, "user", "add", "admin", "--role", "admin")[0] == 0
    code, _out, err = _run(tmp_path, "site", "add", "oda", "--kind", "wordpress", "--url",
                           wp_peer.url, "--user", wp_peer.editor.login,
                           password="wrong password here")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "check the application password" in err and "wrong password" not in err
    names = [s["name"] for s in json.loads(_run(tmp_path, "site", "list", "--json")[1])]
    assert names == ["site"]  # nothing stored
    keyring_file = Path(os.environ["NEWSROOM_TEST_KEYRING"])
    assert not keyring_file.exists() or "wrong password" not in keyring_file.read_text("utf-8")

    code, _out, err = _run(tmp_path, "site", "add", "oda", "--kind", "wordpress", "--url",
                          wp_peer.url, "--user", wp_peer.editor.login,
                          password=wp_peer.editor.app_password)
    assert code == 0, err
    names = [s["name"] for s in json.loads(_run(tmp_path, "site", "list", "--json")[1])]
    assert names == ["oda", "site"]
