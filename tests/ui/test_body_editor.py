"""The body editor: Markdown in and out unchanged, typing, toolbar, paste, links, views.

The round-trip corpus is the contract with the database: a body the editor
opened and did not touch must be saved byte for byte as it was.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QKeySequence, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from newsroom.text.markdown_dialect import Kind, normalize_markdown
from newsroom.text.paste import MAX_PASTE_BYTES
from newsroom.text.typography import typeset_markdown
from tests.core.test_paste import CORPUS, EXPECTED_MARKDOWN, fixture
from tests.ui.conftest import type_text
from ui.dialogs.link_dialog import LinkDialog
from ui.widgets.body_editor import (
    MARKDOWN_MIME,
    MAX_PLAIN_PASTE_CHARS,
    BodyEditor,
    fragments,
    text_list,
)
from ui.widgets.format_toolbar import FormatToolbar
from ui.widgets.markdown_views import BodyTabs

CTRL = Qt.KeyboardModifier.ControlModifier

ROUND_TRIP = [*CORPUS, *[
    # every toolbar feature, with Ukrainian typography
    "## Про підготовку до опалювального сезону\n\n"
    "Голова ОДА наголосив: «*Кожна сім’я має отримати тепло вчасно*» — і це **головне**.\n\n"
    "### Стан готовності\n\n"
    "- перевірено 1 250 котелень;\n- об’єкти соціальної сфери — **97 %**;\n"
    "    - школи та садочки;\n        - у громадах;\n- резерв палива.\n\n"
    "1. Подати заявку.\n2. Отримати паспорт.\n    1. перевірка;\n    2. підпис.\n"
    "3. Звітувати.\n\n"
    "> «Тепло в оселях — це питання безпеки», — сказав він.\n>\n"
    "> #### Цитата з заголовком\n>\n> - пункт у цитаті\n> - ще один\n\n"
    "Докладніше — на [сайті ОДА](https://oda.gov.ua/news?id=5&lang=uk), пишіть на "
    "[пресслужбу](mailto:press@oda.gov.ua).\n\n"
    "![Нарада в ОДА](https://oda.gov.ua/img/narada.jpg)\n\n"
    "Прес-служба ОДА  \nтел. +380 44 000 00 00\n",
    "**жирний [посилання](https://oda.gov.ua/) жирний** і [*курсивне посилання*](https://oda.gov.ua/x)\n",
    "Емодзі 👉 **жирний 😀 текст** і *курсив* після них\n",
    "- \\[x\\] не завдання, а текст; 2024. рік\n\n2024\\. рік на початку\n",
    "1. a\n\n- b\n",
    "Обережно: **a**<em>b</em> — жирне й курсив впритул\n",
]]


@pytest.fixture
def editor(qtbot: QtBot) -> BodyEditor:
    widget = BodyEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    return widget


@pytest.fixture
def toolbar(qtbot: QtBot, editor: BodyEditor) -> FormatToolbar:
    bar = FormatToolbar(editor)
    qtbot.addWidget(bar)
    return bar


@pytest.fixture
def messages(editor: BodyEditor) -> list[str]:
    received: list[str] = []
    editor.message.connect(received.append)
    return received


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)  # type: ignore[no-untyped-call]


def keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """ASCII only (QTest aborts on anything else); type_text for Ukrainian."""
    qtbot.keyClicks(widget, text)  # type: ignore[no-untyped-call]


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


# ------------------------------------------------------------------ round trip


@pytest.mark.parametrize("md", ROUND_TRIP)
def test_markdown_comes_back_unchanged(editor: BodyEditor, md: str) -> None:
    assert normalize_markdown(md) == md  # the corpus is in the house dialect
    editor.set_markdown(md)
    assert editor.to_markdown() == md
    assert not editor.document().isModified()
    assert not editor.document().isUndoAvailable()


def test_the_document_really_holds_the_formatting(editor: BodyEditor) -> None:
    editor.set_markdown(ROUND_TRIP[len(CORPUS)])
    document = editor.document()
    blocks = []
    block = document.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    assert blocks[0].blockFormat().headingLevel() == 2
    assert blocks[0].text() == "Про підготовку до опалювального сезону"
    items = [b for b in blocks if text_list(b) is not None]
    assert [b.text() for b in items][:4] == [
        "перевірено 1 250 котелень;", "об’єкти соціальної сфери — 97 %;",
        "школи та садочки;", "у громадах;"]
    nested = text_list(items[2])
    assert nested is not None and nested.format().indent() == 2
    quoted = [b.text() for b in blocks
              if b.blockFormat().intProperty(QTextFormat.Property.BlockQuoteLevel) == 1]
    assert quoted[0] == "«Тепло в оселях — це питання безпеки», — сказав він."
    link = next(f for b in blocks for f in fragments(b) if f.charFormat().isAnchor())
    assert link.text() == "сайті ОДА"
    assert link.charFormat().anchorHref() == "https://oda.gov.ua/news?id=5&lang=uk"
    image = next(f.charFormat().toImageFormat() for b in blocks for f in fragments(b)
                 if f.charFormat().isImageFormat())
    assert image.name() == "https://oda.gov.ua/img/narada.jpg"
    assert image.stringProperty(QTextFormat.Property.ImageAltText) == "Нарада в ОДА"
    assert "\u2028" in blocks[-1].text()  # the line break


def test_reading_the_document_does_not_drain_none(editor: BodyEditor) -> None:
    """PySide6 6.12 on Python 3.11 returns None from a null getter without a
    reference; enough such calls abort the interpreter. to_markdown runs on
    every save and tab switch, so it must not make any."""
    editor.set_markdown(ROUND_TRIP[len(CORPUS)] + "\nЩе абзац.\n" * 50)
    before = sys.getrefcount(None)
    for _ in range(20):
        editor.to_markdown()
        editor.list_kind(), editor.is_quoted(), editor.heading_level()
    assert sys.getrefcount(None) - before >= -2


def test_backspace_at_the_start_of_an_item_ends_the_list(qtbot: QtBot,
                                                         editor: BodyEditor) -> None:
    editor.set_markdown("- один\n- два\n")
    found = editor.document().find("два")
    cursor = editor.textCursor()
    cursor.setPosition(found.selectionStart())
    editor.setTextCursor(cursor)
    press(qtbot, editor, Qt.Key.Key_Backspace)
    assert editor.to_markdown() == "- один\n\nдва\n"


def test_unsupported_markdown_is_kept_out_and_reported(editor: BodyEditor,
                                                       messages: list[str]) -> None:
    editor.set_markdown("Текст\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert len(messages) == 1 and "Markdown tab" in messages[0]


# ----------------------------------------------------------------- typing


def test_typing_with_shortcuts(qtbot: QtBot, editor: BodyEditor) -> None:
    editor.setFocus()
    keys(qtbot, editor, "Hello ")
    press(qtbot, editor, Qt.Key.Key_B, CTRL)
    keys(qtbot, editor, "bold")
    press(qtbot, editor, Qt.Key.Key_B, CTRL)
    keys(qtbot, editor, " and ")
    press(qtbot, editor, Qt.Key.Key_I, CTRL)
    type_text(qtbot, editor, "курсив")
    press(qtbot, editor, Qt.Key.Key_I, CTRL)
    type_text(qtbot, editor, " — «сім’я» *1551 #тепло")
    assert editor.to_markdown() == (
        "Hello **bold** and *курсив* — «сім’я» \\*1551 #тепло\n")


def test_typing_with_the_toolbar(qtbot: QtBot, editor: BodyEditor,
                                 toolbar: FormatToolbar) -> None:
    editor.setFocus()
    type_text(qtbot, editor, "Про опалення")
    toolbar.style_box.setCurrentIndex(1)
    toolbar.style_box.activated.emit(1)
    assert toolbar.style_box.currentIndex() == 1
    press(qtbot, editor, Qt.Key.Key_Return)  # a heading is followed by a paragraph
    assert toolbar.style_box.currentIndex() == 0
    type_text(qtbot, editor, "Що зроблено:")
    press(qtbot, editor, Qt.Key.Key_Return)
    toolbar.bullets_action.trigger()
    assert toolbar.bullets_action.isChecked()
    type_text(qtbot, editor, "котельні")
    press(qtbot, editor, Qt.Key.Key_Return)
    press(qtbot, editor, Qt.Key.Key_Tab)  # nests the item
    type_text(qtbot, editor, "школи")
    press(qtbot, editor, Qt.Key.Key_Return)
    press(qtbot, editor, Qt.Key.Key_Backtab)
    type_text(qtbot, editor, "мережі")
    press(qtbot, editor, Qt.Key.Key_Return)
    press(qtbot, editor, Qt.Key.Key_Return)  # an empty item ends the list
    assert not toolbar.bullets_action.isChecked()
    toolbar.numbers_action.trigger()
    type_text(qtbot, editor, "перше")
    press(qtbot, editor, Qt.Key.Key_Return)
    type_text(qtbot, editor, "друге")
    press(qtbot, editor, Qt.Key.Key_Return)
    toolbar.numbers_action.trigger()
    toolbar.quote_action.trigger()
    type_text(qtbot, editor, "Цитата")
    press(qtbot, editor, Qt.Key.Key_Return)
    press(qtbot, editor, Qt.Key.Key_Return)  # an empty quoted line ends the quote
    assert not toolbar.quote_action.isChecked()
    type_text(qtbot, editor, "Див. ")
    toolbar.bold_action.trigger()
    assert toolbar.bold_action.isChecked()
    type_text(qtbot, editor, "сайт")
    toolbar.bold_action.trigger()
    editor.set_link("https://oda.gov.ua", "ОДА")
    type_text(qtbot, editor, ".")
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    toolbar.italic_action.trigger()
    type_text(qtbot, editor, "Прес-служба")
    assert editor.to_markdown() == (
        "## Про опалення\n\n"
        "Що зроблено:\n\n"
        "- котельні\n    - школи\n- мережі\n\n"
        "1. перше\n2. друге\n\n"
        "> Цитата\n\n"
        "Див. **сайт**[ОДА](https://oda.gov.ua).  \n*Прес-служба*\n")


def test_toolbar_reflects_the_cursor(editor: BodyEditor, toolbar: FormatToolbar) -> None:
    editor.set_markdown("Звичайний **жирний** *курсив*\n\n### Заголовок\n\n1. пункт\n\n> цитата\n")
    cursor = editor.textCursor()

    def place(text: str) -> None:
        found = editor.document().find(text)
        assert not found.isNull(), text
        cursor.setPosition(found.selectionStart() + 1)
        editor.setTextCursor(cursor)

    place("Звичайний")
    assert not toolbar.bold_action.isChecked() and not toolbar.italic_action.isChecked()
    place("жирний")
    assert toolbar.bold_action.isChecked() and not toolbar.italic_action.isChecked()
    place("курсив")
    assert toolbar.italic_action.isChecked()
    place("Заголовок")
    assert toolbar.style_box.currentText() == "Heading 3"
    assert not toolbar.bold_action.isEnabled()
    place("пункт")
    assert toolbar.numbers_action.isChecked() and not toolbar.bullets_action.isChecked()
    place("цитата")
    assert toolbar.quote_action.isChecked() and toolbar.style_box.currentIndex() == 0


def test_tooltips_show_the_shortcuts(toolbar: FormatToolbar) -> None:
    native = QKeySequence.SequenceFormat.NativeText
    bold = QKeySequence(QKeySequence.StandardKey.Bold).toString(native)
    assert toolbar.bold_action.toolTip() == f"Bold ({bold})"
    assert toolbar.link_action.toolTip() == f"Link ({QKeySequence('Ctrl+K').toString(native)})"
    undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(native)
    assert toolbar.undo_action.toolTip() == f"Undo ({undo})"


def test_undo_and_redo(qtbot: QtBot, editor: BodyEditor, toolbar: FormatToolbar) -> None:
    editor.set_markdown("Початок\n")
    assert not toolbar.undo_action.isEnabled()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    type_text(qtbot, editor, " текст")
    assert toolbar.undo_action.isEnabled()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    press(qtbot, editor, Qt.Key.Key_B, CTRL)
    assert editor.to_markdown() == "**Початок** текст\n"
    press(qtbot, editor, Qt.Key.Key_Z, CTRL)
    assert editor.to_markdown() == "Початок текст\n"
    toolbar.undo_action.trigger()
    assert editor.to_markdown() == "Початок\n"
    assert toolbar.redo_action.isEnabled()
    toolbar.redo_action.trigger()
    assert editor.to_markdown() == "Початок текст\n"
    editor.redo()
    assert editor.to_markdown() == "**Початок** текст\n"


def test_a_heading_change_is_one_undo_step(editor: BodyEditor) -> None:
    editor.set_markdown("Перший\n\nДругий\n")
    cursor = editor.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    editor.setTextCursor(cursor)
    editor.set_heading(3)
    assert editor.to_markdown() == "### Перший\n\n### Другий\n"
    editor.undo()
    assert editor.to_markdown() == "Перший\n\nДругий\n"


# ------------------------------------------------------------------ paste


def paste_html(editor: BodyEditor, html: str) -> None:
    data = QMimeData()
    data.setHtml(html)
    data.setText("plain fallback")
    editor.insertFromMimeData(data)


@pytest.mark.parametrize("name", ["word", "libreoffice", "gdocs"])
def test_pasting_a_word_processor_document(editor: BodyEditor, messages: list[str],
                                           name: str) -> None:
    paste_html(editor, fixture(name))
    # What the reader made of the HTML, with the house typography on top.
    assert editor.to_markdown() == typeset_markdown(EXPECTED_MARKDOWN[name])
    assert "з\u00a015 жовтня" in editor.to_markdown()
    if name == "word":  # its picture is a file in Word's temporary folder
        assert messages == ["Pictures copied from Word cannot be pasted (1 left out). "
                            "Insert them with the Picture button."]
    else:
        assert messages == []
    editor.undo()  # one paste, one undo step
    assert editor.to_markdown() == ""


def test_pasting_into_the_middle_of_a_paragraph(editor: BodyEditor) -> None:
    editor.set_markdown("Початок кінець\n")
    cursor = editor.textCursor()
    cursor.setPosition(len("Початок "))
    editor.setTextCursor(cursor)
    paste_html(editor, "<p><b>жирне</b> слово</p><ul><li>пункт</li></ul>")
    # The rest of the paragraph follows the last pasted block, as in word processors.
    assert editor.to_markdown() == "Початок **жирне** слово\n\n- пункткінець\n"


def test_plain_text_stays_plain(editor: BodyEditor) -> None:
    editor.set_markdown("## Заголовок\n")
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    data = QMimeData()
    data.setText(" *не курсив* і <b>не жирне</b>\r\n# не заголовок\r\n- не список")
    editor.insertFromMimeData(data)
    assert editor.to_markdown() == (
        "## Заголовок \\*не курсив\\* і\u00a0&lt;b>не жирне&lt;/b>\n\n"
        "\\# не заголовок\n\n\\- не список\n")


def test_copy_and_paste_inside_the_editor_keeps_everything(editor: BodyEditor,
                                                           tmp_path: Path) -> None:
    picture = tmp_path / "фото 1.png"
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    assert image.save(str(picture))
    md = (f"> **Жирне** і [посилання](https://oda.gov.ua/)\n\n"
          f"![Фото]({QUrl.fromLocalFile(str(picture)).toString().replace(' ', '%20')})\n")
    editor.set_markdown(md)
    cursor = editor.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    editor.setTextCursor(cursor)
    data = editor.createMimeDataFromSelection()
    assert bytes(data.data(MARKDOWN_MIME).data()).decode() == md
    editor.set_markdown("")
    editor.insertFromMimeData(data)
    assert editor.to_markdown() == md


def test_an_oversized_html_paste_is_refused(editor: BodyEditor, messages: list[str]) -> None:
    editor.set_markdown("Текст\n")
    paste_html(editor, "<p>" + "ї" * (MAX_PASTE_BYTES // 2) + "</p>")
    assert editor.to_markdown() == "Текст\n"
    assert not editor.document().isUndoAvailable() and not editor.document().isModified()
    assert messages == ["The pasted fragment is about 6 MB; at most 5 MB can be pasted at "
                        "once — paste it in parts."]


def test_a_10_mb_plain_text_paste_is_refused_at_once(editor: BodyEditor,
                                                     messages: list[str]) -> None:
    editor.set_markdown("Текст\n")
    data = QMimeData()
    line = "Обласна державна адміністрація повідомляє про «нові» можливості — сім’ї.\n"
    data.setText(line * (10_000_000 // len(line)))
    started = time.perf_counter()
    editor.insertFromMimeData(data)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"refusing took {elapsed:.2f} s"
    assert editor.to_markdown() == "Текст\n"
    assert len(messages) == 1 and "at most 500 000" in messages[0].replace("\u00a0", " ")


def test_the_largest_plain_text_paste_allowed_is_quick(editor: BodyEditor,
                                                       messages: list[str]) -> None:
    line = "Обласна державна адміністрація повідомляє про «нові» можливості — сім’ї.\n"
    text = (line * (MAX_PLAIN_PASTE_CHARS // len(line)))[:MAX_PLAIN_PASTE_CHARS]
    data = QMimeData()
    data.setText(text)
    started = time.perf_counter()
    editor.insertFromMimeData(data)
    QApplication.processEvents()
    elapsed = time.perf_counter() - started
    assert messages == []
    assert elapsed < 2.0, f"pasting {len(text)} characters took {elapsed:.2f} s"
    assert editor.document().blockCount() > 6000


# ------------------------------------------------------------------ links


def select(editor: BodyEditor, text: str) -> None:
    found = editor.document().find(text)
    assert not found.isNull(), text
    editor.setTextCursor(found)


def current_dialog(editor: BodyEditor) -> LinkDialog:
    dialog = editor.findChild(LinkDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_link_dialog_refuses_javascript(qtbot: QtBot, editor: BodyEditor) -> None:
    editor.set_markdown("Докладніше на сайті ОДА.\n")
    editor.show()
    select(editor, "сайті ОДА")
    press(qtbot, editor, Qt.Key.Key_K, CTRL)
    dialog = current_dialog(editor)
    assert dialog.text_edit.isHidden()  # text is selected: only the address is asked
    keys(qtbot, dialog.url_edit, "javascript:alert(1)")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    click(qtbot, ok)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert dialog.error_label.text() == LinkDialog.bad_url_message()
    assert "http" in dialog.error_label.text()
    assert editor.to_markdown() == "Докладніше на сайті ОДА.\n"
    dialog.url_edit.clear()
    keys(qtbot, dialog.url_edit, "https://oda.gov.ua/")
    assert not dialog.error_label.isVisible()  # typing hides the old message
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, ok)
    assert editor.to_markdown() == "Докладніше на [сайті ОДА](https://oda.gov.ua/).\n"


def test_editing_and_removing_a_link(qtbot: QtBot, editor: BodyEditor) -> None:
    editor.set_markdown("Див. [сайт ОДА](https://oda.gov.ua/) і далі.\n")
    editor.show()
    found = editor.document().find("сайт")
    cursor = editor.textCursor()
    cursor.setPosition(found.selectionStart() + 2)  # inside the link, nothing selected
    editor.setTextCursor(cursor)
    dialog = editor.edit_link()
    assert dialog.url_edit.text() == "https://oda.gov.ua/"
    assert dialog.remove_button is not None
    dialog.url_edit.setText("mailto:press@oda.gov.ua")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert editor.to_markdown() == "Див. [сайт ОДА](mailto:press@oda.gov.ua) і далі.\n"
    dialog = editor.edit_link()
    assert dialog.remove_button is not None
    with qtbot.waitSignal(dialog.accepted):
        dialog.remove_button.click()
    assert editor.to_markdown() == "Див. сайт ОДА і далі.\n"


def test_inserting_a_new_link_asks_for_its_text(qtbot: QtBot, editor: BodyEditor) -> None:
    editor.set_markdown("Пишіть:\n")
    editor.show()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    keys(qtbot, editor, " ")
    dialog = editor.edit_link()
    assert not dialog.text_edit.isHidden()
    type_text(qtbot, dialog.text_edit, "пресслужба")
    keys(qtbot, dialog.url_edit, "mailto:press@oda.gov.ua")
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog.url_edit, Qt.Key.Key_Return)
    type_text(qtbot, editor, " щодня")  # typing after a link does not extend it
    assert editor.to_markdown() == "Пишіть: [пресслужба](mailto:press@oda.gov.ua) щодня\n"


def test_set_link_refuses_bad_addresses(editor: BodyEditor, messages: list[str]) -> None:
    editor.set_markdown("текст\n")
    select(editor, "текст")
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "oda.gov.ua", ""):
        assert not editor.set_link(bad)
    assert editor.to_markdown() == "текст\n"
    assert messages == [LinkDialog.bad_url_message()] * 4


# ----------------------------------------------------------------- pictures


def test_inserting_a_picture(tmp_path: Path, editor: BodyEditor,
                             messages: list[str]) -> None:
    picture = tmp_path / "нарада 2024.png"
    image = QImage(1600, 900, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    assert image.save(str(picture))
    editor.set_markdown("Фото:\n")
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    assert editor.insert_image(picture, "Нарада в ОДА")
    url = QUrl.fromLocalFile(str(picture.resolve())).toString().replace(" ", "%20")
    md = f"Фото:![Нарада в ОДА]({url})\n"
    assert editor.to_markdown() == md
    resource = editor.document().resource(QTextDocument.ResourceType.ImageResource.value,
                                          QUrl(url))
    assert isinstance(resource, QImage) and resource.width() == 1600  # embedded
    editor.set_markdown(md)
    assert editor.to_markdown() == md
    assert not editor.insert_image(tmp_path / "немає.png")
    assert messages and "немає.png" in messages[-1]


# ------------------------------------------------------------------- views


@pytest.fixture
def tabs(qtbot: QtBot) -> Iterator[BodyTabs]:
    widget = BodyTabs()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    yield widget


def test_tabs_move_the_text_between_views(qtbot: QtBot, tabs: BodyTabs) -> None:
    md = ROUND_TRIP[len(CORPUS)]
    tabs.set_markdown(md)
    tabs.setCurrentIndex(BodyTabs.SOURCE)
    assert tabs.source.toPlainText() == md
    tabs.setCurrentIndex(BodyTabs.VISUAL)
    tabs.setCurrentIndex(BodyTabs.SOURCE)
    assert tabs.source.toPlainText() == md and tabs.markdown() == md

    tabs.source.selectAll()
    type_text(qtbot, tabs.source, "# Новий заголовок")
    press(qtbot, tabs.source, Qt.Key.Key_Return)
    press(qtbot, tabs.source, Qt.Key.Key_Return)
    type_text(qtbot, tabs.source, "і *текст*")
    tabs.setCurrentIndex(BodyTabs.VISUAL)
    assert tabs.editor.to_markdown() == "## Новий заголовок\n\nі *текст*\n"
    assert tabs.markdown() == "# Новий заголовок\n\nі *текст*"  # as typed, until edited

    cursor = tabs.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    tabs.editor.setTextCursor(cursor)
    type_text(qtbot, tabs.editor, " ще")
    tabs.setCurrentIndex(BodyTabs.SOURCE)
    # typing on at the end of italic text goes on in italic
    assert tabs.source.toPlainText() == "## Новий заголовок\n\nі *текст ще*\n"
    assert tabs.markdown() == "## Новий заголовок\n\nі *текст ще*\n"


def test_switching_tabs_never_loses_what_the_editor_cannot_show(tabs: BodyTabs) -> None:
    messages: list[str] = []
    tabs.message.connect(messages.append)
    md = "Таблиця:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    tabs.set_markdown(md)
    assert messages  # the visual editor warned
    for index in (BodyTabs.SOURCE, BodyTabs.VISUAL, BodyTabs.PREVIEW, BodyTabs.VISUAL,
                  BodyTabs.SOURCE):
        tabs.setCurrentIndex(index)
    assert tabs.source.toPlainText() == md and tabs.markdown() == md


def test_preview_shows_the_site_rendering(tabs: BodyTabs) -> None:
    tabs.set_markdown("## Заголовок\n\nТекст із [посиланням](https://oda.gov.ua/) і "
                      "<script>alert(1)</script>\n")
    tabs.setCurrentIndex(BodyTabs.PREVIEW)
    document = tabs.preview.document()
    assert document.begin().blockFormat().headingLevel() == 2
    assert "Текст із посиланням і" in document.toPlainText()
    assert "alert" not in document.toPlainText()
    assert "h2" in document.defaultStyleSheet()
    assert "oda.gov.ua" in tabs.preview.toHtml()


def test_kind_helpers(editor: BodyEditor) -> None:
    editor.set_markdown("- пункт\n")
    assert editor.list_kind() is Kind.BULLET
    editor.toggle_list(Kind.NUMBERED)
    assert editor.to_markdown() == "1. пункт\n"
    editor.toggle_list(Kind.NUMBERED)
    assert editor.to_markdown() == "пункт\n" and editor.list_kind() is None
