"""The websites the queue publishes to, managed by admins.

A WordPress site's application password goes to the OS keyring before the
site row is written, so a keyring failure leaves nothing half set up.
Only plain-HTTP addresses on this PC (127.0.0.1, localhost) are accepted
without TLS: anywhere else the password would cross the network readable.
Certificates are always verified; a site whose certificate the system does not
trust (self-signed, an office CA) works only after an administrator trusts
that certificate explicitly with :func:`set_ca_file`.
"""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from newsroom import config
from newsroom.domain.errors import NotFound, ValidationError
from newsroom.domain.roles import Role
from newsroom.i18n import tr
from newsroom.services import audit, users
from newsroom.storage.models import Site, User
from newsroom.storage.uow import UnitOfWork
from newsroom.sync import secrets

KINDS = ("wordpress", "static")
DEFAULT_SITE_NAME = "site"
MAX_NAME = 100


@dataclass(frozen=True)
class SiteView:
    id: int
    name: str
    kind: str
    url: str
    path: str
    login: str
    enabled: bool
    paused_reason: str | None
    settings: dict[str, Any]


def view(site: Site) -> SiteView:
    return SiteView(id=site.id, name=site.name, kind=site.kind, url=site.url, path=site.path,
                    login=site.login, enabled=site.enabled, paused_reason=site.paused_reason,
                    settings=dict(site.settings or {}))


def _admin(uow: UnitOfWork, actor_id: int) -> User:
    return users.require_role(uow, actor_id, Role.ADMIN,
                              tr("only an administrator may change the websites"))


def _check_name(uow: UnitOfWork, name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(ch.isspace() and ch != " " for ch in name):
        raise ValidationError(tr("a site name needs 1 to {n} characters on one line",
                                 n=MAX_NAME))
    if _named(uow, name) is not None:
        raise ValidationError(tr("a site named {name} already exists", name=name))
    return name


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """A site address fit to send a password to, without a trailing slash."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError:
        raise ValidationError(tr("{url} is not a web address", url=url)) from None
    if parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment:
        raise ValidationError(tr("{url} is not a web address (it must start with https://)",
                                 url=url))
    if parts.scheme == "http" and not _is_loopback(host):
        raise ValidationError(tr("{url} uses plain http: the password would cross the network "
                                 "unencrypted; use https://", url=url))
    return url.rstrip("/")


def check_ca_file(path: str | Path) -> str:
    """The absolute path of a PEM file that really holds certificates: a wrong
    file must fail here, not as a puzzling error at the first publish."""
    if not str(path).strip():
        raise ValidationError(tr("the certificate file is empty"))
    file = Path(path).expanduser().resolve()
    if not file.is_file():
        raise ValidationError(tr("no certificate file {path}", path=file))
    try:
        context = ssl.create_default_context(cafile=str(file))
    except (OSError, ssl.SSLError, UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(tr("{path} is not a PEM certificate file: {error}", path=file,
                                 error=getattr(exc, "strerror", None) or str(exc))) from None
    if not context.get_ca_certs():
        raise ValidationError(tr("{path} holds no certificate", path=file))
    return str(file)


def add_wordpress(uow: UnitOfWork, actor_id: int, name: str, url: str, login: str,
                  password: str, ca_file: str | None = None) -> SiteView:
    actor = _admin(uow, actor_id)
    name = _check_name(uow, name)
    url = check_url(url)
    settings: dict[str, Any] = {"ca_file": check_ca_file(ca_file)} if ca_file else {}
    login = login.strip()
    if not login:
        raise ValidationError(tr("the WordPress login is empty"))
    if not password.strip():
        raise ValidationError(tr("the application password is empty"))
    secrets.store_password(url, login, password.strip())
    site = Site(name=name, kind="wordpress", url=url, login=login, enabled=True,
                settings=settings)
    uow.session.add(site)
    uow.flush()
    audit.record(uow, actor, "site_add", site=site.name, kind=site.kind, url=url, login=login)
    return view(site)


def _check_folder(path: str | Path) -> Path:
    folder = Path(path).expanduser()
    if not str(path).strip():
        raise ValidationError(tr("the site folder is empty"))
    if folder.exists() and not folder.is_dir():
        raise ValidationError(tr("{path} is a file, not a folder", path=folder))
    return folder.resolve()


def add_static(uow: UnitOfWork, actor_id: int | None, name: str, path: str | Path,
               base_url: str | None = None) -> SiteView:
    """A folder the site is rendered into; ``actor_id`` None only for the
    default site of a fresh install."""
    actor = _admin(uow, actor_id) if actor_id is not None else None
    name = _check_name(uow, name)
    folder = _check_folder(path)
    settings: dict[str, Any] = {}
    if base_url:
        settings["base_url"] = check_url(base_url) + "/"
    site = Site(name=name, kind="static", path=str(folder), enabled=True, settings=settings)
    uow.session.add(site)
    uow.flush()
    audit.record(uow, actor, "site_add", site=site.name, kind=site.kind, path=str(folder))
    return view(site)


def ensure_default(uow: UnitOfWork) -> SiteView | None:
    """A fresh install publishes to a static site in the data folder, so a
    whole publish works with no server; nothing happens once any site exists."""
    if uow.session.scalar(select(func.count()).select_from(Site)):
        return None
    return add_static(uow, None, DEFAULT_SITE_NAME, config.default_site_dir())


def list_sites(uow: UnitOfWork) -> list[SiteView]:
    return [view(s) for s in uow.session.scalars(select(Site).order_by(Site.name))]


def load(uow: UnitOfWork, site_id: int) -> Site:
    site = uow.session.get(Site, site_id)
    if site is None:
        raise NotFound(tr("no site #{id}", id=site_id))
    return site


def _named(uow: UnitOfWork, name: str) -> Site | None:
    """The site of that name, in any letter case. Compared in Python: SQLite's
    lower() folds only ASCII, so «Сайт ОДА» would never match «сайт ода» there
    (an office has a handful of sites, so reading them all costs nothing)."""
    wanted = name.strip().casefold()
    return next((site for site in uow.session.scalars(select(Site))
                 if site.name.casefold() == wanted), None)


def by_name(uow: UnitOfWork, name: str) -> Site:
    site = _named(uow, name)
    if site is None:
        raise NotFound(tr("no site named {name}", name=name))
    return site


def set_password(uow: UnitOfWork, actor_id: int, site_id: int, password: str) -> SiteView:
    """A new application password; a site paused by a refused login resumes."""
    actor = _admin(uow, actor_id)
    site = load(uow, site_id)
    if site.kind != "wordpress":
        raise ValidationError(tr("site {name} has no password", name=site.name))
    if not password.strip():
        raise ValidationError(tr("the application password is empty"))
    secrets.store_password(site.url, site.login, password.strip())
    site.paused_reason = None
    audit.record(uow, actor, "site_password", site=site.name)
    uow.flush()
    return view(site)


def set_ca_file(uow: UnitOfWork, actor_id: int, site_id: int,
                ca_file: str | None) -> SiteView:
    """Trust the certificates in ``ca_file`` for this site only (None: trust
    only what the system trusts again). Audited: it changes who we believe."""
    actor = _admin(uow, actor_id)
    site = load(uow, site_id)
    if site.kind != "wordpress":
        raise ValidationError(tr("site {name} is a folder, it has no certificate",
                                 name=site.name))
    settings = dict(site.settings or {})
    if ca_file is None:
        settings.pop("ca_file", None)
    else:
        settings["ca_file"] = check_ca_file(ca_file)
    site.settings = settings
    audit.record(uow, actor, "site_trust", site=site.name, ca_file=settings.get("ca_file"))
    uow.flush()
    return view(site)


def set_enabled(uow: UnitOfWork, actor_id: int, site_id: int, enabled: bool) -> SiteView:
    actor = _admin(uow, actor_id)
    site = load(uow, site_id)
    site.enabled = enabled
    if enabled:
        site.paused_reason = None
    audit.record(uow, actor, "site_enable" if enabled else "site_disable", site=site.name)
    uow.flush()
    return view(site)


def pause(uow: UnitOfWork, site_id: int, reason: str) -> None:
    """Stop sending to a site until a person acts (a refused password)."""
    load(uow, site_id).paused_reason = reason[:500]
