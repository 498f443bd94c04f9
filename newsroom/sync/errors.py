"""What can go wrong when talking to a website, sorted by what the queue does next.

The worker never looks at HTTP codes: a connector turns every failure into one
of these, and the class alone decides between retrying later, giving up,
pausing the site or asking a person (Superdesk's queue does the same with its
``retrying``/``failed``/``error`` states).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsroom.domain.errors import NewsroomError

if TYPE_CHECKING:
    from newsroom.sync.connectors.base import RemoteRef


class SyncError(NewsroomError):
    """A site could not do what was asked; the message is for the queue window."""


class Transient(SyncError):
    """Worth trying again later: no connection, a timeout, 5xx, 408 or 429.

    ``maybe_done`` is set when the request may have reached the site and only
    the answer was lost, so a retried create must look for the post first.
    """

    def __init__(self, message: str, maybe_done: bool = False) -> None:
        super().__init__(message)
        self.maybe_done = maybe_done


class Rejected(SyncError):
    """The site refused the request itself (a 4xx other than 401/408/429): the
    same request would be refused again, so it is not retried."""


class NotAllowed(Rejected):
    """The site's account may not do this (403): for example a contributor
    account cannot publish or upload photos."""


class AuthFailed(SyncError):
    """The login or application password was refused (401). Every job for the
    site waits until someone enters the password again."""


class RemoteChanged(SyncError):
    """The post was edited on the site since we last sent it; ``current`` is
    how the site has it now. Nothing was sent."""

    def __init__(self, message: str, current: RemoteRef) -> None:
        super().__init__(message)
        self.current = current


class RemoteGone(SyncError):
    """The post we knew is no longer on the site (deleted there)."""


class SiteSetupError(SyncError):
    """The site is not set up so that it can be used (no password stored, a
    folder that cannot be written, an address that is not a WordPress site)."""
