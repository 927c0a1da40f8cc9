"""Input parsing and validation: every bad input gets one line naming the field and the fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from generator.errors import InputFileError, InputValidationError
from generator.frameworks import load_framework
from generator.inputs import (
    MAX_CSV_BYTES,
    MAX_PARTNERS,
    MAX_TEXT_CHARS,
    MAX_YAML_BYTES,
    AssessmentInput,
    Weight,
    _fast_load,
    _StrictLoader,
    clean_text,
    input_model,
    load_input,
    parse_input,
    parse_yaml,
    read_roster_csv,
    read_text_file,
)
from tests.conftest import EXAMPLE_FILES, MINIMAL, write_yaml

READINESS = load_framework("readiness")
DIMENSION_IDS = READINESS.dimension_ids

SOURCE = "input.yaml"
ACME = {"name": "Acme", "type": "channel"}
MINIMAL_YAML = yaml.safe_dump(MINIMAL, sort_keys=False)


def with_(**fields: Any) -> dict[str, Any]:
    """MINIMAL plus (or overriding) the given fields."""
    return {**MINIMAL, **fields}


def without(*keys: str, **extra: Any) -> dict[str, Any]:
    """MINIMAL without the given keys, plus extra fields."""
    return {**{k: v for k, v in MINIMAL.items() if k not in keys}, **extra}


def partner(**fields: Any) -> dict[str, Any]:
    """MINIMAL with a one-partner roster: Acme (channel) plus the given fields."""
    return with_(partners=[{**ACME, **fields}])


def all_weights(**overrides: float) -> dict[str, float]:
    return {dimension: overrides.get(dimension, 1.0) for dimension in DIMENSION_IDS}


def validation_message(data: dict[str, Any]) -> str:
    with pytest.raises(InputValidationError) as info:
        parse_input(data, source=SOURCE)
    return str(info.value)


def assert_contains(text: str, expected: tuple[str, ...]) -> None:
    for part in expected:
        assert part in text, f"{part!r} not in {text!r}"


# --- valid input -----------------------------------------------------------------------------


def test_minimal_input_parses_with_defaults() -> None:
    result = parse_input(MINIMAL)
    assert isinstance(result, AssessmentInput)
    assert result.partner_context == MINIMAL["partner_context"]
    assert result.objectives == MINIMAL["objectives"]
    assert result.constraints == MINIMAL["constraints"]
    assert result.currency == "USD"
    assert result.partners is None
    assert result.partners_csv is None
    assert result.indicators is None
    assert result.partner_feedback is None
    assert result.weights is None
    assert result.assessed_on is None
    assert result.organisation is None


def test_text_fields_are_stripped() -> None:
    result = parse_input(
        with_(objectives="  Grow revenue.  \n", partners=[{**ACME, "name": " Acme "}])
    )
    assert result.objectives == "Grow revenue."
    assert result.partners is not None
    assert result.partners[0].name == "Acme"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("$1.5M", 1_500_000.0, id="dollar-millions"),
        pytest.param("1,200,000", 1_200_000.0, id="thousands-separators"),
        pytest.param("250k", 250_000.0, id="k-suffix"),
        pytest.param("250K", 250_000.0, id="k-suffix-capital"),
        pytest.param("€2bn", 2_000_000_000.0, id="euro-billions"),
        pytest.param("3 mm", 3_000_000.0, id="mm-with-space"),
        pytest.param("1_000", 1_000.0, id="underscores"),
        pytest.param(1_500_000, 1_500_000.0, id="plain-int"),
        pytest.param(0, 0.0, id="zero"),
    ],
)
def test_amounts_are_coerced(raw: Any, expected: float) -> None:
    result = parse_input(partner(revenue=raw, pipeline=raw))
    assert result.partners is not None
    assert result.partners[0].revenue == expected
    assert result.partners[0].pipeline == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Reseller", "channel"),
        ("distributor", "channel"),
        ("VAR", "channel"),
        ("tech", "technology"),
        ("ISV", "technology"),
        ("Technology Integration", "technology"),
        ("MSP", "service"),
        ("system integrator", "service"),
        ("affiliate", "referral"),
        ("Alliance", "strategic"),
        (" Strategic ", "strategic"),
        ("referral", "referral"),
    ],
)
def test_partner_type_synonyms(raw: str, expected: str) -> None:
    result = parse_input(partner(type=raw))
    assert result.partners is not None
    assert result.partners[0].type == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("High", "high"),
        (" LOW ", "low"),
        ("medium", "medium"),
        ("72", 72.0),
        (55, 55.0),
        (0, 0.0),
        ("100", 100.0),
    ],
)
def test_engagement_labels_and_scores(raw: Any, expected: Any) -> None:
    result = parse_input(partner(engagement=raw))
    assert result.partners is not None
    assert result.partners[0].engagement == expected


@pytest.mark.parametrize("raw", ["2026-11-02", date(2026, 11, 2)], ids=["string", "date"])
def test_dates_are_parsed(raw: Any) -> None:
    result = parse_input({**partner(last_activity=raw), "assessed_on": raw})
    assert result.assessed_on == date(2026, 11, 2)
    assert result.partners is not None
    assert result.partners[0].last_activity == date(2026, 11, 2)


def test_yaml_dates_load_as_dates(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL_YAML + "assessed_on: 2026-11-02\n")
    assert load_input(path).assessed_on == date(2026, 11, 2)


def test_full_partner_row_parses() -> None:
    result = parse_input(
        partner(
            tier="Gold",
            region="DACH",
            deals=12,
            satisfaction=7.5,
            satisfaction_previous=8,
            executive_sponsor=True,
            notes="Key distributor.",
        )
    )
    assert result.partners is not None
    acme = result.partners[0]
    assert (acme.tier, acme.region, acme.deals) == ("Gold", "DACH", 12)
    assert (acme.satisfaction, acme.satisfaction_previous) == (7.5, 8.0)
    assert acme.executive_sponsor is True
    assert acme.notes == "Key distributor."


def test_single_feedback_comment_becomes_a_list() -> None:
    result = parse_input(with_(partner_feedback={"training": 5, "comments": "Training is thin."}))
    assert result.partner_feedback is not None
    assert result.partner_feedback.comments == ["Training is thin."]
    assert result.partner_feedback.training == 5.0


def test_feedback_comments_default_to_empty_list() -> None:
    result = parse_input(with_(partner_feedback={"support": 7}))
    assert result.partner_feedback is not None
    assert result.partner_feedback.comments == []


def test_rated_returns_only_rated_indicators() -> None:
    result = parse_input(
        with_(
            indicators={
                "strategy_value": {"mutual_value": 3, "ideal_profile": 4.5},
                "onboarding_enablement": {},
                "gtm_cosell": {"lead_routing": 1},
            }
        )
    )
    assert result.indicators is not None
    assert result.indicators.rated() == {
        "strategy_value": {"mutual_value": 3.0, "ideal_profile": 4.5},
        "gtm_cosell": {"lead_routing": 1.0},
    }


def test_rated_is_empty_without_ratings() -> None:
    assert input_model(READINESS).model_fields["indicators"].annotation is not None
    assert parse_input(with_(indicators={})).indicators.rated() == {}  # type: ignore[union-attr]


def test_weights_as_dict_in_dimension_order() -> None:
    weights = {dimension: float(n) for n, dimension in enumerate(DIMENSION_IDS, start=1)}
    result = parse_input(with_(weights=weights))
    assert result.weights is not None
    as_dict = result.weights.as_dict()
    assert as_dict == weights
    assert list(as_dict) == list(DIMENSION_IDS)
    weights_model = READINESS.weights_model(Weight)
    assert weights_model(**all_weights(gtm_cosell=2)).as_dict()["gtm_cosell"] == 2.0  # type: ignore[attr-defined]


def test_text_at_the_limit_is_accepted() -> None:
    result = parse_input(with_(objectives="x" * MAX_TEXT_CHARS))
    assert len(result.objectives) == MAX_TEXT_CHARS


@pytest.mark.parametrize("path", EXAMPLE_FILES)
def test_examples_load(path: Path) -> None:
    assert load_input(path).objectives


# --- field errors: one line naming the field and the fix ----------------------------------------


FIELD_ERRORS = [
    pytest.param(
        without("objectives", objectivs="Grow."),
        ("unknown field 'objectivs'", "did you mean 'objectives'?"),
        id="unknown-top-level-key",
    ),
    pytest.param(
        with_(organsation="Acme"),
        ("unknown field 'organsation'", "did you mean 'organisation'?"),
        id="unknown-optional-key",
    ),
    pytest.param(
        with_(zzz=1),
        ("unknown field 'zzz'", "allowed: partner_context, objectives, constraints"),
        id="unknown-key-lists-allowed",
    ),
    pytest.param(
        without("constraints"),
        ("constraints: required field is missing; add it",),
        id="missing-required",
    ),
    pytest.param(
        with_(objectives="   "),
        ("objectives: is empty; write some text here",),
        id="empty-text",
    ),
    pytest.param(
        with_(partner_context="x" * (MAX_TEXT_CHARS + 1)),
        ("partner_context: is longer than 20,000 characters; shorten it",),
        id="text-too-long",
    ),
    pytest.param(
        with_(objectives=5),
        ("objectives: expected text here, got int",),
        id="text-not-a-string",
    ),
    pytest.param(
        partner(revenu=5),
        ("partners[0]: unknown field 'revenu'", "did you mean 'revenue'?"),
        id="unknown-partner-field",
    ),
    pytest.param(
        partner(type="friend"),
        (
            "partners[0].type: 'friend' is not allowed",
            "use one of 'strategic', 'channel', 'technology', 'referral' or 'service'",
        ),
        id="bad-partner-type",
    ),
    pytest.param(
        with_(partners=[{"type": "channel"}]),
        ("partners[0].name: required field is missing; add it",),
        id="partner-without-name",
    ),
    pytest.param(
        partner(engagement=150),
        (
            "partners[0].engagement: 150 is not valid",
            "use high, medium, low or a score from 0 to 100",
        ),
        id="engagement-over-100",
    ),
    pytest.param(
        partner(engagement="-5"),
        (
            "partners[0].engagement: -5.0 is not valid",
            "use high, medium, low or a score from 0 to 100",
        ),
        id="engagement-negative",
    ),
    pytest.param(
        partner(engagement="huge"),
        (
            "partners[0].engagement: 'huge' is not valid",
            "use high, medium, low or a score from 0 to 100",
        ),
        id="engagement-bad-label",
    ),
    pytest.param(
        partner(satisfaction=12),
        ("partners[0].satisfaction: 12 is out of range", "it must be at most 10"),
        id="satisfaction-12",
    ),
    pytest.param(
        partner(satisfaction_previous=-1),
        ("partners[0].satisfaction_previous: -1 is out of range", "it must be at least 0"),
        id="satisfaction-previous-negative",
    ),
    pytest.param(
        partner(revenue=-5),
        ("partners[0].revenue: -5 is out of range", "it must be at least 0"),
        id="negative-revenue",
    ),
    pytest.param(
        partner(deals=-1),
        ("partners[0].deals: -1 is out of range", "it must be at least 0"),
        id="negative-deals",
    ),
    pytest.param(
        partner(deals=1.5),
        ("partners[0].deals: 1.5 is not a number", "write a plain number"),
        id="fractional-deals",
    ),
    pytest.param(
        partner(revenue="lots"),
        ("partners[0].revenue: 'lots' is not a number", "write a plain number such as 1500000"),
        id="revenue-not-a-number",
    ),
    pytest.param(
        partner(executive_sponsor="maybe"),
        ("partners[0].executive_sponsor: 'maybe' is not yes/no", "write true or false"),
        id="bad-boolean",
    ),
    pytest.param(
        partner(last_activity="yesterday"),
        ("partners[0].last_activity: 'yesterday' is not a date", "write it as YYYY-MM-DD"),
        id="bad-partner-date",
    ),
    pytest.param(
        with_(assessed_on="2026-13-01"),
        ("assessed_on: '2026-13-01' is not a date", "write it as YYYY-MM-DD"),
        id="bad-assessed-on",
    ),
    pytest.param(
        with_(partners=[ACME, {"name": "ACME", "type": "tech"}]),
        ("partners: partner name 'ACME' appears twice", "give each partner a unique name"),
        id="duplicate-partner-names",
    ),
    pytest.param(
        with_(partners=["Acme"]),
        ("partners[0]: expected a block of named fields here, got str",),
        id="partner-not-a-mapping",
    ),
    pytest.param(
        with_(indicators={"strategy_value": {"training": 3}}),
        (
            "indicators.strategy_value: unknown field 'training'",
            "'training' belongs under indicators.onboarding_enablement",
        ),
        id="indicator-under-wrong-dimension",
    ),
    pytest.param(
        with_(indicators={"strategy_valu": {"mutual_value": 3}}),
        ("indicators: unknown field 'strategy_valu'", "did you mean 'strategy_value'?"),
        id="unknown-dimension",
    ),
    pytest.param(
        with_(indicators={"strategy_value": {"mutual_valu": 3}}),
        ("indicators.strategy_value: unknown field 'mutual_valu'", "did you mean 'mutual_value'?"),
        id="unknown-indicator",
    ),
    pytest.param(
        with_(indicators={"strategy_value": {"mutual_value": 0}}),
        ("indicators.strategy_value.mutual_value: 0 is out of range", "it must be at least 1"),
        id="indicator-rating-0",
    ),
    pytest.param(
        with_(indicators={"gtm_cosell": {"attribution": 6}}),
        ("indicators.gtm_cosell.attribution: 6 is out of range", "it must be at most 5"),
        id="indicator-rating-6",
    ),
    pytest.param(
        with_(indicators={"strategy_value": 3}),
        ("indicators.strategy_value: expected a block of named fields here, got int",),
        id="dimension-not-a-mapping",
    ),
    pytest.param(
        with_(partner_feedback={"training": 11}),
        ("partner_feedback.training: 11 is out of range", "it must be at most 10"),
        id="feedback-training-11",
    ),
    pytest.param(
        with_(partner_feedback={"trainng": 5}),
        ("partner_feedback: unknown field 'trainng'", "did you mean 'training'?"),
        id="feedback-unknown-field",
    ),
    pytest.param(
        with_(partner_feedback={"respondents": 0}),
        ("partner_feedback.respondents: 0 is out of range", "it must be at least 1"),
        id="feedback-no-respondents",
    ),
    pytest.param(
        with_(partner_feedback={"comments": ""}),
        ("partner_feedback.comments[0]: is empty; write some text here",),
        id="feedback-empty-comment",
    ),
    pytest.param(
        with_(weights={d: 1 for d in DIMENSION_IDS if d != "relationship_trust"}),
        ("weights.relationship_trust: required field is missing; add it",),
        id="weights-missing-dimension",
    ),
    pytest.param(
        with_(weights=all_weights(gtm_cosell=0)),
        ("weights.gtm_cosell: 0 is out of range", "it must be more than 0"),
        id="weight-zero",
    ),
    pytest.param(
        with_(weights=all_weights(gtm_cosell=11)),
        ("weights.gtm_cosell: 11 is out of range", "it must be at most 10"),
        id="weight-over-10",
    ),
    pytest.param(
        with_(currency="usd"),
        ("currency: 'usd' is not an ISO currency code", "use three capitals like USD or EUR"),
        id="lowercase-currency",
    ),
    pytest.param(
        with_(partners="Acme, Beta"),
        ("partners: expected a list here, got str",),
        id="partners-as-string",
    ),
    pytest.param(
        with_(partners=[ACME], partners_csv="roster.csv"),
        ("give the roster either as 'partners' or as 'partners_csv', not both",),
        id="partners-and-partners-csv",
    ),
    pytest.param(
        with_(partners_csv=5),
        ("partners_csv must be a file path such as 'partners.csv'",),
        id="partners-csv-not-a-string",
    ),
    pytest.param(
        with_(partners_csv="  "),
        ("partners_csv must be a file path such as 'partners.csv'",),
        id="partners-csv-blank",
    ),
]


@pytest.mark.parametrize(("data", "expected"), FIELD_ERRORS)
def test_field_errors_name_the_field_and_the_fix(
    data: dict[str, Any], expected: tuple[str, ...]
) -> None:
    message = validation_message(data)
    first = message.splitlines()[0]
    assert first.startswith(f"{SOURCE}: ")
    assert_contains(first, expected)
    assert "Traceback" not in message
    assert len(message.splitlines()) <= 2


SINGLE_PROBLEMS = [
    pytest.param(without("constraints"), id="missing-required"),
    pytest.param(partner(satisfaction=12), id="satisfaction-12"),
    pytest.param(partner(revenu=5), id="unknown-partner-field"),
    pytest.param(with_(indicators={"strategy_value": {"training": 3}}), id="wrong-dimension"),
    pytest.param(with_(weights=all_weights(gtm_cosell=0)), id="weight-zero"),
    pytest.param(with_(currency="usd"), id="currency"),
]


@pytest.mark.parametrize(
    "data",
    [
        *SINGLE_PROBLEMS,
        *(
            pytest.param(partner(engagement=value), id=f"engagement-{value}")
            for value in (150, "huge")
        ),
    ],
)
def test_a_single_problem_is_a_single_line(data: dict[str, Any]) -> None:
    message = validation_message(data)
    assert "\n" not in message
    assert "more problem" not in message


def test_bad_engagement_counts_as_one_problem() -> None:
    data = with_(partners=[{**ACME, "engagement": 150}, {"name": "B", "type": "tech", "deals": -1}])
    lines = validation_message(data).splitlines()
    assert lines[0].startswith("input.yaml: partners[0].engagement: 150 is not valid")
    assert lines[1] == "(1 more problem in input.yaml; fix this one first)"


@pytest.mark.parametrize("raw", [float("inf"), "inf", "1e400"], ids=["float", "word", "overflow"])
def test_infinite_revenue_is_refused(raw: Any) -> None:
    with pytest.raises(InputValidationError, match=r"partners\[0\]\.revenue"):
        parse_input(partner(revenue=raw), source=SOURCE)


# --- counting the remaining problems -------------------------------------------------------


def test_unknown_key_comes_first_even_though_the_required_one_is_then_missing() -> None:
    message = validation_message(without("objectives", objectivs="Grow partner revenue."))
    lines = message.splitlines()
    assert lines == [
        "input.yaml: unknown field 'objectivs'; did you mean 'objectives'?",
        "(1 more problem in input.yaml; fix this one first)",
    ]


def test_unknown_key_first_even_when_listed_last() -> None:
    data = {"partner_context": "x", "constraints": "y", "partners": "z", "objectivs": "w"}
    lines = validation_message(data).splitlines()
    assert lines[0] == "input.yaml: unknown field 'objectivs'; did you mean 'objectives'?"
    assert lines[1] == "(2 more problems in input.yaml; fix this one first)"


@pytest.mark.parametrize(
    ("data", "first", "second"),
    [
        pytest.param(
            {},
            "input.yaml: partner_context: required field is missing; add it",
            "(2 more problems in input.yaml; fix this one first)",
            id="all-three-missing",
        ),
        pytest.param(
            with_(currency="usd", partners=[{**ACME, "satisfaction": 12}]),
            "input.yaml: currency: 'usd' is not an ISO currency code",
            "(1 more problem in input.yaml; fix this one first)",
            id="two-problems-singular",
        ),
        pytest.param(
            with_(partners=[{**ACME, "deals": -1, "revenue": "lots", "type": "friend"}]),
            "input.yaml: partners[0].type: 'friend' is not allowed",
            "(2 more problems in input.yaml; fix this one first)",
            id="three-partner-problems",
        ),
    ],
)
def test_second_line_counts_the_other_problems(
    data: dict[str, Any], first: str, second: str
) -> None:
    lines = validation_message(data).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(first)
    assert lines[1] == second


# --- file errors -----------------------------------------------------------------------------

NOT_CREATED = None
DIRECTORY = "directory"

FILE_ERRORS = [
    pytest.param(NOT_CREATED, ("input file not found:", "(check the path)"), id="missing-file"),
    pytest.param(DIRECTORY, ("input file is not a file:",), id="directory"),
    pytest.param(
        b"",
        ("is empty; it needs partner_context, objectives and constraints",),
        id="empty-file",
    ),
    pytest.param(
        b"# only a comment\n",
        ("is empty; it needs partner_context, objectives and constraints",),
        id="only-comments",
    ),
    pytest.param(
        b"- partner_context: a\n- objectives: b\n",
        ("must be a YAML mapping of fields", "not a list"),
        id="yaml-list",
    ),
    pytest.param(
        b"just some text\n",
        ("must be a YAML mapping of fields", "not a str"),
        id="yaml-scalar",
    ),
    pytest.param(
        b"partner_context: a\nobjectives: [b\n",
        ("line 3, column 1:", "expected ',' or ']'", "(fix the YAML syntax there)"),
        id="unclosed-bracket",
    ),
    pytest.param(
        b"partner_context: a\n  objectives: b\n",
        ("line 2, column 13:", "mapping values are not allowed here", "fix the YAML syntax"),
        id="bad-indentation",
    ),
    pytest.param(
        b"partner_context: a\n\tobjectives: b\n",
        ("line 2, column 1:", "cannot start any token", "fix the YAML syntax"),
        id="tab-indentation",
    ),
    pytest.param(
        b"partner_context: &ctx Some text\nobjectives: *ctx\nconstraints: c\n",
        ("line 2, column 13:", "aliases (*name) are not allowed in input files"),
        id="alias",
    ),
    pytest.param(
        b"base: &b {x: 1}\nother:\n  <<: *b\n",
        ("aliases (*name) are not allowed",),
        id="merge-key-alias",
    ),
    pytest.param(
        (MINIMAL_YAML + "objectives: again\n").encode(),
        ("line 4, column 1:", "key 'objectives' appears twice in the same block"),
        id="duplicate-top-level-key",
    ),
    pytest.param(
        (MINIMAL_YAML + "partner_feedback:\n  training: 5\n  training: 6\n").encode(),
        ("line 6, column 3:", "key 'training' appears twice in the same block"),
        id="duplicate-nested-key",
    ),
    pytest.param(
        b"partner_context: !!python/object/apply:os.system [echo hi]\n",
        ("could not determine a constructor", "python/object/apply:os.system"),
        id="python-tag-refused",
    ),
    pytest.param(
        (MINIMAL_YAML + "---\n" + MINIMAL_YAML).encode(),
        ("but found another document",),
        id="two-documents",
    ),
    pytest.param(
        b"partner_context: a\x00b\n",
        ("is a binary file; give a UTF-8 text file",),
        id="binary-nul-bytes",
    ),
    pytest.param(
        "partner_context: Caf\xe9\n".encode("latin-1"),
        ("is not UTF-8 text (byte 20); save it as UTF-8",),
        id="latin-1",
    ),
    pytest.param(
        b"partner_context: " + b"x" * MAX_YAML_BYTES + b"\n",
        (f"is {MAX_YAML_BYTES + 18:,} bytes; the limit is {MAX_YAML_BYTES:,} bytes",),
        id="over-the-limit",
    ),
]


@pytest.mark.parametrize(("content", "expected"), FILE_ERRORS)
def test_file_errors(
    tmp_path: Path, content: bytes | str | None, expected: tuple[str, ...]
) -> None:
    path = tmp_path / "input.yaml"
    if content == DIRECTORY:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(InputFileError) as info:
        load_input(path)
    message = str(info.value)
    assert str(path) in message
    assert_contains(message, expected)
    assert "\n" not in message


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "# " + "x" * (MAX_YAML_BYTES - len(MINIMAL_YAML) - 3) + "\n"
    path = write_yaml(tmp_path, text)
    assert path.stat().st_size == MAX_YAML_BYTES
    assert read_text_file(path, MAX_YAML_BYTES, "input file") == text


def test_utf8_bom_and_anchor_without_alias_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "input.yaml"
    path.write_bytes(
        b"\xef\xbb\xbf" + MINIMAL_YAML.replace("partner_context:", "partner_context: &a").encode()
    )
    assert load_input(path).partner_context == MINIMAL["partner_context"]


def test_field_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL_YAML + "currency: usd\n")
    with pytest.raises(InputValidationError, match=r"currency: 'usd' is not an ISO currency code"):
        load_input(path)
    with pytest.raises(InputValidationError) as info:
        load_input(path)
    assert str(info.value).startswith(f"{path}: currency:")


@pytest.mark.parametrize("key", ["[a, b]", "{a: 1}"], ids=["list-key", "mapping-key"])
def test_unhashable_yaml_key_is_a_file_error(tmp_path: Path, key: str) -> None:
    path = write_yaml(tmp_path, MINIMAL_YAML + f"? {key}\n: x\n")
    with pytest.raises(InputFileError, match=r"line 4, column 3"):
        load_input(path)


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01"])
def test_unquoted_impossible_date_is_an_input_error(tmp_path: Path, value: str) -> None:
    path = write_yaml(tmp_path, MINIMAL_YAML + f"assessed_on: {value}\n")
    with pytest.raises(
        (InputFileError, InputValidationError),
        match=r"line 4, column 14: '2026-\d\d-\d\d' is not a real date",
    ):
        load_input(path)


def test_deeply_nested_yaml_is_a_file_error(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL_YAML + "industry: " + "[" * 1000 + "]" * 1000 + "\n")
    with pytest.raises(InputFileError):
        load_input(path)


# --- roster CSV --------------------------------------------------------------------------------


def write_roster(folder: Path, csv: bytes | str | None, name: str = "roster.csv") -> Path:
    """An input YAML pointing at the roster CSV; the CSV is written unless csv is None."""
    if isinstance(csv, str):
        (folder / name).write_text(csv, encoding="utf-8")
    elif csv is not None:
        (folder / name).write_bytes(csv)
    return write_yaml(folder, MINIMAL_YAML + f"partners_csv: {name}\n")


def test_valid_csv_loads_with_coercion(tmp_path: Path) -> None:
    csv = (
        "\ufeffname,type,tier,revenue,pipeline,deals,engagement,satisfaction,"
        "executive_sponsor,last_activity,notes\n"
        'Acme,Reseller,Gold,$1.5M,"1,200,000",12,High,7.5,yes,2026-10-01,"Big, important"\n'
        "Beta,tech,,250k,,,72,,no,,\n"
        "\n"
        "Gamma,referral,,,,,,,,,\n"
    )
    path = write_roster(tmp_path, csv)
    result = load_input(path)
    assert result.partners_csv == "roster.csv"
    assert result.partners is not None
    acme, beta, gamma = result.partners
    assert acme.model_dump(exclude_none=True) == {
        "name": "Acme",
        "type": "channel",
        "tier": "Gold",
        "revenue": 1_500_000.0,
        "pipeline": 1_200_000.0,
        "deals": 12,
        "engagement": "high",
        "satisfaction": 7.5,
        "executive_sponsor": True,
        "last_activity": date(2026, 10, 1),
        "notes": "Big, important",
    }
    assert beta.type == "technology"
    assert beta.revenue == 250_000.0
    assert beta.engagement == 72.0
    assert beta.executive_sponsor is False
    assert (beta.tier, beta.pipeline, beta.deals, beta.last_activity, beta.notes) == (None,) * 5
    assert gamma.model_dump(exclude_none=True) == {"name": "Gamma", "type": "referral"}


def test_csv_headers_are_normalised(tmp_path: Path) -> None:
    path = write_roster(
        tmp_path,
        " Name ,TYPE,Last Activity,Executive Sponsor,Satisfaction Previous\nAcme,channel,2026-09-01,TRUE,6\n",
    )
    result = load_input(path)
    assert result.partners is not None
    acme = result.partners[0]
    assert acme.last_activity == date(2026, 9, 1)
    assert acme.executive_sponsor is True
    assert acme.satisfaction_previous == 6.0


@pytest.mark.parametrize(
    "csv",
    [
        pytest.param("name,type,notes\rAcme,channel,Big\rBeta,tech,\r", id="bare-cr-lines"),
        pytest.param("name;type;notes\nAcme;channel;Big, old\nBeta;tech;\n", id="semicolons"),
        pytest.param("name\ttype\tnotes\r\nAcme\tchannel\tBig, old\r\nBeta\ttech\t\r\n", id="tabs"),
        pytest.param('name;type;notes\rAcme;channel;"Big, old"\rBeta;tech;\r', id="semicolons-cr"),
    ],
)
def test_spreadsheet_csv_dialects_are_read(tmp_path: Path, csv: str) -> None:
    result = load_input(write_roster(tmp_path, csv))
    assert result.partners is not None
    assert [(p.name, p.type) for p in result.partners] == [
        ("Acme", "channel"),
        ("Beta", "technology"),
    ]
    assert result.partners[0].notes in {"Big", "Big, old"}


def test_read_roster_csv_drops_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\xef\xbb\xbfName,Type,Revenue\n Acme , channel ,\n\n,,\nBeta,tech\n")
    roster = read_roster_csv(path)
    assert roster.records == [
        {"name": "Acme", "type": "channel"},
        {"name": "Beta", "type": "tech"},
    ]
    assert roster.lines == [2, 5]  # line numbers as a spreadsheet shows them


def test_header_only_csv_is_an_empty_roster(tmp_path: Path) -> None:
    assert load_input(write_roster(tmp_path, "name,type\n")).partners == []


def test_example_csv_roster_loads() -> None:
    result = load_input(
        Path(__file__).parent.parent / "examples" / "manufacturer_distributors.yaml"
    )
    assert result.partners
    assert result.partners_csv == "manufacturer_distributors.csv"


CSV_ERRORS = [
    pytest.param(
        None,
        InputFileError,
        ("partner roster CSV not found:", "roster.csv", "(check the path)"),
        id="missing-csv",
    ),
    pytest.param(
        b"",
        InputFileError,
        ("roster.csv is empty; it needs a header row with at least 'name,type'",),
        id="empty-csv",
    ),
    pytest.param(
        " \n,,\n",
        InputFileError,
        ("roster.csv is empty; it needs a header row with at least 'name,type'",),
        id="blank-csv",
    ),
    pytest.param(
        "name,,type\nAcme,x,channel\n",
        InputFileError,
        ("roster.csv: column 2 has no header name",),
        id="empty-column-name",
    ),
    pytest.param(
        "name,type,Name\nAcme,channel,Beta\n",
        InputFileError,
        ("roster.csv: column 'name' appears twice in the header",),
        id="duplicate-column",
    ),
    pytest.param(
        "name,type\nAcme,channel,extra\n",
        InputFileError,
        ("roster.csv: row 2 has 3 cells but the header has 2", "quote cells that contain commas"),
        id="too-many-cells",
    ),
    pytest.param(
        "name,type,revenu\nAcme,channel,5\n",
        InputFileError,
        ("roster.csv: unknown column 'revenu' in the header", "did you mean 'revenue'?"),
        id="unknown-column",
    ),
    pytest.param(
        "name,type,satisfaction\nAcme,channel,5\nBeta,channel,12\n",
        InputValidationError,
        ("roster.csv row 3, column 'satisfaction': '12' is out of range", "it must be at most 10"),
        id="bad-value-row-3",
    ),
    pytest.param(
        "name,type,revenue\nAcme,channel,5\nBeta,channel,lots\n",
        InputValidationError,
        ("roster.csv row 3, column 'revenue': 'lots' is not a number", "write a plain number"),
        id="bad-number-row-3",
    ),
    pytest.param(
        "name,type,Last Activity\nAcme,channel,2026-01-01\nBeta,channel,soon\n",
        InputValidationError,
        ("roster.csv row 3, column 'last_activity': 'soon' is not a date", "YYYY-MM-DD"),
        id="bad-date-row-3-normalised-header",
    ),
    pytest.param(
        "name,type,executive_sponsor\nAcme,channel,maybe\n",
        InputValidationError,
        (
            "roster.csv row 2, column 'executive_sponsor': 'maybe' is not yes/no",
            "write true or false",
        ),
        id="bad-boolean",
    ),
    pytest.param(
        "name,revenue\nAcme,5\n",
        InputValidationError,
        ("roster.csv row 2, column 'type': required field is missing; add it",),
        id="missing-type-column",
    ),
    pytest.param(
        "name,type\nAcme,channel\nacme,tech\n",
        InputValidationError,
        (
            "roster.csv: rows 2 and 3 both name the partner 'acme'",
            "give each partner a unique name",
        ),
        id="duplicate-names",
    ),
    pytest.param(
        b"name,type\nAcme\x00,channel\n",
        InputFileError,
        ("partner roster CSV", "is a binary file; give a UTF-8 text file"),
        id="binary-csv",
    ),
    pytest.param(
        "name,type\nCaf\xe9,channel\n".encode("latin-1"),
        InputFileError,
        ("partner roster CSV", "is not UTF-8 text (byte 13); save it as UTF-8"),
        id="latin-1-csv",
    ),
]


@pytest.mark.parametrize(("csv", "error", "expected"), CSV_ERRORS)
def test_csv_errors(
    tmp_path: Path, csv: bytes | str | None, error: type[Exception], expected: tuple[str, ...]
) -> None:
    path = write_roster(tmp_path, csv)
    with pytest.raises(error) as info:
        load_input(path)
    message = str(info.value)
    assert_contains(message.splitlines()[0], expected)
    assert len(message.splitlines()) <= 2


def test_csv_over_the_size_limit(tmp_path: Path) -> None:
    path = write_roster(tmp_path, "name,type\n" + "x" * MAX_CSV_BYTES + "\n")
    with pytest.raises(InputFileError, match=rf"the limit is {MAX_CSV_BYTES:,} bytes"):
        load_input(path)


def test_csv_with_more_rows_than_the_cap_names_the_cap(tmp_path: Path) -> None:
    path = write_roster(tmp_path, "name,type\n" + "Acme,channel\n" * (MAX_PARTNERS + 1))
    with pytest.raises(InputValidationError, match=r"has 20,001 partner rows; the limit is 20,000"):
        load_input(path)


def test_csv_path_is_relative_to_the_yaml_file(tmp_path: Path) -> None:
    folder = tmp_path / "client"
    folder.mkdir()
    path = write_roster(folder, "name,type\nAcme,channel\n")
    result = load_input(path)
    assert result.partners is not None
    assert [p.name for p in result.partners] == ["Acme"]


def test_csv_row_numbers_count_blank_lines(tmp_path: Path) -> None:
    path = write_roster(tmp_path, "name,type,satisfaction\n\nAcme,channel,5\nBeta,channel,12\n")
    with pytest.raises(InputValidationError, match=r"roster\.csv row 4, column 'satisfaction'"):
        load_input(path)


def test_csv_duplicate_names_point_at_the_csv(tmp_path: Path) -> None:
    path = write_roster(tmp_path, "name,type\nAcme,channel\nacme,tech\n")
    with pytest.raises(InputValidationError, match=r"roster\.csv"):
        load_input(path)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"partners": [{"name": "A", "type": "channel", "satisfaction": True}]},
            "partners[0].satisfaction: expected a number, not true",
        ),
        (
            {"partners": [{"name": "A", "type": "channel", "deals": False}]},
            "partners[0].deals: expected a number, not false",
        ),
        (
            {
                "weights": dict.fromkeys(
                    [
                        "strategy_value",
                        "onboarding_enablement",
                        "governance_communication",
                        "gtm_cosell",
                        "performance_measurement",
                    ],
                    1,
                )
                | {"relationship_trust": True}
            },
            "weights.relationship_trust: expected a number, not true",
        ),
        (
            {"partners": [{"name": "A", "type": "channel", "revenue": float("inf")}]},
            "partners[0].revenue: inf is not a finite number",
        ),
    ],
)
def test_yes_no_and_infinite_numbers_are_refused(extra: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputValidationError) as info:
        parse_input({**MINIMAL, **extra})
    assert expected in str(info.value)


def test_long_bad_values_are_cut_short_in_the_message() -> None:
    with pytest.raises(InputValidationError) as info:
        parse_input({**MINIMAL, "partners": [{"name": "A", "type": "x" * 5000}]})
    message = str(info.value)
    assert len(message) < 300 and "...'" in message


def test_non_text_top_level_key_names_the_key(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL_YAML + "1: x\n")
    with pytest.raises(InputFileError, match="1 is not a field name"):
        load_input(path)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"partners": [{"name": "A", "type": "channel", "revenue": 1e308}]},
            "partners[0].revenue: 1e+308 is out of range; it must be at most 1,000,000,000,000,000",
        ),
        (
            {
                "assessed_on": "2026-11-02",
                "partners": [{"name": "A", "type": "channel", "last_activity": "2030-01-01"}],
            },
            "partners[0].last_activity 2030-01-01 is after the assessment date 2026-11-02",
        ),
    ],
)
def test_values_beyond_reason_are_refused(extra: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputValidationError) as info:
        parse_input({**MINIMAL, **extra})
    assert expected in str(info.value)


def test_an_unread_roster_path_is_refused_by_the_model() -> None:
    with pytest.raises(ValidationError, match="partners_csv is only read when loading a file"):
        AssessmentInput.model_validate({**MINIMAL, "partners_csv": "x.csv"})


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.csv", "sub/../../outside.csv"])
def test_roster_csv_must_sit_beside_the_yaml(tmp_path: Path, path: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "outside.csv").write_text("name,type\nA,channel\n")
    yaml_path = write_yaml(folder, MINIMAL_YAML + f"partners_csv: {path}\n")
    with pytest.raises(InputValidationError, match="must be a path inside the YAML file's folder"):
        load_input(yaml_path)


# --- text cleaning: what reaches terminals and reports ------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Acme\x1b[2J Corp", "Acme[2J Corp", id="escape"),
        pytest.param("a\x00b\x07c\x7fd\x9be", "abcde", id="c0-del-c1"),
        pytest.param("line one\r\nline two\rthree\tx", "line one\nline two\nthree\tx", id="breaks"),
        pytest.param("Ac\u200bme\u200d\u2060\ufeff", "Acme", id="zero-width"),
        pytest.param("\u202eevil\u202c \u2066x\u2069", "evil x", id="bidi-overrides"),
        pytest.param("Cafe\u0301", "Caf\u00e9", id="nfc"),
        pytest.param("Zu\u0308rich \u00a0ok", "Z\u00fcrich \u00a0ok", id="nfc-keeps-nbsp"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_every_text_field_is_cleaned() -> None:
    dirty = "Acme\x1b[2J\u200b"
    result = parse_input(
        with_(
            organisation=dirty,
            industry=dirty,
            partner_context=f"We work with {dirty}.",
            partners=[{**ACME, "name": dirty, "tier": dirty, "region": dirty, "notes": dirty}],
            partner_feedback={"comments": [dirty, dirty + "!"]},
        )
    )
    assert result.organisation == result.industry == "Acme[2J"
    assert result.partner_context == "We work with Acme[2J."
    assert result.partners is not None
    fields = ("name", "tier", "region", "notes")
    assert result.partners[0].model_dump(include=set(fields)) == dict.fromkeys(fields, "Acme[2J")
    assert result.partner_feedback is not None
    assert result.partner_feedback.comments == ["Acme[2J", "Acme[2J!"]


def test_a_name_of_only_invisible_characters_is_empty() -> None:
    message = validation_message(partner(name="\u200b\x1b"))
    assert "partners[0].name: is empty; write some text here" in message


def test_a_look_alike_duplicate_is_found_in_a_roster_at_the_cap(tmp_path: Path) -> None:
    rows = "".join(f"Partner {i},channel\n" for i in range(MAX_PARTNERS - 1))
    path = write_roster(tmp_path, "name,type\n" + rows + "PARTNER\u200b 7,channel\n")
    with pytest.raises(InputValidationError, match=r"rows 9 and 20001 both name"):
        load_input(path)


# --- the libyaml fast path ---------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_libyaml_and_python_loaders_read_the_same_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast, data = _fast_load(text)
    assert fast
    assert data == yaml.load(text, Loader=_StrictLoader)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: " + "[" * 200_000 + "]" * 200_000, id="flow-200000-deep"),
        pytest.param("a: " + "{b: " * 100_000 + "1" + "}" * 100_000, id="mapping-100000-deep"),
        pytest.param("- " * 100_000 + "x", id="block-100000-deep"),
        pytest.param("a: &x [1]\nb: *x\n", id="alias"),
        pytest.param("a: [b\n", id="malformed"),
    ],
)
def test_what_libyaml_must_not_compose_goes_to_the_python_loader(text: str) -> None:
    # libyaml composes by C recursion: deep nesting would crash the process, not raise.
    assert _fast_load(text) == (False, None)
    with pytest.raises(InputFileError):
        parse_yaml(text, SOURCE)
