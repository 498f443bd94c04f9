"""The formatting toolbar of the body editor.

Its buttons are exactly what the site's Markdown can keep; there is no font,
colour or underline button because those would be lost on save. The editor
handles its own shortcuts (it works without this toolbar), so the actions'
shortcuts are for tooltips and menus: they only fire while focus is in the
toolbar itself, never while the user types in some other field.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QFont, QIcon, QKeySequence
from PySide6.QtWidgets import QComboBox, QFileDialog, QInputDialog, QToolBar, QWidget

from newsroom.text.markdown_dialect import Kind
from ui.widgets.body_editor import LINK_SHORTCUT, TYPOGRAPHY_SHORTCUT, BodyEditor

HEADING_LEVELS = (0, 2, 3, 4)
"""The style box's entries: a paragraph, then h2–h4 (the page's h1 is the title)."""


def _shortcut_text(shortcut: QKeySequence) -> str:
    return shortcut.toString(QKeySequence.SequenceFormat.NativeText)


class FormatToolbar(QToolBar):
    """Buttons bound to one :class:`BodyEditor`, showing the format at its cursor."""

    def __init__(self, editor: BodyEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setObjectName("formatToolbar")
        self.setWindowTitle(self.tr("Formatting"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        self.style_box = QComboBox(self)
        self.style_box.setObjectName("paragraphStyle")
        self.style_box.addItems([self.tr("Paragraph"), self.tr("Heading 2"),
                                 self.tr("Heading 3"), self.tr("Heading 4")])
        self.style_box.setToolTip(self.tr("Paragraph or heading"))
        self.style_box.activated.connect(self._style_chosen)
        self.addWidget(self.style_box)

        self.bold_action = self._action(self.tr("Bold"), QIcon.ThemeIcon.FormatTextBold,
                                        QKeySequence(QKeySequence.StandardKey.Bold),
                                        checkable=True)
        self.bold_action.triggered.connect(editor.set_bold)
        self.italic_action = self._action(self.tr("Italic"), QIcon.ThemeIcon.FormatTextItalic,
                                          QKeySequence(QKeySequence.StandardKey.Italic),
                                          checkable=True)
        self.italic_action.triggered.connect(editor.set_italic)
        self._font_button(self.bold_action, bold=True)
        self._font_button(self.italic_action, italic=True)
        self.addSeparator()

        self.bullets_action = self._action(self.tr("Bulleted list"), None, None,
                                           checkable=True)
        self.bullets_action.triggered.connect(lambda: editor.toggle_list(Kind.BULLET))
        self.numbers_action = self._action(self.tr("Numbered list"), None, None,
                                           checkable=True)
        self.numbers_action.triggered.connect(lambda: editor.toggle_list(Kind.NUMBERED))
        self.quote_action = self._action(self.tr("Quote"), None, None, checkable=True)
        self.quote_action.triggered.connect(editor.toggle_quote)
        self.addSeparator()

        self.link_action = self._action(self.tr("Link…"), QIcon.ThemeIcon.InsertLink,
                                        LINK_SHORTCUT)
        self.link_action.triggered.connect(editor.edit_link)
        self.image_action = self._action(self.tr("Picture…"), QIcon.ThemeIcon.InsertImage,
                                         None)
        self.image_action.triggered.connect(self.choose_image)
        self.typography_action = self._action(self.tr("Typography"), None, TYPOGRAPHY_SHORTCUT)
        self.typography_action.setObjectName("typographyAction")
        self.typography_action.setToolTip(self.tr(
            "Typography for the whole text: «» quotes, the apostrophe ’, dashes, and "
            "no-break spaces after one-letter words and before units ({shortcut}). "
            "Undo takes it back.").format(shortcut=_shortcut_text(TYPOGRAPHY_SHORTCUT)))
        self.typography_action.triggered.connect(self.apply_typography)
        self.addSeparator()

        self.undo_action = self._action(self.tr("Undo"), QIcon.ThemeIcon.EditUndo,
                                        QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(editor.undo)
        self.redo_action = self._action(self.tr("Redo"), QIcon.ThemeIcon.EditRedo,
                                        QKeySequence(QKeySequence.StandardKey.Redo))
        self.redo_action.triggered.connect(editor.redo)
        self.undo_action.setEnabled(editor.document().isUndoAvailable())
        self.redo_action.setEnabled(editor.document().isRedoAvailable())

        editor.undoAvailable.connect(self.undo_action.setEnabled)
        editor.redoAvailable.connect(self.redo_action.setEnabled)
        editor.cursorPositionChanged.connect(self.refresh)
        editor.currentCharFormatChanged.connect(self.refresh)
        editor.formatChanged.connect(self.refresh)
        self.refresh()

    def _action(self, text: str, icon: QIcon.ThemeIcon | None, shortcut: QKeySequence | None,
                *, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if icon is not None and QIcon.hasThemeIcon(icon):
            action.setIcon(QIcon.fromTheme(icon))
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text.rstrip('…')} ({_shortcut_text(shortcut)})")
        else:
            action.setToolTip(text.rstrip("…"))
        action.setCheckable(checkable)
        self.addAction(action)
        return action

    def _font_button(self, action: QAction, *, bold: bool = False, italic: bool = False) -> None:
        button = self.widgetForAction(action)
        if button is not None:
            font = QFont(button.font())
            font.setBold(bold)
            font.setItalic(italic)
            button.setFont(font)

    @Slot()
    def refresh(self) -> None:
        """Show the format at the editor's cursor."""
        editor = self.editor
        heading = editor.heading_level()
        kind = editor.list_kind()
        self.bold_action.setChecked(editor.is_bold() and not heading)
        self.bold_action.setEnabled(not heading)
        self.italic_action.setChecked(editor.is_italic())
        self.bullets_action.setChecked(kind is Kind.BULLET)
        self.numbers_action.setChecked(kind is Kind.NUMBERED)
        self.quote_action.setChecked(editor.is_quoted())
        index = HEADING_LEVELS.index(heading) if heading in HEADING_LEVELS else 0
        if self.style_box.currentIndex() != index:
            self.style_box.setCurrentIndex(index)

    @Slot(int)
    def _style_chosen(self, index: int) -> None:
        self.editor.set_heading(HEADING_LEVELS[index])
        self.editor.setFocus()

    @Slot()
    def apply_typography(self) -> None:
        """Typeset the editor's text as one undo step (see ``BodyEditor.apply_typography``)."""
        self.editor.apply_typography()
        self.editor.setFocus()

    @Slot()
    def choose_image(self) -> None:
        """Pick a picture file, ask for its description, insert it."""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Insert picture"), str(Path.home()),
            self.tr("Pictures (*.png *.jpg *.jpeg *.gif *.webp)"))
        if not path:
            return
        alt, ok = QInputDialog.getText(
            self, self.tr("Picture description"),
            self.tr("Describe the picture for readers who cannot see it:"))
        if ok:
            self.editor.insert_image(path, alt)
            self.editor.setFocus()
