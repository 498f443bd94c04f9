"""The main window: the office's article list with filters, search and sorting.

The list itself is :class:`ArticleTableModel`, which pages through the
database; every filter here only builds a new :class:`ListQuery` for it, so a
hundred thousand articles filter and sort as fast as ten. Opening and creating
articles is the article window's business: this window only says which article
(``open_article_requested``) or that a new one is wanted
(``new_article_requested``). Given a :class:`Publisher`
(:meth:`MainWindow.set_publisher`), it also offers the «Site» menu and says
in the status bar what the background publishing did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from newsroom import __version__
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import role_label, status_label
from newsroom.services import taxonomy, users
from newsroom.services.article_list import ListQuery
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.sync.worker import RunReport
from ui.dialogs.pull_dialog import PullDialog
from ui.dialogs.sites_dialog import SitesDialog
from ui.models.article_table import ArticleTableModel, Column, column_for
from ui.publisher import Publisher
from ui.settings import app_settings
from ui.tasks import TaskRunner
from ui.widgets.list_table import list_table
from ui.widgets.queue_view import QueueView

GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"
HEADER_KEY = "mainWindow/articleHeader"

SEARCH_DELAY_MS = 300
"""Typing pauses shorter than this do not re-query: one query per word, not per key."""

PUBLISH_NOTE_MS = 60_000
"""How long «Published: 2» stays in the status bar; an error stays until the next round."""

_COLUMN_WIDTHS = {Column.STATUS: 150, Column.SECTION: 140, Column.AUTHOR: 170,
                  Column.UPDATED: 190, Column.SCHEDULED: 190}


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class FilterChoices:
    """What the section and author filters offer."""

    sections: Sequence[str]
    authors: Sequence[UserView]


def load_filter_choices(db: Database) -> FilterChoices:
    """Worker-thread half of filling the section and author combo boxes."""
    with db.uow() as uow:
        return FilterChoices(taxonomy.list_sections(uow), users.list_users(uow))


class MainWindow(QMainWindow):
    """The article list; emits ``closed`` after saving its layout, so the app knows to quit.

    ``open_article_requested(article_id)`` fires on Enter or a double click in
    the list (or the queue), ``new_article_requested()`` on Ctrl+N; whoever
    owns the article window connects them, or passes a callable to
    :meth:`set_article_opener`.
    """

    closed = Signal()
    open_article_requested = Signal(int)
    new_article_requested = Signal()

    def __init__(self, runner: TaskRunner, user: UserView, database_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self._runner = runner
        self._choices_task: int | None = None
        self._opener: Callable[[int], None] | None = None
        self.publisher: Publisher | None = None
        self.pull_dialog: PullDialog | None = None
        self.sites_dialog: SitesDialog | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Newsroom"))

        self.model = ArticleTableModel(runner, parent=self)
        self._build_actions()
        self._build_central()
        self._build_queue_dock()
        self._build_status_bar(database_label)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._apply_filters)

        self.model.loadingChanged.connect(self._update_state)
        self.model.pageLoaded.connect(self._update_state)
        self.model.loadFailed.connect(self._update_state)
        self.model.modelReset.connect(self._update_state)
        self.model.totalChanged.connect(self._update_state)
        for combo in (self.status_combo, self.section_combo, self.author_combo):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.mine_button.toggled.connect(self._apply_filters)
        self.review_button.toggled.connect(self._apply_filters)
        self.search_edit.textChanged.connect(self._search_edited)
        self.search_edit.returnPressed.connect(self._apply_filters)
        self.table.doubleClicked.connect(self._index_activated)
        self.table.installEventFilter(self)
        runner.finished.connect(self._on_finished)

        self.resize(1100, 700)
        self._restore_layout()
        self._load_choices()
        self.model.refresh()

    # ------------------------------------------------------------- building

    def _build_actions(self) -> None:
        self.new_action = QAction(QIcon.fromTheme(QIcon.ThemeIcon.DocumentNew),
                                  self.tr("&New article"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.setToolTip(self.tr("Write a new article (Ctrl+N)"))
        self.new_action.triggered.connect(self.new_article_requested)

        self.refresh_action = QAction(QIcon.fromTheme(QIcon.ThemeIcon.ViewRefresh),
                                      self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setToolTip(self.tr("Reload the article list (F5)"))
        self.refresh_action.triggered.connect(self.refresh)

        self.quit_action = QAction(QIcon.fromTheme(QIcon.ThemeIcon.ApplicationExit),
                                   self.tr("&Quit"), self)
        # Explicit: the standard Quit key sequence is empty on Windows.
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.about_action = QAction(QIcon.fromTheme(QIcon.ThemeIcon.HelpAbout),
                                    self.tr("&About Newsroom"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

        self.toolbar = QToolBar(self.tr("Main toolbar"), self)
        self.toolbar.setObjectName("mainToolBar")  # saveState() needs it
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.refresh_action)
        self.addToolBar(self.toolbar)

    def _build_central(self) -> None:
        central = QWidget(self)
        self.search_edit = QLineEdit(central)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Search by words, in any form…"))
        self.search_edit.setToolTip(self.tr("Finds the words anywhere in the title or the lead, "
                                             "ignoring case and the form of the apostrophe"))
        search_label = QLabel(self.tr("S&earch:"), central)
        search_label.setBuddy(self.search_edit)

        self.mine_button = QPushButton(self.tr("&Mine"), central)
        self.mine_button.setObjectName("mineFilter")
        self.mine_button.setCheckable(True)
        self.mine_button.setToolTip(self.tr("Only the articles I wrote"))
        self.review_button = QPushButton(self.tr("&Waiting for my review"), central)
        self.review_button.setObjectName("reviewFilter")
        self.review_button.setCheckable(True)
        self.review_button.setToolTip(self.tr("Articles by others that are in review"))
        # A writer reviews nobody's work: the toggle would only ever show
        # articles they may not approve.
        self.review_button.setVisible(self.user.role.at_least(Role.REVIEWER))

        self.status_combo = QComboBox(central)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("All statuses (except the trash)"), None)
        for status in Status:
            self.status_combo.addItem(_capitalized(status_label(status)), status.value)
        status_label_ = QLabel(self.tr("&Status:"), central)
        status_label_.setBuddy(self.status_combo)

        self.section_combo = QComboBox(central)
        self.section_combo.setObjectName("sectionFilter")
        self.section_combo.addItem(self.tr("All sections"), None)
        section_label = QLabel(self.tr("Se&ction:"), central)
        section_label.setBuddy(self.section_combo)

        self.author_combo = QComboBox(central)
        self.author_combo.setObjectName("authorFilter")
        self.author_combo.addItem(self.tr("All authors"), None)
        author_label = QLabel(self.tr("&Author:"), central)
        author_label.setBuddy(self.author_combo)

        self.reset_button = QPushButton(self.tr("Clear &filters"), central)
        self.reset_button.setObjectName("resetFilters")
        self.reset_button.clicked.connect(self.clear_filters)

        # Wide enough for their texts on an ordinary screen, yet able to shrink
        # (eliding) so the window still fits beside another on a small laptop.
        for combo in (self.status_combo, self.section_combo, self.author_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.setMaximumWidth(260)

        first_row = QHBoxLayout()
        first_row.addWidget(search_label)
        first_row.addWidget(self.search_edit, 1)
        first_row.addWidget(self.mine_button)
        first_row.addWidget(self.review_button)
        second_row = QHBoxLayout()
        for label, combo in ((status_label_, self.status_combo),
                             (section_label, self.section_combo),
                             (author_label, self.author_combo)):
            second_row.addWidget(label)
            second_row.addWidget(combo, 1)
            second_row.addSpacing(12)
        second_row.addStretch(0)
        second_row.addWidget(self.reset_button)

        self.table = list_table(central, self.model, "articleTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(column_for(self.model.query.sort),
                                Qt.SortOrder.DescendingOrder if self.model.query.descending
                                else Qt.SortOrder.AscendingOrder)
        # The model sorts in the database (ArticleTableModel.sort), never the view.
        self.table.setSortingEnabled(True)
        for column, width in _COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)

        self.message_label = QLabel(central)
        self.message_label.setObjectName("emptyState")
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setContentsMargins(48, 48, 48, 48)

        self.stack = QStackedWidget(central)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.message_label)

        layout = QVBoxLayout(central)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_queue_dock(self) -> None:
        """The publishing queue, docked and hidden until asked for; it polls only while shown."""
        self.queue_view = QueueView(self._runner, self.user, self)
        self.queue_view.open_article_requested.connect(self.open_article)
        self.queue_dock = QDockWidget(self.tr("Publishing queue"), self)
        self.queue_dock.setObjectName("queueDock")  # saveState() needs it
        self.queue_dock.setWidget(self.queue_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.queue_dock)
        self.queue_dock.hide()
        self.queue_action = self.queue_dock.toggleViewAction()
        self.queue_action.setText(self.tr("Publishing &queue"))
        self.queue_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.queue_action.setToolTip(self.tr("Show what is being sent to the website "
                                             "(Ctrl+Shift+Q)"))
        self.toolbar.addAction(self.queue_action)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.queue_action)
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self, database_label: str) -> None:
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.user_label = QLabel(f"{self.user.display_name} ({role_label(self.user.role)})",
                                 self)
        self.user_label.setToolTip(self.tr("Signed in as {login}").format(
            login=self.user.login))
        self.database_label = QLabel(database_label, self)
        self.database_label.setToolTip(self.tr("Database"))
        bar = self.statusBar()
        bar.addWidget(self.count_label, 1)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.database_label)

    # ----------------------------------------------------------- publishing

    def set_publisher(self, publisher: Publisher) -> None:
        """Show what ``publisher`` does, kick it after queue actions, offer the Site menu."""
        self.publisher = publisher
        self.queue_view.set_network_runner(publisher.runner)
        self.queue_view.jobs_changed.connect(publisher.kick)
        self.queue_view.article_changed.connect(self.refresh)
        publisher.report_ready.connect(self._published)
        publisher.failed.connect(self._publishing_failed)

        self.publish_label = QLabel(self)
        self.publish_label.setObjectName("publishLabel")
        # After the count (a normal widget, index 0), before the user and the database.
        self.statusBar().insertPermanentWidget(1, self.publish_label)
        self.publish_note_timer = QTimer(self)
        self.publish_note_timer.setSingleShot(True)
        self.publish_note_timer.setInterval(PUBLISH_NOTE_MS)
        self.publish_note_timer.timeout.connect(self.publish_label.clear)

        self.pull_action = QAction(self.tr("&Get the archive from a site…"), self)
        self.pull_action.setToolTip(self.tr("Copy the posts of a website into Newsroom"))
        self.pull_action.setEnabled(self.user.role.at_least(Role.EDITOR))
        self.pull_action.triggered.connect(self.show_pull_dialog)
        self.sites_action = QAction(self.tr("&Sites…"), self)
        self.sites_action.setToolTip(self.tr("The websites Newsroom publishes to"))
        self.sites_action.triggered.connect(self.show_sites_dialog)
        site_menu = QMenu(self.tr("S&ite"), self)
        site_menu.addAction(self.pull_action)
        site_menu.addAction(self.sites_action)
        self.menuBar().insertMenu(self.help_menu.menuAction(), site_menu)

    @property
    def publish_status(self) -> str:
        return self.publish_label.text() if self.publisher is not None else ""

    @Slot(object)
    def _published(self, report: object) -> None:
        assert isinstance(report, RunReport)
        if report.messages:
            first = report.messages[0]
            more = len(report.messages) - 1
            text = (self.tr("Publishing: {error}").format(error=first) if not more else
                    self.tr("Publishing: {error} (and {more} more)").format(error=first,
                                                                            more=more))
            self._publish_note(text, "\n".join(report.messages), error=True)
        elif report.published:
            self._publish_note(self.tr("Published: {n}").format(n=len(report.published)))
        elif report.sent:
            self._publish_note(self.tr("Sent to the sites: {n}").format(n=report.sent))
        if report.handled or report.published:
            self.refresh()

    @Slot(str)
    def _publishing_failed(self, message: str) -> None:
        self._publish_note(self.tr("Publishing: {error}").format(error=message), message,
                           error=True)

    def _publish_note(self, text: str, details: str = "", error: bool = False) -> None:
        self.publish_label.setText(text)
        self.publish_label.setToolTip(details)
        self.publish_label.setStyleSheet("color: #b3261e;" if error else "")
        if error:
            self.publish_note_timer.stop()
        else:
            self.publish_note_timer.start()

    @Slot()
    def show_pull_dialog(self) -> None:
        if self.publisher is None:
            return
        if self.pull_dialog is None:
            self.pull_dialog = PullDialog(self._runner, self.publisher, self.user, self)
            self.pull_dialog.pulled.connect(self.refresh)
        self.pull_dialog.show()
        self.pull_dialog.raise_()

    @Slot()
    def show_sites_dialog(self) -> None:
        if self.sites_dialog is None:
            self.sites_dialog = SitesDialog(self._runner, self.user, self)
            if self.publisher is not None:
                self.sites_dialog.sites_changed.connect(self.publisher.kick)
            self.sites_dialog.sites_changed.connect(self.queue_view.refresh)
        self.sites_dialog.show()
        self.sites_dialog.raise_()

    # -------------------------------------------------------------- opening

    def set_article_opener(self, opener: Callable[[int], None] | None) -> None:
        """Call ``opener(article_id)`` whenever an article is to be opened (None: stop)."""
        self._opener = opener

    @Slot(int)
    def open_article(self, article_id: int) -> None:
        self.open_article_requested.emit(article_id)
        if self._opener is not None:
            self._opener(article_id)

    @Slot(QModelIndex)
    def _index_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_article(self.model.article_id(index.row()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the list opens the selected article, as a double click does.

        Caught here rather than through ``activated``, which some styles also
        emit on a single click.
        """
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._index_activated(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    # -------------------------------------------------------------- filters

    def current_query(self) -> ListQuery:
        """The query the filter widgets describe, in the list's current order."""
        status = self.status_combo.currentData()
        section = self.section_combo.currentData()
        author = self.author_combo.currentData()
        search = self.search_edit.text().strip()
        sort = self.model.query
        return ListQuery(
            status=Status(status) if status else None,
            section=section if isinstance(section, str) else None,
            author_id=self.user.id if self.mine_button.isChecked()
            else author if isinstance(author, int) else None,
            waiting_for_review_by=self.user.id if (self.review_button.isChecked() and
                                                   self.user.role.at_least(Role.REVIEWER))
            else None,
            search=search or None,
            sort=sort.sort, descending=sort.descending)

    @property
    def filtered(self) -> bool:
        """Whether anything but the order narrows the list."""
        query = self.model.query
        return any(value is not None for value in (
            query.status, query.section, query.author_id, query.waiting_for_review_by,
            query.search))

    @Slot()
    def _apply_filters(self) -> None:
        self.search_timer.stop()
        self.author_combo.setEnabled(not self.mine_button.isChecked())
        self.model.set_query(self.current_query())

    @Slot(str)
    def _search_edited(self, _text: str) -> None:
        self.search_timer.start()

    @Slot()
    def clear_filters(self) -> None:
        """Back to every article but the trash, as the window opens (the order is kept)."""
        widgets: list[QWidget] = [self.status_combo, self.section_combo, self.author_combo,
                                  self.mine_button, self.review_button, self.search_edit]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for combo in (self.status_combo, self.section_combo, self.author_combo):
                combo.setCurrentIndex(0)
            self.mine_button.setChecked(False)
            self.review_button.setChecked(False)
            self.search_edit.clear()
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._apply_filters()

    def _load_choices(self) -> None:
        if not self._runner.is_shut_down:
            self._choices_task = self._runner.submit(load_filter_choices)

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        if task_id != self._choices_task:
            return
        self._choices_task = None
        assert isinstance(result, FilterChoices)
        self._fill(self.section_combo, [(name, name) for name in result.sections])
        self._fill(self.author_combo, [(person.display_name, person.id)
                                       for person in result.authors])

    def _fill(self, combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
        """Replace a combo's choices, keeping the chosen one if it still exists."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for text, value in items:
                combo.addItem(text, value)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
        finally:
            combo.blockSignals(False)
        if chosen is not None and combo.currentData() != chosen:
            self._apply_filters()  # the chosen section or author is gone

    # ---------------------------------------------------------------- state

    @property
    def empty_text(self) -> str:
        return self.tr("No articles yet. Create the first article or import an archive: "
                       "python -m newsroom article import FILE")

    @Slot()
    def _update_state(self) -> None:
        """Pick what the centre shows: the table, or a sentence saying why it is empty."""
        rows = self.model.rowCount()
        error = self.model.error
        query = self.model.query
        only_status = query.status is not None and self.filtered and all(
            value is None for value in (query.section, query.author_id,
                                        query.waiting_for_review_by, query.search))
        if rows:
            self.stack.setCurrentWidget(self.table)
        elif self.model.is_loading:
            self._show_message(self.tr("Loading articles…"))
        elif error is not None:
            self._show_message(self.tr("Could not load the articles: {error}\n"
                                       "Press F5 to try again.").format(error=error))
        elif only_status and query.status is not None:
            self._show_message(self.tr("No articles with the status «{status}».").format(
                status=status_label(query.status)))
        elif self.filtered:
            self._show_message(self.tr("No articles match the search and the filters."))
        else:
            self._show_message(self.empty_text)

        total = self.model.total
        if self.model.is_loading:
            self.count_label.setText(self.tr("Loading…"))
        elif error is not None and rows:
            self.count_label.setText(self.tr("Could not load more articles: {error}").format(
                error=error))
        elif self.model.has_more and total is not None:
            self.count_label.setText(self.tr(
                "%n article(s) found, {loaded} loaded; scroll down for more", "",
                total).format(loaded=rows))
        elif self.model.has_more:
            self.count_label.setText(self.tr("%n article(s) loaded; scroll down for more",
                                             "", rows))
        else:
            self.count_label.setText(self.tr("%n article(s)", "", rows))

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.stack.setCurrentWidget(self.message_label)

    @Slot()
    def refresh(self) -> None:
        self._load_choices()
        self.model.refresh()
        if self.queue_view.isVisible():
            self.queue_view.refresh()

    @Slot()
    def show_about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Newsroom"),
                          self.tr("Newsroom {version}").format(version=__version__),
                          QMessageBox.StandardButton.Close, self)
        box.setInformativeText(self.tr(
            "The press office's editor: write and review news, link related articles "
            "and publish them to the website."))
        box.setObjectName("aboutBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --------------------------------------------------------------- layout

    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        header = settings.value(HEADER_KEY)
        if isinstance(header, QByteArray) and not header.isEmpty():
            # Also restores the sort indicator, which re-sorts the (not yet
            # loaded) model: the list opens in the order it was left in.
            self.table.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.queue_view.stop_polling()
        super().closeEvent(event)
        self.closed.emit()
