"""The review side of an article: its status, the workflow buttons, comments
and what changed since the reviewer last looked.

Buttons come from the same table the services enforce
(:func:`allowed_actions`), so a writer never sees "approve" on their own
article; the services still judge every click, and their refusal (a stale
button, someone faster on another PC) appears in the panel as a sentence.
Everything that touches the database goes through the task runner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from newsroom import i18n
from newsroom.domain.roles import Role
from newsroom.domain.workflow import Action, action_label, allowed_actions, status_label
from newsroom.services import articles, workflow
from newsroom.services.views import ArticleView, CommentView, UserView
from newsroom.storage.db import Database
from newsroom.text.dates import format_article_datetime
from newsroom.text.words import DiffOp
from ui.dialogs.schedule_dialog import ScheduleDialog
from ui.tasks import TaskRunner
from ui.widgets.diff_view import DELETE_STYLE, INSERT_STYLE, DiffView

PANEL_ACTIONS: tuple[Action, ...] = (
    Action.SUBMIT, Action.APPROVE, Action.REQUEST_CHANGES, Action.WITHDRAW, Action.REVISE,
    Action.REOPEN, Action.QUEUE, Action.SCHEDULE, Action.UNQUEUE, Action.UNPUBLISH,
    Action.CORRECT, Action.TRASH, Action.RESTORE,
)
"""The buttons, in the order a person reads them. Publishing itself is the
queue's job (it sends the article, then marks it published), so no button."""

ERROR_STYLE = "color: #b3261e;"
INFO_STYLE = "color: #1b5e20;"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------ worker half


@dataclass(frozen=True)
class ReviewData:
    """What the panel shows besides the article itself."""

    article_id: int
    revision: int
    comments: Sequence[CommentView]
    reviewing: bool
    since_revision: int | None
    changes: Sequence[DiffOp]


def load_review(db: Database, user_id: int, article_id: int, reviewing: bool) -> ReviewData:
    """Comments, and for a reviewer the changes since their last look (nothing is marked)."""
    with db.uow() as uow:
        revision = articles.load(uow, article_id).revision
        comments = workflow.comments(uow, article_id)
        since: int | None = None
        changes: list[DiffOp] = []
        if reviewing:
            since, changes = workflow.changes_since_my_review(uow, user_id, article_id)
        return ReviewData(article_id, revision, comments, reviewing, since, changes)


def run_transition(db: Database, user_id: int, article_id: int, action: Action,
                   comment: str | None, at: datetime | None,
                   expected_version: int | None) -> ArticleView:
    with db.uow() as uow:
        view = workflow.transition(uow, user_id, article_id, action, comment=comment, at=at,
                                   expected_version=expected_version)
        uow.commit()
        return view


def post_comment(db: Database, user_id: int, article_id: int, body: str) -> CommentView:
    with db.uow() as uow:
        comment = workflow.add_comment(uow, user_id, article_id, body)
        uow.commit()
        return comment


def mark_viewed(db: Database, user_id: int, article_id: int, revision: int) -> bool:
    """Remember that the reviewer read ``revision``; False if the text moved on meanwhile.

    Marking a newer revision than the one on screen would hide words the
    reviewer never saw from their next "changes since".
    """
    with db.uow() as uow:
        if articles.load(uow, article_id).revision != revision:
            return False
        workflow.mark_viewed(uow, user_id, article_id)
        uow.commit()
        return True


# ------------------------------------------------------------------ widgets


class FlowLayout(QLayout):
    """Items left to right, wrapping like words; hidden widgets take no room.

    The buttons change with the status (one for a draft, four in review) and
    the panel may be docked narrow or wide, so a fixed grid would either wrap
    badly or waste a column.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize(0, 0)
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, apply: bool) -> int:
        """Place the items (or only measure); returns the height they need."""
        x, y, row_height = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and row_height > 0:
                x, y, row_height = rect.x(), y + row_height + self._gap, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y()


class CommentDialog(QDialog):
    """Asks for the comment an action needs; OK stays disabled while it is empty."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentDialog")
        self.setWindowTitle(title)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("commentEdit")
        self.edit.setTabChangesFocus(True)
        label.setBuddy(self.edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(460, 260)

    @property
    def text(self) -> str:
        return self.edit.toPlainText().strip()

    @Slot()
    def _text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.text))


def _comment_html(comments: Sequence[CommentView], revision_word: str) -> str:
    parts = []
    for comment in comments:
        when = format_article_datetime(comment.created_at, i18n.language())
        body = "<br>".join(escape(line) for line in comment.body.splitlines())
        parts.append(
            f'<p style="margin-bottom:8px;"><b>{escape(comment.author)}</b> '
            f'<span style="color:#5f6368;">· {escape(when)} · '
            f"{escape(revision_word.format(n=comment.revision))}</span><br>{body}</p>")
    return "".join(parts)


class ReviewPanel(QWidget):
    """Status, workflow buttons, comment thread and "changes since my review" of one article.

    ``article_changed(ArticleView)`` fires after an action succeeded, with the
    article as the service left it; the panel has already moved on to it.
    ``loaded()`` fires when the comments and changes of the shown article are in.
    """

    article_changed = Signal(object)
    loaded = Signal()

    def __init__(self, runner: TaskRunner, user: UserView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self._runner = runner
        self._user = user
        self._article: ArticleView | None = None
        self._review: ReviewData | None = None
        self._comments: list[CommentView] = []
        # task id -> (article id, on success, on failure)
        self._tasks: dict[int, tuple[int, Callable[[object], None],
                                     Callable[[str], None]]] = {}
        self._busy_task: int | None = None
        self.comment_dialog: CommentDialog | None = None
        self.schedule_dialog: ScheduleDialog | None = None

        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setWordWrap(True)

        self.buttons: dict[Action, QPushButton] = {}
        self.button_box = QWidget(self)
        flow = FlowLayout(self.button_box)
        for action in PANEL_ACTIONS:
            button = QPushButton(_capitalized(action_label(action)), self.button_box)
            button.setObjectName(f"action_{action.value}")
            button.clicked.connect(lambda _checked=False, a=action: self.trigger(a))
            button.hide()
            flow.addWidget(button)
            self.buttons[action] = button
        self.buttons[Action.REQUEST_CHANGES].setText(
            _capitalized(action_label(Action.REQUEST_CHANGES)) + "…")
        self.buttons[Action.SCHEDULE].setText(_capitalized(action_label(Action.SCHEDULE)) + "…")
        self.no_actions_label = QLabel(self.tr("You cannot change this article's status."),
                                       self)
        self.no_actions_label.setEnabled(False)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("reviewMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()

        # Changes since the reviewer's last look.
        self.changes_box = QFrame(self)
        self.changes_box.setObjectName("changesBox")
        changes_title = QLabel(self.tr("Changes since your last review"), self.changes_box)
        changes_title.setStyleSheet("font-weight: bold;")
        self.changes_summary = QLabel(self.changes_box)
        self.changes_summary.setObjectName("changesSummary")
        self.changes_summary.setWordWrap(True)
        self.show_changes_button = QPushButton(self.tr("Show the &changes"), self.changes_box)
        self.show_changes_button.setObjectName("showChanges")
        self.show_changes_button.setCheckable(True)
        self.show_changes_button.toggled.connect(self._show_changes_toggled)
        added = escape(self.tr("green, underlined"))
        removed = escape(self.tr("red, struck through"))
        self.diff_legend = QLabel(self.tr("Added: {added}; removed: {removed}.").format(
            added=f'<span style="{INSERT_STYLE}">{added}</span>',
            removed=f'<span style="{DELETE_STYLE}">{removed}</span>'), self.changes_box)
        self.diff_legend.setTextFormat(Qt.TextFormat.RichText)
        self.diff_view = DiffView(self.changes_box)
        self.diff_view.setMinimumHeight(140)
        self.diff_legend.hide()
        self.diff_view.hide()
        changes_head = QHBoxLayout()
        changes_head.addWidget(changes_title, 1)
        changes_head.addWidget(self.show_changes_button)
        changes_layout = QVBoxLayout(self.changes_box)
        changes_layout.setContentsMargins(0, 0, 0, 0)
        changes_layout.addLayout(changes_head)
        changes_layout.addWidget(self.changes_summary)
        changes_layout.addWidget(self.diff_legend)
        changes_layout.addWidget(self.diff_view, 1)
        self.changes_box.hide()

        # The comment thread.
        comments_title = QLabel(self.tr("Comments"), self)
        comments_title.setStyleSheet("font-weight: bold;")
        self.comment_thread = QTextBrowser(self)
        self.comment_thread.setObjectName("commentThread")
        self.comment_thread.setOpenLinks(False)
        self.comment_thread.setMinimumHeight(90)
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setObjectName("newComment")
        self.comment_edit.setPlaceholderText(self.tr("Write a comment for the author and the "
                                                     "other reviewers…"))
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setMaximumHeight(70)
        self.add_comment_button = QPushButton(self.tr("Add co&mment"), self)
        self.add_comment_button.setObjectName("addComment")
        self.add_comment_button.setEnabled(False)
        self.add_comment_button.clicked.connect(self.submit_comment)
        self.comment_edit.textChanged.connect(self._update_enabled)
        comment_row = QHBoxLayout()
        comment_row.addWidget(self.comment_edit, 1)
        comment_row.addWidget(self.add_comment_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.button_box)
        layout.addWidget(self.no_actions_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.changes_box, 2)
        layout.addWidget(comments_title)
        layout.addWidget(self.comment_thread, 1)
        layout.addLayout(comment_row)

        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        self._update_enabled()

    # ---------------------------------------------------------------- state

    @property
    def article(self) -> ArticleView | None:
        return self._article

    @property
    def busy(self) -> bool:
        """True while an action or a comment is being saved."""
        return self._busy_task is not None

    @property
    def message(self) -> str:
        """The last error or confirmation shown (empty when none)."""
        return self.message_label.text() if not self.message_label.isHidden() else ""

    @property
    def is_reviewer(self) -> bool:
        """Whether this user may judge the article: a reviewer's rank and not its author."""
        article = self._article
        return (article is not None and self._user.role.at_least(Role.REVIEWER)
                and article.author_id != self._user.id)

    def visible_actions(self) -> list[Action]:
        return [action for action, button in self.buttons.items() if not button.isHidden()]

    def set_article(self, view: ArticleView) -> None:
        """Show ``view``: its status, the buttons its reader may press, its comments."""
        same = self._article is not None and self._article.id == view.id
        self._article = view
        if not same:
            self._clear_message()
            self._comments = []
            self.comment_thread.clear()
            self.comment_edit.clear()
            self._review = None
        allowed = set(allowed_actions(view.status, self._user.role,
                                      view.author_id == self._user.id))
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
        self.no_actions_label.setVisible(not allowed.intersection(PANEL_ACTIONS))
        self.status_label.setText(self.tr("Status: <b>{status}</b> · revision {revision}")
                                  .format(status=escape(status_label(view.status)),
                                          revision=view.revision))
        self.show_changes_button.blockSignals(True)
        self.show_changes_button.setChecked(False)
        self.show_changes_button.setText(self.tr("Show the &changes"))
        self.show_changes_button.blockSignals(False)
        self.diff_view.hide()
        self.diff_legend.hide()
        self.changes_box.setVisible(self.is_reviewer)
        self.changes_summary.setText(self.tr("Loading…"))
        self.show_changes_button.setEnabled(False)
        self._update_enabled()
        self.reload()

    def reload(self) -> None:
        """Read the comments and the changes again."""
        if self._article is None:
            return
        self._submit(self._got_review, self._load_failed, load_review, self._user.id,
                     self._article.id, self.is_reviewer)

    def _update_enabled(self) -> None:
        idle = not self.busy and self._article is not None
        self.button_box.setEnabled(idle)
        self.add_comment_button.setEnabled(idle and bool(self.comment_edit.toPlainText()
                                                         .strip()))

    # ------------------------------------------------------------- messages

    def _show_error(self, text: str) -> None:
        """The service's own sentence, which already says what was refused and why."""
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setText(_capitalized(text))
        self.message_label.show()

    def _show_info(self, text: str) -> None:
        self.message_label.setStyleSheet(INFO_STYLE)
        self.message_label.setText(text)
        self.message_label.show()

    def _clear_message(self) -> None:
        self.message_label.clear()
        self.message_label.hide()

    # -------------------------------------------------------------- actions

    def trigger(self, action: Action) -> None:
        """What a button click does: ask for what the action needs, then run it."""
        if action is Action.REQUEST_CHANGES:
            self._ask_comment()
        elif action is Action.SCHEDULE:
            self._ask_time()
        else:
            self.run_action(action)

    def run_action(self, action: Action, comment: str | None = None,
                   at: datetime | None = None) -> None:
        """Ask the service to take ``action``; it alone decides whether it may.

        The version the panel shows travels along, so approving text that
        someone changed meanwhile is refused rather than approved unseen.
        """
        article = self._article
        if article is None or self.busy:
            return
        self._clear_message()
        self._busy_task = self._submit(
            lambda result: self._action_done(result),
            self._show_error,
            run_transition, self._user.id, article.id, action, comment, at, article.version)
        self._update_enabled()

    def _ask_comment(self) -> None:
        dialog = CommentDialog(self.tr("Request changes"),
                               self.tr("Say what should change. The author sees this comment "
                                       "with the article."), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run_action(Action.REQUEST_CHANGES,
                                                        comment=dialog.text))
        dialog.finished.connect(self._comment_dialog_closed)
        self.comment_dialog = dialog
        dialog.open()

    @Slot()
    def _comment_dialog_closed(self) -> None:
        self.comment_dialog = None

    def _ask_time(self) -> None:
        article = self._article
        dialog = ScheduleDialog(self.tr("Schedule publication"),
                                self.tr("When should the article appear on the website?"),
                                article.scheduled_at if article else None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run_action(Action.SCHEDULE, at=dialog.chosen))
        dialog.finished.connect(self._schedule_dialog_closed)
        self.schedule_dialog = dialog
        dialog.open()

    @Slot()
    def _schedule_dialog_closed(self) -> None:
        self.schedule_dialog = None

    def _action_done(self, result: object) -> None:
        assert isinstance(result, ArticleView)
        self.set_article(result)
        self._show_info(self.tr("Done: the article is now «{status}».").format(
            status=status_label(result.status)))
        self.article_changed.emit(result)

    # ------------------------------------------------------------- comments

    @Slot()
    def submit_comment(self) -> None:
        article = self._article
        body = self.comment_edit.toPlainText().strip()
        if article is None or self.busy or not body:
            return
        self._clear_message()
        self._busy_task = self._submit(self._comment_added, self._show_error, post_comment,
                                       self._user.id, article.id, body)
        self._update_enabled()

    def _comment_added(self, result: object) -> None:
        assert isinstance(result, CommentView)
        self.comment_edit.clear()
        self._comments.append(result)
        self._render_comments()

    def _render_comments(self) -> None:
        if not self._comments:
            empty = self.tr("No comments yet.")
            self.comment_thread.setHtml(f'<p style="color:#5f6368;">{escape(empty)}</p>')
            return
        self.comment_thread.setHtml(_comment_html(self._comments, self.tr("revision {n}")))
        bar = self.comment_thread.verticalScrollBar()
        bar.setValue(bar.maximum())

    # -------------------------------------------------------------- changes

    def _got_review(self, result: object) -> None:
        assert isinstance(result, ReviewData)
        self._review = result
        self._comments = list(result.comments)
        self._render_comments()
        if result.reviewing:
            self._show_changes(result)
        self.loaded.emit()

    def _show_changes(self, result: ReviewData) -> None:
        self.diff_view.set_diff(result.changes)
        changed = any(op.kind != "equal" for op in result.changes)
        if result.since_revision is None:
            summary = self.tr("You have not reviewed this article before: all of its text is "
                              "new to you.")
        elif not changed:
            summary = self.tr("Nothing has changed since you last reviewed it (revision "
                              "{old}).").format(old=result.since_revision)
        else:
            summary = self.tr("Changed since revision {old}, which you last reviewed; now "
                              "revision {new}.").format(old=result.since_revision,
                                                        new=result.revision)
        self.changes_summary.setText(summary)
        self.show_changes_button.setEnabled(changed)

    def _load_failed(self, message: str) -> None:
        self.changes_summary.setText("")
        self._show_error(self.tr("Could not load the comments: {reason}").format(
            reason=message))
        self.loaded.emit()

    @Slot(bool)
    def _show_changes_toggled(self, shown: bool) -> None:
        """Opening the diff tells the service the reviewer has now read this revision."""
        self.diff_view.setVisible(shown)
        self.diff_legend.setVisible(shown)
        self.show_changes_button.setText(self.tr("Hide the &changes") if shown
                                         else self.tr("Show the &changes"))
        review = self._review
        if shown and review is not None and self._article is not None:
            self._submit(lambda _result: None, self._show_error, mark_viewed, self._user.id,
                         self._article.id, review.revision)

    # ---------------------------------------------------------------- tasks

    def _submit(self, done: Callable[[object], None], failed: Callable[[str], None],
                fn: Callable[..., object], *args: object) -> int | None:
        if self._runner.is_shut_down or self._article is None:
            return None
        task_id = self._runner.submit(fn, *args)
        self._tasks[task_id] = (self._article.id, done, failed)
        return task_id

    def _settle(self, task_id: int) -> tuple[Callable[[object], None],
                                             Callable[[str], None]] | None:
        entry = self._tasks.pop(task_id, None)
        if entry is None:
            return None
        if task_id == self._busy_task:
            self._busy_task = None
            self._update_enabled()
        article_id, done, failed = entry
        if self._article is None or article_id != self._article.id:
            return None  # an answer about the article shown before
        return done, failed

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        handlers = self._settle(task_id)
        if handlers is not None:
            handlers[0](result)

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        handlers = self._settle(task_id)
        if handlers is not None:
            handlers[1](message)
