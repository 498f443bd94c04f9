"""Sections and tags, created on first use with transliterated slugs."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from newsroom.domain.errors import ValidationError
from newsroom.i18n import tr
from newsroom.storage.models import Article, ArticleTag, Section, Tag
from newsroom.storage.uow import UnitOfWork
from newsroom.text.slugs import slugify, unique_slug


def _clean(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(tr("empty {what} name", what=tr(what)))
    if len(name) > 200:
        raise ValidationError(tr("{what} name longer than 200 characters", what=tr(what)))
    return name


def section_for(uow: UnitOfWork, name: str | None) -> Section | None:
    if name is None or not name.strip():
        return None
    name = _clean(name, "section")
    section = uow.session.scalar(select(Section).where(Section.name == name))
    if section is None:
        slug = unique_slug(slugify(name), lambda s: uow.session.scalar(
            select(Section.id).where(Section.slug == s)) is not None)
        section = Section(name=name, slug=slug)
        uow.session.add(section)
        uow.flush()
    return section


def set_tags(uow: UnitOfWork, article: Article, names: Iterable[str]) -> None:
    wanted: list[str] = []
    for raw in names:
        if raw.strip():
            name = _clean(raw, "tag")
            if name.casefold() not in (w.casefold() for w in wanted):
                wanted.append(name)
    for link in uow.session.scalars(select(ArticleTag).where(ArticleTag.article_id == article.id)):
        uow.session.delete(link)
    uow.flush()
    for position, name in enumerate(wanted):
        tag = uow.session.scalar(select(Tag).where(Tag.name == name))
        if tag is None:
            slug = unique_slug(slugify(name), lambda s: uow.session.scalar(
                select(Tag.id).where(Tag.slug == s)) is not None)
            tag = Tag(name=name, slug=slug)
            uow.session.add(tag)
            uow.flush()
        uow.session.add(ArticleTag(article_id=article.id, tag_id=tag.id, position=position))


def tags_of(uow: UnitOfWork, article_id: int) -> tuple[str, ...]:
    stmt = (select(Tag.name).join(ArticleTag, ArticleTag.tag_id == Tag.id)
            .where(ArticleTag.article_id == article_id).order_by(ArticleTag.position))
    return tuple(uow.session.scalars(stmt))


def list_sections(uow: UnitOfWork) -> list[str]:
    return list(uow.session.scalars(select(Section.name).order_by(Section.name)))
