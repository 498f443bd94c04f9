"""The WordPress connector against a real WordPress (the peer), with real photos.

The site is shared: every test makes its own posts, photos and terms with
unique names, removes them at the end and never counts on an empty site.
Network failures come from :mod:`tests.integration.fault_proxy`, on real
sockets between the connector and WordPress.
"""

from __future__ import annotations

import io
import math
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from PIL import ExifTags, Image

from newsroom.sync.connectors.base import (
    MemoryMediaCache,
    MemoryTermCache,
    OutgoingImage,
    OutgoingPost,
    RelatedTarget,
    RemoteRef,
)
from newsroom.sync.connectors.wordpress import WordPressConnector
from newsroom.sync.errors import (
    AuthFailed,
    NotAllowed,
    RemoteChanged,
    RemoteGone,
    SiteSetupError,
    Transient,
)
from tests.integration.conftest import WpAccount, WpPeer
from tests.integration.fault_proxy import Fault, FaultProxy

GPS_IFD = 0x8825
STATUSES = "publish,future,draft,pending,private"


# ---------------------------------------------------------------- site access


class SiteAdmin:
    """The site as its administrator sees it, for checks and for edits made
    "on the site" behind the connector's back."""

    def __init__(self, peer: WpPeer) -> None:
        self.url = peer.url
        self.client = httpx.Client(auth=(peer.admin.login, peer.admin.app_password),
                                   timeout=30)

    def call(self, method: str, route: str, **kwargs: Any) -> httpx.Response:
        params = {"rest_route": f"/wp/v2{route}", **kwargs.pop("params", {})}
        return self.client.request(method, f"{self.url}/", params=params, **kwargs)

    def post(self, remote_id: str) -> dict[str, Any]:
        response = self.call("GET", f"/posts/{remote_id}", params={"context": "edit"})
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    def posts_with_slug(self, slug: str) -> list[dict[str, Any]]:
        response = self.call("GET", "/posts", params={"slug": slug, "status": STATUSES,
                                                      "context": "edit"})
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()
        return found

    def create(self, **fields: Any) -> dict[str, Any]:
        response = self.call("POST", "/posts", json=fields)
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()
        return data

    def delete(self, route: str) -> None:
        self.call("DELETE", route, params={"force": "true"})


@dataclass
class Harness:
    peer: WpPeer
    admin: SiteAdmin
    connectors: list[WordPressConnector] = field(default_factory=list)
    media_caches: list[MemoryMediaCache] = field(default_factory=list)
    term_caches: list[MemoryTermCache] = field(default_factory=list)
    post_ids: set[str] = field(default_factory=set)

    def connector(self, account: WpAccount | None = None, *, url: str | None = None,
                  password: str | None = None, timeout: float = 30.0,
                  media: MemoryMediaCache | None = None,
                  terms: MemoryTermCache | None = None) -> WordPressConnector:
        account = account or self.peer.editor
        media = media if media is not None else MemoryMediaCache()
        terms = terms if terms is not None else MemoryTermCache()
        self.media_caches.append(media)
        self.term_caches.append(terms)
        connector = WordPressConnector(url or self.peer.url, account.login,
                                       password or account.app_password, media, terms,
                                       timeout=timeout)
        self.connectors.append(connector)
        return connector

    def track(self, ref: RemoteRef | None) -> RemoteRef | None:
        if ref is not None:
            self.post_ids.add(ref.remote_id)
        return ref

    def forget_slug(self, slug: str) -> None:
        for item in self.admin.posts_with_slug(slug):
            self.post_ids.add(str(item["id"]))

    def clean(self) -> None:
        for connector in self.connectors:
            connector.close()
        for post_id in self.post_ids:
            self.admin.delete(f"/posts/{post_id}")
        for media in self.media_caches:
            for remote_id, _url in media.items.values():
                self.admin.delete(f"/media/{remote_id}")
        for terms in self.term_caches:
            for (taxonomy, _name), remote_id in terms.items.items():
                route = "categories" if taxonomy == "category" else "tags"
                self.admin.delete(f"/{route}/{remote_id}")
        self.admin.client.close()


@pytest.fixture
def wp(wp_peer: WpPeer) -> Iterator[Harness]:
    harness = Harness(wp_peer, SiteAdmin(wp_peer))
    try:
        yield harness
    finally:
        harness.clean()


@pytest.fixture
def proxy(wp_peer: WpPeer) -> Iterator[FaultProxy]:
    with FaultProxy(wp_peer.url, slow_seconds=6) as running:
        yield running


# ---------------------------------------------------------------- posts and photos


def unique() -> str:
    return uuid.uuid4().hex[:10]


def new_post(**changes: Any) -> OutgoingPost:
    key = unique()
    post = OutgoingPost(
        article_id=1, uuid=str(uuid.uuid4()), revision=1,
        title=f"Тестова новина {key}", slug=f"nr-test-{key}",
        lead="Коротко про головне.", body_markdown="Перший абзац.\n\nДругий абзац.",
        body_html=None, signature="Пресслужба", section=None, tags=(),
        published_at=None, scheduled_at=None, updated_at=datetime.now(UTC))
    return replace(post, **changes)


def whole_seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def jpeg_with_gps(size: tuple[int, int] = (2600, 1800)) -> bytes:
    image = Image.radial_gradient("L").resize(size).convert("RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    gps = exif.get_ifd(GPS_IFD)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 27.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (30.0, 31.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(GPS_IFD), "the test photo must carry GPS"
    return data


def png(size: tuple[int, int] = (400, 300), color: str = "navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def photo(data: bytes, filename: str, mime: str, source: str = "") -> OutgoingImage:
    import hashlib

    return OutgoingImage(sha256=hashlib.sha256(data).hexdigest(), filename=filename,
                         mime=mime, load=lambda: data, source=source, alt="Опис фото",
                         caption="Підпис до фото")


# ---------------------------------------------------------------- publishing


def test_create_publishes_the_post_as_sent(wp: Harness) -> None:
    connector = wp.connector()
    post = new_post(lead='Лід із "лапками" & амперсандом')
    ref = wp.track(connector.publish(post, None))
    assert ref is not None and ref.status == "publish" and ref.public

    site = wp.admin.post(ref.remote_id)
    assert site["title"]["raw"] == post.title
    assert site["slug"] == post.slug
    assert site["excerpt"]["raw"] == post.lead
    assert "Другий абзац." in site["content"]["raw"]
    assert site["meta"]["newsroom_uuid"] == post.uuid
    assert (ref.url, ref.modified) == (site["link"], site["modified_gmt"])
    page = httpx.get(ref.url, follow_redirects=True)
    assert page.status_code == 200 and post.title in page.text


def test_update_changes_the_post_and_its_change_marker(wp: Harness) -> None:
    connector = wp.connector()
    published = whole_seconds(datetime.now(UTC) - timedelta(days=2))
    post = new_post(published_at=published)
    first = wp.track(connector.publish(post, None))
    assert first is not None
    time.sleep(1.1)  # modified_gmt counts whole seconds

    corrected = replace(post, title=post.title + " (виправлено)", revision=2,
                        body_markdown="Виправлений текст.")
    second = connector.publish(corrected, first)

    site = wp.admin.post(first.remote_id)
    assert second.remote_id == first.remote_id
    assert second.modified != first.modified
    assert second.modified == site["modified_gmt"] and second.status == site["status"]
    assert site["title"]["raw"] == corrected.title
    assert "Виправлений текст." in site["content"]["raw"]
    # A correction keeps the date the article was first published.
    assert site["date_gmt"] == published.strftime("%Y-%m-%dT%H:%M:%S")


def test_a_scheduled_post_waits_on_the_site_until_its_time(wp: Harness) -> None:
    connector = wp.connector()
    when = whole_seconds(datetime.now(UTC) + timedelta(hours=3))
    ref = wp.track(connector.publish(new_post(scheduled_at=when), None))
    assert ref is not None and ref.status == "future"

    fetched = connector.fetch(ref)
    assert fetched.status == "future"
    assert fetched.date_gmt == when
    assert connector.schedules_itself


def test_publishing_a_scheduled_post_now_does_not_leave_it_waiting(wp: Harness) -> None:
    connector = wp.connector()
    post = new_post(scheduled_at=datetime.now(UTC) + timedelta(hours=3))
    ref = wp.track(connector.publish(post, None))
    assert ref is not None and ref.status == "future"

    now = connector.publish(replace(post, scheduled_at=None), ref)

    assert now.status == "publish"
    fetched = connector.fetch(now)
    assert fetched.date_gmt is not None
    assert abs(fetched.date_gmt - datetime.now(UTC)) < timedelta(minutes=5)


def test_unpublish_moves_the_post_to_the_trash(wp: Harness) -> None:
    connector = wp.connector()
    ref = wp.track(connector.publish(new_post(), None))
    assert ref is not None

    gone = connector.unpublish(ref)

    assert gone.status == "trash" and gone.remote_id == ref.remote_id
    assert wp.admin.post(ref.remote_id)["status"] == "trash"
    with pytest.raises(RemoteGone):
        connector.fetch(ref)
    assert connector.unpublish(ref).status == "trash"  # again: already done


def test_photos_are_uploaded_once_small_and_without_gps(wp: Harness, proxy: FaultProxy) -> None:
    media = MemoryMediaCache()
    connector = wp.connector(url=proxy.url, media=media)
    key = unique()
    source = f"file:///home/press/photo-{key}.png"
    featured = photo(jpeg_with_gps(), f"фото з місця події {key}.jpg", "image/jpeg")
    inline = photo(png(), f"схема {key}.png", "image/png", source=source)
    post = new_post(featured=featured, images=(inline,),
                    body_markdown=f"Текст.\n\n![Схема]({source})\n\nКінець.")

    first = wp.track(connector.publish(post, None))

    assert first is not None
    assert len(proxy.requests("POST", "/media")) == 2
    featured_id, featured_url = media.get(featured.sha256) or ("", "")
    inline_id, inline_url = media.get(inline.sha256) or ("", "")
    site = wp.admin.post(first.remote_id)
    assert str(site["featured_media"]) == featured_id
    assert f'src="{inline_url}"' in site["content"]["raw"]
    assert "file:" not in site["content"]["raw"]

    uploaded = httpx.get(featured_url)
    assert uploaded.status_code == 200
    with Image.open(io.BytesIO(uploaded.content)) as image:
        assert max(image.size) == 1920
        assert not image.getexif().get_ifd(GPS_IFD)
        assert ExifTags.Base.Make not in image.getexif()
    media_item = wp.admin.call("GET", f"/media/{featured_id}",
                               params={"context": "edit"}).json()
    assert media_item["alt_text"] == "Опис фото"
    assert media_item["caption"]["raw"] == "Підпис до фото"

    second = wp.track(connector.publish(new_post(featured=featured, images=(inline,),
                                                 body_markdown=post.body_markdown), None))
    assert second is not None
    assert len(proxy.requests("POST", "/media")) == 2  # nothing uploaded again
    assert str(wp.admin.post(second.remote_id)["featured_media"]) == featured_id
    assert inline_id


def test_a_photo_deleted_on_the_site_is_sent_again(wp: Harness) -> None:
    media = MemoryMediaCache()
    connector = wp.connector(media=media)
    featured = photo(png(color="olive"), f"знімок {unique()}.png", "image/png")
    first = wp.track(connector.publish(new_post(featured=featured), None))
    assert first is not None
    old_id, _ = media.get(featured.sha256) or ("", "")
    wp.admin.delete(f"/media/{old_id}")

    second = wp.track(connector.publish(new_post(featured=featured), None))

    assert second is not None
    new_id = wp.admin.post(second.remote_id)["featured_media"]
    assert new_id not in (0, int(old_id))
    assert media.get(featured.sha256) == (str(new_id), wp.admin.call(
        "GET", f"/media/{new_id}").json()["source_url"])


def test_cyrillic_terms_are_made_once_and_reused(wp: Harness) -> None:
    key = unique()
    section, tags = f"Освіта {key}", (f"Школи {key}", f"Вчителі {key}")
    first_connector = wp.connector()
    first = wp.track(first_connector.publish(new_post(section=section, tags=tags), None))
    assert first is not None

    # Another PC (empty cache) spells the section in other case: the same term.
    second_connector = wp.connector()
    second = wp.track(second_connector.publish(
        new_post(section=section.lower(), tags=(tags[1].upper(),)), None))
    assert second is not None

    categories = wp.admin.call("GET", "/categories", params={"search": key}).json()
    tag_list = wp.admin.call("GET", "/tags", params={"search": key}).json()
    assert [c["name"] for c in categories] == [section]
    assert sorted(t["name"] for t in tag_list) == sorted(tags)
    first_site, second_site = wp.admin.post(first.remote_id), wp.admin.post(second.remote_id)
    assert first_site["categories"] == second_site["categories"] == [categories[0]["id"]]
    fetched = second_connector.fetch(second)
    assert fetched.categories == (section,)
    assert fetched.tags == (tags[1],)


def test_related_link_leads_to_the_other_post(wp: Harness) -> None:
    connector = wp.connector()
    first_post = new_post()
    first = wp.track(connector.publish(first_post, None))
    assert first is not None
    related = (RelatedTarget(1, first_post.title, first_post.slug, first.url),
               RelatedTarget(2, "Лише в іншому місці", "elsewhere", None))

    second = wp.track(connector.publish(new_post(related=related), None))

    assert second is not None
    content = connector.fetch(second).content_html
    assert f'href="{first.url}"' in content
    assert "Лише в іншому місці" not in content
    answer = httpx.get(first.url, follow_redirects=True)
    assert answer.status_code == 200 and first_post.title in answer.text


# ---------------------------------------------------------------- refusals


def test_a_contributor_may_not_publish(wp: Harness) -> None:
    connector = wp.connector(wp.peer.contributor)
    post = new_post()
    with pytest.raises(NotAllowed) as refused:
        connector.publish(post, None)
    message = str(refused.value)
    assert f"the account {wp.peer.contributor.login} is not allowed to publish" in message
    assert "Sorry, you are not allowed to publish posts" in message
    assert wp.admin.posts_with_slug(post.slug) == []

    with_photo = new_post(featured=photo(png(), "x.png", "image/png"))
    with pytest.raises(NotAllowed, match="not allowed to upload photos"):
        connector.publish(with_photo, None)


def test_a_wrong_password_is_an_auth_failure_that_does_not_show_it(wp: Harness) -> None:
    editor = wp.peer.editor
    existing = wp.track(wp.connector().publish(new_post(), None))
    assert existing is not None
    password = "Wrong" + editor.app_password[5:]
    connector = wp.connector(editor, password=password)

    with pytest.raises(AuthFailed) as refused:
        connector.publish(new_post(), None)
    assert editor.login in str(refused.value)
    with pytest.raises(AuthFailed) as refused_read:
        connector.fetch(existing)
    for text in (str(refused.value), repr(refused.value), str(refused_read.value),
                 repr(connector)):
        assert password not in text and editor.app_password not in text


def test_a_post_edited_on_the_site_is_not_overwritten_silently(wp: Harness) -> None:
    connector = wp.connector()
    post = new_post()
    ref = wp.track(connector.publish(post, None))
    assert ref is not None
    time.sleep(1.1)
    wp.admin.call("POST", f"/posts/{ref.remote_id}", json={"title": "Змінено на сайті"})
    ours = replace(post, title=post.title + " v2", revision=2)

    with pytest.raises(RemoteChanged) as changed:
        connector.publish(ours, ref)
    assert changed.value.current.modified != ref.modified
    assert changed.value.current.remote_id == ref.remote_id
    assert wp.admin.post(ref.remote_id)["title"]["raw"] == "Змінено на сайті"

    result = connector.publish(ours, ref, overwrite=True)
    assert wp.admin.post(ref.remote_id)["title"]["raw"] == ours.title
    assert result.modified == wp.admin.post(ref.remote_id)["modified_gmt"]


@pytest.mark.parametrize("how", ["deleted", "trashed"])
def test_a_post_removed_on_the_site_is_gone(wp: Harness, how: str) -> None:
    connector = wp.connector()
    post = new_post()
    ref = wp.track(connector.publish(post, None))
    assert ref is not None
    if how == "deleted":
        wp.admin.delete(f"/posts/{ref.remote_id}")
    else:
        wp.admin.call("DELETE", f"/posts/{ref.remote_id}")

    with pytest.raises(RemoteGone):
        connector.publish(post, ref)
    with pytest.raises(RemoteGone):
        connector.fetch(ref)
    assert connector.unpublish(ref).status == "trash"


# ---------------------------------------------------------------- lost answers


def test_a_lost_create_is_maybe_done_and_found_again(wp: Harness, proxy: FaultProxy) -> None:
    connector = wp.connector(url=proxy.url)
    post = new_post()
    proxy.next(Fault.DROP_ANSWER, method="POST", path_contains="/posts")

    with pytest.raises(Transient) as lost:
        connector.publish(post, None)
    wp.forget_slug(post.slug)

    assert lost.value.maybe_done
    found = connector.find(post)
    assert found is not None and found.status == "publish"
    on_site = wp.admin.posts_with_slug(post.slug)
    assert [str(item["id"]) for item in on_site] == [found.remote_id]
    again = connector.publish(post, found, overwrite=True)
    assert again.remote_id == found.remote_id
    assert len(wp.admin.posts_with_slug(post.slug)) == 1


def test_find_without_our_meta_goes_by_slug_and_title(wp: Harness) -> None:
    connector = wp.connector()
    post = new_post()
    assert connector.find(post) is None
    other = wp.admin.create(title="Зовсім інша новина", slug=post.slug, status="publish")
    wp.post_ids.add(str(other["id"]))
    assert connector.find(post) is None  # same slug, other title, no uuid: not ours

    # Made by a create whose answer was lost, on a site without our meta plugin:
    # the slug was taken, so WordPress added "-2".
    ours = wp.admin.create(title=post.title, slug=post.slug, status="publish")
    wp.post_ids.add(str(ours["id"]))
    assert ours["slug"] == f"{post.slug}-2"
    found = connector.find(post)
    assert found is not None and found.remote_id == str(ours["id"])

    someone_elses = replace(post, uuid=str(uuid.uuid4()))
    tagged = wp.track(connector.publish(someone_elses, None))
    assert tagged is not None
    assert connector.find(someone_elses) == RemoteRef(tagged.remote_id, tagged.url,
                                                      tagged.modified, "publish")
    # Same slug and title, but its uuid says it belongs to another article.
    again = connector.find(post)
    assert again is not None and again.remote_id == str(ours["id"])


def test_a_gateway_error_on_create_keeps_the_uploaded_photo(wp: Harness,
                                                            proxy: FaultProxy) -> None:
    media = MemoryMediaCache()
    connector = wp.connector(url=proxy.url, media=media)
    featured = photo(png(color="teal"), f"фото {unique()}.png", "image/png")
    post = new_post(featured=featured)
    proxy.next(Fault.STATUS_502, method="POST", path_contains="/posts")

    with pytest.raises(Transient) as failed:
        connector.publish(post, None)

    assert failed.value.maybe_done  # a gateway may have passed the create on
    assert "502" in str(failed.value)
    assert connector.find(post) is None  # this one never reached WordPress
    assert media.get(featured.sha256) is not None
    ref = wp.track(connector.publish(post, None))
    assert ref is not None and ref.status == "publish"
    assert len(proxy.requests("POST", "/media")) == 1


def test_a_gateway_error_on_a_read_is_transient_and_not_done(wp: Harness,
                                                             proxy: FaultProxy) -> None:
    connector = wp.connector(url=proxy.url)
    ref = wp.track(connector.publish(new_post(), None))
    assert ref is not None
    proxy.next(Fault.STATUS_502, method="GET", path_contains="/posts")
    with pytest.raises(Transient) as failed:
        connector.fetch(ref)
    assert not failed.value.maybe_done
    assert connector.fetch(ref).remote_id == ref.remote_id


def test_a_reset_connection_is_transient(wp: Harness, proxy: FaultProxy) -> None:
    connector = wp.connector(url=proxy.url)
    post = new_post()
    proxy.next(Fault.RESET, method="POST", path_contains="/posts")
    with pytest.raises(Transient):
        connector.publish(post, None)
    assert wp.admin.posts_with_slug(post.slug) == []  # the proxy never passed it on
    assert wp.track(connector.publish(post, None)) is not None


def test_a_slow_answer_times_out_as_maybe_done(wp: Harness, proxy: FaultProxy) -> None:
    connector = wp.connector(url=proxy.url, timeout=2.0)
    post = new_post()
    proxy.next(Fault.SLOW, method="POST", path_contains="/posts")
    started = time.monotonic()
    with pytest.raises(Transient) as slow:
        connector.publish(post, None)
    wp.forget_slug(post.slug)
    assert slow.value.maybe_done
    assert time.monotonic() - started < 5.5  # gave up at its timeout, not the proxy's delay
    assert connector.find(post) is not None


def test_no_connection_is_transient_and_not_done(wp: Harness) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connector = wp.connector(url=f"http://127.0.0.1:{port}")
    with pytest.raises(Transient) as refused:
        connector.publish(new_post(), None)
    assert not refused.value.maybe_done


def test_a_site_that_is_not_wordpress_is_a_setup_error(wp: Harness, proxy: FaultProxy) -> None:
    proxy.next(Fault.NOT_FOUND, times=None)
    connector = wp.connector(url=proxy.url)
    with pytest.raises(SiteSetupError, match="does not answer like a WordPress site"):
        connector.list_posts(1)
    assert proxy.forwarded == 0


def test_a_site_with_plain_links_is_reached_through_rest_route(wp: Harness,
                                                               proxy: FaultProxy) -> None:
    proxy.next(Fault.NOT_FOUND, path_contains="/wp-json", times=None)
    connector = wp.connector(url=proxy.url)

    ref = wp.track(connector.publish(new_post(section=f"Звичайні посилання {unique()}"), None))

    assert ref is not None and connector.fetch(ref).remote_id == ref.remote_id
    assert len(proxy.requests(path_contains="/wp-json")) == 1  # asked once, then remembered
    assert proxy.requests("POST", "rest_route=/wp/v2/posts")


# ---------------------------------------------------------------- archive listing


def test_list_posts_pages_in_change_order_after_a_marker(wp: Harness,
                                                         proxy: FaultProxy) -> None:
    writer = wp.connector()
    marker = wp.track(writer.publish(new_post(), None))
    assert marker is not None and marker.modified is not None
    section = f"Архів & культура {unique()}"
    titles = [f'Ліс & "поле" {unique()}', f"Друга <новина> {unique()}", f"Третя {unique()}"]
    mine = []
    for title in titles:
        time.sleep(1.1)
        ref = wp.track(writer.publish(new_post(title=title, section=section,
                                               tags=("Архівний тег",)), None))
        assert ref is not None
        mine.append(ref.remote_id)

    reader = wp.connector(url=proxy.url)
    first = reader.list_posts(1, per_page=2, modified_after=marker.modified)
    assert first.total >= 3 and first.total_pages == math.ceil(first.total / 2)
    listed = list(first.posts)
    for page in range(2, first.total_pages + 1):
        listed += reader.list_posts(page, per_page=2, modified_after=marker.modified).posts
    assert reader.list_posts(first.total_pages + 1, per_page=2,
                             modified_after=marker.modified).posts == ()

    ours = [post for post in listed if post.remote_id in mine]
    assert [post.remote_id for post in ours] == mine  # oldest change first
    assert marker.remote_id not in {post.remote_id for post in listed}
    assert [post.title for post in ours] == titles
    assert all(post.categories == (section,) and post.tags == ("Архівний тег",)
               for post in ours)
    assert all(post.status == "publish" and post.date_gmt is not None
               and post.date_gmt.tzinfo is UTC for post in ours)
    assert ours[0].excerpt_html == "Коротко про головне."
    modified = [post.modified for post in listed]
    assert modified == sorted(modified)
    # Term names come in one request per taxonomy and page, on one connection.
    pages = first.total_pages + 1
    assert len(proxy.requests("GET", "/categories")) <= pages
    assert len(proxy.requests("GET", "/tags")) <= pages
    assert proxy.connections == 1


# ---------------------------------------------------------------- wp-cron


@pytest.mark.slow
def test_run_due_publishes_a_post_whose_time_has_come(wp: Harness) -> None:
    connector = wp.connector()
    # WordPress publishes at once what is due within a minute: schedule just past that.
    when = whole_seconds(datetime.now(UTC) + timedelta(seconds=65))
    ref = wp.track(connector.publish(new_post(scheduled_at=when), None))
    assert ref is not None and ref.status == "future"
    connector.run_due()
    assert connector.fetch(ref).status == "future"  # not due yet: cron leaves it

    time.sleep(max(0.0, (when - datetime.now(UTC)).total_seconds()) + 2)
    connector.run_due()  # starts cron, which may take a while on a busy site
    deadline = time.monotonic() + 90
    while (fetched := connector.fetch(ref)).status == "future" and time.monotonic() < deadline:
        time.sleep(1)
    assert fetched.status == "publish"
    assert fetched.date_gmt == when
