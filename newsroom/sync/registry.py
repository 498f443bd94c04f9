"""One place that turns a site row into a connector."""

from __future__ import annotations

from pathlib import Path

from newsroom.i18n import tr
from newsroom.services.sites import SiteView
from newsroom.storage.db import Database
from newsroom.sync import secrets
from newsroom.sync.caches import DbMediaCache, DbTermCache
from newsroom.sync.connectors.base import Connector
from newsroom.sync.errors import SiteSetupError

DEFAULT_TIMEOUT = 30.0


def connector_for(db: Database, site: SiteView, timeout: float = DEFAULT_TIMEOUT) -> Connector:
    media = DbMediaCache(db, site.id)
    if site.kind == "wordpress":
        from newsroom.sync.connectors.wordpress import WordPressConnector

        password = secrets.load_password(site.url, site.login)
        return WordPressConnector(site.url, site.login, password, media,
                                  DbTermCache(db, site.id), timeout=timeout,
                                  verify=site.settings.get("ca_file") or True)
    if site.kind == "static":
        from newsroom.sync.connectors.static_site import StaticSiteConnector

        return StaticSiteConnector(Path(site.path), media,
                                   base_url=site.settings.get("base_url"))
    raise SiteSetupError(tr("site {name} is of an unknown kind {kind}", name=site.name,
                            kind=site.kind))
