"""Headless commands for admins, cron and scripts: ``python -m newsroom``.

Every command goes through the same services as the desktop app. Expected
failures print one line to stderr and exit 1; usage errors exit 2; nothing
ever prints a traceback at a user (unexpected ones are logged to a file).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from newsroom import config, i18n
from newsroom.domain.errors import NewsroomError, ValidationError
from newsroom.domain.roles import Role, parse_role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action, status_label
from newsroom.i18n import tr
from newsroom.services import (
    article_list,
    articles,
    audit,
    dictionary,
    importer,
    related,
    related_suggest,
    rendering,
    search,
    search_query,
    sites,
    users,
    workflow,
)
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.text.dates import format_article_datetime, parse_user_datetime
from newsroom.text.words import DiffOp

log = logging.getLogger("newsroom.cli")


class UsageError(Exception):
    """Bad command-line words; argparse's own message style, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _open(args: argparse.Namespace, create: bool = False) -> Database:
    """Open the database; only ``init`` and the embedded default may create it."""
    if args.db is not None and not args.db.strip():
        # "--db $DB_URL" with the variable unset: never fall back to (and create)
        # the embedded database behind the caller's back.
        raise ValidationError(tr("--db is empty: give a database URL, or leave --db out to "
                                 "use the embedded database"))
    url = config.resolve_db_url(args.db)
    try:
        make_url(url)
    except (ValueError, ArgumentError) as exc:  # "postgresql://[::1": not even a URL
        raise ValidationError(tr("'{url}' is not a database address: {problem}", url=url,
                                 problem=exc)) from None
    return migrate.open_database(url, create=create or url == config.default_db_url())


def _actor(uow: Any, login: str | None) -> int:
    if not login:
        raise ValidationError(tr("say who you are with --as LOGIN"))
    return int(users.load_by_login(uow, login).id)


def _dt(value: Any) -> str:
    return format_article_datetime(value, i18n.language()) if value else ""


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# ----------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace) -> int:
    db = _open(args, create=True)
    with db.uow() as uow:
        site = sites.ensure_default(uow)
        uow.commit()
    if site is not None:
        print(tr("the articles will be published to the folder {path}", path=site.path))
    print(tr("database ready: {url} (schema {rev})", url=db.url,
             rev=migrate.current_revision(db)))
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    db = _open(args)
    role = parse_role(args.role)
    with db.uow() as uow:
        if users.count_users(uow) == 0:
            # Nobody to ask yet: the first account opens the database, as the app's
            # first start does, and must be able to add the others.
            if role is not Role.ADMIN:
                raise ValidationError(tr("the first user of a new database must be an "
                                         "administrator (--role admin)"))
            user = users.add_first_admin(uow, args.login, args.name, args.signature or "")
        else:
            user = users.create(uow, _actor(uow, args.as_login), args.login, role, args.name,
                                args.signature or "")
        uow.commit()
    print(tr("user {login} ({role}) added, id {id}", login=user.login, role=user.role.value,
             id=user.id))
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        rows = users.list_users(uow)
    if args.json:
        _print_json([{"id": u.id, "login": u.login, "name": u.display_name,
                      "role": u.role.value, "signature": u.signature} for u in rows])
    for u in rows if not args.json else []:
        print(f"{u.id:>4}  {u.login:<16} {u.role.value:<9} {u.display_name}")
    return 0


def cmd_article_import(args: argparse.Namespace) -> int:
    files: list[tuple[str, bytes]] = []
    for name in args.files:
        path = Path(name)
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise ValidationError(tr("cannot read {file}: {error}", file=name,
                                     error=exc.strerror or str(exc))) from None
    db = _open(args)
    with db.uow() as uow:
        if args.as_login is None and users.count_users(uow) == 1:
            actor_id = users.list_users(uow)[0].id
        else:
            actor_id = _actor(uow, args.as_login)
        ids = importer.import_files(uow, actor_id, files)
        uow.commit()
    for article_id in ids:
        print(article_id)
    return 0


def cmd_article_list(args: argparse.Namespace) -> int:
    status = None
    if args.status:
        try:
            status = Status(args.status.replace("-", "_"))
        except ValueError:
            raise ValidationError(tr("unknown status '{s}': use one of {names}", s=args.status,
                                     names=", ".join(s.value for s in Status))) from None
    db = _open(args)
    found: dict[int, search_query.Snippet] = {}
    with db.uow() as uow:
        if args.search is not None and args.search.strip():
            rows = article_list.query_rows(
                uow, article_list.ListQuery(status=status, search=args.search),
                limit=args.limit)
            found = search_query.snippets(uow, [r.id for r in rows], args.search)
        else:
            rows = articles.list_rows(uow, status=status, limit=args.limit)
    if args.json:
        _print_json([{"id": r.id, "title": r.title, "status": r.status.value,
                      "section": r.section, "author": r.author,
                      "updated_at": r.updated_at.isoformat(),
                      "scheduled_at": r.scheduled_at.isoformat() if r.scheduled_at else None,
                      "published_at": r.published_at.isoformat() if r.published_at else None}
                     | ({"snippet": found[r.id].text,
                         "matches": [list(span) for span in found[r.id].spans]}
                        if r.id in found else {})
                     for r in rows])
        return 0
    if not rows:
        print(tr("no articles found") if args.search
              else tr("no articles yet: import some with 'article import FILE'"))
    for r in rows:
        print(f"{r.id:>6}  {status_label(r.status):<20} {_dt(r.updated_at):<24} "
              f"{r.author:<20} {r.title}")
        if r.id in found and found[r.id].text:
            print(f"{'':>8}{found[r.id].marked()}")
    return 0


def cmd_article_show(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        if args.html:
            print(rendering.article_html(uow, args.id))  # the site's page, not --lang's
            return 0
        a = articles.get(uow, args.id)
    if args.json:
        _print_json(a.to_json())
        return 0
    print(f"# {a.title}")
    print(f"{tr('status')}: {status_label(a.status)}   {tr('author')}: {a.author}   "
          f"{tr('revision')}: {a.revision}   {tr('version')}: {a.version}")
    if a.section:
        print(f"{tr('section')}: {a.section}")
    if a.tags:
        print(f"{tr('tags')}: {', '.join(a.tags)}")
    if a.published_at:
        print(f"{tr('published')}: {_dt(a.published_at)}")
    if a.scheduled_at:
        print(f"{tr('scheduled')}: {_dt(a.scheduled_at)}")
    print(f"slug: {a.slug}")
    if a.lead:
        print(f"\n{a.lead}")
    print(f"\n{a.body.rstrip()}\n")
    if a.signature:
        print(a.signature)
    if a.related:
        print(f"\n{tr('Read also')}:")
        for r in a.related:
            print(f"  #{r.id} {r.title}")
    return 0


def _transition(action: Action) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        at = None
        if getattr(args, "at", None):
            try:
                at = parse_user_datetime(args.at)
            except ValueError as exc:
                raise ValidationError(str(exc)) from None
        db = _open(args)
        with db.uow() as uow:
            actor_id = _actor(uow, args.as_login)
            a = workflow.transition(uow, actor_id, args.id, action, comment=args.comment, at=at)
            uow.commit()
        line = tr("article #{id} is now {status}", id=a.id, status=status_label(a.status))
        if a.scheduled_at:
            line += " — " + _dt(a.scheduled_at)
        print(line)
        return 0
    return run


def cmd_article_history(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        revs = articles.revisions(uow, args.id)
        events = audit.list_events(uow, args.id)
    for r in revs:
        print(f"r{r.number:<4} {_dt(r.saved_at):<24} {r.saved_by}")
    print()
    for e in events:
        move = f"{e.from_status or ''} -> {e.to_status or ''}" if e.to_status else ""
        print(f"{_dt(e.at):<24} {e.actor or '-':<16} {e.action:<16} {move}  r{e.revision}")
    return 0


def _diff_text(ops: Sequence[DiffOp]) -> str:
    marks = {"equal": "{}", "insert": "{{+{}+}}", "delete": "[-{}-]"}
    return "".join(marks[op.kind].format(op.text) for op in ops)


def cmd_article_diff(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        ops = workflow.diff(uow, args.id, args.old, args.new)
    print(_diff_text(ops))
    return 0


def cmd_related_change(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        actor_id = _actor(uow, args.as_login)
        change = related.add if args.related_cmd == "add" else related.remove
        items = change(uow, actor_id, args.id, args.other)
        uow.commit()
    for i, r in enumerate(items, 1):
        print(f"{i}. #{r.id} {r.title}")
    return 0


def cmd_related_list(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        items = related.list_for(uow, args.id)
    if not items:
        print(tr("no related articles"))
    for i, r in enumerate(items, 1):
        print(f"{i}. #{r.id} {r.title}")
    return 0


def cmd_related_suggest(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        found = related_suggest.suggest(uow, args.id, limit=args.limit)
    if args.json:
        _print_json([{"id": s.article.id, "title": s.article.title, "url": s.article.url,
                      "score": s.score, "shared_terms": list(s.shared_terms)} for s in found])
        return 0
    if not found:
        print(tr("no related articles"))
    for rank, s in enumerate(found, 1):
        print(f"{rank:>3}. {s.article.id:>6}  {s.score:6.3f}  {s.article.title}")
        if s.shared_terms:
            print(f"{'':>13}{', '.join(s.shared_terms)}")
    return 0


def cmd_search_reindex(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        n = search.reindex(uow, relemmatize=not args.terms_only)
        uow.commit()
    print(tr("search index rebuilt: {n} articles", n=n))
    return 0


def cmd_dictionary_add(args: argparse.Namespace) -> int:
    """Several words at once (an office list is pasted in): all or none are added."""
    db = _open(args)
    with db.uow() as uow:
        actor = _actor(uow, args.as_login)
        stored = [dictionary.add_office(uow, actor, word) if args.office
                  else dictionary.add_personal(uow, actor, word) for word in args.words]
        uow.commit()
    print(tr("added to the office dictionary: {words}", words=", ".join(stored)) if args.office
          else tr("added to your dictionary: {words}", words=", ".join(stored)))
    return 0


def cmd_dictionary_list(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        found = dictionary.words_for(uow, _actor(uow, args.as_login))
    if args.json:
        _print_json({"personal": list(found.personal), "office": list(found.office)})
        return 0
    for title, words in ((tr("your words"), found.personal), (tr("office words"), found.office)):
        print(f"{title} ({len(words)}):")
        for word in words:
            print(f"  {word}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.uow() as uow:
        events = audit.list_events(uow, args.id)
    if args.json:
        _print_json([{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                      "article_id": e.article_id, "from": e.from_status, "to": e.to_status,
                      "revision": e.revision, "detail": e.detail} for e in events])
        return 0
    for e in events:
        print(f"{e.at.isoformat(timespec='seconds')}  {e.actor or '-':<12} {e.action:<16} "
              f"#{e.article_id}  {e.from_status or ''} -> {e.to_status or ''}  r{e.revision}")
    return 0


# ----------------------------------------------------------------- parser


MAX_NUMBER = 2**63 - 1
"""The largest id or count a database column holds (SQLite's INTEGER, PostgreSQL's
bigint); a larger one would fail inside the driver instead of finding nothing."""


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: '{value}'") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, not {number}")
    if number > MAX_NUMBER:
        raise argparse.ArgumentTypeError(f"too large a number: '{value}'")
    return number


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newsroom", description="Newsroom headless commands.")
    p.add_argument("--db", help="database URL (default: the embedded SQLite in the data folder)")
    p.add_argument("--lang", choices=i18n.SUPPORTED, help="language of messages (default uk)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("init", help="create or upgrade the database").set_defaults(run=cmd_init)

    user = sub.add_parser("user", help="local users").add_subparsers(dest="user_cmd",
                                                                      required=True)
    ua = user.add_parser("add", help="add a user")
    ua.add_argument("login")
    ua.add_argument("--role", required=True, help="writer, reviewer, editor or admin")
    ua.add_argument("--name")
    ua.add_argument("--signature")
    ua.add_argument("--as", dest="as_login", metavar="LOGIN",
                    help="the administrator adding them (not needed for the first user)")
    ua.set_defaults(run=cmd_user_add)
    ul = user.add_parser("list", help="list users")
    ul.add_argument("--json", action="store_true")
    ul.set_defaults(run=cmd_user_list)

    art = sub.add_parser("article", help="articles").add_subparsers(dest="article_cmd",
                                                                    required=True)
    ai = art.add_parser("import", help="import Markdown files with YAML front matter")
    ai.add_argument("files", nargs="+", metavar="FILE")
    ai.add_argument("--as", dest="as_login", metavar="LOGIN")
    ai.set_defaults(run=cmd_article_import)
    al = art.add_parser("list", help="list articles, newest first")
    al.add_argument("--status")
    al.add_argument("--limit", type=_positive, default=200)
    al.add_argument("--search", metavar="TEXT",
                    help="only articles with these words in any form; shows where")
    al.add_argument("--json", action="store_true")
    al.set_defaults(run=cmd_article_list)
    ash = art.add_parser("show", help="show one article")
    ash.add_argument("id", type=_positive)
    fmt = ash.add_mutually_exclusive_group()
    fmt.add_argument("--html", action="store_true")
    fmt.add_argument("--json", action="store_true")
    ash.set_defaults(run=cmd_article_show)
    ah = art.add_parser("history", help="revisions and audit events")
    ah.add_argument("id", type=_positive)
    ah.set_defaults(run=cmd_article_history)
    ad = art.add_parser("diff", help="word diff between two revisions")
    ad.add_argument("id", type=_positive)
    ad.add_argument("old", type=_positive)
    ad.add_argument("new", type=_positive)
    ad.set_defaults(run=cmd_article_diff)
    for action in Action:
        ap = art.add_parser(action.value.replace("_", "-"), help=f"workflow: {action.value}")
        ap.add_argument("id", type=_positive)
        ap.add_argument("--as", dest="as_login", metavar="LOGIN", required=True)
        ap.add_argument("--comment")
        if action in (Action.QUEUE, Action.SCHEDULE):
            ap.add_argument("--at", metavar="DATETIME",
                            help="Kyiv time, e.g. '2026-12-01 10:00' (queue: schedules)")
        ap.set_defaults(run=_transition(action))

    rel = sub.add_parser("related", help="'Читайте також' links").add_subparsers(
        dest="related_cmd", required=True)
    for name in ("add", "remove"):
        rp = rel.add_parser(name)
        rp.add_argument("id", type=_positive)
        rp.add_argument("other", type=_positive)
        rp.add_argument("--as", dest="as_login", metavar="LOGIN", required=True)
        rp.set_defaults(run=cmd_related_change)
    rl = rel.add_parser("list")
    rl.add_argument("id", type=_positive)
    rl.set_defaults(run=cmd_related_list)
    rs = rel.add_parser("suggest", help="published articles that look related, best first")
    rs.add_argument("id", type=_positive)
    rs.add_argument("--limit", type=_positive, default=10)
    rs.add_argument("--json", action="store_true")
    rs.set_defaults(run=cmd_related_suggest)

    se = sub.add_parser("search", help="the search index").add_subparsers(
        dest="search_cmd", required=True)
    sr = se.add_parser("reindex", help="rebuild the lemma index and the related-article terms")
    sr.add_argument("--terms-only", action="store_true",
                    help="only recount frequencies and reweigh vectors (fast)")
    sr.set_defaults(run=cmd_search_reindex)

    dic = sub.add_parser("dictionary", help="words the spelling checker accepts").add_subparsers(
        dest="dictionary_cmd", required=True)
    da = dic.add_parser("add", help="add words to your dictionary (--office: everyone's)")
    da.add_argument("words", nargs="+", metavar="WORD")
    da.add_argument("--office", action="store_true", help="the office dictionary (editors)")
    da.add_argument("--as", dest="as_login", metavar="LOGIN", required=True)
    da.set_defaults(run=cmd_dictionary_add)
    dl = dic.add_parser("list", help="your words and the office's")
    dl.add_argument("--as", dest="as_login", metavar="LOGIN", required=True)
    dl.add_argument("--json", action="store_true")
    dl.set_defaults(run=cmd_dictionary_list)

    au = sub.add_parser("audit", help="the audit log")
    au.add_argument("id", type=_positive, nargs="?")
    au.add_argument("--json", action="store_true")
    au.set_defaults(run=cmd_audit)

    from newsroom import cli_sync

    cli_sync.add_commands(sub, _positive)
    return p


def _setup_logging() -> Path | None:
    try:
        logs = config.data_dir() / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / "cli.log"
        logging.basicConfig(filename=path, level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        return path
    except OSError:
        return None


def one_line(message: object) -> str:
    """The message as one line: control characters a user typed (an "--as" value
    ending in a carriage return) are shown escaped, not sent to the terminal,
    where they would break the line or overwrite it."""
    return "".join(char.encode("unicode_escape").decode("ascii")
                   if (unicodedata.category(char) == "Cc" and char != "\t")
                   or char in "\u2028\u2029" else char for char in str(message))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(one_line(exc), file=sys.stderr)
        return 2
    if args.lang:
        i18n.set_language(args.lang)
    log_path = _setup_logging()
    try:
        return int(args.run(args))
    except NewsroomError as exc:
        print(f"newsroom: {one_line(exc.message)}", file=sys.stderr)
        return 1
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        print(tr("newsroom: database error: {reason}", reason=one_line(reason)),
              file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        log.exception("database failure")
        print(tr("newsroom: database error: {reason}", reason=type(exc).__name__),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:  # the one place that turns a bug into a message
        log.exception("unexpected failure")
        where = tr(" (details in {path})", path=log_path) if log_path else ""
        print(tr("newsroom: internal error{where}", where=where), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
