"""A post changed on the site since we sent it: the three ways out.

The job stops in ``error`` (see the worker) and an editor chooses:
:func:`overwrite` sends ours anyway, :func:`take_site_version` makes the
site's text a new revision of the article (so nothing written on the site
is lost either), :func:`compare` shows the word diff between the two first.
"""

from __future__ import annotations

from sqlalchemy import select

from newsroom.domain.errors import IllegalTransition
from newsroom.i18n import tr
from newsroom.services import articles, audit, publish_queue, search, sites
from newsroom.services.publish_queue import JobState, JobView
from newsroom.services.views import ArticleView
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob, RemotePost
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork
from newsroom.sync import payload, registry
from newsroom.sync.connectors.base import RemotePost as SitePost
from newsroom.sync.pulled_article import site_body_html
from newsroom.text.paste import html_to_markdown
from newsroom.text.words import DiffOp, word_diff


def _conflicted(uow: UnitOfWork, job_id: int) -> PublishJob:
    publish_queue.get_job(uow, job_id)  # NotFound with the usual message
    job = uow.session.get(PublishJob, job_id)
    assert job is not None
    if job.state != JobState.ERROR.value or job.action != "publish":
        raise IllegalTransition(tr("job #{id} has no conflict with the site", id=job_id))
    return job


def overwrite(uow: UnitOfWork, actor_id: int, job_id: int) -> JobView:
    """Send our version over the site's edits."""
    publish_queue.require_editor(uow, actor_id)
    job = _conflicted(uow, job_id)
    job.overwrite = True
    uow.flush()  # resend reloads the job from the database
    return publish_queue.resend(uow, actor_id, job_id)


def _site_post(db: Database, job_id: int) -> tuple[SitePost, int, int]:
    with db.uow() as uow:
        job = _conflicted(uow, job_id)
        site = sites.view(sites.load(uow, job.site_id))
        known = payload.known_ref(uow, job.site_id, job.article_id)
        article_id = job.article_id
    if known is None:
        raise IllegalTransition(tr("job #{id} has no conflict with the site", id=job_id))
    connector = registry.connector_for(db, site)
    try:
        return connector.fetch(known), article_id, site.id
    finally:
        connector.close()


def compare(db: Database, job_id: int) -> list[DiffOp]:
    """Words deleted on the site and added there, against our current text."""
    post, article_id, _site = _site_post(db, job_id)
    with db.uow() as uow:
        ours = articles.get(uow, article_id)
    return word_diff(f"{ours.title}\n\n{ours.body}",
                     f"{post.title}\n\n{html_to_markdown(site_body_html(post.content_html))}")


def take_site_version(db: Database, actor_id: int, job_id: int) -> ArticleView:
    """The site's title and body become a new revision; the job is done, as
    the site already shows that text."""
    post, article_id, site_id = _site_post(db, job_id)
    with db.uow() as uow:
        actor = publish_queue.require_editor(uow, actor_id)
        job = _conflicted(uow, job_id)
        article = articles.load(uow, article_id)
        html = site_body_html(post.content_html)
        article.title = post.title.strip() or article.title
        article.body = html_to_markdown(html)
        article.source_html = html
        article.revision += 1
        article.updated_at = utcnow()
        uow.flush()
        articles.add_revision(uow, article, actor)
        search.index_article(uow, article.id)
        remote = uow.session.scalar(select(RemotePost).where(
            RemotePost.site_id == site_id, RemotePost.article_id == article_id))
        if remote is not None:
            remote.modified, remote.sent_revision = post.modified, article.revision
            remote.updated_at = utcnow()
        job.state, job.last_error, job.updated_at = JobState.SUCCESS.value, None, utcnow()
        audit.record(uow, actor, "take_site_version", article, job_id=job_id,
                     site_modified=post.modified)
        uow.commit()
        return articles.get(uow, article_id)
