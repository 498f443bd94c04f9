"""An article turned into what a site receives (:class:`OutgoingPost`).

Built in one short read transaction before the site is called. Pictures are
read here too: the featured photo from the database (lazily, only if the site
does not have it yet), pictures inserted in the editor from their ``file:``
address on this PC. A picture that is no longer on disk fails the job with a
message naming it rather than publishing an article with a hole in it.
"""

from __future__ import annotations

import hashlib
import mimetypes

from sqlalchemy import select

from newsroom.domain.statuses import Status
from newsroom.i18n import tr
from newsroom.services import articles, media, related
from newsroom.storage.db import Database
from newsroom.storage.models import RemotePost
from newsroom.storage.uow import UnitOfWork
from newsroom.sync.connectors.base import (
    OutgoingImage,
    OutgoingPost,
    RelatedTarget,
    RemoteRef,
    image_sources,
)
from newsroom.sync.errors import Rejected

_MIMES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
          ".gif": "image/gif", ".webp": "image/webp"}


def _file_image(uow: UnitOfWork, article_id: int, source: str) -> OutgoingImage:
    """A picture inserted from disk: from the file when this PC has it, else
    the copy stored with the article when it was saved."""
    path = media.local_picture_path(source)
    assert path is not None
    try:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
    except OSError:
        stored = media.stored_picture(uow, article_id, path.name)
        if stored is None:
            raise Rejected(tr("the picture {file} is not on this computer any more: insert it "
                              "into the article again", file=path.name)) from None
        digest, data = stored
    mime = _MIMES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or ""
    return OutgoingImage(sha256=digest, filename=path.name, mime=mime, load=lambda: data,
                         source=source)


def _featured(db: Database, uow: UnitOfWork, article_id: int) -> OutgoingImage | None:
    photo = media.featured(uow, article_id)
    if photo is None:
        return None

    def load() -> bytes:
        with db.uow() as own:
            return media.data(own, photo.id)

    return OutgoingImage(sha256=photo.sha256, filename=photo.filename, mime=photo.mime,
                         load=load, alt=photo.alt, caption=photo.caption)


def known_ref(uow: UnitOfWork, site_id: int, article_id: int) -> RemoteRef | None:
    row = uow.session.scalar(select(RemotePost).where(RemotePost.site_id == site_id,
                                                      RemotePost.article_id == article_id))
    if row is None:
        return None
    return RemoteRef(remote_id=row.remote_id, url=row.url, modified=row.modified,
                     status=row.remote_status)


def _related(uow: UnitOfWork, site_id: int, article_id: int) -> tuple[RelatedTarget, ...]:
    items = related.list_for(uow, article_id)
    if not items:
        return ()
    urls = dict(uow.session.execute(select(RemotePost.article_id, RemotePost.url).where(
        RemotePost.site_id == site_id, RemotePost.article_id.in_([i.id for i in items]),
        RemotePost.remote_status != "trash")).all())
    return tuple(RelatedTarget(article_id=i.id, title=i.title, slug=i.slug,
                               url=urls.get(i.id) or None) for i in items)


def build(db: Database, uow: UnitOfWork, site_id: int, article_id: int) -> OutgoingPost:
    a = articles.get(uow, article_id)
    pictures = tuple(_file_image(uow, article_id, src) for src in image_sources(a.body)
                     if src.lower().startswith("file:"))
    return OutgoingPost(
        article_id=a.id, uuid=a.uuid, revision=a.revision, title=a.title, slug=a.slug,
        lead=a.lead, body_markdown=a.body, body_html=a.source_html, signature=a.signature,
        section=a.section, tags=a.tags, published_at=a.published_at,
        scheduled_at=a.scheduled_at if a.status is Status.SCHEDULED else None,
        updated_at=a.updated_at, featured=_featured(db, uow, article_id), images=pictures,
        related=_related(uow, site_id, article_id))
