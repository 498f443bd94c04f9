"""Photos as they leave the PC: at most 1920 px on the long side, no metadata.

A camera's or phone's photo carries the place it was taken (EXIF GPS), the
device and sometimes the owner's name; none of it may reach a public site.
The picture is re-encoded from its pixels, so nothing of the original file's
metadata survives, and turned upright by its EXIF orientation first (which
would otherwise be lost with the metadata). A photo that is already small
enough is still re-encoded, for the same reason.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from newsroom.i18n import tr
from newsroom.sync.errors import Rejected

MAX_SIDE = 1920
JPEG_QUALITY = 85
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/gif": "GIF"}


@dataclass(frozen=True)
class WebImage:
    data: bytes
    mime: str
    width: int
    height: int


def web_version(data: bytes, mime: str) -> WebImage:
    """The photo to upload. Raises :class:`Rejected` for a file that is not
    a picture we can read (it cannot be sent, now or later)."""
    fmt = _FORMATS.get(mime)
    if fmt is None:
        raise Rejected(tr("{mime} pictures cannot be published", mime=mime))
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            animated = getattr(opened, "is_animated", False)
            if fmt == "GIF" and animated:
                # Re-encoding would keep only the first frame; GIFs carry no EXIF.
                return WebImage(data, mime, opened.width, opened.height)
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise Rejected(tr("the picture cannot be read: {error}", error=str(exc))) from None
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, fmt)
    return WebImage(out.getvalue(), mime, image.width, image.height)
