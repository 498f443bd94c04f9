"""The ordered "Читайте також" list of an article.

Unlike the real site's list of latest news, ours is chosen: no duplicates, never
the article itself, and only articles a reader can actually open.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from newsroom.domain.errors import IllegalTransition, PermissionDenied, ValidationError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import EDITABLE, LINKABLE, Status
from newsroom.domain.workflow import status_label
from newsroom.i18n import tr
from newsroom.services import article_list, articles, audit, users
from newsroom.services.views import RelatedView
from newsroom.storage.models import Article, RelatedLink, User
from newsroom.storage.uow import UnitOfWork

MAX_RELATED = 20


def _authorise(actor: User, article: Article) -> None:
    """Editors curate any list; an author may suggest links while still writing."""
    if article.status is Status.TRASHED:
        raise IllegalTransition(tr("the article is in the trash: restore it first"))
    if actor.role.at_least(Role.EDITOR):
        return
    if article.author_id == actor.id and article.status in EDITABLE:
        return
    raise PermissionDenied(tr("only an editor, or the author while writing, may change the "
                              "related articles"))


def _links(uow: UnitOfWork, article_id: int) -> list[RelatedLink]:
    stmt = (select(RelatedLink).where(RelatedLink.article_id == article_id)
            .order_by(RelatedLink.position))
    return list(uow.session.scalars(stmt))


def add(uow: UnitOfWork, actor_id: int, article_id: int, other_id: int) -> list[RelatedView]:
    actor = users.load(uow, actor_id)
    article = articles.load(uow, article_id)
    other = articles.load(uow, other_id)
    _authorise(actor, article)
    if other.id == article.id:
        raise ValidationError(tr("an article cannot be related to itself"))
    if other.status not in LINKABLE:
        raise ValidationError(tr("article #{id} is {status}: only published or queued articles "
                                 "can be linked", id=other.id, status=status_label(other.status)))
    links = _links(uow, article.id)
    if any(link.related_id == other.id for link in links):
        raise ValidationError(tr("article #{id} is already in the list", id=other.id))
    if len(links) >= MAX_RELATED:
        raise ValidationError(tr("at most {n} related articles", n=MAX_RELATED))
    position = (uow.session.scalar(select(func.max(RelatedLink.position))
                                   .where(RelatedLink.article_id == article.id)) or 0) + 1
    uow.session.add(RelatedLink(article_id=article.id, related_id=other.id, position=position))
    audit.record(uow, actor, "related_add", article, related_id=other.id)
    uow.flush()
    return list(articles.related_of(uow, article.id))


def remove(uow: UnitOfWork, actor_id: int, article_id: int, other_id: int) -> list[RelatedView]:
    actor = users.load(uow, actor_id)
    article = articles.load(uow, article_id)
    _authorise(actor, article)
    link = next((x for x in _links(uow, article.id) if x.related_id == other_id), None)
    if link is None:
        raise ValidationError(tr("article #{id} is not in the list", id=other_id))
    uow.session.delete(link)
    audit.record(uow, actor, "related_remove", article, related_id=other_id)
    uow.flush()
    return list(articles.related_of(uow, article.id))


def reorder(uow: UnitOfWork, actor_id: int, article_id: int,
            ordered_ids: Sequence[int]) -> list[RelatedView]:
    """Put the list in the given order; it must name exactly the linked articles."""
    actor = users.load(uow, actor_id)
    article = articles.load(uow, article_id)
    _authorise(actor, article)
    links = {link.related_id: link for link in _links(uow, article.id)}
    if sorted(ordered_ids) != sorted(links) or len(set(ordered_ids)) != len(ordered_ids):
        raise ValidationError(tr("the new order must list each related article exactly once"))
    # Two passes keep positions unique at every flush without a deferred constraint.
    for i, rid in enumerate(ordered_ids):
        links[rid].position = -(i + 1)
    uow.flush()
    for i, rid in enumerate(ordered_ids):
        links[rid].position = i + 1
    audit.record(uow, actor, "related_reorder", article, order=list(ordered_ids))
    uow.flush()
    return list(articles.related_of(uow, article.id))


def list_for(uow: UnitOfWork, article_id: int) -> list[RelatedView]:
    articles.load(uow, article_id)
    return list(articles.related_of(uow, article_id))


def search_candidates(uow: UnitOfWork, article_id: int, text: str,
                      limit: int = 50) -> list[RelatedView]:
    """Articles that could be added to the list, matching ``text`` like the article list.

    Only linkable ones (published, queued or scheduled), never the article
    itself nor one already in its list; newest first, so an empty ``text``
    offers the latest news.
    """
    articles.load(uow, article_id)
    linked = select(RelatedLink.related_id).where(RelatedLink.article_id == article_id)
    newest = func.coalesce(Article.published_at, Article.scheduled_at, Article.updated_at)
    stmt = (select(Article)
            .where(Article.status.in_(sorted(LINKABLE)), Article.id != article_id,
                   Article.id.not_in(linked))
            .order_by(newest.desc(), Article.id.desc())
            .limit(max(limit, 0)))
    if text.strip():
        stmt = stmt.where(article_list.search_matches(uow, text))
    return [RelatedView(id=a.id, title=a.title, slug=a.slug, status=a.status, url=a.remote_url,
                        published_at=a.published_at) for a in uow.session.scalars(stmt)]
