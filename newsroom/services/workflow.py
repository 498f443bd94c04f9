"""Moving articles through the workflow, with audit, review marks and comments.

The rules themselves are in ``newsroom.domain.workflow``; this module applies
them to stored articles and records what happened, all in one transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from newsroom.domain.errors import ValidationError
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action, check
from newsroom.i18n import tr
from newsroom.services import articles, audit, publish_queue, users
from newsroom.services.views import ArticleView, CommentView
from newsroom.storage.models import Article, Comment, ReviewEvent, User
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork
from newsroom.text.words import DiffOp, word_diff

MAX_COMMENT = 20_000
_REVIEW_KINDS = {Action.APPROVE: "approved", Action.REQUEST_CHANGES: "changes_requested",
                 Action.SUBMIT: "submitted"}


def transition(uow: UnitOfWork, actor_id: int, article_id: int, action: Action,
               comment: str | None = None, at: datetime | None = None,
               expected_version: int | None = None) -> ArticleView:
    """Take one workflow action; ``at`` schedules a queue for later.

    ``expected_version`` lets the UI refuse an approval of text that changed
    since the reviewer opened it.
    """
    actor = users.load(uow, actor_id)
    article = articles.load(uow, article_id)
    if at is not None and action is Action.QUEUE:
        action = Action.SCHEDULE
    if action is Action.SCHEDULE:
        if at is None:
            raise ValidationError(tr("scheduling needs a date and time"))
        if at <= utcnow():
            raise ValidationError(tr("the scheduled time has already passed"))
    if expected_version is not None and expected_version != article.version:
        raise ValidationError(tr("the article changed since you opened it (version {v} is now "
                                 "{now}): look at the changes first", v=expected_version,
                                 now=article.version))
    source = article.status
    target = check(action, source, actor.role, article.author_id == actor.id, comment)
    if comment:
        _check_comment(comment)
    article.status = target
    article.updated_at = utcnow()
    comment_row = _add_comment(uow, actor, article, comment) if comment else None
    if action is Action.SCHEDULE:
        article.scheduled_at = at
    elif action in (Action.QUEUE, Action.UNQUEUE):
        article.scheduled_at = None
    if action is Action.PUBLISH:
        articles.set_published(uow, article, utcnow())
    if action in _REVIEW_KINDS:
        uow.session.add(ReviewEvent(article_id=article.id, user_id=actor.id,
                                    kind=_REVIEW_KINDS[action], revision=article.revision,
                                    comment_id=comment_row.id if comment_row else None))
    publish_queue.on_transition(uow, article, action)
    audit.record(uow, actor, action.value, article, from_status=source.value,
                 to_status=target.value,
                 **({"scheduled_at": at.isoformat()} if at and action is Action.SCHEDULE else {}))
    uow.flush()
    return articles.view(uow, article)


def _check_comment(body: str) -> None:
    if len(body.strip()) > MAX_COMMENT:
        raise ValidationError(tr("the comment is too long (at most {n} characters)",
                                 n=MAX_COMMENT))


def _add_comment(uow: UnitOfWork, actor: User, article: Article, body: str) -> Comment:
    _check_comment(body)
    body = body.strip()
    row = Comment(article_id=article.id, author_id=actor.id, revision=article.revision, body=body)
    uow.session.add(row)
    uow.flush()
    return row


def add_comment(uow: UnitOfWork, actor_id: int, article_id: int, body: str) -> CommentView:
    if not body.strip():
        raise ValidationError(tr("the comment is empty"))
    actor = users.load(uow, actor_id)
    article = articles.load(uow, article_id)
    row = _add_comment(uow, actor, article, body)
    audit.record(uow, actor, "comment", article, comment_id=row.id)
    return CommentView(id=row.id, author=actor.display_name, revision=row.revision,
                       body=row.body, created_at=row.created_at)


def comments(uow: UnitOfWork, article_id: int) -> list[CommentView]:
    articles.load(uow, article_id)
    stmt = (select(Comment, User.display_name).join(User, User.id == Comment.author_id)
            .where(Comment.article_id == article_id).order_by(Comment.created_at, Comment.id))
    return [CommentView(id=c.id, author=name, revision=c.revision, body=c.body,
                        created_at=c.created_at) for c, name in uow.session.execute(stmt)]


def _revision_text(uow: UnitOfWork, article_id: int, number: int) -> str:
    rev = articles.revision(uow, article_id, number)
    return "\n\n".join(part for part in (rev.title, rev.lead, rev.body) if part)


def diff(uow: UnitOfWork, article_id: int, old: int, new: int) -> list[DiffOp]:
    """Word diff between two revisions (title, lead and body as one text)."""
    return word_diff(_revision_text(uow, article_id, old), _revision_text(uow, article_id, new))


def last_reviewed_revision(uow: UnitOfWork, user_id: int, article_id: int) -> int | None:
    stmt = (select(ReviewEvent.revision)
            .where(ReviewEvent.article_id == article_id, ReviewEvent.user_id == user_id,
                   ReviewEvent.kind.in_(("approved", "changes_requested", "viewed")))
            .order_by(ReviewEvent.id.desc()).limit(1))
    return uow.session.scalar(stmt)


def changes_since_my_review(uow: UnitOfWork, actor_id: int,
                            article_id: int) -> tuple[int | None, list[DiffOp]]:
    """What changed since the revision this reviewer last judged or viewed.

    Returns the revision the diff starts from (None: never reviewed, the whole
    text is new to them) and the word diff up to the current revision.
    """
    article = articles.load(uow, article_id)
    seen = last_reviewed_revision(uow, actor_id, article_id)
    current = _revision_text(uow, article_id, article.revision)
    if seen is None:
        return None, word_diff("", current)
    return seen, diff(uow, article_id, seen, article.revision)


def mark_viewed(uow: UnitOfWork, actor_id: int, article_id: int) -> None:
    """Remember the revision a reviewer has read, for the next "changes since"."""
    article = articles.load(uow, article_id)
    users.load(uow, actor_id)
    uow.session.add(ReviewEvent(article_id=article.id, user_id=actor_id, kind="viewed",
                                revision=article.revision))


def due_scheduled(uow: UnitOfWork, now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    stmt = select(Article.id).where(Article.status == Status.SCHEDULED,
                                    Article.scheduled_at <= now)
    return list(uow.session.scalars(stmt))
