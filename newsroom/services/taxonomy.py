"""Sections and tags, created on first use with transliterated slugs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import or_, select

from newsroom.domain.errors import ValidationError
from newsroom.i18n import N_, tr
from newsroom.storage.models import Article, ArticleTag, Section, Tag
from newsroom.storage.uow import UnitOfWork
from newsroom.text.slugs import slugify, unique_slug

Term = TypeVar("Term", Section, Tag)


def _clean(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(tr("empty {what} name", what=tr(what)))
    if len(name) > 200:
        raise ValidationError(tr("{what} name longer than 200 characters", what=tr(what)))
    return name


def _term(uow: UnitOfWork, model: type[Term], name: str) -> Term:
    """The section or tag of that name, ignoring case, created on first use.

    Matching goes through the slug family (``kyiv``, ``kyiv-2`` …) and compares
    names with Python's casefold, because SQLite's lower() knows no Cyrillic:
    «Київ» and «київ» must be one tag, not two.
    """
    base = slugify(name)
    family = list(uow.session.scalars(select(model).where(
        or_(model.slug == base, model.slug.like(f"{base}-%")))))
    for term in family:
        if term.name.casefold() == name.casefold():
            return term
    taken = {t.slug for t in family}
    term = model(name=name, slug=unique_slug(base, lambda s: s in taken or uow.session.scalar(
        select(model.id).where(model.slug == s)) is not None))
    uow.session.add(term)
    uow.flush()
    return term


def section_for(uow: UnitOfWork, name: str | None) -> Section | None:
    if name is None or not name.strip():
        return None
    return _term(uow, Section, _clean(name, N_("section")))


def set_tags(uow: UnitOfWork, article: Article, names: Iterable[str]) -> None:
    wanted: list[str] = []
    for raw in names:
        if raw.strip():
            name = _clean(raw, N_("tag"))
            if name.casefold() not in (w.casefold() for w in wanted):
                wanted.append(name)
    for link in uow.session.scalars(select(ArticleTag).where(ArticleTag.article_id == article.id)):
        uow.session.delete(link)
    uow.flush()
    for position, name in enumerate(wanted):
        tag = _term(uow, Tag, name)
        uow.session.add(ArticleTag(article_id=article.id, tag_id=tag.id, position=position))


def tags_of(uow: UnitOfWork, article_id: int) -> tuple[str, ...]:
    stmt = (select(Tag.name).join(ArticleTag, ArticleTag.tag_id == Tag.id)
            .where(ArticleTag.article_id == article_id).order_by(ArticleTag.position))
    return tuple(uow.session.scalars(stmt))


def list_sections(uow: UnitOfWork) -> list[str]:
    return list(uow.session.scalars(select(Section.name).order_by(Section.name)))
