"""Photos leave the PC small enough for the web and without their metadata."""

from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image

from newsroom.sync.errors import Rejected
from newsroom.sync.images import MAX_SIDE, web_version

GPS_IFD = 0x8825


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def camera_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Artist] = "Іван Петренко"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (49.0, 50.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (24.0, 1.0, 50.0)
    return exif


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(("size", "expected"), [
    ((4000, 3000), (1920, 1440)),  # landscape
    ((1000, 2500), (768, 1920)),  # portrait: the long side counts
    ((1921, 1921), (1920, 1920)),
])
def test_big_photos_are_shrunk_to_the_long_side_limit(size: tuple[int, int],
                                                      expected: tuple[int, int]) -> None:
    original = encoded(Image.radial_gradient("L").resize(size).convert("RGB"), "JPEG")

    web = web_version(original, "image/jpeg")

    assert (web.width, web.height) == expected
    assert max(expected) == MAX_SIDE
    with opened(web.data) as image:
        assert image.size == expected and image.format == "JPEG"
    assert web.mime == "image/jpeg"


@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                           ("WEBP", "image/webp")])
def test_small_photos_keep_their_size(fmt: str, mime: str) -> None:
    original = encoded(Image.new("RGB", (640, 480), "orange"), fmt)

    web = web_version(original, mime)

    with opened(web.data) as image:
        assert image.size == (640, 480) and image.format == fmt
    assert (web.width, web.height, web.mime) == (640, 480, mime)


def test_gps_and_camera_details_are_stripped_from_jpegs() -> None:
    original = encoded(Image.new("RGB", (800, 600), "green"), "JPEG", exif=camera_exif())
    with opened(original) as before:
        assert before.getexif().get_ifd(GPS_IFD)  # the test photo does carry a location

    web = web_version(original, "image/jpeg")

    with opened(web.data) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert ExifTags.Base.Make not in exif and ExifTags.Base.Artist not in exif
        assert "exif" not in image.info
    assert "Іван".encode() not in web.data and b"PhoneMaker" not in web.data


def test_exif_orientation_is_applied_before_it_is_dropped() -> None:
    # Stored lying on its side (red on the left); orientation 6 says "turn clockwise".
    stored = Image.new("RGB", (300, 100), "blue")
    stored.paste((255, 0, 0), (0, 0, 150, 100))
    original = encoded(stored, "JPEG", exif=camera_exif(orientation=6), quality=95)

    web = web_version(original, "image/jpeg")

    with opened(web.data) as image:
        assert image.size == (100, 300)
        assert ExifTags.Base.Orientation not in image.getexif()
        top, bottom = image.getpixel((50, 20)), image.getpixel((50, 280))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60  # red now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_a_png_with_transparency_stays_a_png() -> None:
    original = encoded(Image.new("RGBA", (50, 40), (10, 20, 30, 0)), "PNG")
    web = web_version(original, "image/png")
    with opened(web.data) as image:
        assert image.format == "PNG" and image.mode == "RGBA"
        assert image.getpixel((0, 0)) == (10, 20, 30, 0)


@pytest.mark.parametrize(("data", "mime"), [
    (b"%PDF-1.7 not a picture", "image/jpeg"),
    (b"", "image/png"),
    (encoded(Image.new("RGB", (200, 200), "red"), "JPEG")[:300], "image/jpeg"),  # cut short
    (encoded(Image.new("RGB", (20, 20), "red"), "PNG"), "application/pdf"),
])
def test_what_is_not_a_readable_picture_is_rejected(data: bytes, mime: str) -> None:
    with pytest.raises(Rejected):
        web_version(data, mime)
