"""The visual editor of an article body, stored as Markdown.

The body lives in the database as Markdown in the house dialect
(:mod:`newsroom.text.markdown_dialect`). Qt's own ``toMarkdown()`` is not used:
it wraps lines at 80 columns, spells lists and emphasis its own way and reads
Markdown with a different parser than the site, so an untouched article would
change on every save. Instead the document is read into the dialect's block
model and written by the one writer the rest of the app uses, and Markdown is
loaded through the same parser the site renders with. For everything the
toolbar can make, ``set_markdown(md); to_markdown() == md``.

How the document holds the model: headings are the block's ``headingLevel``
(their size and weight are decoration); quotes are ``BlockQuoteLevel`` 1 on the
block; list items are blocks in a ``QTextList`` whose indent is depth + 1;
bold is a weight of 600 or more, italic is italic, links are anchors, line
breaks are Qt's U+2028.

Pictures inserted from disk are kept as ``file:`` URLs of the original file
(``![alt](file:///C:/Users/olena/Фото%20наради.jpg)``) and embedded in the
document as a resource, so they show at once and after reopening on the same
PC. The site cannot show such a picture and the sanitiser drops ``file:``
sources, so publishing must upload them and rewrite the URL first; the preview
shows them missing until then.

The widget never opens message boxes: problems (a paste too large, formatting
that the visual editor cannot keep) go out through the ``message`` signal for
the window to show.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QMimeData, Qt, QUrl, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QKeySequence,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
    QTextImageFormat,
    QTextLength,
    QTextList,
    QTextListFormat,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from newsroom.text.markdown_dialect import (
    Block,
    Image,
    Inline,
    Kind,
    LineBreak,
    Span,
    blocks_to_markdown,
    image_src,
    link_url,
    read_markdown,
)
from newsroom.text.paste import PasteTooLargeError, read_paste
from newsroom.text.typography import typeset, typeset_blocks
from ui.dialogs.link_dialog import LinkDialog

MARKDOWN_MIME = "application/x-newsroom-markdown"
"""Copies between our editors carry the dialect itself, so nothing is lost
(Qt's HTML for the clipboard would lose ``file:`` pictures to the paste rules)."""

MAX_PLAIN_PASTE_CHARS = 500_000
"""Plain text above this is refused. Qt lays out 500 000 characters in about
about 0.4 s here; 10 MB would freeze the window for several seconds, and
no article body can be saved above 2 million characters anyway."""

LINK_SHORTCUT = QKeySequence("Ctrl+K")
TYPOGRAPHY_SHORTCUT = QKeySequence("Ctrl+Shift+T")
IMAGE_MAX_WIDTH = QTextLength(QTextLength.Type.PercentageLength, 100)
QUOTE_MARGIN = 24.0
QUOTE_BACKGROUND = QColor("#eef1f5")
LINK_COLOR = QColor("#0b57a4")
BLOCK_SPACING = 8.0
HEADING_SPACING = 14.0
HEADING_SIZE = {2: 2, 3: 1, 4: 0}  # QTextCharFormat.FontSizeAdjustment per level

_BOLD_WEIGHT = 600
_BULLET_STYLES = (QTextListFormat.Style.ListDisc, QTextListFormat.Style.ListCircle,
                  QTextListFormat.Style.ListSquare)
_QUOTE_LEVEL = QTextFormat.Property.BlockQuoteLevel
_ALT_TEXT = QTextFormat.Property.ImageAltText


# ------------------------------------------------------------ document -> model


# Getters that answer "nothing" (textList() of a plain block, property() of
# an unset property) are avoided below: PySide6 6.12 on Python 3.11 returns
# None from them without a reference, and enough such calls abort the
# interpreter ("none_dealloc"). These run on every cursor move.


def text_list(block: QTextBlock) -> QTextList | None:
    """The block's list, asking Qt only when the block belongs to one."""
    if block.blockFormat().objectIndex() < 0:
        return None
    return block.textList()


def _is_quoted(block: QTextBlock) -> bool:
    return block.blockFormat().intProperty(_QUOTE_LEVEL) > 0


def _list_kind(block: QTextBlock) -> Kind | None:
    items = text_list(block)
    if items is None:
        return None
    return Kind.BULLET if items.format().style() in _BULLET_STYLES else Kind.NUMBERED


def _list_depth(block: QTextBlock) -> int:
    items = text_list(block)
    return max(items.format().indent() - 1, 0) if items is not None else 0


def fragments(block: QTextBlock) -> Iterator[QTextFragment]:
    """The block's runs of equally formatted text, in order."""
    position = block.begin()
    while not position.atEnd():
        fragment = position.fragment()
        if fragment.isValid():
            yield fragment
        position += 1


def _inlines(block: QTextBlock) -> list[Inline]:
    items: list[Inline] = []
    for fragment in fragments(block):
        fmt = fragment.charFormat()
        text = fragment.text()
        if fmt.isImageFormat():
            image = fmt.toImageFormat()
            alt = image.stringProperty(_ALT_TEXT)
            items.extend(Image(image.name(), alt) for _ in text)
            continue
        href = fmt.anchorHref() if fmt.isAnchor() and fmt.anchorHref() else None
        items.append(Span(text, fmt.fontWeight() >= _BOLD_WEIGHT, fmt.fontItalic(), href))
    return items


def document_blocks(document: QTextDocument) -> list[Block]:
    """The document as the dialect's blocks (not yet normalised)."""
    blocks: list[Block] = []
    block = document.begin()
    while block.isValid():
        kind = _list_kind(block)
        heading = block.blockFormat().headingLevel()
        if kind is not None:
            level = _list_depth(block)
        elif heading > 0:
            kind, level = Kind.HEADING, heading
        else:
            kind, level = Kind.PARAGRAPH, 0
        blocks.append(Block(kind, tuple(_inlines(block)), level, _is_quoted(block)))
        block = block.next()
    return blocks


# ------------------------------------------------------------ model -> document


def base_char_format(heading_level: int = 0) -> QTextCharFormat:
    """Plain text of a paragraph, or of a heading (bigger and bold)."""
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if heading_level else QFont.Weight.Normal)
    fmt.setProperty(QTextFormat.Property.FontSizeAdjustment,
                    HEADING_SIZE.get(heading_level, 0))
    return fmt


def span_char_format(span: Span, heading_level: int = 0) -> QTextCharFormat:
    fmt = base_char_format(heading_level)
    if span.bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if span.italic:
        fmt.setFontItalic(True)
    if span.href is not None:
        _make_link(fmt, span.href)
    return fmt


def _make_link(fmt: QTextCharFormat, href: str) -> None:
    fmt.setAnchor(True)
    fmt.setAnchorHref(href)
    fmt.setForeground(QBrush(LINK_COLOR))
    fmt.setFontUnderline(True)


_LINK_PROPERTIES = (QTextFormat.Property.IsAnchor, QTextFormat.Property.AnchorHref,
                    QTextFormat.Property.ForegroundBrush,
                    QTextFormat.Property.TextUnderlineStyle, QTextFormat.Property.FontUnderline)


def _unlink(fmt: QTextCharFormat) -> None:
    """Remove the link and its look, keeping bold and italic."""
    for prop in _LINK_PROPERTIES:
        fmt.clearProperty(prop)


def _set_quoted(fmt: QTextBlockFormat, quoted: bool) -> None:
    if quoted:
        fmt.setProperty(_QUOTE_LEVEL, 1)
        fmt.setLeftMargin(QUOTE_MARGIN)
        fmt.setBackground(QBrush(QUOTE_BACKGROUND))
    else:
        fmt.clearProperty(_QUOTE_LEVEL)
        fmt.setLeftMargin(0)
        fmt.clearBackground()


def block_format(heading_level: int = 0, quoted: bool = False) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setHeadingLevel(heading_level)
    fmt.setTopMargin(HEADING_SPACING if heading_level else 0)
    fmt.setBottomMargin(BLOCK_SPACING)
    _set_quoted(fmt, quoted)
    return fmt


def list_format(kind: Kind, depth: int) -> QTextListFormat:
    fmt = QTextListFormat()
    if kind is Kind.NUMBERED:
        fmt.setStyle(QTextListFormat.Style.ListDecimal)
    else:
        fmt.setStyle(_BULLET_STYLES[depth % len(_BULLET_STYLES)])
    fmt.setIndent(depth + 1)
    return fmt


def attach_to_list(block: QTextBlock, kind: Kind, depth: int) -> None:
    """Make the block an item at ``depth``, joining the list above it if there is one.

    Joining matters for numbered lists: items of separate QTextLists would
    each be numbered from 1.
    """
    if text_list(block) is not None:
        detach_from_list(block)
    previous = block.previous()
    while previous.isValid() and (above := text_list(previous)) is not None:
        indent = above.format().indent()
        if indent == depth + 1:
            if _list_kind(previous) is kind and _is_quoted(previous) == _is_quoted(block):
                above.add(block)
                return
            break
        if indent < depth + 1:
            break
        previous = previous.previous()
    QTextCursor(block).createList(list_format(kind, depth))


def detach_from_list(block: QTextBlock) -> None:
    items = text_list(block)
    if items is None:
        return
    items.remove(block)
    fmt = block.blockFormat()
    fmt.setIndent(0)  # QTextList.remove keeps the item's indent as the block's
    QTextCursor(block).setBlockFormat(fmt)


class DocumentWriter:
    """Inserts blocks at a cursor: loads a whole body, or pastes into one.

    The first block goes into the cursor's block: it takes the block's place
    when that is empty, and merges into its text otherwise, as pasting into
    the middle of a sentence should.
    """

    def __init__(self, cursor: QTextCursor) -> None:
        self.cursor = cursor
        self.document = cursor.document()

    def write(self, blocks: Sequence[Block]) -> None:
        cursor = self.cursor
        for index, block in enumerate(blocks):
            heading = block.level if block.kind is Kind.HEADING else 0
            if index == 0 and cursor.block().length() > 1:
                # Merge into the text already there, keeping its block (and its look).
                heading = cursor.block().blockFormat().headingLevel()
            else:
                fmt = block_format(heading, block.quoted)
                if index == 0:
                    detach_from_list(cursor.block())
                    cursor.setBlockFormat(fmt)
                    cursor.setBlockCharFormat(base_char_format(heading))
                else:
                    cursor.insertBlock(fmt, base_char_format(heading))
                if block.kind.is_list:
                    attach_to_list(cursor.block(), block.kind, block.level)
            self._write_inlines(block.inlines, heading)

    def _write_inlines(self, inlines: Sequence[Inline], heading: int) -> None:
        cursor = self.cursor
        for item in inlines:
            if isinstance(item, Span):
                cursor.insertText(item.text, span_char_format(item, heading))
            elif isinstance(item, LineBreak):
                cursor.insertText("\u2028", base_char_format(heading))
            else:
                cursor.insertImage(self.image_format(item.src, item.alt))

    def image_format(self, src: str, alt: str) -> QTextImageFormat:
        fmt = QTextImageFormat()
        fmt.setName(src)
        fmt.setProperty(_ALT_TEXT, alt)
        fmt.setMaximumWidth(IMAGE_MAX_WIDTH)
        if src.startswith("data:") and ";base64," in src:
            # QTextDocument does not decode data: URLs itself.
            data = QByteArray.fromBase64(QByteArray(src.split(",", 1)[1].encode("ascii")))
            image = QImage.fromData(data)
            if not image.isNull():
                self.document.addResource(QTextDocument.ResourceType.ImageResource.value,
                                          QUrl(src), image)
        return fmt


# ---------------------------------------------------------------- the widget


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link goes: a selection, an existing link, or just the cursor."""

    start: int
    end: int
    href: str | None


class BodyEditor(QTextEdit):
    """WYSIWYG editor for an article body; see the module docstring for the format."""

    message = Signal(str)
    """Something the user should read; the window decides how to show it."""
    formatChanged = Signal()
    """Block formatting changed without the cursor moving (toolbars refresh on it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyEditor")
        self.setAcceptRichText(True)
        self.setTabChangesFocus(False)
        self.document().setDocumentMargin(12)
        self.setCurrentCharFormat(base_char_format())

    # -- Markdown in and out -----------------------------------------------------

    def to_markdown(self) -> str:
        return blocks_to_markdown(document_blocks(self.document()))

    def set_markdown(self, md: str) -> None:
        """Load a body; undo history starts afresh and the document is unmodified."""
        reading = read_markdown(md)
        document = self.document()
        document.setUndoRedoEnabled(False)
        document.clear()
        cursor = QTextCursor(document)
        DocumentWriter(cursor).write(reading.blocks)
        document.setUndoRedoEnabled(True)
        document.setModified(False)
        start = QTextCursor(document)
        self.setTextCursor(start)
        self.formatChanged.emit()
        if reading.unsupported:
            self.message.emit(self.tr(
                "Some formatting of this text (tables, code, lines, or links and pictures "
                "with unusual addresses) cannot be shown here and would be simplified if you "
                "edit it in this view. To keep it, edit the text in the Markdown tab."))

    # -- character formatting ------------------------------------------------------

    def is_bold(self) -> bool:
        return self.currentCharFormat().fontWeight() >= _BOLD_WEIGHT

    def is_italic(self) -> bool:
        return self.currentCharFormat().fontItalic()

    def set_bold(self, bold: bool) -> None:
        if self.heading_level():
            return  # a heading is bold already; Markdown keeps no bold inside it
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.mergeCurrentCharFormat(fmt)
        self.formatChanged.emit()

    def set_italic(self, italic: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(italic)
        self.mergeCurrentCharFormat(fmt)
        self.formatChanged.emit()

    @Slot()
    def toggle_bold(self) -> None:
        self.set_bold(not self.is_bold())

    @Slot()
    def toggle_italic(self) -> None:
        self.set_italic(not self.is_italic())

    # -- block formatting ------------------------------------------------------------

    def _selected_blocks(self) -> Iterator[QTextBlock]:
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        block = self.document().findBlock(start)
        while block.isValid() and (block.position() <= end):
            if block.position() == end and end > start:
                break  # a selection ending at a block's start does not include it
            yield block
            block = block.next()

    def heading_level(self) -> int:
        return self.textCursor().block().blockFormat().headingLevel()

    def list_kind(self) -> Kind | None:
        return _list_kind(self.textCursor().block())

    def is_quoted(self) -> bool:
        return _is_quoted(self.textCursor().block())

    def set_heading(self, level: int) -> None:
        """Turn the selected blocks into headings of ``level`` (2–4), or paragraphs (0)."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for block in list(self._selected_blocks()):
            detach_from_list(block)
            self._set_block_heading(block, level)
        cursor.endEditBlock()
        if not self.textCursor().hasSelection():
            self.setCurrentCharFormat(self._typing_format(level))
        self.formatChanged.emit()

    def _typing_format(self, heading_level: int) -> QTextCharFormat:
        fmt = self.currentCharFormat()
        base = base_char_format(heading_level)
        fmt.setFontWeight(base.fontWeight())
        fmt.setProperty(QTextFormat.Property.FontSizeAdjustment,
                        base.intProperty(QTextFormat.Property.FontSizeAdjustment))
        return fmt

    @staticmethod
    def _set_block_heading(block: QTextBlock, level: int) -> None:
        cursor = QTextCursor(block)
        fmt = block.blockFormat()
        fmt.setHeadingLevel(level)
        fmt.setTopMargin(HEADING_SPACING if level else 0)
        cursor.setBlockFormat(fmt)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                            QTextCursor.MoveMode.KeepAnchor)
        look = base_char_format(level)  # a heading's weight is its style, not bold text
        cursor.mergeCharFormat(look)
        cursor.mergeBlockCharFormat(look)

    def toggle_list(self, kind: Kind) -> None:
        """Make the selected blocks items of a ``kind`` list, or plain paragraphs again."""
        blocks = list(self._selected_blocks())
        remove = all(_list_kind(block) is kind for block in blocks)
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for block in blocks:
            if remove:
                detach_from_list(block)
                continue
            if block.blockFormat().headingLevel():
                self._set_block_heading(block, 0)
            attach_to_list(block, kind, _list_depth(block))
        cursor.endEditBlock()
        self.formatChanged.emit()

    def change_list_depth(self, step: int) -> bool:
        """Nest (+1) or un-nest (-1) the selected list items; False if not in a list."""
        blocks = [b for b in self._selected_blocks() if text_list(b) is not None]
        if not blocks:
            return False
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for block in blocks:
            kind = _list_kind(block)
            assert kind is not None
            attach_to_list(block, kind, max(_list_depth(block) + step, 0))
        cursor.endEditBlock()
        self.formatChanged.emit()
        return True

    def toggle_quote(self) -> None:
        blocks = list(self._selected_blocks())
        quote = not all(_is_quoted(block) for block in blocks)
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for block in blocks:
            fmt = block.blockFormat()
            _set_quoted(fmt, quote)
            QTextCursor(block).setBlockFormat(fmt)
        cursor.endEditBlock()
        self.formatChanged.emit()

    # -- links ------------------------------------------------------------------------

    def link_target(self) -> LinkTarget:
        """The selection, or the whole link the cursor is in, or the bare cursor."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            start, end = cursor.selectionStart(), cursor.selectionEnd()
            probe = QTextCursor(self.document())
            probe.setPosition(start + 1)
            fmt = probe.charFormat()
            return LinkTarget(start, end, fmt.anchorHref() if fmt.isAnchor() else None)
        position = cursor.position()
        block = cursor.block()
        for fragment in fragments(block):
            fmt = fragment.charFormat()
            inside = fragment.position() <= position <= fragment.position() + fragment.length()
            if inside and fmt.isAnchor() and fmt.anchorHref():
                return self._whole_link(block, fmt.anchorHref(), position)
        return LinkTarget(position, position, None)

    @staticmethod
    def _whole_link(block: QTextBlock, href: str, position: int) -> LinkTarget:
        runs: list[tuple[int, int]] = []
        for fragment in fragments(block):
            fmt = fragment.charFormat()
            start, end = fragment.position(), fragment.position() + fragment.length()
            if fmt.isAnchor() and fmt.anchorHref() == href:
                if runs and runs[-1][1] == start:
                    runs[-1] = (runs[-1][0], end)
                else:
                    runs.append((start, end))
        for start, end in runs:
            if start <= position <= end:
                return LinkTarget(start, end, href)
        return LinkTarget(position, position, None)

    def edit_link(self) -> LinkDialog:
        """Open the link dialog for the selection or the link under the cursor."""
        target = self.link_target()
        cursor = QTextCursor(self.document())
        cursor.setPosition(target.start)
        cursor.setPosition(target.end, QTextCursor.MoveMode.KeepAnchor)
        dialog = LinkDialog(text=cursor.selectedText(), url=target.href or "",
                            ask_text=target.start == target.end,
                            can_remove=target.href is not None, parent=self)

        def done() -> None:
            if dialog.removed:
                self.remove_link(target)
            else:
                self.set_link(dialog.url(), dialog.text(), target)
            self.setFocus()

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def set_link(self, url: str, text: str = "", target: LinkTarget | None = None) -> bool:
        """Link the target (selection by default) to ``url``; with no text selected,
        insert ``text`` (or the address) as the link. False, changing nothing, for a
        URL that is not allowed."""
        href = link_url(url)
        if href is None:
            self.message.emit(LinkDialog.bad_url_message())
            return False
        target = target or self.link_target()
        cursor = QTextCursor(self.document())
        cursor.setPosition(target.start)
        fmt = QTextCharFormat()
        _make_link(fmt, href)
        cursor.beginEditBlock()
        if target.start == target.end:
            at_cursor = self.textCursor().position() == target.start
            typed = QTextCharFormat(self.currentCharFormat() if at_cursor
                                    else cursor.charFormat())
            typed.merge(fmt)
            cursor.insertText(text.strip() or href, typed)
        else:
            cursor.setPosition(target.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
        self._stop_link_at_cursor()
        return True

    def remove_link(self, target: LinkTarget | None = None) -> None:
        target = target or self.link_target()
        if target.start == target.end:
            return
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        position = target.start
        while position < target.end:
            cursor.setPosition(position)
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter,
                                QTextCursor.MoveMode.KeepAnchor)
            fmt = cursor.charFormat()
            _unlink(fmt)
            cursor.setCharFormat(fmt)
            position += 1
        cursor.endEditBlock()
        self._stop_link_at_cursor()

    def _stop_link_at_cursor(self) -> None:
        """Text typed right after a link must not extend it."""
        fmt = self.currentCharFormat()
        # With a selection, setCurrentCharFormat would restyle the selected text.
        if fmt.isAnchor() and not self.textCursor().hasSelection():
            _unlink(fmt)
            self.setCurrentCharFormat(fmt)
        self.formatChanged.emit()

    # -- pictures -------------------------------------------------------------------

    def insert_image(self, path: Path | str, alt: str = "") -> bool:
        """Insert a picture file at the cursor (see the module docstring for its URL)."""
        path = Path(path).resolve()
        image = QImage(str(path))
        if image.isNull():
            self.message.emit(self.tr("Could not open the picture {file}: it is not an image "
                                      "or cannot be read.").format(file=path.name))
            return False
        src = image_src(QUrl.fromLocalFile(str(path)).toString(), allow_files=True)
        if src is None:
            self.message.emit(self.tr("Could not open the picture {file}.").format(
                file=path.name))
            return False
        document = self.document()
        document.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(src), image)
        cursor = self.textCursor()
        cursor.insertImage(DocumentWriter(cursor).image_format(src, alt.strip()))
        self.setTextCursor(cursor)
        return True

    # -- clipboard and drops --------------------------------------------------------

    def createMimeDataFromSelection(self) -> QMimeData:
        data = super().createMimeDataFromSelection()
        copy = QTextDocument()
        QTextCursor(copy).insertFragment(self.textCursor().selection())
        data.setData(MARKDOWN_MIME, QByteArray(
            blocks_to_markdown(document_blocks(copy)).encode("utf-8")))
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasFormat(MARKDOWN_MIME) or source.hasHtml() or source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste: our own Markdown as is, HTML cleaned, plain text as plain text.

        Pasted HTML and plain text get the house typography (quotes, apostrophes,
        dashes and no-break spaces), as the Typography action would give them.
        """
        if source.hasFormat(MARKDOWN_MIME):
            md = bytes(source.data(MARKDOWN_MIME).data()).decode("utf-8", "replace")
            if self._refuse_plain(md):
                return
            self.insert_blocks(read_markdown(md).blocks)
        elif source.hasHtml():
            try:
                pasted = read_paste(source.html(), max_chars=MAX_PLAIN_PASTE_CHARS)
            except PasteTooLargeError as error:
                text = str(error)
                self.message.emit(text[:1].upper() + text[1:] + ".")
                return
            self.insert_blocks(typeset_blocks(pasted.blocks))
            if pasted.dropped_images:
                self.message.emit(self.tr(
                    "Pictures copied from Word cannot be pasted ({count} left out). "
                    "Insert them with the Picture button.").format(
                        count=pasted.dropped_images))
        elif source.hasText():
            text = source.text()
            if self._refuse_plain(text):
                return
            self.insert_plain_text(typeset(text))

    def _refuse_plain(self, text: str) -> bool:
        if len(text) <= MAX_PLAIN_PASTE_CHARS:
            return False
        self.message.emit(self.tr(
            "The pasted text has {size} characters; at most {max} can be pasted at once. "
            "Paste it in parts.").format(size=f"{len(text):,}".replace(",", "\u00a0"),
                                        max=f"{MAX_PLAIN_PASTE_CHARS:,}".replace(",", "\u00a0")))
        return True

    def insert_blocks(self, blocks: Sequence[Block]) -> None:
        """Insert blocks at the cursor as one undo step."""
        if not blocks:
            return
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        DocumentWriter(cursor).write(blocks)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self._stop_link_at_cursor()

    def insert_plain_text(self, text: str) -> None:
        """Plain text in the format of the block it lands in, never as a link.

        After a heading the following lines become paragraphs: several headings
        from one paste are never what was meant.
        """
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        cursor = self.textCursor()
        heading = cursor.block().blockFormat().headingLevel()
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        first, newline, rest = text.partition("\n")
        cursor.insertText(first, base_char_format(heading))
        if newline:
            if heading:
                cursor.insertBlock(block_format(0, _is_quoted(cursor.block())),
                                   base_char_format())
            else:
                cursor.insertBlock()
            cursor.insertText(rest, base_char_format())
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    # -- typography -----------------------------------------------------------------

    def apply_typography(self) -> int:
        """Typeset the whole body as one undo step; the number of characters changed.

        Block by block with :func:`~newsroom.text.typography.typeset`, which gives
        what ``typeset_markdown`` gives for the stored Markdown (the document holds
        no code or link addresses as text). Every rule swaps one character for
        one, so bold, links, pictures and the cursor all stay where they were.
        """
        document = self.document()
        edits: list[tuple[int, str]] = []
        block = document.begin()
        while block.isValid():
            text = block.text()
            done = typeset(text)
            if done != text:
                edits.extend((block.position() + index, new) for index, (old, new)
                             in enumerate(zip(text, done, strict=True)) if old != new)
            block = block.next()
        if not edits:
            return 0
        view = self.textCursor()
        anchor, position = view.anchor(), view.position()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for at, char in edits:
            cursor.setPosition(at)
            cursor.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(char, cursor.charFormat())  # the replaced character's format
        cursor.endEditBlock()
        view.setPosition(anchor)
        view.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(view)
        self.formatChanged.emit()
        return len(edits)

    # -- keyboard -------------------------------------------------------------------

    def _own_shortcut(self, event: QKeyEvent) -> str | None:
        if event.matches(QKeySequence.StandardKey.Bold):
            return "bold"
        if event.matches(QKeySequence.StandardKey.Italic):
            return "italic"
        if QKeySequence(event.keyCombination()) == LINK_SHORTCUT:
            return "link"
        if QKeySequence(event.keyCombination()) == TYPOGRAPHY_SHORTCUT:
            return "typography"
        return None

    def event(self, event: QEvent) -> bool:
        # Claim our shortcuts before window-wide actions (and Qt's own Ctrl+K,
        # "delete to end of line" on some platforms) can take them.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and self._own_shortcut(event) is not None):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        shortcut = self._own_shortcut(event)
        if shortcut == "bold":
            self.toggle_bold()
            return
        if shortcut == "italic":
            self.toggle_italic()
            return
        if shortcut == "link":
            self.edit_link()
            return
        if shortcut == "typography":
            self.apply_typography()
            return
        if self._special_key(event):
            return
        super().keyPressEvent(event)

    def _special_key(self, event: QKeyEvent) -> bool:
        """Enter, Backspace and Tab as word processors treat them in lists and headings."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        block = cursor.block()
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            if block.length() == 1 and text_list(block) is not None:
                self.toggle_list(_list_kind(block) or Kind.BULLET)  # an empty item ends the list
                return True
            if block.length() == 1 and _is_quoted(block):
                self.toggle_quote()
                return True
            if block.blockFormat().headingLevel() and cursor.atBlockEnd():
                cursor.insertBlock(block_format(0, _is_quoted(block)), base_char_format())
                self.setTextCursor(cursor)
                self.setCurrentCharFormat(base_char_format())
                self.formatChanged.emit()
                return True
        if key == Qt.Key.Key_Backspace and plain and cursor.atBlockStart():
            if text_list(block) is not None:
                detach_from_list(block)
                self.formatChanged.emit()
                return True
            if _is_quoted(block):
                self.toggle_quote()
                return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and text_list(block) is not None:
            return self.change_list_depth(-1 if key == Qt.Key.Key_Backtab else 1)
        return False

