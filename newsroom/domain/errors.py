"""Errors that services raise for a user to read.

Every error carries a message fit to show as-is in a dialog or on one CLI line;
callers never need to format a traceback for a press officer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from newsroom.i18n import tr

_KYIV = ZoneInfo("Europe/Kyiv")


class NewsroomError(Exception):
    """Base of every expected, user-facing failure."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(NewsroomError):
    """The id or login named does not exist."""


class ValidationError(NewsroomError):
    """Input that cannot be stored as it is (empty title, bad link, bad date…)."""


class PermissionDenied(NewsroomError):
    """The actor's role or relation to the article does not allow the action."""


class IllegalTransition(NewsroomError):
    """The action is not possible from the article's current status."""


@dataclass(frozen=True)
class Snapshot:
    """The editable fields of an article at one version, for showing two side by side."""

    version: int
    title: str
    lead: str
    body: str


class ConflictError(NewsroomError):
    """A save was based on a version someone else has already replaced.

    It carries both sides so the UI can show them next to each other and the user
    can keep either or merge; nothing was written when it is raised.
    """

    def __init__(self, article_id: int, mine: Snapshot, theirs: Snapshot, saved_by: str) -> None:
        super().__init__(tr(
            "article #{id} was changed by {who} (version {theirs}) after you opened version "
            "{mine}; nothing was saved", id=article_id, who=saved_by, theirs=theirs.version,
            mine=mine.version))
        self.article_id = article_id
        self.mine = mine
        self.theirs = theirs
        self.saved_by = saved_by


@dataclass(frozen=True)
class LockInfo:
    """Who holds the editing lock of an article, and since when (aware UTC)."""

    article_id: int
    user_id: int
    user_name: str
    since: datetime


class Locked(NewsroomError):
    """Someone else is editing the article right now."""

    def __init__(self, lock: LockInfo) -> None:
        super().__init__(tr("editing: {name} since {time}", name=lock.user_name,
                            time=lock.since.astimezone(_KYIV).strftime("%H:%M")))
        self.lock = lock
