"""The website commands of ``python -m newsroom``: sites, queue, pull, publish-due.

Kept apart from ``cli.py`` (articles, users) so each file stays readable; the
parser in ``cli.py`` registers these with :func:`add_commands`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from newsroom.domain.errors import ValidationError
from newsroom.i18n import tr
from newsroom.services import publish_queue, sites, users
from newsroom.services.publish_queue import JobState, state_label
from newsroom.storage.db import Database
from newsroom.sync import pull as pull_mod
from newsroom.sync import registry, site_conflicts
from newsroom.sync.worker import Worker

PASSWORD_ENV = "NEWSROOM_SITE_PASSWORD"


def _cli() -> Any:
    from newsroom import cli  # the shared helpers (_open, _actor); cli imports us lazily

    return cli


def _actor_id(uow: Any, login: str | None) -> int:
    """``--as LOGIN``, or the only user of a one-person install."""
    if login is None and users.count_users(uow) == 1:
        return int(users.list_users(uow)[0].id)
    return int(_cli()._actor(uow, login))


def _password() -> str:
    """From NEWSROOM_SITE_PASSWORD, else asked without echo; never an argument
    (it would be visible to every user of the PC in the process list)."""
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ValidationError(tr("no password: set {env} or run the command in a terminal",
                                 env=PASSWORD_ENV))
    return getpass.getpass(tr("Application password: "))


def _check_wordpress(url: str, login: str, password: str, ca_file: str | None) -> None:
    """Try the login before anything is stored: a typo in the password is
    found now, not when the first article fails to go out."""
    from newsroom.sync.connectors.base import MemoryMediaCache, MemoryTermCache
    from newsroom.sync.connectors.wordpress import WordPressConnector

    connector = WordPressConnector(url, login, password, MemoryMediaCache(), MemoryTermCache(),
                                   timeout=20, verify=ca_file or True)
    try:
        connector.list_posts(1, 1)
    finally:
        connector.close()


def cmd_site_add(args: argparse.Namespace) -> int:
    if args.kind == "wordpress":
        if not args.url or not args.user:
            raise ValidationError(tr("a WordPress site needs --url and --user"))
        url = sites.check_url(args.url)
        ca_file = sites.check_ca_file(args.ca_file) if args.ca_file else None
        password = _password()
        if not args.no_check:
            _check_wordpress(url, args.user.strip(), password.strip(), ca_file)
    elif not args.path:
        raise ValidationError(tr("a static site needs --path"))
    db: Database = _cli()._open(args)
    with db.uow() as uow:
        actor = _actor_id(uow, args.as_login)
        if args.kind == "wordpress":
            site = sites.add_wordpress(uow, actor, args.name, args.url, args.user, password,
                                       ca_file)
        else:
            site = sites.add_static(uow, actor, args.name, args.path, args.base_url)
        uow.commit()
    print(tr("site {name} added, id {id}", name=site.name, id=site.id))
    return 0


def cmd_site_list(args: argparse.Namespace) -> int:
    db: Database = _cli()._open(args)
    with db.uow() as uow:
        rows = sites.list_sites(uow)
    if args.json:
        _cli()._print_json([{"id": s.id, "name": s.name, "kind": s.kind, "url": s.url,
                             "path": s.path, "login": s.login, "enabled": s.enabled,
                             "paused": s.paused_reason} for s in rows])
        return 0
    if not rows:
        print(tr("no sites yet: add one with 'site add'"))
    for s in rows:
        where = s.url or s.path
        state = tr("paused: {reason}", reason=s.paused_reason) if s.paused_reason else (
            tr("on") if s.enabled else tr("off"))
        print(f"{s.id:>4}  {s.name:<16} {s.kind:<10} {state:<8} {where}")
    return 0


def cmd_site_password(args: argparse.Namespace) -> int:
    password = _password()
    db: Database = _cli()._open(args)
    with db.uow() as uow:
        site = sites.set_password(uow, _actor_id(uow, args.as_login),
                                  sites.by_name(uow, args.name).id, password)
        uow.commit()
    print(tr("the password for {name} is stored in the system keyring", name=site.name))
    return 0


def cmd_site_trust(args: argparse.Namespace) -> int:
    if (args.ca_file is None) == (not args.clear):
        raise ValidationError(tr("give either --ca-file FILE or --clear"))
    db: Database = _cli()._open(args)
    with db.uow() as uow:
        site = sites.set_ca_file(uow, _actor_id(uow, args.as_login),
                                 sites.by_name(uow, args.name).id, args.ca_file)
        uow.commit()
    ca_file = site.settings.get("ca_file")
    print(tr("{name} now trusts the certificates in {path}", name=site.name, path=ca_file)
          if ca_file else tr("{name} trusts only the system's certificates", name=site.name))
    return 0


def cmd_site_enable(args: argparse.Namespace) -> int:
    db: Database = _cli()._open(args)
    with db.uow() as uow:
        site = sites.set_enabled(uow, _actor_id(uow, args.as_login),
                                 sites.by_name(uow, args.name).id, args.site_cmd == "enable")
        uow.commit()
    print(tr("site {name} is on", name=site.name) if site.enabled
          else tr("site {name} is off", name=site.name))
    return 0


def cmd_publish_due(args: argparse.Namespace) -> int:
    db: Database = _cli()._open(args)
    report = Worker(db, concurrency=args.jobs).run_due(limit=args.limit)
    for line in report.messages:
        print(line, file=sys.stderr)
    print(tr("sent {sent}, to retry {retrying}, failed {failed}, need a person {errors}, "
             "published {published}", sent=report.sent, retrying=report.retrying,
             failed=report.failed, errors=report.errors, published=len(report.published)))
    return 1 if report.failed or report.errors else 0


def cmd_pull(args: argparse.Namespace) -> int:
    db: Database = _cli()._open(args)
    with db.uow() as uow:
        actor = _actor_id(uow, args.as_login)
        site = sites.view(sites.by_name(uow, args.site))
    connector = registry.connector_for(db, site)

    def progress(done: int, total: int) -> None:
        print(tr("pulled {done} of {total}", done=done, total=total), file=sys.stderr)

    try:
        result = pull_mod.pull(db, site.id, actor, connector, progress=progress)
    finally:
        connector.close()
    print(tr("new {created}, updated {updated}, unchanged {unchanged}, kept local edits "
             "{kept}", created=result.created, updated=result.updated,
             unchanged=result.unchanged, kept=result.kept_local))
    return 0


def _state(value: str) -> JobState:
    try:
        return JobState(value)
    except ValueError:
        raise ValidationError(tr("unknown job state '{s}': use one of {names}", s=value,
                                 names=", ".join(s.value for s in JobState))) from None


def cmd_queue_list(args: argparse.Namespace) -> int:
    db: Database = _cli()._open(args)
    states = [_state(args.state)] if args.state else None
    with db.uow() as uow:
        jobs = publish_queue.list_jobs(uow, states=states, limit=args.limit)
    if args.json:
        _cli()._print_json([{"id": j.id, "article_id": j.article_id, "title": j.article_title,
                             "site": j.site, "action": j.action, "state": j.state.value,
                             "scheduled_at": j.scheduled_at, "attempts": j.attempts,
                             "error": j.last_error, "updated_at": j.updated_at} for j in jobs])
        return 0
    if not jobs:
        print(tr("the publishing queue is empty"))
    for j in jobs:
        error = f"  — {j.last_error}" if j.last_error else ""
        print(f"{j.id:>6}  {state_label(j.state):<18} {j.site:<12} {j.action:<10} "
              f"#{j.article_id} {j.article_title}{error}")
    return 0


def cmd_queue_change(args: argparse.Namespace) -> int:
    db: Database = _cli()._open(args)
    with db.uow() as uow:
        actor = _actor_id(uow, args.as_login)
        change = {"retry": publish_queue.resend, "cancel": publish_queue.cancel,
                  "overwrite": site_conflicts.overwrite}[args.queue_cmd]
        job = change(uow, actor, args.job)
        uow.commit()
    print(tr("job #{id} is {state}", id=job.id, state=state_label(job.state)))
    return 0


def cmd_queue_take_site(args: argparse.Namespace) -> int:
    db: Database = _cli()._open(args)
    with db.uow() as uow:
        actor = _actor_id(uow, args.as_login)
    view = site_conflicts.take_site_version(db, actor, args.job)
    print(tr("article #{id} now has the site's text as revision {rev}", id=view.id,
             rev=view.revision))
    return 0


def cmd_queue_compare(args: argparse.Namespace) -> int:
    db: Database = _cli()._open(args)
    print(_cli()._diff_text(site_conflicts.compare(db, args.job)))
    return 0


def add_commands(sub: Any, positive: Any) -> None:
    site = sub.add_parser("site", help="websites the queue publishes to").add_subparsers(
        dest="site_cmd", required=True)
    sa = site.add_parser("add", help="add a WordPress site or a static-site folder")
    sa.add_argument("name")
    sa.add_argument("--kind", required=True, choices=sites.KINDS)
    sa.add_argument("--url", help="WordPress: the site's address")
    sa.add_argument("--user", help="WordPress: the login the application password is for")
    sa.add_argument("--path", help="static: the folder to render the site into")
    sa.add_argument("--base-url", help="static: the address the folder is served at")
    sa.add_argument("--no-check", action="store_true",
                    help="WordPress: store the site without trying the login now")
    sa.add_argument("--ca-file", metavar="PEM",
                    help="WordPress: trust this certificate (self-signed or office CA)")
    sa.add_argument("--as", dest="as_login", metavar="LOGIN")
    sa.set_defaults(run=cmd_site_add)
    sl = site.add_parser("list", help="list sites")
    sl.add_argument("--json", action="store_true")
    sl.set_defaults(run=cmd_site_list)
    sp = site.add_parser("password", help="store a new application password")
    sp.add_argument("name")
    sp.add_argument("--as", dest="as_login", metavar="LOGIN")
    sp.set_defaults(run=cmd_site_password)
    st = site.add_parser("trust", help="trust a site's own certificate (self-signed, office CA)")
    st.add_argument("name")
    st.add_argument("--ca-file", metavar="PEM", help="the certificate (PEM) to trust")
    st.add_argument("--clear", action="store_true", help="trust only the system's certificates")
    st.add_argument("--as", dest="as_login", metavar="LOGIN")
    st.set_defaults(run=cmd_site_trust)
    for name in ("enable", "disable"):
        se = site.add_parser(name)
        se.add_argument("name")
        se.add_argument("--as", dest="as_login", metavar="LOGIN")
        se.set_defaults(run=cmd_site_enable)

    pl = sub.add_parser("pull", help="pull a WordPress site's published posts")
    pl.add_argument("site")
    pl.add_argument("--as", dest="as_login", metavar="LOGIN")
    pl.set_defaults(run=cmd_pull)

    pd = sub.add_parser("publish-due", help="send due publishing jobs (for cron)")
    pd.add_argument("--limit", type=positive)
    pd.add_argument("--jobs", type=positive, default=2,
                    help="jobs sent side by side (default 2)")
    pd.set_defaults(run=cmd_publish_due)

    queue = sub.add_parser("queue", help="the publishing queue").add_subparsers(
        dest="queue_cmd", required=True)
    ql = queue.add_parser("list", help="newest jobs first")
    ql.add_argument("--state")
    ql.add_argument("--limit", type=positive, default=200)
    ql.add_argument("--json", action="store_true")
    ql.set_defaults(run=cmd_queue_list)
    for name, run in (("retry", cmd_queue_change), ("cancel", cmd_queue_change),
                      ("overwrite", cmd_queue_change), ("take-site", cmd_queue_take_site),
                      ("compare", cmd_queue_compare)):
        qc = queue.add_parser(name)
        qc.add_argument("job", type=positive)
        if name != "compare":
            qc.add_argument("--as", dest="as_login", metavar="LOGIN")
        qc.set_defaults(run=run)
