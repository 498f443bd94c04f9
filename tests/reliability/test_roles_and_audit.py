"""No one in: every role rule holds when the services are called directly, and the audit
log accounts for every status change.

The UI only offers the buttons a person may use; these tests skip the UI and call
the services with every person, on every article status, for every action, as a
script or a second client could. What must hold is checked twice: against the
workflow table (the services enforce exactly the table), and against rules written
out here in words, so a wrong row in the table is caught too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import keyring
import pytest
from sqlalchemy import func, select, update

from newsroom.domain import workflow as rules
from newsroom.domain.errors import (
    IllegalTransition,
    NewsroomError,
    PermissionDenied,
    ValidationError,
)
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import (
    articles,
    audit,
    dictionary,
    locks,
    media,
    publish_queue,
    related,
    sites,
    users,
    workflow,
)
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import (
    Article,
    AuditEvent,
    Comment,
    EditLock,
    Media,
    OfficeWord,
    PublishJob,
    RelatedLink,
    Revision,
    Site,
    User,
)
from newsroom.storage.uow import UnitOfWork
from newsroom.sync import pull as pull_mod
from newsroom.sync import registry, site_conflicts
from tests.conftest import People
from tests.reliability.conftest import Figures
from tests.support.audit_chain import chain_breaks

ACTORS = ("writer", "writer2", "reviewer", "reviewer2", "editor", "admin")
ROLES = {"writer": Role.WRITER, "writer2": Role.WRITER, "reviewer": Role.REVIEWER,
         "reviewer2": Role.REVIEWER, "editor": Role.EDITOR, "admin": Role.ADMIN}
# Actions only an editor (or admin) may ever take, whoever wrote the article.
EDITORS_ONLY = {Action.QUEUE, Action.SCHEDULE, Action.UNQUEUE, Action.PUBLISH,
                Action.UNPUBLISH}
JUDGING = {Action.APPROVE, Action.REQUEST_CHANGES}


def _counts(uow: UnitOfWork) -> tuple[int, ...]:
    """Everything a refused call might have left behind."""
    return tuple(int(uow.session.scalar(select(func.count()).select_from(model)) or 0)
                 for model in (Article, Revision, AuditEvent, Comment, PublishJob, RelatedLink,
                               Media, Site, EditLock, OfficeWord, User))


def _fingerprint(uow: UnitOfWork) -> tuple[object, ...]:
    rows = uow.session.execute(select(Article.id, Article.status, Article.version,
                                      Article.revision, Article.body).order_by(Article.id))
    return (_counts(uow), tuple(tuple(r) for r in rows))


@dataclass
class Tally:
    tried: int = 0
    allowed_when_refused: int = 0
    refused_when_allowed: int = 0
    wrong_error: int = 0
    trace_left: int = 0
    unaudited: int = 0
    word_rules_broken: int = 0


def _article_in(db: Database, author: int, status: Status, title: str) -> int:
    """An article already in ``status``: set directly, since reaching each status
    through the workflow is what the other tests do."""
    with db.uow() as uow:
        article = articles.create(uow, author, Draft(title=title, body="Текст.\n"))
        uow.session.execute(update(Article).where(Article.id == article.id)
                            .values(status=status))
        # Logged like any change, so the audit chain checked at the end stays whole.
        audit.record(uow, None, "test_setup", articles.load(uow, article.id),
                     from_status=Status.DRAFT.value, to_status=status.value)
        uow.commit()
    return article.id


def _try(db: Database, actor: int, article_id: int, action: Action) -> Exception | None:
    extra: dict[str, Any] = {}
    if action is Action.REQUEST_CHANGES:
        extra["comment"] = "Уточніть дату."
    if action is Action.SCHEDULE:
        extra["at"] = datetime.now(UTC) + timedelta(days=1)
    with db.uow() as uow:
        try:
            workflow.transition(uow, actor, article_id, action, **extra)
        except NewsroomError as exc:
            uow.commit()  # on purpose: a service that wrote before refusing would show
            return exc
        uow.commit()
    return None


def test_every_action_by_every_person_on_every_status(db: Database, people: People,
                                                      figures: Figures) -> None:
    """Workflow rules through the services (every role × status × action)."""
    tally = Tally()
    who = {name: getattr(people, name) for name in ACTORS}
    for author_name in ("writer", "editor"):  # an ordinary author, and a senior one
        for status in Status:
            # One article per status, replaced only after a call went through: a refused
            # call is proven below to leave it exactly as it was.
            article_id = _article_in(db, who[author_name], status, f"{status} {author_name}")
            for action in Action:
                for actor_name in ACTORS:
                    tally.tried += 1
                    is_author = actor_name == author_name
                    with db.uow() as uow:
                        before = _fingerprint(uow)
                        events_before = _counts(uow)[2]
                    try:
                        expected: Status | Exception = rules.check(
                            action, status, ROLES[actor_name], is_author, comment="-")
                    except NewsroomError as exc:
                        expected = exc
                    got = _try(db, who[actor_name], article_id, action)
                    with db.uow() as uow:
                        after = _fingerprint(uow)
                        stored = articles.load(uow, article_id).status
                        events = uow.session.execute(
                            select(AuditEvent.action, AuditEvent.from_status,
                                   AuditEvent.to_status, AuditEvent.actor_id)
                            .where(AuditEvent.article_id == article_id)
                            .order_by(AuditEvent.id)).all()
                        new_events = _counts(uow)[2] - events_before
                    if isinstance(expected, Exception):
                        if got is None:
                            tally.allowed_when_refused += 1
                        elif type(got) is not type(expected):
                            tally.wrong_error += 1
                        elif after != before:
                            tally.trace_left += 1
                    elif got is not None:
                        tally.refused_when_allowed += 1
                    else:
                        last = events[-1]
                        if (new_events != 1 or last.action != action.value
                                or last.from_status != status.value
                                or last.to_status != expected.value
                                or last.actor_id != who[actor_name] or stored is not expected):
                            tally.unaudited += 1
                        article_id = _article_in(db, who[author_name], status,
                                                 f"{status} {author_name} {tally.tried}")
                    if got is None and _breaks_a_rule_in_words(action, actor_name, is_author):
                        tally.word_rules_broken += 1
    with db.uow() as uow:
        breaks = chain_breaks(uow)
    figures.info("calls", tally.tried)
    figures.zero("allowed although the table refuses", tally.allowed_when_refused)
    figures.zero("refused although the table allows", tally.refused_when_allowed)
    figures.zero("refused with the wrong reason", tally.wrong_error)
    figures.zero("refusals that changed something", tally.trace_left)
    figures.zero("transitions without their audit event", tally.unaudited)
    figures.zero("office rules broken (in words)", tally.word_rules_broken)
    figures.zero("articles whose audit chain is broken", len(breaks))
    assert tally == Tally(tried=tally.tried)
    assert breaks == []


def _breaks_a_rule_in_words(action: Action, actor_name: str, is_author: bool) -> bool:
    """The office's rules, independent of the table: writers never publish or queue,
    reviewers neither; nobody judges their own article; only judges judge."""
    role = ROLES[actor_name]
    if action in EDITORS_ONLY and not role.at_least(Role.EDITOR):
        return True
    if action in JUDGING and (is_author or role is Role.WRITER):
        return True
    return action is Action.RESTORE and role is Role.REVIEWER and not is_author


# --- the other services ------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    what: str
    call: Callable[[UnitOfWork], object]


def test_other_services_refuse_the_wrong_role_and_leave_no_trace(
        db: Database, people: People, tmp_path: Any, figures: Figures) -> None:
    """Role rules of the other services (sites, queue, related, images, locks, words)."""
    with db.uow() as uow:
        own = articles.create(uow, people.writer, Draft(title="Стаття Олени",
                                                        body="Текст.\n")).id
        other = articles.create(uow, people.writer2, Draft(title="Стаття Тараса",
                                                           body="Текст.\n")).id
        site = sites.add_static(uow, people.admin, "Архів", tmp_path / "site")
        workflow.transition(uow, people.editor, other, Action.SUBMIT)
        workflow.transition(uow, people.reviewer, other, Action.APPROVE)
        workflow.transition(uow, people.editor, other, Action.QUEUE)
        job_id = int(uow.session.scalar(select(PublishJob.id)
                                        .where(PublishJob.article_id == other)) or 0)
        locks.acquire(uow, people.writer2, own)
        uow.commit()
    later = datetime.now(UTC) + timedelta(days=1)
    url = "https://oda.example.gov.ua"
    attempts = [
        Attempt("a writer adds a WordPress site", lambda uow: sites.add_wordpress(
            uow, people.writer, "Сайт", url, "press", "abcd efgh ijkl mnop")),
        Attempt("an editor adds a WordPress site", lambda uow: sites.add_wordpress(
            uow, people.editor, "Сайт", url, "press", "abcd efgh ijkl mnop")),
        Attempt("an editor adds a folder site", lambda uow: sites.add_static(
            uow, people.editor, "Тека", tmp_path / "other")),
        Attempt("an editor changes a site password", lambda uow: sites.set_password(
            uow, people.editor, site.id, "abcd efgh ijkl mnop")),
        Attempt("a reviewer turns a site off", lambda uow: sites.set_enabled(
            uow, people.reviewer, site.id, False)),
        Attempt("a writer edits someone else's article", lambda uow: articles.save(
            uow, people.writer, other, 1, Draft(title="Чужа", body="Чужий текст.\n"))),
        Attempt("a reviewer edits someone else's draft", lambda uow: articles.save(
            uow, people.reviewer, own, 1, Draft(title="Чужа", body="Чужий текст.\n"))),
        Attempt("a writer cancels a publishing job", lambda uow: publish_queue.cancel(
            uow, people.writer, job_id)),
        Attempt("a reviewer resends a job", lambda uow: publish_queue.resend(
            uow, people.reviewer, job_id)),
        Attempt("a writer reschedules a job", lambda uow: publish_queue.reschedule(
            uow, people.writer, job_id, later)),
        Attempt("a writer overwrites the site's version", lambda uow: site_conflicts.overwrite(
            uow, people.writer, job_id)),
        Attempt("a writer links someone else's article", lambda uow: related.add(
            uow, people.writer, other, own)),
        Attempt("a writer attaches a picture to someone else's article",
                lambda uow: media.attach(uow, people.writer, other, "фото.png", _PNG)),
        Attempt("a writer takes over a lock", lambda uow: locks.take_over(
            uow, people.writer, own)),
        Attempt("a writer adds a word for the whole office",
                lambda uow: dictionary.add_office(uow, people.writer, "Запоріжжя")),
        Attempt("a reviewer adds a word for the whole office",
                lambda uow: dictionary.add_office(uow, people.reviewer, "Запоріжжя")),
    ]
    let_through: list[str] = []
    traces: list[str] = []
    for attempt in attempts:
        with db.uow() as uow:
            before = _fingerprint(uow)
        with db.uow() as uow:
            try:
                attempt.call(uow)
            except PermissionDenied:
                pass
            except (IllegalTransition, ValidationError) as exc:
                let_through.append(f"{attempt.what}: refused for another reason: {exc}")
            else:
                let_through.append(attempt.what)
            uow.commit()
        with db.uow() as uow:
            if _fingerprint(uow) != before:
                traces.append(attempt.what)
    with db.uow() as uow:
        before = _fingerprint(uow)
        folder = sites.view(sites.load(uow, site.id))
    connector = registry.connector_for(db, folder)
    try:
        with pytest.raises(PermissionDenied):
            pull_mod.pull(db, site.id, people.writer, connector)
    finally:
        connector.close()
    with db.uow() as uow:
        if _fingerprint(uow) != before:
            traces.append("a writer pulls a site's archive")
    attempts.append(Attempt("a writer pulls a site's archive", lambda uow: None))
    assert keyring.get_password(f"Newsroom:{url}", "press") is None
    figures.info("calls", len(attempts))
    figures.zero("let through", len(let_through))
    figures.zero("refusals that changed something", len(traces))
    assert let_through == []
    assert traces == []


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.mark.parametrize("role", [Role.WRITER, Role.REVIEWER, Role.EDITOR])
def test_only_an_admin_adds_people(db: Database, people: People, role: Role) -> None:
    """Adding a user needs an administrator, whoever calls the service."""
    actor = {Role.WRITER: people.writer, Role.REVIEWER: people.reviewer,
             Role.EDITOR: people.editor}[role]
    with db.uow() as uow:
        with pytest.raises(PermissionDenied):
            users.create(uow, actor, "zoe", Role.ADMIN, "Зоя")
        uow.commit()
    with db.uow() as uow:
        assert uow.session.scalar(select(User.id).where(User.login == "zoe")) is None
        users.create(uow, people.admin, "zoe", Role.WRITER, "Зоя")
        uow.commit()
    with db.uow() as uow:
        assert users.get_by_login(uow, "zoe").role is Role.WRITER
