"""Ukrainian typography: every rule on real text, the spans it must not touch, and its laws."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom.text.markdown_dialect import (
    MARKDOWN_EXTENSIONS,
    Block,
    Image,
    Kind,
    LineBreak,
    Span,
)
from newsroom.text.typography import UNITS, typeset, typeset_blocks, typeset_markdown

NB = "\u00a0"

# ------------------------------------------------------------------ the rules


@pytest.mark.parametrize(("text", "expected"), [
    ('Голова ОДА заявив: "Тепло буде вчасно".', "Голова ОДА заявив: «Тепло буде вчасно»."),
    ('Компанія "Укренерго" повідомила', "Компанія «Укренерго» повідомила"),
    ('"Газета "Вечірній Київ" пише"', "«Газета „Вечірній Київ“ пише»"),
    ('«Театр "Березіль" відкрито»', "«Театр „Березіль“ відкрито»"),  # nested in existing «»
    ("«Уже правильні» лапки", "«Уже правильні» лапки"),
    ('Екран 12" і далі', 'Екран 12" і далі'),  # a lone quote is not a pair
    ('"Почалося, але не закінчилося', '"Почалося, але не закінчилося'),
    ('("Дужки")', "(«Дужки»)"),
])
def test_quotes(text: str, expected: str) -> None:
    assert typeset(text, spaces=False) == expected


def test_quotes_pair_within_a_line_only() -> None:
    assert typeset('"перший рядок\nдругий" рядок', spaces=False) == (
        '"перший рядок\nдругий" рядок')


@pytest.mark.parametrize(("text", "expected"), [
    ("м'ята", "м’ята"), ("п'ять", "п’ять"), ("сім'я", "сім’я"), ("Знам'янка", "Знам’янка"),
    ("сімʼя", "сім’я"), ("Знам`янка", "Знам’янка"), ("O'Brien", "O’Brien"),
    ("'90-ті", "'90-ті"),  # not between letters
])
def test_apostrophes(text: str, expected: str) -> None:
    assert typeset(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Київ - столиця України", f"Київ{NB}— столиця України"),
    ("Київ – столиця", f"Київ{NB}— столиця"),
    ("Київ — столиця", f"Київ{NB}— столиця"),
    ("сезон 2016 - 2017 років", f"сезон 2016{NB}— 2017 років"),
    ("будь-який", "будь-який"), ("сезон 2016-2017", "сезон 2016-2017"),
    ("- пряма мова", "- пряма мова"),  # not spaced on both sides
    ("слово -", "слово -"),
])
def test_dashes(text: str, expected: str) -> None:
    assert typeset(text) == expected


@pytest.mark.parametrize("word", ["в", "з", "у", "і", "а", "о", "В", "З", "У", "І", "А", "О"])
def test_no_break_space_after_one_letter_words(word: str) -> None:
    assert typeset(f"Зустріч {word} школі") == f"Зустріч {word}{NB}школі"


@pytest.mark.parametrize(("text", "expected"), [
    ("і в місті", f"і{NB}в{NB}місті"),
    ("з 15 жовтня", f"з{NB}15 жовтня"),
    ("у «Борисполі»", f"у{NB}«Борисполі»"),
    ("сказав а потім", f"сказав а{NB}потім"),
    ("Бува - і таке", f"Бува{NB}— і{NB}таке"),
    ("слово в", "слово в"),  # nothing follows
    ("квітка а", "квітка а"),
    ("Ва б", "Ва б"),  # the end of a longer word
])
def test_one_letter_word_cases(text: str, expected: str) -> None:
    assert typeset(text) == expected


@pytest.mark.parametrize("unit", UNITS)
def test_a_number_keeps_its_unit(unit: str) -> None:
    assert typeset(f"усього 25 {unit} тут") == f"усього 25{NB}{unit} тут"


@pytest.mark.parametrize(("text", "expected"), [
    ("у 2016 р. відкрито", f"у{NB}2016{NB}р. відкрито"),
    ("5 грн за кВт", f"5{NB}грн за кВт"),
    ("5 мільйонів", "5 мільйонів"), ("5 тисяч", "5 тисяч"), ("3 роки", "3 роки"),
    ("5 м²", f"5{NB}м²"), ("наказ № 15", f"наказ №{NB}15"),
])
def test_numbers_and_units(text: str, expected: str) -> None:
    assert typeset(text) == expected


def test_the_year_abbreviation_stays_ukrainian() -> None:
    done = typeset("У 2016 р. та у 2016-2017 рр. бюджет склав 10 млн грн.")
    assert done == f"У{NB}2016{NB}р. та у{NB}2016-2017{NB}рр. бюджет склав 10{NB}млн грн."
    assert "₽" not in done


def test_without_spaces_only_characters_change() -> None:
    text = "Київ - це \"місто\" з м'ятою в 2016 р."
    assert typeset(text, spaces=False) == "Київ — це «місто» з м’ятою в 2016 р."


# ----------------------------------------------------------- protected spans


@pytest.mark.parametrize("protected", [
    "https://oda.gov.ua/news/a-b?q=\"x\"&y='z'",
    "http://old.oda.gov.ua/м'ята",
    "www.oda.gov.ua/o'neil",
    "press.o'neil@oda.gov.ua",
    "`print(\"a - b\")`",
    '<a href="https://oda.gov.ua" title="в місті - "тест"">',
])
def test_plain_text_never_changes_inside(protected: str) -> None:
    done = typeset(f'Див. "тут" {protected} і в місті')
    assert protected in done
    assert done.startswith("Див. «тут»") and done.endswith(f"і{NB}в{NB}місті")


def test_markdown_protected_spans() -> None:
    md = (
        "---\ntitle: \"Заголовок\" - в м'ятному\n---\n"
        "Текст \"так\" і `код \"в\" - м'ята` тут.\n\n"
        "```\nprint(\"в місті - так\")\nм'ята\n```\n\n"
        "    відступ \"код\" - м'ята\n\n"
        "[посилання \"в\" місто](https://oda.gov.ua/a'b-c \"Назва 'в' - х\") і "
        "![фото \"в\" - м'ята](https://oda.gov.ua/i'mage.png)\n\n"
        "Адреса <https://oda.gov.ua/a'b> і <b class=\"x 'y'\">в</b> &quot;м'ята&quot; \\\"в\\\"\n"
    )
    done = typeset_markdown(md)
    for kept in ("---\ntitle: \"Заголовок\" - в м'ятному\n---\n", "`код \"в\" - м'ята`",
                 "```\nprint(\"в місті - так\")\nм'ята\n```",
                 "    відступ \"код\" - м'ята",
                 "(https://oda.gov.ua/a'b-c \"Назва 'в' - х\")",
                 "![фото \"в\" - м'ята](https://oda.gov.ua/i'mage.png)",
                 "<https://oda.gov.ua/a'b>", "<b class=\"x 'y'\">", "&quot;", '\\"в\\"'):
        assert kept in done, kept
    assert "Текст «так» і" in done
    assert "[посилання «в» місто]" in done
    assert "&quot;м’ята&quot;" in done


def test_markdown_block_markers_are_kept() -> None:
    md = ('## Київ - столиця\n\n- пункт "а"\n    - в місті\n\n1. п\'ять\n\n'
          '> цитата "о"  \n> друга "частина\n> цитати"\n\n---\n\nТекст\n')
    assert typeset_markdown(md) == (
        f"## Київ{NB}— столиця\n\n- пункт «а»\n    - в{NB}місті\n\n1. п’ять\n\n"
        "> цитата «о»  \n> друга «частина\n> цитати»\n\n---\n\nТекст\n")


def test_quotes_pair_over_markup() -> None:
    assert typeset_markdown('Він сказав "**важливо**" і "[тут](https://x.ua)".\n') == (
        f"Він сказав «**важливо**» і{NB}«[тут](https://x.ua)».\n")


def test_blocks_are_typeset_across_their_spans() -> None:
    blocks = (Block(Kind.PARAGRAPH, (Span('"Перше '), Span("жирне", bold=True),
                                     Span('" і'), LineBreak(), Image("https://x.ua/a'b.png"),
                                     Span(" м'ята", href="https://x.ua/m'a"))),)
    assert typeset_blocks(blocks) == (
        Block(Kind.PARAGRAPH, (Span("«Перше "), Span("жирне", bold=True), Span("» і"),
                               LineBreak(), Image("https://x.ua/a'b.png"),
                               Span(" м’ята", href="https://x.ua/m'a"))),)


# ------------------------------------------------------------------ the laws

WORDS = ["в", "з", "у", "і", "а", "о", "Київ", "м'ята", "сімʼя", "Знам`янка", "будь-який",
         "2016", "р.", "грн", "тис.", "%", "-", "–", "—", '"', "'", "«", "»", "„", "“", "№",
         "10", "км", "`код \"в\" - м'ята`", "**", "*", "[посилання \"в\"](https://x.ua/a'b)",
         "![фото](https://x.ua/i'm \"т - 'в'\")", "https://oda.gov.ua/a-b'c",
         "press@oda.gov.ua", "<b>", "</b>", "&amp;", "\\*", "(", ")", ".", ","]
line = st.lists(st.sampled_from(WORDS), max_size=12).flatmap(
    lambda words: st.lists(st.sampled_from([" ", " ", "", NB]), min_size=len(words),
                           max_size=len(words)).map(
        lambda gaps: "".join(w + g for w, g in zip(words, gaps, strict=True)).strip()))
prefix = st.sampled_from(["", "", "- ", "1. ", "## ", "> ", "    - ", "> - "])
paragraph = st.tuples(prefix, line).map("".join)
code = st.sampled_from(["```\n\"в\" - м'ята\n```", "    \"в\" - м'ята", "~~~\nі в\n~~~"])
document = st.lists(st.one_of(paragraph, paragraph, code), max_size=6).flatmap(
    lambda parts: st.lists(st.sampled_from(["\n", "\n\n"]), min_size=len(parts),
                           max_size=len(parts)).map(
        lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True))))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "\n"]), max_size=20).map(" ".join))
def test_typeset_is_idempotent(text: str) -> None:
    once = typeset(text)
    assert typeset(once) == once
    assert len(once) == len(text)


@settings(max_examples=300, deadline=None)
@given(document)
def test_typeset_markdown_is_idempotent(md: str) -> None:
    once = typeset_markdown(md)
    assert typeset_markdown(once) == once


_PLAIN = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "’": "'",
                        "ʼ": "'", "`": "'", NB: " ", "—": "-", "–": "-"})


class _Structure(HTMLParser):
    """Tags and attributes exactly, code exactly, other text up to typography."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[object] = []
        self.code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("<", tag, attrs))
        self.code += tag == "code"

    def handle_endtag(self, tag: str) -> None:
        self.events.append((">", tag))
        self.code -= tag == "code"

    def handle_data(self, data: str) -> None:
        text = data if self.code else " ".join(data.translate(_PLAIN).split())
        if self.events and isinstance(self.events[-1], str):
            self.events[-1] += text
        else:
            self.events.append(text)


def structure(md: str) -> list[object]:
    parser = _Structure()
    parser.feed(markdown.markdown(md, extensions=list(MARKDOWN_EXTENSIONS)))
    parser.close()
    return parser.events


@settings(max_examples=300, deadline=None)
@given(document)
def test_typeset_markdown_keeps_the_structure(md: str) -> None:
    assert structure(typeset_markdown(md)) == structure(md)


def test_the_structure_check_sees_a_changed_link() -> None:
    assert structure("[a](https://x.ua/a'b)\n") != structure("[a](https://x.ua/a’b)\n")
    assert structure("`a'b`\n") != structure("`a’b`\n")
