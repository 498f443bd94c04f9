"""The main window: the office's article list, filtered by status.

It shows only what works today (refresh, quit, about); actions for writing
and reviewing arrive with the editor rather than sitting disabled here.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from newsroom import __version__
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import role_label, status_label
from newsroom.services.views import UserView
from ui.models.article_table import ArticleTableModel, Column
from ui.settings import app_settings
from ui.tasks import TaskRunner

GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"
HEADER_KEY = "mainWindow/articleHeader"

_COLUMN_WIDTHS = {Column.STATUS: 150, Column.SECTION: 140, Column.AUTHOR: 170,
                  Column.UPDATED: 190, Column.SCHEDULED: 190}


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


class MainWindow(QMainWindow):
    """Emits ``closed`` after saving its layout, so the app knows to quit."""

    closed = Signal()

    def __init__(self, runner: TaskRunner, user: UserView, database_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Newsroom"))

        self.model = ArticleTableModel(runner, parent=self)
        self._build_actions()
        self._build_central()
        self._build_status_bar(database_label)

        self.model.loadingChanged.connect(self._update_state)
        self.model.pageLoaded.connect(self._update_state)
        self.model.loadFailed.connect(self._update_state)
        self.model.modelReset.connect(self._update_state)
        self.status_combo.currentIndexChanged.connect(self._filter_changed)

        self.resize(1100, 700)
        self._restore_layout()
        self.model.refresh()

    # ------------------------------------------------------------- building

    def _build_actions(self) -> None:
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

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

        self.toolbar = QToolBar(self.tr("Main toolbar"), self)
        self.toolbar.setObjectName("mainToolBar")  # saveState() needs it
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.refresh_action)
        self.addToolBar(self.toolbar)

    def _build_central(self) -> None:
        central = QWidget(self)
        self.status_combo = QComboBox(central)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("All statuses (except the trash)"), None)
        for status in Status:
            self.status_combo.addItem(_capitalized(status_label(status)), status.value)
        filter_label = QLabel(self.tr("&Status:"), central)
        filter_label.setBuddy(self.status_combo)

        filters = QHBoxLayout()
        filters.addWidget(filter_label)
        filters.addWidget(self.status_combo)
        filters.addStretch(1)

        self.table = QTableView(central)
        self.table.setObjectName("articleTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
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
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self, database_label: str) -> None:
        self.count_label = QLabel(self)
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
        if rows:
            self.stack.setCurrentWidget(self.table)
        elif self.model.is_loading:
            self._show_message(self.tr("Loading articles…"))
        elif error is not None:
            self._show_message(self.tr("Could not load the articles: {error}\n"
                                       "Press F5 to try again.").format(error=error))
        elif self.model.status_filter is not None:
            self._show_message(self.tr("No articles with the status «{status}».").format(
                status=status_label(self.model.status_filter)))
        else:
            self._show_message(self.empty_text)

        if self.model.is_loading:
            self.count_label.setText(self.tr("Loading…"))
        elif error is not None and rows:
            self.count_label.setText(self.tr("Could not load more articles: {error}").format(
                error=error))
        elif self.model.has_more:
            self.count_label.setText(self.tr("%n article(s) loaded; scroll down for more",
                                             "", rows))
        else:
            self.count_label.setText(self.tr("%n article(s)", "", rows))

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.stack.setCurrentWidget(self.message_label)

    @Slot(int)
    def _filter_changed(self, index: int) -> None:
        value = self.status_combo.itemData(index)
        self.model.set_filter(status=Status(value) if value else None)

    @Slot()
    def refresh(self) -> None:
        self.model.refresh()

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
            self.table.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
        self.closed.emit()
