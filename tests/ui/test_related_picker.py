"""The «Читайте також» picker over a real SQLite file: search, suggestions, adding,
reordering, removing, the preview, and saving all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem
from pytestqt.qtbot import QtBot

from newsroom.domain.errors import ValidationError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.services import articles, related, users
from newsroom.services.articles import Draft
from newsroom.services.views import RelatedView, UserView
from newsroom.storage.db import Database
from tests.ui.conftest import add_user, type_text
from ui.dialogs.related_picker import ARTICLE_ID_ROLE, RelatedPickerDialog, save_related
from ui.tasks import TaskRunner

WAIT = 10_000

PUBLISHED = {
    "generators": "Волонтери передали генератори лікарням області",
    "shelters": "В області облаштували нові укриття для шкіл",
    "grants": "Громади області отримають ґранти на відновлення",
    "forum": "Інвестиційний форум відбудеться у квітні",
}


@pytest.fixture
def editor(sqlite_db: Database) -> UserView:
    add_user(sqlite_db, "nadiia", Role.EDITOR, "Надія Шевчук")
    with sqlite_db.uow() as uow:
        return users.get_by_login(uow, "nadiia")


@pytest.fixture
def ids(sqlite_db: Database, editor: UserView) -> dict[str, int]:
    """The article being edited (a draft) and four published ones it may link to."""
    with sqlite_db.uow() as uow:
        found = {key: articles.create(uow, editor.id, Draft(title=title),
                                      status=Status.PUBLISHED).id
                 for key, title in PUBLISHED.items()}
        found["draft"] = articles.create(uow, editor.id, Draft(
            title="Ще 40 генераторів для лікарень області",
            lead="Волонтери передали генератори лікарням")).id
        found["other_draft"] = articles.create(uow, editor.id, Draft(
            title="Генератори: чернетка, яку не можна посилати")).id
        uow.commit()
    return found


def stored(database: Database, article_id: int) -> list[int]:
    with database.uow() as uow:
        return [view.id for view in related.list_for(uow, article_id)]


DialogFactory = Callable[[int], RelatedPickerDialog]


@pytest.fixture
def open_dialog(qtbot: QtBot, runner: TaskRunner, editor: UserView) -> Iterator[DialogFactory]:
    dialogs: list[RelatedPickerDialog] = []

    def make(article_id: int) -> RelatedPickerDialog:
        dialog = RelatedPickerDialog(runner, editor, article_id)
        dialogs.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
        return dialog

    yield make
    for dialog in dialogs:
        dialog.close()


def item_for(widget: QListWidget, article_id: int) -> QListWidgetItem:
    for row in range(widget.count()):
        item = widget.item(row)
        if item.data(ARTICLE_ID_ROLE) == article_id:
            return item
    raise AssertionError(f"article #{article_id} is not listed")


def double_click(qtbot: QtBot, widget: QListWidget, item: QListWidgetItem) -> None:
    rect = widget.visualItemRect(item)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def search_for(qtbot: QtBot, dialog: RelatedPickerDialog, text: str,
               expected: list[int]) -> None:
    dialog.search_edit.clear()
    type_text(qtbot, dialog.search_edit, text)
    qtbot.waitUntil(lambda: sorted(dialog.result_ids()) == sorted(expected), timeout=WAIT)


def test_search_add_reorder_remove_preview_and_save(qtbot: QtBot, open_dialog: DialogFactory,
                                                    ids: dict[str, int], sqlite_db: Database,
                                                    uk: None) -> None:
    dialog = open_dialog(ids["draft"])
    assert dialog.windowTitle() == "Читайте також"
    # Only published articles are offered, never the article itself nor a draft.
    assert sorted(dialog.result_ids()) == sorted(ids[k] for k in PUBLISHED)
    assert dialog.chosen_ids() == []
    assert "Список порожній" in dialog.preview.toPlainText()

    # Suggestions come with the words they share with the article.
    assert dialog.suggestion_ids()[0] == ids["generators"]
    first = dialog.suggestion_list.item(0).text()
    assert first.startswith(PUBLISHED["generators"] + "\nспільне: ")
    assert "генератори" in first

    search_for(qtbot, dialog, "ОБЛАСТІ", [ids["generators"], ids["shelters"], ids["grants"]])
    double_click(qtbot, dialog.results_list, item_for(dialog.results_list, ids["shelters"]))
    assert dialog.chosen_ids() == [ids["shelters"]]
    assert ids["shelters"] not in dialog.result_ids()  # cannot be picked twice

    dialog.results_list.setCurrentItem(item_for(dialog.results_list, ids["grants"]))
    dialog.add_button.click()
    dialog.suggestion_list.setFocus()
    dialog.suggestion_list.setCurrentItem(item_for(dialog.suggestion_list, ids["generators"]))
    dialog.add_button.click()
    search_for(qtbot, dialog, "форум", [ids["forum"]])
    double_click(qtbot, dialog.results_list, item_for(dialog.results_list, ids["forum"]))
    assert dialog.chosen_ids() == [ids["shelters"], ids["grants"], ids["generators"],
                                   ids["forum"]]

    # Reorder: a drag moves a row in the list's model; the buttons do the same.
    model = dialog.chosen_list.model()
    assert model.moveRow(QModelIndex(), 2, QModelIndex(), 0)  # generators to the top
    assert dialog.chosen_ids() == [ids["generators"], ids["shelters"], ids["grants"],
                                   ids["forum"]]
    dialog.chosen_list.setCurrentRow(3)
    dialog.up_button.click()
    assert dialog.chosen_ids() == [ids["generators"], ids["shelters"], ids["forum"],
                                   ids["grants"]]

    # Remove: the article is offered again.
    dialog.chosen_list.setCurrentRow(1)
    dialog.remove_button.click()
    assert dialog.chosen_ids() == [ids["generators"], ids["forum"], ids["grants"]]
    assert ids["shelters"] in dialog.result_ids()

    preview = dialog.preview.toPlainText().splitlines()
    assert preview[0] == "Читайте також"
    shown = [line.strip() for line in preview[1:] if line.strip()]
    assert shown == [PUBLISHED["generators"], PUBLISHED["forum"], PUBLISHED["grants"]]
    assert dialog.preview.toHtml().count("<a href=") == 3

    assert stored(sqlite_db, ids["draft"]) == []  # nothing is stored before OK
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as blocker:
        dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    expected = [ids["generators"], ids["forum"], ids["grants"]]
    assert [view.id for view in blocker.args[0]] == expected
    assert stored(sqlite_db, ids["draft"]) == expected


def test_editing_an_existing_list_and_cancel(qtbot: QtBot, open_dialog: DialogFactory,
                                             ids: dict[str, int], sqlite_db: Database,
                                             editor: UserView) -> None:
    with sqlite_db.uow() as uow:
        for key in ("forum", "grants"):
            related.add(uow, editor.id, ids["draft"], ids[key])
        uow.commit()

    dialog = open_dialog(ids["draft"])
    assert dialog.chosen_ids() == [ids["forum"], ids["grants"]]
    assert dialog.chosen_titles() == [PUBLISHED["forum"], PUBLISHED["grants"]]
    dialog.chosen_list.setCurrentRow(0)
    dialog.down_button.click()
    dialog.add_article(next(v for v in _views(sqlite_db, ids) if v.id == ids["shelters"]))
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    qtbot.wait(50)
    assert stored(sqlite_db, ids["draft"]) == [ids["forum"], ids["grants"]]

    # Swap and reorder in one save: removals, additions and the order, all or nothing.
    dialog = open_dialog(ids["draft"])
    dialog.chosen_list.setCurrentRow(0)
    dialog.remove_button.click()
    dialog.add_article(next(v for v in _views(sqlite_db, ids) if v.id == ids["shelters"]))
    dialog.chosen_list.setCurrentRow(1)
    dialog.up_button.click()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.ok_button.click()
    assert stored(sqlite_db, ids["draft"]) == [ids["shelters"], ids["grants"]]


def _views(database: Database, ids: dict[str, int]) -> list[RelatedView]:
    with database.uow() as uow:
        return [RelatedView(id=a.id, title=a.title, slug=a.slug, status=a.status, url=None,
                            published_at=None)
                for a in (articles.load(uow, i) for i in ids.values())]


def test_itself_and_duplicates_cannot_be_chosen(qtbot: QtBot, open_dialog: DialogFactory,
                                                ids: dict[str, int], sqlite_db: Database,
                                                uk: None) -> None:
    dialog = open_dialog(ids["draft"])
    views = {v.id: v for v in _views(sqlite_db, ids)}
    assert ids["draft"] not in dialog.result_ids() + dialog.suggestion_ids()

    assert not dialog.add_article(views[ids["draft"]])
    assert dialog.message == "Стаття не може посилатися сама на себе."
    assert dialog.add_article(views[ids["forum"]])
    assert not dialog.add_article(views[ids["forum"]])
    assert dialog.message == f"«{PUBLISHED['forum']}» уже є в списку."
    assert dialog.chosen_ids() == [ids["forum"]]


def test_the_services_refuse_self_links_and_keep_the_old_list(
        qtbot: QtBot, open_dialog: DialogFactory, ids: dict[str, int], sqlite_db: Database,
        editor: UserView, runner: TaskRunner, uk: None) -> None:
    # One unit of work: the valid addition before the refused one is not kept either.
    with pytest.raises(ValidationError):
        save_related(sqlite_db, editor.id, ids["draft"], [ids["forum"], ids["draft"]])
    assert stored(sqlite_db, ids["draft"]) == []

    # Were a bug to slip a self-link past the dialog, the service's word is shown.
    dialog = open_dialog(ids["draft"])
    dialog.add_article(_views(sqlite_db, ids)[list(ids).index("forum")])
    rogue = QListWidgetItem("Сама стаття")
    rogue.setData(ARTICLE_ID_ROLE, ids["draft"])
    dialog.chosen_list.addItem(rogue)
    with qtbot.waitSignal(runner.failed, timeout=WAIT):
        dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.message.startswith("Список не збережено: ")
    assert stored(sqlite_db, ids["draft"]) == []
    assert dialog.ok_button.isEnabled()
