"""The publishing queue view over a real SQLite file: jobs listed, buttons by state and
role, cancel/resend/reschedule through the services, and live updates by polling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from newsroom.domain.roles import Role
from newsroom.domain.workflow import Action
from newsroom.services import articles, sites, users, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState, list_jobs
from newsroom.services.sites import SiteView
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob, Site
from newsroom.text.dates import KYIV
from tests.ui.conftest import add_user
from tests.ui.test_publisher import Team, add_static_site, make_conflict, make_team
from tests.ui.test_publisher import jobs_of as publisher_jobs_of
from tests.ui.test_publisher import queue_article as publisher_queue_article
from ui.models.job_table import JobColumn
from ui.publisher import Publisher
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


# ----------------------------------------------------------- changed on the site


@pytest.fixture
def team(sqlite_db: Database) -> Team:
    return make_team(sqlite_db)


@pytest.fixture
def publisher(sqlite_db: Database) -> Iterator[Publisher]:
    made = Publisher(sqlite_db, interval_ms=3_600_000)
    yield made
    made.shutdown()
    made.deleteLater()


@pytest.fixture
def conflict(qtbot: QtBot, sqlite_db: Database, team: Team, publisher: Publisher,
             tmp_path: Path) -> tuple[SiteView, int, int]:
    """A job stopped in ``error`` because its page was edited on the (static) site."""
    site = add_static_site(sqlite_db, team.admin, tmp_path / "www")
    article_id, job_id = make_conflict(qtbot, sqlite_db, publisher, site, team)
    return site, article_id, job_id


def open_conflict_view(qtbot: QtBot, runner: TaskRunner, publisher: Publisher,
                       user: UserView, job_id: int) -> QueueView:
    view = QueueView(runner, user, network=publisher.runner)
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    qtbot.waitUntil(lambda: view.select_job(job_id), timeout=WAIT)
    return view


def test_a_conflict_offers_three_ways_out_to_editors_only(
        uk: None, qtbot: QtBot, runner: TaskRunner, publisher: Publisher, team: Team,
        conflict: tuple[SiteView, int, int]) -> None:
    _site, _article_id, job_id = conflict
    view = open_conflict_view(qtbot, runner, publisher, team.editor, job_id)
    buttons = (view.compare_button, view.take_site_button, view.overwrite_button)
    assert [b.text() for b in buttons] == ["По&рівняти", "&Взяти версію сайту…",
                                           "Пере&записати сайт"]
    assert all(b.isEnabled() for b in buttons)
    # The whole last error is shown, not only the table's one line.
    assert view.detail_label.isVisible()
    selected = view.selected_job()
    assert selected is not None and selected.last_error is not None
    assert "змінили на сайті" in selected.last_error
    assert view.detail_label.text() == f"Остання помилка: {selected.last_error}"
    assert view.cancel_button.isEnabled() and not view.reschedule_button.isEnabled()
    view.close()

    writer_view = open_conflict_view(qtbot, runner, publisher, team.writer, job_id)
    assert not any(b.isEnabled() for b in (writer_view.compare_button,
                                           writer_view.take_site_button,
                                           writer_view.overwrite_button))
    assert writer_view.overwrite_button.toolTip() == (
        "Керувати чергою публікації може лише редактор")
    writer_view.close()


def test_conflict_buttons_stay_off_for_other_states(
        qtbot: QtBot, runner: TaskRunner, publisher: Publisher, sqlite_db: Database,
        team: Team, tmp_path: Path) -> None:
    site = add_static_site(sqlite_db, team.admin, tmp_path / "www")
    article_id = publisher_queue_article(sqlite_db, team)
    [(job_id, _state)] = publisher_jobs_of(sqlite_db, article_id)
    with sqlite_db.uow() as uow:  # failed for another reason: no conflict to resolve
        uow.session.execute(update(PublishJob).where(PublishJob.id == job_id).values(
            state=JobState.FAILED.value, last_error="HTTP 403: заборонено"))
        uow.commit()
    view = open_conflict_view(qtbot, runner, publisher, team.editor, job_id)
    assert view.resend_button.isEnabled()
    assert not any(b.isEnabled() for b in view.conflict_buttons)
    assert site.name in [job.site for job in view.model.jobs()]
    view.close()


def test_overwrite_puts_the_job_back_in_the_queue(
        qtbot: QtBot, runner: TaskRunner, publisher: Publisher, sqlite_db: Database,
        team: Team, conflict: tuple[SiteView, int, int]) -> None:
    _site, article_id, job_id = conflict
    view = open_conflict_view(qtbot, runner, publisher, team.editor, job_id)
    with qtbot.waitSignal(view.jobs_changed, timeout=WAIT):
        view.overwrite_button.click()
    assert publisher_jobs_of(sqlite_db, article_id) == [(job_id, JobState.PENDING)]
    with sqlite_db.uow() as uow:
        job = uow.session.get(PublishJob, job_id)
        assert job is not None and job.overwrite
    qtbot.waitUntil(lambda: state_in_view(view, job_id) is JobState.PENDING, timeout=WAIT)
    assert not view.overwrite_button.isEnabled()
    view.close()


def test_compare_shows_the_words_changed_on_the_site(
        qtbot: QtBot, runner: TaskRunner, publisher: Publisher, team: Team,
        conflict: tuple[SiteView, int, int], uk: None) -> None:
    _site, _article_id, job_id = conflict
    view = open_conflict_view(qtbot, runner, publisher, team.editor, job_id)
    view.compare_button.click()
    qtbot.waitUntil(lambda: view.diff_dialog is not None and view.diff_dialog.isVisible(),
                    timeout=WAIT)
    dialog = view.diff_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Зміни на сайті"
    assert [t.strip() for t in dialog.view.deleted_text() if t.strip()] == ["прямий"]
    assert [t.strip() for t in dialog.view.inserted_text() if t.strip()] == ["виїзний"]
    html = dialog.view.toHtml()
    assert "line-through" in html and "underline" in html
    dialog.close()
    qtbot.waitUntil(lambda: view.diff_dialog is None, timeout=WAIT)
    view.close()


def test_taking_the_site_version_asks_first_then_keeps_ours_as_a_revision(
        qtbot: QtBot, runner: TaskRunner, publisher: Publisher, sqlite_db: Database,
        team: Team, conflict: tuple[SiteView, int, int], uk: None) -> None:
    _site, article_id, job_id = conflict
    view = open_conflict_view(qtbot, runner, publisher, team.editor, job_id)
    view.take_site_button.click()
    box = view.confirm_box
    assert box is not None and box.isVisible()
    assert "попередня редакція" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert view.confirm_box is None
    assert publisher_jobs_of(sqlite_db, article_id) == [(job_id, JobState.ERROR)]

    view.take_site_button.click()
    box = view.confirm_box
    assert box is not None
    [take] = [b for b in box.buttons()
              if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole]
    with qtbot.waitSignal(view.article_changed, timeout=WAIT):
        take.click()
    assert publisher_jobs_of(sqlite_db, article_id) == [(job_id, JobState.SUCCESS)]
    with sqlite_db.uow() as uow:
        article = articles.get(uow, article_id)
        history = articles.revisions(uow, article_id)
    assert "«виїзний»" in article.body and article.revision == 2
    assert len(history) == 2
    view.close()


def test_a_failed_site_call_comes_back_as_one_message(
        qtbot: QtBot, runner: TaskRunner, publisher: Publisher, sqlite_db: Database,
        team: Team, conflict: tuple[SiteView, int, int]) -> None:
    _site, _article_id, job_id = conflict
    view = open_conflict_view(qtbot, runner, publisher, team.editor, job_id)
    with sqlite_db.uow() as uow:  # someone else resolved it meanwhile
        uow.session.execute(update(PublishJob).where(PublishJob.id == job_id).values(
            state=JobState.CANCELED.value))
        uow.commit()
    view.compare_button.click()
    qtbot.waitUntil(lambda: view.message != "", timeout=WAIT)
    assert view.message == f"Job #{job_id} has no conflict with the site"
    assert view.diff_dialog is None
    view.close()


def test_a_paused_site_is_shown_with_its_reason(
        qtbot: QtBot, runner: TaskRunner, publisher: Publisher, sqlite_db: Database,
        team: Team, tmp_path: Path, uk: None) -> None:
    site = add_static_site(sqlite_db, team.admin, tmp_path / "www")
    article_id = publisher_queue_article(sqlite_db, team)
    [(job_id, _state)] = publisher_jobs_of(sqlite_db, article_id)
    with sqlite_db.uow() as uow:
        sites.pause(uow, site.id, "сайт відмовив у паролі")
        uow.commit()
    view = open_conflict_view(qtbot, runner, publisher, team.editor, job_id)
    assert view.detail_label.isVisible()
    assert view.detail_label.text() == (
        "На сайт «Сайт ОДА» зараз нічого не надсилається: сайт відмовив у паролі")
    row = view.model.row_of(job_id)
    assert row is not None
    assert view.model.data(view.model.index(row, JobColumn.SITE),
                           Qt.ItemDataRole.ToolTipRole) == "сайт відмовив у паролі"
    view.close()
