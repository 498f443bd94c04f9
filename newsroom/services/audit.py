"""The audit log: every transition and every save, with the revision seen."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from newsroom.services.views import AuditView
from newsroom.storage.models import Article, AuditEvent, User
from newsroom.storage.uow import UnitOfWork


def record(uow: UnitOfWork, actor: User | None, action: str, article: Article | None = None,
           from_status: str | None = None, to_status: str | None = None,
           **detail: Any) -> None:
    uow.session.add(AuditEvent(
        actor_id=actor.id if actor else None, action=action,
        article_id=article.id if article else None, from_status=from_status,
        to_status=to_status, revision=article.revision if article else None,
        detail=detail,
    ))


def list_events(uow: UnitOfWork, article_id: int | None = None,
                limit: int = 500) -> list[AuditView]:
    stmt = (select(AuditEvent, User.login).outerjoin(User, User.id == AuditEvent.actor_id)
            .order_by(AuditEvent.at, AuditEvent.id).limit(limit))
    if article_id is not None:
        stmt = stmt.where(AuditEvent.article_id == article_id)
    return [
        AuditView(at=e.at, actor=login, action=e.action, article_id=e.article_id,
                  from_status=e.from_status, to_status=e.to_status, revision=e.revision,
                  detail=dict(e.detail or {}))
        for e, login in uow.session.execute(stmt)
    ]
