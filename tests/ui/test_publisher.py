"""Background publishing in the app, against a real static site in a folder: a queued
article is sent by the publisher's own runner, the main window says so, and quitting
leaves no task running."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from newsroom import config
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, sites, users, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState
from newsroom.services.sites import SiteView
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob
from newsroom.sync.worker import RunReport
from tests.ui.conftest import add_user
from ui.publisher import Publisher
from ui.startup import Startup, prepare
from ui.tasks import TaskRunner
from ui.widgets.main_window import MainWindow

WAIT = 20_000
TITLE = "Прийом громадян у п’ятницю"


@dataclass(frozen=True)
class Team:
    writer: UserView
    reviewer: UserView
    editor: UserView
    admin: UserView


def make_team(database: Database) -> Team:
    add_user(database, "olena", Role.WRITER, "Олена Петренко")
    add_user(database, "ivan", Role.REVIEWER, "Іван Мельник")
    add_user(database, "nadiia", Role.EDITOR, "Надія Шевчук")
    add_user(database, "admin", Role.ADMIN, "Адміністратор")
    with database.uow() as uow:
        return Team(*(users.get_by_login(uow, login)
                      for login in ("olena", "ivan", "nadiia", "admin")))


def add_static_site(database: Database, admin: UserView, folder: Path,
                    name: str = "Сайт ОДА") -> SiteView:
    with database.uow() as uow:
        site = sites.add_static(uow, admin.id, name, folder)
        uow.commit()
    return site


def queue_article(database: Database, team: Team, title: str = TITLE,
                  body: str = "Голова ОДА проведе «прямий» прийом громадян.") -> int:
    """An approved article put in the queue by the editor: the workflow makes the jobs."""
    with database.uow() as uow:
        article_id = articles.create(uow, team.writer.id, Draft(title=title, body=body),
                                     status=Status.APPROVED).id
        workflow.transition(uow, team.editor.id, article_id, Action.QUEUE)
        uow.commit()
    return article_id


def jobs_of(database: Database, article_id: int) -> list[tuple[int, JobState]]:
    with database.uow() as uow:
        return [(job.id, JobState(job.state)) for job in uow.session.scalars(
            select(PublishJob).where(PublishJob.article_id == article_id)
            .order_by(PublishJob.id))]


def page_of(database: Database, site: SiteView, article_id: int) -> Path:
    with database.uow() as uow:
        slug = articles.get(uow, article_id).slug
    return Path(site.path) / slug / "index.html"


def publish_now(qtbot: QtBot, publisher: Publisher) -> RunReport:
    with qtbot.waitSignal(publisher.report_ready, timeout=WAIT) as blocker:
        publisher.kick()
    report = blocker.args[0] if blocker.args else None
    assert isinstance(report, RunReport)
    return report


def make_conflict(qtbot: QtBot, database: Database, publisher: Publisher, site: SiteView,
                  team: Team) -> tuple[int, int]:
    """Publish an article, edit its page by hand as someone on the site would, and
    send it again: the static site sees the change and the job stops in ``error``."""
    article_id = queue_article(database, team)
    assert publish_now(qtbot, publisher).sent == 1
    page = page_of(database, site, article_id)
    page.write_text(page.read_text("utf-8").replace("«прямий»", "«виїзний»"), "utf-8")
    [(job_id, _state)] = jobs_of(database, article_id)
    with database.uow() as uow:  # an editor's "send again", without the UI
        uow.session.execute(update(PublishJob).where(PublishJob.id == job_id).values(
            state=JobState.PENDING.value, attempts=0))
        uow.commit()
    report = publish_now(qtbot, publisher)
    assert report.errors == 1, report
    assert jobs_of(database, article_id) == [(job_id, JobState.ERROR)]
    return article_id, job_id


@pytest.fixture
def team(sqlite_db: Database) -> Team:
    return make_team(sqlite_db)


@pytest.fixture
def site(sqlite_db: Database, team: Team, tmp_path: Path) -> SiteView:
    return add_static_site(sqlite_db, team.admin, tmp_path / "www")


@pytest.fixture
def publisher(sqlite_db: Database) -> Iterator[Publisher]:
    """A publisher whose timer never fires during a test: rounds come from kick()."""
    made = Publisher(sqlite_db, interval_ms=3_600_000)
    yield made
    made.shutdown()
    made.deleteLater()


WindowFactory = Callable[[UserView], MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot, runner: TaskRunner, sqlite_db: Database,
                publisher: Publisher) -> Iterator[WindowFactory]:
    opened: list[MainWindow] = []

    def make(user: UserView) -> MainWindow:
        window = MainWindow(runner, user, "SQLite")
        window.set_publisher(publisher)
        opened.append(window)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: not window.model.is_loading, timeout=WAIT)
        return window

    yield make
    for window in opened:
        window.close()


def test_a_queued_article_is_published_by_the_background_runner(
        qtbot: QtBot, sqlite_db: Database, team: Team, site: SiteView, runner: TaskRunner,
        publisher: Publisher) -> None:
    article_id = queue_article(sqlite_db, team)
    assert publisher.runner is not runner  # a slow site never holds up the app's own work
    report = publish_now(qtbot, publisher)
    assert (report.sent, report.failed, report.errors) == (1, 0, 0)
    assert report.published == [article_id]
    assert [state for _id, state in jobs_of(sqlite_db, article_id)] == [JobState.SUCCESS]
    page = page_of(sqlite_db, site, article_id)
    assert page.is_file() and TITLE in page.read_text("utf-8")
    with sqlite_db.uow() as uow:
        assert articles.get(uow, article_id).status is Status.PUBLISHED


def test_kicks_during_a_round_make_one_more_round(qtbot: QtBot, sqlite_db: Database,
                                                   team: Team, site: SiteView,
                                                   publisher: Publisher) -> None:
    queue_article(sqlite_db, team)
    publisher.kick()
    assert publisher.running
    publisher.kick()
    publisher.kick()  # still one round to come, not two
    qtbot.waitUntil(lambda: publisher.rounds == 2 and not publisher.running, timeout=WAIT)
    second = queue_article(sqlite_db, team, "Друга новина")
    publish_now(qtbot, publisher)
    assert publisher.rounds == 3
    assert page_of(sqlite_db, site, second).is_file()


def test_the_status_bar_says_what_was_published(qtbot: QtBot, open_window: WindowFactory,
                                                sqlite_db: Database, team: Team,
                                                site: SiteView, publisher: Publisher,
                                                uk: None) -> None:
    window = open_window(team.editor)
    assert window.publish_status == ""
    window.queue_action.trigger()  # the queue is on screen: it refreshes after the round
    queue_article(sqlite_db, team)
    queue_article(sqlite_db, team, "Друга новина")
    publish_now(qtbot, publisher)
    assert window.publish_status == "Опубліковано: 2"
    view = window.queue_view
    qtbot.waitUntil(lambda: [job.state for job in view.model.jobs()]
                    == [JobState.SUCCESS, JobState.SUCCESS], timeout=WAIT)


def test_the_status_bar_shows_the_first_error(qtbot: QtBot, open_window: WindowFactory,
                                              sqlite_db: Database, team: Team,
                                              site: SiteView, publisher: Publisher,
                                              uk: None) -> None:
    window = open_window(team.editor)
    _article_id, job_id = make_conflict(qtbot, sqlite_db, publisher, site, team)
    status = window.publish_status
    assert status.startswith(f"Публікація: #{job_id} Сайт ОДА: "), status
    assert window.publish_label.toolTip().startswith(f"#{job_id} Сайт ОДА: ")


def test_queue_actions_kick_the_publisher(qtbot: QtBot, open_window: WindowFactory,
                                          sqlite_db: Database, team: Team, site: SiteView,
                                          publisher: Publisher) -> None:
    window = open_window(team.editor)
    window.queue_action.trigger()
    article_id, job_id = make_conflict(qtbot, sqlite_db, publisher, site, team)
    view = window.queue_view
    qtbot.waitUntil(lambda: view.select_job(job_id), timeout=WAIT)
    qtbot.waitUntil(view.overwrite_button.isEnabled, timeout=WAIT)
    rounds = publisher.rounds
    view.overwrite_button.click()  # pending with "overwrite"; the publisher sends at once
    qtbot.waitUntil(lambda: publisher.rounds > rounds and not publisher.running, timeout=WAIT)
    assert jobs_of(sqlite_db, article_id) == [(job_id, JobState.SUCCESS)]
    assert "«прямий»" in page_of(sqlite_db, site, article_id).read_text("utf-8")


def test_shutdown_waits_for_the_round_and_refuses_more(qtbot: QtBot, sqlite_db: Database,
                                                       team: Team, site: SiteView,
                                                       publisher: Publisher) -> None:
    article_id = queue_article(sqlite_db, team)
    publisher.kick()
    assert publisher.running
    publisher.shutdown()
    assert publisher.runner.is_shut_down and not publisher.running
    assert publisher.stopping()
    # Nothing runs on any thread any more, and nothing new is started.
    assert publisher.runner.wait(0)
    publisher.kick()
    assert not publisher.running
    # The round either finished its job or stopped before claiming it: never half-sent.
    assert [state for _id, state in jobs_of(sqlite_db, article_id)] in (
        [JobState.SUCCESS], [JobState.PENDING])


def test_a_fresh_install_gets_the_static_site_in_the_data_folder(sqlite_db: Database) -> None:
    prepare(sqlite_db, None)
    [site] = stored_sites(sqlite_db)
    assert (site.kind, site.enabled) == ("static", True)
    assert Path(site.path) == config.default_site_dir().resolve()
    assert Path(site.path).is_relative_to(config.data_dir().resolve())
    prepare(sqlite_db, None)  # the next start adds nothing
    assert [s.id for s in stored_sites(sqlite_db)] == [site.id]


def test_the_app_publishes_in_the_background_and_stops_on_close(
        qtbot: QtBot, runner: TaskRunner, sqlite_db: Database, team: Team) -> None:
    startup = Startup(runner, login="nadiia")
    startup.start()
    qtbot.waitUntil(lambda: startup.publisher is not None
                    and startup.publisher.rounds >= 1, timeout=WAIT)
    publisher = startup.publisher
    window = startup.window
    assert publisher is not None and window is not None
    assert publisher.timer.isActive() and publisher.timer.interval() == 30_000
    [site] = stored_sites(sqlite_db)  # made by start-up: publishing needs no set-up
    article_id = queue_article(sqlite_db, team)
    with qtbot.waitSignal(publisher.report_ready, timeout=WAIT):
        window.queue_view.jobs_changed.emit()  # as after a queue action
    assert page_of(sqlite_db, site, article_id).is_file()
    with qtbot.waitSignal(startup.done, timeout=WAIT):
        startup.close_all()
    assert publisher.runner.is_shut_down and not publisher.timer.isActive()
    assert publisher.runner.wait(0)
    window.deleteLater()


def stored_sites(database: Database) -> list[SiteView]:
    with database.uow() as uow:
        return sites.list_sites(uow)
