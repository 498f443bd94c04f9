"""Does the audit log account for every status an article has been in?

Read by the reliability tests after whatever they did (a workflow walk, a
publish run under faults, a pull): for each article, the events that change
status must form one unbroken chain from nothing to the status stored now.
A status changed without an event, or an event whose "from" is not where the
article was, is a break.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from newsroom.storage.models import Article, AuditEvent
from newsroom.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Break:
    article_id: int
    problem: str


def chain_breaks(uow: UnitOfWork) -> list[Break]:
    """Every article whose audit trail does not lead to its stored status."""
    events: dict[int, list[tuple[str | None, str]]] = {}
    rows = uow.session.execute(
        select(AuditEvent.article_id, AuditEvent.from_status, AuditEvent.to_status)
        .where(AuditEvent.article_id.is_not(None), AuditEvent.to_status.is_not(None))
        .order_by(AuditEvent.id))
    for article_id, source, target in rows:
        events.setdefault(article_id, []).append((source, target))
    breaks: list[Break] = []
    for article_id, status in uow.session.execute(select(Article.id, Article.status)):
        at: str | None = None
        for source, target in events.get(article_id, []):
            if source != at and not (at is None and source is None):
                breaks.append(Break(article_id, f"event from {source!r} while it was {at!r}"))
            at = target
        if at != status.value:
            breaks.append(Break(article_id, f"the log ends at {at!r}, the article is "
                                            f"{status.value!r}"))
    return breaks
