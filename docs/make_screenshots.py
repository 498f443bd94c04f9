"""Render the main screens with sample Ukrainian content into docs/screenshots/.

    .venv/bin/python docs/make_screenshots.py

Runs offscreen on a scratch database and settings, through the real widgets and
services, so the pictures show what a press officer sees: the article list, an
article open in the editor with its review panel, a reviewer's word diff, the
«Читайте також» picker and the publishing queue.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SCRATCH = Path(tempfile.mkdtemp(prefix="newsroom-shots-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["NEWSROOM_DATA_DIR"] = str(SCRATCH / "data")
os.environ["NEWSROOM_CACHE_DIR"] = str(SCRATCH / "cache")
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from newsroom.domain.roles import Role  # noqa: E402
from newsroom.domain.statuses import Status  # noqa: E402
from newsroom.domain.workflow import Action  # noqa: E402
from newsroom.services import articles, related, users, workflow  # noqa: E402
from newsroom.services.articles import Draft  # noqa: E402
from newsroom.storage import migrate  # noqa: E402
from newsroom.storage.db import Database  # noqa: E402
from newsroom.storage.models import Site  # noqa: E402
from ui import i18n  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

SIGNATURE = "Управління у справах преси та інформації"
BODY = """Учасники круглого столу обговорили, як **волонтерські організації** можуть
допомагати соціальним службам області.

## Що вирішили

- провести конкурс соціальних проєктів;
- відкрити на сайті Департаменту сторінку «Волонтерський рух»;
- підготуватися до Міжнародного дня волонтера.

> Звертаючись до лідерів волонтерського руху, директор Департаменту запропонував
> координувати зусилля.

Детальніше — на [сайті облдержадміністрації](https://www.zoda.gov.ua/).
"""


def settle(ms: int = 700) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shot(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def seed(db: Database) -> dict[str, int]:
    with db.uow() as uow:
        ed = users.add_user(uow, "nadiia", Role.EDITOR, "Надія Шевчук", SIGNATURE).id
        wr = users.add_user(uow, "olena", Role.WRITER, "Олена Петренко", SIGNATURE).id
        rv = users.add_user(uow, "ivan", Role.REVIEWER, "Іван Мельник", SIGNATURE).id
        uow.session.add(Site(name="Сайт облдержадміністрації", kind="wordpress",
                             url="https://oda.example.gov.ua"))
        uow.commit()
    published = [("Волонтери передали генератори лікарням області", "Новини"),
                 ("В області облаштували нові укриття для шкіл", "Новини"),
                 ("Громади області отримають ґранти на відновлення", "Економіка"),
                 ("Графік особистого прийому громадян керівництвом ОДА", "Оголошення"),
                 ("Волонтерські організації провели навчання для молоді", "Новини"),
                 ("Соціальні служби області шукають волонтерів для допомоги родинам",
                  "Новини"),
                 ("Департамент соціального захисту провів круглий стіл з громадськістю",
                  "Новини")]
    ids: dict[str, int] = {"editor": ed, "writer": wr, "reviewer": rv}
    with db.uow() as uow:
        for title, section in published:
            ids[title] = articles.create(uow, ed, Draft(title=title, section=section),
                                         status=Status.PUBLISHED, author_id=wr).id
        main = articles.create(uow, wr, Draft(
            title="Соціальні служби та волонтерські організації поглиблюють взаємодію",
            section="Новини", lead="У Департаменті соціального захисту населення "
            "облдержадміністрації відбулося засідання круглого столу.",
            body=BODY.replace("проєктів", "проектів"), tags=["волонтери", "соцзахист"]))
        ids["main"] = main.id
        workflow.transition(uow, wr, main.id, Action.SUBMIT)
        workflow.transition(uow, rv, main.id, Action.REQUEST_CHANGES,
                            comment="Уточніть назву сторінки та дату Дня волонтера.")
        workflow.transition(uow, wr, main.id, Action.REVISE)
        fresh = articles.get(uow, main.id)
        articles.save(uow, wr, main.id, fresh.version, Draft(
            title=fresh.title, lead=fresh.lead, body=BODY, section="Новини",
            tags=["волонтери", "соцзахист"]))
        workflow.transition(uow, wr, main.id, Action.SUBMIT)
        for title in ("Волонтери передали генератори лікарням області",
                      "Волонтерські організації провели навчання для молоді"):
            related.add(uow, ed, main.id, ids[title])
        other = articles.create(uow, wr, Draft(title="Ярмарок місцевих виробників у Запоріжжі",
                                               section="Економіка", body="Текст."))
        workflow.transition(uow, wr, other.id, Action.SUBMIT)
        workflow.transition(uow, rv, other.id, Action.APPROVE)
        workflow.transition(uow, ed, other.id, Action.SCHEDULE,
                            at=datetime.now(UTC) + timedelta(days=1))
        uow.commit()
    return ids


def main() -> None:
    app = QApplication([])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(SCRATCH / "settings"))
    i18n.install("uk")
    OUT.mkdir(parents=True, exist_ok=True)
    db = Database(f"sqlite:///{(SCRATCH / 'shots.sqlite3').as_posix()}")
    migrate.upgrade(db)
    ids = seed(db)
    with db.uow() as uow:
        editor = users.get_by_login(uow, "nadiia")
        reviewer = users.get_by_login(uow, "ivan")
    runner = TaskRunner(db)

    from ui.startup import describe_database
    from ui.widgets.main_window import MainWindow

    window = MainWindow(runner, editor, describe_database(db))
    window.resize(1280, 640)
    window.show()
    settle()
    shot(window, "main_window.png")
    window.queue_action.trigger()
    settle(1200)
    shot(window, "publish_queue.png")
    window.close()

    from ui.widgets.article_window import ArticleWindow

    article = ArticleWindow(runner, reviewer, ids["main"])
    article.resize(1400, 900)
    article.show()
    settle(1500)
    shot(article, "article_editor.png")
    article.review.show_changes_button.click()
    settle(1200)
    shot(article.review, "review_diff.png")
    article.force_close()
    settle(500)

    # Spelling: a draft with a typo, underlined, and its menu of suggestions.
    with db.uow() as uow:
        draft = articles.create(uow, editor.id, Draft(
            title="Прийом громадян у Мелітопольській громаді",
            lead="Керівництво ОВА проведе виїзний прийом громадян.",
            body="Мешканці зможуть поставити питаня щодо відновлення житла "
                 "та підтримки переселенців.\n")).id
        uow.commit()
    typo = ArticleWindow(runner, editor, draft)
    typo.resize(1100, 700)
    typo.show()
    settle(4000)  # the dictionary loads in the background first
    word_at = typo.editor.toPlainText().index("питаня") + 3
    cursor = typo.editor.textCursor()
    cursor.setPosition(word_at)
    point = typo.editor.cursorRect(cursor).center()
    menu = typo.body_spelling.build_menu(point)
    menu.popup(typo.editor.viewport().mapToGlobal(point))
    settle(1500)
    shot(typo, "spelling.png")
    shot(menu, "spelling_menu.png")
    menu.close()
    typo.force_close()
    settle(500)

    from ui.dialogs.related_picker import RelatedPickerDialog

    picker = RelatedPickerDialog(runner, editor, ids["main"])
    picker.resize(1000, 640)
    picker.show()
    settle(1500)
    shot(picker, "related_picker.png")
    picker.close()

    runner.shutdown()
    db.dispose()
    app.quit()
    shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
