"""After a crash or a power cut: the unsaved text of each article, offered back.

Autosave copies what the user typed to the database every few seconds, apart
from the revisions. On the next start the app lists every article whose
autosaved text differs from the stored one; the user recovers it (the article
opens with that text, unsaved), discards it, or decides later (it stays
until then).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsroom import i18n
from newsroom.services import autosave
from newsroom.services.autosave import AutosaveView
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.text.dates import format_article_datetime
from ui.tasks import TaskRunner

ERROR_STYLE = "color: #b3261e;"
PREVIEW_CHARS = 1_500
AUTOSAVE_ROLE = Qt.ItemDataRole.UserRole + 1


def discard_autosaves(db: Database, user_id: int, article_ids: Sequence[int]) -> None:
    with db.uow() as uow:
        for article_id in article_ids:
            autosave.discard(uow, user_id, article_id)
        uow.commit()


class RecoveryDialog(QDialog):
    """Lists ``found``; ``recover_requested(AutosaveView)`` for each one to reopen.

    Recover and Discard act on the selected rows (all of them at first) and
    take them off the list; the dialog closes itself once the list is empty.
    "Later" closes it and leaves everything in the autosave table.
    """

    recover_requested = Signal(object)

    def __init__(self, runner: TaskRunner, user: UserView, found: Sequence[AutosaveView],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Recover unsaved text"))
        self._runner = runner
        self._user = user
        self._discard_task: int | None = None
        self._discarding: list[QTreeWidgetItem] = []

        intro = QLabel(self.tr(
            "The editor was closed last time before these articles were saved (a crash or a "
            "power cut, for example). Their text was kept automatically. Recover opens each "
            "article with that text, still unsaved, so you can check it and save."), self)
        intro.setWordWrap(True)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("recoveryList")
        self.tree.setHeaderLabels([self.tr("Article"), self.tr("Kept at (Kyiv time)")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        language = i18n.language()
        for saved in found:
            title = saved.title.strip() or saved.article_title
            item = QTreeWidgetItem([title, format_article_datetime(saved.saved_at, language)])
            if title != saved.article_title:
                item.setToolTip(0, self.tr("Stored title: {title}").format(
                    title=saved.article_title))
            item.setData(0, AUTOSAVE_ROLE, saved)
            self.tree.addTopLevelItem(item)

        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("recoveryPreview")
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(150)
        self.preview.setPlaceholderText(self.tr("Select an article to see its kept text."))

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(self)
        self.recover_button = QPushButton(self.tr("&Recover"), self)
        self.recover_button.setObjectName("recover")
        self.recover_button.setToolTip(self.tr("Open the selected articles with the kept text"))
        self.discard_button = QPushButton(self.tr("&Discard"), self)
        self.discard_button.setObjectName("discard")
        self.discard_button.setToolTip(self.tr("Forget the kept text of the selected articles; "
                                               "their saved versions stay as they are"))
        self.later_button = QPushButton(self.tr("&Later"), self)
        self.later_button.setObjectName("later")
        self.later_button.setToolTip(self.tr("Keep everything and ask again at the next start"))
        self.buttons.addButton(self.recover_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.recover_button.clicked.connect(self.recover_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.later_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.tree.itemSelectionChanged.connect(self._selection_changed)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        self.tree.selectAll()
        current = self.tree.topLevelItem(0)
        if current is not None:
            self.tree.setCurrentItem(current, 0,
                                     self.tree.selectionModel().SelectionFlag.NoUpdate)
        self._selection_changed()
        self.recover_button.setDefault(True)
        self.resize(640, 440)

    # ---------------------------------------------------------------- state

    def items(self) -> list[AutosaveView]:
        """The autosaves still listed, top to bottom."""
        return [self._saved(self.tree.topLevelItem(i))
                for i in range(self.tree.topLevelItemCount())]

    def select(self, article_ids: Sequence[int]) -> None:
        """Select exactly these articles' rows (keyboard users and tests)."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None:
                item.setSelected(self._saved(item).article_id in article_ids)

    @staticmethod
    def _saved(item: QTreeWidgetItem | None) -> AutosaveView:
        assert item is not None
        saved = item.data(0, AUTOSAVE_ROLE)
        assert isinstance(saved, AutosaveView)
        return saved

    @Slot()
    def _selection_changed(self) -> None:
        selected = self.tree.selectedItems()
        idle = self._discard_task is None
        self.recover_button.setEnabled(bool(selected) and idle)
        self.discard_button.setEnabled(bool(selected) and idle)
        current = self.tree.currentItem()
        if current is None:
            self.preview.clear()
            return
        saved = self._saved(current)
        text = "\n\n".join(part for part in (saved.title, saved.lead, saved.body) if part)
        self.preview.setPlainText(text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS
                                                          else ""))

    def _take(self, items: Sequence[QTreeWidgetItem]) -> None:
        for item in items:
            index = self.tree.indexOfTopLevelItem(item)
            if index >= 0:
                self.tree.takeTopLevelItem(index)
        if self.tree.topLevelItemCount() == 0:
            self.accept()
        else:
            self.tree.selectAll()
            self._selection_changed()

    # -------------------------------------------------------------- actions

    @Slot()
    def recover_selected(self) -> None:
        items = self.tree.selectedItems()
        for item in items:
            self.recover_requested.emit(self._saved(item))
        self._take(items)

    @Slot()
    def discard_selected(self) -> None:
        items = self.tree.selectedItems()
        if not items or self._discard_task is not None or self._runner.is_shut_down:
            return
        self.error_label.hide()
        self._discarding = list(items)
        self._discard_task = self._runner.submit(
            discard_autosaves, self._user.id, [self._saved(item).article_id for item in items])
        self._selection_changed()

    def _settle(self, task_id: int) -> bool:
        if task_id != self._discard_task:
            return False
        self._discard_task = None
        return True

    @Slot(int, object)
    def _on_finished(self, task_id: int, _result: object) -> None:
        if self._settle(task_id):
            items, self._discarding = self._discarding, []
            self._take(items)

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        if self._settle(task_id):
            self._discarding = []
            self.error_label.setText(self.tr("Could not discard: {reason}").format(
                reason=message))
            self.error_label.show()
            self._selection_changed()

