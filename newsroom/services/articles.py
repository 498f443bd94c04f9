"""Writing and saving articles: drafts, revisions, optimistic locking.

Every save that changes something becomes a revision; a save based on a version
someone else has replaced raises :class:`ConflictError` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from newsroom.domain.errors import (
    ConflictError,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    Snapshot,
    ValidationError,
)
from newsroom.domain.roles import can_edit
from newsroom.domain.statuses import EDITABLE, Status
from newsroom.domain.workflow import status_label
from newsroom.i18n import tr
from newsroom.services import article_list, audit, search, taxonomy, users
from newsroom.services.views import ArticleRow, ArticleView, RelatedView, RevisionView
from newsroom.storage.models import Article, RelatedLink, Revision, User
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork
from newsroom.text.slugs import slugify, unique_slug

MAX_TITLE = 500
MAX_LEAD = 5_000
# A long press release is ~50 KB of Markdown; two megabytes means a paste went
# wrong (a whole mailbox, an embedded image as text) and should be refused whole.
MAX_BODY = 2_000_000


@dataclass(frozen=True)
class Draft:
    """The editable fields of an article as the user typed them."""

    title: str
    lead: str = ""
    body: str = ""
    section: str | None = None
    tags: Sequence[str] = ()
    signature: str | None = None
    slug: str | None = None


def load(uow: UnitOfWork, article_id: int) -> Article:
    article = uow.session.get(Article, article_id)
    if article is None:
        raise NotFound(tr("no article #{id}", id=article_id))
    return article


def validate(draft: Draft) -> None:
    title = draft.title.strip()
    if not title:
        raise ValidationError(tr("the title is empty: every article needs one"))
    if len(title) > MAX_TITLE:
        raise ValidationError(tr("the title is {n} characters long; at most {max} fit",
                                 n=len(title), max=MAX_TITLE))
    if len(draft.lead) > MAX_LEAD:
        raise ValidationError(tr("the lead is {n} characters long; at most {max} fit",
                                 n=len(draft.lead), max=MAX_LEAD))
    if len(draft.body) > MAX_BODY:
        raise ValidationError(tr("the text is {n} characters long; at most {max} fit — was "
                                 "something pasted by mistake?", n=len(draft.body), max=MAX_BODY))
    # PostgreSQL stores no NUL in any text column: refused here for every field,
    # or the save would end in a driver error instead of this message.
    fields = (draft.title, draft.lead, draft.body, draft.section or "", draft.signature or "",
              draft.slug or "", *draft.tags)
    if any("\x00" in text for text in fields):
        raise ValidationError(tr("the text contains a NUL character and cannot be saved"))


def _slug_taken(uow: UnitOfWork, article_id: int | None) -> Callable[[str], bool]:
    def taken(slug: str) -> bool:
        stmt = select(Article.id).where(Article.slug == slug)
        if article_id is not None:
            stmt = stmt.where(Article.id != article_id)
        return uow.session.scalar(stmt) is not None
    return taken


def _choose_slug(uow: UnitOfWork, article_id: int | None, title: str,
                 wanted: str | None) -> str:
    taken = _slug_taken(uow, article_id)
    if wanted:
        slug = slugify(wanted)
        if slug != wanted.strip():
            raise ValidationError(tr("bad slug '{slug}': use Latin lowercase letters, digits and "
                                     "hyphens, e.g. '{example}'", slug=wanted, example=slug))
        if taken(slug):
            raise ValidationError(tr("the slug '{slug}' is used by another article", slug=slug))
        return slug
    base = slugify(title)
    # The first candidates (base, base-2, …) in one indexed IN query instead of
    # one round trip each: a tenth "Оголошення" must not cost ten queries. (A
    # LIKE 'base-%' would scan the table on both backends.)
    candidates = _first_candidates(base, SLUG_BATCH)
    family = select(Article.slug).where(Article.slug.in_(candidates))
    if article_id is not None:
        family = family.where(Article.id != article_id)
    known = set(uow.session.scalars(family))
    batch = set(candidates)
    return unique_slug(base, lambda slug: slug in known or (slug not in batch and taken(slug)))


SLUG_BATCH = 20


def _first_candidates(base: str, count: int) -> list[str]:
    """The first ``count`` slugs :func:`unique_slug` would try, in its own naming."""
    tried: list[str] = []

    def record(slug: str) -> bool:
        tried.append(slug)
        return len(tried) < count

    unique_slug(base, record)
    return tried


def slug_available(uow: UnitOfWork, slug: str, article_id: int | None) -> bool:
    """Whether no other article uses ``slug`` (the article ``article_id`` may keep its own).

    Only availability is answered: whether the slug is well formed is for
    :func:`suggest_slug` and saving to judge.
    """
    slug = slug.strip()
    return bool(slug) and not _slug_taken(uow, article_id)(slug)


def suggest_slug(uow: UnitOfWork, title: str, article_id: int | None) -> str:
    """The free slug made from ``title`` that creating (or saving without a slug) would take."""
    return _choose_slug(uow, article_id, title, None)


def add_revision(uow: UnitOfWork, article: Article, actor: User) -> None:
    """Record the article's current text under its (already advanced) revision number."""
    uow.session.add(Revision(article_id=article.id, number=article.revision, title=article.title,
                             lead=article.lead, body=article.body, saved_by_id=actor.id,
                             saved_at=utcnow()))


def create(uow: UnitOfWork, actor_id: int, draft: Draft, status: Status = Status.DRAFT,
           author_id: int | None = None) -> ArticleView:
    """A new draft with its first revision; the author's signature by default."""
    actor = users.load(uow, actor_id)
    author = users.load(uow, author_id) if author_id is not None else actor
    validate(draft)
    now = utcnow()
    article = Article(
        title=draft.title.strip(), lead=draft.lead.strip(), body=draft.body,
        slug=_choose_slug(uow, None, draft.title, draft.slug),
        section=taxonomy.section_for(uow, draft.section),
        signature=(draft.signature if draft.signature is not None else author.signature).strip(),
        author_id=author.id, status=status, created_at=now, updated_at=now, revision=1,
    )
    uow.session.add(article)
    uow.flush()
    add_revision(uow, article, actor)
    taxonomy.set_tags(uow, article, draft.tags)
    audit.record(uow, actor, "create", article, to_status=status.value)
    uow.flush()
    search.index_article(uow, article.id)
    return view(uow, article)


def snapshot(article: Article) -> Snapshot:
    return Snapshot(version=article.version, title=article.title, lead=article.lead,
                    body=article.body)


def _conflict(uow: UnitOfWork, article: Article, mine: Snapshot) -> ConflictError:
    """The conflict, naming whoever saved the version that won."""
    last = uow.session.scalar(select(User.display_name).join(
        Revision, Revision.saved_by_id == User.id).where(
        Revision.article_id == article.id).order_by(Revision.number.desc()).limit(1))
    return ConflictError(article.id, mine, snapshot(article), last or "?")


def save(uow: UnitOfWork, actor_id: int, article_id: int, expected_version: int,
         draft: Draft) -> ArticleView:
    """Store the user's text as a new revision, unless someone saved first."""
    actor = users.load(uow, actor_id)
    article = load(uow, article_id)
    if not can_edit(actor.role, article.author_id == actor.id):
        raise PermissionDenied(tr("only the author or an editor may edit this article"))
    if article.status not in EDITABLE:
        raise IllegalTransition(tr("the article is {status}: reopen or correct it before editing",
                                   status=status_label(article.status)))
    validate(draft)
    mine = Snapshot(version=expected_version, title=draft.title, lead=draft.lead,
                    body=draft.body)
    if article.version != expected_version:
        raise _conflict(uow, article, mine)
    section = taxonomy.section_for(uow, draft.section)
    slug = (article.slug if draft.slug in (None, article.slug)
            else _choose_slug(uow, article.id, draft.title, draft.slug))
    signature = article.signature if draft.signature is None else draft.signature.strip()
    new_text = (draft.title.strip(), draft.lead.strip(), draft.body)
    old_tags = taxonomy.tags_of(uow, article.id)
    changed = (new_text != (article.title, article.lead, article.body)
               or section is not article.section or slug != article.slug
               or signature != article.signature or tuple(draft.tags) != old_tags)
    if not changed:
        return view(uow, article)
    if draft.body != article.body:
        article.source_html = None
    article.title, article.lead, article.body = new_text
    article.section, article.slug, article.signature = section, slug, signature
    article.updated_at = utcnow()
    article.revision += 1
    try:
        # The versioned UPDATE must run before the new revision row is inserted:
        # if another session saved since this one loaded the article, the UPDATE
        # matches no row (StaleDataError → ConflictError) instead of the revision
        # INSERT clashing on (article_id, number) as an IntegrityError.
        uow.flush()
    except StaleDataError:
        uow.session.rollback()
        raise _conflict(uow, load(uow, article_id), mine) from None
    add_revision(uow, article, actor)
    if tuple(draft.tags) != old_tags:
        taxonomy.set_tags(uow, article, draft.tags)
    audit.record(uow, actor, "save", article, from_status=article.status.value,
                 to_status=article.status.value)
    uow.flush()
    search.index_article(uow, article.id)
    from newsroom.services import autosave  # late: autosave imports this module's load

    autosave.discard(uow, actor.id, article.id)
    return view(uow, article)


def related_of(uow: UnitOfWork, article_id: int) -> tuple[RelatedView, ...]:
    stmt = (select(Article).join(RelatedLink, RelatedLink.related_id == Article.id)
            .where(RelatedLink.article_id == article_id).order_by(RelatedLink.position))
    return tuple(RelatedView(id=a.id, title=a.title, slug=a.slug, status=a.status,
                             url=a.remote_url, published_at=a.published_at)
                 for a in uow.session.scalars(stmt))


def view(uow: UnitOfWork, article: Article) -> ArticleView:
    return ArticleView(
        id=article.id, uuid=article.uuid, title=article.title, slug=article.slug,
        lead=article.lead, body=article.body,
        section=article.section.name if article.section else None,
        tags=taxonomy.tags_of(uow, article.id), signature=article.signature,
        author_id=article.author_id, author=article.author.display_name, status=article.status,
        created_at=article.created_at, updated_at=article.updated_at,
        scheduled_at=article.scheduled_at, published_at=article.published_at,
        remote_url=article.remote_url, revision=article.revision,
        version=article.version, related=related_of(uow, article.id),
        source_html=article.source_html,
    )


def get(uow: UnitOfWork, article_id: int) -> ArticleView:
    return view(uow, load(uow, article_id))


def list_rows(uow: UnitOfWork, status: Status | None = None, author_id: int | None = None,
              section: str | None = None, offset: int = 0, limit: int = 200,
              include_trashed: bool = False) -> list[ArticleRow]:
    """Newest first; the Qt list pages through this, never loading everything.

    A shorthand for :func:`newsroom.services.article_list.query_rows`.
    """
    return article_list.query_rows(
        uow, article_list.ListQuery(status=status, author_id=author_id, section=section,
                                    include_trashed=include_trashed),
        offset=offset, limit=limit)


def revisions(uow: UnitOfWork, article_id: int) -> list[RevisionView]:
    load(uow, article_id)
    stmt = (select(Revision, User.display_name).join(User, User.id == Revision.saved_by_id)
            .where(Revision.article_id == article_id).order_by(Revision.number))
    return [RevisionView(article_id=r.article_id, number=r.number, title=r.title, lead=r.lead,
                         body=r.body, saved_by=name, saved_at=r.saved_at)
            for r, name in uow.session.execute(stmt)]


def revision(uow: UnitOfWork, article_id: int, number: int) -> RevisionView:
    for rev in revisions(uow, article_id):
        if rev.number == number:
            return rev
    raise NotFound(tr("article #{id} has no revision {n}", id=article_id, n=number))


def set_published(uow: UnitOfWork, article: Article, when: datetime) -> None:
    if article.published_at is None:
        article.published_at = when
