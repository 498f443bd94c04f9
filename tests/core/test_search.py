"""Lemma search (newsroom/services/search.py): indexing, matching, ranking, safety."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from bench import corpus
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import article_list, articles, related, search_query, sites, workflow
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.storage.models import Article, ArticleSearch, User
from newsroom.sync.connectors.base import PostPage, RemotePost
from newsroom.sync.pull import pull
from newsroom.text.lemmas import lemmas
from tests.conftest import People


def _create(db: Database, author: int, title: str, lead: str = "", body: str = "",
            status: Status = Status.DRAFT) -> int:
    with db.uow() as uow:
        view = articles.create(uow, author, Draft(title=title, lead=lead, body=body),
                               status=status)
        uow.commit()
    return view.id


def _ids(db: Database, text: str) -> list[int]:
    with db.uow() as uow:
        return [hit.article_id for hit in search_query.search(uow, text)]


def _listed(db: Database, text: str, include_trashed: bool = False) -> set[int]:
    with db.uow() as uow:
        rows = article_list.query_rows(
            uow, article_list.ListQuery(search=text, include_trashed=include_trashed))
    return {r.id for r in rows}


def test_the_lemmatizer_gives_every_form_one_lemma() -> None:
    wanted = lemmas("волонтерських організацій")
    assert wanted == ["волонтерський", "організація"]
    assert lemmas("Волонтерські організації") == wanted
    assert lemmas("ВОЛОНТЕРСЬКА ОРГАНІЗАЦІЯ") == wanted
    # One term for each apostrophe form, without the apostrophe (FTS5 splits at it).
    assert lemmas("сім’ї") == lemmas("сімʼї") == lemmas("сім'ї") == ["сімя"]
    assert lemmas("2024 року") == ["2024", "рік"]
    assert lemmas("їжак") != lemmas("іжак")


def test_any_form_finds_any_other(db: Database, people: People) -> None:
    plural = _create(db, people.writer, "Волонтерські організації отримали гранти")
    single = _create(db, people.writer, "Новини області",
                     lead="Волонтерська організація відкрила склад.")
    other = _create(db, people.writer, "Ремонт доріг", body="Організація руху зміниться.")
    assert set(_ids(db, "волонтерських організацій")) == {plural, single}
    assert _listed(db, "волонтерських організацій") == {plural, single}
    assert set(_ids(db, "організацією")) == {plural, single, other}


def test_title_lead_and_body_are_indexed(db: Database, people: People) -> None:
    title = _create(db, people.writer, "Бібліотеки чекають читачів")
    lead = _create(db, people.writer, "Новина", lead="Музеї відкриються в неділю.")
    body = _create(db, people.writer, "Ще новина",
                   body="Текст.\n\nСтадіони **закрили** на ремонт.\n")
    assert _ids(db, "бібліотека") == [title]
    assert _ids(db, "музей") == [lead]
    assert _ids(db, "стадіон закрити") == [body]
    assert _listed(db, "стадіонах") == {body}
    assert _ids(db, "бібліотека музей") == []  # every word must occur


def test_saving_reindexes_and_old_words_stop_matching(db: Database, people: People) -> None:
    article_id = _create(db, people.writer, "Засідання", body="Обговорили бюджет громади.")
    assert _ids(db, "бюджету") == [article_id]
    with db.uow() as uow:
        view = articles.get(uow, article_id)
        articles.save(uow, people.writer, article_id, view.version,
                      Draft(title="Засідання", body="Обговорили ремонт школи."))
        uow.commit()
    assert _ids(db, "бюджету") == []
    assert _listed(db, "бюджету") == set()
    assert _ids(db, "шкіл") == [article_id]


def test_trashed_and_deleted_articles_leave_the_results(db: Database, people: People) -> None:
    kept = _create(db, people.writer, "Фестиваль вареників")
    trashed = _create(db, people.writer, "Фестиваль пампушок")
    gone = _create(db, people.writer, "Фестиваль борщу")
    with db.uow() as uow:
        workflow.transition(uow, people.writer, trashed, Action.TRASH)
        uow.commit()
    with db.uow() as uow:
        uow.session.execute(delete(Article).where(Article.id == gone))
        uow.commit()
    assert set(_ids(db, "фестивалі")) == {kept}
    assert _listed(db, "фестивалі") == {kept}
    assert _listed(db, "фестивалі", include_trashed=True) == {kept, trashed}
    with db.uow() as uow:
        assert [h.article_id for h in search_query.search(uow, "фестиваль", include_trashed=True)
                if h.article_id == trashed] == [trashed]
        # The index row went with the article (ON DELETE CASCADE, FTS5 trigger).
        assert uow.session.get(ArticleSearch, gone) is None


def test_a_title_match_ranks_above_a_body_mention(db: Database, people: People) -> None:
    # The mention says it twice in a short text: it wins unless the title weighs more.
    mention = _create(db, people.writer, "Підсумки",
                      body="Бібліотека. Бібліотеку відкрили.\n")
    headline = _create(db, people.writer, "Нова бібліотека для дітей у селі на околиці",
                       body="Заклад працюватиме щодня, крім неділі, з ранку до вечора.\n")
    with db.uow() as uow:
        hits = search_query.search(uow, "бібліотеки")
    assert [h.article_id for h in hits] == [headline, mention]
    assert hits[0].rank > hits[1].rank


def test_link_targets_and_addresses_are_not_words(db: Database, people: People) -> None:
    linked = _create(db, people.writer, "Нарада", body=(
        "Детальніше — на [сайті облдержадміністрації](https://www.zoda.gov.ua/news).\n\n"
        "Пишіть на press@zoda.gov.ua. ![Учасники наради](file:///C:/Фото.jpg)\n"))
    assert _ids(db, "облдержадміністрації") == [linked]  # the link's text is
    assert _ids(db, "учасники") == [linked]  # and a picture's description
    for address_word in ("zoda", "https", "gov", "www", "press", "jpg"):
        assert _ids(db, address_word) == [], address_word


def test_title_matches_come_first_and_pages_join_up(db: Database, people: People) -> None:
    """Title matches are ranked apart from the rest (see search_query.search):
    paging across the boundary must still give each match exactly once."""
    in_body = [_create(db, people.writer, f"Підсумки тижня {n}",
                       body="Бібліотека " * (n + 1) + "працює.") for n in range(4)]
    in_title = [_create(db, people.writer, f"Бібліотеки району {n}") for n in range(3)]
    trashed = _create(db, people.writer, "Бібліотека в кошику")
    with db.uow() as uow:
        workflow.transition(uow, people.writer, trashed, Action.TRASH)
        uow.commit()
    with db.uow() as uow:
        whole = [h.article_id for h in search_query.search(uow, "бібліотека", limit=100)]
        paged = [h.article_id for offset in range(0, 8, 2)
                 for h in search_query.search(uow, "бібліотека", limit=2, offset=offset)]
        with_trash = [h.article_id for h in search_query.search(
            uow, "бібліотека", limit=100, include_trashed=True)]
    assert set(whole[:3]) == set(in_title) and set(whole[3:]) == set(in_body)
    assert whole[3:] == in_body[::-1]  # more mentions, higher rank
    assert paged == whole
    assert set(with_trash[:4]) == {*in_title, trashed}


def test_the_snippet_marks_every_form_of_the_query_words(db: Database, people: People) -> None:
    article_id = _create(db, people.writer, "Зустріч",
                         lead="Волонтери зустрілися з волонтеркою.",
                         body="Волонтерові подякували. " * 30)
    with db.uow() as uow:
        [hit] = search_query.search(uow, "волонтер")
    assert hit.article_id == article_id
    assert hit.snippet.marked("[", "]").startswith("[Волонтери] зустрілися")
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.spans] == ["Волонтери"]
    long = search_query.make_snippet({"подякувати"}, "Т", "", "Слово. " * 100 + "Нам подякували.")
    assert long.text.startswith("…") and long.marked().endswith("Нам «подякували».")
    assert len(long.text) <= search_query.SNIPPET_CHARS + 2


def test_the_related_picker_and_the_cli_list_use_it(db: Database, people: People,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from newsroom import cli

    base = _create(db, people.editor, "Початкова стаття")
    found = _create(db, people.editor, "Нові автобуси", body="Маршрути до лікарень.",
                    status=Status.PUBLISHED)
    with db.uow() as uow:
        assert [v.id for v in related.search_candidates(uow, base, "лікарня")] == [found]
    # In process, on this test's database (the subprocess runs are in test_cli.py).
    monkeypatch.setattr(cli, "_open", lambda args, create=False: db)
    args = cli.build_parser().parse_args(["article", "list", "--search", "лікарні"])
    assert args.run(args) == 0
    out = capsys.readouterr().out
    assert "Нові автобуси" in out and "«лікарень»" in out and "Початкова" not in out


HOSTILE_WORDS = ["AND", "OR", "NOT", "NEAR", "NEAR(", "title_lemmas:", "lemmas:", "^", "*",
                 '"', "'", "(", ")", ":", "~", "-", "+", "{", "}", "\x00", "\x1f", "😀",
                 "\ud800", "волонтер", "їжак", "сім’ї"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.one_of(st.sampled_from(HOSTILE_WORDS), st.text(max_size=12)),
                      max_size=8).map(" ".join))
def test_any_query_returns_results_or_nothing(db: Database, query: str) -> None:
    with db.uow() as uow:
        assert search_query.search(uow, query) == []  # nothing indexed: never an error either
        assert article_list.count_rows(uow, article_list.ListQuery(search=query)) == 0


def test_operators_and_huge_queries_are_only_words(db: Database, people: People) -> None:
    article_id = _create(db, people.writer, "Волонтери NEAR фронту",
                         body="Слова AND, OR, NOT і title_lemmas.")
    for query in ['волонтер AND', '"волонтер"', "волонтер*", "title_lemmas: волонтер",
                  "^волонтер", "(волонтер OR) NOT", "NEAR(волонтер фронт)", "волонтер\x00"]:
        assert _ids(db, query) == [article_id], query
    assert _ids(db, "OR") == [article_id]  # a word like any other
    assert _ids(db, "волонтер " + "слово" * 1_000) == []  # no index holds such a word
    assert _ids(db, "волонтер " * 2_000) == [article_id]  # 18,000 characters
    assert _ids(db, "😀(" * 5_000) == []
    assert _ids(db, "фронту " + "\x07\u202e^" * 3_333) == [article_id]
    assert len(search_query.query_terms(" ".join(f"слово{i}" for i in range(5_000)))) == \
        search_query.MAX_TERMS


def test_the_migration_indexes_existing_articles(db_url: str) -> None:
    db = Database(db_url)
    try:
        migrate.upgrade(db, "0002")
        with db.engine.begin() as conn:
            author = conn.scalars(insert(User).returning(User.id), [{
                "login": "olena", "display_name": "Олена", "role": Role.WRITER,
                "signature": "", "active": True,
                "created_at": datetime(2024, 1, 1, tzinfo=UTC)}]).one()
            now = datetime(2024, 1, 2, tzinfo=UTC)
            conn.execute(insert(Article), [{
                "uuid": str(uuid.uuid4()), "title": title, "slug": f"a-{i}", "lead": lead,
                "body": "", "signature": "", "author_id": author, "status": Status.DRAFT,
                "created_at": now, "updated_at": now, "revision": 1, "version": 1,
            } for i, (title, lead) in enumerate([
                ("Волонтерські організації", ""), ("Інше", "Сім’ї переселенців")])])
        migrate.upgrade(db)
        with db.uow() as uow:
            ids = {a.title: a.id for a in uow.session.scalars(select(Article))}
        assert _ids(db, "волонтерська організація") == [ids["Волонтерські організації"]]
        assert _ids(db, "сімʼя") == [ids["Інше"]]
        migrate.downgrade(db, "0002")
        migrate.upgrade(db)
        assert _ids(db, "сім'я") == [ids["Інше"]]
    finally:
        db.dispose()


@dataclass
class _Site:
    posts: list[RemotePost] = field(default_factory=list)
    schedules_itself = True

    def list_posts(self, page: int, per_page: int = 100,
                   modified_after: str | None = None) -> PostPage:
        chosen = [p for p in self.posts if modified_after is None or p.modified > modified_after]
        window = chosen[(page - 1) * per_page:page * per_page]
        return PostPage(tuple(window), len(chosen) if window else 0,
                        (len(chosen) + per_page - 1) // per_page if window else 0,
                        server_time="2024-06-01T00:00:00")

    def close(self) -> None:
        pass


def _remote(i: int, title: str, html: str, modified: str) -> RemotePost:
    return RemotePost(remote_id=str(i), url=f"https://site.example/?p={i}", slug=f"post-{i}",
                      title=title, content_html=html, excerpt_html="",
                      date_gmt=datetime(2024, 1, 1, tzinfo=UTC), modified=modified,
                      status="publish")


def test_pulled_articles_are_searchable(db: Database, people: People, tmp_path: Path) -> None:
    with db.uow() as uow:
        site_id = sites.add_static(uow, people.admin, "archive", tmp_path / "www").id
        uow.commit()
    site = _Site([_remote(i, f"Новина {i}", f"<p>Відкрили {i}-й <b>басейн</b>.</p>",
                          "2024-01-01T00:00:00") for i in range(30)])
    site.posts.append(_remote(30, "Архівні світлини", "<p>Старі фотографії міста.</p>",
                              "2024-01-01T00:00:00"))
    assert pull(db, site_id, people.editor, site, per_page=8).created == 31  # type: ignore[arg-type]
    assert len(_ids(db, "басейни")) == 30
    [photos] = _ids(db, "фотографія")
    site.posts[-1] = _remote(30, "Архівні світлини", "<p>Старі листівки міста.</p>",
                             "2024-09-01T00:00:00")
    assert pull(db, site_id, people.editor, site).updated == 1  # type: ignore[arg-type]
    assert _ids(db, "фотографія") == []
    assert _ids(db, "листівки") == [photos]


def test_corpus_articles_are_searchable(db: Database) -> None:
    loaded = list(corpus.generate(30, seed=4))
    assert corpus.load_database(db, loaded, batch=7) == 30
    with db.uow() as uow:
        by_title = {a.id: a.title for a in uow.session.scalars(select(Article))}
        assert uow.session.query(ArticleSearch).count() == 30
    for article_id, title in list(by_title.items())[::5]:
        assert article_id in _ids(db, title), title
