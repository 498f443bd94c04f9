"""A WordPress site, through its REST API (``wp/v2``) and an application password.

Every failure leaves as a :mod:`newsroom.sync.errors` class, so the queue can
decide between retrying, giving up and asking a person without knowing HTTP.

Things WordPress does that shape this module:

* It saves a new post *before* its meta, featured photo and terms: a create
  refused over the ``newsroom_uuid`` meta has already made the post, so it is
  looked up and updated rather than created twice.
* It silently drops what it does not know: unregistered meta, a featured
  photo or a term id deleted on the site. The answer is compared with what
  was sent, and lost photos and terms are sent anew, once.
* A wrong application password is not an error on public reads (they run as
  an anonymous visitor), only on writes and ``context=edit`` reads, which is
  why every read that matters asks for ``context=edit``.
"""

from __future__ import annotations

import email.utils
import html
import re
import ssl
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from enum import Enum
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

import httpx

from newsroom.i18n import tr
from newsroom.sync.connectors.base import (
    MediaCache,
    OutgoingImage,
    OutgoingPost,
    PostPage,
    RemotePost,
    RemoteRef,
    TermCache,
    post_content_html,
    related_items,
)
from newsroom.sync.errors import (
    AuthFailed,
    NotAllowed,
    Rejected,
    RemoteChanged,
    RemoteGone,
    SiteSetupError,
    SyncError,
)
from newsroom.sync.http_errors import display_url, retryable_status, transport_failure
from newsroom.sync.images import web_version

Json = dict[str, Any]

META_KEY = "newsroom_uuid"
MAX_PER_PAGE = 100
# Every state a post made by an unanswered create can be in (not the trash).
_FIND_STATUSES = "publish,future,draft,pending,private"
# WordPress makes a taken slug unique with "-2", "-3"…: a lost create whose
# slug was taken lives under one of those.
_SLUG_SUFFIXES = ("", "-2", "-3", "-4", "-5")
_EXTENSIONS = {"image/jpeg": ("jpg", "jpeg", "jpe"), "image/png": ("png",),
               "image/webp": ("webp",), "image/gif": ("gif",)}
_TAG = re.compile(r"<[^>]*>")
_INVISIBLE = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.S | re.I)
_UNSAFE_IN_NAME = re.compile(r'["\\\x00-\x1f\x7f]')
_OFFSET = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$", re.I)
_MESSAGE_LIMIT = 300


class _Op(Enum):
    """What a request was for, so a 403 can say what the account may not do."""

    READ = "read"
    PUBLISH = "publish"
    UPLOAD = "upload"
    TERMS = "terms"
    UNPUBLISH = "unpublish"
    CRON = "cron"


CRON_START_TIMEOUT = 5.0


class WordPressConnector:
    """Publishes to one WordPress site as one user (see :class:`Connector`)."""

    schedules_itself = True

    def __init__(self, url: str, login: str, password: str, media: MediaCache,
                 terms: TermCache, *, timeout: float = 30.0,
                 verify: bool | str | ssl.SSLContext = True,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.url = url.strip().rstrip("/")
        self.login = login
        self._site = display_url(self.url) if self.url else url
        self._media = media
        self._terms = terms
        self._timeout = timeout
        self._client = httpx.Client(
            auth=httpx.BasicAuth(login, password), timeout=timeout,
            verify=_verify(verify), transport=transport, follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": "newsroom"})
        self._pretty: bool | None = None  # /wp-json/ works; None until first asked
        self._app_passwords = True  # the REST index advertises them
        self._meta_kept = True  # the site accepts our newsroom_uuid meta
        self._term_names: dict[tuple[str, int], str] = {}

    def __repr__(self) -> str:
        return f"WordPressConnector({self._site!r}, login={self.login!r})"

    # ------------------------------------------------------------ Connector

    def publish(self, post: OutgoingPost, known: RemoteRef | None,
                overwrite: bool = False) -> RemoteRef:
        """The conflict check comes before any upload, so a refused update leaves
        nothing behind on the site. Without a marker to compare (``modified``
        None) there is nothing to protect, and the update goes ahead, as it does
        when the site already has what is sent: our own update whose answer was
        lost moved the marker too, and nobody's edit is there to keep."""
        current = None
        if known is not None:
            current = self._post_for_edit(known.remote_id)
            site_ref = self._ref(current)
            if (not overwrite and known.modified is not None
                    and site_ref.modified != known.modified
                    and not self._holds_already(current, post)):
                raise RemoteChanged(tr(
                    "the post was changed on {site} since it was sent (at {when} UTC)",
                    site=self._site, when=(site_ref.modified or "?").replace("T", " ")),
                    current=site_ref)
        fields = self._post_fields(post, current, fresh=False)
        route = "/posts" if known is None else self._post_route(known.remote_id)
        saved = self._save(route, fields, post)
        if _lost_references(fields, saved):
            # A photo or term we remembered was deleted on the site: send them anew.
            fields = self._post_fields(post, current, fresh=True)
            saved = self._save(f"/posts/{_id(saved)}", fields, post)
        return self._ref(saved)

    def unpublish(self, known: RemoteRef) -> RemoteRef:
        """To the trash, where the site's editors can still restore it; a post
        already trashed (410) or deleted (404) is as unpublished as it gets."""
        response = self._call("DELETE", self._post_route(known.remote_id), _Op.UNPUBLISH,
                              allow=(404, 410))
        if response.status_code in (404, 410):  # deleted or trashed already
            return RemoteRef(known.remote_id, known.url, known.modified, "trash", known.public)
        return self._ref(self._object(response))

    def find(self, post: OutgoingPost) -> RemoteRef | None:
        """Our uuid meta identifies the post for sure. A site without the meta
        plugin has none, so a post with our slug (or the slug WordPress made
        unique) and our exact title counts, the newest if several; a post
        whose uuid is another article's never does."""
        slugs = ",".join(post.slug + suffix for suffix in _SLUG_SUFFIXES)
        found = self._list(self._call("GET", "/posts", _Op.READ, params={
            "slug": slugs, "status": _FIND_STATUSES, "context": "edit",
            "per_page": MAX_PER_PAGE}))
        best: Json | None = None
        for item in found:
            uuid = _uuid(item)
            if uuid == post.uuid:
                return self._ref(item)
            if uuid is None and _same_post(item, post) and (best is None or _id(item) > _id(best)):
                best = item
        return self._ref(best) if best is not None else None

    def fetch(self, known: RemoteRef) -> RemotePost:
        """Raw title and content, as stored: what we sent plus the site's edits,
        without the filters WordPress applies for readers."""
        item = self._post_for_edit(known.remote_id)
        self._learn_term_names([item])
        return self._remote_post(item, content=_field_text(item, "content", raw=True))

    def run_due(self) -> None:
        """WordPress publishes due ``future`` posts only when its cron runs, and
        that runs on visits, which a quiet site (or one with cron off) lacks.

        Cron runs every due task in one request (update checks that wait for
        the network among them) and goes on after the caller hangs up, so this
        only starts it, as WordPress's own ``spawn_cron`` does; whether the
        post went out is for the caller to look at."""
        try:
            response = self._client.get(f"{self.url}/wp-cron.php", timeout=CRON_START_TIMEOUT)
        except httpx.TimeoutException:
            return  # started; still running on the site
        except httpx.TransportError as exc:
            raise transport_failure(exc, self._site, "GET", CRON_START_TIMEOUT) from exc
        if not response.is_success:
            raise self._failure(response, "GET", _Op.CRON)

    def list_posts(self, page: int, per_page: int = MAX_PER_PAGE,
                   modified_after: str | None = None) -> PostPage:
        """For the archive pull: content as readers see it (``rendered``, with
        paragraphs and shortcodes done; old posts store bare lines), title and
        excerpt as typed. ``modified_after`` is exclusive, to the second. A page
        past the end is empty, not an error, so a pull can stop on it."""
        params: dict[str, str | int] = {
            "status": "publish", "orderby": "id", "order": "asc", "context": "edit",
            "page": max(1, page), "per_page": min(max(1, per_page), MAX_PER_PAGE)}
        if modified_after:
            params["modified_after"] = _as_utc(modified_after)
        response = self._call("GET", "/posts", _Op.READ, params=params, allow=(400,))
        if response.status_code == 400:
            if _error_code(response) == "rest_post_invalid_page_number":
                return PostPage((), 0, 0)
            raise self._failure(response, "GET", _Op.READ)
        items = self._list(response)
        self._learn_term_names(items)
        posts = tuple(self._remote_post(item, content=_field_text(item, "content", raw=False))
                      for item in items)
        return PostPage(posts, _header_int(response, "X-WP-Total"),
                        _header_int(response, "X-WP-TotalPages"),
                        server_time=_server_time(response))

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------ posts

    def _post_route(self, remote_id: str) -> str:
        if not remote_id.isdigit():  # not a WordPress id: the post cannot be there
            raise self._gone(remote_id)
        return f"/posts/{remote_id}"

    def _gone(self, remote_id: str) -> RemoteGone:
        return RemoteGone(tr(
            "post {id} is no longer on {site}: it was deleted or moved to the trash there",
            id=remote_id, site=self._site))

    def _post_for_edit(self, remote_id: str) -> Json:
        """The post as the site has it, or RemoteGone when deleted or trashed."""
        response = self._call("GET", self._post_route(remote_id), _Op.READ,
                              params={"context": "edit"}, allow=(404, 410))
        item = None if response.status_code in (404, 410) else self._object(response)
        if item is None or item.get("status") == "trash":
            raise self._gone(remote_id)
        return item

    def _holds_already(self, item: Json, post: OutgoingPost) -> bool:
        """Whether the site's post has the title and text we would send. Photos
        never uploaded cannot be in it, and are not uploaded to find out."""
        urls: dict[str, str] = {}
        for image in post.images:
            known = self._media.get(image.sha256)
            if known is None:
                return False
            if image.source:
                urls[image.source] = known[1]
        content = post_content_html(post, urls, related_items(post, lambda t: t.url))
        title = html.unescape(_field_text(item, "title", raw=True)).strip()
        return title == post.title.strip() and _field_text(item, "content", raw=True) == content

    def _post_fields(self, post: OutgoingPost, current: Json | None, *, fresh: bool) -> Json:
        """What WordPress gets for the post: photos go up first so the body can
        point at them. ``fresh`` ignores remembered photos and terms."""
        urls, featured = self._send_photos(post, fresh)
        content = post_content_html(post, urls, related_items(post, lambda t: t.url))
        fields: Json = {
            "title": post.title, "content": content, "excerpt": post.lead, "slug": post.slug,
            "categories": self._term_ids("categories", "category",
                                         [post.section] if post.section else [], fresh),
            "tags": self._term_ids("tags", "post_tag", post.tags, fresh),
            "featured_media": featured,
        }
        fields.update(_status_fields(post, current))
        return fields

    def _save(self, route: str, fields: Json, post: OutgoingPost) -> Json:
        """POST the post, with our uuid meta while the site takes it."""
        if self._meta_kept:
            response = self._call("POST", route, _Op.PUBLISH, allow=(400, 403),
                                  json={**fields, "meta": {META_KEY: post.uuid}})
            if response.is_success:
                return self._object(response)
            if not _refuses_meta(response):
                raise self._failure(response, "POST", _Op.PUBLISH)
            self._meta_kept = False
            if route == "/posts":
                made = self.find(post)  # WordPress saved the post before refusing the meta
                if made is not None:
                    route = f"/posts/{int(made.remote_id)}"
        return self._object(self._call("POST", route, _Op.PUBLISH, json=fields))

    def _ref(self, item: Json) -> RemoteRef:
        modified = item.get("modified_gmt")
        return RemoteRef(remote_id=str(_id(item)), url=str(item.get("link") or ""),
                         modified=str(modified) if modified else None,
                         status=str(item.get("status") or ""))

    def _remote_post(self, item: Json, content: str) -> RemotePost:
        return RemotePost(
            remote_id=str(_id(item)), url=str(item.get("link") or ""),
            slug=unquote(str(item.get("slug") or "")),
            title=html.unescape(_field_text(item, "title", raw=True)),
            content_html=content,
            excerpt_html=html.unescape(_field_text(item, "excerpt", raw=True)),
            date_gmt=_parse_gmt(item.get("date_gmt")),
            modified=str(item.get("modified_gmt") or ""),
            status=str(item.get("status") or ""),
            categories=self._names_of("categories", item.get("categories")),
            tags=self._names_of("tags", item.get("tags")),
            uuid=_uuid(item))

    # ------------------------------------------------------------ photos

    def _send_photos(self, post: OutgoingPost, fresh: bool) -> tuple[dict[str, str], int]:
        """Body picture addresses by source, and the featured photo's id (0: none)."""
        urls: dict[str, str] = {}
        sent: dict[str, tuple[str, str]] = {}  # the same photo twice goes up once
        featured = 0
        photos = ([post.featured] if post.featured is not None else []) + list(post.images)
        for image in photos:
            if image.sha256 not in sent:
                sent[image.sha256] = self._photo(image, fresh)
            remote_id, url = sent[image.sha256]
            if image is post.featured:
                featured = int(remote_id)
            if image.source:
                urls[image.source] = url
        return urls, featured

    def _photo(self, image: OutgoingImage, fresh: bool) -> tuple[str, str]:
        """(id, url) of the photo on the site, uploading it when the site lacks it;
        remembered at once, so a post failing later does not upload it again."""
        known = None if fresh else self._media.get(image.sha256)
        if known is not None:
            return known
        try:
            original = image.load()
        except OSError as exc:
            raise Rejected(tr("the photo {file} cannot be read: {error}", file=image.filename,
                              error=exc.strerror or str(exc))) from None
        web = web_version(original, image.mime)
        params = {key: value for key, value in (("alt_text", image.alt),
                                                ("caption", image.caption)) if value}
        response = self._call("POST", "/media", _Op.UPLOAD, content=web.data, params=params,
                              headers={b"Content-Type": web.mime.encode("ascii"),
                                       b"Content-Disposition": _disposition(image.filename,
                                                                            web.mime)})
        uploaded = self._object(response)
        remote_id, url = str(_id(uploaded)), str(uploaded.get("source_url") or "")
        self._media.put(image.sha256, remote_id, url)
        return remote_id, url

    # ------------------------------------------------------------ terms

    def _term_ids(self, route: str, taxonomy: str, names: Iterable[str],
                  fresh: bool) -> list[int]:
        ids: list[int] = []
        seen: set[str] = set()
        for raw_name in names:
            name = " ".join(raw_name.split())
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                ids.append(self._term_id(route, taxonomy, name, fresh))
        return ids

    def _term_id(self, route: str, taxonomy: str, name: str, fresh: bool) -> int:
        cached = None if fresh else self._terms.get(taxonomy, name)
        if cached is not None:
            return int(cached)
        term_id = self._search_term(route, name)
        if term_id is None:
            term_id = self._create_term(route, name)
        self._terms.put(taxonomy, name, str(term_id))
        return term_id

    def _search_term(self, route: str, name: str) -> int | None:
        """``search`` matches parts of names and slugs; only the same name counts,
        in any case (WordPress itself tells "Освіта" from "освіта")."""
        found = self._list(self._call("GET", f"/{route}", _Op.READ, params={
            "search": name, "per_page": MAX_PER_PAGE, "_fields": "id,name"}))
        wanted = name.casefold()
        matches = sorted((_id(term), html.unescape(str(term.get("name") or "")))
                         for term in found)
        for term_id, site_name in matches:
            if site_name.strip().casefold() == wanted:
                self._term_names[(route, term_id)] = site_name
                return term_id
        return None

    def _create_term(self, route: str, name: str) -> int:
        response = self._call("POST", f"/{route}", _Op.TERMS, json={"name": name}, allow=(400,))
        if response.is_success:
            term_id = _id(self._object(response))
            self._term_names[(route, term_id)] = name
            return term_id
        existing = _error_data(response).get("term_id")
        if _error_code(response) == "term_exists" and existing is not None:
            return int(existing)  # made meanwhile, or a name differing in case only
        raise self._failure(response, "POST", _Op.TERMS)

    def _learn_term_names(self, items: Sequence[Json]) -> None:
        """Names for the posts' term ids: one request per taxonomy for all the
        ids not seen before, not one per post."""
        for route in ("categories", "tags"):
            missing = sorted({term_id for item in items for term_id in _ints(item.get(route))
                              if (route, term_id) not in self._term_names})
            for start in range(0, len(missing), MAX_PER_PAGE):
                chunk = missing[start:start + MAX_PER_PAGE]
                found = self._list(self._call("GET", f"/{route}", _Op.READ, params={
                    "include": ",".join(map(str, chunk)), "per_page": MAX_PER_PAGE,
                    "_fields": "id,name"}))
                for term in found:
                    self._term_names[(route, _id(term))] = html.unescape(
                        str(term.get("name") or ""))

    def _names_of(self, route: str, ids: object) -> tuple[str, ...]:
        names = (self._term_names.get((route, term_id)) for term_id in _ints(ids))
        return tuple(name for name in names if name)

    # ------------------------------------------------------------ HTTP

    def _call(self, method: str, route: str, op: _Op, *,
              params: Mapping[str, str | int] | None = None, json: Json | None = None,
              content: bytes | None = None, headers: Mapping[bytes, bytes] | None = None,
              allow: Sequence[int] = ()) -> httpx.Response:
        """One REST request; a failure raises, except the statuses in ``allow``,
        which the caller reads itself."""
        url, query = self._endpoint(route, params or {})
        response = self._send(method, url, params=query, json=json, content=content,
                              headers=headers)
        if response.is_success or response.status_code in allow:
            return response
        raise self._failure(response, method, op)

    def _send(self, method: str, url: str, *, params: Mapping[str, str | int] | None = None,
              json: Json | None = None, content: bytes | None = None,
              headers: Mapping[bytes, bytes] | None = None) -> httpx.Response:
        try:
            return self._client.request(method, url, params=params, json=json,
                                        content=content, headers=headers)
        except httpx.TransportError as exc:
            raise transport_failure(exc, self._site, method, self._timeout) from exc

    def _endpoint(self, route: str, params: Mapping[str, str | int]
                  ) -> tuple[str, dict[str, str | int]]:
        if self._pretty is None:
            self._pretty = self._detect_rest_root()
        if self._pretty:
            return f"{self.url}/wp-json/wp/v2{route}", dict(params)
        return f"{self.url}/", {"rest_route": f"/wp/v2{route}", **params}

    def _detect_rest_root(self) -> bool:
        """True for /wp-json/, False for ?rest_route= (a site with plain links)."""
        pretty = self._probe(f"{self.url}/wp-json/", {})
        if pretty is True:
            return True
        plain = self._probe(f"{self.url}/", {"rest_route": "/"})
        if plain is True:
            return False
        location = pretty if isinstance(pretty, str) else plain
        if isinstance(location, str):
            raise SiteSetupError(tr("{site} redirects to {location}: enter the address it "
                                    "redirects to", site=self._site, location=location))
        raise SiteSetupError(tr("{site} does not answer like a WordPress site: its REST API is "
                                "not at /wp-json/ nor at ?rest_route=/", site=self._site))

    def _probe(self, url: str, params: dict[str, str | int]) -> bool | str | None:
        """True when ``url`` is the REST index with ``wp/v2``; a redirect's
        target; None for anything else."""
        params = {**params, "_fields": "namespaces,authentication"}
        response = self._send("GET", url, params=params)
        if response.status_code == 401:
            raise self._auth_failed()
        busy = retryable_status(response.status_code, "GET", self._site, _reason(response))
        if busy is not None:
            raise busy
        if response.is_redirect:
            return display_url(response.headers.get("Location", "?"))
        index = _json_or_none(response) if response.status_code == 200 else None
        if not isinstance(index, dict) or "wp/v2" not in (index.get("namespaces") or []):
            return None
        auth = index.get("authentication")
        self._app_passwords = isinstance(auth, dict) and "application-passwords" in auth
        return True

    def _failure(self, response: httpx.Response, method: str, op: _Op) -> SyncError:
        status = _refused_parameter_status(response) or response.status_code
        if status == 401:
            return self._auth_failed()
        reason = _reason(response)
        if status == 403:
            return NotAllowed(self._not_allowed(op, reason))
        busy = retryable_status(status, method, self._site, reason)
        if busy is not None:
            return busy
        if response.is_redirect:
            return SiteSetupError(tr(
                "{site} redirects to {location}: enter the address it redirects to",
                site=self._site, location=display_url(response.headers.get("Location", "?"))))
        return Rejected(tr("WordPress refused the request ({status}): {reason}",
                           status=status, reason=reason))

    def _auth_failed(self) -> AuthFailed:
        if not self._app_passwords:
            return AuthFailed(tr(
                "{site} does not accept application passwords (WordPress needs HTTPS for them, "
                "or a plugin turned them off), so the login {login} was refused",
                site=self._site, login=self.login))
        return AuthFailed(tr("WordPress refused the login {login}: check the application "
                             "password", login=self.login))

    def _not_allowed(self, op: _Op, reason: str) -> str:
        if op is _Op.PUBLISH:
            return tr("the account {login} is not allowed to publish on this site: {reason}",
                      login=self.login, reason=reason)
        if op is _Op.UPLOAD:
            return tr("the account {login} is not allowed to upload photos to this site: "
                      "{reason}", login=self.login, reason=reason)
        if op is _Op.TERMS:
            return tr("the account {login} is not allowed to add categories or tags on this "
                      "site: {reason}", login=self.login, reason=reason)
        if op is _Op.UNPUBLISH:
            return tr("the account {login} is not allowed to take posts off this site: "
                      "{reason}", login=self.login, reason=reason)
        if op is _Op.CRON:
            return tr("the site does not let anyone start its scheduled tasks (wp-cron.php): "
                      "{reason}", reason=reason)
        return tr("the account {login} is not allowed to read posts for editing on this site: "
                  "{reason}", login=self.login, reason=reason)

    def _object(self, response: httpx.Response) -> Json:
        data = self._json(response)
        if not isinstance(data, dict) or "id" not in data:
            raise Rejected(self._not_wordpress(response))
        return data

    def _list(self, response: httpx.Response) -> list[Json]:
        data = self._json(response)
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise Rejected(self._not_wordpress(response))
        return data

    def _json(self, response: httpx.Response) -> Any:
        data = _json_or_none(response)
        if data is None:
            raise Rejected(self._not_wordpress(response))
        return data

    def _not_wordpress(self, response: httpx.Response) -> str:
        return tr("{site} answered with something that is not WordPress's REST API: {text}",
                  site=self._site, text=_plain(response.text) or response.reason_phrase)


# ---------------------------------------------------------------- helpers


def _verify(verify: bool | str | ssl.SSLContext) -> bool | ssl.SSLContext:
    """httpx no longer takes a CA file's path itself."""
    if not isinstance(verify, str):
        return verify
    try:
        return ssl.create_default_context(cafile=verify)
    except (OSError, ssl.SSLError) as exc:
        raise SiteSetupError(tr("the CA file {path} cannot be used: {error}", path=verify,
                                error=getattr(exc, "strerror", None) or str(exc))) from None


def _status_fields(post: OutgoingPost, current: Json | None) -> Json:
    """Status and date: ``future`` at the scheduled time, else published at the
    article's own time, so a correction keeps the original date."""
    if post.is_future and post.scheduled_at is not None:
        return {"status": "future", "date_gmt": _wp_date(post.scheduled_at)}
    if post.published_at is not None:
        return {"status": "publish", "date_gmt": _wp_date(post.published_at)}
    if current is not None and current.get("status") == "future":
        # Kept, the scheduled date would make WordPress hold the post again;
        # null means "now" by the site's own clock.
        return {"status": "publish", "date_gmt": None}
    return {"status": "publish"}


def _wp_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _parse_gmt(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None


def _as_utc(moment: str) -> str:
    """Our change markers are ``modified_gmt`` without an offset, but WordPress
    reads an offset-less ``modified_after`` in the site's own time zone."""
    moment = moment.strip()
    return moment if _OFFSET.search(moment) else f"{moment}Z"


def _disposition(filename: str, mime: str) -> bytes:
    """The upload's name, raw UTF-8 in quotes: WordPress refuses ``filename*=``.
    The extension must fit the type, or WordPress refuses the file."""
    name = _UNSAFE_IN_NAME.sub("", PurePosixPath(filename.replace("\\", "/")).name).strip()
    stem, dot, extension = name.rpartition(".")
    allowed = _EXTENSIONS.get(mime, ("bin",))
    if not dot or extension.lower() not in allowed:
        stem = (stem if dot else name) or "photo"
        name = f"{stem}.{allowed[0]}"
    return b'attachment; filename="' + name.encode("utf-8") + b'"'


def _lost_references(sent: Json, saved: Json) -> bool:
    """Whether WordPress dropped a photo or term id we sent (deleted on the site)."""
    if sent["featured_media"] and saved.get("featured_media") != sent["featured_media"]:
        return True
    return any(not set(sent[key]) <= set(_ints(saved.get(key))) for key in ("categories", "tags"))


def _refused_parameter_status(response: httpx.Response) -> int | None:
    """A 400 that is really a 401/403: a wrong application password makes the
    request anonymous, and an anonymous (or too small) account asking for
    drafts gets "Invalid parameter(s): status" whose detail says 401 (403)."""
    if response.status_code != 400 or _error_code(response) != "rest_invalid_param":
        return None
    details = _error_data(response).get("details")
    for detail in details.values() if isinstance(details, dict) else ():
        data = detail.get("data") if isinstance(detail, dict) else None
        status = data.get("status") if isinstance(data, dict) else None
        if status in (401, 403):
            return int(status)
    return None


def _refuses_meta(response: httpx.Response) -> bool:
    """The site will not store our meta: another plugin registered the key with
    another type (400), or it is protected for this account (403)."""
    code, data = _error_code(response), _error_data(response)
    if code == "rest_invalid_param":
        params = data.get("params")
        return isinstance(params, dict) and "meta" in params
    return code == "rest_cannot_update" and data.get("key") == META_KEY


def _same_post(item: Json, post: OutgoingPost) -> bool:
    """Without our meta a post is recognised by its slug (maybe made unique
    with a suffix) and its title."""
    slug = unquote(str(item.get("slug") or "")).casefold()
    ours = post.slug.casefold()
    if slug != ours and not re.fullmatch(re.escape(ours) + r"-\d+", slug):
        return False
    title = html.unescape(_field_text(item, "title", raw=True)).strip()
    return title == post.title.strip()


def _uuid(item: Json) -> str | None:
    meta = item.get("meta")
    value = meta.get(META_KEY) if isinstance(meta, dict) else None
    return value if isinstance(value, str) and value else None


def _id(item: Json) -> int:
    try:
        return int(item["id"])
    except (KeyError, TypeError, ValueError):
        raise Rejected(tr("WordPress answered without the id of the post, photo or term")
                       ) from None


def _ints(value: object) -> list[int]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, int)]


def _field_text(item: Json, key: str, *, raw: bool) -> str:
    """A title/content/excerpt: ``{"raw", "rendered"}`` objects in edit context."""
    value = item.get(key)
    if isinstance(value, dict):
        chosen = value.get("raw") if raw else None
        if not isinstance(chosen, str):
            chosen = value.get("rendered")
        return chosen if isinstance(chosen, str) else ""
    return value if isinstance(value, str) else ""


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _error_code(response: httpx.Response) -> str | None:
    data = _json_or_none(response)
    code = data.get("code") if isinstance(data, dict) else None
    return code if isinstance(code, str) else None


def _error_data(response: httpx.Response) -> Json:
    data = _json_or_none(response)
    detail = data.get("data") if isinstance(data, dict) else None
    return detail if isinstance(detail, dict) else {}


def _reason(response: httpx.Response) -> str:
    """WordPress's own message, or the page's text, as one plain short line."""
    data = _json_or_none(response)
    message = data.get("message") if isinstance(data, dict) else None
    text = _plain(message if isinstance(message, str) else response.text)
    return text or f"{response.status_code} {response.reason_phrase}".strip()


def _plain(text: str) -> str:
    flat = " ".join(html.unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", text))).split())
    return flat if len(flat) <= _MESSAGE_LIMIT else flat[:_MESSAGE_LIMIT - 1] + "…"


def _header_int(response: httpx.Response, name: str) -> int:
    try:
        return int(response.headers.get(name, "0"))
    except ValueError:
        return 0


def _server_time(response: httpx.Response) -> str | None:
    """The site's clock from its ``Date`` header, as ISO UTC."""
    value = response.headers.get("Date")
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
