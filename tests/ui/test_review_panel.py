"""The review panel over a real SQLite file: buttons by role and status, actions through
the task runner, the services' refusals as sentences, comments, and the word diff."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action, action_label, status_label
from newsroom.i18n import tr
from newsroom.services import articles, users, workflow
from newsroom.services.articles import Draft
from newsroom.services.views import ArticleView, UserView
from newsroom.storage.db import Database
from newsroom.text.dates import KYIV
from tests.ui.conftest import add_user, type_text
from ui.tasks import TaskRunner
from ui.widgets.review_panel import ReviewPanel

WAIT = 10_000
TITLE = "Волонтери передали генератори"
BODY = "Волонтери передали генератори до лікарні."
NEW_BODY = "Волонтери передали потужні генератори для обласної лікарні."


@pytest.fixture
def people(sqlite_db: Database) -> dict[str, UserView]:
    add_user(sqlite_db, "olena", Role.WRITER, "Олена Петренко")
    add_user(sqlite_db, "ivan", Role.REVIEWER, "Іван Мельник")
    add_user(sqlite_db, "nadiia", Role.EDITOR, "Надія Шевчук")
    with sqlite_db.uow() as uow:
        return {login: users.get_by_login(uow, login) for login in ("olena", "ivan", "nadiia")}


@pytest.fixture
def article_id(sqlite_db: Database, people: dict[str, UserView]) -> int:
    with sqlite_db.uow() as uow:
        view = articles.create(uow, people["olena"].id, Draft(title=TITLE, body=BODY))
        uow.commit()
    return view.id


def get(database: Database, article_id: int) -> ArticleView:
    with database.uow() as uow:
        return articles.get(uow, article_id)


def act(database: Database, user: UserView, article_id: int, action: Action,
        **kwargs: object) -> None:
    with database.uow() as uow:
        workflow.transition(uow, user.id, article_id, action, **kwargs)  # type: ignore[arg-type]
        uow.commit()


PanelFactory = Callable[[UserView, int], ReviewPanel]


@pytest.fixture
def open_panel(qtbot: QtBot, runner: TaskRunner,
               sqlite_db: Database) -> Iterator[PanelFactory]:
    """A shown panel for ``user`` on the article as stored now, once its comments are in."""
    panels: list[ReviewPanel] = []

    def make(user: UserView, article_id: int) -> ReviewPanel:
        panel = ReviewPanel(runner, user)
        panels.append(panel)
        qtbot.addWidget(panel)
        panel.resize(520, 640)
        panel.show()
        with qtbot.waitSignal(panel.loaded, timeout=WAIT):
            panel.set_article(get(sqlite_db, article_id))
        return panel

    yield make
    for panel in panels:
        panel.close()


def run(qtbot: QtBot, panel: ReviewPanel, start: Callable[[], object]) -> ArticleView:
    with qtbot.waitSignal(panel.article_changed, timeout=WAIT) as blocker:
        start()
    result = blocker.args[0]
    assert isinstance(result, ArticleView)
    return result


def refused(qtbot: QtBot, runner: TaskRunner, panel: ReviewPanel,
            start: Callable[[], object]) -> str:
    """Run an action the service will refuse; return what the panel says."""
    with qtbot.waitSignal(runner.failed, timeout=WAIT):
        start()
    assert not panel.busy
    assert panel.message_label.isVisible()
    return panel.message


def test_a_writer_submits_their_draft(qtbot: QtBot, open_panel: PanelFactory,
                                      people: dict[str, UserView], article_id: int,
                                      sqlite_db: Database, uk: None) -> None:
    panel = open_panel(people["olena"], article_id)
    assert panel.visible_actions() == [Action.SUBMIT, Action.TRASH]
    assert panel.buttons[Action.SUBMIT].text() == "Подати на перевірку"
    assert "чернетка" in panel.status_label.text()
    assert panel.changes_box.isHidden()  # the author reviews nobody here

    view = run(qtbot, panel, lambda: qtbot.mouseClick(panel.buttons[Action.SUBMIT],
                                                      Qt.MouseButton.LeftButton))
    assert view.status is Status.IN_REVIEW
    assert get(sqlite_db, article_id).status is Status.IN_REVIEW
    assert panel.message == "Готово: тепер стаття має статус «на перевірці»."
    assert "на перевірці" in panel.status_label.text()
    assert panel.visible_actions() == [Action.WITHDRAW]  # no approving one's own work


def test_the_reviewer_but_not_the_author_may_judge(qtbot: QtBot, open_panel: PanelFactory,
                                                   people: dict[str, UserView],
                                                   article_id: int,
                                                   sqlite_db: Database) -> None:
    act(sqlite_db, people["olena"], article_id, Action.SUBMIT)
    reviewer = open_panel(people["ivan"], article_id)
    assert reviewer.visible_actions() == [Action.APPROVE, Action.REQUEST_CHANGES]
    author = open_panel(people["olena"], article_id)
    assert Action.APPROVE not in author.visible_actions()
    assert Action.REQUEST_CHANGES not in author.visible_actions()
    editor = open_panel(people["nadiia"], article_id)
    assert editor.visible_actions() == [Action.APPROVE, Action.REQUEST_CHANGES,
                                        Action.WITHDRAW, Action.TRASH]

    view = run(qtbot, reviewer, lambda: reviewer.buttons[Action.APPROVE].click())
    assert view.status is Status.APPROVED
    assert get(sqlite_db, article_id).status is Status.APPROVED
    assert reviewer.visible_actions() == []
    assert reviewer.no_actions_label.isVisible()


def test_request_changes_needs_a_comment(qtbot: QtBot, open_panel: PanelFactory,
                                         runner: TaskRunner, people: dict[str, UserView],
                                         article_id: int, sqlite_db: Database,
                                         uk: None) -> None:
    act(sqlite_db, people["olena"], article_id, Action.SUBMIT)
    panel = open_panel(people["ivan"], article_id)

    # The service refuses a request without a comment, whoever asks.
    message = refused(qtbot, runner, panel,
                      lambda: panel.run_action(Action.REQUEST_CHANGES, comment="  "))
    expected = tr("say what should change: {action} needs a comment",
                  action=action_label(Action.REQUEST_CHANGES))
    assert message == expected[:1].upper() + expected[1:]
    assert get(sqlite_db, article_id).status is Status.IN_REVIEW

    # The button asks for one first, and OK waits for it.
    panel.buttons[Action.REQUEST_CHANGES].click()
    dialog = panel.comment_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.edit, "Уточніть, скільки генераторів і від кого.")
    assert dialog.ok_button.isEnabled()
    view = run(qtbot, panel, dialog.ok_button.click)
    assert view.status is Status.CHANGES_REQUESTED
    assert panel.comment_dialog is None
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        pass  # the panel re-reads its comments after the action
    assert "Уточніть, скільки генераторів і від кого." in panel.comment_thread.toPlainText()
    assert "Іван Мельник" in panel.comment_thread.toPlainText()


def test_a_cancelled_comment_dialog_changes_nothing(qtbot: QtBot, open_panel: PanelFactory,
                                                    people: dict[str, UserView],
                                                    article_id: int,
                                                    sqlite_db: Database) -> None:
    act(sqlite_db, people["olena"], article_id, Action.SUBMIT)
    panel = open_panel(people["ivan"], article_id)
    panel.buttons[Action.REQUEST_CHANGES].click()
    dialog = panel.comment_dialog
    assert dialog is not None
    type_text(qtbot, dialog.edit, "Чернетка коментаря")
    dialog.reject()
    qtbot.waitUntil(lambda: panel.comment_dialog is None, timeout=2000)
    assert not panel.busy
    assert get(sqlite_db, article_id).status is Status.IN_REVIEW


def test_hidden_actions_are_still_refused_by_the_services(
        qtbot: QtBot, open_panel: PanelFactory, runner: TaskRunner,
        people: dict[str, UserView], article_id: int, sqlite_db: Database,
        uk: None) -> None:
    reviewer = open_panel(people["ivan"], article_id)
    assert Action.APPROVE not in reviewer.visible_actions()  # a draft is not for review
    message = refused(qtbot, runner, reviewer, lambda: reviewer.run_action(Action.APPROVE))
    expected = tr("cannot {action} an article that is {status}",
                  action=action_label(Action.APPROVE), status=status_label(Status.DRAFT))
    assert message == expected[:1].upper() + expected[1:]

    act(sqlite_db, people["olena"], article_id, Action.SUBMIT)
    author = open_panel(people["olena"], article_id)
    message = refused(qtbot, runner, author, lambda: author.run_action(Action.APPROVE))
    expected = tr("you cannot {action} your own article: another person must",
                  action=action_label(Action.APPROVE))
    assert message == expected[:1].upper() + expected[1:]
    assert get(sqlite_db, article_id).status is Status.IN_REVIEW
    assert author.buttons[Action.WITHDRAW].isEnabled()  # the panel is usable again


def test_approving_text_that_changed_meanwhile_is_refused(
        qtbot: QtBot, open_panel: PanelFactory, runner: TaskRunner,
        people: dict[str, UserView], article_id: int, sqlite_db: Database) -> None:
    act(sqlite_db, people["olena"], article_id, Action.SUBMIT)
    panel = open_panel(people["ivan"], article_id)
    stale = get(sqlite_db, article_id)
    with sqlite_db.uow() as uow:  # the author fixes a typo on another PC
        articles.save(uow, people["olena"].id, article_id, stale.version,
                      Draft(title=TITLE, body=NEW_BODY))
        uow.commit()
    message = refused(qtbot, runner, panel, lambda: panel.buttons[Action.APPROVE].click())
    assert message.startswith("The article changed since you opened it")
    assert get(sqlite_db, article_id).status is Status.IN_REVIEW


def test_the_diff_shows_the_words_changed_since_my_review(
        qtbot: QtBot, open_panel: PanelFactory, people: dict[str, UserView],
        article_id: int, sqlite_db: Database, uk: None) -> None:
    writer, reviewer = people["olena"], people["ivan"]
    act(sqlite_db, writer, article_id, Action.SUBMIT)
    act(sqlite_db, reviewer, article_id, Action.REQUEST_CHANGES, comment="Додайте деталі.")
    act(sqlite_db, writer, article_id, Action.REVISE)
    with sqlite_db.uow() as uow:
        articles.save(uow, writer.id, article_id, get(sqlite_db, article_id).version,
                      Draft(title=TITLE, body=NEW_BODY))
        uow.commit()
    act(sqlite_db, writer, article_id, Action.SUBMIT)

    panel = open_panel(reviewer, article_id)
    assert panel.changes_box.isVisible()
    assert panel.changes_summary.text() == (
        "Змінено після редакції 1, яку ви перевіряли востаннє; зараз редакція 2.")
    assert panel.diff_view.isHidden()
    assert panel.show_changes_button.isEnabled()

    panel.show_changes_button.click()
    assert panel.diff_view.isVisible()
    inserted = "".join(panel.diff_view.inserted_text())
    deleted = "".join(panel.diff_view.deleted_text())
    assert "потужні" in inserted and "обласної" in inserted and "для" in inserted
    assert "до" in deleted
    assert "Волонтери" not in inserted + deleted  # unchanged words are not marked
    html = panel.diff_view.toHtml()
    assert "line-through" in html and "underline" in html
    assert panel.diff_view.toPlainText().startswith(TITLE)

    # Opening the diff records that this reviewer has now read revision 2.
    def seen() -> int | None:
        with sqlite_db.uow() as uow:
            return workflow.last_reviewed_revision(uow, reviewer.id, article_id)

    qtbot.waitUntil(lambda: seen() == 2, timeout=WAIT)
    again = open_panel(reviewer, article_id)
    assert again.changes_summary.text() == (
        "Нічого не змінилося після вашої останньої перевірки (редакція 2).")
    assert not again.show_changes_button.isEnabled()


def test_a_first_review_shows_the_whole_text_as_new(open_panel: PanelFactory,
                                                    people: dict[str, UserView],
                                                    article_id: int,
                                                    sqlite_db: Database) -> None:
    act(sqlite_db, people["olena"], article_id, Action.SUBMIT)
    panel = open_panel(people["ivan"], article_id)
    assert panel.changes_summary.text().startswith("You have not reviewed this article")
    panel.show_changes_button.click()
    assert "".join(panel.diff_view.inserted_text()) == f"{TITLE}\n\n{BODY}"


def test_comments_are_added_to_the_thread(qtbot: QtBot, open_panel: PanelFactory,
                                          runner: TaskRunner, people: dict[str, UserView],
                                          article_id: int, sqlite_db: Database,
                                          uk: None) -> None:
    panel = open_panel(people["olena"], article_id)
    assert panel.comment_thread.toPlainText() == "Коментарів ще немає."
    assert not panel.add_comment_button.isEnabled()
    type_text(qtbot, panel.comment_edit, "Фото додам завтра.")
    assert panel.add_comment_button.isEnabled()
    with qtbot.waitSignal(runner.finished, timeout=WAIT):
        panel.add_comment_button.click()
    assert "Фото додам завтра." in panel.comment_thread.toPlainText()
    assert "Олена Петренко" in panel.comment_thread.toPlainText()
    assert panel.comment_edit.toPlainText() == ""
    with sqlite_db.uow() as uow:
        assert [c.body for c in workflow.comments(uow, article_id)] == ["Фото додам завтра."]


def test_scheduling_asks_for_a_future_kyiv_time(qtbot: QtBot, open_panel: PanelFactory,
                                                people: dict[str, UserView],
                                                article_id: int, sqlite_db: Database,
                                                uk: None) -> None:
    act(sqlite_db, people["olena"], article_id, Action.SUBMIT)
    act(sqlite_db, people["ivan"], article_id, Action.APPROVE)
    panel = open_panel(people["nadiia"], article_id)
    assert panel.visible_actions() == [Action.REOPEN, Action.QUEUE, Action.SCHEDULE,
                                       Action.TRASH]
    panel.buttons[Action.SCHEDULE].click()
    dialog = panel.schedule_dialog
    assert dialog is not None and dialog.isVisible()

    dialog.set_moment(datetime.now(UTC) - timedelta(hours=2))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Цей час уже минув: оберіть момент у майбутньому."

    tomorrow = datetime.now(KYIV).date() + timedelta(days=1)
    target = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, 30, tzinfo=KYIV)
    dialog.set_moment(target)
    assert dialog.edit.dateTime().toString("dd.MM.yyyy HH:mm") == target.strftime(
        "%d.%m.%Y 10:30")  # Kyiv wall-clock time, whatever the PC's zone
    view = run(qtbot, panel, dialog.buttons.button(dialog.buttons.StandardButton.Ok).click)
    assert view.status is Status.SCHEDULED
    assert view.scheduled_at == target.astimezone(UTC)
