"""A word diff the way reviewers read it: added words green and underlined,
removed words red and struck through.

Colour alone would fail a colour-blind reviewer and a black-and-white printout,
so each kind also has its own decoration. The HTML comes from the core's
:func:`diff_to_html` (which escapes the user's text); Qt's rich text knows no
``<ins>``/``<del>``, so those two tags become styled spans here.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QTextBrowser, QWidget

from newsroom.text.words import DiffOp, diff_to_html

INSERT_STYLE = "color:#1b5e20; background-color:#dcf2e0; text-decoration:underline;"
DELETE_STYLE = "color:#a4161a; background-color:#fbe1e1; text-decoration:line-through;"


def diff_html(ops: Iterable[DiffOp]) -> str:
    """The diff as Qt-renderable HTML, paragraphs and line breaks kept."""
    body = (diff_to_html(ops)
            .replace("<ins>", f'<span class="ins" style="{INSERT_STYLE}">')
            .replace("</ins>", "</span>")
            .replace("<del>", f'<span class="del" style="{DELETE_STYLE}">')
            .replace("</del>", "</span>"))
    # diff_to_html escaped every < of the text, so the only tags are ours.
    return f'<div style="white-space:pre-wrap;">{body}</div>'


class DiffView(QTextBrowser):
    """Read-only view of a word diff; :meth:`set_diff` replaces what it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffView")
        self.setOpenLinks(False)
        self._ops: tuple[DiffOp, ...] = ()

    @property
    def ops(self) -> tuple[DiffOp, ...]:
        return self._ops

    def set_diff(self, ops: Iterable[DiffOp]) -> None:
        self._ops = tuple(ops)
        self.setHtml(diff_html(self._ops))

    def inserted_text(self) -> list[str]:
        """The added runs, for tests and screen readers' summaries."""
        return [op.text for op in self._ops if op.kind == "insert"]

    def deleted_text(self) -> list[str]:
        return [op.text for op in self._ops if op.kind == "delete"]
