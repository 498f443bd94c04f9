"""One open article: its text, dirty flag, autosave, save, conflicts and edit lock.

This is Ghostwriter's DocumentManager idea moved to a newsroom: the window is a
view of the session, and the session decides what is stored and when. Three
levels of "kept" exist, on purpose:

* the widgets' text, which a crash loses;
* the autosave row (every few seconds while the text is dirty, one row per
  article and user, never a revision), which a crash does not lose and which
  the app offers back after a restart;
* a revision, written only by :meth:`ArticleSession.save`, which reviewers
  read and the site publishes.

A save based on a version someone else has replaced ends in ``conflict``; the
user's text stays in the session (and is autosaved at once) until they choose
how to resolve it, so nothing is lost on either side.

The session also holds the article's edit lock: it takes it on opening (a
lock held by someone else opens the article read-only and names them), keeps
it alive with a heartbeat, and gives it back on closing. All database work
goes through the :class:`~ui.tasks.TaskRunner`; the session never runs SQL on
the GUI thread.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from newsroom.domain.errors import ConflictError, Locked, LockInfo, NewsroomError, Snapshot
from newsroom.domain.roles import Role, can_edit
from newsroom.domain.statuses import EDITABLE, Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, autosave, locks, media, users, workflow
from newsroom.services.articles import Draft
from newsroom.services.autosave import AutosaveView
from newsroom.services.locks import LockView
from newsroom.services.views import ArticleView, UserView
from newsroom.storage.db import Database
from newsroom.storage.types import utcnow
from newsroom.text.slugs import slugify
from ui.tasks import TaskClient, TaskRunner

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 5_000
"""How often unsaved text is copied to the autosave table: a crash loses at most this."""

HEARTBEAT_INTERVAL_MS = 30_000
"""How often a held lock is refreshed (well inside locks.LOCK_TIMEOUT), and how
often a read-only session retries a lock someone else held."""


class ReadOnly(enum.Enum):
    """Why the text may not be changed in this session (``NO``: it may)."""

    NO = "no"
    LOADING = "loading"
    PERMISSION = "permission"  # neither the author nor an editor
    STATUS = "status"  # approved, queued, published…: the text is frozen
    LOCKED = "locked"  # someone else is editing it
    FAILED = "failed"  # the article could not be opened at all
    CLOSED = "closed"


class Choice(enum.Enum):
    """How the user settled a conflict."""

    KEEP_MINE = "keep_mine"
    TAKE_THEIRS = "take_theirs"
    MERGED = "merged"


@dataclass(frozen=True)
class Resolution:
    """The conflict dialog's answer; title, lead and body matter for ``MERGED`` only."""

    choice: Choice
    title: str = ""
    lead: str = ""
    body: str = ""


@dataclass(frozen=True)
class Opened:
    """What opening (or re-opening) an article learned in one transaction."""

    view: ArticleView
    read_only: ReadOnly
    holder: LockInfo | None
    autosave: AutosaveView | None


def draft_of(view: ArticleView) -> Draft:
    """The stored article as the editable fields the session compares against."""
    return Draft(title=view.title, lead=view.lead, body=view.body, section=view.section,
                 tags=tuple(view.tags), signature=view.signature, slug=view.slug)


def normalized(draft: Draft) -> Draft:
    """The draft as saving would store it, so trailing spaces do not count as changes."""
    return Draft(title=draft.title.strip(), lead=draft.lead.strip(), body=draft.body,
                 section=(draft.section or "").strip() or None,
                 tags=tuple(t.strip() for t in draft.tags if t.strip()),
                 signature=(draft.signature or "").strip(),
                 slug=(draft.slug or "").strip() or None)


def follows_title(view: ArticleView) -> bool:
    """Whether the slug is still the one made from the title, so it may keep following it.

    Only for drafts never published: a published address is in readers' links.
    """
    if view.status is not Status.DRAFT or view.published_at is not None:
        return False
    base = slugify(view.title)
    return re.fullmatch(re.escape(base) + r"(?:-\d+)?", view.slug) is not None


def read_only_reason(role: Role, user_id: int, view: ArticleView) -> ReadOnly:
    if view.status not in EDITABLE:
        return ReadOnly.STATUS
    if not can_edit(role, view.author_id == user_id):
        return ReadOnly.PERMISSION
    return ReadOnly.NO


# ------------------------------------------------------------------ worker half
# These run on the task runner's thread; each is one unit of work.


def _pending_for(uow_pending: Sequence[AutosaveView], article_id: int) -> AutosaveView | None:
    return next((a for a in uow_pending if a.article_id == article_id), None)


def open_article(db: Database, user_id: int, article_id: int) -> Opened:
    """Read the article and take its lock if this user may edit it now."""
    with db.uow() as uow:
        user = users.load(uow, user_id)
        view = articles.get(uow, article_id)
        reason = read_only_reason(user.role, user.id, view)
        holder: LockInfo | None = None
        if reason is ReadOnly.NO:
            try:
                locks.acquire(uow, user_id, article_id)
            except Locked as exc:
                reason, holder = ReadOnly.LOCKED, exc.lock
        else:
            # Readers too should know someone is changing what they read.
            current = locks.current(uow, article_id)
            if current is not None and not current.stale and current.user_id != user_id:
                holder = current.info()
        found = _pending_for(autosave.pending(uow, user_id), article_id)
        uow.commit()
        return Opened(view, reason, holder, found)


def create_article(db: Database, user_id: int, title: str) -> Opened:
    """A new draft row from the start, so autosave has an article to belong to."""
    with db.uow() as uow:
        view = articles.create(uow, user_id, Draft(title=title))
        locks.acquire(uow, user_id, view.id)
        uow.commit()
        return Opened(view, ReadOnly.NO, None, None)


def save_article(db: Database, user_id: int, article_id: int, expected_version: int,
                 draft: Draft, auto_slug: bool) -> ArticleView | ConflictError | Locked:
    """Store a revision; a conflict or a lost lock comes back as a value, not a failure.

    The runner turns raised errors into text, but the session needs both
    versions of a conflict (and the lock holder) to show them.
    """
    try:
        with db.uow() as uow:
            # Refreshing the lock in the same transaction: a save never lands
            # after an editor has taken the article over.
            locks.heartbeat(uow, user_id, article_id)
            if auto_slug:
                draft = replace(draft, slug=articles.suggest_slug(uow, draft.title, article_id))
            view = articles.save(uow, user_id, article_id, expected_version, draft)
            media.keep_inserted_pictures(uow, user_id, article_id, draft.body)
            uow.commit()
            return view
    except (ConflictError, Locked) as exc:
        return exc


def put_autosave(db: Database, user_id: int, article_id: int, title: str, lead: str,
                 body: str, base_version: int | None) -> datetime:
    with db.uow() as uow:
        autosave.put(uow, user_id, article_id, title, lead, body, base_version)
        uow.commit()
    return utcnow()


def discard_autosave(db: Database, user_id: int, article_id: int) -> None:
    with db.uow() as uow:
        autosave.discard(uow, user_id, article_id)
        uow.commit()


def heartbeat_lock(db: Database, user_id: int, article_id: int) -> LockView | Locked:
    try:
        with db.uow() as uow:
            lock = locks.heartbeat(uow, user_id, article_id)
            uow.commit()
            return lock
    except Locked as exc:
        return exc


def take_over_lock(db: Database, user_id: int, article_id: int) -> Opened:
    """An editor takes the lock, then reads the text as its previous holder left it."""
    with db.uow() as uow:
        locks.take_over(uow, user_id, article_id)
        user = users.load(uow, user_id)
        view = articles.get(uow, article_id)
        found = _pending_for(autosave.pending(uow, user_id), article_id)
        uow.commit()
        return Opened(view, read_only_reason(user.role, user.id, view), None, found)


def keep_mine_aside(db: Database, user_id: int, article_id: int,
                    mine: Snapshot) -> ArticleView:
    """"Take theirs": park the user's text in the autosave table, then read theirs."""
    with db.uow() as uow:
        autosave.put(uow, user_id, article_id, mine.title, mine.lead, mine.body, mine.version)
        view = articles.get(uow, article_id)
        uow.commit()
        return view


def close_article(db: Database, user_id: int, article_id: int, discard: bool,
                  trash: bool) -> None:
    """Give the lock back; drop the autosave if asked, and an untouched new draft."""
    with db.uow() as uow:
        if discard:
            autosave.discard(uow, user_id, article_id)
        locks.release(uow, user_id, article_id)
        uow.commit()
    if trash:
        # Separately: a refusal (someone submitted it meanwhile) must not undo
        # the release above.
        try:
            with db.uow() as uow:
                workflow.transition(uow, user_id, article_id, Action.TRASH)
                uow.commit()
        except NewsroomError as exc:
            log.info("kept new article #%d: %s", article_id, exc.message)


def release_lock(db: Database, user_id: int, article_id: int) -> None:
    with db.uow() as uow:
        locks.release(uow, user_id, article_id)
        uow.commit()

# ------------------------------------------------------------------ the session


class ArticleSession(QObject):
    """The editing state of one article; the window shows it, tests drive it directly.

    Start with :meth:`open`. ``loaded(ArticleView)`` means "show :attr:`view`
    and :attr:`draft` again" (first load, taking their version, taking the
    lock over); afterwards the window reports every edit with :meth:`update`.
    ``saved(ArticleView)``, ``conflict(ConflictError)``, ``error(str)``,
    ``dirty_changed(bool)`` and ``state_changed()`` (read-only reason or lock
    holder changed) tell it what happened. ``autosave_due()`` comes just before
    each autosave copy, for a window that batches edits to call :meth:`update`.
    """

    loaded = Signal(object)
    saved = Signal(object)
    conflict = Signal(object)
    error = Signal(str)
    message = Signal(str)
    dirty_changed = Signal(bool)
    state_changed = Signal()
    saving_changed = Signal(bool)
    autosaved = Signal(object)
    autosave_found = Signal(object)
    autosave_due = Signal()
    closed = Signal()

    def __init__(self, runner: TaskRunner, user: UserView, article_id: int | None = None,
                 recovered: AutosaveView | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.user = user
        self._article_id = article_id
        self._recovered = recovered
        self._view: ArticleView | None = None
        self._base_version = 0
        self._draft = Draft(title="")
        self._clean = Draft(title="")
        self._dirty = False
        self._rebase_on_fill = False
        self._reason = ReadOnly.LOADING
        self._holder: LockInfo | None = None
        self._is_new = article_id is None
        self._ever_saved = False
        self._saving_task: int | None = None
        self._save_again = False
        self._autosave_task: int | None = None
        self._autosave_held = False
        self._last_autosaved: tuple[str, str, str] | None = None
        self._last_autosave_at: datetime | None = None
        self._heartbeat_task: int | None = None
        self._closing = False
        self._pending_conflict: ConflictError | None = None
        self.auto_slug = self._is_new
        self._client = TaskClient(runner, self)

        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._autosave_timer.timeout.connect(self._autosave_tick)
        self._heartbeat_timer = QTimer(self)
        self._heartbeat_timer.setInterval(HEARTBEAT_INTERVAL_MS)
        self._heartbeat_timer.timeout.connect(self._heartbeat_tick)

    # ------------------------------------------------------------ properties

    @property
    def article_id(self) -> int | None:
        return self._article_id

    @property
    def view(self) -> ArticleView | None:
        """The article as last read from or written to the database."""
        return self._view

    @property
    def base_version(self) -> int:
        """The stored version the user's text is based on; saves expect it."""
        return self._base_version

    @property
    def draft(self) -> Draft:
        """The user's current fields (what a save would store)."""
        return self._draft

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def read_only_reason(self) -> ReadOnly:
        return self._reason

    @property
    def read_only(self) -> bool:
        return self._reason is not ReadOnly.NO

    @property
    def lock_holder(self) -> LockInfo | None:
        """Who else is editing the article now, if anyone (as last seen)."""
        return self._holder

    @property
    def can_take_over(self) -> bool:
        return (self._reason is ReadOnly.LOCKED and self._holder is not None
                and self.user.role.at_least(Role.EDITOR))

    @property
    def is_new(self) -> bool:
        """Created by this session (the draft row exists, the user has not named it yet)."""
        return self._is_new

    @property
    def saving(self) -> bool:
        return self._saving_task is not None

    @property
    def is_closed(self) -> bool:
        return self._closing

    @property
    def last_autosave_at(self) -> datetime | None:
        return self._last_autosave_at

    @property
    def autosave_interval_ms(self) -> int:
        return self._autosave_timer.interval()

    @autosave_interval_ms.setter
    def autosave_interval_ms(self, msecs: int) -> None:
        self._autosave_timer.setInterval(msecs)

    @property
    def heartbeat_interval_ms(self) -> int:
        return self._heartbeat_timer.interval()

    @heartbeat_interval_ms.setter
    def heartbeat_interval_ms(self, msecs: int) -> None:
        self._heartbeat_timer.setInterval(msecs)

    # --------------------------------------------------------------- opening

    def open(self, new_title: str = "") -> None:
        """Load the article (or create the new draft titled ``new_title``) and lock it."""
        if self._article_id is None:
            self._client.submit(self._opened, self._open_failed, create_article, self.user.id,
                                new_title)
        else:
            self._client.submit(self._opened, self._open_failed, open_article, self.user.id,
                                self._article_id)

    def _opened(self, result: object) -> None:
        assert isinstance(result, Opened)
        if self._closing:
            # Closed while opening: give back the lock just taken (and drop a
            # new draft nobody has seen).
            if result.read_only is ReadOnly.NO:
                self._client.submit(lambda _r: None, lambda _m: None, close_article, self.user.id,
                                    result.view.id, False, self._is_new and self._view is None)
            return
        view = result.view
        first = self._view is None
        self._article_id = view.id
        keep_text = self._dirty and not first
        self._view = view
        if not keep_text:
            # The user had nothing unsaved: show the article as it is now.
            self._base_version = view.version
            self._clean = draft_of(view)
            self._draft = self._clean
            self._rebase_on_fill = True
            if first and not self._is_new:
                self.auto_slug = follows_title(view)
        # else: keep the user's text and the version it is based on; saving
        # will show a conflict if the other person changed the article.
        self._set_state(result.read_only, result.holder)
        if not self.read_only:
            self._apply_recovered(result.autosave)
        if not keep_text:
            self.loaded.emit(view)
        self._update_dirty()

    def _open_failed(self, message: str) -> None:
        self._set_state(ReadOnly.FAILED, None)
        self.error.emit(message)

    def _apply_recovered(self, found: AutosaveView | None) -> None:
        """Put recovered text over the stored one once the text may be edited."""
        recovered, self._recovered = self._recovered, None
        if recovered is None:
            if found is not None and not self._dirty:
                self._autosave_held = True  # do not overwrite it while the user decides
                self.autosave_found.emit(found)
            return
        self._use_autosave(recovered)

    def _use_autosave(self, saved: AutosaveView) -> None:
        self._draft = replace(self._draft, title=saved.title, lead=saved.lead, body=saved.body)
        if saved.base_version is not None:
            # Based on what the user had then: if the article moved on since,
            # saving shows the conflict instead of overwriting silently.
            self._base_version = saved.base_version
        self._last_autosaved = (saved.title, saved.lead, saved.body)
        self._rebase_on_fill = False

    def recover(self, saved: AutosaveView) -> None:
        """Use the unsaved text found on opening (the window asked the user)."""
        self._autosave_held = False
        if self._view is None or self.read_only:
            return
        self._use_autosave(saved)
        self._update_dirty()
        assert self._view is not None
        self.loaded.emit(self._view)

    def discard_found_autosave(self) -> None:
        """Forget the unsaved text found on opening (the window asked the user)."""
        self._autosave_held = False
        if self._article_id is not None:
            self._client.submit(lambda _r: None, self.error.emit, discard_autosave, self.user.id,
                                self._article_id)

    # ---------------------------------------------------------------- editing

    def update(self, draft: Draft) -> None:
        """The window's fields changed: remember them and work out ``dirty``.

        Accepted in a read-only state too: the last keystrokes before a
        take-over may arrive just after it, and they are the user's text.
        """
        if self._reason in (ReadOnly.LOADING, ReadOnly.FAILED, ReadOnly.CLOSED):
            return
        self._draft = replace(draft, tags=tuple(draft.tags))
        self._update_dirty()

    def filled(self, draft: Draft) -> None:
        """After ``loaded``, the widgets report what they now show.

        When they show the stored article, that rendering becomes the clean
        state: an editor that spells the same Markdown slightly differently
        must not mark an untouched article as changed.
        """
        self._draft = replace(draft, tags=tuple(draft.tags))
        if self._rebase_on_fill:
            self._clean = self._draft
            self._rebase_on_fill = False
        self._update_dirty()

    def _update_dirty(self) -> None:
        dirty = normalized(self._draft) != normalized(self._clean)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # ----------------------------------------------------------------- saving

    def save(self) -> bool:
        """Store the draft as a new revision; False if there is nothing that may be saved.

        A save asked for while one runs is done right after it, with whatever
        the user typed meanwhile.
        """
        if self._closing or self._article_id is None:
            return False
        if self.read_only:
            self.error.emit(self._read_only_text())
            return False
        if self._saving_task is not None:
            self._save_again = True
            return True
        self._saving_task = self._client.submit(self._saved, self._save_failed, save_article,
                                                self.user.id, self._article_id, self._base_version,
                                                self._draft, self.auto_slug)
        if self._saving_task is None:
            return False
        self.saving_changed.emit(True)
        return True

    def _read_only_text(self) -> str:
        if self._reason is ReadOnly.LOCKED and self._holder is not None:
            return self.tr("{name} is editing this article: it cannot be saved now. Your text "
                           "is kept as unsaved text.").format(name=self._holder.user_name)
        return self.tr("This article cannot be edited now.")

    def _saving_done(self) -> None:
        self._saving_task = None
        self.saving_changed.emit(False)

    def _saved(self, result: object) -> None:
        self._saving_done()
        if isinstance(result, ConflictError):
            self._save_again = False
            self._pending_conflict = result
            self._autosave_tick(force=True)  # the user's side survives a crash meanwhile
            self.conflict.emit(result)
            return
        if isinstance(result, Locked):
            self._save_again = False
            self._lock_lost(result.lock)
            self.error.emit(self.tr("Not saved: {reason}. Your text is kept as unsaved text "
                                    "and is offered for recovery.").format(reason=result.message))
            return
        assert isinstance(result, ArticleView)
        self._pending_conflict = None
        self._view = result
        self._base_version = result.version
        self._clean = draft_of(result)
        self._ever_saved = True
        self._is_new = False
        # Saving discarded the autosave row; what was saved needs no copy.
        self._last_autosaved = (result.title, result.lead, result.body)
        if self.auto_slug:
            self._draft = replace(self._draft, slug=result.slug)
        self._update_dirty()
        # Typing went on while it saved: copy that now, on the new version.
        self._autosave_tick(force=True)
        self.saved.emit(result)
        if self._save_again:
            self._save_again = False
            if self._dirty:
                self.save()

    def _save_failed(self, message: str) -> None:
        self._saving_done()
        self._save_again = False
        self._autosave_tick(force=True)  # what the skipped autosaves would have kept
        self.error.emit(self.tr("Not saved: {reason}").format(reason=message))

    # -------------------------------------------------------------- conflicts

    @property
    def pending_conflict(self) -> ConflictError | None:
        """The last conflict not yet resolved (None after a successful save)."""
        return self._pending_conflict

    def resolve(self, conflict: ConflictError, resolution: Resolution) -> None:
        """Carry out the user's choice; every path starts from their version as the new base."""
        if self._closing or self._article_id is None:
            return
        theirs = conflict.theirs
        if resolution.choice is Choice.TAKE_THEIRS:
            self._client.submit(self._took_theirs, self._save_failed, keep_mine_aside, self.user.id,
                                self._article_id, conflict.mine)
            return
        self._base_version = theirs.version
        if resolution.choice is Choice.MERGED:
            self._draft = replace(self._draft, title=resolution.title, lead=resolution.lead,
                                  body=resolution.body)
            self._update_dirty()
            assert self._view is not None
            self.loaded.emit(self._view)
        self.save()

    def _took_theirs(self, result: object) -> None:
        assert isinstance(result, ArticleView)
        mine = self._draft
        self._pending_conflict = None
        self._view = result
        self._base_version = result.version
        self._clean = draft_of(result)
        self._draft = self._clean
        self._rebase_on_fill = True
        self._last_autosaved = (mine.title, mine.lead, mine.body)
        self._update_dirty()
        self.loaded.emit(result)
        self.message.emit(self.tr("Their version is shown now. Yours is kept as unsaved text "
                                  "and offered for recovery until you change this article "
                                  "again."))

    # --------------------------------------------------------------- autosave

    def autosave_now(self) -> None:
        """Copy the unsaved text to the autosave table now (if there is any)."""
        self._autosave_tick(force=True)

    @Slot()
    def _autosave_tick(self, force: bool = False) -> None:
        """Copy the text to the autosave table if it is dirty and changed since the last copy.

        A forced copy (closing, a conflict, a lost lock) does not wait for one
        still on its way: the runner keeps the order, so the newest text lands last.

        ``autosave_due`` goes first, so a window still holding keystrokes back
        (it hands the body over in batches) gives them now: a copy that missed
        them would stretch what a crash loses beyond the interval, or, while
        someone types without a pause, to everything since the last save.
        """
        if self._article_id is None or self._closing:
            return
        self.autosave_due.emit()
        if not self._dirty:
            return
        if not force and (self._autosave_held or self._autosave_task is not None
                          or self._saving_task is not None):
            # While a save runs the text's base version is unknown until it
            # ends: a copy made now would keep the old one, and recovering it
            # would then conflict with the user's own save. ``_saved`` copies.
            return
        text = (self._draft.title, self._draft.lead, self._draft.body)
        if text == self._last_autosaved:
            return

        def done(when: object) -> None:
            self._autosaved(task_id, text, when)

        task_id = self._client.submit(done, self._autosave_failed, put_autosave, self.user.id,
                                      self._article_id, *text, self._base_version)
        self._autosave_task = task_id

    def _autosaved(self, task_id: int | None, text: tuple[str, str, str], when: object) -> None:
        if task_id == self._autosave_task:
            self._autosave_task = None
        self._last_autosaved = text
        assert isinstance(when, datetime)
        self._last_autosave_at = when
        self.autosaved.emit(when)

    def _autosave_failed(self, message: str) -> None:
        self._autosave_task = None
        self.error.emit(self.tr("Autosave failed: {reason}").format(reason=message))

    # ------------------------------------------------------------------ locks

    def _set_state(self, reason: ReadOnly, holder: LockInfo | None) -> None:
        changed = (reason, holder) != (self._reason, self._holder)
        self._reason, self._holder = reason, holder
        # Autosave needs no lock: after a take-over it still keeps the user's
        # last (unsaveable) text safe.
        if reason in (ReadOnly.NO, ReadOnly.LOCKED):
            if not self._autosave_timer.isActive():
                self._autosave_timer.start()
        else:
            self._autosave_timer.stop()
        if reason in (ReadOnly.NO, ReadOnly.LOCKED):
            if not self._heartbeat_timer.isActive():
                self._heartbeat_timer.start()
        else:
            self._heartbeat_timer.stop()
        if changed:
            self.state_changed.emit()

    @Slot()
    def _heartbeat_tick(self) -> None:
        if self._article_id is None or self._heartbeat_task is not None or self._closing:
            return
        if self._reason is ReadOnly.NO:
            self._heartbeat_task = self._client.submit(
                self._heartbeat_done, self._heartbeat_failed, heartbeat_lock, self.user.id,
                self._article_id)
        elif self._reason is ReadOnly.LOCKED:
            # The holder may have closed the article: try to get it.
            self._heartbeat_task = self._client.submit(self._retried, self._heartbeat_failed,
                                                       open_article, self.user.id, self._article_id)

    def _heartbeat_done(self, result: object) -> None:
        self._heartbeat_task = None
        if isinstance(result, Locked):
            self._lock_lost(result.lock)

    def _heartbeat_failed(self, message: str) -> None:
        # A network hiccup: the next beat tries again, well before the lock is stale.
        self._heartbeat_task = None
        log.warning("article #%s: lock heartbeat failed: %s", self._article_id, message)

    def _retried(self, result: object) -> None:
        self._heartbeat_task = None
        assert isinstance(result, Opened)
        if result.read_only is ReadOnly.NO:
            self._opened(result)
            self.message.emit(self.tr("The article is free now: you can edit it."))
        elif result.holder != self._holder:
            self._set_state(result.read_only, result.holder)

    def _lock_lost(self, holder: LockInfo) -> None:
        """Someone took the article over: stop editing, keep the text as an autosave."""
        self._autosave_tick(force=True)
        self._set_state(ReadOnly.LOCKED, holder)
        self.message.emit(self.tr("{name} has taken over this article. Your unsaved text is "
                                  "kept and offered for recovery.").format(
                                      name=holder.user_name))

    def take_over(self) -> None:
        """Take the lock from whoever holds it (editors and admins only)."""
        if not self.can_take_over or self._article_id is None:
            return
        self._client.submit(self._took_over, lambda m: self.error.emit(
            self.tr("Could not take over: {reason}").format(reason=m)),
            take_over_lock, self.user.id, self._article_id)

    def _took_over(self, result: object) -> None:
        assert isinstance(result, Opened)
        self._opened(result)

    def adopt(self, view: ArticleView) -> None:
        """The article changed elsewhere in this window (a workflow action): follow it.

        Its text is unchanged, so only the version and the status move; a status
        that freezes the text gives the lock back, one that thaws it takes it.
        """
        if self._closing or view.id != self._article_id:
            return
        self._view = view
        self._base_version = view.version
        reason = read_only_reason(self.user.role, self.user.id, view)
        if reason is ReadOnly.NO and self._reason in (ReadOnly.STATUS, ReadOnly.PERMISSION):
            self._client.submit(self._opened, self._open_failed, open_article, self.user.id,
                                view.id)
        elif reason is not ReadOnly.NO and self._reason is ReadOnly.NO:
            self._client.submit(lambda _r: None, self.error.emit, release_lock, self.user.id,
                                view.id)
            self._set_state(reason, None)
        elif reason is not ReadOnly.NO and self._reason is ReadOnly.LOCKED:
            self._set_state(reason, self._holder)  # frozen now, whoever holds the lock

    # ---------------------------------------------------------------- closing

    def close(self, discard: bool = False) -> None:
        """Stop editing: give the lock back, optionally forget the unsaved text.

        Without ``discard`` unsaved text goes to the autosave table first (a
        window closed by the system must not lose it). A new article closed
        before it was ever saved is moved to the trash, not left as a husk.
        """
        if self._closing:
            return
        holding = self._reason is ReadOnly.NO and self._article_id is not None
        if not discard:
            self._autosave_tick(force=True)
        self._closing = True
        self._autosave_timer.stop()
        self._heartbeat_timer.stop()
        if self._article_id is not None and holding:
            trash = self._is_new and not self._ever_saved and (discard or not self._dirty)
            self._client.submit(lambda _r: self.closed.emit(), lambda _m: self.closed.emit(),
                                close_article, self.user.id, self._article_id, discard, trash)
        else:
            if discard and self._article_id is not None:
                self._client.submit(lambda _r: None, lambda _m: None, discard_autosave,
                                    self.user.id, self._article_id)
            self.closed.emit()
        self._reason = ReadOnly.CLOSED

    # ------------------------------------------------------------------ tasks
