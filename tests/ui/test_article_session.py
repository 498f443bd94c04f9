"""ArticleSession over a real SQLite file: dirty flag, autosave, save, conflicts, locks.

No window is involved: the session is the state, so its rules are tested on
their own, through the real task runner and the real services.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from newsroom.domain.errors import ConflictError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.services import articles, autosave, locks, users
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from tests.ui.conftest import add_articles, add_user
from ui.session.article_session import (
    ArticleSession,
    Choice,
    ReadOnly,
    Resolution,
    draft_of,
    follows_title,
)
from ui.tasks import TaskRunner

SessionFactory = Callable[..., ArticleSession]


def _user(db: Database, login: str) -> UserView:
    with db.uow() as uow:
        return users.get_by_login(uow, login)


@pytest.fixture
def author(sqlite_db: Database) -> UserView:
    add_user(sqlite_db, "olena", Role.WRITER, "Олена Петренко")
    return _user(sqlite_db, "olena")


@pytest.fixture
def editor(sqlite_db: Database) -> UserView:
    add_user(sqlite_db, "taras", Role.EDITOR, "Тарас Коваль")
    return _user(sqlite_db, "taras")


@pytest.fixture
def article_id(sqlite_db: Database, author: UserView) -> int:
    return add_articles(sqlite_db, author.id, ["Засідання обласної ради"])[0]


@pytest.fixture
def make_session(qtbot: QtBot, runner: TaskRunner) -> Iterator[SessionFactory]:
    """Opened sessions (``loaded`` or ``state_changed`` already seen); closed afterwards."""
    made: list[ArticleSession] = []

    def make(user: UserView, article_id: int | None = None, **kwargs: object) -> ArticleSession:
        session = ArticleSession(runner, user, article_id, **kwargs)  # type: ignore[arg-type]
        session.autosave_interval_ms = 100
        made.append(session)
        with qtbot.waitSignal(session.state_changed, timeout=10_000):
            session.open("Нова стаття")
        return session

    yield make
    for session in made:
        session.close()
    runner.wait(10_000)
    for session in made:
        session.deleteLater()


def _revisions(db: Database, article_id: int) -> int:
    with db.uow() as uow:
        return len(articles.revisions(uow, article_id))


def _stored(db: Database, article_id: int) -> articles.ArticleView:
    with db.uow() as uow:
        return articles.get(uow, article_id)


def _pending(db: Database, user_id: int) -> list[autosave.AutosaveView]:
    with db.uow() as uow:
        return autosave.pending(uow, user_id)


def _edit(session: ArticleSession, **fields: str) -> None:
    session.update(replace(session.draft, **fields))


def test_opening_loads_the_article_and_takes_its_lock(
        make_session: SessionFactory, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    session = make_session(author, article_id)
    assert session.read_only_reason is ReadOnly.NO
    assert session.view is not None and session.view.title == "Засідання обласної ради"
    assert session.draft == draft_of(session.view)
    assert not session.dirty
    assert session.base_version == session.view.version
    with sqlite_db.uow() as uow:
        lock = locks.current(uow, article_id)
    assert lock is not None and lock.user_id == author.id


def test_editing_marks_dirty_and_editing_back_clears_it(
        make_session: SessionFactory, qtbot: QtBot, author: UserView, article_id: int) -> None:
    session = make_session(author, article_id)
    with qtbot.waitSignal(session.dirty_changed) as blocker:
        _edit(session, body="Новий текст.\n")
    assert blocker.args == [True]
    # Only whitespace the save would strip: still a change for the body, not the title.
    _edit(session, body="", title="Засідання обласної ради  ")
    assert not session.dirty


def test_autosave_writes_the_autosave_table_not_a_revision(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    session = make_session(author, article_id)
    autosaves: list[object] = []
    session.autosaved.connect(autosaves.append)
    _edit(session, body="Депутати ухвалили бюджет.\n")
    qtbot.waitUntil(lambda: len(autosaves) == 1, timeout=5_000)
    pending = _pending(sqlite_db, author.id)
    assert [(p.article_id, p.body) for p in pending] == [(article_id,
                                                          "Депутати ухвалили бюджет.\n")]
    assert pending[0].base_version == session.base_version
    assert _revisions(sqlite_db, article_id) == 1
    assert _stored(sqlite_db, article_id).body == ""
    # Nothing new typed: several more intervals pass without another autosave.
    qtbot.wait(400)
    assert len(autosaves) == 1
    _edit(session, body="Депутати ухвалили бюджет на 2025 рік.\n")
    qtbot.waitUntil(lambda: len(autosaves) == 2, timeout=5_000)
    assert _pending(sqlite_db, author.id)[0].body.endswith("на 2025 рік.\n")


def test_a_clean_session_never_autosaves(make_session: SessionFactory, qtbot: QtBot,
                                         sqlite_db: Database, author: UserView,
                                         article_id: int) -> None:
    session = make_session(author, article_id)
    autosaves: list[object] = []
    session.autosaved.connect(autosaves.append)
    qtbot.wait(400)
    assert autosaves == []
    assert _pending(sqlite_db, author.id) == []


def test_save_makes_a_revision_clears_dirty_and_the_autosave(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    session = make_session(author, article_id)
    _edit(session, lead="Коротко про головне.", body="Текст **рішення**.\n",
          section="Новини", signature="Прес-служба")
    session.update(replace(session.draft, tags=("бюджет", "рада")))
    session.autosave_now()
    qtbot.waitUntil(lambda: bool(_pending(sqlite_db, author.id)), timeout=5_000)
    old_version = session.base_version
    with qtbot.waitSignal(session.saved, timeout=10_000) as blocker:
        assert session.save()
    saved = blocker.args[0]
    assert saved.body == "Текст **рішення**.\n"
    assert not session.dirty
    assert session.base_version == saved.version != old_version
    assert _revisions(sqlite_db, article_id) == 2
    assert _pending(sqlite_db, author.id) == []
    stored = _stored(sqlite_db, article_id)
    assert (stored.lead, stored.section, stored.tags, stored.signature) == (
        "Коротко про головне.", "Новини", ("бюджет", "рада"), "Прес-служба")


def test_a_failed_save_keeps_the_text_and_says_why(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    session = make_session(author, article_id)
    _edit(session, title="   ", body="Текст без заголовка.\n")
    with qtbot.waitSignal(session.error, timeout=10_000) as blocker:
        session.save()
    assert "title is empty" in blocker.args[0] or "заголовок" in blocker.args[0]
    assert session.dirty
    assert session.draft.body == "Текст без заголовка.\n"
    assert _revisions(sqlite_db, article_id) == 1


def test_a_new_article_exists_from_the_start_and_its_slug_follows_the_title(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database,
        author: UserView) -> None:
    session = make_session(author)
    assert session.is_new and session.article_id is not None
    assert session.view is not None and session.view.title == "Нова стаття"
    assert session.view.signature == author.signature
    assert session.auto_slug
    _edit(session, title="Відкриття укриття в ліцеї")
    with qtbot.waitSignal(session.saved, timeout=10_000) as blocker:
        session.save()
    assert blocker.args[0].slug == "vidkryttia-ukryttia-v-litsei"
    assert session.draft.slug == "vidkryttia-ukryttia-v-litsei"
    assert not session.dirty


def test_an_untouched_new_article_goes_to_the_trash_on_close(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database,
        author: UserView) -> None:
    session = make_session(author)
    article_id = session.article_id
    assert article_id is not None
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()
    assert _stored(sqlite_db, article_id).status is Status.TRASHED


def test_close_with_discard_drops_the_autosave_and_the_lock(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    session = make_session(author, article_id)
    _edit(session, body="Чернетка, яку відкинуть.\n")
    session.autosave_now()
    qtbot.waitUntil(lambda: bool(_pending(sqlite_db, author.id)), timeout=5_000)
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close(discard=True)
    assert _pending(sqlite_db, author.id) == []
    with sqlite_db.uow() as uow:
        assert locks.current(uow, article_id) is None
    stored = _stored(sqlite_db, article_id)
    assert (stored.body, stored.status) == ("", Status.DRAFT)


def test_close_without_discard_keeps_the_unsaved_text(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    session = make_session(author, article_id)
    session.autosave_interval_ms = 60_000
    _edit(session, body="Набране перед закриттям.\n")
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()
    assert [p.body for p in _pending(sqlite_db, author.id)] == ["Набране перед закриттям.\n"]


def test_a_recovered_session_starts_dirty_with_the_autosaved_text(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    with sqlite_db.uow() as uow:
        version = articles.get(uow, article_id).version
        autosave.put(uow, author.id, article_id, "Засідання обласної ради", "",
                     "Текст, що пережив збій.\n", version)
        uow.commit()
    [found] = _pending(sqlite_db, author.id)
    session = make_session(author, article_id, recovered=found)
    assert session.dirty
    assert session.draft.body == "Текст, що пережив збій.\n"
    with qtbot.waitSignal(session.saved, timeout=10_000):
        session.save()
    assert _stored(sqlite_db, article_id).body == "Текст, що пережив збій.\n"
    assert _pending(sqlite_db, author.id) == []


def test_opening_normally_offers_an_autosave_found_for_the_article(
        runner: TaskRunner, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    with sqlite_db.uow() as uow:
        autosave.put(uow, author.id, article_id, "Засідання обласної ради", "",
                     "Забутий текст.\n", None)
        uow.commit()
    session = ArticleSession(runner, author, article_id)
    with qtbot.waitSignal(session.autosave_found, timeout=10_000) as blocker:
        session.open()
    with qtbot.waitSignal(session.loaded):
        session.recover(blocker.args[0])
    assert session.dirty and session.draft.body == "Забутий текст.\n"
    session.close(discard=True)
    runner.wait(10_000)
    session.deleteLater()


# ----------------------------------------------------------------- conflicts


def _conflict_pair(make_session: SessionFactory, qtbot: QtBot, author: UserView,
                   article_id: int) -> tuple[ArticleSession, ConflictError]:
    """The same person on two PCs: the second save finds the first one's version."""
    first = make_session(author, article_id)
    second = make_session(author, article_id)
    _edit(first, body="Текст з першого комп’ютера.\n")
    _edit(second, body="Текст з другого комп’ютера.\n", lead="Мій лід.")
    with qtbot.waitSignal(first.saved, timeout=10_000):
        first.save()
    with qtbot.waitSignal(second.conflict, timeout=10_000) as blocker:
        second.save()
    conflict = blocker.args[0]
    assert isinstance(conflict, ConflictError)
    assert conflict.mine.body == "Текст з другого комп’ютера.\n"
    assert conflict.theirs.body == "Текст з першого комп’ютера.\n"
    # Nothing lost: the second PC still has its text, dirty, and a copy is autosaved.
    assert second.dirty and second.draft.body == "Текст з другого комп’ютера.\n"
    assert second.pending_conflict is conflict
    return second, conflict


def test_keep_mine_saves_over_theirs_and_theirs_stays_a_revision(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    second, conflict = _conflict_pair(make_session, qtbot, author, article_id)
    with qtbot.waitSignal(second.saved, timeout=10_000):
        second.resolve(conflict, Resolution(Choice.KEEP_MINE))
    stored = _stored(sqlite_db, article_id)
    assert (stored.lead, stored.body) == ("Мій лід.", "Текст з другого комп’ютера.\n")
    assert not second.dirty and second.pending_conflict is None
    with sqlite_db.uow() as uow:
        bodies = [r.body for r in articles.revisions(uow, article_id)]
    assert bodies == ["", "Текст з першого комп’ютера.\n", "Текст з другого комп’ютера.\n"]


def test_take_theirs_keeps_mine_in_the_autosave_table(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    second, conflict = _conflict_pair(make_session, qtbot, author, article_id)
    with qtbot.waitSignal(second.loaded, timeout=10_000):
        second.resolve(conflict, Resolution(Choice.TAKE_THEIRS))
    assert second.draft.body == "Текст з першого комп’ютера.\n"
    assert not second.dirty
    assert second.base_version == conflict.theirs.version
    assert _stored(sqlite_db, article_id).body == "Текст з першого комп’ютера.\n"
    [kept] = _pending(sqlite_db, author.id)
    assert (kept.lead, kept.body) == ("Мій лід.", "Текст з другого комп’ютера.\n")


def test_a_hand_merge_is_saved_on_top_of_theirs(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    second, conflict = _conflict_pair(make_session, qtbot, author, article_id)
    merged = Resolution(Choice.MERGED, title="Засідання обласної ради", lead="Мій лід.",
                        body="Текст з першого комп’ютера.\n\nІ з другого.\n")
    with qtbot.waitSignal(second.saved, timeout=10_000):
        second.resolve(conflict, merged)
    stored = _stored(sqlite_db, article_id)
    assert stored.body == "Текст з першого комп’ютера.\n\nІ з другого.\n"
    assert second.draft.body == stored.body and not second.dirty


def test_a_conflict_after_another_user_saved_names_them(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        editor: UserView, article_id: int) -> None:
    session = make_session(author, article_id)
    with sqlite_db.uow() as uow:  # the editor saves from another PC, without a lock
        view = articles.get(uow, article_id)
        articles.save(uow, editor.id, article_id, view.version,
                      replace(draft_of(view), body="Правка редактора.\n"))
        uow.commit()
    _edit(session, body="Правка авторки.\n")
    with qtbot.waitSignal(session.conflict, timeout=10_000) as blocker:
        session.save()
    assert blocker.args[0].saved_by == "Тарас Коваль"


# ------------------------------------------------------------------ locks


def test_a_second_user_opens_read_only_and_sees_who_edits(
        make_session: SessionFactory, qtbot: QtBot, author: UserView, editor: UserView,
        article_id: int) -> None:
    make_session(author, article_id)
    other = make_session(editor, article_id)
    assert other.read_only_reason is ReadOnly.LOCKED
    assert other.lock_holder is not None and other.lock_holder.user_name == "Олена Петренко"
    assert other.can_take_over
    # The window makes its widgets read-only; should text arrive anyway, it is
    # kept, but it cannot be saved over the holder's work.
    _edit(other, body="Не можна.\n")
    with qtbot.waitSignal(other.error, timeout=5_000) as blocker:
        assert not other.save()
    assert "Олена Петренко" in blocker.args[0]


def test_a_writer_cannot_take_over(make_session: SessionFactory, sqlite_db: Database,
                                   author: UserView, editor: UserView) -> None:
    [article_id] = add_articles(sqlite_db, editor.id, ["Стаття редактора"])
    add_user(sqlite_db, "ivan", Role.WRITER, "Іван")
    make_session(editor, article_id)
    ivan = make_session(_user(sqlite_db, "ivan"), article_id)
    # Ivan is neither author nor editor: read-only by permission, and he sees the holder.
    assert ivan.read_only_reason is ReadOnly.PERMISSION
    assert ivan.lock_holder is not None and ivan.lock_holder.user_name == "Тарас Коваль"
    assert not ivan.can_take_over


def test_an_editor_takes_over_and_the_holder_loses_the_lock_but_not_the_text(
        make_session: SessionFactory, qtbot: QtBot, sqlite_db: Database, author: UserView,
        editor: UserView, article_id: int) -> None:
    holder = make_session(author, article_id)
    holder.heartbeat_interval_ms = 100
    _edit(holder, body="Незбережений текст авторки.\n")
    other = make_session(editor, article_id)
    with qtbot.waitSignal(other.loaded, timeout=10_000):
        other.take_over()
    assert other.read_only_reason is ReadOnly.NO
    qtbot.waitUntil(lambda: holder.read_only_reason is ReadOnly.LOCKED, timeout=5_000)
    assert holder.lock_holder is not None and holder.lock_holder.user_name == "Тарас Коваль"
    assert holder.dirty and holder.draft.body == "Незбережений текст авторки.\n"
    qtbot.waitUntil(lambda: bool(_pending(sqlite_db, author.id)), timeout=5_000)
    assert _pending(sqlite_db, author.id)[0].body == "Незбережений текст авторки.\n"


def test_a_read_only_session_gets_the_article_once_the_holder_closes(
        make_session: SessionFactory, qtbot: QtBot, author: UserView, editor: UserView,
        article_id: int) -> None:
    holder = make_session(author, article_id)
    other = make_session(editor, article_id)
    other.heartbeat_interval_ms = 100
    with qtbot.waitSignal(holder.closed, timeout=10_000):
        holder.close()
    qtbot.waitUntil(lambda: other.read_only_reason is ReadOnly.NO, timeout=5_000)


def test_frozen_statuses_open_read_only_without_a_lock(
        make_session: SessionFactory, sqlite_db: Database, author: UserView,
        article_id: int) -> None:
    with sqlite_db.uow() as uow:
        from newsroom.storage.models import Article

        article = uow.session.get(Article, article_id)
        assert article is not None
        article.status = Status.APPROVED
        uow.commit()
    session = make_session(author, article_id)
    assert session.read_only_reason is ReadOnly.STATUS
    with sqlite_db.uow() as uow:
        assert locks.current(uow, article_id) is None


def test_follows_title_only_for_unpublished_drafts(sqlite_db: Database, author: UserView,
                                                   article_id: int) -> None:
    view = _stored(sqlite_db, article_id)
    assert follows_title(view)
    assert not follows_title(replace(view, slug="inshe"))
    assert not follows_title(replace(view, status=Status.IN_REVIEW))


# ------------------------------------------------------- autosave during a save


def _hold_the_worker(_db: Database, gate: threading.Event) -> None:
    """Occupies the runner's one worker, so tasks queued behind it wait for the test."""
    gate.wait(30)


def test_an_autosave_due_while_saving_is_made_after_it_on_the_new_version(
        make_session: SessionFactory, qtbot: QtBot, runner: TaskRunner, sqlite_db: Database,
        author: UserView, article_id: int) -> None:
    """A copy taken mid-save would keep the old base and conflict with the user's own save."""
    session = make_session(author, article_id)
    old_version = session.base_version
    gate = threading.Event()
    runner.submit(_hold_the_worker, gate)
    try:
        # In one go, so no tick falls between: the save is queued behind the
        # held worker, and the user types on while it "runs".
        _edit(session, body="Що зберігається.\n")
        assert session.save() and session.saving
        _edit(session, body="Що зберігається.\n\nНабране під час збереження.\n")
        with qtbot.waitSignal(session.autosave_due, timeout=5_000):
            pass  # an ordinary tick, with the later text and the save still running
        assert session.saving
    finally:
        gate.set()
    with qtbot.waitSignals([session.saved, session.autosaved], order="strict",
                           timeout=10_000):
        pass
    new_version = session.base_version
    assert new_version != old_version
    [kept] = _pending(sqlite_db, author.id)
    assert kept.body == "Що зберігається.\n\nНабране під час збереження.\n"
    assert kept.base_version == new_version == _stored(sqlite_db, article_id).version
    # Recovering it after a crash continues from the user's own save, no conflict.
    with qtbot.waitSignal(session.closed, timeout=10_000):
        session.close()
    recovered = make_session(author, article_id, recovered=kept)
    outcomes: list[str] = []
    recovered.saved.connect(lambda _view: outcomes.append("saved"))
    recovered.conflict.connect(lambda _conflict: outcomes.append("conflict"))
    assert recovered.save()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10_000)
    assert outcomes == ["saved"]
    assert _stored(sqlite_db, article_id).body == kept.body
