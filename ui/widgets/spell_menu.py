"""Spelling in an editor: its highlighter, and the context menu on a wrong word.

:class:`SpellingMenu` attaches to any QTextEdit or QPlainTextEdit (the body and
the lead), so the editors themselves know nothing about spelling. Right-click
on an underlined word puts, above the editor's usual menu, up to five
suggestions — computed by a background task, so the menu opens at once with
"Шукаю варіанти…" and is filled in when the answer arrives — then "add to my
dictionary", "add to the office dictionary" (editors and admins), and
"ignore".
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit

from newsroom.text.spelling import word_at
from ui.session.spelling import SpellingSession
from ui.widgets.spell_highlighter import SpellHighlighter

Editor = QTextEdit | QPlainTextEdit


@dataclass(frozen=True)
class WordRange:
    """A wrong word in the document: where it is and how it was spelled."""

    start: int
    end: int
    word: str


class SpellingMenu(QObject):
    """The highlighter and context menu of one editor, fed by ``session``.

    ``menu`` is the context menu while it is open (tests drive it);
    ``menu_filled()`` fires when its suggestions have arrived.
    """

    menu_filled = Signal()

    def __init__(self, editor: Editor, session: SpellingSession) -> None:
        super().__init__(editor)
        self.editor = editor
        self.session = session
        self.highlighter = SpellHighlighter(editor.document())
        self.highlighter.follow_cursor(lambda: editor.textCursor().position())
        editor.cursorPositionChanged.connect(self._cursor_moved)
        self.menu: QMenu | None = None
        self._target: WordRange | None = None
        self._placeholder: QAction | None = None
        self._anchor: QAction | None = None
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._requested)
        session.ready.connect(self._ready)
        session.words_added.connect(self.highlighter.rehighlight_words)
        session.suggestions_ready.connect(self._suggested)
        if session.checker is not None:
            self.highlighter.set_checker(session.checker)

    @Slot()
    def _cursor_moved(self) -> None:
        self.highlighter.cursor_moved()

    @Slot()
    def _ready(self) -> None:
        self.highlighter.set_checker(self.session.checker)

    def set_enabled(self, enabled: bool) -> None:
        self.highlighter.set_enabled(enabled)

    # -------------------------------------------------------------- the word

    def misspelled_at(self, pos: QPoint) -> WordRange | None:
        """The underlined word under viewport position ``pos``, if there is one."""
        checker = self.highlighter.checker
        if not self.highlighter.active or checker is None:
            return None
        cursor = self.editor.cursorForPosition(pos)
        block = cursor.block()
        span = word_at(block.text(), cursor.positionInBlock())
        if span is None:
            return None
        start, end = span
        if (start, end) not in checker.misspelled(block.text()):
            return None  # a correct word, or one inside an address
        return WordRange(block.position() + start, block.position() + end,
                         block.text()[start:end])

    def replace(self, target: WordRange, replacement: str) -> bool:
        """Put ``replacement`` in place of the word, as one undo step.

        Refused (False) if the editor is read-only (an approved article, one
        someone else is editing) or the text there changed since the menu opened.
        """
        if self.editor.isReadOnly():
            return False
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(target.start)
        cursor.setPosition(target.end, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != target.word:
            return False
        cursor.beginEditBlock()
        cursor.insertText(replacement, cursor.charFormat())
        cursor.endEditBlock()
        return True

    # -------------------------------------------------------------- the menu

    def build_menu(self, pos: QPoint) -> QMenu:
        """The editor's own menu, with the spelling part on top for a wrong word."""
        menu = self.editor.createStandardContextMenu(pos)
        menu.setParent(self.editor, menu.windowFlags())
        menu.setObjectName("spellingMenu")
        menu.aboutToHide.connect(self._menu_hidden)
        self.menu = menu
        self._placeholder = None
        self._anchor = None
        target = self.misspelled_at(pos)
        self._target = target
        if target is None:
            return menu
        first = menu.actions()[0] if menu.actions() else None
        spelling = [self._make_action(menu, self.tr("Looking for suggestions…"), False)]
        self._placeholder = spelling[0]
        self._anchor = menu.insertSeparator(first) if first else menu.addSeparator()
        add_mine = self._make_action(menu, self.tr("Add to my dictionary"))
        add_mine.setObjectName("addPersonalWord")
        add_mine.triggered.connect(lambda: self.session.add_personal_word(target.word))
        spelling.append(add_mine)
        if self.session.can_add_office_words:
            add_office = self._make_action(menu, self.tr("Add to the office dictionary"))
            add_office.setObjectName("addOfficeWord")
            add_office.triggered.connect(lambda: self.session.add_office_word(target.word))
            spelling.append(add_office)
        ignore = self._make_action(menu, self.tr("Ignore"))
        ignore.setObjectName("ignoreWord")
        ignore.triggered.connect(lambda: self.session.ignore(target.word))
        spelling.append(ignore)
        for action in spelling:
            menu.insertAction(self._anchor, action)
        menu.insertSeparator(add_mine)
        known = self.session.cached_suggestions(target.word)
        if known is not None:
            self._fill(known)
        else:
            self.session.request_suggestions(target.word)
        return menu

    def _make_action(self, menu: QMenu, text: str, enabled: bool = True) -> QAction:
        action = QAction(text, menu)
        action.setEnabled(enabled)
        return action

    @Slot(QPoint)
    def _requested(self, pos: QPoint) -> None:
        menu = self.build_menu(pos)
        menu.popup(self.editor.viewport().mapToGlobal(pos))

    @Slot(str, list)
    def _suggested(self, word: str, found: list[str]) -> None:
        if self.menu is not None and self._target is not None and self._target.word == word:
            self._fill(found)

    def _fill(self, found: list[str]) -> None:
        menu, placeholder, target = self.menu, self._placeholder, self._target
        if menu is None or placeholder is None or target is None:
            return
        self._placeholder = None
        if found:
            for suggestion in found:
                # Shown but not offered in a read-only text: still worth reading.
                action = self._make_action(menu, suggestion, not self.editor.isReadOnly())
                action.setObjectName("suggestion")
                action.triggered.connect(
                    lambda _checked=False, s=suggestion: self.replace(target, s))
                menu.insertAction(placeholder, action)
            bold = menu.font()
            bold.setBold(True)
            for action in menu.actions():
                if action.objectName() == "suggestion":
                    action.setFont(bold)
            menu.removeAction(placeholder)
        else:
            placeholder.setText(self.tr("No suggestions"))
        self.menu_filled.emit()

    @Slot()
    def _menu_hidden(self) -> None:
        """The menu is done: late suggestions are dropped, the menu goes.

        Deleted later, not now: Qt emits the chosen action's ``triggered``
        after hiding the menu."""
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = None
        self._target = None
        self._placeholder = None
        self._anchor = None

    def suggestion_actions(self) -> list[QAction]:
        """The suggestions in the open menu, best first (for tests and accessibility)."""
        if self.menu is None:
            return []
        return [a for a in self.menu.actions() if a.objectName() == "suggestion"]
