"""Two versions of one article, side by side, when a save finds a newer one.

Someone saved the article after this user opened it. Nothing has been
written: the dialog shows the user's text and the stored one next to each
other, with the words that only one side has highlighted, and an editable
merge below, prefilled with the user's text. The user keeps theirs, takes the
other, or saves the merge; the dialog only answers with a
:class:`~ui.session.article_session.Resolution` and the article session
carries it out, so whichever way they choose nothing is lost (their own text
survives a "take theirs" in the autosave table).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from newsroom.domain.errors import ConflictError
from newsroom.text.words import DiffKind, DiffOp, word_diff
from ui.session.article_session import Choice, Resolution

MINE_STYLE = "background-color:#c8ecd0; color:#0b3d16;"
THEIRS_STYLE = "background-color:#fde2b8; color:#4a2c00;"
FIELD_LABEL_STYLE = "color:#5f6368; font-size:small; margin-top:10px;"


def side_html(ops: Iterable[DiffOp], own: DiffKind, style: str) -> str:
    """One side of a word diff: the shared words plain, the side's ``own`` words marked."""
    parts = []
    for op in ops:
        if op.kind == "equal":
            parts.append(escape(op.text))
        elif op.kind == own:
            # Spaces around a changed run stay unmarked: the mark hugs the words.
            core = op.text.strip()
            if not core:
                parts.append(escape(op.text))
                continue
            start = op.text.index(core)
            parts.append(f"{escape(op.text[:start])}<span style=\"{style}\">{escape(core)}"
                         f"</span>{escape(op.text[start + len(core):])}")
    return "".join(parts)


def highlighted(view: QTextBrowser) -> list[str]:
    """The runs of text a pane shows highlighted (a background colour), in order.

    Read back from the document, not the HTML we gave it: this is what the
    user sees, for tests and for a screen reader's summary.
    """
    runs: list[str] = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.charFormat().background().style() != \
                    Qt.BrushStyle.NoBrush:
                runs.append(fragment.text())
            it += 1
        block = block.next()
    return runs


class ConflictDialog(QDialog):
    """Shows ``conflict``'s two sides; :attr:`resolution` holds the choice after ``accept``.

    Closing without choosing (Escape, "Decide later") leaves the user's text
    in the editor, unsaved; the next save meets the same conflict again.
    """

    def __init__(self, conflict: ConflictError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("The article was changed meanwhile"))
        self.conflict = conflict
        self.resolution: Resolution | None = None
        mine, theirs = conflict.mine, conflict.theirs

        intro = QLabel(self.tr(
            "<b>{who}</b> saved this article (version {theirs}) after you opened version "
            "{mine}. Nothing has been saved yet and nothing is lost: keep your text, take "
            "theirs, or merge the two by hand below.").format(
                who=escape(conflict.saved_by), theirs=theirs.version, mine=mine.version), self)
        intro.setObjectName("conflictIntro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        fields = [(self.tr("Title"), mine.title, theirs.title),
                  (self.tr("Lead"), mine.lead, theirs.lead),
                  (self.tr("Text"), mine.body, theirs.body)]
        self.mine_view = self._pane("mineView")
        self.theirs_view = self._pane("theirsView")
        self.mine_view.setHtml(self._side(fields, "insert", MINE_STYLE))
        self.theirs_view.setHtml(self._side(fields, "delete", THEIRS_STYLE))
        self._sync_scrolling()

        mine_box = self._titled(
            self.tr("Your version (not saved)"),
            self.tr("Words only in your version are {marked}.").format(
                marked=self._marked(MINE_STYLE)), self.mine_view)
        theirs_box = self._titled(
            self.tr("Saved by {who} (version {n})").format(who=conflict.saved_by,
                                                          n=theirs.version),
            self.tr("Words only in their version are {marked}.").format(
                marked=self._marked(THEIRS_STYLE)), self.theirs_view)
        sides = QSplitter(Qt.Orientation.Horizontal, self)
        sides.setChildrenCollapsible(False)
        sides.addWidget(mine_box)
        sides.addWidget(theirs_box)

        self.merge_title = QLineEdit(mine.title, self)
        self.merge_title.setObjectName("mergeTitle")
        self.merge_lead = QPlainTextEdit(mine.lead, self)
        self.merge_lead.setObjectName("mergeLead")
        self.merge_lead.setTabChangesFocus(True)
        self.merge_lead.setFixedHeight(64)
        self.merge_body = QPlainTextEdit(mine.body, self)
        self.merge_body.setObjectName("mergeBody")
        self.merge_body.setTabChangesFocus(True)
        merge_widget = QWidget(self)
        merge_form = QFormLayout()
        merge_form.addRow(self.tr("&Title:"), self.merge_title)
        merge_form.addRow(self.tr("&Lead:"), self.merge_lead)
        merge_form.addRow(self.tr("Te&xt (Markdown):"), self.merge_body)
        merge_layout = QVBoxLayout(merge_widget)
        merge_layout.setContentsMargins(0, 0, 0, 0)
        merge_heading = QLabel(self.tr("<b>Merge by hand</b> — starts as your version; copy "
                                       "what you need from theirs."), merge_widget)
        merge_layout.addWidget(merge_heading)
        merge_layout.addLayout(merge_form)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(sides)
        split.addWidget(merge_widget)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.buttons = QDialogButtonBox(self)
        self.keep_mine_button = self._button(self.tr("&Keep mine"), "keepMine", self.tr(
            "Save your version over theirs; theirs stays in the revision history."),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_theirs_button = self._button(self.tr("Take &theirs"), "takeTheirs", self.tr(
            "Show their version and drop yours from the editor; yours is kept as unsaved "
            "text and offered for recovery."), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_merged_button = self._button(self.tr("Save &merged"), "saveMerged", self.tr(
            "Save the text of the merge fields below."), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self._button(self.tr("Decide &later"), "decideLater", self.tr(
            "Close this window and keep editing your version; nothing is saved."),
            QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_mine_button.clicked.connect(self.keep_mine)
        self.take_theirs_button.clicked.connect(self.take_theirs)
        self.save_merged_button.clicked.connect(self.save_merged)
        self.later_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(1100, 760)

    # -------------------------------------------------------------- building

    def _pane(self, name: str) -> QTextBrowser:
        view = QTextBrowser(self)
        view.setObjectName(name)
        view.setOpenLinks(False)
        return view

    def _side(self, fields: list[tuple[str, str, str]], own: DiffKind, style: str) -> str:
        parts = []
        for index, (label, mine, theirs) in enumerate(fields):
            weight = "font-weight:600; font-size:large;" if index == 0 else ""
            parts.append(f'<p style="{FIELD_LABEL_STYLE}">{escape(label)}</p>'
                         f'<div style="white-space:pre-wrap; {weight}">'
                         f"{side_html(word_diff(theirs, mine), own, style)}</div>")
        return "".join(parts)

    def _marked(self, style: str) -> str:
        """The legend's sample of a highlight, styled like the pane's marks."""
        word = self.tr("highlighted")
        return f'<span style="{style}">{escape(word)}</span>'

    def _titled(self, title: str, legend: str, pane: QTextBrowser) -> QWidget:
        box = QWidget(self)
        heading = QLabel(f"<b>{escape(title)}</b><br><small>{legend}</small>", box)
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(pane, 1)
        return box

    def _button(self, text: str, name: str, tip: str,
                role: QDialogButtonBox.ButtonRole) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        self.buttons.addButton(button, role)
        return button

    def _sync_scrolling(self) -> None:
        """Scroll both sides together, proportionally: their lengths may differ."""
        bars = (self.mine_view.verticalScrollBar(), self.theirs_view.verticalScrollBar())
        moving = [False]

        def follow(source: int, value: int) -> None:
            if moving[0]:
                return
            moving[0] = True
            try:
                src, dst = bars[source], bars[1 - source]
                span = max(src.maximum(), 1)
                dst.setValue(round(value / span * dst.maximum()))
            finally:
                moving[0] = False

        bars[0].valueChanged.connect(lambda v: follow(0, v))
        bars[1].valueChanged.connect(lambda v: follow(1, v))

    # -------------------------------------------------------------- choices

    def _decide(self, resolution: Resolution) -> None:
        self.resolution = resolution
        self.accept()

    @Slot()
    def keep_mine(self) -> None:
        self._decide(Resolution(Choice.KEEP_MINE))

    @Slot()
    def take_theirs(self) -> None:
        self._decide(Resolution(Choice.TAKE_THEIRS))

    @Slot()
    def save_merged(self) -> None:
        self._decide(Resolution(Choice.MERGED, title=self.merge_title.text(),
                                lead=self.merge_lead.toPlainText(),
                                body=self.merge_body.toPlainText()))
