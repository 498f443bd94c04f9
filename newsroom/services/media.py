"""Images attached to articles, stored in the database with their sizes.

Only real PNG, JPEG, GIF and WebP files are accepted: the type and the pixel
size are read from the file's own header (no Pillow), never trusted from its
name, so a text file renamed ``.jpg`` is refused before it reaches the site.
An image is stored once (its SHA-256 is unique): attaching the same file again
returns the stored one.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from newsroom.domain.errors import NotFound, PermissionDenied, ValidationError
from newsroom.domain.roles import Role, can_edit
from newsroom.i18n import tr
from newsroom.services import articles, audit, users
from newsroom.storage.models import Article, Media, User
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork

MAX_BYTES = 20 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_FILENAME = 300
MAX_ALT = 500

_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
               "image/webp": "webp"}
# JPEG start-of-frame markers, which carry the pixel size (not DHT C4, JPG C8, DAC CC).
_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                       0xCF})


@dataclass(frozen=True)
class MediaView:
    id: int
    article_id: int | None
    filename: str
    mime: str
    size: int
    width: int | None
    height: int | None
    alt: str
    caption: str
    featured: bool
    sha256: str


@dataclass(frozen=True)
class ImageInfo:
    mime: str
    width: int
    height: int


class _Damaged(Exception):
    """The file starts like an image of this kind but its size cannot be read."""


def _png(data: bytes) -> tuple[int, int]:
    # Signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise _Damaged
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _gif(data: bytes) -> tuple[int, int]:
    if len(data) < 10:
        raise _Damaged
    width, height = struct.unpack("<HH", data[6:10])
    return int(width), int(height)


def _jpeg(data: bytes) -> tuple[int, int]:
    """Walk the marker segments up to the first start-of-frame."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise _Damaged
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte before a marker
            i += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # no length field
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image or scan data before any frame header
            break
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        if length < 2:
            raise _Damaged
        if marker in _JPEG_SOF:
            if i + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return int(width), int(height)
        i += 2 + length
    raise _Damaged


def _webp(data: bytes) -> tuple[int, int]:
    if len(data) < 30:
        raise _Damaged
    chunk = data[12:16]
    if chunk == b"VP8 ":  # lossy: a key frame's start code, then 14-bit sizes
        if data[23:26] != b"\x9d\x01\x2a":
            raise _Damaged
        width, height = struct.unpack("<HH", data[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L":  # lossless: signature byte, then width-1 and height-1 in 14 bits
        if data[20] != 0x2F:
            raise _Damaged
        (bits,) = struct.unpack("<I", data[21:25])
        return (int(bits) & 0x3FFF) + 1, ((int(bits) >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":  # extended: canvas width-1 and height-1 in 24 bits
        return (int.from_bytes(data[24:27], "little") + 1,
                int.from_bytes(data[27:30], "little") + 1)
    raise _Damaged


def image_info(filename: str, data: bytes) -> ImageInfo:
    """Type and pixel size read from the file's header, or ValidationError."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        mime, reader = "image/png", _png
    elif data.startswith(b"\xff\xd8\xff"):
        mime, reader = "image/jpeg", _jpeg
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        mime, reader = "image/gif", _gif
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        mime, reader = "image/webp", _webp
    else:
        raise ValidationError(tr("{file} is not a PNG, JPEG, GIF or WebP image",
                                 file=filename))
    try:
        width, height = reader(data)
    except _Damaged:
        width = height = 0
    if width <= 0 or height <= 0:
        raise ValidationError(tr("{file} looks like an image but is damaged: its size cannot be "
                                 "read", file=filename))
    return ImageInfo(mime=mime, width=width, height=height)


def _clean_filename(filename: str) -> str:
    """The name without folders or control characters, at most MAX_FILENAME long."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if not name.strip("."):
        return ""
    if len(name) > MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        suffix = f"{dot}{ext}" if stem and len(ext) <= 10 else ""
        name = name[: MAX_FILENAME - len(suffix)] + suffix
    return name


def view(row: Media) -> MediaView:
    return MediaView(id=row.id, article_id=row.article_id, filename=row.filename, mime=row.mime,
                     size=row.size, width=row.width, height=row.height, alt=row.alt,
                     caption=row.caption, featured=row.featured, sha256=row.sha256)


def _authorise(actor: User, article: Article | None) -> None:
    if article is None:
        if actor.role.at_least(Role.EDITOR):
            return
    elif can_edit(actor.role, article.author_id == actor.id):
        return
    raise PermissionDenied(tr("only the author or an editor may change this article's images"))


def _load(uow: UnitOfWork, media_id: int) -> Media:
    row = uow.session.scalar(select(Media).where(Media.id == media_id)
                             .execution_options(populate_existing=True))
    if row is None:
        raise NotFound(tr("no image #{id}", id=media_id))
    return row


def _insert_if_new(uow: UnitOfWork, values: dict[str, Any]) -> None:
    """Insert unless this article already has the same file (even from a parallel upload)."""
    dialect = uow.session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(Media).values(**values).on_conflict_do_nothing(
            index_elements=[Media.article_id, Media.sha256])
    elif dialect == "sqlite":
        stmt = sqlite.insert(Media).values(**values).on_conflict_do_nothing(
            index_elements=[Media.article_id, Media.sha256])
    else:  # pragma: no cover - make_engine accepts only the two backends above
        raise RuntimeError(f"media storage does not support {dialect}")
    uow.session.execute(stmt)


def attach(uow: UnitOfWork, actor_id: int, article_id: int, filename: str, data: bytes,
           alt: str = "", featured: bool = False) -> MediaView:
    """Store an image for an article (or reuse the article's stored copy of the same file).

    ``featured`` makes it the article's main image, replacing the previous one.
    """
    actor = users.load(uow, actor_id)
    article = articles.load(uow, article_id)
    _authorise(actor, article)
    name = _clean_filename(filename)
    shown = name or tr("the file")
    if not data:
        raise ValidationError(tr("{file} is empty", file=shown))
    if len(data) > MAX_BYTES:
        raise ValidationError(tr("{file} is larger than {max} MB: make the image smaller",
                                 file=shown, max=MAX_MB))
    alt = " ".join(alt.split())
    if len(alt) > MAX_ALT:
        raise ValidationError(tr("the image description is {n} characters long; at most {max} "
                                 "fit", n=len(alt), max=MAX_ALT))
    info = image_info(shown, data)
    digest = hashlib.sha256(data).hexdigest()
    _insert_if_new(uow, {
        "article_id": article.id, "filename": name or f"image.{_EXTENSIONS[info.mime]}",
        "mime": info.mime, "sha256": digest, "size": len(data), "width": info.width,
        "height": info.height, "alt": alt, "caption": "", "featured": featured, "data": data,
        "created_at": utcnow()})
    row = uow.session.scalar(select(Media).where(Media.article_id == article.id,
                                                 Media.sha256 == digest)
                             .execution_options(populate_existing=True))
    assert row is not None
    if featured:
        row.featured = True
    if alt:
        row.alt = alt
    uow.flush()
    if row.featured:
        uow.session.execute(update(Media)
                            .where(Media.article_id == article.id, Media.id != row.id,
                                   Media.featured.is_(True))
                            .values(featured=False)
                            .execution_options(synchronize_session=False))
    audit.record(uow, actor, "media_attach", article, media_id=row.id, filename=row.filename,
                 sha256=digest, featured=row.featured)
    uow.flush()
    return view(row)


def keep_inserted_pictures(uow: UnitOfWork, actor_id: int, article_id: int,
                           body: str) -> list[MediaView]:
    """Store the pictures the editor inserted from this PC's disk.

    The body keeps them as ``file:`` addresses, which only this PC can open;
    stored with the article (once, by content), they can be published from
    any PC or from a cron job on a server. Files that are gone or are not
    pictures are left to the publishing step, which names them.
    """
    from newsroom.sync.connectors.base import image_sources  # sync imports services

    stored = set(uow.session.scalars(select(Media.sha256).where(
        Media.article_id == article_id)))
    kept = []
    for source in image_sources(body):
        path = local_picture_path(source)
        if path is None:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() in stored:
            continue
        try:
            kept.append(attach(uow, actor_id, article_id, path.name, data))
        except ValidationError:
            continue
    return kept


def local_picture_path(source: str) -> Path | None:
    """The file a ``file:`` picture address names, or None for other addresses."""
    if not source.lower().startswith("file:"):
        return None
    return Path(url2pathname(unquote(urlsplit(source).path)))


def stored_picture(uow: UnitOfWork, article_id: int, filename: str) -> tuple[str, bytes] | None:
    """(sha256, bytes) of the article's stored picture of that file name, newest first."""
    row = uow.session.execute(select(Media.sha256, Media.data).where(
        Media.article_id == article_id, Media.filename == _clean_filename(filename))
        .order_by(Media.id.desc()).limit(1)).first()
    return (row[0], bytes(row[1])) if row else None


def list_for(uow: UnitOfWork, article_id: int) -> list[MediaView]:
    """The article's images, the featured one first, then in the order attached."""
    articles.load(uow, article_id)
    stmt = (select(Media).where(Media.article_id == article_id)
            .order_by(Media.featured.desc(), Media.id)
            .execution_options(populate_existing=True))
    return [view(row) for row in uow.session.scalars(stmt)]


def featured(uow: UnitOfWork, article_id: int) -> MediaView | None:
    """The article's main image, if it has one."""
    stmt = (select(Media).where(Media.article_id == article_id, Media.featured.is_(True))
            .order_by(Media.id.desc()).limit(1)
            .execution_options(populate_existing=True))
    row = uow.session.scalar(stmt)
    return view(row) if row is not None else None


def data(uow: UnitOfWork, media_id: int) -> bytes:
    """The image file's bytes, exactly as attached."""
    content = uow.session.scalar(select(Media.data).where(Media.id == media_id))
    if content is None:
        raise NotFound(tr("no image #{id}", id=media_id))
    return bytes(content)


def detach(uow: UnitOfWork, actor_id: int, media_id: int) -> None:
    """Remove an image from its article and from the database."""
    actor = users.load(uow, actor_id)
    row = _load(uow, media_id)
    article = articles.load(uow, row.article_id) if row.article_id is not None else None
    _authorise(actor, article)
    audit.record(uow, actor, "media_detach", article, media_id=row.id, filename=row.filename,
                 sha256=row.sha256)
    uow.session.delete(row)
    uow.flush()
