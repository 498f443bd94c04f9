"""Plain, immutable results that services hand out.

Callers (Qt models, the CLI, the sync worker) get these instead of ORM objects,
so nothing outside a unit of work ever touches a session or lazy-loads by
accident on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status


@dataclass(frozen=True)
class UserView:
    id: int
    login: str
    display_name: str
    role: Role
    signature: str
    active: bool


@dataclass(frozen=True)
class ArticleRow:
    """One line of the article list: only what the list shows."""

    id: int
    title: str
    status: Status
    section: str | None
    author: str
    updated_at: datetime
    scheduled_at: datetime | None
    published_at: datetime | None


@dataclass(frozen=True)
class RelatedView:
    id: int
    title: str
    slug: str
    status: Status
    url: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class ArticleView:
    id: int
    uuid: str
    title: str
    slug: str
    lead: str
    body: str
    section: str | None
    tags: tuple[str, ...]
    signature: str
    author_id: int
    author: str
    status: Status
    created_at: datetime
    updated_at: datetime
    scheduled_at: datetime | None
    published_at: datetime | None
    remote_url: str | None
    revision: int
    version: int
    related: tuple[RelatedView, ...] = field(default=())
    source_html: str | None = None

    def to_json(self) -> dict[str, Any]:
        def conv(v: Any) -> Any:
            if isinstance(v, datetime):
                return v.isoformat()
            if isinstance(v, tuple):
                return [conv(x) for x in v]
            if isinstance(v, RelatedView):
                return {k: conv(getattr(v, k)) for k in v.__dataclass_fields__}
            return v

        return {k: conv(getattr(self, k)) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class RevisionView:
    article_id: int
    number: int
    title: str
    lead: str
    body: str
    saved_by: str
    saved_at: datetime


@dataclass(frozen=True)
class CommentView:
    id: int
    author: str
    revision: int
    body: str
    created_at: datetime


@dataclass(frozen=True)
class AuditView:
    at: datetime
    actor: str | None
    action: str
    article_id: int | None
    from_status: str | None
    to_status: str | None
    revision: int | None
    detail: dict[str, Any]
