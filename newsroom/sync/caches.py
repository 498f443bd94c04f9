"""The connectors' memory of a site, kept in the database.

Each ``put`` commits in its own short transaction at once: the worker calls
the site with no transaction open, and an upload that succeeded must be
remembered even when the post that uses it fails a moment later.
"""

from __future__ import annotations

import contextlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from newsroom.storage.db import Database
from newsroom.storage.models import RemoteMedia, RemoteTerm


class DbMediaCache:
    def __init__(self, db: Database, site_id: int) -> None:
        self.db, self.site_id = db, site_id

    def get(self, sha256: str) -> tuple[str, str] | None:
        with self.db.uow() as uow:
            row = uow.session.execute(select(RemoteMedia.remote_id, RemoteMedia.url).where(
                RemoteMedia.site_id == self.site_id, RemoteMedia.sha256 == sha256)).first()
        return (row[0], row[1]) if row else None

    def put(self, sha256: str, remote_id: str, url: str) -> None:
        """Remember an upload, replacing a stale entry (a photo deleted on the
        site and uploaded again)."""
        with self.db.uow() as uow:
            row = uow.session.scalar(select(RemoteMedia).where(
                RemoteMedia.site_id == self.site_id, RemoteMedia.sha256 == sha256))
            if row is None:
                uow.session.add(RemoteMedia(site_id=self.site_id, sha256=sha256,
                                            remote_id=remote_id, url=url))
            else:
                row.remote_id, row.url = remote_id, url
            # Another worker may remember the same photo at the same moment.
            with contextlib.suppress(IntegrityError):
                uow.commit()


class DbTermCache:
    def __init__(self, db: Database, site_id: int) -> None:
        self.db, self.site_id = db, site_id

    def get(self, taxonomy: str, name: str) -> str | None:
        with self.db.uow() as uow:
            return uow.session.scalar(select(RemoteTerm.remote_id).where(
                RemoteTerm.site_id == self.site_id, RemoteTerm.taxonomy == taxonomy,
                RemoteTerm.name == name.casefold()[:200]))

    def put(self, taxonomy: str, name: str, remote_id: str) -> None:
        key = name.casefold()[:200]
        with self.db.uow() as uow:
            row = uow.session.scalar(select(RemoteTerm).where(
                RemoteTerm.site_id == self.site_id, RemoteTerm.taxonomy == taxonomy,
                RemoteTerm.name == key))
            if row is None:
                uow.session.add(RemoteTerm(site_id=self.site_id, taxonomy=taxonomy, name=key,
                                           remote_id=remote_id))
            else:
                row.remote_id = remote_id
            with contextlib.suppress(IntegrityError):
                uow.commit()
