"""The publishing queue view over a real SQLite file: jobs listed, buttons by state and
role, cancel/resend/reschedule through the services, and live updates by polling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from newsroom.domain.roles import Role
from newsroom.domain.workflow import Action
from newsroom.services import articles, users, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState, list_jobs
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob, Site
from newsroom.text.dates import KYIV
from tests.ui.conftest import add_user
from ui.models.job_table import JobColumn
from ui.tasks import TaskRunner
from ui.widgets.queue_view import POLL_INTERVAL_MS, QueueView

WAIT = 10_000
TITLE = "Обласна рада затвердила програму відновлення"


@pytest.fixture
def people(sqlite_db: Database) -> dict[str, UserView]:
    add_user(sqlite_db, "olena", Role.WRITER, "Олена Петренко")
    add_user(sqlite_db, "ivan", Role.REVIEWER, "Іван Мельник")
    add_user(sqlite_db, "nadiia", Role.EDITOR, "Надія Шевчук")
    with sqlite_db.uow() as uow:
        return {login: users.get_by_login(uow, login) for login in ("olena", "ivan", "nadiia")}


def add_sites(database: Database) -> None:
    with database.uow() as uow:
        uow.session.add(Site(name="Сайт ОДА", kind="drupal", url="https://oda.example.gov.ua"))
        uow.session.add(Site(name="Архів (статичний)", kind="static", path="/srv/archive"))
        uow.commit()


def queue_article(database: Database, people: dict[str, UserView], title: str = TITLE,
                  at: datetime | None = None) -> int:
    """Write, review and queue an article through the workflow: the queue makes the jobs."""
    with database.uow() as uow:
        article_id = articles.create(uow, people["olena"].id, Draft(title=title)).id
        workflow.transition(uow, people["olena"].id, article_id, Action.SUBMIT)
        workflow.transition(uow, people["ivan"].id, article_id, Action.APPROVE)
        workflow.transition(uow, people["nadiia"].id, article_id, Action.QUEUE, at=at)
        uow.commit()
    return article_id


def job_states(database: Database) -> dict[int, JobState]:
    with database.uow() as uow:
        return {job.id: job.state for job in list_jobs(uow)}


ViewFactory = Callable[[UserView], QueueView]


@pytest.fixture
def open_view(qtbot: QtBot, runner: TaskRunner) -> Iterator[ViewFactory]:
    views: list[QueueView] = []

    def make(user: UserView) -> QueueView:
        view = QueueView(runner, user)
        views.append(view)
        qtbot.addWidget(view)
        view.resize(1000, 400)
        view.show()
        qtbot.waitUntil(lambda: view.stack.currentWidget() is view.table
                        or view.empty_label.text().startswith(("The queue", "Черга")),
                        timeout=WAIT)
        return view

    yield make
    for view in views:
        view.close()


def state_in_view(view: QueueView, job_id: int) -> JobState | None:
    row = view.model.row_of(job_id)
    return None if row is None else view.model.job(row).state


def test_an_empty_queue_says_so(open_view: ViewFactory, people: dict[str, UserView],
                                uk: None) -> None:
    view = open_view(people["nadiia"])
    assert view.stack.currentWidget() is view.empty_label
    assert view.empty_label.text().startswith("Черга порожня…")
    assert view.polling


def test_queued_jobs_are_listed_in_ukrainian(open_view: ViewFactory, sqlite_db: Database,
                                             people: dict[str, UserView], uk: None) -> None:
    add_sites(sqlite_db)
    queue_article(sqlite_db, people)
    view = open_view(people["nadiia"])
    model = view.model
    assert model.rowCount() == 2
    headers = [model.headerData(c, view.table.horizontalHeader().orientation())
               for c in JobColumn]
    assert headers == ["Стаття", "Дія", "Сайт", "Заплановано на", "Стан", "Спроби",
                       "Остання помилка"]
    rows = [[model.data(model.index(r, c)) for c in JobColumn] for r in range(2)]
    assert sorted(row[JobColumn.SITE] for row in rows) == ["Архів (статичний)", "Сайт ОДА"]
    for row in rows:
        assert row[JobColumn.ARTICLE] == TITLE
        assert row[JobColumn.ACTION] == "публікація"
        assert row[JobColumn.STATE] == "очікує"
        assert row[JobColumn.ATTEMPTS] == "0"
        assert row[JobColumn.ERROR] == ""


def test_cancel_and_resend_update_the_view_by_themselves(
        qtbot: QtBot, open_view: ViewFactory, sqlite_db: Database,
        people: dict[str, UserView]) -> None:
    add_sites(sqlite_db)
    queue_article(sqlite_db, people)
    view = open_view(people["nadiia"])
    job_id = view.model.job_id(0)
    assert not view.cancel_button.isEnabled()  # nothing selected yet
    view.select_job(job_id)
    assert view.cancel_button.isEnabled()
    assert view.reschedule_button.isEnabled()
    assert not view.resend_button.isEnabled()

    view.cancel_button.click()
    qtbot.waitUntil(lambda: state_in_view(view, job_id) is JobState.CANCELED, timeout=WAIT)
    assert job_states(sqlite_db)[job_id] is JobState.CANCELED
    selected = view.selected_job()
    assert selected is not None and selected.id == job_id
    assert view.resend_button.isEnabled() and not view.cancel_button.isEnabled()

    view.resend_button.click()
    qtbot.waitUntil(lambda: state_in_view(view, job_id) is JobState.PENDING, timeout=WAIT)
    assert job_states(sqlite_db)[job_id] is JobState.PENDING
    assert view.message == ""


def test_changes_made_elsewhere_arrive_by_polling(qtbot: QtBot, open_view: ViewFactory,
                                                  sqlite_db: Database,
                                                  people: dict[str, UserView],
                                                  uk: None) -> None:
    add_sites(sqlite_db)
    queue_article(sqlite_db, people)
    view = open_view(people["nadiia"])
    job_id = view.model.job_id(1)
    view.select_job(job_id)
    with sqlite_db.uow() as uow:  # the sync worker on another PC gives up on a job
        uow.session.execute(update(PublishJob).where(PublishJob.id == job_id).values(
            state=JobState.ERROR.value, attempts=3, last_error="HTTP 503: сайт недоступний"))
        uow.commit()
    qtbot.waitUntil(lambda: state_in_view(view, job_id) is JobState.ERROR,
                    timeout=POLL_INTERVAL_MS * 3)
    row = view.model.row_of(job_id)
    assert row is not None
    assert view.model.data(view.model.index(row, JobColumn.STATE)) == "помилка"
    assert view.model.data(view.model.index(row, JobColumn.ERROR)) == (
        "HTTP 503: сайт недоступний")
    selected = view.selected_job()
    assert selected is not None and selected.id == job_id  # the selection is kept
    assert view.resend_button.isEnabled() and view.cancel_button.isEnabled()

    queue_article(sqlite_db, people, "Друга стаття в черзі")
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=POLL_INTERVAL_MS * 3)
    selected = view.selected_job()
    assert selected is not None and selected.id == job_id


def test_polling_stops_while_hidden(qtbot: QtBot, open_view: ViewFactory,
                                    people: dict[str, UserView]) -> None:
    view = open_view(people["nadiia"])
    assert view.polling
    view.hide()
    assert not view.polling
    view.show()
    assert view.polling
    view.close()
    assert not view.polling


def test_rescheduling_a_waiting_job(qtbot: QtBot, open_view: ViewFactory, sqlite_db: Database,
                                    people: dict[str, UserView]) -> None:
    add_sites(sqlite_db)
    soon = datetime.now(UTC) + timedelta(days=1)
    queue_article(sqlite_db, people, at=soon)
    view = open_view(people["nadiia"])
    job_id = view.model.job_id(0)
    view.select_job(job_id)
    view.reschedule_button.click()
    dialog = view.reschedule_dialog
    assert dialog is not None and dialog.isVisible()
    later = datetime.now(KYIV).replace(second=0, microsecond=0) + timedelta(days=2)
    dialog.set_moment(later)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    def moved() -> bool:
        row = view.model.row_of(job_id)
        return row is not None and view.model.job(row).scheduled_at == later.astimezone(UTC)

    qtbot.waitUntil(moved, timeout=WAIT)


def test_only_editors_manage_the_queue(qtbot: QtBot, open_view: ViewFactory,
                                       sqlite_db: Database, runner: TaskRunner,
                                       people: dict[str, UserView], uk: None) -> None:
    add_sites(sqlite_db)
    queue_article(sqlite_db, people)
    view = open_view(people["ivan"])
    job_id = view.model.job_id(0)
    view.select_job(job_id)
    assert not view.cancel_button.isEnabled()
    assert not view.reschedule_button.isEnabled()
    assert view.cancel_button.toolTip() == "Керувати чергою публікації може лише редактор"
    # The service refuses as well, and says so in the view.
    with qtbot.waitSignal(runner.failed, timeout=WAIT):
        view.cancel(job_id)
    assert view.message == "Керувати чергою публікації може лише редактор"
    assert job_states(sqlite_db)[job_id] is JobState.PENDING
