"""A site that already holds a scheduled post as "future" publishes it by itself
at its time: taking the article out of the queue must withdraw it there, and
rescheduling must send the new time there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, publish_queue, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob, RemotePost, Site
from tests.conftest import People


def _scheduled_and_sent(db: Database, people: People) -> tuple[int, int, int]:
    """A scheduled article whose job went out: WordPress holds it as future,
    the static site (which cannot hold posts) has nothing yet."""
    at = datetime.now(UTC) + timedelta(hours=5)
    with db.uow() as uow:
        wp = Site(name="wp", kind="wordpress", url="https://oda.example.gov.ua", login="p")
        static = Site(name="static", kind="static", path="/srv/www")
        uow.session.add_all([wp, static])
        uow.flush()
        article_id = articles.create(uow, people.writer, Draft(title="Запланована новина"),
                                     status=Status.APPROVED).id
        workflow.transition(uow, people.editor, article_id, Action.SCHEDULE, at=at)
        uow.flush()
        for job in uow.session.scalars(select(PublishJob).where(PublishJob.site_id == wp.id)):
            job.state = JobState.SUCCESS.value
        uow.session.add(RemotePost(site_id=wp.id, article_id=article_id, remote_id="41",
                                   url="https://oda.example.gov.ua/?p=41", remote_status="future"))
        uow.commit()
        return article_id, wp.id, static.id


def _jobs(db: Database, article_id: int) -> list[tuple[int, str, str]]:
    with db.uow() as uow:
        return [(j.site_id, j.action, j.state) for j in uow.session.scalars(
            select(PublishJob).where(PublishJob.article_id == article_id).order_by(PublishJob.id))]


def test_unqueue_withdraws_the_post_a_site_holds_as_future(db: Database,
                                                           people: People) -> None:
    article_id, wp, static = _scheduled_and_sent(db, people)
    with db.uow() as uow:
        workflow.transition(uow, people.editor, article_id, Action.UNQUEUE)
        uow.commit()
    assert sorted(_jobs(db, article_id)) == sorted([
        (wp, "publish", "success"), (static, "publish", "canceled"),
        (wp, "unpublish", "pending")])


def test_reschedule_sends_the_new_time_to_the_site_holding_the_post(db: Database,
                                                                    people: People) -> None:
    article_id, wp, static = _scheduled_and_sent(db, people)
    new_time = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    with db.uow() as uow:
        waiting = next(j for j in publish_queue.list_jobs(uow, article_id=article_id)
                       if j.state is JobState.PENDING)
        publish_queue.reschedule(uow, people.editor, waiting.id, new_time)
        uow.commit()
    assert sorted(_jobs(db, article_id)) == sorted([
        (wp, "publish", "success"), (static, "publish", "pending"),
        (wp, "publish", "pending")])
    with db.uow() as uow:
        times = set(uow.session.scalars(select(PublishJob.scheduled_at).where(
            PublishJob.article_id == article_id, PublishJob.state == "pending")))
        assert times == {new_time}
        assert articles.get(uow, article_id).scheduled_at == new_time
