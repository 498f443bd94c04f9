"""The conflict dialog: both versions side by side, highlights, the three choices.

The dialog only answers; what each answer stores is tested with the session
(test_article_session) and through the article window (test_article_window).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from newsroom.domain.errors import ConflictError, Snapshot
from tests.ui.conftest import type_text
from ui.dialogs.conflict_dialog import ConflictDialog, highlighted
from ui.session.article_session import Choice

MINE = Snapshot(version=2, title="Нарада з питань опалення", lead="Коротко про нараду.",
                body="Голова ОДА провів нараду.\n\nОбговорили підготовку **шкіл**.\n")
THEIRS = Snapshot(version=3, title="Нарада з питань опалення", lead="Коротко про нараду.",
                  body="Голова ОДА провів нараду.\n\nОбговорили підготовку **лікарень**.\n")


@pytest.fixture
def dialog(qtbot: QtBot) -> Iterator[ConflictDialog]:
    conflict = ConflictError(7, MINE, THEIRS, "Тарас Коваль")
    dialog = ConflictDialog(conflict)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    dialog.close()


def test_both_versions_are_shown_side_by_side_with_their_own_words_marked(
        dialog: ConflictDialog) -> None:
    mine, theirs = dialog.mine_view.toPlainText(), dialog.theirs_view.toPlainText()
    assert "Обговорили підготовку **шкіл**." in mine
    assert "Обговорили підготовку **лікарень**." in theirs
    assert highlighted(dialog.mine_view) == ["шкіл"]
    assert highlighted(dialog.theirs_view) == ["лікарень"]
    # The two panes sit next to each other, not one below the other.
    left = dialog.mine_view.mapTo(dialog, dialog.mine_view.rect().topLeft())
    right = dialog.theirs_view.mapTo(dialog, dialog.theirs_view.rect().topLeft())
    assert left.y() == right.y() and left.x() < right.x()
    intro = dialog.findChild(QLabel, "conflictIntro")
    assert isinstance(intro, QLabel) and "Тарас Коваль" in intro.text()


def test_the_merge_starts_as_mine(dialog: ConflictDialog) -> None:
    assert dialog.merge_title.text() == MINE.title
    assert dialog.merge_lead.toPlainText() == MINE.lead
    assert dialog.merge_body.toPlainText() == MINE.body
    assert not dialog.merge_body.isReadOnly()
    assert dialog.mine_view.isReadOnly() and dialog.theirs_view.isReadOnly()


@pytest.mark.parametrize(("button", "choice"), [("keepMine", Choice.KEEP_MINE),
                                                 ("takeTheirs", Choice.TAKE_THEIRS)])
def test_keep_mine_and_take_theirs_answer_and_close(
        qtbot: QtBot, dialog: ConflictDialog, button: str, choice: Choice) -> None:
    with qtbot.waitSignal(dialog.finished) as blocker:
        qtbot.mouseClick(getattr(dialog, {"keepMine": "keep_mine_button",
                                          "takeTheirs": "take_theirs_button"}[button]),
                         Qt.MouseButton.LeftButton)
    assert blocker.args == [QDialog.DialogCode.Accepted]
    assert dialog.resolution is not None and dialog.resolution.choice is choice


def test_save_merged_answers_with_the_hand_merged_text(qtbot: QtBot,
                                                        dialog: ConflictDialog) -> None:
    dialog.merge_body.moveCursor(dialog.merge_body.textCursor().MoveOperation.End)
    dialog.merge_body.setFocus()
    qtbot.keyClick(dialog.merge_body, Qt.Key.Key_Return)
    type_text(qtbot, dialog.merge_body, "І лікарень теж.")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_merged_button, Qt.MouseButton.LeftButton)
    resolution = dialog.resolution
    assert resolution is not None and resolution.choice is Choice.MERGED
    assert resolution.body == MINE.body + "\nІ лікарень теж."
    assert (resolution.title, resolution.lead) == (MINE.title, MINE.lead)


def test_deciding_later_answers_nothing(qtbot: QtBot, dialog: ConflictDialog) -> None:
    with qtbot.waitSignal(dialog.finished) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == [QDialog.DialogCode.Rejected]
    assert dialog.resolution is None


def test_the_dialog_speaks_ukrainian(qtbot: QtBot, uk: None) -> None:
    dialog = ConflictDialog(ConflictError(7, MINE, THEIRS, "Тарас Коваль"))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Статтю змінили, поки ви редагували"
    assert [b.text() for b in (dialog.keep_mine_button, dialog.take_theirs_button,
                               dialog.save_merged_button, dialog.later_button)] == [
        "&Залишити мою", "Взяти &їхню", "Зберегти &об’єднану", "Вирішити &пізніше"]
    dialog.close()
