"""Choosing an article's «Читайте також» list: search, suggestions, order, preview.

Nothing is stored until OK, and then in one unit of work: the list on the site
is either the one the editor saw in the preview or the one before, never half
of each. The dialog keeps people from picking the article itself or the same
article twice; the services refuse both anyway, and their message is shown if
another PC's change makes them do so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from newsroom.services import articles, related, related_suggest
from newsroom.services.related import MAX_RELATED
from newsroom.services.related_suggest import Suggestion
from newsroom.services.rendering import default_link
from newsroom.services.views import RelatedView, UserView
from newsroom.storage.db import Database
from newsroom.text.article_page import DEFAULT_LANGUAGE, RELATED_HEADINGS
from ui.tasks import TaskRunner

SEARCH_DELAY_MS = 300
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_STYLE = "color: #b3261e;"

PREVIEW_CSS = """
h2 { font-size: 15pt; font-weight: 600; margin-bottom: 6px; }
ul { margin-left: 0; }
li { margin-bottom: 4px; }
a { color: #1a5fb4; text-decoration: none; }
"""
"""Close to the regional administration site's related block: a bold heading
and a plain list of blue links."""


# ------------------------------------------------------------------ worker half


@dataclass(frozen=True)
class PickerData:
    """What the dialog opens with."""

    title: str
    chosen: Sequence[RelatedView]
    suggestions: Sequence[Suggestion]
    latest: Sequence[RelatedView]


def load_picker(db: Database, article_id: int) -> PickerData:
    with db.uow() as uow:
        article = articles.load(uow, article_id)
        return PickerData(article.title, related.list_for(uow, article_id),
                          related_suggest.suggest(uow, article_id),
                          related.search_candidates(uow, article_id, ""))


def search(db: Database, article_id: int, text: str) -> list[RelatedView]:
    with db.uow() as uow:
        return related.search_candidates(uow, article_id, text)


def save_related(db: Database, actor_id: int, article_id: int,
                 wanted: Sequence[int]) -> list[RelatedView]:
    """Make the stored list exactly ``wanted``, in that order, or change nothing.

    Removals go first so a full list can swap entries without passing
    :data:`MAX_RELATED` on the way.
    """
    with db.uow() as uow:
        current = [view.id for view in related.list_for(uow, article_id)]
        for other in current:
            if other not in wanted:
                related.remove(uow, actor_id, article_id, other)
        for other in wanted:
            if other not in current:
                related.add(uow, actor_id, article_id, other)
        result = related.list_for(uow, article_id)
        if [view.id for view in result] != list(wanted):
            result = related.reorder(uow, actor_id, article_id, wanted)
        uow.commit()
        return result


def related_block_html(items: Sequence[RelatedView]) -> str:
    """The «Читайте також» block as the site renders it: a heading and the linked titles.

    The site is Ukrainian whatever language the app speaks, so the heading is too.
    """
    heading = RELATED_HEADINGS[DEFAULT_LANGUAGE]
    entries = "".join(f'<li><a href="{escape(default_link(item), quote=True)}">'
                      f"{escape(item.title)}</a></li>" for item in items)
    return f'<section class="related"><h2>{escape(heading)}</h2><ul>{entries}</ul></section>'


# ------------------------------------------------------------------ the dialog


class RelatedPickerDialog(QDialog):
    """Edits the «Читайте також» list of ``article_id``; OK stores it, Cancel forgets it.

    ``saved(list[RelatedView])`` fires with the stored list before the dialog
    closes with Accepted.
    """

    saved = Signal(object)

    def __init__(self, runner: TaskRunner, user: UserView, article_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relatedPicker")
        self.setWindowTitle(self.tr("Related articles"))
        self._runner = runner
        self._user = user
        self.article_id = article_id
        self._views: dict[int, RelatedView] = {}
        self._initial: list[int] | None = None
        self._results: list[RelatedView] = []
        self._suggestions: list[Suggestion] = []
        self._load_task: int | None = None
        self._search_task: int | None = None
        self._save_task: int | None = None

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # titles are people's text

        # Left: what can be added.
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("relatedSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Words from the article, in any form…"))
        search_label = QLabel(self.tr("&Find published articles:"), self)
        search_label.setBuddy(self.search_edit)
        self.results_list = QListWidget(self)
        self.results_list.setObjectName("searchResults")
        self.results_list.setAlternatingRowColors(True)
        self.results_list.setToolTip(self.tr("Double-click to add"))
        self.no_results_label = QLabel(self.tr("No published article matches."), self)
        self.no_results_label.setEnabled(False)
        self.no_results_label.hide()
        suggestions_label = QLabel(self.tr("&Suggested, with the words they share:"), self)
        self.no_suggestions_label = QLabel(self.tr("No suggestions: no published article "
                                                   "shares words, tags or the section."), self)
        self.no_suggestions_label.setWordWrap(True)
        self.no_suggestions_label.setEnabled(False)
        self.no_suggestions_label.hide()
        self.suggestion_list = QListWidget(self)
        self.suggestion_list.setObjectName("suggestions")
        self.suggestion_list.setWordWrap(True)
        self.suggestion_list.setAlternatingRowColors(True)
        self.suggestion_list.setToolTip(self.tr("Double-click to add"))
        suggestions_label.setBuddy(self.suggestion_list)
        self.add_button = QPushButton(self.tr("&Add →"), self)
        self.add_button.setObjectName("addRelated")

        # Right: the list and its preview.
        chosen_label = QLabel(self.tr("«Читайте також», in this &order (drag to reorder):"),
                              self)
        self.chosen_list = QListWidget(self)
        self.chosen_list.setObjectName("chosenList")
        self.chosen_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.chosen_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.chosen_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        chosen_label.setBuddy(self.chosen_list)
        self.up_button = QPushButton(self.tr("&Up"), self)
        self.up_button.setObjectName("moveUp")
        self.down_button = QPushButton(self.tr("Do&wn"), self)
        self.down_button.setObjectName("moveDown")
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.remove_button.setObjectName("removeRelated")
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("relatedPreview")
        self.preview.setOpenLinks(False)
        self.preview.document().setDefaultStyleSheet(PREVIEW_CSS)
        preview_label = QLabel(self.tr("Preview on the website:"), self)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("pickerMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Save"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(search_label)
        left.addWidget(self.search_edit)
        left.addWidget(self.results_list, 3)
        left.addWidget(self.no_results_label)
        left.addWidget(suggestions_label)
        left.addWidget(self.suggestion_list, 2)
        left.addWidget(self.no_suggestions_label)
        left.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        order_buttons = QHBoxLayout()
        order_buttons.addWidget(self.up_button)
        order_buttons.addWidget(self.down_button)
        order_buttons.addStretch(1)
        order_buttons.addWidget(self.remove_button)
        right = QVBoxLayout()
        right.addWidget(chosen_label)
        right.addWidget(self.chosen_list, 3)
        right.addLayout(order_buttons)
        right.addWidget(preview_label)
        right.addWidget(self.preview, 2)
        columns = QGridLayout()
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self.search_timer.start())
        self.search_edit.returnPressed.connect(self.run_search)
        self.results_list.itemDoubleClicked.connect(self._item_double_clicked)
        self.suggestion_list.itemDoubleClicked.connect(self._item_double_clicked)
        self.results_list.currentItemChanged.connect(self._update_buttons)
        self.suggestion_list.currentItemChanged.connect(self._update_buttons)
        self.chosen_list.currentItemChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        # A drag inside the list moves rows in its model (or, in some styles,
        # removes and inserts them); the preview follows either way.
        chosen_model = self.chosen_list.model()
        chosen_model.rowsMoved.connect(self._chosen_changed)
        chosen_model.rowsInserted.connect(self._chosen_changed)
        chosen_model.rowsRemoved.connect(self._chosen_changed)
        self.chosen_list.installEventFilter(self)
        self.results_list.installEventFilter(self)
        self.suggestion_list.installEventFilter(self)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

        self.heading.setText(self.tr("Loading…"))
        self._set_enabled(False)
        self._render_preview()
        self.resize(980, 640)
        if not runner.is_shut_down:
            self._load_task = runner.submit(load_picker, article_id)

    # ---------------------------------------------------------------- state

    @property
    def loaded(self) -> bool:
        return self._initial is not None

    @property
    def saving(self) -> bool:
        return self._save_task is not None

    @property
    def message(self) -> str:
        return self.message_label.text() if not self.message_label.isHidden() else ""

    def chosen_ids(self) -> list[int]:
        """The list as it stands, in order."""
        ids = []
        for row in range(self.chosen_list.count()):
            item = self.chosen_list.item(row)
            ids.append(int(item.data(ARTICLE_ID_ROLE)))
        return ids

    def chosen_titles(self) -> list[str]:
        return [self._views[i].title for i in self.chosen_ids() if i in self._views]

    def result_ids(self) -> list[int]:
        return [int(self.results_list.item(r).data(ARTICLE_ID_ROLE))
                for r in range(self.results_list.count())]

    def suggestion_ids(self) -> list[int]:
        return [int(self.suggestion_list.item(r).data(ARTICLE_ID_ROLE))
                for r in range(self.suggestion_list.count())]

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.search_edit, self.results_list, self.suggestion_list,
                       self.chosen_list, self.ok_button):
            widget.setEnabled(enabled)
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        ready = self.loaded and not self.saving
        source = self._source_list()
        self.add_button.setEnabled(ready and source is not None
                                   and source.currentItem() is not None)
        row = self.chosen_list.currentRow()
        count = self.chosen_list.count()
        self.remove_button.setEnabled(ready and row >= 0)
        self.up_button.setEnabled(ready and row > 0)
        self.down_button.setEnabled(ready and 0 <= row < count - 1)

    def _source_list(self) -> QListWidget | None:
        """The list "Add" takes from: the one last focused, else whichever has a selection."""
        for widget in (self.results_list, self.suggestion_list):
            if widget.hasFocus() and widget.currentItem() is not None:
                return widget
        for widget in (self.results_list, self.suggestion_list):
            if widget.currentItem() is not None:
                return widget
        return None

    def _error(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

    def _clear_error(self) -> None:
        self.message_label.clear()
        self.message_label.hide()

    # --------------------------------------------------------------- adding

    def add_article(self, view: RelatedView) -> bool:
        """Put ``view`` at the end of the list unless it is the article itself or already there."""
        self._clear_error()
        if view.id == self.article_id:
            self._error(self.tr("An article cannot be related to itself."))
            return False
        if view.id in self.chosen_ids():
            self._error(self.tr("«{title}» is already in the list.").format(title=view.title))
            return False
        if self.chosen_list.count() >= MAX_RELATED:
            self._error(self.tr("At most {n} related articles fit in the list.").format(
                n=MAX_RELATED))
            return False
        self._views[view.id] = view
        self.chosen_list.addItem(self._item(view))
        self.chosen_list.setCurrentRow(self.chosen_list.count() - 1)
        self._chosen_changed()
        return True

    @Slot()
    def add_selected(self) -> None:
        source = self._source_list()
        item = source.currentItem() if source is not None else None
        if item is not None:
            self._add_item(item)

    @Slot(QListWidgetItem)
    def _item_double_clicked(self, item: QListWidgetItem) -> None:
        self._add_item(item)

    def _add_item(self, item: QListWidgetItem) -> None:
        if self.loaded and not self.saving:
            view = self._views.get(int(item.data(ARTICLE_ID_ROLE)))
            if view is not None:
                self.add_article(view)

    @Slot()
    def remove_selected(self) -> None:
        row = self.chosen_list.currentRow()
        if row < 0 or self.saving:
            return
        item = self.chosen_list.takeItem(row)
        removed = int(item.data(ARTICLE_ID_ROLE))
        # Offer it again: the search leaves out what was already linked.
        if removed not in {view.id for view in self._results}:
            self._results.insert(0, self._views[removed])
        self._chosen_changed()

    def move_selected(self, step: int) -> None:
        row = self.chosen_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.chosen_list.count() or self.saving:
            return
        item = self.chosen_list.takeItem(row)
        self.chosen_list.insertItem(target, item)
        self.chosen_list.setCurrentRow(target)
        self._chosen_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete removes from the list; Enter in a source list adds."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.chosen_list and event.key() == Qt.Key.Key_Delete:
                self.remove_selected()
                return True
            if (watched in (self.results_list, self.suggestion_list)
                    and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and isinstance(watched, QListWidget)):
                item = watched.currentItem()
                if item is not None:
                    self._add_item(item)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------- rendering

    def _item(self, view: RelatedView, extra: str = "") -> QListWidgetItem:
        item = QListWidgetItem(view.title + (f"\n{extra}" if extra else ""))
        item.setData(ARTICLE_ID_ROLE, view.id)
        item.setToolTip(view.title)
        return item

    @Slot()
    def _chosen_changed(self) -> None:
        self._fill_sources()
        self._render_preview()
        self._update_buttons()

    def _fill_sources(self) -> None:
        """Show only what may still be added: never the article itself nor a chosen one."""
        taken = set(self.chosen_ids()) | {self.article_id}
        self.results_list.clear()
        for view in self._results:
            if view.id not in taken:
                self._views.setdefault(view.id, view)
                self.results_list.addItem(self._item(view))
        self.suggestion_list.clear()
        for suggestion in self._suggestions:
            view = suggestion.article
            if view.id not in taken:
                self._views.setdefault(view.id, view)
                shared = self.tr("shared: {terms}").format(
                    terms=", ".join(suggestion.shared_terms)) if suggestion.shared_terms \
                    else self.tr("same section or tags")
                self.suggestion_list.addItem(self._item(view, shared))
        self.no_results_label.setVisible(self.loaded and self.results_list.count() == 0)
        self.no_suggestions_label.setVisible(self.loaded and self.suggestion_list.count() == 0)

    def _render_preview(self) -> None:
        items = [self._views[i] for i in self.chosen_ids() if i in self._views]
        if not items:
            empty = self.tr("The list is empty: the website shows no related block.")
            self.preview.setHtml(f'<p style="color:#5f6368;">{escape(empty)}</p>')
            return
        self.preview.setHtml(related_block_html(items))

    # ---------------------------------------------------------------- tasks

    @Slot()
    def run_search(self) -> None:
        self.search_timer.stop()
        if self._runner.is_shut_down or not self.loaded:
            return
        self._search_task = self._runner.submit(search, self.article_id,
                                                self.search_edit.text())

    @Slot()
    def save(self) -> None:
        """OK: store the list in one task, then close; unchanged lists close at once."""
        if not self.loaded or self.saving:
            return
        wanted = self.chosen_ids()
        if wanted == self._initial:
            self.accept()
            return
        self._clear_error()
        self._save_task = self._runner.submit(save_related, self._user.id, self.article_id,
                                              wanted)
        self._set_enabled(False)

    def _handlers(self, task_id: int) -> tuple[Callable[[object], None],
                                               Callable[[str], None]] | None:
        if task_id == self._load_task:
            self._load_task = None
            return self._loaded, self._load_failed
        if task_id == self._search_task:
            self._search_task = None
            return self._searched, self._error
        if task_id == self._save_task:
            self._save_task = None
            return self._saved, self._save_failed
        return None

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        handlers = self._handlers(task_id)
        if handlers is not None:
            handlers[0](result)

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        handlers = self._handlers(task_id)
        if handlers is not None:
            handlers[1](message)

    def _loaded(self, result: object) -> None:
        assert isinstance(result, PickerData)
        self.heading.setText(self.tr("Articles to read after «{title}»").format(
            title=result.title))
        self._initial = [view.id for view in result.chosen]
        for view in result.chosen:
            self._views[view.id] = view
            self.chosen_list.addItem(self._item(view))
        self._suggestions = list(result.suggestions)
        self._results = list(result.latest)
        self._set_enabled(True)
        self._chosen_changed()
        self.search_edit.setFocus()
        if self.search_edit.text().strip():
            self.run_search()  # typed while the dialog was still loading

    def _load_failed(self, message: str) -> None:
        self.heading.setText("")
        self._error(self.tr("Could not load the related articles: {reason}").format(
            reason=message))

    def _searched(self, result: object) -> None:
        assert isinstance(result, list)
        self._results = result
        self._fill_sources()
        self._update_buttons()

    def _saved(self, result: object) -> None:
        assert isinstance(result, list)
        self.saved.emit(result)
        self.accept()

    def _save_failed(self, message: str) -> None:
        self._set_enabled(True)
        self._error(self.tr("The list was not saved: {reason}").format(reason=message))
