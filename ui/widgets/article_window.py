"""The window for writing one article: body editor, fields, review, related links.

It is a view of an :class:`~ui.session.article_session.ArticleSession`, which
owns the text's state (dirty, autosave, save, conflicts, the edit lock): the
window copies every edit into the session and shows what the session says —
a ``*`` in the title while unsaved, the conflict dialog when someone saved
first, a banner when someone else is editing. The body is Markdown: the
editor is filled with the article's Markdown and what is saved is the
editor's ``to_markdown()`` (or the Markdown tab's text when that was edited).
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from newsroom.domain.errors import ConflictError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import EDITABLE
from newsroom.domain.workflow import status_label
from newsroom.services.articles import Draft
from newsroom.services.autosave import AutosaveView
from newsroom.services.views import ArticleView, UserView
from newsroom.text.dates import KYIV
from ui.dialogs.conflict_dialog import ConflictDialog
from ui.dialogs.related_picker import RelatedPickerDialog
from ui.session.article_session import ArticleSession, ReadOnly
from ui.session.spelling import SpellingSession
from ui.settings import SPELLING_KEY, app_settings, read_bool
from ui.tasks import TaskRunner
from ui.widgets.lock_banner import LockBanner
from ui.widgets.markdown_views import BodyTabs
from ui.widgets.metadata_panel import MetadataPanel
from ui.widgets.review_panel import ReviewPanel
from ui.widgets.spell_menu import SpellingMenu

GEOMETRY_KEY = "articleWindow/geometry"
STATE_KEY = "articleWindow/state"

BODY_SYNC_MS = 250
"""Typing pauses before the body is converted to Markdown for the session.

Converting a long article on every key press would make typing lag; a
quarter of a second is well inside the autosave interval, and saving or
closing converts at once."""

NOTICE_STYLE = ("#notice { background-color: #e8eef7; border: 1px solid #a8c0e0; "
                "border-radius: 4px; padding: 6px 10px; color: #1c2f4a; }")
ERROR_BAR_STYLE = ("#errorBar { background-color: #fbe1e1; border: 1px solid #e0a0a0; "
                   "border-radius: 4px; padding: 6px 10px; color: #7a1010; }")


class ArticleWindow(QMainWindow):
    """One article, new (``article_id`` None: a draft is created at once) or existing.

    ``article_changed(ArticleView)`` fires after a save or a status change, so
    lists elsewhere can refresh; ``close_cancelled()`` when the user chose
    Cancel (or a save failed) in the unsaved-changes question; ``closed()``
    once the window has really closed (its session is closing the article).
    """

    article_changed = Signal(object)
    close_cancelled = Signal()
    closed = Signal()

    def __init__(self, runner: TaskRunner, user: UserView, article_id: int | None = None,
                 recovered: AutosaveView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleWindow")
        self.user = user
        self._runner = runner
        self._filling = False
        self._closing_with_discard = False
        self._close_after_save = False
        self._closed = False
        self.close_box: QMessageBox | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.related_dialog: RelatedPickerDialog | None = None
        self.autosave_box: QMessageBox | None = None
        self._default_docks = True

        self.session = ArticleSession(runner, user, article_id, recovered, self)
        self._build_central()
        self._build_docks()
        self._build_spelling()
        self._build_actions()
        self._build_status_bar()

        self._body_timer = QTimer(self)
        self._body_timer.setSingleShot(True)
        self._body_timer.setInterval(BODY_SYNC_MS)
        self._body_timer.timeout.connect(self.sync_to_session)

        session = self.session
        session.loaded.connect(self._loaded)
        session.saved.connect(self._saved)
        session.conflict.connect(self._conflict)
        session.error.connect(self.show_error)
        session.message.connect(self.show_message)
        session.dirty_changed.connect(self._dirty_changed)
        session.state_changed.connect(self._state_changed)
        session.saving_changed.connect(self._saving_changed)
        session.autosaved.connect(self._autosaved)
        session.autosave_found.connect(self._autosave_found)
        session.autosave_due.connect(self._flush_body)
        self.editor.textChanged.connect(self._body_edited)
        self.source_view.textChanged.connect(self._body_edited)
        self.body.message.connect(self._editor_message)
        self.metadata.changed.connect(self.sync_to_session)
        self.metadata.featured_changed.connect(
            lambda _media: self.show_message(self.tr("The photo is stored.")))
        self.lock_banner.take_over_requested.connect(session.take_over)
        self.review.article_changed.connect(self._status_changed)

        self.resize(1360, 860)
        self._restore_layout()
        self._update_title()
        self._state_changed()
        session.open(self.tr("New article"))
        # After open(): the runner is first-come, first-served, and the article
        # matters more than the dictionary (about a second to load).
        self._apply_spelling(self.spelling_action.isChecked())

    # ------------------------------------------------------------- building

    def _build_central(self) -> None:
        central = QWidget(self)
        self.lock_banner = LockBanner(central)
        self.notice = QLabel(central)
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.error_bar = QLabel(central)
        self.error_bar.setObjectName("errorBar")
        self.error_bar.setStyleSheet(ERROR_BAR_STYLE)
        self.error_bar.setWordWrap(True)
        self.error_bar.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_bar.hide()

        # The visual editor with its toolbar, the Markdown source and the
        # preview, sharing one Markdown text (see ui.widgets.markdown_views).
        self.body = BodyTabs(central)
        self.body.setDocumentMode(True)
        self.body.setTabText(BodyTabs.VISUAL, self.tr("Editor"))
        self.editor = self.body.editor
        self.format_toolbar = self.body.toolbar
        self.source_view = self.body.source
        self.preview = self.body.preview
        self.editor_note = QLabel(central)
        self.editor_note.setObjectName("editorNote")
        self.editor_note.setStyleSheet(NOTICE_STYLE.replace("#notice", "#editorNote"))
        self.editor_note.setWordWrap(True)
        self.editor_note.hide()

        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.lock_banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.error_bar)
        layout.addWidget(self.editor_note)
        layout.addWidget(self.body, 1)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        self.metadata = MetadataPanel(self._runner, self.user, self)
        scroll = QScrollArea(self)
        scroll.setObjectName("metadataScroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.metadata)
        self.metadata_dock = QDockWidget(self.tr("Article details"), self)
        self.metadata_dock.setObjectName("metadataDock")
        self.metadata_dock.setWidget(scroll)
        self.metadata_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                       | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.metadata_dock)

        self.review = ReviewPanel(self._runner, self.user, self)
        self.review_hint = QLabel(self.tr("Save your changes (Ctrl+S) to change the status or "
                                          "comment: reviewers see the saved text."), self)
        self.review_hint.setObjectName("reviewHint")
        self.review_hint.setWordWrap(True)
        self.review_hint.setStyleSheet("color: #5f6368;")
        self.review_hint.hide()
        review_box = QWidget(self)
        review_layout = QVBoxLayout(review_box)
        review_layout.setContentsMargins(0, 0, 0, 0)
        review_layout.addWidget(self.review_hint)
        review_layout.addWidget(self.review, 1)
        self.review_dock = QDockWidget(self.tr("Review"), self)
        self.review_dock.setObjectName("reviewDock")
        self.review_dock.setWidget(review_box)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.review_dock)

    def _build_spelling(self) -> None:
        """Underlines and the spelling menu in the body and the lead (the title is a
        QLineEdit, which cannot draw them); one checker for the window."""
        self.spelling = SpellingSession(self._runner, self.user, self)
        self.spelling.error.connect(self.show_message)
        self.body_spelling = SpellingMenu(self.editor, self.spelling)
        self.lead_spelling = SpellingMenu(self.metadata.lead_edit, self.spelling)

    def _build_actions(self) -> None:
        self.save_action = QAction(QIcon.fromTheme(QIcon.ThemeIcon.DocumentSave),
                                   self.tr("&Save"), self)
        self.save_action.setObjectName("saveAction")
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.setToolTip(self.tr("Save a new revision (Ctrl+S)"))
        self.save_action.triggered.connect(self.save)

        self.close_action = QAction(QIcon.fromTheme(QIcon.ThemeIcon.WindowClose),
                                    self.tr("&Close"), self)
        self.close_action.setObjectName("closeAction")
        # The platform's Close (Ctrl+F4 on Windows) and Ctrl+W everywhere.
        keys = [QKeySequence(QKeySequence.StandardKey.Close), QKeySequence("Ctrl+W")]
        unique = [k for i, k in enumerate(keys) if not k.isEmpty() and k not in keys[:i]]
        self.close_action.setShortcuts(unique)
        self.close_action.triggered.connect(self.close)

        self.related_action = QAction(self.tr("&Related…"), self)
        self.related_action.setObjectName("relatedAction")
        self.related_action.setToolTip(self.tr("Choose the «Read also» articles"))
        self.related_action.triggered.connect(self.open_related)

        self.toolbar = QToolBar(self.tr("Article"), self)
        self.toolbar.setObjectName("articleToolBar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.save_action)
        self.toolbar.addAction(self.related_action)
        self.addToolBar(self.toolbar)

        article_menu = self.menuBar().addMenu(self.tr("&Article"))
        article_menu.addAction(self.save_action)
        article_menu.addAction(self.related_action)
        article_menu.addSeparator()
        article_menu.addAction(self.close_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        details = self.metadata_dock.toggleViewAction()
        details.setText(self.tr("Article &details"))
        review = self.review_dock.toggleViewAction()
        review.setText(self.tr("&Review"))
        view_menu.addAction(details)
        view_menu.addAction(review)

        self.spelling_action = QAction(self.tr("Check &spelling"), self)
        self.spelling_action.setObjectName("spellingAction")
        self.spelling_action.setStatusTip(self.tr("Underline unknown words in red"))
        self.spelling_action.setCheckable(True)
        self.spelling_action.setChecked(read_bool(app_settings(), SPELLING_KEY, True))
        self.spelling_action.toggled.connect(self.set_spelling)
        view_menu.addSeparator()
        view_menu.addAction(self.spelling_action)

    def _build_status_bar(self) -> None:
        self.autosave_label = QLabel(self)
        self.autosave_label.setObjectName("autosaveLabel")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("stateLabel")
        self.statusBar().addPermanentWidget(self.autosave_label)
        self.statusBar().addPermanentWidget(self.state_label)

    # ------------------------------------------------------------ the text

    def current_draft(self) -> Draft:
        """Everything the widgets hold, as the session stores it.

        The body is the visual editor's ``to_markdown()`` once it was edited
        (or the Markdown tab's text, if that was edited last); an untouched
        body is the stored Markdown byte for byte.
        """
        self._filling, filling = True, self._filling
        try:
            # Collecting the body may copy it into the other view: not an edit.
            body = self.body.markdown()
        finally:
            self._filling = filling
        return replace(self.metadata.fields(), body=body)

    @Slot()
    def sync_to_session(self) -> None:
        """Copy the widgets into the session now (saving and closing call this first)."""
        self._body_timer.stop()
        if not self._filling:
            self.session.auto_slug = self.metadata.auto_slug
            self.session.update(self.current_draft())
        self._update_title()

    @Slot()
    def _flush_body(self) -> None:
        """Autosave is about to copy the text: hand over typing the batching holds back."""
        if self._body_timer.isActive():
            self.sync_to_session()

    @Slot()
    def _body_edited(self) -> None:
        if not self._filling:
            self._body_timer.start()

    @Slot(str)
    def _editor_message(self, text: str) -> None:
        self.editor_note.setText(text)
        self.editor_note.setVisible(bool(text))

    @Slot(object)
    def _loaded(self, view: ArticleView) -> None:
        """Show the session's view and draft again, without counting it as editing."""
        draft = self.session.draft
        self._filling = True
        try:
            self.editor_note.hide()
            self.metadata.set_article(view, draft, self.session.auto_slug)
            self.body.set_markdown(draft.body)
        finally:
            self._filling = False
        self._body_timer.stop()
        self.session.filled(self.current_draft())
        self.review.set_article(view)
        self._update_title()
        self._update_related()

    # --------------------------------------------------------------- saving

    @Slot()
    def save(self) -> bool:
        """Ctrl+S: store a revision of what the widgets hold."""
        self.sync_to_session()
        if not self.session.dirty and not self.session.saving:
            self.show_message(self.tr("Nothing to save: no changes since the last save."))
            return False
        self.error_bar.hide()
        return self.session.save()

    @Slot(object)
    def _saved(self, view: ArticleView) -> None:
        self.error_bar.hide()
        if self.metadata.auto_slug:
            self.metadata.set_slug(view.slug)
        self.metadata.set_dates(view)
        self.review.set_article(view)
        saved_at = view.updated_at.astimezone(KYIV).strftime("%H:%M")
        self.show_message(self.tr("Saved revision {n} at {time}.").format(n=view.revision,
                                                                          time=saved_at))
        self.autosave_label.clear()
        self._update_title()
        self._update_related()
        self.article_changed.emit(view)
        if self._close_after_save and not self.session.dirty:
            self.close()

    @Slot(object)
    def _conflict(self, conflict: ConflictError) -> None:
        self._cancel_close()
        if self.conflict_dialog is not None:
            return
        dialog = ConflictDialog(conflict, self)
        dialog.finished.connect(self._conflict_finished)
        self.conflict_dialog = dialog
        dialog.open()

    @Slot(int)
    def _conflict_finished(self, result: int) -> None:
        dialog, self.conflict_dialog = self.conflict_dialog, None
        if dialog is None:
            return
        resolution = dialog.resolution
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and resolution is not None:
            self.session.resolve(dialog.conflict, resolution)
        else:
            self.show_message(self.tr("Not saved yet: your text stays here. Saving again "
                                      "shows the two versions again."))

    @Slot(bool)
    def _saving_changed(self, saving: bool) -> None:
        self.save_action.setEnabled(not saving and not self.session.read_only)
        self.state_label.setText(self.tr("Saving…") if saving else self._state_text())

    @Slot(object)
    def _autosaved(self, when: object) -> None:
        if hasattr(when, "astimezone"):
            self.autosave_label.setText(self.tr("Unsaved text kept at {time}").format(
                time=when.astimezone(KYIV).strftime("%H:%M:%S")))

    @Slot(object)
    def _autosave_found(self, saved: AutosaveView) -> None:
        """Unsaved text from an earlier session of this user: recover or discard it."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved text found"),
                          self.tr("This article has text you did not save, kept at {time}. "
                                  "Recover it?").format(
                              time=saved.saved_at.astimezone(KYIV).strftime("%d.%m.%Y %H:%M")),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("autosaveFoundBox")
        box.setInformativeText(self.tr("Recover puts it into the editor, unsaved. Discard "
                                       "forgets it; the saved article stays as it is."))
        recover = box.addButton(self.tr("&Recover"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(recover)
        box.setEscapeButton(recover)  # Escape must not throw text away

        def finished() -> None:
            if box.clickedButton() is recover:
                self.session.recover(saved)
            else:
                self.session.discard_found_autosave()
            self.autosave_box = None
            box.deleteLater()

        box.finished.connect(finished)
        self.autosave_box = box
        box.open()

    # ---------------------------------------------------------------- state

    @Slot(bool)
    def _dirty_changed(self, dirty: bool) -> None:
        self._update_title()
        # Reviewers judge the saved text: a status change or a comment about
        # text still on this screen would describe words nobody else can see.
        self.review.setEnabled(not dirty)
        self.review_hint.setVisible(dirty and not self.session.read_only)

    def _update_title(self) -> None:
        title = (self.metadata.title_edit.text().strip()
                 or (self.session.view.title if self.session.view else "")
                 or self.tr("New article"))
        mark = "*" if self.session.dirty else ""
        self.setWindowTitle(self.tr("{title}{mark} — Newsroom").format(title=title, mark=mark))

    def _state_text(self) -> str:
        view = self.session.view
        return self.tr("Status: {status}").format(status=status_label(view.status)) \
            if view is not None else ""

    @Slot()
    def _state_changed(self) -> None:
        if self._body_timer.isActive():
            self.sync_to_session()  # keystrokes typed just before the article froze
        session = self.session
        read_only = session.read_only
        self.editor.setReadOnly(read_only)
        self.source_view.setReadOnly(read_only)
        self.format_toolbar.setEnabled(not read_only)
        self.metadata.set_read_only(read_only)
        self.save_action.setEnabled(not read_only and not session.saving)
        holder = session.lock_holder
        if holder is not None:
            self.lock_banner.show_lock(holder, session.can_take_over,
                                       session.read_only_reason is ReadOnly.LOCKED)
        else:
            self.lock_banner.clear()
        notice = self._notice_text(session.read_only_reason)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.state_label.setText(self._state_text())
        self._update_related()
        self._dirty_changed(session.dirty)

    def _notice_text(self, reason: ReadOnly) -> str:
        view = self.session.view
        if reason is ReadOnly.STATUS and view is not None:
            return self.tr("The article is «{status}»: its text is frozen. To change it, "
                           "reopen or correct it in the review panel.").format(
                               status=status_label(view.status))
        if reason is ReadOnly.PERMISSION:
            return self.tr("You can read this article; only its author or an editor may "
                           "change it.")
        if reason is ReadOnly.LOADING:
            return self.tr("Opening the article…")
        if reason is ReadOnly.FAILED:
            return self.tr("The article could not be opened.")
        return ""

    def _update_related(self) -> None:
        view = self.session.view
        allowed = view is not None and (
            self.user.role.at_least(Role.EDITOR)
            or (view.author_id == self.user.id and view.status in EDITABLE))
        self.related_action.setEnabled(allowed)

    @Slot(object)
    def _status_changed(self, view: ArticleView) -> None:
        """A workflow action in the review panel moved the article on."""
        self.session.adopt(view)
        self.metadata.set_dates(view)
        self._state_changed()
        self.article_changed.emit(view)

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15_000)

    @Slot(str)
    def show_error(self, text: str) -> None:
        """A failure the user must notice: a red line above the text, until the next save."""
        self._cancel_close()
        self.error_bar.setText(escape(text).replace("\n", "<br>"))
        self.error_bar.show()
        self.statusBar().showMessage(text, 15_000)

    # ------------------------------------------------------------- spelling

    @Slot(bool)
    def set_spelling(self, on: bool) -> None:
        """The «Перевіряти правопис» toggle; remembered for the next windows."""
        app_settings().setValue(SPELLING_KEY, on)
        self._apply_spelling(on)

    def _apply_spelling(self, on: bool) -> None:
        self.body_spelling.set_enabled(on)
        self.lead_spelling.set_enabled(on)
        if on:
            self.spelling.start()  # loads once; nothing when loaded already

    # -------------------------------------------------------------- related

    @Slot()
    def open_related(self) -> None:
        article_id = self.session.article_id
        if article_id is None or self.related_dialog is not None:
            return
        dialog = RelatedPickerDialog(self._runner, self.user, article_id, self)
        dialog.finished.connect(self._related_finished)
        self.related_dialog = dialog
        dialog.open()

    @Slot(int)
    def _related_finished(self, result: int) -> None:
        dialog, self.related_dialog = self.related_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.show_message(self.tr("The related articles are stored."))

    # -------------------------------------------------------------- closing

    @property
    def article_id(self) -> int | None:
        return self.session.article_id

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before unsaved changes go; "Discard" leaves the last saved revision as it was."""
        if self._closed:
            event.accept()
            self.closed.emit()
            return
        self.sync_to_session()
        if (self.session.dirty and not self.session.read_only
                and not self._closing_with_discard and not self._close_after_save):
            event.ignore()
            self._ask_close()
            return
        if self._close_after_save and self.session.dirty:
            event.ignore()  # still saving; _saved closes again
            return
        self._finish(discard=self._closing_with_discard)
        event.accept()
        self.closed.emit()

    def force_close(self) -> None:
        """Close without asking (the app is quitting): unsaved text goes to autosave."""
        if self._closed:
            return
        self.sync_to_session()
        self._finish(discard=False)
        self.close()  # _closed is set: accepted at once, ``closed`` emitted

    def _finish(self, discard: bool) -> None:
        self._closed = True
        self._body_timer.stop()
        for dialog in (self.close_box, self.autosave_box):
            if dialog is not None:
                dialog.close()
        self.session.close(discard=discard)
        self.save_layout()

    def _ask_close(self) -> None:
        if self.close_box is not None:
            return
        title = self.metadata.title_edit.text().strip() or self.tr("New article")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unsaved changes"),
                          self.tr("Save the changes to «{title}» before closing?").format(
                              title=title),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("closeBox")
        box.setInformativeText(self.tr("If you discard them, the article stays as it was last "
                                       "saved."))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(self._close_answered)
        self.close_box = box
        box.open()

    @Slot()
    def _close_answered(self) -> None:
        box, self.close_box = self.close_box, None
        if box is None:
            return
        answer = box.standardButton(box.clickedButton())
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Save:
            self._close_after_save = True
            if not self.session.save():
                self._cancel_close()
        elif answer == QMessageBox.StandardButton.Discard:
            self._closing_with_discard = True
            self.close()
        else:
            self.close_cancelled.emit()

    def _cancel_close(self) -> None:
        if self._close_after_save:
            self._close_after_save = False
            self.close_cancelled.emit()

    # --------------------------------------------------------------- layout

    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.value(STATE_KEY)
        self._default_docks = not (isinstance(state, QByteArray) and not state.isEmpty()
                                   and self.restoreState(state))

    def showEvent(self, event: QShowEvent) -> None:
        """On the very first show, give the fields and the review room to breathe.

        Only once the window has its real size do dock sizes stick; a layout
        the user arranged before (restored from settings) is left alone.
        """
        super().showEvent(event)
        if self._default_docks:
            self._default_docks = False
            QTimer.singleShot(0, self._size_docks)

    @Slot()
    def _size_docks(self) -> None:
        self.resizeDocks([self.metadata_dock, self.review_dock], [430, 340],
                         Qt.Orientation.Horizontal)

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
