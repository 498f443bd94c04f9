"""Red wavy underlines under unknown words, as a layout overlay.

A QSyntaxHighlighter's formats live in the block layouts, not in the
document's character formats, so the underlines never reach
``BodyEditor.to_markdown()`` nor the undo history, and Qt re-runs
:meth:`SpellHighlighter.highlightBlock` only for the blocks an edit touched.
Until the checker is ready (the dictionary loads in the background) the
highlighter draws nothing. Then the whole text must be checked once, which
takes ~0.2 s for a 10,000-word article: that pass runs in slices of a few
milliseconds between events, so typing never waits for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from newsroom.text.spelling import SpellChecker, normalize_word

UNDERLINE_COLOR = QColor("#d0021b")
SLICE_MS = 8
"""Longest stretch of the whole-text pass between two event loop turns (half a frame)."""


def spelling_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(UNDERLINE_COLOR)
    return fmt


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines the words ``checker`` calls wrong, while enabled.

    ``pass_finished()`` fires when a whole-text pass (after the checker arrived
    or spelling was switched on or off) has reached the last paragraph.
    """

    pass_finished = Signal()

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._checker: SpellChecker | None = None
        self._enabled = True
        self._format = spelling_format()
        self._next_block = -1
        self._cursor_position: Callable[[], int] = lambda: -1
        self._held_block = -1
        self._held_end = -1
        self._pass_timer = QTimer(self)
        self._pass_timer.setSingleShot(True)
        self._pass_timer.setInterval(0)
        self._pass_timer.timeout.connect(self._continue_pass)

    @property
    def checker(self) -> SpellChecker | None:
        return self._checker

    @property
    def active(self) -> bool:
        """Whether underlines are drawn now (enabled, and the checker has loaded)."""
        return self._enabled and self._checker is not None

    @property
    def passing(self) -> bool:
        """Whether a whole-text pass is still under way."""
        return self._next_block >= 0

    def follow_cursor(self, position: Callable[[], int]) -> None:
        """Leave the word being typed alone: the one ending where ``position()`` is.

        Without this every keystroke would underline the half-typed word
        ("помил…") and lift the line again; it is checked when the cursor
        leaves it (a space, a click elsewhere), as word processors do.
        Call :meth:`cursor_moved` whenever the cursor moves.
        """
        self._cursor_position = position

    def cursor_moved(self) -> None:
        """Check the word that was held back, if the cursor has left it."""
        document = self.document()
        if self._held_block < 0 or document is None:
            return
        if self._cursor_position() == self._held_end:
            return  # still typing that word
        block = document.findBlockByNumber(self._held_block)
        self._held_block = -1
        if block.isValid():
            self.rehighlightBlock(block)

    def set_checker(self, checker: SpellChecker | None) -> None:
        self._checker = checker
        if self._enabled:
            self.start_pass()

    def set_enabled(self, enabled: bool) -> None:
        if enabled != self._enabled:
            self._enabled = enabled
            if self._checker is not None:
                self.start_pass()  # draws, or wipes, every underline

    def start_pass(self) -> None:
        """Re-check the whole text, a slice at a time (Qt's ``rehighlight()`` at once)."""
        self._next_block = 0
        self._pass_timer.start()

    @Slot()
    def _continue_pass(self) -> None:
        document = self.document()
        if document is None or self._next_block < 0:
            return
        # By number, not QTextBlock: the text may have changed since the last slice.
        block = document.findBlockByNumber(self._next_block)
        deadline = time.perf_counter() + SLICE_MS / 1000
        while block.isValid() and time.perf_counter() < deadline:
            self.rehighlightBlock(block)
            block = block.next()
        if block.isValid():
            self._next_block = block.blockNumber()
            self._pass_timer.start()
        else:
            self._next_block = -1
            self.pass_finished.emit()

    def rehighlight_words(self, words: Iterable[str]) -> None:
        """Redraw only the paragraphs holding one of ``words`` (just added or ignored).

        A whole-document rehighlight of a long article costs a visible pause;
        this one touches the few paragraphs where the word occurs.
        """
        wanted = {normalize_word(w).lower() for w in words if w}
        document = self.document()
        if not wanted or not self.active or document is None:
            return
        block = document.firstBlock()
        while block.isValid():
            text = normalize_word(block.text()).lower()
            if any(w in text for w in wanted):
                self.rehighlightBlock(block)
            block = block.next()

    def highlightBlock(self, text: str) -> None:
        checker = self._checker
        if checker is None or not self._enabled:
            return
        block = self.currentBlock()
        held = self._cursor_position() - block.position()
        if block.blockNumber() == self._held_block:
            self._held_block = -1
        for start, end in checker.misspelled(text):
            if end == held:
                self._held_block = block.blockNumber()
                self._held_end = block.position() + end
                continue
            self.setFormat(start, end - start, self._format)
