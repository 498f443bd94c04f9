"""httpx failures and HTTP statuses as the sync errors the queue acts on.

Whether a failed request may still have done its work decides how the queue
retries a create: a request that never left (no connection) is simply sent
again, one whose answer was lost must first look for what it may have made.
Only requests that change something can leave such a trace, so reads never
claim ``maybe_done``.
"""

from __future__ import annotations

import ssl

import httpx

from newsroom.i18n import tr
from newsroom.sync.errors import Rejected, SiteSetupError, SyncError, Transient

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Busy or failing servers: the same request may well work later.
RETRY_STATUSES = frozenset({408, 425, 429})


def display_url(url: str | httpx.URL) -> str:
    """The address as people may see it: never with a login or password in it."""
    parsed = httpx.URL(url)
    return str(parsed.copy_with(userinfo=b"", query=None, fragment=None)).rstrip("/")


def _changes_something(method: str) -> bool:
    return method.upper() not in SAFE_METHODS


def _certificate_problem(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """httpx wraps the ssl error; walk the chain to find it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def transport_failure(exc: httpx.TransportError, site: str, method: str,
                      timeout: float) -> SyncError:
    """The request failed below HTTP: no connection, a timeout, a broken one."""
    bad_certificate = _certificate_problem(exc)
    if bad_certificate is not None:
        return SiteSetupError(tr(
            "the certificate of {site} cannot be verified ({error}); if the site is yours, "
            "trust its certificate explicitly: newsroom site trust NAME --ca-file FILE",
            site=site, error=bad_certificate.verify_message or
            str(bad_certificate)))
    if isinstance(exc, httpx.UnsupportedProtocol):
        return SiteSetupError(tr("{site} is not a web address (http:// or https://)", site=site))
    if isinstance(exc, httpx.LocalProtocolError):
        return Rejected(tr("the request to {site} could not be sent: {error}", site=site,
                           error=str(exc)))
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return Transient(tr("{site} did not accept a connection within {seconds} s",
                            site=site, seconds=f"{timeout:g}"))
    if isinstance(exc, httpx.ConnectError):
        return Transient(tr("cannot connect to {site}: {error}", site=site,
                            error=str(exc) or type(exc).__name__))
    if isinstance(exc, httpx.WriteError | httpx.WriteTimeout):
        # The request did not get through whole: the site cannot have acted on it.
        return Transient(tr("the connection to {site} broke while sending: {error}",
                            site=site, error=str(exc) or type(exc).__name__))
    maybe_done = _changes_something(method)
    if isinstance(exc, httpx.TimeoutException):
        return Transient(tr("{site} did not answer within {seconds} s", site=site,
                            seconds=f"{timeout:g}"), maybe_done=maybe_done)
    return Transient(tr("the connection to {site} broke before its answer came: {error}",
                        site=site, error=str(exc) or type(exc).__name__),
                     maybe_done=maybe_done)


def retryable_status(status: int, method: str, site: str, detail: str) -> Transient | None:
    """A status worth retrying later, or None for one that is the site's final word.

    A 5xx on a request that changes something may come after the work was
    done (a plugin failing after the post was saved, a gateway giving up on a
    slow but successful save), so it counts as possibly done.
    """
    if status in RETRY_STATUSES:
        return Transient(tr("{site} is busy ({status}): {detail}", site=site, status=status,
                            detail=detail))
    if status >= 500:
        return Transient(tr("{site} is failing or unavailable ({status}): {detail}",
                            site=site, status=status, detail=detail),
                         maybe_done=_changes_something(method))
    return None
