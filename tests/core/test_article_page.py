"""The article fragment shown in preview and exported to the site."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime

import pytest

from newsroom.text.article_page import ArticlePage, RelatedItem, render_article_fragment

SEED_TITLE = "Соціальні служби та волонтерські організації поглиблюють взаємодію"
SEED_SIGNATURE = "Управління у справах преси та інформації"
SEED_BODY = """\
Під час наради представники громадської організації «Волонтерська сотня»
обговорили підтримку сімей з Знам’янки.

## Що вирішили

- посилити **співпрацю** з волонтерами;
- допомагати кожній сім’ї, яка цього потребує.
"""
SEED_RELATED = [
    RelatedItem("Волонтери отримали подяки", "/news/2016/07/12/volontery"),
    RelatedItem("Нарада з питань соціального захисту", "/news/2016/07/10/narada"),
    RelatedItem("Волонтери отримали подяки (повтор)", "/news/2016/07/12/volontery"),
    RelatedItem("Підсумки тижня", "https://www.example.gov.ua/news/pidsumky"),
]


def seed_page(**changes: object) -> ArticlePage:
    fields: dict[str, object] = {
        "title": SEED_TITLE,
        "section": "Новини",
        "published_at": datetime(2016, 7, 13, 7, 50, tzinfo=UTC),
        "body_markdown": SEED_BODY,
        "signature": SEED_SIGNATURE,
        "related": SEED_RELATED,
    }
    fields.update(changes)
    return ArticlePage(**fields)  # type: ignore[arg-type]


def related_links(html: str) -> list[tuple[str, str]]:
    match = re.search(r'<section class="related">(.*?)</section>', html, re.DOTALL)
    assert match is not None, html
    return re.findall(r'<li><a href="([^"]*)"[^>]*>([^<]*)</a></li>', match.group(1))


def test_fragment_is_one_news_article() -> None:
    html = render_article_fragment(seed_page())
    assert html.startswith('<article class="news">')
    assert html.endswith("</article>")
    assert html.count("<article") == 1


def test_title_section_and_date() -> None:
    html = render_article_fragment(seed_page())
    assert f"<h1>{SEED_TITLE}</h1>" in html
    assert '<p class="section">Новини</p>' in html
    assert '<time datetime="2016-07-13T10:50:00+03:00">13 липня 2016 - 10:50</time>' in html


def test_body_is_rendered_from_markdown() -> None:
    html = render_article_fragment(seed_page())
    assert "<h2>Що вирішили</h2>" in html
    assert "<strong>співпрацю</strong>" in html
    assert html.count("<li>") == 2 + 3  # two in the body, three related links


def test_signature() -> None:
    html = render_article_fragment(seed_page())
    assert f'<p class="signature">{SEED_SIGNATURE}</p>' in html


def test_read_also_lists_related_links_once_each_in_order() -> None:
    html = render_article_fragment(seed_page())
    assert '<section class="related"><h2>Читайте також</h2><ul>' in html
    assert related_links(html) == [
        ("/news/2016/07/12/volontery", "Волонтери отримали подяки"),
        ("/news/2016/07/10/narada", "Нарада з питань соціального захисту"),
        ("https://www.example.gov.ua/news/pidsumky", "Підсумки тижня"),
    ]
    assert "(повтор)" not in html
    assert html.count('href="/news/2016/07/12/volontery"') == 1


def test_related_links_get_rel_like_body_links() -> None:
    html = render_article_fragment(seed_page())
    assert '<a href="/news/2016/07/10/narada" rel="noopener noreferrer">' in html


def test_parts_come_in_reading_order() -> None:
    html = render_article_fragment(seed_page(lead="Коротко про головне."))
    markers = [
        "<h1>",
        '<p class="section">',
        "<time",
        '<p class="lead">',
        '<div class="body">',
        '<p class="signature">',
        '<section class="related">',
    ]
    positions = [html.index(marker) for marker in markers]
    assert positions == sorted(positions)


def test_ukrainian_punctuation_is_kept_as_characters() -> None:
    html = render_article_fragment(seed_page())
    assert "«Волонтерська сотня»" in html
    assert "з Знам’янки" in html
    assert "кожній сім’ї" in html
    assert "&laquo;" not in html
    assert "&#8217;" not in html
    assert "&rsquo;" not in html


def test_title_markup_is_escaped() -> None:
    html = render_article_fragment(seed_page(title="Нарада <b>термінова</b> & «важлива»"))
    assert "<h1>Нарада &lt;b&gt;термінова&lt;/b&gt; &amp; «важлива»</h1>" in html
    assert "<b>" not in html


def test_every_plain_text_field_is_escaped() -> None:
    page = seed_page(
        section="<i>Секція</i>",
        lead='Лід <script>alert("x")</script>',
        signature="Пресслужба <u>ОДА</u>",
        related=[RelatedItem('<img src=x onerror="alert(1)">', "/news/1?a=1&b=2")],
    )
    html = render_article_fragment(page)
    assert '<p class="section">&lt;i&gt;Секція&lt;/i&gt;</p>' in html
    assert '<p class="lead">Лід &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>' in html
    assert '<p class="signature">Пресслужба &lt;u&gt;ОДА&lt;/u&gt;</p>' in html
    assert 'href="/news/1?a=1&amp;b=2"' in html
    assert "<script" not in html
    assert "<img" not in html


def test_related_link_with_a_script_url_keeps_its_title_but_not_the_url() -> None:
    page = seed_page(related=[RelatedItem("Пастка", "javascript:alert(1)")])
    html = render_article_fragment(page)
    assert "javascript" not in html
    assert '<li><a rel="noopener noreferrer">Пастка</a></li>' in html


def test_english_page() -> None:
    html = render_article_fragment(seed_page(), locale="en")
    assert "<h2>Read also</h2>" in html
    assert "Читайте також" not in html
    assert ">13 July 2016 - 10:50</time>" in html


@pytest.mark.parametrize("locale", ["en_GB", "en-US", "EN"])
def test_english_variants_get_the_english_heading(locale: str) -> None:
    assert "<h2>Read also</h2>" in render_article_fragment(seed_page(), locale=locale)


def test_other_locales_fall_back_to_the_ukrainian_heading() -> None:
    html = render_article_fragment(seed_page(), locale="de")
    assert "<h2>Читайте також</h2>" in html
    assert ">13 Juli 2016 - 10:50</time>" in html


def test_optional_parts_are_left_out_when_missing() -> None:
    page = seed_page(section=None, published_at=None, signature="  ", related=[], lead=None)
    html = render_article_fragment(page)
    for absent in ['class="section"', "<time", 'class="signature"', 'class="related"',
                   'class="lead"']:  # fmt: skip
        assert absent not in html


def test_lead_paragraph() -> None:
    html = render_article_fragment(seed_page(lead="  Коротко: нарада відбулася.  "))
    assert '<p class="lead">Коротко: нарада відбулася.</p>' in html


def test_multi_line_signature_keeps_its_lines() -> None:
    html = render_article_fragment(seed_page(signature="Пресслужба\nОДА"))
    assert '<p class="signature">Пресслужба<br>ОДА</p>' in html


def test_original_html_body_is_used_and_sanitised() -> None:
    page = seed_page(
        body_markdown="Цей текст не показується",
        body_html='<p onclick="x()">Оригінал <strong>сайту</strong></p><script>alert(1)</script>',
    )
    html = render_article_fragment(page)
    assert '<div class="body"><p>Оригінал <strong>сайту</strong></p></div>' in html
    assert "Цей текст не показується" not in html
    assert "onclick" not in html
    assert "<script" not in html


def test_raw_html_in_markdown_body_is_sanitised() -> None:
    html = render_article_fragment(seed_page(body_markdown='<iframe src="x"></iframe>Текст'))
    assert "<iframe" not in html


def test_naive_publication_time_is_a_bug_upstream() -> None:
    with pytest.raises(ValueError, match="naive"):
        render_article_fragment(seed_page(published_at=datetime(2016, 7, 13, 10, 50)))


def test_page_and_related_items_are_frozen() -> None:
    page = seed_page()
    with pytest.raises(FrozenInstanceError):
        page.title = "Інше"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        SEED_RELATED[0].url = "/x"  # type: ignore[misc]
