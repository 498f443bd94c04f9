"""The body's other two views: its Markdown source, and a preview as the site shows it.

:class:`BodyTabs` holds the visual editor, the source and the preview, and
keeps one Markdown text between them. A view's text replaces it only when that
view was edited, so merely looking at the visual tab never rewrites a body it
cannot fully show (a table in an old article survives any number of tab
switches), and what the source tab shows is always what will be saved.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from newsroom.text.markdown_render import markdown_to_html
from ui.widgets.body_editor import BodyEditor
from ui.widgets.format_toolbar import FormatToolbar

ARTICLE_STYLE = """
body { font-family: "Georgia", "Times New Roman", serif; font-size: 16px; color: #1f2328; }
h2 { font-size: 24px; color: #0b2e59; margin-top: 18px; margin-bottom: 8px; }
h3 { font-size: 20px; color: #0b2e59; margin-top: 14px; margin-bottom: 6px; }
h4 { font-size: 17px; color: #0b2e59; margin-top: 12px; margin-bottom: 4px; }
p { margin-top: 0px; margin-bottom: 12px; line-height: 150%; }
a { color: #0b57a4; text-decoration: underline; }
blockquote { margin-left: 24px; margin-right: 24px; color: #444c56; font-style: italic; }
ul, ol { margin-top: 0px; margin-bottom: 12px; }
li { margin-bottom: 4px; }
"""
"""A small likeness of the article page: serif body, dark-blue headings."""


class MarkdownSourceView(QPlainTextEdit):
    """The body as stored, for editors who know Markdown and for what the
    visual editor cannot show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdownSource")
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def markdown(self) -> str:
        return self.toPlainText()

    def set_markdown(self, md: str) -> None:
        self.setPlainText(md)
        self.document().setModified(False)


class MarkdownPreview(QTextBrowser):
    """The body rendered by the site's own renderer and sanitiser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdownPreview")
        self.setOpenLinks(False)  # a preview is for reading; links open nothing
        self.document().setDefaultStyleSheet(ARTICLE_STYLE)
        self.document().setDocumentMargin(16)

    def show_markdown(self, md: str) -> None:
        self.setHtml(markdown_to_html(md))


class BodyTabs(QTabWidget):
    """Visual editor (with its toolbar), Markdown source and preview of one body."""

    message = Signal(str)

    VISUAL, SOURCE, PREVIEW = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyTabs")
        self._markdown = ""

        visual = QWidget(self)
        self.editor = BodyEditor(visual)
        self.toolbar = FormatToolbar(self.editor, visual)
        layout = QVBoxLayout(visual)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.editor)
        self.source = MarkdownSourceView(self)
        self.preview = MarkdownPreview(self)

        self.addTab(visual, self.tr("Text"))
        self.addTab(self.source, self.tr("Markdown"))
        self.addTab(self.preview, self.tr("Preview"))
        self.setTabToolTip(self.SOURCE, self.tr("The text as it is stored, in Markdown"))
        self.setTabToolTip(self.PREVIEW, self.tr("The text as the website will show it"))
        self.editor.message.connect(self.message)
        self._shown = self.VISUAL
        self.currentChanged.connect(self._switched)

    def set_markdown(self, md: str) -> None:
        self._markdown = md
        self.editor.set_markdown(md)
        self.source.set_markdown(md)
        if self.currentIndex() == self.PREVIEW:
            self.preview.show_markdown(md)

    def markdown(self) -> str:
        """The body as it will be saved, whichever view was edited last."""
        self._collect(self._shown)
        return self._markdown

    def _collect(self, index: int) -> None:
        if index == self.VISUAL and self.editor.document().isModified():
            self._markdown = self.editor.to_markdown()
            self.editor.document().setModified(False)
            self.source.set_markdown(self._markdown)
        elif index == self.SOURCE and self.source.document().isModified():
            self._markdown = self.source.markdown()
            self.source.document().setModified(False)
            self.editor.set_markdown(self._markdown)

    @Slot(int)
    def _switched(self, index: int) -> None:
        self._collect(self._shown)
        self._shown = index
        if index == self.PREVIEW:
            self.preview.show_markdown(self._markdown)
        elif index == self.VISUAL:
            self.editor.setFocus()
