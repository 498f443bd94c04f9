"""Local users and their roles."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from newsroom.domain.errors import NotFound, PermissionDenied, ValidationError
from newsroom.domain.roles import Role
from newsroom.i18n import tr
from newsroom.services.views import UserView
from newsroom.storage.models import User
from newsroom.storage.uow import UnitOfWork

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def view(user: User) -> UserView:
    return UserView(id=user.id, login=user.login, display_name=user.display_name, role=user.role,
                    signature=user.signature, active=user.active)


def add_user(uow: UnitOfWork, login: str, role: Role, display_name: str | None = None,
             signature: str = "") -> UserView:
    login = login.strip().lower()
    if not LOGIN_RE.match(login):
        raise ValidationError(tr("bad login '{login}': 2-64 Latin letters, digits, '.', '_' or "
                                 "'-', starting with a letter or digit", login=login))
    if uow.session.scalar(select(User.id).where(User.login == login)) is not None:
        raise ValidationError(tr("user '{login}' already exists", login=login))
    user = User(login=login, role=role, display_name=(display_name or login).strip(),
                signature=signature.strip(), active=True)
    uow.session.add(user)
    uow.flush()
    return view(user)


def create(uow: UnitOfWork, actor_id: int, login: str, role: Role,
           display_name: str | None = None, signature: str = "") -> UserView:
    """A new account, added by an administrator: whoever may add people may make
    themselves anything, so this is the one power kept for admins."""
    require_role(uow, actor_id, Role.ADMIN, tr("only an administrator may add people"))
    return add_user(uow, login, role, display_name, signature)


def list_users(uow: UnitOfWork) -> list[UserView]:
    return [view(u) for u in uow.session.scalars(select(User).order_by(User.login))]


def count_users(uow: UnitOfWork) -> int:
    return uow.session.scalar(select(func.count(User.id))) or 0


def load_by_login(uow: UnitOfWork, login: str) -> User:
    user = uow.session.scalar(select(User).where(User.login == login.strip().lower()))
    if user is None or not user.active:
        raise NotFound(tr("no such user '{login}'", login=login))
    return user


def load(uow: UnitOfWork, user_id: int) -> User:
    user = uow.session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound(tr("no such user #{id}", id=user_id))
    return user


def require_role(uow: UnitOfWork, actor_id: int, role: Role, refusal: str) -> User:
    """The acting user, if their role is at least ``role``; else PermissionDenied
    with ``refusal`` (already translated), which names what was refused."""
    actor = load(uow, actor_id)
    if not actor.role.at_least(role):
        raise PermissionDenied(refusal)
    return actor


def get_by_login(uow: UnitOfWork, login: str) -> UserView:
    return view(load_by_login(uow, login))


def add_first_admin(uow: UnitOfWork, login: str, display_name: str | None = None,
                    signature: str = "") -> UserView:
    """The first user of a new database, an admin, only while there is none.

    Checked in the same transaction as the insert, so a second PC that saw the
    same empty database cannot quietly add another administrator.
    """
    if count_users(uow) > 0:
        raise ValidationError(tr("someone has just created the first user of this database: "
                                 "restart the app and choose your account"))
    return add_user(uow, login, Role.ADMIN, display_name, signature)
