"""The article window over a real SQLite file, driven with keyboard and mouse.

Typing goes through real key events into the real BodyEditor (``type_text``
for Cyrillic), saving through Ctrl+S, closing through Ctrl+W; the database is
checked through the services afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox
from pytestqt.logging import QtLoggingPlugin
from pytestqt.qtbot import QtBot

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, autosave, locks, users
from newsroom.services.articles import Draft
from newsroom.services.views import ArticleView, UserView
from newsroom.storage.db import Database
from newsroom.storage.models import Article
from tests.ui.conftest import add_articles, add_user, type_text
from ui.session.article_session import ReadOnly, draft_of
from ui.startup import Startup
from ui.tasks import TaskRunner
from ui.widgets import article_window
from ui.widgets.article_window import ArticleWindow

WindowFactory = Callable[..., ArticleWindow]


def _user(db: Database, login: str) -> UserView:
    with db.uow() as uow:
        return users.get_by_login(uow, login)


@pytest.fixture
def author(sqlite_db: Database) -> UserView:
    add_user(sqlite_db, "olena", Role.WRITER, "Олена Петренко")
    return _user(sqlite_db, "olena")


@pytest.fixture
def editor(sqlite_db: Database) -> UserView:
    add_user(sqlite_db, "taras", Role.EDITOR, "Тарас Коваль")
    return _user(sqlite_db, "taras")


@pytest.fixture
def article_id(sqlite_db: Database, author: UserView) -> int:
    with sqlite_db.uow() as uow:
        view = articles.create(uow, author.id, Draft(
            title="Нарада щодо опалювального сезону", lead="Котельні готові.",
            body="## Головне\n\nОбговорили **підготовку** шкіл і *лікарень*.\n\n"
                 "- котельні\n- мережі\n", section="Новини", tags=("опалення",)))
        uow.commit()
        return view.id


@pytest.fixture
def open_window(qtbot: QtBot, runner: TaskRunner) -> Iterator[WindowFactory]:
    """Article windows, opened and loaded; closed without asking and deleted afterwards."""
    opened: list[ArticleWindow] = []

    def make(user: UserView, article_id: int | None = None,
             on_runner: TaskRunner | None = None) -> ArticleWindow:
        window = ArticleWindow(on_runner or runner, user, article_id)
        window.session.autosave_interval_ms = 200
        opened.append(window)
        window.show()
        qtbot.waitUntil(lambda: window.session.read_only_reason is not ReadOnly.LOADING,
                        timeout=10_000)
        return window

    yield make
    for window in opened:
        if shiboken6.isValid(window):
            for box in (window.close_box, window.autosave_box):
                if box is not None:
                    box.close()
            window.force_close()
    runner.wait(10_000)
    for window in opened:
        if shiboken6.isValid(window):
            window.deleteLater()


def _stored(db: Database, article_id: int) -> ArticleView:
    with db.uow() as uow:
        return articles.get(uow, article_id)


def _revisions(db: Database, article_id: int) -> int:
    with db.uow() as uow:
        return len(articles.revisions(uow, article_id))


def _type_at_end(qtbot: QtBot, window: ArticleWindow, text: str) -> None:
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, window.editor, text)


def _ctrl(qtbot: QtBot, widget: object, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]


def _lock_holder(db: Database, article_id: int) -> int | None:
    with db.uow() as uow:
        lock = locks.current(uow, article_id)
        return lock.user_id if lock is not None else None


def _set_status(db: Database, article_id: int, status: Status,
                published_at: datetime | None = None,
                scheduled_at: datetime | None = None) -> None:
    with db.uow() as uow:
        article = uow.session.get(Article, article_id)
        assert article is not None
        article.status = status
        article.published_at = published_at
        article.scheduled_at = scheduled_at
        uow.commit()


# ------------------------------------------------------------ text and saving


def test_the_editor_shows_the_articles_markdown_and_the_fields(
        open_window: WindowFactory, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    window = open_window(author, article_id)
    stored = _stored(sqlite_db, article_id)
    assert window.editor.to_markdown() == stored.body
    assert window.editor.toPlainText().startswith("Головне\nОбговорили підготовку шкіл")
    assert window.metadata.title_edit.text() == "Нарада щодо опалювального сезону"
    assert window.metadata.lead_edit.toPlainText() == "Котельні готові."
    assert window.metadata.section_combo.currentText() == "Новини"
    assert window.metadata.tags_edit.text() == "опалення"
    assert window.metadata.signature_edit.text() == author.signature
    assert window.metadata.slug_edit.text() == stored.slug
    assert not window.session.dirty
    assert window.windowTitle().startswith("Нарада щодо опалювального сезону —")
    assert window.review.article is not None and window.review.article.id == article_id


def test_typing_marks_the_window_dirty_and_ctrl_s_saves_the_editors_markdown(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    window = open_window(author, article_id)
    _type_at_end(qtbot, window, " Окремо — ")
    _ctrl(qtbot, window.editor, Qt.Key.Key_B)
    type_text(qtbot, window.editor, "мости")
    _ctrl(qtbot, window.editor, Qt.Key.Key_B)
    type_text(qtbot, window.editor, ".")
    qtbot.waitUntil(lambda: window.session.dirty, timeout=5_000)
    assert window.windowTitle().startswith("Нарада щодо опалювального сезону* —")
    assert not window.review.isEnabled() and window.review_hint.isVisible()
    with qtbot.waitSignal(window.session.saved, timeout=10_000):
        _ctrl(qtbot, window.editor, Qt.Key.Key_S)
    stored = _stored(sqlite_db, article_id)
    assert stored.body == window.editor.to_markdown()
    assert stored.body.endswith("- мережі Окремо — **мости**.\n")
    assert _revisions(sqlite_db, article_id) == 2
    assert not window.session.dirty
    assert window.windowTitle().startswith("Нарада щодо опалювального сезону —")
    assert window.review.isEnabled()


def test_autosave_while_typing_is_not_a_revision(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    window = open_window(author, article_id)
    _type_at_end(qtbot, window, " Автозбереження.")
    qtbot.waitUntil(lambda: window.autosave_label.text() != "", timeout=5_000)
    with sqlite_db.uow() as uow:
        [kept] = autosave.pending(uow, author.id)
    assert kept.body.endswith("Автозбереження.\n")
    assert _revisions(sqlite_db, article_id) == 1


def test_the_markdown_and_preview_tabs_show_the_text_as_it_will_be_saved(
        open_window: WindowFactory, qtbot: QtBot, author: UserView, article_id: int) -> None:
    window = open_window(author, article_id)
    _type_at_end(qtbot, window, " Ще.")
    window.body.setCurrentIndex(window.body.SOURCE)
    assert window.source_view.toPlainText() == window.editor.to_markdown()
    window.body.setCurrentIndex(window.body.PREVIEW)
    assert "Обговорили підготовку шкіл" in window.preview.toPlainText()
    assert [window.body.tabText(i) for i in range(3)] == ["Editor", "Markdown", "Preview"]


def test_a_failed_save_is_a_readable_message(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    window = open_window(author, article_id)
    window.metadata.title_edit.setFocus()
    qtbot.keyClick(window.metadata.title_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.metadata.title_edit, Qt.Key.Key_Delete)
    with qtbot.waitSignal(window.session.error, timeout=10_000):
        window.save()
    assert window.error_bar.isVisible()
    assert "title is empty" in window.error_bar.text()
    assert "Traceback" not in window.error_bar.text()
    assert _revisions(sqlite_db, article_id) == 1


# ------------------------------------------------------------------ closing


def test_closing_a_clean_window_asks_nothing_and_releases_the_lock(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    window = open_window(author, article_id)
    with qtbot.waitSignal(window.session.closed, timeout=10_000):
        _ctrl(qtbot, window.editor, Qt.Key.Key_W)
    assert not window.isVisible() and window.close_box is None
    with sqlite_db.uow() as uow:
        assert locks.current(uow, article_id) is None


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(
        open_window: WindowFactory, qtbot: QtBot, author: UserView, article_id: int) -> None:
    window = open_window(author, article_id)
    _type_at_end(qtbot, window, " Незбережене.")
    _ctrl(qtbot, window.editor, Qt.Key.Key_W)
    box = window.close_box
    assert box is not None and box.isVisible()
    assert "Нарада щодо опалювального сезону" in box.text()
    with qtbot.waitSignal(window.close_cancelled):
        box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible() and window.session.dirty


def test_closing_with_discard_leaves_the_last_saved_text_and_no_autosave(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    window = open_window(author, article_id)
    before = _stored(sqlite_db, article_id)
    _type_at_end(qtbot, window, " Відкинути.")
    window.session.autosave_now()
    qtbot.waitUntil(lambda: window.autosave_label.text() != "", timeout=5_000)
    window.close()
    assert window.close_box is not None
    with qtbot.waitSignal(window.session.closed, timeout=10_000):
        window.close_box.button(QMessageBox.StandardButton.Discard).click()
    assert not window.isVisible()
    after = _stored(sqlite_db, article_id)
    assert (after.body, after.version, after.revision) == (before.body, before.version, 1)
    with sqlite_db.uow() as uow:
        assert autosave.pending(uow, author.id) == []
        assert locks.current(uow, article_id) is None


def test_closing_with_save_stores_a_revision_then_closes(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    window = open_window(author, article_id)
    _type_at_end(qtbot, window, " Зберегти.")
    window.close()
    assert window.close_box is not None
    with qtbot.waitSignal(window.session.closed, timeout=10_000):
        window.close_box.button(QMessageBox.StandardButton.Save).click()
    assert not window.isVisible()
    assert _stored(sqlite_db, article_id).body.endswith("Зберегти.\n")


# ----------------------------------------------------------------- conflicts


def _someone_saves(db: Database, user_id: int, article_id: int, body: str) -> None:
    with db.uow() as uow:
        view = articles.get(uow, article_id)
        articles.save(uow, user_id, article_id, view.version, replace(draft_of(view), body=body))
        uow.commit()


@pytest.mark.parametrize("choice", ["keepMine", "takeTheirs", "saveMerged"])
def test_a_save_that_meets_a_newer_version_opens_the_conflict_dialog(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        editor: UserView, article_id: int, choice: str) -> None:
    _someone_saves(sqlite_db, author.id, article_id, "Перший варіант.\n")
    window = open_window(author, article_id)
    window.editor.selectAll()
    type_text(qtbot, window.editor, "Текст авторки.")
    _someone_saves(sqlite_db, editor.id, article_id, "Текст редактора.\n")
    with qtbot.waitSignal(window.session.conflict, timeout=10_000):
        window.save()
    dialog = window.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Текст авторки." in dialog.mine_view.toPlainText()
    assert "Текст редактора." in dialog.theirs_view.toPlainText()
    assert window.editor.to_markdown() == "Текст авторки.\n"  # nothing lost meanwhile
    if choice == "saveMerged":
        dialog.merge_body.setPlainText("Текст редактора.\n\nТекст авторки.\n")
    button = {"keepMine": dialog.keep_mine_button, "takeTheirs": dialog.take_theirs_button,
              "saveMerged": dialog.save_merged_button}[choice]
    signal = window.session.loaded if choice == "takeTheirs" else window.session.saved
    with qtbot.waitSignal(signal, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    stored = _stored(sqlite_db, article_id)
    with sqlite_db.uow() as uow:
        history = [r.body for r in articles.revisions(uow, article_id)]
        kept = autosave.pending(uow, author.id)
    assert "Текст редактора.\n" in history  # theirs is never lost
    if choice == "keepMine":
        assert stored.body == "Текст авторки.\n"
    elif choice == "takeTheirs":
        assert stored.body == "Текст редактора.\n"
        assert window.editor.to_markdown() == "Текст редактора.\n"
        assert [k.body for k in kept] == ["Текст авторки.\n"]  # mine is recoverable
    else:
        assert stored.body == "Текст редактора.\n\nТекст авторки.\n"
        assert window.editor.to_markdown() == stored.body
    assert not window.session.dirty


# ---------------------------------------------------------------------- locks


def test_a_second_user_sees_the_lock_banner_and_a_read_only_editor_then_takes_over(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database,
        make_runner: Callable[[Database], TaskRunner], author: UserView, editor: UserView,
        article_id: int, uk: None) -> None:
    holder = open_window(author, article_id)
    holder.session.heartbeat_interval_ms = 100
    _type_at_end(qtbot, holder, " Текст авторки.")
    other = open_window(editor, article_id, on_runner=make_runner(sqlite_db))
    assert other.lock_banner.isVisible()
    assert other.lock_banner.text.startswith("Редагує: Олена Петренко з ")
    assert other.editor.isReadOnly() and other.metadata.title_edit.isReadOnly()
    assert not other.save_action.isEnabled()
    assert other.lock_banner.take_over_button.isVisible()
    assert other.lock_banner.take_over_button.text() == "Перехопити"
    with qtbot.waitSignal(other.session.loaded, timeout=10_000):
        qtbot.mouseClick(other.lock_banner.take_over_button, Qt.MouseButton.LeftButton)
    assert not other.lock_banner.isVisible() and not other.editor.isReadOnly()
    # The author's window notices at its next heartbeat and keeps her text.
    qtbot.waitUntil(lambda: holder.lock_banner.isVisible(), timeout=5_000)
    assert holder.lock_banner.text.startswith("Редагує: Тарас Коваль з ")
    assert holder.editor.isReadOnly()
    assert not holder.lock_banner.take_over_button.isVisible()  # a writer cannot take it
    assert holder.editor.to_markdown().endswith("Текст авторки.\n")
    qtbot.waitUntil(lambda: bool(autosave_bodies(sqlite_db, author.id)), timeout=5_000)
    assert autosave_bodies(sqlite_db, author.id)[0].endswith("Текст авторки.\n")


def autosave_bodies(db: Database, user_id: int) -> list[str]:
    with db.uow() as uow:
        return [a.body for a in autosave.pending(uow, user_id)]


def test_a_reader_without_permission_gets_a_read_only_window_and_a_reason(
        open_window: WindowFactory, sqlite_db: Database, article_id: int) -> None:
    add_user(sqlite_db, "ivan", Role.REVIEWER, "Іван Сидоренко")
    window = open_window(_user(sqlite_db, "ivan"), article_id)
    assert window.session.read_only_reason is ReadOnly.PERMISSION
    assert window.editor.isReadOnly() and window.notice.isVisible()
    assert not window.lock_banner.isVisible()


# ------------------------------------------------------------------ metadata


def test_a_new_articles_address_follows_its_title_until_edited(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database,
        author: UserView) -> None:
    add_articles(sqlite_db, author.id, ["Відкриття ЦНАП"])  # takes vidkryttia-tsnap
    window = open_window(author)
    panel = window.metadata
    assert window.session.is_new and panel.title_edit.text() == "New article"
    panel.title_edit.setFocus()
    panel.title_edit.selectAll()
    type_text(qtbot, panel.title_edit, "Відкриття ЦНАП")
    qtbot.waitUntil(lambda: panel.slug_edit.text() == "vidkryttia-tsnap-2", timeout=5_000)
    panel.slug_edit.setFocus()
    panel.slug_edit.selectAll()
    qtbot.keyClicks(panel.slug_edit, "vidkryttia-tsnap")
    panel.check_slug_now()
    qtbot.waitUntil(lambda: panel.slug_message != "", timeout=5_000)
    assert "vidkryttia-tsnap" in panel.slug_message and "another article" in panel.slug_message
    assert not panel.auto_slug
    qtbot.keyClicks(panel.slug_edit, "-bucha")
    panel.check_slug_now()
    qtbot.waitUntil(lambda: panel.slug_message == "", timeout=5_000)
    with qtbot.waitSignal(window.session.saved, timeout=10_000) as blocker:
        window.save()
    assert blocker.args[0].slug == "vidkryttia-tsnap-bucha"


def test_a_badly_spelled_address_is_explained_inline(
        open_window: WindowFactory, qtbot: QtBot, author: UserView, article_id: int) -> None:
    window = open_window(author, article_id)
    panel = window.metadata
    panel.slug_edit.setFocus()
    panel.slug_edit.selectAll()
    qtbot.keyClicks(panel.slug_edit, "Bad Slug")
    panel.check_slug_now()
    assert "bad-slug" in panel.slug_message


def test_the_featured_photo_is_stored_and_shown(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int, tmp_path: Path) -> None:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a6fb0"))
    path = tmp_path / "нарада.png"
    assert image.save(str(path))
    window = open_window(author, article_id)
    panel = window.metadata
    with qtbot.waitSignal(panel.featured_changed, timeout=10_000):
        panel.attach_photo(str(path))
    assert panel.photo is not None and (panel.photo.width, panel.photo.height) == (64, 48)
    assert not panel.thumbnail.pixmap().isNull()
    assert panel.photo_message == ""
    from newsroom.services import media

    with sqlite_db.uow() as uow:
        featured = media.featured(uow, article_id)
    assert featured is not None and featured.filename == "нарада.png"


def test_a_file_that_is_not_an_image_gives_one_clear_message(
        open_window: WindowFactory, qtbot: QtBot, author: UserView, article_id: int,
        tmp_path: Path) -> None:
    path = tmp_path / "звіт.jpg"
    path.write_text("це не картинка", encoding="utf-8")
    window = open_window(author, article_id)
    panel = window.metadata
    panel.attach_photo(str(path))
    qtbot.waitUntil(lambda: panel.photo_message != "", timeout=10_000)
    assert "звіт.jpg" in panel.photo_message and "PNG, JPEG, GIF" in panel.photo_message
    assert panel.photo is None
    assert window.findChildren(QMessageBox) == []


def test_the_publication_time_is_shown_in_kyiv_and_read_only(
        open_window: WindowFactory, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    _set_status(sqlite_db, article_id, Status.SCHEDULED,
                scheduled_at=datetime(2025, 1, 15, 8, 30, tzinfo=UTC))
    window = open_window(author, article_id)
    panel = window.metadata
    assert panel.shown_moment == "15.01.2025 10:30"  # winter: UTC+2
    assert panel.publish_edit.isReadOnly()
    assert "review panel" in panel.publish_edit.toolTip()
    assert window.session.read_only_reason is ReadOnly.STATUS
    label = window.notice
    assert isinstance(label, QLabel) and label.isVisible()


# ------------------------------------------------------------------ start-up


def _start(qtbot: QtBot, runner: TaskRunner, login: str) -> Startup:
    startup = Startup(runner, login=login)
    startup.start()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    assert startup.window is not None
    qtbot.waitUntil(lambda: not startup.window.model.is_loading, timeout=10_000)  # type: ignore[union-attr]
    return startup


def _finish(qtbot: QtBot, startup: Startup, *, already_done: bool = False) -> None:
    if already_done:
        startup.close_all()
    else:
        with qtbot.waitSignal(startup.done, timeout=10_000):
            startup.close_all()
    if startup.window is not None:
        startup.window.deleteLater()


def _loaded(qtbot: QtBot, window: ArticleWindow) -> ArticleWindow:
    qtbot.waitUntil(lambda: window.session.view is not None
                    and window.session.read_only_reason is not ReadOnly.LOADING,
                    timeout=10_000)
    return window


def test_the_main_window_opens_an_article_once_and_raises_it_again(
        qtbot: QtBot, qtlog: QtLoggingPlugin, runner: TaskRunner, sqlite_db: Database,
        author: UserView, article_id: int) -> None:
    startup = _start(qtbot, runner, "olena")
    main, windows = startup.window, startup.articles
    assert main is not None and windows is not None
    main.open_article(article_id)
    with qtlog.disabled():  # the offscreen platform says it cannot raise() windows
        main.open_article(article_id)
    assert len(windows.windows) == 1
    window = _loaded(qtbot, windows.windows[0])
    assert window.article_id == article_id and window.isVisible()
    _finish(qtbot, startup)
    assert windows.windows == []


def test_ctrl_n_creates_a_draft_and_saving_refreshes_the_list(
        qtbot: QtBot, runner: TaskRunner, sqlite_db: Database, author: UserView) -> None:
    startup = _start(qtbot, runner, "olena")
    main, windows = startup.window, startup.articles
    assert main is not None and windows is not None
    _ctrl(qtbot, main, Qt.Key.Key_N)
    assert len(windows.windows) == 1
    window = _loaded(qtbot, windows.windows[0])
    assert window.session.is_new and window.article_id is not None
    window.metadata.title_edit.setFocus()
    window.metadata.title_edit.selectAll()
    type_text(qtbot, window.metadata.title_edit, "Новий сквер у Вишгороді")
    with qtbot.waitSignal(main.model.modelReset, timeout=10_000):
        _ctrl(qtbot, window.editor, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not main.model.is_loading, timeout=10_000)
    titles = [main.model.index(r, 0).data() for r in range(main.model.rowCount())]
    assert "Новий сквер у Вишгороді" in titles
    _finish(qtbot, startup)


def test_quitting_asks_about_unsaved_changes_first(
        qtbot: QtBot, runner: TaskRunner, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    startup = _start(qtbot, runner, "olena")
    main, windows = startup.window, startup.articles
    assert main is not None and windows is not None
    window = _loaded(qtbot, windows.open(article_id))
    _type_at_end(qtbot, window, " Не загубити.")
    main.close()
    assert main.isVisible() and window.close_box is not None  # the question comes first
    window.close_box.button(QMessageBox.StandardButton.Cancel).click()
    assert main.isVisible() and window.isVisible()
    main.close()
    assert window.close_box is not None
    with qtbot.waitSignal(startup.done, timeout=10_000):
        window.close_box.button(QMessageBox.StandardButton.Save).click()
    assert _stored(sqlite_db, article_id).body.endswith("Не загубити.\n")
    assert windows.windows == [] and not main.isVisible()
    _finish(qtbot, startup, already_done=True)


# --------------------------------------------------------------- the whole flow


def test_type_format_save_submit_approve_link_and_queue(
        qtbot: QtBot, sqlite_db: Database, make_runner: Callable[[Database], TaskRunner],
        author: UserView, editor: UserView, uk: None) -> None:
    """The issue's flow, through real widgets on two "PCs" (two runners, one database).

    Olena: Ctrl+N in the main window, types the title, lead and body with the
    keyboard (bold with Ctrl+B, a list with the toolbar's button), Ctrl+S, «Подати на
    перевірку» in the review dock, Ctrl+W. Taras: opens it from his main
    window, «Схвалити», «Пов’язані…» (picks two published articles in the
    picker, «Зберегти»), «Поставити в чергу».
    """
    published = add_articles(sqlite_db, editor.id, ["Відкриття укриття в ліцеї",
                                                    "Новий маршрут автобуса"])
    for other in published:
        _set_status(sqlite_db, other, Status.PUBLISHED,
                    published_at=datetime(2024, 5, 1, 9, 0, tzinfo=UTC))

    # --- Olena writes and submits.
    olena = _start(qtbot, make_runner(sqlite_db), "olena")
    assert olena.window is not None and olena.articles is not None
    _ctrl(qtbot, olena.window, Qt.Key.Key_N)
    window = _loaded(qtbot, olena.articles.windows[0])
    title = window.metadata.title_edit
    title.setFocus()
    title.selectAll()
    type_text(qtbot, title, "У Бучі відкрили ЦНАП")
    window.metadata.lead_edit.setFocus()
    type_text(qtbot, window.metadata.lead_edit, "Центр працюватиме щодня.")
    window.editor.setFocus()
    type_text(qtbot, window.editor, "Новий ")
    _ctrl(qtbot, window.editor, Qt.Key.Key_B)
    type_text(qtbot, window.editor, "центр надання адміністративних послуг")
    _ctrl(qtbot, window.editor, Qt.Key.Key_B)
    type_text(qtbot, window.editor, " відкрили в Бучі.")
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    bullets = window.format_toolbar.widgetForAction(window.format_toolbar.bullets_action)
    assert bullets is not None
    qtbot.mouseClick(bullets, Qt.MouseButton.LeftButton)
    window.editor.setFocus()
    type_text(qtbot, window.editor, "паспорти")
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    type_text(qtbot, window.editor, "субсидії")
    with qtbot.waitSignal(window.session.saved, timeout=10_000):
        _ctrl(qtbot, window.editor, Qt.Key.Key_S)
    article_id = window.article_id
    assert article_id is not None
    stored = _stored(sqlite_db, article_id)
    assert stored.title == "У Бучі відкрили ЦНАП"
    assert stored.slug == "u-buchi-vidkryly-tsnap"
    assert stored.body == ("Новий **центр надання адміністративних послуг** відкрили в "
                           "Бучі.\n\n- паспорти\n- субсидії\n")
    submit = window.review.buttons[Action.SUBMIT]
    assert submit.text() == "Подати на перевірку"
    with qtbot.waitSignal(window.review.article_changed, timeout=10_000):
        qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert _stored(sqlite_db, article_id).status is Status.IN_REVIEW
    assert not window.editor.isReadOnly()  # in review the author may still correct it
    with qtbot.waitSignal(window.closed, timeout=10_000):
        _ctrl(qtbot, window.editor, Qt.Key.Key_W)
    _finish(qtbot, olena)

    # --- Taras approves, links two related articles and queues it.
    taras = _start(qtbot, make_runner(sqlite_db), "taras")
    assert taras.window is not None and taras.articles is not None
    taras.window.open_article(article_id)
    window = _loaded(qtbot, taras.articles.windows[0])
    with qtbot.waitSignal(window.review.article_changed, timeout=10_000):
        qtbot.mouseClick(window.review.buttons[Action.APPROVE], Qt.MouseButton.LeftButton)
    assert _stored(sqlite_db, article_id).status is Status.APPROVED
    assert window.editor.isReadOnly()  # approved text is frozen, the lock given back
    qtbot.waitUntil(lambda: _lock_holder(sqlite_db, article_id) is None, timeout=5_000)
    assert window.related_action.text() == "Пов’&язані…"
    window.related_action.trigger()
    picker = window.related_dialog
    assert picker is not None
    qtbot.waitUntil(lambda: picker.loaded, timeout=10_000)
    for other in published:
        row = picker.result_ids().index(other)
        picker.results_list.setCurrentRow(row)
        qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert picker.chosen_ids() == published
    with qtbot.waitSignal(picker.finished, timeout=10_000) as blocker:
        qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [QDialog.DialogCode.Accepted]
    with qtbot.waitSignal(window.review.article_changed, timeout=10_000):
        qtbot.mouseClick(window.review.buttons[Action.QUEUE], Qt.MouseButton.LeftButton)
    final = _stored(sqlite_db, article_id)
    assert final.status is Status.QUEUED
    assert [r.id for r in final.related] == published
    _finish(qtbot, taras)


# ------------------------------------------------------- autosave while typing


def test_steady_typing_is_autosaved_without_waiting_for_a_pause(
        open_window: WindowFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window hands the body over only after a pause; autosave must not wait for one.

    A key every 40 ms keeps the 250 ms batching from ever handing the body over;
    the batching pause is also raised to a minute, so a slow machine stalling
    between keys cannot hand it over either and hide the bug.
    """
    monkeypatch.setattr(article_window, "BODY_SYNC_MS", 60_000)
    window = open_window(author, article_id)
    before = _stored(sqlite_db, article_id).body
    letters = "abcdefghijklmnopqrstuvwxyz" * 20
    typed: list[str] = []
    autosaved_at: list[int] = []  # how much was typed when each autosave arrived

    def type_one() -> None:
        qtbot.keyClicks(window.editor, letters[len(typed)])
        typed.append(letters[len(typed)])

    def autosaved(_when: object) -> None:
        autosaved_at.append(len(typed))
        if len(autosaved_at) == 3:
            typing.stop()  # right here: no later keystroke, no pause before reading

    window.session.autosaved.connect(autosaved)
    typing = QTimer(window)
    typing.setInterval(40)
    typing.timeout.connect(type_one)
    _type_at_end(qtbot, window, "")
    typing.start()
    try:
        qtbot.waitUntil(lambda: len(autosaved_at) >= 3, timeout=15_000)
    finally:
        typing.stop()
    assert len(typed) < len(letters)
    with sqlite_db.uow() as uow:
        [kept] = autosave.pending(uow, author.id)
    # The third copy was taken at a tick after the second one arrived, so it
    # holds at least what was typed by then: about one interval before the end.
    assert kept.body.startswith(before.removesuffix("\n")) and kept.body.endswith("\n")
    copied = kept.body[len(before) - 1:-1]
    assert "".join(typed).startswith(copied)
    assert len(copied) >= autosaved_at[1] > 0
    assert _revisions(sqlite_db, article_id) == 1
