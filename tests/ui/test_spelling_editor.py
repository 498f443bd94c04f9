"""Spelling in the body editor: underlines, suggestions, dictionaries (real Hunspell, real DB)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from newsroom.domain.roles import Role
from newsroom.services import dictionary, users
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from tests.ui.conftest import add_articles, add_user, type_text
from ui.session.spelling import SpellingSession, preload_dictionary
from ui.settings import SPELLING_KEY, app_settings, read_bool
from ui.tasks import TaskRunner
from ui.widgets.article_window import ArticleWindow
from ui.widgets.body_editor import BodyEditor
from ui.widgets.spell_menu import SpellingMenu

LOAD_TIMEOUT_MS = 20_000
SPELL_UNDERLINE = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


def _user(db: Database, user_id: int) -> UserView:
    with db.uow() as uow:
        return users.view(users.load(uow, user_id))


@pytest.fixture
def make_editor(qtbot: QtBot, runner: TaskRunner,
                sqlite_db: Database) -> Callable[[int], tuple[BodyEditor, SpellingMenu]]:
    """A body editor with spelling for one user, the dictionary loaded."""

    def make(user_id: int) -> tuple[BodyEditor, SpellingMenu]:
        editor = BodyEditor()
        qtbot.addWidget(editor)
        editor.show()  # laid out, so a point in the viewport finds its word
        qtbot.waitExposed(editor)
        session = SpellingSession(runner, _user(sqlite_db, user_id), editor)
        spelling = SpellingMenu(editor, session)
        with qtbot.waitSignals([session.ready, spelling.highlighter.pass_finished],
                               timeout=LOAD_TIMEOUT_MS):
            session.start()
        return editor, spelling

    return make


def _underlined(editor: BodyEditor) -> list[str]:
    """The text under every spelling underline, from the block layouts."""
    found: list[str] = []
    block = editor.document().firstBlock()
    while block.isValid():
        for fr in block.layout().formats():
            if fr.format.underlineStyle() == SPELL_UNDERLINE:
                found.append(block.text()[fr.start:fr.start + fr.length])
        block = block.next()
    return found


def _point_at(editor: BodyEditor, position: int) -> QPoint:
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position)
    return editor.cursorRect(cursor).center()


def test_a_typed_misspelling_is_underlined_and_markdown_is_untouched(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    editor, _ = make_editor(add_user(sqlite_db))
    type_text(qtbot, editor, "Сесія міськради: помилкка у сім'ї та проєкт.")
    assert _underlined(editor) == ["помилкка"]
    assert editor.to_markdown() == "Сесія міськради: помилкка у сім'ї та проєкт.\n"
    assert not any(fr.format.underlineStyle() == SPELL_UNDERLINE
                   for fr in editor.document().firstBlock().textFormats())


def test_the_word_being_typed_is_underlined_only_once_the_cursor_leaves_it(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    editor, _ = make_editor(add_user(sqlite_db))
    type_text(qtbot, editor, "Слово помилкка")
    assert _underlined(editor) == []  # still typing it
    type_text(qtbot, editor, " і")
    assert _underlined(editor) == ["помилкка"]
    type_text(qtbot, editor, " ще помилккою")
    assert _underlined(editor) == ["помилкка"]
    editor.moveCursor(QTextCursor.MoveOperation.Start)  # a click elsewhere
    assert _underlined(editor) == ["помилкка", "помилккою"]


def test_underlines_appear_once_the_dictionary_has_loaded(
        qtbot: QtBot, sqlite_db: Database, runner: TaskRunner) -> None:
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.set_markdown("Уже написаний текст із помилккою.")
    session = SpellingSession(runner, _user(sqlite_db, add_user(sqlite_db)), editor)
    spelling = SpellingMenu(editor, session)
    assert _underlined(editor) == []
    with qtbot.waitSignals([session.ready, spelling.highlighter.pass_finished],
                           timeout=LOAD_TIMEOUT_MS):
        session.start()
    assert _underlined(editor) == ["помилккою"]
    # Underlines are not edits: the window collects the body only when modified.
    assert not editor.document().isModified()
    assert editor.document().availableUndoSteps() == 0


def test_switching_spelling_off_and_on(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    editor, spelling = make_editor(add_user(sqlite_db))
    editor.set_markdown("Одна помилкка.")
    assert _underlined(editor) == ["помилкка"]
    with qtbot.waitSignal(spelling.highlighter.pass_finished):
        spelling.set_enabled(False)
    assert _underlined(editor) == []
    with qtbot.waitSignal(spelling.highlighter.pass_finished):
        spelling.set_enabled(True)
    assert _underlined(editor) == ["помилкка"]


def test_a_suggestion_arrives_by_signal_and_replaces_the_word_in_one_undo(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    editor, spelling = make_editor(add_user(sqlite_db))
    type_text(qtbot, editor, "Нова помилкка тут")
    menu = spelling.build_menu(_point_at(editor, 7))
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Looking for suggestions…" and not menu.actions()[0].isEnabled()
    with qtbot.waitSignal(spelling.menu_filled, timeout=LOAD_TIMEOUT_MS):
        pass
    suggestions = spelling.suggestion_actions()
    assert 1 <= len(suggestions) <= 5
    assert suggestions[0].text() == "помилка"
    assert "Looking for suggestions…" not in [a.text() for a in menu.actions()]
    suggestions[0].trigger()
    assert editor.toPlainText() == "Нова помилка тут"
    assert _underlined(editor) == []
    editor.undo()
    assert editor.toPlainText() == "Нова помилкка тут"
    menu.hide()


def test_a_read_only_text_shows_suggestions_but_is_not_changed(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    editor, spelling = make_editor(add_user(sqlite_db))
    editor.set_markdown("Схвалена помилкка.")
    editor.setReadOnly(True)
    menu = spelling.build_menu(_point_at(editor, 11))
    with qtbot.waitSignal(spelling.menu_filled, timeout=LOAD_TIMEOUT_MS):
        pass
    suggestions = spelling.suggestion_actions()
    assert suggestions and not any(a.isEnabled() for a in suggestions)
    target = spelling.misspelled_at(_point_at(editor, 11))
    assert target is not None and not spelling.replace(target, "помилка")
    assert editor.toPlainText() == "Схвалена помилкка."
    menu.hide()


def test_no_spelling_items_on_a_correct_word(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    editor, spelling = make_editor(add_user(sqlite_db))
    type_text(qtbot, editor, "Запоріжжя помилкка")
    menu = spelling.build_menu(_point_at(editor, 3))
    names = {a.objectName() for a in menu.actions()}
    assert not {"addPersonalWord", "ignoreWord"} & names
    menu.hide()


def test_add_to_my_dictionary_stores_the_word_for_that_user_only(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    olena = add_user(sqlite_db)
    taras = add_user(sqlite_db, "taras", Role.WRITER, "Тарас Коваль")
    editor, spelling = make_editor(olena)
    type_text(qtbot, editor, "Виступила Малашко, потім ще раз Малашко.")
    assert _underlined(editor) == ["Малашко", "Малашко"]
    menu = spelling.build_menu(_point_at(editor, 12))
    add = next(a for a in menu.actions() if a.objectName() == "addPersonalWord")
    with qtbot.waitSignal(spelling.session.words_added, timeout=LOAD_TIMEOUT_MS):
        add.trigger()
    menu.hide()
    assert _underlined(editor) == []
    with sqlite_db.uow() as uow:
        assert "Малашко" in dictionary.words_for(uow, olena).personal
        assert "Малашко" not in dictionary.words_for(uow, taras).all
    other, _ = make_editor(taras)
    other.set_markdown("Виступила Малашко.")
    assert _underlined(other) == ["Малашко"]


def test_ignore_hides_the_word_in_this_session_only(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    olena = add_user(sqlite_db)
    editor, spelling = make_editor(olena)
    type_text(qtbot, editor, "Слово Кушугумці тут")
    menu = spelling.build_menu(_point_at(editor, 8))
    next(a for a in menu.actions() if a.objectName() == "ignoreWord").trigger()
    menu.hide()
    assert _underlined(editor) == []
    with sqlite_db.uow() as uow:
        assert "Кушугумці" not in dictionary.words_for(uow, olena).all


def test_only_editors_get_the_office_dictionary_and_a_writer_is_refused(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    writer = add_user(sqlite_db)
    editor_id = add_user(sqlite_db, "nadiia", Role.EDITOR, "Надія Шевчук")
    text = "Громада Кушугумці."
    mine, writer_spelling = make_editor(writer)
    type_text(qtbot, mine, text)
    menu = writer_spelling.build_menu(_point_at(mine, 10))
    assert "addOfficeWord" not in {a.objectName() for a in menu.actions()}
    menu.hide()
    with qtbot.waitSignal(writer_spelling.session.error, timeout=LOAD_TIMEOUT_MS) as refused:
        writer_spelling.session.add_office_word("Кушугумці")
    assert "only an editor" in refused.args[0]
    assert _underlined(mine) == ["Кушугумці"]

    theirs, editor_spelling = make_editor(editor_id)
    type_text(qtbot, theirs, text)
    menu = editor_spelling.build_menu(_point_at(theirs, 10))
    add = next(a for a in menu.actions() if a.objectName() == "addOfficeWord")
    with qtbot.waitSignal(editor_spelling.session.words_added, timeout=LOAD_TIMEOUT_MS):
        add.trigger()
    menu.hide()
    # An office word is everyone's: the writer's open editor drops the underline too.
    assert _underlined(theirs) == [] and _underlined(mine) == []
    with sqlite_db.uow() as uow:
        assert "Кушугумці" in dictionary.words_for(uow, writer).office


# A popup menu asks the platform to raise it and grab the keyboard; the
# offscreen test platform cannot, and says so. Only those two lines are ignored.
@pytest.mark.qt_log_ignore(r"^This plugin does not support (raise\(\)|grabbing the keyboard)$",
                           extend=True)
def test_a_right_click_opens_the_menu_with_the_spelling_part_on_top(
        qtbot: QtBot, sqlite_db: Database,
        make_editor: Callable[[int], tuple[BodyEditor, SpellingMenu]]) -> None:
    editor, spelling = make_editor(add_user(sqlite_db))
    type_text(qtbot, editor, "Нова помилкка тут")
    pos = _point_at(editor, 7)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                              editor.viewport().mapToGlobal(pos))
    QApplication.sendEvent(editor.viewport(), event)
    menu = spelling.menu
    assert menu is not None and menu.isVisible()
    qtbot.waitUntil(lambda: bool(spelling.suggestion_actions()), timeout=LOAD_TIMEOUT_MS)
    assert spelling.suggestion_actions()[0].text() == "помилка"
    menu.hide()
    assert spelling.menu is None  # late answers find no menu to fill


def _underlined_in(document: QTextDocument) -> list[str]:
    found: list[str] = []
    block = document.firstBlock()
    while block.isValid():
        for fr in block.layout().formats():
            if fr.format.underlineStyle() == SPELL_UNDERLINE:
                found.append(block.text()[fr.start:fr.start + fr.length])
        block = block.next()
    return found


def test_the_article_window_checks_body_and_lead_and_remembers_the_toggle(
        qtbot: QtBot, sqlite_db: Database, runner: TaskRunner) -> None:
    user_id = add_user(sqlite_db)
    first_id, second_id = add_articles(sqlite_db, user_id, ["Нарада", "Сесія"])
    user = _user(sqlite_db, user_id)
    windows: list[ArticleWindow] = []
    try:
        window = ArticleWindow(runner, user, first_id)
        windows.append(window)
        window.show()
        assert window.spelling_action.isChecked()  # on by default
        qtbot.waitUntil(lambda: window.spelling.checker is not None
                        and not window.body_spelling.highlighter.passing,
                        timeout=LOAD_TIMEOUT_MS)
        window.editor.moveCursor(QTextCursor.MoveOperation.End)
        type_text(qtbot, window.editor, "Помилкка в тексті.")
        window.metadata.lead_edit.setPlainText("Лід із помилккою.")
        assert _underlined_in(window.editor.document()) == ["Помилкка"]
        assert _underlined_in(window.metadata.lead_edit.document()) == ["помилккою"]

        with qtbot.waitSignal(window.body_spelling.highlighter.pass_finished):
            window.spelling_action.trigger()
        qtbot.waitUntil(lambda: not window.lead_spelling.highlighter.passing)
        assert _underlined_in(window.editor.document()) == []
        assert _underlined_in(window.metadata.lead_edit.document()) == []
        assert read_bool(app_settings(), SPELLING_KEY, True) is False

        second = ArticleWindow(runner, user, second_id)
        windows.append(second)
        assert not second.spelling_action.isChecked()
        assert second.spelling.checker is None  # switched off: not even loaded
    finally:
        for opened in windows:
            opened.force_close()
        runner.wait(10_000)
        for opened in windows:
            opened.deleteLater()


def test_the_dictionary_can_be_preloaded_as_a_task(qtbot: QtBot, runner: TaskRunner) -> None:
    with qtbot.waitSignal(runner.finished, timeout=LOAD_TIMEOUT_MS) as done:
        task = runner.submit(preload_dictionary)
    assert done.args == [task, None]
