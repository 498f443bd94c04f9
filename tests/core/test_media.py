"""Images attached to articles: real image headers only, sizes, dedupe, featured."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pytest
from sqlalchemy import func, select

from newsroom.domain.errors import NotFound, PermissionDenied, ValidationError
from newsroom.domain.statuses import Status
from newsroom.services import articles, audit, media
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import Media
from tests.conftest import People


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def jpeg(width: int, height: int, progressive: bool = False) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    exif = b"\xff\xe1" + struct.pack(">H", 2 + 12) + b"Exif\x00\x00" + b"\xc0" * 6
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes(range(1, 65))
    sof = (b"\xff" + (b"\xc2" if progressive else b"\xc0")
           + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00")
    sos = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00"
    # A fill byte (0xFF) before the frame header, as some encoders write.
    return b"\xff\xd8" + app0 + exif + dqt + b"\xff" + sof + sos + b"\x12\x34" + b"\xff\xd9"


def gif(width: int, height: int) -> bytes:
    return (b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0)
            + b"\x00\x00\x00\xff\xff\xff"
            + b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
            + b"\x02\x02\x44\x01\x00" + b";")


def _riff(chunk: bytes, payload: bytes) -> bytes:
    if len(payload) % 2:
        payload += b"\x00"
    body = b"WEBP" + chunk + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    return _riff(b"VP8L", b"\x2f" + struct.pack("<I", bits) + b"\x00" * 8)


def webp_lossy(width: int, height: int) -> bytes:
    return _riff(b"VP8 ", b"\x30\x01\x00" + b"\x9d\x01\x2a"
                 + struct.pack("<HH", width, height) + b"\x00" * 10)


def webp_extended(width: int, height: int) -> bytes:
    return _riff(b"VP8X", b"\x10\x00\x00\x00" + (width - 1).to_bytes(3, "little")
                 + (height - 1).to_bytes(3, "little"))


def _article(db: Database, author: int, title: str = "Відкриття парку",
             status: Status = Status.DRAFT) -> int:
    with db.uow() as uow:
        article_id = articles.create(uow, author, Draft(title=title), status=status).id
        uow.commit()
    return article_id


def _attach(db: Database, actor: int, article_id: int, filename: str, data: bytes,
            **kw: object) -> media.MediaView:
    with db.uow() as uow:
        result = media.attach(uow, actor, article_id, filename, data, **kw)  # type: ignore[arg-type]
        uow.commit()
    return result


def _stored(db: Database) -> int:
    with db.uow() as uow:
        return uow.session.scalar(select(func.count(Media.id))) or 0


@pytest.mark.parametrize(("make", "mime"), [
    (png, "image/png"), (jpeg, "image/jpeg"),
    (lambda w, h: jpeg(w, h, progressive=True), "image/jpeg"), (gif, "image/gif"),
    (webp_lossless, "image/webp"), (webp_lossy, "image/webp"), (webp_extended, "image/webp"),
], ids=["png", "jpeg", "jpeg-progressive", "gif", "webp-lossless", "webp-lossy",
        "webp-extended"])
def test_each_format_is_read_with_its_size(make: object, mime: str) -> None:
    for width, height in ((3, 2), (1, 1), (1920, 1080), (640, 4000)):
        data = make(width, height)  # type: ignore[operator]
        info = media.image_info("x", data)
        assert (info.mime, info.width, info.height) == (mime, width, height)


def test_attached_images_keep_bytes_size_and_metadata(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    data = png(3, 2)
    view = _attach(db, people.writer, article_id, "C:\\Users\\olena\\Фото парку.png", data,
                   alt="  Новий  парк ")
    assert (view.article_id, view.filename, view.mime, view.size, view.width, view.height) == (
        article_id, "Фото парку.png", "image/png", len(data), 3, 2)
    assert (view.alt, view.caption, view.featured) == ("Новий парк", "", False)
    assert view.sha256 == hashlib.sha256(data).hexdigest()
    with db.uow() as uow:
        assert media.data(uow, view.id) == data
        assert media.list_for(uow, article_id) == [view]
        assert media.featured(uow, article_id) is None
    for name, make in (("a.jpg", jpeg), ("b.gif", gif), ("c.webp", webp_lossless)):
        got = _attach(db, people.writer, article_id, name, make(7, 5))
        assert (got.width, got.height) == (7, 5)
    jpeg_named_png = _attach(db, people.writer, article_id, "/tmp/../photo.png", jpeg(9, 4))
    assert (jpeg_named_png.mime, jpeg_named_png.filename) == ("image/jpeg", "photo.png")
    nameless = _attach(db, people.writer, article_id, "  ", gif(2, 2))
    assert nameless.filename == "image.gif"


REFUSED = {
    "text renamed .jpg": ("звіт.jpg", "Це текст, а не фото.\n".encode()),
    "html": ("x.png", b"<!doctype html><img src=x onerror=alert(1)>"),
    "svg": ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    "pdf": ("scan.jpg", b"%PDF-1.7\n"),
    "png signature only": ("a.png", b"\x89PNG\r\n\x1a\n"),
    "png without IHDR": ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30),
    "png of zero width": ("a.png", png(1, 1)[:16] + b"\x00\x00\x00\x00" + png(1, 1)[20:]),
    "jpeg cut before its frame": ("a.jpg", jpeg(4, 4)[:40]),
    "jpeg with scan and no frame": ("a.jpg", b"\xff\xd8\xff\xda\x00\x08" + b"\x00" * 10),
    "jpeg garbage": ("a.jpg", b"\xff\xd8\xff" + b"\x00" * 50),
    "gif header only": ("a.gif", b"GIF89a"),
    "webp unknown chunk": ("a.webp", _riff(b"ABCD", b"\x00" * 20)),
    "webp lossy no start code": ("a.webp", _riff(b"VP8 ", b"\x00" * 20)),
    "riff but wave": ("a.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 30),
}


def test_files_that_are_not_images_are_refused(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    for what, (name, data) in REFUSED.items():
        with db.uow() as uow, pytest.raises(ValidationError) as caught:
            media.attach(uow, people.writer, article_id, name, data)
        assert name in str(caught.value), what
    with db.uow() as uow, pytest.raises(ValidationError, match="is empty"):
        media.attach(uow, people.writer, article_id, "", b"")
    assert _stored(db) == 0


def test_at_most_twenty_megabytes(db: Database, people: People,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    article_id = _article(db, people.writer)
    huge = png(1, 1) + b"\x00" * (20 * 1024 * 1024)
    with db.uow() as uow, pytest.raises(ValidationError, match="larger than 20 MB"):
        media.attach(uow, people.writer, article_id, "huge.png", huge)
    assert media.MAX_BYTES == 20 * 1024 * 1024
    monkeypatch.setattr(media, "MAX_BYTES", 1_000)
    exact = png(1, 1) + b"\x00" * (1_000 - len(png(1, 1)))
    assert _attach(db, people.writer, article_id, "exact.png", exact).size == 1_000
    with db.uow() as uow, pytest.raises(ValidationError):
        media.attach(uow, people.writer, article_id, "over.png", exact + b"\x00")
    assert _stored(db) == 1


def test_a_long_description_or_filename(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    with db.uow() as uow, pytest.raises(ValidationError):
        media.attach(uow, people.writer, article_id, "a.png", png(1, 1), alt="а" * 501)
    long_name = "ф" * 400 + ".jpeg"
    view = _attach(db, people.writer, article_id, long_name, png(1, 1), alt="а" * 500)
    assert len(view.filename) == 300 and view.filename.endswith("ф.jpeg")


def test_the_same_file_is_stored_once(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    other_id = _article(db, people.writer, "Інша подія")
    data = jpeg(10, 10)
    first = _attach(db, people.writer, article_id, "one.jpg", data)
    again = _attach(db, people.writer, article_id, "copy.jpg", data, alt="Опис")
    assert again.id == first.id
    assert (again.filename, again.alt) == ("one.jpg", "Опис")
    assert _stored(db) == 1
    elsewhere = _attach(db, people.writer, other_id, "one.jpg", data, featured=True)
    assert elsewhere.id != first.id
    assert (elsewhere.article_id, elsewhere.featured) == (other_id, True)
    assert _stored(db) == 2
    with db.uow() as uow:
        # The first article keeps its photo: using it again elsewhere takes nothing away.
        assert [m.id for m in media.list_for(uow, article_id)] == [first.id]


def test_one_featured_image_per_article(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    other_id = _article(db, people.writer, "Інша подія")
    a = _attach(db, people.writer, article_id, "a.png", png(1, 1), featured=True)
    other = _attach(db, people.writer, other_id, "o.png", png(2, 1), featured=True)
    b = _attach(db, people.writer, article_id, "b.png", png(1, 2))
    with db.uow() as uow:
        assert media.featured(uow, article_id) == a
    c = _attach(db, people.writer, article_id, "c.png", png(3, 3), featured=True)
    with db.uow() as uow:
        assert media.featured(uow, article_id) == c
        listed = media.list_for(uow, article_id)
        assert [m.id for m in listed] == [c.id, a.id, b.id]
        assert [m.featured for m in listed] == [True, False, False]
        assert media.featured(uow, other_id) == other  # another article's is untouched
    # Re-attaching the featured file without the flag keeps it featured; with the
    # flag an earlier image becomes featured again.
    assert _attach(db, people.writer, article_id, "c.png", png(3, 3)).featured is True
    assert _attach(db, people.writer, article_id, "b.png", png(1, 2), featured=True).featured
    with db.uow() as uow:
        assert [m.id for m in media.list_for(uow, article_id) if m.featured] == [b.id]


def test_only_those_who_may_edit_the_article_attach_and_detach(db: Database,
                                                               people: People) -> None:
    article_id = _article(db, people.writer)
    for actor in (people.writer2, people.reviewer):
        with db.uow() as uow, pytest.raises(PermissionDenied):
            media.attach(uow, actor, article_id, "a.png", png(1, 1))
    mine = _attach(db, people.writer, article_id, "a.png", png(1, 1))
    by_editor = _attach(db, people.editor, article_id, "b.png", png(2, 2))
    assert by_editor.article_id == article_id
    with db.uow() as uow, pytest.raises(PermissionDenied):
        media.detach(uow, people.writer2, mine.id)
    with db.uow() as uow, pytest.raises(NotFound):
        media.attach(uow, people.writer, 999_999, "a.png", png(1, 1))
    with db.uow() as uow, pytest.raises(NotFound):
        media.detach(uow, people.writer, 999_999)
    with db.uow() as uow, pytest.raises(NotFound):
        media.data(uow, 999_999)
    assert _stored(db) == 2


def test_detach_removes_the_image_and_is_audited(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    view = _attach(db, people.writer, article_id, "a.gif", gif(4, 4), featured=True)
    with db.uow() as uow:
        media.detach(uow, people.writer, view.id)
        uow.commit()
    with db.uow() as uow:
        assert media.list_for(uow, article_id) == []
        assert media.featured(uow, article_id) is None
        with pytest.raises(NotFound):
            media.data(uow, view.id)
        events = [(e.action, e.actor, e.detail["media_id"]) for e in audit.list_events(
            uow, article_id) if e.action.startswith("media_")]
    assert events == [("media_attach", "olena", view.id), ("media_detach", "olena", view.id)]
    # The same file can be attached again afterwards.
    assert _attach(db, people.writer, article_id, "a.gif", gif(4, 4)).width == 4


def test_an_image_outlives_its_deleted_article_and_only_editors_remove_it(
        db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    view = _attach(db, people.writer, article_id, "a.png", png(1, 1))
    with db.uow() as uow:
        uow.session.delete(articles.load(uow, article_id))
        uow.commit()
    with db.uow() as uow, pytest.raises(PermissionDenied):
        media.detach(uow, people.writer, view.id)
    with db.uow() as uow:
        media.detach(uow, people.editor, view.id)
        uow.commit()
    assert _stored(db) == 0
