"""How numbers are written in reports, in one place so every writer agrees."""

from __future__ import annotations

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def money(value: float | None, currency: str = "USD", exact: bool = False) -> str:
    """$8M, €1.5M, £250k; or the exact figure with thousands separators."""
    if value is None:
        return "n/a"
    symbol = _SYMBOLS.get(currency)
    if exact or abs(value) < 1_000:
        body = f"{value:,.0f}"
    elif abs(value) >= 1_000_000:
        body = f"{value / 1_000_000:,.2f}".rstrip("0").rstrip(".") + "M"
    else:
        body = f"{value / 1_000:,.1f}".rstrip("0").rstrip(".") + "k"
    return f"{symbol}{body}" if symbol else f"{currency} {body}"


def pct(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def number(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural_form or word + 's'}"


def join_names(names: list[str], limit: int = 4) -> str:
    shown = names[:limit]
    rest = len(names) - len(shown)
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


# Legal forms a consultant drops when naming the client in running text ("Veldwerk Sensors",
# not "Veldwerk Sensors BV"); the title and byline keep the full name.
_LEGAL_FORMS = frozenset(
    [
        "ltd",
        "limited",
        "plc",
        "llc",
        "llp",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "gmbh",
        "ag",
        "bv",
        "nv",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "oy",
        "ab",
        "as",
        "aps",
        "kg",
        "pty",
        "pte",
        "lp",
    ]
)


def short_name(organisation: str | None) -> str | None:
    """The client's name without a trailing legal form, for sentences that say it often."""
    if not organisation:
        return organisation
    words = organisation.split()
    while len(words) > 1 and words[-1].strip(".,").casefold() in _LEGAL_FORMS:
        words.pop()
    if len(words) > 1 and words[-1] in {"&", "and"}:
        return organisation
    return " ".join(words).rstrip(",")


def lower_first(name: str) -> str:
    """A name inside a sentence: "Resources" becomes "resources", but "ROI tracking" keeps its
    acronym."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]

