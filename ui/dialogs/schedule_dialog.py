"""Picking a moment on Kyiv's clock, for scheduling and rescheduling.

The office thinks in Kyiv time whatever the PC's own zone is set to (a laptop
back from a trip, a server in UTC), so the picker shows Kyiv wall-clock time
and converts through the real ``Europe/Kyiv`` zone. The edit itself runs in
UTC only as a carrier of the typed digits: Qt then never "corrects" a wall
time by the PC's daylight-saving rules.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, Slot
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from newsroom.text.dates import KYIV, parse_user_datetime

ERROR_STYLE = "color: #b3261e;"


def kyiv_wall_clock(moment: datetime) -> QDateTime:
    """``moment`` as Kyiv reads it, carried by a UTC QDateTime (see the module doc)."""
    local = moment.astimezone(KYIV)
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute), QTimeZone.utc())


def from_wall_clock(value: QDateTime) -> datetime:
    """The aware UTC moment of a Kyiv wall-clock value; ValueError for an hour Kyiv skips."""
    date, time = value.date(), value.time()
    return parse_user_datetime(f"{date.year():04d}-{date.month():02d}-{date.day():02d} "
                               f"{time.hour():02d}:{time.minute():02d}")


def default_moment(now: datetime | None = None) -> datetime:
    """The next full hour at least 30 minutes away: a sensible first offer."""
    now = now or datetime.now(UTC)
    soon = now + timedelta(minutes=30)
    return soon.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


class ScheduleDialog(QDialog):
    """Asks for a future moment; :attr:`chosen` holds it (aware UTC) after OK.

    A moment in the past, or one that does not exist in Kyiv (the hour skipped
    in spring), keeps the dialog open with the reason underneath.
    """

    def __init__(self, title: str, prompt: str, initial: datetime | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleDialog")
        self.setWindowTitle(title)
        self.chosen: datetime | None = None
        start = initial if initial is not None and initial > datetime.now(UTC) else None

        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.edit = QDateTimeEdit(self)
        self.edit.setObjectName("scheduleEdit")
        self.edit.setTimeZone(QTimeZone.utc())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.edit.setDateTime(kyiv_wall_clock(start or default_moment()))
        label.setBuddy(self.edit)
        zone = QLabel(self.tr("Kyiv time"), self)
        zone.setEnabled(False)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        self.edit.dateTimeChanged.connect(self.error_label.hide)

        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(zone)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def set_moment(self, moment: datetime) -> None:
        self.edit.setDateTime(kyiv_wall_clock(moment))

    @Slot()
    def _check(self) -> None:
        try:
            moment = from_wall_clock(self.edit.dateTime())
        except ValueError:
            self._error(self.tr("This time does not exist in Kyiv: the clocks skip that hour."))
            return
        if moment <= datetime.now(UTC):
            self._error(self.tr("This time has already passed: choose a moment in the future."))
            return
        self.chosen = moment
        self.accept()

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
