"""Unsaved editor text, so a crash or power cut loses seconds, not an article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from newsroom.services import articles, users
from newsroom.storage.models import Article, Autosave
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork


@dataclass(frozen=True)
class AutosaveView:
    article_id: int
    article_title: str
    title: str
    lead: str
    body: str
    base_version: int | None
    saved_at: datetime


def put(uow: UnitOfWork, user_id: int, article_id: int, title: str, lead: str, body: str,
        base_version: int | None) -> None:
    """Upsert the user's unsaved text; overwriting the previous autosave is the point."""
    users.load(uow, user_id)
    articles.load(uow, article_id)
    row = uow.session.scalar(select(Autosave).where(Autosave.article_id == article_id,
                                                    Autosave.user_id == user_id))
    if row is None:
        row = Autosave(article_id=article_id, user_id=user_id)
        uow.session.add(row)
    row.title, row.lead, row.body = title, lead, body
    row.base_version, row.saved_at = base_version, utcnow()


def discard(uow: UnitOfWork, user_id: int, article_id: int) -> None:
    uow.session.execute(delete(Autosave).where(Autosave.article_id == article_id,
                                               Autosave.user_id == user_id))


def pending(uow: UnitOfWork, user_id: int) -> list[AutosaveView]:
    """Autosaves that differ from the stored article: what to offer to recover."""
    stmt = (select(Autosave, Article).join(Article, Article.id == Autosave.article_id)
            .where(Autosave.user_id == user_id).order_by(Autosave.saved_at.desc()))
    return [AutosaveView(article_id=a.id, article_title=a.title, title=s.title, lead=s.lead,
                         body=s.body, base_version=s.base_version, saved_at=s.saved_at)
            for s, a in uow.session.execute(stmt)
            if (s.title, s.lead, s.body) != (a.title, a.lead, a.body)]
