"""The strip above a read-only article that says who is editing it.

Two people typing into the same article end in a conflict somebody must sort
out by hand; telling the second one at once ("editing: NAME since HH:MM") and
opening the text read-only avoids most of them. Editors and admins get a
"take over" button for the colleague who went home with the article open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from newsroom.domain.errors import LockInfo
from newsroom.text.dates import KYIV

BANNER_STYLE = ("#lockBanner { background-color: #fff4ce; border: 1px solid #e0b400; "
                "border-radius: 4px; } #lockBanner QLabel { color: #4d3800; }")


class LockBanner(QFrame):
    """Hidden until :meth:`show_lock`; ``take_over_requested`` when the button is pressed."""

    take_over_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.label = QLabel(self)
        self.label.setObjectName("lockText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.take_over_button = QPushButton(self.tr("Take over"), self)
        self.take_over_button.setObjectName("takeOver")
        self.take_over_button.setToolTip(self.tr(
            "Edit the article yourself. The other person's window becomes read-only; "
            "their unsaved text is kept and offered to them for recovery."))
        self.take_over_button.clicked.connect(self.take_over_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.take_over_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text()

    def show_lock(self, lock: LockInfo, can_take_over: bool, editable_otherwise: bool) -> None:
        """Name the holder; ``editable_otherwise`` says whether the lock is all that stops us."""
        since = lock.since.astimezone(KYIV).strftime("%H:%M")
        line = self.tr("Editing: {name} since {time}.").format(name=lock.user_name, time=since)
        if editable_otherwise:
            line += " " + self.tr("The article is open read-only until they close it.")
        self.label.setText(line)
        self.take_over_button.setVisible(can_take_over)
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()
