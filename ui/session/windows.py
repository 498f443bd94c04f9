"""The open article windows of one signed-in user: at most one per article.

Opening an article that already has a window raises that window instead of
opening a second one (two windows on one article would be two sessions racing
each other into a conflict). Quitting asks every window with unsaved changes
first; the app's own shutdown closes them without asking, their text going to
the autosave table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal, Slot

from newsroom.services.autosave import AutosaveView
from newsroom.services.views import UserView
from ui.tasks import TaskRunner
from ui.widgets.article_window import ArticleWindow

log = logging.getLogger(__name__)


class ArticleWindows(QObject):
    """Opens, finds and closes article windows; ``article_changed`` for the main list."""

    article_changed = Signal(object)

    def __init__(self, runner: TaskRunner, user: UserView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.user = user
        self._windows: list[ArticleWindow] = []
        self._after_all_closed: Callable[[], None] | None = None
        self.autosave_interval_ms: int | None = None

    @property
    def windows(self) -> list[ArticleWindow]:
        return list(self._windows)

    def find(self, article_id: int) -> ArticleWindow | None:
        return next((w for w in self._windows if w.article_id == article_id), None)

    # ---------------------------------------------------------------- opening

    @Slot(int)
    def open(self, article_id: int) -> ArticleWindow:
        """Show the article's window, opening one if it has none."""
        window = self.find(article_id)
        if window is None:
            window = self._make(article_id)
        else:
            self._raise(window)
        return window

    @Slot()
    def new(self) -> ArticleWindow:
        """A window on a new draft (created in the database as the window opens)."""
        return self._make(None)

    def recover(self, saved: AutosaveView) -> ArticleWindow:
        """Open the article with its autosaved text in the editor, unsaved."""
        window = self.find(saved.article_id)
        if window is None:
            return self._make(saved.article_id, saved)
        window.session.recover(saved)
        self._raise(window)
        return window

    def _make(self, article_id: int | None,
              recovered: AutosaveView | None = None) -> ArticleWindow:
        window = ArticleWindow(self._runner, self.user, article_id, recovered)
        if self.autosave_interval_ms is not None:
            window.session.autosave_interval_ms = self.autosave_interval_ms
        window.article_changed.connect(self.article_changed)
        window.closed.connect(partial(self._closed, window))
        window.close_cancelled.connect(self._close_cancelled)
        self._windows.append(window)
        window.show()
        return window

    @staticmethod
    def _raise(window: ArticleWindow) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    def _closed(self, window: ArticleWindow) -> None:
        """A window accepted its close: forget and delete it; maybe everything is closed."""
        if window in self._windows:
            self._windows.remove(window)
        window.deleteLater()
        if not self._windows and self._after_all_closed is not None:
            then, self._after_all_closed = self._after_all_closed, None
            then()

    # ---------------------------------------------------------------- closing

    def close_all(self, then: Callable[[], None]) -> bool:
        """Close every window, asking about unsaved changes; ``then()`` once all are gone.

        Returns True when none was open (``then`` is not called in that case).
        """
        if not self._windows:
            return True
        self._after_all_closed = then
        for window in list(self._windows):
            window.close()
        return False

    @Slot()
    def _close_cancelled(self) -> None:
        self._after_all_closed = None

    def force_close_all(self) -> None:
        """The app is quitting: close without asking; unsaved text goes to autosave."""
        self._after_all_closed = None
        for window in list(self._windows):
            window.force_close()  # emits closed: _closed forgets and deletes it
