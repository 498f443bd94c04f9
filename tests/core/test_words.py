"""Apostrophes, word tokens and the word diff used on the review screen."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom.text.words import (
    APOSTROPHES,
    DiffOp,
    diff_to_html,
    normalize_apostrophes,
    tokenize_words,
    word_diff,
)

RIGHT_QUOTE = "\u2019"
MODIFIER = "\u02bc"


def _join(ops: list[DiffOp], *kinds: str) -> str:
    return "".join(op.text for op in ops if op.kind in kinds)


# --- apostrophes -----------------------------------------------------------


def test_the_three_apostrophes_are_the_documented_code_points() -> None:
    assert sorted(APOSTROPHES) == sorted(["\u2019", "\u02bc", "'"])


@pytest.mark.parametrize("apostrophe", ["\u2019", "\u02bc", "'"])
def test_every_apostrophe_inside_a_word_becomes_u2019(apostrophe: str) -> None:
    assert normalize_apostrophes(f"сім{apostrophe}ї") == f"сім{RIGHT_QUOTE}ї"
    assert normalize_apostrophes(f"Знам{apostrophe}янка") == "Знам\u2019янка"


def test_ascii_quote_marks_outside_words_are_left_alone() -> None:
    assert normalize_apostrophes("він сказав 'так' і 'ні'") == "він сказав 'так' і 'ні'"
    assert normalize_apostrophes("5'6 і ' окремо") == "5'6 і ' окремо"


def test_modifier_letter_apostrophe_is_changed_even_at_a_word_edge() -> None:
    assert normalize_apostrophes(f"{MODIFIER}слово{MODIFIER}") == f"{RIGHT_QUOTE}слово{RIGHT_QUOTE}"


def test_latin_words_with_ascii_apostrophe_are_normalised_too() -> None:
    assert normalize_apostrophes("O'Brien don't") == f"O{RIGHT_QUOTE}Brien don{RIGHT_QUOTE}t"


def test_normalising_twice_changes_nothing_more() -> None:
    text = "сім'ї, Знамʼянка, 'лапки', п’ять"
    once = normalize_apostrophes(text)
    assert normalize_apostrophes(once) == once
    assert once == "сім’ї, Знам’янка, 'лапки', п’ять"


# --- tokens ------------------------------------------------------------------


def test_words_with_apostrophes_and_hyphens_stay_whole() -> None:
    text = "Сім’ї зі Знамʼянки отримали будь-яку допомогу, пам'ятайте!"
    assert tokenize_words(text) == [
        "Сім’ї",
        "зі",
        "Знамʼянки",
        "отримали",
        "будь-яку",
        "допомогу",
        "пам'ятайте",
    ]


def test_quotes_and_dashes_around_words_are_not_part_of_them() -> None:
    text = "«Волонтерська сотня» — 'так' - ні -слово- "
    assert tokenize_words(text) == ["Волонтерська", "сотня", "так", "ні", "слово"]


def test_numbers_and_latin_words_are_tokens() -> None:
    assert tokenize_words("У 2015-2016 роках COVID-19 і Wi-Fi, 3,5 млн") == [
        "У",
        "2015-2016",
        "роках",
        "COVID-19",
        "і",
        "Wi-Fi",
        "3",
        "5",
        "млн",
    ]


def test_stress_marks_do_not_split_a_word() -> None:
    assert tokenize_words("за\u0301мок і за\u0301’їзд") == ["за\u0301мок", "і", "за\u0301’їзд"]


def test_underscore_and_empty_text_give_no_words() -> None:
    assert tokenize_words("") == []
    assert tokenize_words("_ — … «»") == []


# --- diff ----------------------------------------------------------------------


def test_identical_texts_give_one_equal_run() -> None:
    assert word_diff("Рівне і Київ", "Рівне і Київ") == [DiffOp("equal", "Рівне і Київ")]


def test_empty_texts_give_no_runs() -> None:
    assert word_diff("", "") == []
    assert word_diff("", "нове") == [DiffOp("insert", "нове")]
    assert word_diff("старе", "") == [DiffOp("delete", "старе")]


def test_a_changed_word_is_deleted_then_inserted() -> None:
    ops = word_diff("Засідання відбудеться у вівторок.", "Засідання відбудеться у середу.")
    assert ops == [
        DiffOp("equal", "Засідання відбудеться у "),
        DiffOp("delete", "вівторок"),
        DiffOp("insert", "середу"),
        DiffOp("equal", "."),
    ]


def test_whole_words_change_not_letters() -> None:
    ops = word_diff("волонтерські", "волонтерськими")
    assert ops == [DiffOp("delete", "волонтерські"), DiffOp("insert", "волонтерськими")]


def test_neighbouring_changed_words_read_as_one_replacement() -> None:
    ops = word_diff("the cat sat", "a dog sat")
    assert ops == [
        DiffOp("delete", "the cat"),
        DiffOp("insert", "a dog"),
        DiffOp("equal", " sat"),
    ]


def test_apostrophe_forms_are_not_a_change_and_new_form_is_shown() -> None:
    ops = word_diff("сім'ї з Знам'янки", "сім’ї з Знамʼянки")
    assert ops == [DiffOp("equal", "сім’ї з Знамʼянки")]


def test_apostrophe_form_and_a_real_change_together() -> None:
    ops = word_diff("Допомога сім'ї Петренків", "Допомога сім’ї Іваненків")
    assert ops == [
        DiffOp("equal", "Допомога сім’ї "),
        DiffOp("delete", "Петренків"),
        DiffOp("insert", "Іваненків"),
    ]


def test_changed_punctuation_is_its_own_run() -> None:
    ops = word_diff("Так, звісно", "Так — звісно")
    assert _join(ops, "equal", "insert") == "Так — звісно"
    assert DiffOp("delete", ",") in ops
    assert DiffOp("insert", " —") in ops


def test_a_changed_space_does_not_mark_the_words_as_changed() -> None:
    assert word_diff("a b", "a  b") == [
        DiffOp("equal", "a"),
        DiffOp("delete", " "),
        DiffOp("insert", "  "),
        DiffOp("equal", "b"),
    ]


def test_merged_paragraphs_keep_their_words_aligned() -> None:
    old = "Перший абзац про нараду.\n\nДругий абзац про волонтерів.\n\nТретій абзац."
    new = "Перший абзац про нараду. Другий абзац про волонтерів міста.\n\nТретій абзац."
    assert word_diff(old, new) == [
        DiffOp("equal", "Перший абзац про нараду."),
        DiffOp("delete", "\n\n"),
        DiffOp("insert", " "),
        DiffOp("equal", "Другий абзац про волонтерів"),
        DiffOp("insert", " міста"),
        DiffOp("equal", ".\n\nТретій абзац."),
    ]


def test_one_word_changed_in_a_long_article_is_one_small_change() -> None:
    paragraphs = [
        f"Абзац {number}: громада {number} отримала {number * 7} тонн допомоги, "
        "і волонтери та соціальні служби працювали разом."
        for number in range(60)
    ]
    old = "\n\n".join(paragraphs)
    edited = list(paragraphs)
    edited[30] = edited[30].replace("отримала", "передала")
    new = "\n\n".join(edited)
    ops = word_diff(old, new)
    assert [op.kind for op in ops] == ["equal", "delete", "insert", "equal"]
    assert (ops[1].text, ops[2].text) == ("отримала", "передала")


def test_diff_to_html_marks_changes_and_escapes_text() -> None:
    ops = word_diff("a <b> & c", "a <i> & c")
    assert diff_to_html(ops) == "a &lt;<del>b</del><ins>i</ins>&gt; &amp; c"


def test_diff_to_html_escapes_inside_ins_and_del() -> None:
    ops = [DiffOp("delete", "<script>"), DiffOp("insert", '"x"'), DiffOp("equal", "'")]
    assert diff_to_html(ops) == "<del>&lt;script&gt;</del><ins>&quot;x&quot;</ins>&#x27;"


def test_diff_ops_are_immutable() -> None:
    op = DiffOp("equal", "x")
    with pytest.raises(AttributeError):
        op.text = "y"  # type: ignore[misc]


# --- properties ------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["сім’ї", "сім'ї", "сімʼї", "будь-який", "Київ", "київ", "word", "2016", "«", "»", "'",
     ",", ".", " — ", " ", "  ", "\n", "\n\n", " \n ", "\r\n", "\t", "-", "ї", "a", "б", "’"]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=30).map("".join) | st.text(max_size=60)
_PLAIN_TEXTS = st.text(
    alphabet=st.characters(exclude_characters=APOSTROPHES, exclude_categories=["Cs"]),
    max_size=60,
)


@settings(max_examples=300)
@given(old=_TEXTS, new=_TEXTS)
def test_diff_rebuilds_new_exactly_and_old_up_to_apostrophes(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert _join(ops, "equal", "insert") == new
    assert normalize_apostrophes(_join(ops, "equal", "delete")) == normalize_apostrophes(old)


@settings(max_examples=300)
@given(old=_PLAIN_TEXTS, new=_PLAIN_TEXTS)
def test_diff_rebuilds_old_exactly_without_apostrophe_variants(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert _join(ops, "equal", "delete") == old
    assert _join(ops, "equal", "insert") == new


@given(old=_TEXTS, new=_TEXTS)
def test_runs_are_non_empty_and_merged(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert all(op.text for op in ops)
    assert all(a.kind != b.kind for a, b in pairwise(ops))
    # A replacement always reads old first, then new.
    assert all(not (a.kind == "insert" and b.kind == "delete") for a, b in pairwise(ops))


@given(text=_TEXTS)
def test_a_text_compared_with_itself_has_no_changes(text: str) -> None:
    assert all(op.kind == "equal" for op in word_diff(text, text))
