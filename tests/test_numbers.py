"""The shared number reader, and grounding that reads figures through it."""

from __future__ import annotations

import pytest

from generator.grounding import Known, known_numbers, untraceable_figures
from generator.numbers import Kind, read_figures


@pytest.mark.parametrize(
    ("text", "kind", "value", "written"),
    [
        ("61.7 percent", "percent", 61.7, "61.7 percent"),
        ("61.7%", "percent", 61.7, "61.7%"),
        ("61.7 per cent", "percent", 61.7, "61.7 per cent"),
        ("9 out of 10", "rating", 9.0, "9 out of 10"),
        ("9/10", "rating", 9.0, "9/10"),
        ("nine out of ten", "rating", 9.0, "nine out of ten"),
        ("$4.2M", "money", 4_200_000.0, "$4.2M"),
        ("4.2 million USD", "money", 4_200_000.0, "4.2 million USD"),
        ("EUR 3,000", "money", 3_000.0, "EUR 3,000"),
        ("€1,250,000.50 in fees", "money", 1_250_000.5, "€1,250,000.50"),
        ("USD 5k", "money", 5_000.0, "USD 5k"),
        ("about a quarter of new business", "percent", 25.0, "a quarter"),
        ("half of our partners", "percent", 50.0, "half"),
        ("from half the distributors", "percent", 50.0, "half"),
        ("two thirds of the deals", "percent", 200 / 3, "two thirds"),
        ("a dozen partners", "count", 12.0, "a dozen partners"),
        ("25 partners", "count", 25.0, "25 partners"),
        ("15 channel resellers", "count", 15.0, "15 channel resellers"),
        ("three of our five resellers", "count", 3.0, "three of our five resellers"),
        ("9 of the 12 partners", "count", 9.0, "9 of the 12 partners"),
    ],
)
def test_reads_the_figure(text: str, kind: Kind, value: float, written: str) -> None:
    [figure] = read_figures(text)
    assert (figure.kind, figure.written) == (kind, written)
    assert figure.value == pytest.approx(value)


def test_a_count_of_a_whole_keeps_the_whole_and_what_it_counts() -> None:
    [figure] = read_figures("three of our five resellers")
    assert (figure.noun, figure.whole) == ("resellers", 5.0)


@pytest.mark.parametrize(
    "text",
    [
        "one of our partners",
        "a two-hour call",
        "one-off",
        "a third party",
        "half an hour",
        "in the first half of the year",
        "in 2025 we signed on",
        "version 1.2.3",
        "Q3 review",
        # A run of 400 digits is no figure (float() would make it infinity).
        "$" + "9" * 400,
        "9" * 400 + " USD",
        "9" * 400 + "%",
    ],
)
def test_reads_no_figure(text: str) -> None:
    assert read_figures(text) == []


def test_words_are_approximate_and_digits_exact() -> None:
    exact, rough = read_figures("33% of deals, about a third of partners")
    assert (exact.exact, rough.exact) == (True, False)


def test_figures_come_in_order_without_overlap() -> None:
    text = "Partner-sourced revenue is $8M, 20% of total; 9/10 of 12 partners rate us 8/10."
    assert [(f.kind, f.written) for f in read_figures(text)] == [
        ("money", "$8M"),
        ("percent", "20%"),
        ("rating", "9/10"),
        ("count", "12 partners"),
        ("rating", "8/10"),
    ]


@pytest.mark.parametrize(
    ("prose", "known", "refused"),
    [
        ("Partners bring 61.7 percent of revenue.", Known(), ["61.7 percent"]),
        ("Partners bring 61.7 percent of revenue.", Known(percents={61.7}), []),
        ("Partners bring 61.7 per cent of revenue.", Known(), ["61.7 per cent"]),
        ("9 out of 10 partners would recommend us.", Known(), ["9 out of 10"]),
        ("9 out of 10 partners would recommend us.", Known(ratings={9.0}), []),
        ("Half of our partners are dormant.", Known(), ["Half"]),
        ("Half of our partners are dormant.", Known(percents={50.0}), []),
        # A share in words is approximate: "a third" is 33% or 35%, not 50%.
        ("About a third of revenue.", Known(percents={35.0}), []),
        ("About a third of revenue.", Known(percents={50.0}), ["a third"]),
        # Counts are not held to the input: a report counts actions, partners by health...
        ("Three of our five resellers and a dozen partners.", Known(), []),
        ("EUR 3,000 per partner.", Known(amounts={3000.0}), []),
        ("EUR 3,000 per partner.", Known(amounts={5000.0}), ["EUR 3,000"]),
    ],
)
def test_grounding_reads_every_form(prose: str, known: Known, refused: list[str]) -> None:
    assert untraceable_figures(prose, known) == refused


def test_figures_the_input_states_in_any_form_are_known() -> None:
    known = known_numbers(
        {"notes": "Partners bring 61.7 percent; 9 out of 10 rate us; about a third of them renew."}
    )
    assert {61.7, 33.3333, 33.0} <= known.percents
    assert 9.0 in known.ratings
    assert untraceable_figures("61.7%, 9/10 and 33% of partners", known) == []


def test_huge_numbers_do_not_break_grounding() -> None:
    huge = int("9" * 400)
    known = known_numbers({"deals": huge, "revenue": huge, "notes": "9" * 400 + " USD"})
    assert known.amounts == set()
    assert untraceable_figures("9" * 400 + "% and $" + "9" * 400, known) == []
