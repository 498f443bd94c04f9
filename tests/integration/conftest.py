"""The real WordPress peer (``../shared/wordpress/peer.sh up``, started by .ci/run).

``NEWSROOM_TEST_WP_JSON`` names the file holding the JSON line ``peer.sh up``
printed (url, users and their application passwords). Tests share the one site,
so each makes its own posts with unique slugs and never assumes an empty site.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

WP_ENV = "NEWSROOM_TEST_WP_JSON"


@dataclass(frozen=True)
class WpAccount:
    login: str
    app_password: str
    role: str


@dataclass(frozen=True)
class WpPeer:
    url: str
    admin: WpAccount
    editor: WpAccount
    contributor: WpAccount


def _load_peer() -> WpPeer:
    path = os.environ.get(WP_ENV)
    if not path:
        pytest.skip(f"{WP_ENV} is not set: WordPress tests need the peer (.ci/run starts it)")
    info = json.loads(Path(path).read_text("utf-8"))
    accounts = {name: WpAccount(u["login"], u["app_password"], u["role"])
                for name, u in info["users"].items()}
    return WpPeer(url=info["url"].rstrip("/"), admin=accounts["admin"],
                  editor=accounts["editor"], contributor=accounts["contributor"])


@pytest.fixture(scope="session")
def wp_peer() -> WpPeer:
    return _load_peer()
