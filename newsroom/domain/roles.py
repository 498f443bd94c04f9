"""Roles of the press office and what each may do.

Roles are ranked: each includes the powers of those below it, as in the office
(an editor also reviews, an admin also edits). What no role may do — approve or
review one's own article — is a rule in ``workflow``, not a missing power.
"""

from __future__ import annotations

from enum import StrEnum

from newsroom.domain.errors import ValidationError
from newsroom.i18n import tr


class Role(StrEnum):
    WRITER = "writer"
    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANK = {Role.WRITER: 0, Role.REVIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


def parse_role(value: str) -> Role:
    """Read a role name from user input, with the list of valid names on failure."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValidationError(tr("unknown role '{value}': use one of {names}", value=value,
                                 names=names)) from None


def can_edit(role: Role, is_author: bool) -> bool:
    """Writers and reviewers edit their own articles; editors and admins edit any."""
    return is_author or role.at_least(Role.EDITOR)


def can_manage_users(role: Role) -> bool:
    return role is Role.ADMIN
