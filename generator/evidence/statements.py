"""What the free text states outright: partner counts, money, shares, segments, gaps."""

from __future__ import annotations

import re

from generator.evidence.cues import negated_before
from generator.evidence.facts import TextFacts, TextFigure
from generator.evidence.text import find_money, find_percents, sentences, shorten
from generator.frameworks import Framework
from generator.inputs import AssessmentInput, PartnerType
from generator.numbers import CARDINALS, read_figures
from generator.report import Segment

_TYPE_WORDS: dict[str, PartnerType] = {
    "strategic": "strategic",
    "channel": "channel",
    "reseller": "channel",
    "distributor": "channel",
    "technology": "technology",
    "tech": "technology",
    "integration": "technology",
    "referral": "referral",
    "service": "service",
    "services": "service",
}
_TYPE = re.compile(
    r"\b(strategic|channel|resellers?|distributors?|technology|tech|integration|"
    r"referral|services?)\b",
    re.IGNORECASE,
)
# Counts are bounded in digits: a 400-digit "count" would overflow when made an int.
_TYPE_COUNT = re.compile(
    r"\b(\d{1,6})\s+(strategic|channel|technology|tech|referral|service)\b", re.IGNORECASE
)
_HEALTH_COUNT = re.compile(
    r"\b(\d{1,6})\s+(engaged|active|passive|inactive|at[- ]risk|dormant|stalled|launching|"
    r"onboarding|new)\b",
    re.IGNORECASE,
)
_HEALTH_OF = {
    "engaged": "engaged",
    "active": "engaged",
    "passive": "passive",
    "inactive": "passive",
    "stalled": "passive",
    "launching": "passive",
    "onboarding": "passive",
    "new": "passive",
    "at risk": "at_risk",
    "at-risk": "at_risk",
    "dormant": "dormant",
}
_CARDINAL_WORDS = "|".join(
    r"\s".join(word.split()) for word in sorted(CARDINALS, key=len, reverse=True)
)
_PARTNER_COUNT = re.compile(
    rf"\b(\d{{1,5}}|{_CARDINAL_WORDS})\s+(?:active\s+|registered\s+|signed\s+)?partners\b",
    re.IGNORECASE,
)
# Who brings partner revenue, and the verbs a consultant writes it with: "dealers brought about
# EUR 200k", "resellers together accounted for", "EUR 75k came through referral partners". At
# most one word stands between ("have", "together", "referral").
_SELLERS = (
    r"(?:partners|distributors|resellers|wholesalers|referrers|dealers|agents|integrators|"
    r"installers|stockists|retailers|agencies|affiliates|MSPs|VARs|introducers)"
)
_PARTNER_REVENUE = re.compile(
    r"partner[- ]sourced|partner revenue|"
    rf"(?:through|via|from) (?:our |the )?(?:[a-z-]{{1,20}} )?{_SELLERS}|"
    rf"\b{_SELLERS} (?:(?:together|jointly|collectively|also|alone|have|had|already) )?"
    r"(?:bring|brings|brought|generate|generates|generated|deliver|delivers|delivered|"
    r"contribute|contributes|contributed|produce|produced|account(?:s|ed)? for|"
    r"(?:came|come|comes) (?:through|from|in))|"
    r"referrals? (?:revenue|income|fees|brought|bring|generated|generate|are worth|were worth)",
    re.IGNORECASE,
)
# Only an explicit share of the whole counts: "20% of total", "30% of revenue", "roughly a third
# of our revenue"; not "grew 25%" and not "24% of new ARR". Read right after a share figure.
_OF_TOTAL = re.compile(
    r"\s+of\s+(?:our\s+|the\s+)?(?:(?:total|all|company|overall)\b"
    r"(?:\s+(?:revenue|bookings|sales|ARR|turnover|income))?|(?:revenue|bookings|sales|turnover|"
    r"(?:fee )?income)\b|[$€£¥]\s?\d)",
    re.IGNORECASE,
)
_FROM_TO = re.compile(r"\bfrom\s+\S+\s+to\s+(?=[$€£¥\d])", re.IGNORECASE)
_ACTIVE = re.compile(
    r"(?<!\d)(?P<num>\d+(?:\.\d+)?)\s?%\s+of\s+(?:our\s+|the\s+)?partners\b[^.;]{0,40}?"
    r"\b(?P<word>inactive|active)\b",
    re.IGNORECASE,
)
_ACTIVE_OF = re.compile(
    r"\b(\d{1,6}) of (?:the |our )?(\d{1,6}) partners\b[^.;]{0,40}?\b(?:active|placed an order|"
    r"ordered|transacted|closed a deal|registered a deal|sold)\b",
    re.IGNORECASE,
)
_OF_WHOLE = re.compile(
    r"(?P<part>(?:[$€£¥]\s?)?(?<![\d,.])\d[\d,.]*\s?(?:k|m|mn|bn|million|billion)?)\s+of\s+(?:the\s+|our\s+)?"
    r"(?P<whole>(?:[$€£¥]|USD|EUR|GBP)\s?\d[\d,.]*\s?(?:k|m|mn|bn|million|billion)?)",
    re.IGNORECASE,
)
_NO_COVERAGE = re.compile(
    r"\b(?i:no) (?:partners?|resellers?|distributors?|coverage|presence)\s+(?:in|for|across)\s+"
    r"(?:the\s+)?(?P<where>[A-Z][\w&/-]*(?:\s+(?:and\s+)?[A-Z][\w&/-]*)*)"
)
_TTFD = re.compile(r"\btime[- ]to[- ]first[- ](?:deal|sale)[^.;]*", re.IGNORECASE)
_AT_RISK = re.compile(r"\bat[- ]risk\b", re.IGNORECASE)


def _type_of(word: str) -> PartnerType:
    key = word.lower()
    return _TYPE_WORDS.get(key) or _TYPE_WORDS[key.rstrip("s")]


def _count_before(text: str) -> str | None:
    """The number just before "at risk" ("2 at risk"), read as a word, not by a regex that
    backtracks through a run of digits."""
    words = text.split()
    if words and text[-1:].isspace() and words[-1].isdecimal():
        return words[-1]
    return None


def _share_of_total(sentence: str) -> float | None:
    """The share of the whole a sentence states: "20% of total revenue" exactly, "roughly a third
    of our revenue" to the whole per cent."""
    for figure in read_figures(sentence):
        if figure.kind == "percent" and _OF_TOTAL.match(sentence, figure.end):
            return figure.value if figure.exact else float(round(figure.value))
    return None


def _share_of_whole(sentence: str) -> float | None:
    """ "$23.4M of the $52M total, 45%": the stated share when it agrees with the two amounts,
    else the share the amounts give."""
    whole = _OF_WHOLE.search(sentence)
    if not whole:
        return None
    part = find_money(sentence[: whole.start() + len(whole["part"])])
    total = find_money(whole["whole"])
    if not part or not total or total[0][0] <= 0:
        return None
    computed = part[-1][0] / total[0][0] * 100
    stated = [value for value, _ in find_percents(sentence) if abs(value - computed) <= 1.5]
    return stated[0] if stated else round(computed, 1)


def _figures(data: AssessmentInput) -> list[TextFigure]:
    figures: list[TextFigure] = []
    for source in ("partner_context", "objectives", "constraints"):
        for sentence in sentences(getattr(data, source)):
            context = shorten(sentence)
            for figure in read_figures(sentence):
                if figure.kind != "rating":
                    figures.append(
                        TextFigure(
                            kind=figure.kind,
                            value=figure.value,
                            written=figure.written,
                            context=context,
                            source=source,
                        )
                    )
    return figures


def _segments(context: str) -> list[Segment]:
    by_type: dict[PartnerType, dict[str, float]] = {}
    for match in _TYPE_COUNT.finditer(context):
        kind = _TYPE_WORDS[match[2].lower()]
        # The first count per type is the roster size; later ones ("4 channel partners are
        # dormant") describe a subset.
        by_type.setdefault(kind, {}).setdefault("partners", float(match[1]))
    for part in re.split(r";|\n|(?<=[.!?])\s+", context):
        kind_match = _TYPE.search(part)
        healths = _HEALTH_COUNT.findall(part)
        if not kind_match or not healths:
            continue
        kind = _type_of(kind_match[1])
        entry = by_type.setdefault(kind, {})
        money = find_money(part)
        if money:
            entry["revenue"] = money[0][0]
        for count, word in healths:
            state = _HEALTH_OF[
                word.lower().replace("-", " ") if "risk" in word.lower() else word.lower()
            ]
            entry[state] = entry.get(state, 0) + float(count)
    segments = []
    for kind, entry in by_type.items():
        states = {
            h: int(entry[h]) for h in ("engaged", "passive", "at_risk", "dormant") if h in entry
        }
        partners = (
            int(entry["partners"])
            if "partners" in entry
            else (sum(states.values()) if states else None)
        )
        segments.append(
            Segment(type=kind, partners=partners, revenue=entry.get("revenue"), **states)
        )
    return segments


def analyse_text(data: AssessmentInput, framework: Framework | None = None) -> TextFacts:
    framework = framework or data.assessment_framework
    context = data.partner_context
    facts = TextFacts(figures=_figures(data), segments=_segments(context))
    count = _PARTNER_COUNT.search(context)
    if count:
        written = " ".join(count[1].lower().split())
        facts.partner_count = CARDINALS.get(written) or int(written)
    elif facts.segments and all(s.partners for s in facts.segments):
        facts.partner_count = sum(s.partners or 0 for s in facts.segments)
    for sentence in sentences(context):
        if facts.partner_revenue is None and _PARTNER_REVENUE.search(sentence):
            money = find_money(sentence)
            if money:
                # "grew from $5M to $8M": the figure after "to" is the current one.
                moved = _FROM_TO.search(sentence)
                later = find_money(sentence[moved.end() :]) if moved else []
                facts.partner_revenue, facts.partner_revenue_written = (later or money)[0]
                facts.partner_revenue_share_pct = _share_of_total(sentence)
                if facts.partner_revenue_share_pct is None:
                    facts.partner_revenue_share_pct = _share_of_whole(sentence)
    for source in (context, data.constraints):
        counted = _ACTIVE_OF.search(source)
        if counted and facts.active_rate_pct is None and int(counted[2]) > 0:
            computed = int(counted[1]) / int(counted[2]) * 100
            # Prefer the share the notes state ("18 of the 28 partners (64%)") when it agrees.
            agreeing = [v for v, _ in find_percents(counted.group(0)) if abs(v - computed) <= 1]
            facts.active_rate_pct = agreeing[0] if agreeing else round(computed, 1)
        active = _ACTIVE.search(source)
        if active and facts.active_rate_pct is None:
            stated = float(active["num"])
            is_active = active["word"].lower() == "active"
            facts.active_rate_pct = stated if is_active else 100 - stated
    for source in (context, data.constraints):
        for match in _NO_COVERAGE.finditer(source):
            facts.coverage_gaps.append(f"no partners in {match['where']}")
    # A region the objectives target that the notes never place a partner in (a roster, where
    # given, settles this from its regions instead).
    for region in framework.thresholds.portfolio.regions if not data.partners else ():
        pattern = rf"\b{re.escape(region)}\b"
        if re.search(pattern, data.objectives) and not re.search(pattern, context):
            gap = f"no partner in {region} is mentioned, though the objectives target it"
            if not any(region in g for g in facts.coverage_gaps):
                facts.coverage_gaps.append(gap)
    for source in (context, data.constraints):
        ttfd = _TTFD.search(source)
        if ttfd and facts.time_to_first_deal is None:
            facts.time_to_first_deal = shorten(ttfd.group(0), 120)
    for part in re.split(r";|(?<=[.!?])\s+", context):
        risk = _AT_RISK.search(part)
        if risk and not negated_before(
            framework.qualifiers["negation"], part, risk.start(), window=40
        ):
            kind = _TYPE.search(part)
            number = _count_before(part[: risk.start()])
            who = f"{_type_of(kind[1])} partner" if kind else "partner"
            if number and number != "1":
                who += "s"
            prefix = f"{number} {who}" if number else who.capitalize()
            detail = part[risk.start() :].strip(" ().")
            facts.at_risk.append(shorten(f"{prefix} {detail}", 160))
        _complaint(framework, part, facts)
    return facts


# A report names at most this many complaints: each becomes a priority candidate and an action.
MAX_COMPLAINTS = 2


def _complaint(framework: Framework, part: str, facts: TextFacts) -> None:
    """A sentence of the notes saying partners complain about something, kept whole so the
    plan can name the irritant; "no complaints about lead routing" is praise, not one."""
    # An empty list compiles to a pattern that matches anywhere: a framework without one has
    # no complaints to read.
    if not framework.qualifier_phrases.complaint or len(facts.complaints) >= MAX_COMPLAINTS:
        return
    pattern = framework.qualifiers["complaint"]
    found = pattern.search(part)
    if found is None or framework.qualifiers["affirming_negation"].search(part):
        return
    if negated_before(framework.qualifiers["negation"], part, found.start(), window=20):
        return
    # "X works, but Y is late, which partners complain about": the complaint is about Y.
    head, but, tail = part.rpartition(" but ")
    said = tail if but and found.start() > len(head) else part
    facts.complaints.append(shorten(said.strip(" ."), 200))

