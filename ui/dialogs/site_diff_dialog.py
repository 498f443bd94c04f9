"""Our article against the post as the website has it now, as a word diff.

Someone edited the post on the site (a typo fixed in the WordPress admin, a
paragraph added). Before the editor overwrites it or takes it over, this
shows exactly which words the site dropped (struck through, red) and added
(underlined, green), coloured as the revision history does.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from newsroom.text.words import DiffOp
from ui.widgets.diff_view import DELETE_STYLE, INSERT_STYLE, DiffView


class SiteDiffDialog(QDialog):
    """Read-only: the words our text has that the site's lacks, and the reverse."""

    def __init__(self, title: str, site: str, ops: Iterable[DiffOp],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteDiffDialog")
        self.setWindowTitle(self.tr("Changes on the site"))
        self.view = DiffView(self)
        self.view.set_diff(ops)
        changed = any(op.kind != "equal" for op in self.view.ops)

        heading = QLabel(self.tr("«{title}»: our text compared with the post on {site}").format(
            title=escape(title), site=escape(site)), self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.legend = QLabel(self)
        self.legend.setObjectName("diffLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        if changed:
            # lupdate cannot see self.tr() inside an f-string: the words come first.
            struck_text = escape(self.tr("Struck out"))
            underlined_text = escape(self.tr("Underlined"))
            struck = f'<span style="{DELETE_STYLE}">{struck_text}</span>'
            underlined = f'<span style="{INSERT_STYLE}">{underlined_text}</span>'
            self.legend.setText(self.tr("{struck_out}: only in our text. {underlined}: only "
                                        "on the site.").format(struck_out=struck,
                                                               underlined=underlined))
        else:
            self.legend.setText(self.tr("The texts are the same: only the site’s layout or "
                                        "the lead and signature differ."))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)
