"""After a crash the app offers the unsaved text per article, and recovering it works.

The first tests drive the recovery dialog and start-up in-process. The last one
is the real thing: ``main.py`` in a subprocess opens an article, text is typed
into the real editor by the NEWSROOM_TEST_SCRIPT hook, the process is killed
with SIGKILL after the autosave interval, and a second start offers the text
back through the recovery dialog, which the hook accepts; the recovered text
is then saved and checked through the services.
"""

from __future__ import annotations

import signal
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from newsroom.domain.roles import Role
from newsroom.services import articles, autosave, users
from newsroom.services.autosave import AutosaveView
from newsroom.services.views import UserView
from newsroom.storage import migrate
from newsroom.storage.db import Database
from tests.support.app_process import read_until, start_app
from tests.ui.conftest import add_articles, add_user
from ui.dialogs.recovery_dialog import RecoveryDialog
from ui.startup import Startup
from ui.tasks import TaskRunner


@pytest.fixture
def author(sqlite_db: Database) -> UserView:
    add_user(sqlite_db, "olena", Role.WRITER, "Олена Петренко")
    with sqlite_db.uow() as uow:
        return users.get_by_login(uow, "olena")


def _autosave(db: Database, user_id: int, article_id: int, body: str) -> None:
    with db.uow() as uow:
        article = articles.get(uow, article_id)
        autosave.put(uow, user_id, article_id, article.title, article.lead, body,
                     article.version)
        uow.commit()


def _pending(db: Database, user_id: int) -> list[AutosaveView]:
    with db.uow() as uow:
        return autosave.pending(uow, user_id)


def _dialog(qtbot: QtBot, runner: TaskRunner, user: UserView,
            found: list[AutosaveView]) -> RecoveryDialog:
    dialog = RecoveryDialog(runner, user, found)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_dialog_lists_each_article_with_the_time_in_kyiv(
        qtbot: QtBot, runner: TaskRunner, author: UserView, uk: None) -> None:
    saved = AutosaveView(article_id=4, article_title="Відкриття укриття", title="Відкриття "
                         "укриття в ліцеї", lead="", body="Текст.", base_version=1,
                         saved_at=datetime(2024, 7, 13, 7, 50, tzinfo=UTC))
    dialog = _dialog(qtbot, runner, author, [saved])
    item = dialog.tree.topLevelItem(0)
    assert item is not None
    assert item.text(0) == "Відкриття укриття в ліцеї"
    assert item.text(1) == "13 липня 2024 - 10:50"  # summer time: UTC+3
    assert dialog.windowTitle() == "Відновлення незбереженого тексту"
    assert dialog.preview.toPlainText() == "Відкриття укриття в ліцеї\n\nТекст."
    dialog.close()


def test_recover_emits_each_selected_article_and_closes_when_none_is_left(
        qtbot: QtBot, runner: TaskRunner, sqlite_db: Database, author: UserView) -> None:
    ids = add_articles(sqlite_db, author.id, ["Перша", "Друга"])
    for article_id in ids:
        _autosave(sqlite_db, author.id, article_id, f"Текст {article_id}")
    dialog = _dialog(qtbot, runner, author, _pending(sqlite_db, author.id))
    recovered: list[AutosaveView] = []
    dialog.recover_requested.connect(recovered.append)
    dialog.select([ids[0]])
    qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
    assert [r.article_id for r in recovered] == [ids[0]]
    assert [i.article_id for i in dialog.items()] == [ids[1]]
    with qtbot.waitSignal(dialog.finished) as blocker:
        qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [QDialog.DialogCode.Accepted]
    assert [r.article_id for r in recovered] == ids
    # Recovering only opens windows; the text stays in autosave until saved.
    assert len(_pending(sqlite_db, author.id)) == 2


def test_discard_forgets_the_text_and_later_keeps_it(
        qtbot: QtBot, runner: TaskRunner, sqlite_db: Database, author: UserView) -> None:
    ids = add_articles(sqlite_db, author.id, ["Перша", "Друга"])
    for article_id in ids:
        _autosave(sqlite_db, author.id, article_id, f"Текст {article_id}")
    dialog = _dialog(qtbot, runner, author, _pending(sqlite_db, author.id))
    dialog.select([ids[1]])
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.items()) == 1, timeout=5_000)
    assert [p.article_id for p in _pending(sqlite_db, author.id)] == [ids[0]]
    with qtbot.waitSignal(dialog.finished) as blocker:
        qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [QDialog.DialogCode.Rejected]
    assert [p.article_id for p in _pending(sqlite_db, author.id)] == [ids[0]]


def test_start_up_offers_recovery_and_opens_the_article_with_the_text(
        qtbot: QtBot, runner: TaskRunner, sqlite_db: Database, author: UserView) -> None:
    [article_id] = add_articles(sqlite_db, author.id, ["Нарада"])
    _autosave(sqlite_db, author.id, article_id, "Текст, що пережив збій.\n")
    startup = Startup(runner, login="olena")
    startup.start()
    qtbot.waitUntil(lambda: startup.recovery_dialog is not None, timeout=10_000)
    dialog = startup.recovery_dialog
    assert dialog is not None and [i.article_id for i in dialog.items()] == [article_id]
    qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
    articles_ = startup.articles
    assert articles_ is not None
    window = articles_.find(article_id)
    assert window is not None
    qtbot.waitUntil(lambda: window.session.view is not None, timeout=10_000)
    assert window.editor.to_markdown() == "Текст, що пережив збій.\n"
    assert window.session.dirty and window.windowTitle().startswith("Нарада*")
    with qtbot.waitSignal(startup.done, timeout=10_000):
        startup.close_all()
    # Closing the app kept the recovered text: still offered next time.
    assert [p.body for p in _pending(sqlite_db, author.id)] == ["Текст, що пережив збій.\n"]
    assert startup.window is not None
    startup.window.deleteLater()


# ------------------------------------------------------------ the real crash

TYPE_SCRIPT = """
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = articles.open({article_id})
    assert wait_until(lambda: window.session.view is not None
                      and not window.session.read_only)
    editor = window.editor
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for char in {text!r}:
        QTest.sendKeyEvent(QTest.KeyAction.Click, editor, Qt.Key.Key_unknown, char,
                           Qt.KeyboardModifier.NoModifier)
    print("typed", flush=True)
"""

RECOVER_SCRIPT = """
    assert recovery is not None, "no recovery dialog"
    print("offered:", [item.article_id for item in recovery.items()], flush=True)
    recovery.recover_button.click()
    window = articles.find({article_id})
    assert wait_until(lambda: window.session.view is not None)
    print("editor:", repr(window.editor.to_markdown()), flush=True)
    with_saved = []
    window.session.saved.connect(with_saved.append)
    window.save()
    assert wait_until(lambda: bool(with_saved))
    print("saved", flush=True)
    app.exit(0)
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_killed_after_typing_the_text_is_recovered_on_the_next_start(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}"
    db = Database(url)
    try:
        migrate.upgrade(db)
        user_id = add_user(db, "olena", Role.WRITER, "Олена Петренко")
        [article_id] = add_articles(db, user_id, ["Нарада щодо опалювального сезону"])
    finally:
        db.dispose()
    typed = "Котельні готові на 95 відсотків."

    first_script = tmp_path / "type.py"
    first_script.write_text(textwrap.dedent(TYPE_SCRIPT.format(article_id=article_id,
                                                               text=typed)), encoding="utf-8")
    first = start_app(url, first_script, tmp_path)
    try:
        read_until(first, "typed")
        time.sleep(2.0)  # the 500 ms autosave interval, several times over
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL

    db = Database(url)
    try:
        with db.uow() as uow:
            assert articles.get(uow, article_id).body == ""  # nothing was saved
            [kept] = autosave.pending(uow, user_id)
        assert typed in kept.body
    finally:
        db.dispose()

    second_script = tmp_path / "recover.py"
    second_script.write_text(textwrap.dedent(RECOVER_SCRIPT.format(article_id=article_id)),
                             encoding="utf-8")
    second = start_app(url, second_script, tmp_path)
    try:
        lines = read_until(second, "saved")
        _out, err = second.communicate(timeout=60)
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 0, err
    assert f"offered: [{article_id}]" in lines
    assert any(line.startswith("editor:") and typed in line for line in lines)
    db = Database(url)
    try:
        with db.uow() as uow:
            stored = articles.get(uow, article_id)
            assert typed in stored.body
            assert autosave.pending(uow, user_id) == []
    finally:
        db.dispose()

