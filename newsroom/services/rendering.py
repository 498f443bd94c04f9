"""An article rendered as the reader will see it, with its "Читайте також" list."""

from __future__ import annotations

from collections.abc import Callable

from newsroom.services import articles
from newsroom.services.views import RelatedView
from newsroom.storage.uow import UnitOfWork
from newsroom.text.article_page import ArticlePage, RelatedItem, render_article_fragment


def default_link(item: RelatedView) -> str:
    """The site's own address when we know it, else the static site's relative page."""
    return item.url or f"../{item.slug}/"


def page_for(uow: UnitOfWork, article_id: int,
             link_for: Callable[[RelatedView], str] = default_link) -> ArticlePage:
    a = articles.get(uow, article_id)
    return ArticlePage(
        title=a.title, section=a.section, published_at=a.published_at or a.scheduled_at,
        body_markdown=a.body, signature=a.signature or None,
        related=[RelatedItem(title=r.title, url=link_for(r)) for r in a.related],
        lead=a.lead or None, body_html=a.source_html,
    )


def article_html(uow: UnitOfWork, article_id: int, locale: str = "uk") -> str:
    return render_article_fragment(page_for(uow, article_id), locale=locale)
