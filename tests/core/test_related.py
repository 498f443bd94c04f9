"""The "Читайте також" list: services, database constraints and rendering."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from newsroom.domain.errors import (
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, related, rendering, workflow
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import RelatedLink
from newsroom.storage.uow import UnitOfWork
from tests.conftest import People


def _article(db: Database, actor: int, title: str, status: Status = Status.DRAFT) -> int:
    with db.uow() as uow:
        article_id = articles.create(uow, actor, Draft(title=title, body=f"{title}.\n"),
                                     status=status).id
        uow.commit()
    return article_id


def _titles(db: Database, article_id: int) -> list[str]:
    with db.uow() as uow:
        return [r.title for r in related.list_for(uow, article_id)]


def _ids(db: Database, article_id: int) -> list[int]:
    with db.uow() as uow:
        return [r.id for r in related.list_for(uow, article_id)]


def _do(db: Database, call: Callable[[UnitOfWork], Any]) -> Any:
    with db.uow() as uow:
        result = call(uow)
        uow.commit()
    return result


def _refused(db: Database, article_id: int, error: type[Exception],
             call: Callable[[UnitOfWork], Any]) -> None:
    """Raises, and the list is the same afterwards even if the caller commits."""
    before = _links(db, article_id)
    with db.uow() as uow:
        with pytest.raises(error):
            call(uow)
        uow.commit()
    assert _links(db, article_id) == before


def _links(db: Database, article_id: int) -> list[tuple[int, int]]:
    with db.uow() as uow:
        return [(link.related_id, link.position) for link in uow.session.scalars(
            select(RelatedLink).where(RelatedLink.article_id == article_id)
            .order_by(RelatedLink.position))]


def test_add_remove_reorder_and_the_rendered_list_follows(db: Database,
                                                         people: People) -> None:
    own = _article(db, people.writer, "Стартувала вступна кампанія")
    first = _article(db, people.editor, "Графік роботи приймальних комісій", Status.PUBLISHED)
    second = _article(db, people.editor, "Пільги для вступників", Status.QUEUED)
    third = _article(db, people.editor, "Консультації для батьків", Status.SCHEDULED)

    for other in (first, second, third):
        _do(db, partial(related.add, actor_id=people.writer, article_id=own, other_id=other))
    assert _ids(db, own) == [first, second, third]

    html = _do(db, lambda uow: rendering.article_html(uow, own))
    heading = html.index("Читайте також")
    positions = [html.index(t) for t in ("Графік роботи приймальних комісій",
                                         "Пільги для вступників", "Консультації для батьків")]
    assert heading < positions[0] < positions[1] < positions[2]

    result = _do(db, lambda uow: related.reorder(uow, people.writer, own, [third, first, second]))
    assert [r.id for r in result] == [third, first, second]
    assert _ids(db, own) == [third, first, second]
    assert [p for _, p in _links(db, own)] == sorted({p for _, p in _links(db, own)})

    html = _do(db, lambda uow: rendering.article_html(uow, own))
    assert (html.index("Консультації для батьків") < html.index("Графік роботи")
            < html.index("Пільги для вступників"))

    _do(db, lambda uow: related.remove(uow, people.writer, own, first))
    assert _titles(db, own) == ["Консультації для батьків", "Пільги для вступників"]
    _do(db, lambda uow: related.add(uow, people.writer, own, first))
    assert _ids(db, own) == [third, second, first]

    html = _do(db, lambda uow: rendering.article_html(uow, first))
    assert "Читайте також" not in html  # no list, no heading


def test_self_duplicates_unreadable_targets_and_bad_orders_are_refused(
        db: Database, people: People) -> None:
    own = _article(db, people.writer, "Ремонт доріг у районі")
    linked = _article(db, people.editor, "План ремонту на рік", Status.PUBLISHED)
    spare = _article(db, people.editor, "Нові тролейбуси", Status.PUBLISHED)
    _do(db, lambda uow: related.add(uow, people.writer, own, linked))

    _refused(db, own, ValidationError, lambda uow: related.add(uow, people.writer, own, own))
    _refused(db, own, ValidationError, lambda uow: related.add(uow, people.editor, own, linked))
    _refused(db, own, NotFound, lambda uow: related.add(uow, people.editor, own, 999_999))
    _refused(db, own, ValidationError,
             lambda uow: related.remove(uow, people.writer, own, spare))

    for status in (Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED,
                   Status.UNPUBLISHED, Status.TRASHED):
        target = _article(db, people.editor, f"Ціль у стані {status.value}", status)
        _refused(db, own, ValidationError,
                 partial(related.add, actor_id=people.editor, article_id=own, other_id=target))

    # An article that reached review through the workflow is not readable yet either.
    draft = _article(db, people.writer2, "Чернетка колеги")
    _do(db, lambda uow: workflow.transition(uow, people.writer2, draft, Action.SUBMIT))
    _refused(db, own, ValidationError, lambda uow: related.add(uow, people.editor, own, draft))

    _do(db, lambda uow: related.add(uow, people.writer, own, spare))
    for order in ([linked], [linked, linked], [linked, spare, spare], [spare, linked, own], [],
                  [spare, 999_999]):
        _refused(db, own, ValidationError,
                 partial(related.reorder, actor_id=people.writer, article_id=own,
                         ordered_ids=order))
    assert _ids(db, own) == [linked, spare]


def test_the_database_itself_refuses_a_self_link_and_a_duplicate_pair(
        db: Database, people: People) -> None:
    a = _article(db, people.editor, "Перша", Status.PUBLISHED)
    b = _article(db, people.editor, "Друга", Status.PUBLISHED)

    with db.uow() as uow:
        uow.session.add(RelatedLink(article_id=a, related_id=a, position=1))
        with pytest.raises(IntegrityError):
            uow.flush()

    with db.uow() as uow:  # the same row with another target is fine
        uow.session.add(RelatedLink(article_id=a, related_id=b, position=1))
        uow.commit()

    with db.uow() as uow:
        uow.session.add(RelatedLink(article_id=a, related_id=b, position=2))
        with pytest.raises(IntegrityError):
            uow.flush()

    with db.uow() as uow:  # the reverse direction is a different pair
        uow.session.add(RelatedLink(article_id=b, related_id=a, position=1))
        uow.commit()
    assert _links(db, a) == [(b, 1)]
    assert _links(db, b) == [(a, 1)]


def test_a_writer_may_edit_only_the_list_of_their_own_draft(db: Database,
                                                            people: People) -> None:
    own = _article(db, people.writer, "Моя новина")
    theirs = _article(db, people.writer2, "Новина колеги")
    target = _article(db, people.editor, "Опублікована", Status.PUBLISHED)
    other_target = _article(db, people.editor, "Ще одна", Status.PUBLISHED)

    _do(db, lambda uow: related.add(uow, people.writer, own, target))
    for outsider in (people.writer, people.reviewer):
        _refused(db, theirs, PermissionDenied,
                 partial(related.add, actor_id=outsider, article_id=theirs, other_id=target))

    _do(db, lambda uow: workflow.transition(uow, people.writer, own, Action.SUBMIT))
    _do(db, lambda uow: workflow.transition(uow, people.reviewer, own, Action.APPROVE))
    _refused(db, own, PermissionDenied,
             lambda uow: related.add(uow, people.writer, own, other_target))
    _refused(db, own, PermissionDenied,
             lambda uow: related.remove(uow, people.writer, own, target))
    _refused(db, own, PermissionDenied,
             lambda uow: related.reorder(uow, people.writer, own, [target]))

    # An editor curates any list, even of an approved article.
    _do(db, lambda uow: related.add(uow, people.editor, own, other_target))
    _do(db, lambda uow: related.add(uow, people.editor, theirs, target))
    assert _ids(db, own) == [target, other_target]
    assert _ids(db, theirs) == [target]

    _do(db, lambda uow: workflow.transition(uow, people.editor, own, Action.REOPEN))
    _do(db, lambda uow: workflow.transition(uow, people.editor, own, Action.TRASH))
    _refused(db, own, IllegalTransition,
             lambda uow: related.remove(uow, people.editor, own, target))
