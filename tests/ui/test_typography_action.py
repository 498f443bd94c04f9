"""The Typography toolbar action and typography on paste, in the real editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from newsroom.text.typography import typeset_markdown
from ui.widgets.body_editor import BodyEditor
from ui.widgets.format_toolbar import FormatToolbar

NB = "\u00a0"
MD = ('## Київ - столиця "нашої" держави\n\n'
      'Голова ОДА сказав: "**Тепло** в оселях - це "головне"". У 2016 р. '
      "[м'ята](https://oda.gov.ua/a'b-c) коштувала 5 грн.\n\n"
      '- пункт з "лапками"\n'
      "    - сім'я і Знам'янка\n\n"
      "> Адреса https://oda.gov.ua/м'ята - тут\n")
TYPESET = (f"## Київ{NB}— столиця «нашої» держави\n\n"
           f"Голова ОДА сказав: «**Тепло** в{NB}оселях{NB}— це „головне“». У{NB}2016{NB}р. "
           f"[м’ята](https://oda.gov.ua/a'b-c) коштувала 5{NB}грн.\n\n"
           f"- пункт з{NB}«лапками»\n"
           f"    - сім’я і{NB}Знам’янка\n\n"
           f"> Адреса https://oda.gov.ua/м'ята{NB}— тут\n")


@pytest.fixture
def editor(qtbot: QtBot) -> BodyEditor:
    widget = BodyEditor()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def toolbar(qtbot: QtBot, editor: BodyEditor) -> FormatToolbar:
    bar = FormatToolbar(editor)
    qtbot.addWidget(bar)
    return bar


def test_the_action_typesets_the_body_as_one_undo_step(editor: BodyEditor,
                                                       toolbar: FormatToolbar) -> None:
    editor.set_markdown(MD)
    assert editor.to_markdown() == MD
    cursor = editor.textCursor()
    cursor.setPosition(30)
    editor.setTextCursor(cursor)
    toolbar.typography_action.trigger()
    assert editor.to_markdown() == TYPESET == typeset_markdown(MD)
    assert editor.textCursor().position() == 30
    editor.undo()
    assert editor.to_markdown() == MD
    assert not editor.document().isUndoAvailable()


def test_the_shortcut_works_while_typing(qtbot: QtBot, editor: BodyEditor,
                                         toolbar: FormatToolbar) -> None:
    editor.set_markdown('Текст "тут"\n')
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_T,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.to_markdown() == "Текст «тут»\n"
    assert "Ctrl+Shift+T" in toolbar.typography_action.toolTip()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.to_markdown() == 'Текст "тут"\n'


def test_nothing_to_do_adds_no_undo_step(editor: BodyEditor, toolbar: FormatToolbar) -> None:
    editor.set_markdown("Уже «правильно»\n")
    toolbar.typography_action.trigger()
    assert not editor.document().isUndoAvailable()


def test_pasted_text_arrives_with_typographic_quotes(editor: BodyEditor) -> None:
    data = QMimeData()
    data.setText("Він сказав: \"Київ - місто\", а м'ята в саду 2016 р.")
    editor.insertFromMimeData(data)
    # Quotes, apostrophes, dashes and the no-break spaces the action would add.
    assert editor.to_markdown() == ("Він сказав: «Київ\u00a0— місто», а\u00a0м’ята "
                                    "в\u00a0саду 2016\u00a0р.\n")


def test_pasted_html_arrives_with_typographic_quotes(editor: BodyEditor) -> None:
    data = QMimeData()
    data.setHtml('<p>Компанія "<b>Укренерго</b>" і <a href="https://x.ua/a\'b">м\'ята</a></p>')
    data.setText("fallback")
    editor.insertFromMimeData(data)
    assert editor.to_markdown() == (
        "Компанія «**Укренерго**» і\u00a0[м’ята](https://x.ua/a'b)\n")
