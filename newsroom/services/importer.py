"""Import of Markdown files with YAML front matter.

A batch is all or nothing: every file is read and checked before the first one
is stored, so a typo in file 7 of 10 never leaves six half-imported articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import yaml

from newsroom.domain.errors import NewsroomError, NotFound, PermissionDenied, ValidationError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.i18n import tr
from newsroom.services import articles, audit, users
from newsroom.services.articles import Draft
from newsroom.storage.models import User
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork
from newsroom.text.dates import KYIV, parse_user_datetime

KNOWN_KEYS = {"title", "lead", "section", "tags", "signature", "date", "author", "status",
              "url", "slug"}
MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class ParsedFile:
    name: str
    draft: Draft
    status: Status
    published_at: datetime | None
    url: str | None
    author: str | None


def _fail(name: str, message: str) -> ValidationError:
    return ValidationError(tr("{file}: {problem}", file=name, problem=message))


def _characters(name: str, key: str, text: str) -> str:
    """Text a database can store. YAML's "\\ud83d\\ude00" escapes (as JSON tools
    write emoji) arrive as two surrogates: joined into the one character they
    spell, or refused when unpaired, since no database stores half a
    character. (An escaped NUL, "\\0", is refused by ``articles.validate``.)"""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        raise _fail(name, tr("'{key}' holds an unpaired \\u escape (half of a character)",
                             key=key)) from None


def _as_text(name: str, key: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return _characters(name, key, str(value))
    raise _fail(name, tr("'{key}' must be text", key=key))


def _as_datetime(name: str, value: object) -> datetime:
    try:
        if isinstance(value, datetime):
            return (value.replace(tzinfo=KYIV) if value.tzinfo is None else value).astimezone(UTC)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=KYIV).astimezone(UTC)
    except OverflowError:  # 0001-01-01 in Kyiv is before year 1 in UTC; 9999-12-31 after
        raise _fail(name, tr("the date {date} is out of range", date=value)) from None
    try:
        return parse_user_datetime(_as_text(name, "date", value))
    except ValueError as exc:
        raise _fail(name, str(exc)) from None


def parse(name: str, raw: bytes) -> ParsedFile:
    """Read one file, or raise one clear message about what is wrong with it."""
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(name, tr("larger than {n} MB: not an article", n=MAX_FILE_BYTES // 1_000_000))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(name, tr("not UTF-8 text (byte {pos}): save it as UTF-8 and try again",
                             pos=exc.start)) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise _fail(name, tr("no front matter: the file must start with a '---' line, then "
                             "'title: …', then '---'"))
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise _fail(name, tr("the front matter is not closed by a '---' line")) from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except (yaml.YAMLError, ValueError) as exc:
        # ValueError: YAML reads "date: 2016-02-30" as a date and the calendar refuses it.
        mark = getattr(exc, "problem_mark", None)
        where = tr(" at line {n}", n=mark.line + 2) if mark is not None else ""
        problem = getattr(exc, "problem", None) or (
            str(exc) if isinstance(exc, ValueError) else "?")
        raise _fail(name, tr("the front matter is not valid YAML{where} ({problem}); a value "
                             "with ': ' or starting with « or \" needs quotes around it",
                             where=where, problem=problem)) from None
    if not isinstance(meta, dict):
        raise _fail(name, tr("the front matter must be 'key: value' lines"))
    unknown = sorted(str(k) for k in meta if k not in KNOWN_KEYS)
    if unknown:
        raise _fail(name, tr("unknown front matter field(s) {fields}; known: {known}",
                             fields=", ".join(unknown), known=", ".join(sorted(KNOWN_KEYS))))
    title = _as_text(name, "title", meta.get("title")).strip()
    if not title:
        raise _fail(name, tr("the front matter has no 'title'"))
    tags_raw = meta.get("tags") or []
    if isinstance(tags_raw, str):
        tags = [t.strip() for t in _characters(name, "tags", tags_raw).split(",")]
    elif isinstance(tags_raw, list):
        tags = [_as_text(name, "tags", t) for t in tags_raw]
    else:
        raise _fail(name, tr("'tags' must be a list or comma-separated text"))
    status_raw = _as_text(name, "status", meta.get("status") or "draft").strip().lower()
    if status_raw not in (Status.DRAFT.value, Status.PUBLISHED.value):
        raise _fail(name, tr("'status' may be draft or published, not '{s}'", s=status_raw))
    status = Status(status_raw)
    url = _as_text(name, "url", meta.get("url")).strip() or None
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise _fail(name, tr("'url' must be an http(s) address, not '{url}'", url=url))
    if url and status is not Status.PUBLISHED:
        raise _fail(name, tr("'url' is only for articles imported with status: published"))
    when = _as_datetime(name, meta["date"]) if meta.get("date") is not None else None
    signature = meta.get("signature")
    draft = Draft(
        title=title, lead=_as_text(name, "lead", meta.get("lead")).strip(),
        body="\n".join(lines[end + 1:]).strip("\n") + "\n",
        section=_as_text(name, "section", meta.get("section")).strip() or None, tags=tags,
        signature=None if signature is None else _as_text(name, "signature", signature),
        slug=_as_text(name, "slug", meta.get("slug")).strip() or None,
    )
    try:
        articles.validate(draft)
    except NewsroomError as exc:
        raise _fail(name, exc.message) from None
    author = _as_text(name, "author", meta.get("author")).strip() or None
    return ParsedFile(name=name, draft=draft, status=status, published_at=when, url=url,
                      author=author)


def _author_of(uow: UnitOfWork, actor: User, item: ParsedFile) -> int:
    """Who the article will belong to, or why this actor may not import it so."""
    if item.status is Status.PUBLISHED and not actor.role.at_least(Role.EDITOR):
        raise PermissionDenied(tr("{file}: only an editor may import published articles",
                                  file=item.name))
    if not item.author or item.author == actor.login:
        return actor.id
    if not actor.role.at_least(Role.EDITOR):
        raise PermissionDenied(tr("{file}: only an editor may import in another "
                                  "author's name", file=item.name))
    try:
        return users.load_by_login(uow, item.author).id
    except NotFound as exc:
        raise NotFound(tr("{file}: {problem}", file=item.name, problem=exc.message)) from None


def import_files(uow: UnitOfWork, actor_id: int,
                 files: list[tuple[str, bytes]]) -> list[int]:
    """Parse and authorise every file first, then store them all; return the new ids.

    Everything that can be refused is refused before the first insert; what can
    still fail while storing (a slug two files both claim) fails inside the same
    unit of work, which the caller commits only when the whole batch succeeded.
    """
    actor = users.load(uow, actor_id)
    parsed = [parse(name, raw) for name, raw in files]
    authors = [_author_of(uow, actor, item) for item in parsed]
    ids: list[int] = []
    for item, author_id in zip(parsed, authors, strict=True):
        try:
            created = articles.create(uow, actor.id, item.draft, status=item.status,
                                      author_id=author_id)
        except NewsroomError as exc:
            raise _fail(item.name, exc.message) from None
        article = articles.load(uow, created.id)
        if item.status is Status.PUBLISHED:
            article.published_at = item.published_at or utcnow()
            article.remote_url = item.url
        elif item.published_at is not None:
            article.created_at = item.published_at
        audit.record(uow, actor, "import", article, file=item.name)
        ids.append(created.id)
    uow.flush()
    return ids
