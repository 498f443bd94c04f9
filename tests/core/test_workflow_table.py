"""Every (action, status, role, authorship) combination against the office's rules.

The expectation below is written from the office's written workflow, not copied
from ``newsroom.domain.workflow.TRANSITIONS``: the two are independent, so a
change to either that the other does not share makes a case fail.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import Enum

import pytest

from newsroom.domain.errors import IllegalTransition, PermissionDenied, ValidationError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action, allowed_actions, check


class Who(Enum):
    """Who may take an edge, in the words of the office's rules."""

    AUTHOR_OR_EDITOR = "the author, or an editor or admin"
    REVIEWER_NOT_AUTHOR = "a reviewer, editor or admin who is not the author"
    EDITOR = "an editor or admin"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    target: Status
    who: Who
    # The author may act only from these statuses (None: from every source).
    author_only_from: frozenset[Status] | None = None
    needs_comment: bool = False


D, R, CR, A = Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED
Q, SC, P, U, T = (Status.QUEUED, Status.SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED,
                  Status.TRASHED)

SPEC: dict[Action, Rule] = {
    Action.SUBMIT: Rule(frozenset({D, CR}), R, Who.AUTHOR_OR_EDITOR),
    Action.WITHDRAW: Rule(frozenset({R}), D, Who.AUTHOR_OR_EDITOR),
    Action.REQUEST_CHANGES: Rule(frozenset({R}), CR, Who.REVIEWER_NOT_AUTHOR, needs_comment=True),
    Action.REVISE: Rule(frozenset({CR}), D, Who.AUTHOR_OR_EDITOR),
    Action.APPROVE: Rule(frozenset({R}), A, Who.REVIEWER_NOT_AUTHOR),
    Action.REOPEN: Rule(frozenset({A}), D, Who.AUTHOR_OR_EDITOR),
    Action.QUEUE: Rule(frozenset({A, SC, U}), Q, Who.EDITOR),
    Action.SCHEDULE: Rule(frozenset({A, Q, U}), SC, Who.EDITOR),
    Action.UNQUEUE: Rule(frozenset({Q, SC}), A, Who.EDITOR),
    Action.PUBLISH: Rule(frozenset({Q, SC}), P, Who.EDITOR),
    Action.UNPUBLISH: Rule(frozenset({P}), U, Who.EDITOR),
    Action.CORRECT: Rule(frozenset({P}), D, Who.AUTHOR_OR_EDITOR),
    Action.TRASH: Rule(frozenset({D, CR, R, A, U}), T, Who.AUTHOR_OR_EDITOR,
                       author_only_from=frozenset({D, CR})),
    Action.RESTORE: Rule(frozenset({T}), D, Who.AUTHOR_OR_EDITOR),
}

# Ranks spelled out as the office does, instead of through Role.rank.
IS_EDITOR_OR_ABOVE = {Role.WRITER: False, Role.REVIEWER: False, Role.EDITOR: True,
                      Role.ADMIN: True}
IS_REVIEWER_OR_ABOVE = {Role.WRITER: False, Role.REVIEWER: True, Role.EDITOR: True,
                        Role.ADMIN: True}

Outcome = Status | type[Exception]


def expected(action: Action, status: Status, role: Role, is_author: bool) -> Outcome:
    rule = SPEC[action]
    if status not in rule.sources:
        return IllegalTransition
    if rule.who is Who.REVIEWER_NOT_AUTHOR:
        ok = IS_REVIEWER_OR_ABOVE[role] and not is_author
    elif rule.who is Who.EDITOR:
        ok = IS_EDITOR_OR_ABOVE[role]
    else:
        author_ok = is_author and (rule.author_only_from is None
                                   or status in rule.author_only_from)
        ok = IS_EDITOR_OR_ABOVE[role] or author_ok
    return rule.target if ok else PermissionDenied


COMBINATIONS = list(itertools.product(Status, Role, (False, True)))


def _actual(action: Action, status: Status, role: Role, is_author: bool) -> Outcome:
    try:
        return check(action, status, role, is_author, comment="Уточніть дату")
    except (IllegalTransition, PermissionDenied, ValidationError) as exc:
        return type(exc)


def _who(role: Role, is_author: bool) -> str:
    return f"{role.value}{' (author)' if is_author else ''}"


def test_the_spec_names_every_action() -> None:
    assert set(SPEC) == set(Action)
    assert len(COMBINATIONS) == 9 * 4 * 2


@pytest.mark.parametrize("action", list(Action), ids=[a.value for a in Action])
def test_check_matches_the_office_rules_for_every_status_role_and_authorship(
        action: Action) -> None:
    mismatches = []
    for status, role, is_author in COMBINATIONS:
        want = expected(action, status, role, is_author)
        got = _actual(action, status, role, is_author)
        if got is not want:
            mismatches.append(f"{action.value} from {status.value} by {_who(role, is_author)}: "
                              f"expected {getattr(want, '__name__', want)}, "
                              f"got {getattr(got, '__name__', got)}")
    assert mismatches == []


def test_allowed_actions_are_exactly_those_the_rules_allow() -> None:
    mismatches = []
    for status, role, is_author in COMBINATIONS:
        want = {a for a in Action if isinstance(expected(a, status, role, is_author), Status)}
        got = allowed_actions(status, role, is_author)
        if len(got) != len(set(got)) or set(got) != want:
            mismatches.append(f"{status.value}, {_who(role, is_author)}: expected "
                              f"{sorted(want)}, got {got}")
    assert mismatches == []


def test_some_rows_of_the_table_spelled_out() -> None:
    """A few concrete answers, readable without the machinery above."""
    assert allowed_actions(Status.IN_REVIEW, Role.WRITER, True) == [Action.WITHDRAW]
    assert set(allowed_actions(Status.IN_REVIEW, Role.REVIEWER, False)) == {
        Action.REQUEST_CHANGES, Action.APPROVE}
    assert allowed_actions(Status.APPROVED, Role.WRITER, False) == []
    assert allowed_actions(Status.TRASHED, Role.REVIEWER, False) == []


@pytest.mark.parametrize("role", list(Role))
def test_an_admin_or_anyone_never_approves_their_own_article(role: Role) -> None:
    with pytest.raises(PermissionDenied):
        check(Action.APPROVE, Status.IN_REVIEW, role, is_author=True)
    with pytest.raises(PermissionDenied):
        check(Action.REQUEST_CHANGES, Status.IN_REVIEW, role, is_author=True, comment="Ні")


def test_status_is_checked_before_permission() -> None:
    """Whoever clicks a stale button hears about the status, not about their rank."""
    for action, status in itertools.product(Action, Status):
        if status in SPEC[action].sources:
            continue
        for role, is_author in itertools.product(Role, (False, True)):
            with pytest.raises(IllegalTransition):
                check(action, status, role, is_author, comment=None)


@pytest.mark.parametrize("comment", [None, "", "   \n\t"])
@pytest.mark.parametrize("role", [Role.REVIEWER, Role.EDITOR, Role.ADMIN])
def test_request_changes_needs_a_comment(comment: str | None, role: Role) -> None:
    with pytest.raises(ValidationError):
        check(Action.REQUEST_CHANGES, Status.IN_REVIEW, role, is_author=False, comment=comment)
    assert check(Action.REQUEST_CHANGES, Status.IN_REVIEW, role, is_author=False,
                 comment="Додайте джерело") is Status.CHANGES_REQUESTED


@pytest.mark.parametrize("action", [a for a in Action if a is not Action.REQUEST_CHANGES])
def test_no_other_action_needs_a_comment(action: Action) -> None:
    status = next(iter(sorted(SPEC[action].sources)))
    assert check(action, status, Role.ADMIN, is_author=False, comment=None) is SPEC[action].target
