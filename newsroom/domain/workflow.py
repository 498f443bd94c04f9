"""The editorial workflow as a state machine.

It is a table, not a tangle of ifs, so that tests can walk every (action,
status, role, authorship) combination and the UI can ask which buttons to
enable from the same source the services enforce.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from newsroom.domain.errors import IllegalTransition, PermissionDenied, ValidationError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.i18n import N_, tr


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    REQUEST_CHANGES = "request_changes"
    REVISE = "revise"
    APPROVE = "approve"
    REOPEN = "reopen"
    QUEUE = "queue"
    SCHEDULE = "schedule"
    UNQUEUE = "unqueue"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    CORRECT = "correct"
    TRASH = "trash"
    RESTORE = "restore"


@dataclass(frozen=True)
class Transition:
    """One edge of the workflow and who may take it.

    ``min_role`` admits anyone of that rank or above. ``author_may`` also admits
    the article's author whatever their rank, but only from ``author_sources``
    when that is set. ``author_never`` shuts the author out even when their rank
    would admit them: nobody reviews their own words.
    """

    action: Action
    sources: frozenset[Status]
    target: Status
    min_role: Role
    author_may: bool = False
    author_never: bool = False
    author_sources: frozenset[Status] | None = None
    needs_comment: bool = False


S = Status
_EDITING = frozenset({S.DRAFT, S.CHANGES_REQUESTED})

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, _EDITING, S.IN_REVIEW, Role.EDITOR, author_may=True),
        Transition(Action.WITHDRAW, frozenset({S.IN_REVIEW}), S.DRAFT, Role.EDITOR,
                   author_may=True),
        Transition(Action.REQUEST_CHANGES, frozenset({S.IN_REVIEW}), S.CHANGES_REQUESTED,
                   Role.REVIEWER, author_never=True, needs_comment=True),
        Transition(Action.REVISE, frozenset({S.CHANGES_REQUESTED}), S.DRAFT, Role.EDITOR,
                   author_may=True),
        Transition(Action.APPROVE, frozenset({S.IN_REVIEW}), S.APPROVED, Role.REVIEWER,
                   author_never=True),
        Transition(Action.REOPEN, frozenset({S.APPROVED}), S.DRAFT, Role.EDITOR,
                   author_may=True),
        Transition(Action.QUEUE, frozenset({S.APPROVED, S.SCHEDULED, S.UNPUBLISHED}), S.QUEUED,
                   Role.EDITOR),
        Transition(Action.SCHEDULE, frozenset({S.APPROVED, S.QUEUED, S.UNPUBLISHED}),
                   S.SCHEDULED, Role.EDITOR),
        Transition(Action.UNQUEUE, frozenset({S.QUEUED, S.SCHEDULED}), S.APPROVED, Role.EDITOR),
        Transition(Action.PUBLISH, frozenset({S.QUEUED, S.SCHEDULED}), S.PUBLISHED, Role.EDITOR),
        Transition(Action.UNPUBLISH, frozenset({S.PUBLISHED}), S.UNPUBLISHED, Role.EDITOR),
        Transition(Action.CORRECT, frozenset({S.PUBLISHED}), S.DRAFT, Role.EDITOR,
                   author_may=True),
        Transition(Action.TRASH,
                   frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.IN_REVIEW, S.APPROVED,
                              S.UNPUBLISHED}),
                   S.TRASHED, Role.EDITOR, author_may=True, author_sources=_EDITING),
        Transition(Action.RESTORE, frozenset({S.TRASHED}), S.DRAFT, Role.EDITOR,
                   author_may=True),
    )
}


def parse_action(value: str) -> Action:
    try:
        return Action(value.strip().lower().replace("-", "_"))
    except ValueError:
        names = ", ".join(a.value for a in Action)
        raise ValidationError(tr("unknown action '{value}': use one of {names}",
                                 value=value, names=names)) from None


def check(action: Action, status: Status, role: Role, is_author: bool,
          comment: str | None = None) -> Status:
    """Return the status the action leads to, or raise why it may not be taken.

    Status is checked before permission: "this article is already approved"
    is the more useful answer to someone who clicked a stale button.
    """
    t = TRANSITIONS[action]
    if status not in t.sources:
        raise IllegalTransition(tr("cannot {action} an article that is {status}",
                                   action=action_label(action), status=status_label(status)))
    if is_author and t.author_never:
        raise PermissionDenied(tr("you cannot {action} your own article: another person must",
                                  action=action_label(action)))
    allowed = role.at_least(t.min_role) or (
        is_author and t.author_may and (t.author_sources is None or status in t.author_sources)
    )
    if not allowed:
        raise PermissionDenied(tr("a {role} may not {action} this article",
                                  role=role_label(role), action=action_label(action)))
    if t.needs_comment and not (comment and comment.strip()):
        raise ValidationError(tr("say what should change: {action} needs a comment",
                                 action=action_label(action)))
    return t.target


def allowed_actions(status: Status, role: Role, is_author: bool) -> list[Action]:
    """Actions this person may take now (comments aside), for enabling buttons."""
    result = []
    for action in TRANSITIONS:
        try:
            check(action, status, role, is_author, comment="-")
        except (IllegalTransition, PermissionDenied):
            continue
        result.append(action)
    return result


def status_label(status: Status) -> str:
    return tr(_STATUS_LABELS[status])


def action_label(action: Action) -> str:
    return tr(_ACTION_LABELS[action])


def role_label(role: Role) -> str:
    return tr(_ROLE_LABELS[role])


_STATUS_LABELS = {
    S.DRAFT: N_("draft"),
    S.IN_REVIEW: N_("in review"),
    S.CHANGES_REQUESTED: N_("changes requested"),
    S.APPROVED: N_("approved"),
    S.QUEUED: N_("queued"),
    S.SCHEDULED: N_("scheduled"),
    S.PUBLISHED: N_("published"),
    S.UNPUBLISHED: N_("unpublished"),
    S.TRASHED: N_("in the trash"),
}
_ACTION_LABELS = {
    Action.SUBMIT: N_("submit for review"),
    Action.WITHDRAW: N_("withdraw from review"),
    Action.REQUEST_CHANGES: N_("request changes"),
    Action.REVISE: N_("take back for revision"),
    Action.APPROVE: N_("approve"),
    Action.REOPEN: N_("reopen"),
    Action.QUEUE: N_("queue"),
    Action.SCHEDULE: N_("schedule"),
    Action.UNQUEUE: N_("take out of the queue"),
    Action.PUBLISH: N_("publish"),
    Action.UNPUBLISH: N_("unpublish"),
    Action.CORRECT: N_("correct"),
    Action.TRASH: N_("move to the trash"),
    Action.RESTORE: N_("restore"),
}
_ROLE_LABELS = {
    Role.WRITER: N_("writer"),
    Role.REVIEWER: N_("reviewer"),
    Role.EDITOR: N_("editor"),
    Role.ADMIN: N_("admin"),
}
