"""Cue phrases for the 24 indicators, and the qualifiers that set how strong a mention is.

A *topic* cue says the practice is mentioned; the words around it decide whether it is
present, partial, planned or absent. A *gap* cue is evidence against the practice by itself
("single point of contact", "champion left").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Signal = Literal["present", "strong", "partial", "planned", "absent", "figure", "rating"]

# Scores each kind of mention contributes to an indicator (1-5 scale).
SIGNAL_SCORES: dict[str, float] = {
    "strong": 4.5,
    "present": 3.5,
    "partial": 2.0,
    "planned": 1.5,
    "absent": 1.0,
}


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    gap: bool = False
    # A mention that can only ever be partial evidence, whatever surrounds it.
    fixed: float | None = None


# A departed contact, in a partner note or in the notes ("our champion at the OEM left").
DEPARTED = re.compile(
    r"\b(?:champion|contact person|main contact|primary contact|only contact|sponsor|"
    r"(?:account|partner|alliance|channel|product) (?:manager|lead|owner))s?\b[^.;]{0,40}?"
    r"\b(?:left|departed|quit|resigned|moved on|retired|was let go|has gone)\b"
    r"|\b(?:left|departed|resigned)\b[^.;]{0,30}\b(?:champion|main contact|sponsor)\b",
    re.IGNORECASE,
)
# "We never miss a QBR", "no problems with lead routing": negations that affirm the practice.
AFFIRMING_NEGATION = re.compile(
    r"\b(?:never|rarely|seldom|not once)\s+(?:miss|misses|missed|skip|skips|skipped|fail|fails|"
    r"cancel\w*)\b"
    r"|\bno (?:problems?|issues?|complaints?|gaps?|concerns?|disputes?) (?:with|in|around|about)\b"
    r"|\bnot a single\b[^.;]{0,50}\bwithout\b"
    r"|\bwithout (?:fail|exception)\b",
    re.IGNORECASE,
)


def _topic(*patterns: str) -> list[Cue]:
    return [Cue(re.compile(p, re.IGNORECASE)) for p in patterns]


def _fixed(score: float, *patterns: str) -> list[Cue]:
    return [Cue(re.compile(p, re.IGNORECASE), fixed=score) for p in patterns]


def _gap(*patterns: str) -> list[Cue]:
    return [Cue(re.compile(p, re.IGNORECASE), gap=True) for p in patterns]


_TYPES = (
    r"(?:strategic|channel|technology|tech|integration|referral|service|reseller|distributor|"
    r"OEM)"
)

CUES: dict[str, list[Cue]] = {
    "partner_types_tiers": _topic(
        # Not a software plan's "free tier" or "pricing tier".
        r"(?<!free )(?<!pricing )(?<!price )\btier(?:s|ed|ing)?\b(?! (?:of|on) (?:the |our )?"
        r"(?:CRM|software|subscription|licen[cs]e|plan))",
        r"\b(?:gold|silver|platinum|bronze|premier|elite)\b(?: partners?| tier| level)",
        r"\bpartner (?:types?|categories|levels|segments)\b",
    )
    # Counting partners by type shows types are in use, not that types and tiers are defined.
    + _fixed(2.5, rf"\b\d+ {_TYPES}s?\b"),
    "mutual_value": _topic(
        r"value proposition",
        r"\bmutual (?:value|benefit)",
        r"\bwin[- ]win\b",
        r"\bpartner (?:benefits|incentives|margins?|discounts?|rebates?)\b",
        r"\bwhy (?:a )?partners? (?:should )?(?:join|work with|choose)",
    ),
    "ideal_profile": _topic(
        r"ideal partner profile|\bIPP\b",
        r"\b(?:partner )?selection (?:criteria|process)",
        r"\b(?:recruit\w*|qualif\w*|vet\w*) (?:new )?partners\b",
        r"\brecruitment (?:criteria|process)",
        r"\bsign(?:s|ed)? (?:up )?(?:any|every)(?:one| partner| reseller| distributor)",
    ),
    "portfolio_balance": _topic(
        r"\b(?:market |geographic |regional )?coverage\b",
        r"\bportfolio (?:mix|balance)|balanced portfolio",
        r"\bdependen(?:t|ce|cy) on (?:one|a single|a few|two|three)\b",
    )
    # One uncovered region is a gap in the balance, not proof there is none.
    + _fixed(
        2.0, r"\b(?:no|few) (?:partners?|resellers?|distributors?|presence) (?:in|for|across)\b"
    ),
    "onboarding_plan": _topic(
        r"\bonboarding (?:plan|process|program|checklist|milestones|path|kit|journey)\b",
        r"\bonboard\w* (?:is|are|follows?) ",
        r"\bwelcome (?:pack|kit|call|plan)",
        r"\bfirst 90 days\b",
        r"\b(?:ramp|enablement) plan\b",
    ),
    "training": _topic(
        r"\btrain\w*",
        r"\bcertif\w*",
        r"\b(?:partner )?academy\b|\bbootcamp\b|\bLMS\b",
        r"\benablement (?:sessions?|programs?|courses?|content)",
    ),
    "resources": _topic(
        r"\bportal\b",
        r"\bPRM\b",
        r"\b(?:sales|partner) (?:kit|playbook|collateral|documentation)\b",
        r"\bbattle ?cards?\b",
        r"\bknowledge base\b",
        r"\bprice lists?\b",
        r"\bdemo (?:environment|instance|licen[cs]es?)\b",
        r"\bsandbox\b",
    ),
    "ramp_metrics": _topic(
        r"\btime[- ]to[- ]first[- ](?:deal|sale|revenue)",
        # Bounded gaps ({0,200}, not .*): an unbounded one rescans the clause from every cue.
        r"\bramp(?:-up)?(?: time)?\b.{0,200}\b(?:tracked|measured|months?|weeks?)\b",
        r"\b(?:months?|weeks?) to (?:the )?first (?:deal|sale)",
    ),
    "decision_rights": _topic(
        r"\bdecision rights\b|\bRACI\b",
        r"\b(?:written|signed|partner|formal) agreements?\b",
        r"\broles and responsibilities\b",
        r"\bescalation\w*\b|\bescalate\w*\b",
        r"\baccountab\w*",
        r"\bgovernance (?:model|board|charter|structure)\b",
        r"\b(?:named|assigned|dedicated) (?:partner|alliance|channel) (?:manager|owner)s?\b",
    ),
    "cadence": _topic(
        r"\bQBRs?\b",
        r"\bquarterly (?:business )?reviews?\b",
        r"\bbusiness reviews?\b",
        r"\b(?:ops|operational|weekly|monthly) (?:syncs?|calls?|meetings?|check-ins?)\b",
        r"\bexecutive reviews?\b|\bsteering (?:committee|meetings?)\b",
        r"\b(?:annual|yearly) (?:partner |distributor |reseller )?(?:meeting|summit|conference)\b",
        r"\bcadence\b",
    ),
    "transparency": _topic(
        r"\broadmaps?\b",
        r"\b(?:partner )?newsletters?\b",
        r"\b(?:share|shares|sharing|shared) (?:\w+ )?(?:updates|news|wins|changes|plans|forecasts?|"
        r"information|roadmaps?)\b",
        r"\bpartner (?:updates|communications?)\b",
    )
    + _gap(
        r"\b(?:learn|learns|hear|hears|find out|finds out) (?:about )?(?:\w+ ){0,2}"
        r"(?:changes|price\w*|updates|launch\w*)\b[^.;]{0,40}\bfrom (?:customers|the market|"
        r"competitors|others|the press)\b",
    ),
    "conflict_resolution": _topic(
        r"\bconflicts?\b",
        r"\bdisputes?\b",
        r"\bchannel (?:clash|conflict)",
        r"\b(?:deal|account) (?:collisions?|overlaps?|clashes)\b",
        r"\brules of engagement\b",
    ),
    "joint_gtm_plan": _topic(
        r"\bjoint (?:GTM |go-to-market |business |marketing |account |sales )?plans?\b",
        r"\b(?:GTM|go-to-market|business) plans? (?:with|for) (?:\w+ )?partners\b",
        r"\bjoint (?:campaigns?|plays?|pipeline reviews?)\b",
        r"\bco-?sell(?:ing)? (?:plays?|motions?|programs?|plans?)\b",
    ),
    "co_developed_assets": _topic(
        r"\bco-?branded\b",
        r"\bco-?marketing\b",
        r"\bjoint (?:collateral|content|case stud\w*|webinars?|events?|marketing)\b",
        r"\bMDF\b|\bmarket development funds?\b",
        r"\bcampaigns? in a box\b",
    ),
    "lead_routing": _topic(
        r"\blead (?:routing|distribution|sharing|passing|hand-?offs?|registration|allocation)\b",
        r"\bdeal[- ]reg\w*\b",
        r"\b(?:leads?|deals?) (?:are|is|get|gets) (?:routed|passed|shared|registered|assigned)\b",
        r"\bregistration\b",
    ),
    "attribution": _topic(
        r"\battribut\w*",
        r"\bpartner[- ](?:sourced|influenced) (?:revenue|pipeline|deals|bookings)\b.{0,200}\b"
        r"(?:tracked|measured|reported|recorded|visible|known)\b",
        r"\b(?:revenue|pipeline|bookings|sales)(?: is| are)? (?:tracked|measured|reported|recorded)\b",
        r"\bsales[- ]out (?:reports?|data)\b",
        r"\b(?:track|tracks|tracking|tracked) (?:partner )?(?:revenue|pipeline|deals|bookings)\b",
    ),
    "tiered_kpis": _topic(
        r"\bKPIs?\b",
        r"\btargets? (?:per|by|for each) (?:tier|partner)\b",
        r"\b(?:partner )?quotas?\b",
        r"\bsuccess metrics\b|\bmetrics (?:are )?defined\b",
    ),
    "scorecards": _topic(
        r"\bscorecards?\b",
        r"\bdashboards?\b",
        r"\bhealth (?:scores?|checks?)\b",
        r"\b(?:engagement|activity|health)(?: is| are)?(?: not)? (?:tracked|measured|monitored)\b",
        r"\b(?:track|tracks|tracking|measure|measures|measuring|monitor\w*) (?:partner )?"
        r"(?:engagement|activity|health)\b",
        r"\b(?:revenue|pipeline)(?: is| are)? (?:tracked|measured|reported)\b",
    ),
    "scheduled_reviews": _topic(
        r"\b(?:performance|partner|pipeline) reviews?\b",
        r"\breview (?:meetings?|cycle|cadence)\b",
        r"\baction plans?\b",
    ),
    "feedback_loop": _topic(
        r"\b(?:partner )?advisory (?:board|council)\b|\bpartner council\b",
        r"\bfeedback (?:drives|drove|shapes|shaped|led to|leads to|changed|changes)\b",
        r"\b(?:acted|act) on (?:partner |their |the )?(?:feedback|survey)",
    )
    # Collecting feedback is a start; nothing yet says it changes the program.
    + _fixed(2.5, r"\b(?:partner )?surveys?\b", r"\bNPS\b", r"\b(?:partner )?feedback\b"),
    "executive_sponsorship": _topic(
        r"\bexec(?:utive)? (?:sponsors?|sponsorship|relationships?|time|attention|"
        r"involvement|alignment|support|buy-in)\b",
        r"\bC-level\b|\bleadership (?:involvement|time|attention|support)\b",
        r"\b(?:VP|vice president|director|CEO|CRO|COO|CFO|head|managing director) (?:of \w+ )?"
        r"sponsors?\b",
        r"\bsponsors? (?:each|every|all|the top)\b",
    )
    + _gap(r"\bno executive relationship\b"),
    "multi_threaded": _topic(
        r"\bmulti-?thread\w*",
        r"\bmultiple (?:contacts|relationships|points of contact)\b",
        r"\b(?:two|2|several) (?:or more )?contacts\b",
    )
    + _gap(
        r"\bsingle (?:point of )?contact\b|\bone contact\b",
        DEPARTED.pattern,
        r"\brelationships? (?:are |is )?(?:held|owned|depend\w*) (?:by|on) (?:one|a single|the)\b",
    ),
    "mutual_investment": _topic(
        r"\b(?:joint|mutual|co-?)investment\b",
        r"\breferral fees?\b",
        r"\binvest\w* (?:in|with) (?:our )?partners\b",
        r"\bpartners? (?:feel|felt) (?:valued|supported|appreciated)\b",
        r"\b(?:partner )?satisfaction (?:is|stands at|of|was|averages?)\b",
    )
    + _gap(
        r"\bpartners? (?:feel|felt) (?:ignored|neglected|undervalued|unsupported|left alone)\b",
    ),
    "co_innovation": _topic(
        r"\bco-?innovat\w*",
        r"\bco-?design\w*|\bjoint (?:specification|engineering|design)\b",
        r"\bjoint (?:innovation|development|roadmap|product|solutions?|offerings?)\b",
        r"\bco-?develop\w*",
        r"\bco-?creat\w*",
        r"\bhackathons?\b|\bdesign partners?\b",
    ),
}

NEGATION = re.compile(
    r"\b(?:no|not|never|none|nobody|without|lacks?|lacking|missing|absent|cannot|neither|nor|"
    r"zero|non-existent|nonexistent)\b|n't\b",
    re.IGNORECASE,
)
NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:(?:is|are|was|were|has|have|had) )?(?:not|never|missing|absent|"
    r"lacking|n't|nobody|no one|no)\b",
    re.IGNORECASE,
)
WEAK_NEGATION = re.compile(
    r"\bnot (?:always|every|all|consistently|yet fully|fully|regularly|well)\b", re.IGNORECASE
)
PLANNED = re.compile(
    r"\b(?:plans? to|planning to|want(?:s)? to|would like to|aims? to|intends? to|hopes? to|"
    r"will (?:launch|build|create|introduce|start|set up)|next year|in the future|considering)\b",
    re.IGNORECASE,
)
WEAK = re.compile(
    r"\b(?:unclear|undefined|inconsistent(?:ly)?|ad[- ]hoc|informal(?:ly)?|irregular(?:ly)?|"
    r"sporadic(?:ally)?|occasional(?:ly)?|sometimes|rarely|seldom|partial(?:ly)?|limited|little|"
    r"few|some|only|patchy|outdated|manual(?:ly)?|spreadsheets?|on paper|basic|loosely|"
    r"once a year|annual(?:ly)?|varies|depends on|stalled|slow|weak|poor(?:ly)?|unused|small|"
    r"scarce|thin|stretched|minimal|rare|takes (?:weeks|months))\b"
    r"|\bfor (?:only )?(?:\d+|one|two|three|four|five) (?:of (?:the|our) \d+ )?(?:\w+ )?partners\b",
    re.IGNORECASE,
)
STRONG = re.compile(
    r"\b(?:every|all (?:partners|tiers|strategic partners)|consistently|automated|always|"
    r"systematic(?:ally)?|fully|rigorous(?:ly)?|monthly|weekly|quarterly|each (?:partner|quarter))\b",
    re.IGNORECASE,
)
# A share of coverage ("QBRs held 30% of the time", "from half the distributors").
COVERAGE = re.compile(
    r"(?<!\d)(?P<num>\d+(?:\.\d+)?)\s?%\s+of\s+(?:the\s+|our\s+)?(?:time|partners|meetings|quarters|"
    r"distributors|resellers|accounts|deals|strategic|channel|them|cases)"
    r"|\b(?P<word>half|a third|a quarter|two thirds|three quarters|most|a few)\s+(?:of\s+)?"
    r"(?:the\s+|our\s+)?(?:time|partners|distributors|resellers|accounts|deals|meetings|them)\b",
    re.IGNORECASE,
)
COVERAGE_WORDS = {
    "half": 50.0,
    "a third": 33.0,
    "a quarter": 25.0,
    "two thirds": 67.0,
    "three quarters": 75.0,
    "most": 70.0,
    "a few": 15.0,
}


def negated_before(text: str, start: int, window: int = 30) -> bool:
    """Whether a negation stands just before text[start:], as in "no churn risk"."""
    return bool(NEGATION.search(text[max(0, start - window) : start]))
