"""Everything about an article except its body: title, lead, section, tags,
signature, publication time, web address and featured photo.

The panel only edits fields; the article session decides when they are saved.
What needs the database (the list of sections, a suggested address, whether
an address is free, storing the photo) goes through the task runner, with the
answer shown in place: a taken address is a red line under the address, not a
dialog that interrupts typing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QSize, Qt, QTimer, QTimeZone, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsroom.domain.errors import ValidationError
from newsroom.services import articles, media, taxonomy
from newsroom.services.articles import Draft
from newsroom.services.media import MediaView
from newsroom.services.views import ArticleView, UserView
from newsroom.storage.db import Database
from newsroom.text.slugs import slugify
from ui.dialogs.schedule_dialog import kyiv_wall_clock
from ui.tasks import TaskClient, TaskRunner

CHECK_DELAY_MS = 350
"""Pause in typing before the address is suggested or checked: one query per pause."""

THUMBNAIL = QSize(220, 124)
ERROR_STYLE = "color: #b3261e;"
IMAGE_FILTER_EXTENSIONS = "*.png *.jpg *.jpeg *.gif *.webp"


# ------------------------------------------------------------------ worker half


def load_sections(db: Database) -> list[str]:
    with db.uow() as uow:
        return taxonomy.list_sections(uow)


def suggest_slug(db: Database, title: str, article_id: int | None) -> str:
    with db.uow() as uow:
        return articles.suggest_slug(uow, title, article_id)


def slug_available(db: Database, slug: str, article_id: int | None) -> bool:
    with db.uow() as uow:
        return articles.slug_available(uow, slug, article_id)


@dataclass(frozen=True)
class Photo:
    """The featured image and its bytes, for the thumbnail."""

    media: MediaView
    data: bytes


def load_featured(db: Database, article_id: int) -> Photo | None:
    with db.uow() as uow:
        found = media.featured(uow, article_id)
        return Photo(found, media.data(uow, found.id)) if found is not None else None


def attach_featured(db: Database, user_id: int, article_id: int, path: str) -> Photo:
    """Read the file here, off the GUI thread: it may sit on a slow network share."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(QCoreApplication.translate(
            "MetadataPanel", "Cannot read {file}: {reason}").format(
                file=Path(path).name, reason=exc.strerror or exc)) from exc
    with db.uow() as uow:
        view = media.attach(uow, user_id, article_id, Path(path).name, data, featured=True)
        uow.commit()
        return Photo(view, data)


# ------------------------------------------------------------------ the panel


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class MetadataPanel(QWidget):
    """The article's fields besides the body; ``changed`` on every edit by the user.

    :meth:`set_article` fills it without emitting ``changed``; :meth:`fields`
    reads it back as a :class:`Draft` with an empty body. While
    :attr:`auto_slug` is on, the address follows the title (as the service
    would make it); typing in the address turns that off.
    """

    changed = Signal()
    featured_changed = Signal(object)

    def __init__(self, runner: TaskRunner, user: UserView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metadataPanel")
        self._runner = runner
        self._user = user
        self._article_id: int | None = None
        self._filling = False
        self._auto_slug = False
        self._read_only = False
        self._client = TaskClient(runner, self)
        self._photo_task: int | None = None
        self._last_photo: Photo | None = None
        self.photo: MediaView | None = None

        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setPlaceholderText(self.tr("What happened, in one line"))
        self.lead_edit = QPlainTextEdit(self)
        self.lead_edit.setObjectName("leadEdit")
        self.lead_edit.setTabChangesFocus(True)
        self.lead_edit.setPlaceholderText(self.tr("Two or three sentences for the list of "
                                                  "news and social networks"))
        self.lead_edit.setFixedHeight(96)

        self.section_combo = QComboBox(self)
        self.section_combo.setObjectName("sectionCombo")
        self.section_combo.setEditable(True)
        self.section_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        section_line = self.section_combo.lineEdit()
        assert section_line is not None  # editable combos always have one
        section_line.setPlaceholderText(self.tr("Choose or type a new one"))
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setObjectName("tagsEdit")
        self.tags_edit.setPlaceholderText(self.tr("Separated by commas, e.g. education, "
                                                  "Bucha district"))
        self.signature_edit = QLineEdit(self)
        self.signature_edit.setObjectName("signatureEdit")
        self.signature_edit.setPlaceholderText(user.signature)
        self.signature_edit.setToolTip(self.tr("Printed under the article on the website. "
                                               "New articles take it from your profile."))

        self.publish_edit = QDateTimeEdit(self)
        self.publish_edit.setObjectName("publishEdit")
        # A UTC QDateTime carries the Kyiv wall-clock digits: Qt then never
        # shifts them by the PC's own zone (see ui.dialogs.schedule_dialog).
        self.publish_edit.setTimeZone(QTimeZone.utc())
        self.publish_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.publish_edit.setSpecialValueText(self.tr("not scheduled"))
        self.publish_edit.setMinimumDateTime(self._no_time())
        self.publish_edit.setReadOnly(True)
        self.publish_edit.setButtonSymbols(QDateTimeEdit.ButtonSymbols.NoButtons)
        self.publish_edit.setToolTip(self.tr(
            "Kyiv time. Editors schedule publication from the review panel "
            "(«Schedule…»); here it is only shown."))
        self.publish_label = QLabel(self.tr("&Publication:"), self)
        self.publish_label.setBuddy(self.publish_edit)
        self.publish_zone = QLabel(self.tr("Kyiv time"), self)
        self.publish_zone.setEnabled(False)

        self.slug_edit = QLineEdit(self)
        self.slug_edit.setObjectName("slugEdit")
        self.slug_edit.setToolTip(self.tr("The article's address on the website, made from "
                                          "the title. Change it only before publication: "
                                          "readers' links use it."))
        self.slug_reset = QToolButton(self)
        self.slug_reset.setObjectName("slugFromTitle")
        self.slug_reset.setText(self.tr("From title"))
        self.slug_reset.setToolTip(self.tr("Make the address from the title again"))
        self.slug_reset.clicked.connect(self.follow_title)
        self.slug_message_label = _error_label(self, "slugMessage")

        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("thumbnail")
        self.thumbnail.setFixedSize(THUMBNAIL)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setWordWrap(True)
        self.thumbnail.setStyleSheet("#thumbnail { border: 1px dashed #9aa0a6; "
                                     "color: #5f6368; }")
        self.photo_button = QPushButton(self.tr("C&hoose photo…"), self)
        self.photo_button.setObjectName("choosePhoto")
        self.photo_button.setToolTip(self.tr("The main image of the article: PNG, JPEG, GIF "
                                             "or WebP, up to {mb} MB").format(mb=media.MAX_MB))
        self.photo_button.clicked.connect(self.choose_photo)
        self.photo_message_label = _error_label(self, "photoMessage")
        self._show_thumbnail(None)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Lead:"), self.lead_edit)
        form.addRow(self.tr("Se&ction:"), self.section_combo)
        form.addRow(self.tr("Ta&gs:"), self.tags_edit)
        form.addRow(self.tr("Si&gnature:"), self.signature_edit)
        publish_row = QHBoxLayout()
        publish_row.addWidget(self.publish_edit)
        publish_row.addWidget(self.publish_zone, 1)
        form.addRow(self.publish_label, publish_row)
        slug_row = QHBoxLayout()
        slug_row.addWidget(self.slug_edit, 1)
        slug_row.addWidget(self.slug_reset)
        slug_box = QVBoxLayout()
        slug_box.setSpacing(2)
        slug_box.addLayout(slug_row)
        slug_box.addWidget(self.slug_message_label)
        slug_label = QLabel(self.tr("&Address:"), self)
        slug_label.setBuddy(self.slug_edit)
        form.addRow(slug_label, slug_box)
        photo_box = QVBoxLayout()
        photo_box.addWidget(self.thumbnail)
        photo_box.addWidget(self.photo_button, 0, Qt.AlignmentFlag.AlignLeft)
        photo_box.addWidget(self.photo_message_label)
        form.addRow(self.tr("Photo:"), photo_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        self._suggest_timer = self._timer(self._suggest)
        self._check_timer = self._timer(self._check_slug)

        self.title_edit.textEdited.connect(self._title_edited)
        self.lead_edit.textChanged.connect(self._edited)
        self.section_combo.currentTextChanged.connect(self._edited)
        self.tags_edit.textEdited.connect(self._edited)
        self.signature_edit.textEdited.connect(self._edited)
        self.slug_edit.textEdited.connect(self._slug_edited)
        self._client.submit(self._sections_loaded, lambda _m: None, load_sections)

    def _timer(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(CHECK_DELAY_MS)
        timer.timeout.connect(slot)
        return timer

    @staticmethod
    def _no_time() -> QDateTime:
        return QDateTime(QDateTime.fromSecsSinceEpoch(0, QTimeZone.utc()))

    # ---------------------------------------------------------------- state

    @property
    def auto_slug(self) -> bool:
        """Whether the address still follows the title."""
        return self._auto_slug

    @property
    def slug_message(self) -> str:
        return self.slug_message_label.text() if not self.slug_message_label.isHidden() else ""

    @property
    def photo_message(self) -> str:
        return (self.photo_message_label.text()
                if not self.photo_message_label.isHidden() else "")

    @property
    def busy(self) -> bool:
        """True while a photo is being stored."""
        return self._photo_task is not None

    def set_article(self, view: ArticleView, draft: Draft, auto_slug: bool) -> None:
        """Show ``draft``'s fields and ``view``'s dates and photo, quietly."""
        self._filling = True
        try:
            self.title_edit.setText(draft.title)
            self.lead_edit.setPlainText(draft.lead)
            self.section_combo.setCurrentText(draft.section or "")
            self.tags_edit.setText(", ".join(draft.tags))
            self.signature_edit.setText(draft.signature or "")
            self.slug_edit.setText(draft.slug or "")
            self.set_dates(view)
            # Long titles and signatures should show their start, not their end.
            for edit in (self.title_edit, self.tags_edit, self.signature_edit, self.slug_edit):
                edit.setCursorPosition(0)
        finally:
            self._filling = False
        self._auto_slug = auto_slug
        self._set_slug_message("")
        if view.id != self._article_id:
            self._article_id = view.id
            self._show_thumbnail(None)
            self.photo_message_label.hide()
            self._client.submit(self._photo_loaded, self._photo_failed, load_featured, view.id)
        if auto_slug and draft.title.strip():
            self._suggest_timer.start()

    def set_dates(self, view: ArticleView) -> None:
        """Show when the article went out or is to go out (Kyiv time), read-only."""
        moment: datetime | None
        if view.published_at is not None:
            moment, label = view.published_at, self.tr("&Published:")
        elif view.scheduled_at is not None:
            moment, label = view.scheduled_at, self.tr("&Scheduled for:")
        else:
            moment, label = None, self.tr("&Publication:")
        self.publish_label.setText(label)
        self.publish_edit.setDateTime(kyiv_wall_clock(moment) if moment is not None
                                      else self._no_time())

    @property
    def shown_moment(self) -> str:
        """The publication time as displayed (or the "not scheduled" text)."""
        return self.publish_edit.text()

    def set_slug(self, slug: str) -> None:
        """Show the address the article was saved with, without counting it as an edit."""
        self._filling = True
        try:
            self.slug_edit.setText(slug)
        finally:
            self._filling = False
        self._set_slug_message("")

    def fields(self) -> Draft:
        """What the panel holds, as a draft with an empty body."""
        tags = tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())
        return Draft(title=self.title_edit.text(), lead=self.lead_edit.toPlainText(),
                     section=self.section_combo.currentText().strip() or None, tags=tags,
                     signature=self.signature_edit.text(),
                     slug=self.slug_edit.text().strip() or None)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in (self.title_edit, self.tags_edit, self.signature_edit, self.slug_edit):
            edit.setReadOnly(read_only)
        self.lead_edit.setReadOnly(read_only)
        self.section_combo.setEnabled(not read_only)
        self.slug_reset.setEnabled(not read_only)
        self.photo_button.setEnabled(not read_only and not self.busy)

    # ---------------------------------------------------------------- edits

    @Slot()
    def _edited(self) -> None:
        if not self._filling:
            self.changed.emit()

    @Slot(str)
    def _title_edited(self, _text: str) -> None:
        if self._auto_slug:
            self._suggest_timer.start()
        self._edited()

    @Slot(str)
    def _slug_edited(self, text: str) -> None:
        if not text.strip():
            self.follow_title()
        else:
            self._auto_slug = False
            self._check_timer.start()
        self._edited()

    @Slot()
    def follow_title(self) -> None:
        """Let the address follow the title again, starting with a fresh suggestion."""
        self._auto_slug = True
        self._set_slug_message("")
        self._suggest_timer.start()

    def _set_slug_message(self, text: str) -> None:
        self.slug_message_label.setText(text)
        self.slug_message_label.setVisible(bool(text))

    @Slot()
    def _suggest(self) -> None:
        title = self.title_edit.text()
        if not self._auto_slug or self._read_only or not title.strip():
            return

        def done(result: object) -> None:
            # A suggestion for a title typed over since, or after the user
            # took the address in hand, is stale.
            if self._auto_slug and self.title_edit.text() == title and isinstance(result, str):
                if result != self.slug_edit.text():
                    self.set_slug(result)
                    self.changed.emit()
                self._set_slug_message("")

        self._client.submit(done, lambda _m: None, suggest_slug, title, self._article_id)

    @Slot()
    def _check_slug(self) -> None:
        slug = self.slug_edit.text().strip()
        if not slug:
            return
        example = slugify(slug)
        if example != slug:
            self._set_slug_message(self.tr(
                "Use Latin lowercase letters, digits and hyphens, e.g. «{example}».").format(
                    example=example))
            return

        def done(result: object) -> None:
            if self.slug_edit.text().strip() != slug:
                return
            self._set_slug_message("" if result else self.tr(
                "The address «{slug}» is used by another article: choose another.").format(
                    slug=slug))

        self._client.submit(done, lambda _m: None, slug_available, slug, self._article_id)

    def check_slug_now(self) -> None:
        """Check the address without waiting for the typing pause (saving, tests)."""
        self._check_timer.stop()
        self._check_slug()

    # ---------------------------------------------------------------- photo

    @Slot()
    def choose_photo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the article's photo"), "",
            self.tr("Images ({patterns});;All files (*)").format(
                patterns=IMAGE_FILTER_EXTENSIONS))
        if path:
            self.attach_photo(path)

    def attach_photo(self, path: str) -> None:
        """Store the file as the featured image; a non-image gets one clear message."""
        if self._article_id is None or self._read_only or self.busy:
            return
        self.photo_message_label.hide()
        self._photo_task = self._client.submit(self._photo_attached, self._photo_failed,
                                               attach_featured, self._user.id, self._article_id,
                                               path)
        self.photo_button.setEnabled(False)
        self.thumbnail.setText(self.tr("Storing the photo…"))

    def _photo_attached(self, result: object) -> None:
        self._photo_loaded(result)
        if isinstance(result, Photo):
            self.featured_changed.emit(result.media)

    def _photo_loaded(self, result: object) -> None:
        self._photo_done()
        self._show_thumbnail(result if isinstance(result, Photo) else None)

    def _photo_failed(self, message: str) -> None:
        self._photo_done()
        self._show_thumbnail(self._last_photo)
        self.photo_message_label.setText(message)
        self.photo_message_label.show()

    def _photo_done(self) -> None:
        self._photo_task = None
        self.photo_button.setEnabled(not self._read_only)

    def _show_thumbnail(self, photo: Photo | None) -> None:
        self._last_photo = photo
        self.photo = photo.media if photo is not None else None
        if photo is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(self.tr("No photo"))
            self.thumbnail.setToolTip("")
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(photo.data):
            self.thumbnail.setPixmap(pixmap.scaled(
                THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(self.tr("{file}\n(no preview)").format(
                file=photo.media.filename))
        self.thumbnail.setToolTip(f"{photo.media.filename} · {photo.media.width}×"
                                  f"{photo.media.height}")

    # ---------------------------------------------------------------- tasks

    def _sections_loaded(self, result: object) -> None:
        assert isinstance(result, list)
        current = self.section_combo.currentText()
        self._filling = True
        try:
            self.section_combo.clear()
            self.section_combo.addItems([str(name) for name in result])
            self.section_combo.setCurrentText(current)
        finally:
            self._filling = False
