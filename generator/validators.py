"""Deterministic checks of a report against the maturity scale and, when known, the facts.

The same checks apply whoever drafted the report. Errors stop a report from being written;
warnings are written into it.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Literal

from pydantic import BaseModel

from generator.drafting import fit
from generator.evidence import Facts
from generator.evidence.team import covered_roles, roles_in
from generator.formatting import plural
from generator.frameworks import Framework, count_word
from generator.grounding import (
    decisions_stated,
    known_numbers,
    unknown_names,
    untraceable_figures,
)
from generator.lenses.checks import (
    PlanLink,
    Problem,
    check_engagement,
    check_investment,
    check_plan_measures,
    check_scorecard,
)
from generator.lenses.investment import PartnerInvestment
from generator.lenses.view import lens_rules
from generator.report import Action, AssessmentReport, Kpis, report_framework
from generator.scale import has_decimals, overall_score

Severity = Literal["error", "warning"]

# An LLM's score for a dimension without indicator ratings may differ from the evidence-derived
# score by this much before it is flagged.
EVIDENCE_TOLERANCE = 1.0
FIGURE_TOLERANCE = 0.01


class Finding(BaseModel):
    code: str
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.path}: {self.message} [{self.code}]"


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def check(report: AssessmentReport, facts: Facts | None = None) -> list[Finding]:
    """Every finding for the report; pass the facts to check it against the evidence too."""
    framework = facts.framework if facts is not None else report_framework(report)
    findings: list[Finding] = []
    if report.framework.id != framework.id or report.framework.version != framework.version:
        findings.append(
            _err(
                "framework_mismatch",
                "framework",
                f"the report names {report.framework.id} version {report.framework.version}, "
                f"but the input is assessed with {framework.id} version {framework.version}",
            )
        )
        return findings
    findings += _check_scores(report, framework)
    findings += _check_structure(report, framework)
    if facts is not None:
        findings += _check_against_facts(report, facts)
        findings += _check_fit(report, facts)
    findings += _check_lenses(report, facts)
    return findings


def _check_fit(report: AssessmentReport, facts: Facts) -> list[Finding]:
    """The plan serves every goal, reduces nothing a goal grows and is owned by the client's
    own roles: the same rules for the engine and for a model."""
    actions = _plan_actions(report)
    findings: list[Finding] = []
    for goal in facts.goals:
        if not any(fit.serves(goal, a) for _, a in actions):
            findings.append(
                _err(
                    "goal_not_served",
                    "plan",
                    f"no action serves goal {goal.id} ({goal.quote[:80]}); add one that lists "
                    f'"{goal.id}" in its goals',
                )
            )
    top = facts.roster.concentration if facts.roster else None
    for path, action in actions:
        for goal in facts.goals:
            if fit.contradicts(goal, action, top.top1_name if top else None):
                findings.append(
                    _err(
                        "goal_contradicted",
                        f"{path}.action",
                        f"the action reduces {goal.subject}, which goal {goal.id} grows; grow "
                        "other partners beside it instead",
                    )
                )
    team = facts.team
    if team.described:
        allowed = covered_roles(team.role_ids())
        names = ", ".join(sorted({r.name for r in team.roles}))
        for path, action in actions:
            parts = [p for p in fit.OWNER_PARTS.split(action.owner) if p.strip()]
            if not parts or not all(roles_in(p) & allowed for p in parts):
                findings.append(
                    _err(
                        "owner_not_in_team",
                        f"{path}.owner",
                        f"{action.owner!r} is not a role the client has; use one of: {names}",
                    )
                )
    return findings


def _check_lenses(report: AssessmentReport, facts: Facts | None) -> list[Finding]:
    """Every lens figure recomputed from its rule, whoever drafted it; against the facts too."""
    rules = lens_rules()
    known = facts.lenses if facts is not None else None
    health = {p.name: (p.health, p.reason) for p in report.portfolio_map.partners}
    links = [
        PlanLink(f"plan.{horizon}[{i}]", horizon, action.measure)
        for horizon in ("days_30", "days_60", "days_90")
        for i, action in enumerate(getattr(report.plan, horizon))
    ]
    problems = check_plan_measures(links, rules)
    investment = report.portfolio_map.investment
    engagement = report.performance_dashboard.engagement
    card = report.performance_dashboard.balanced_scorecard
    if known is not None:
        for name, shown in (
            ("portfolio_map.investment", investment),
            ("performance_dashboard.engagement", engagement),
            ("performance_dashboard.balanced_scorecard", card),
        ):
            if shown is None:
                problems.append(
                    Problem("lens_missing", name, "the roster's lens is missing; add it")
                )
    if investment is not None:
        by_name = {name: state for name, (state, _) in health.items()}
        problems += check_investment(
            investment, rules, by_name, known.investment if known else None
        )
    if engagement is not None:
        problems += check_engagement(engagement, rules, health, known.engagement if known else None)
    if card is not None:
        problems += check_scorecard(card, known.scorecard if known else None)
    return [
        Finding(code=p.code, severity=p.severity, path=p.path, message=p.message) for p in problems
    ]


def _err(code: str, path: str, message: str) -> Finding:
    return Finding(code=code, severity="error", path=path, message=message)


def _warn(code: str, path: str, message: str) -> Finding:
    return Finding(code=code, severity="warning", path=path, message=message)


def _score_findings(
    framework: Framework, score: float, level: str, path: str, level_path: str
) -> list[Finding]:
    if not (math.isfinite(score) and framework.on_scale(score)):
        return [_err("score_out_of_range", path, f"{score} is outside the {framework.span} scale")]
    out = []
    decimals = framework.scale.decimals
    if not has_decimals(score, decimals):
        places = "exactly one decimal" if decimals == 1 else f"at most {decimals} decimals"
        out.append(_err("score_precision", path, f"{score} must carry {places}"))
    expected = framework.level_name(score)
    if level != expected:
        out.append(
            _err(
                "level_mismatch",
                level_path,
                f"{level} does not match score {score}; the band says {expected}",
            )
        )
    return out


def _check_scores(report: AssessmentReport, framework: Framework) -> list[Finding]:
    findings: list[Finding] = []
    scores: dict[str, float] = {}
    ids = framework.dimension_ids
    count = count_word(len(ids))
    for i, entry in enumerate(report.scorecard):
        path = f"scorecard[{i}]"
        findings += _score_findings(
            framework, entry.score, entry.level, f"{path}.score", f"{path}.level"
        )
        scores.setdefault(entry.dimension, entry.score)
    summary = report.executive_summary
    findings += _score_findings(
        framework,
        summary.overall_score,
        summary.maturity_level,
        "executive_summary.overall_score",
        "executive_summary.maturity_level",
    )
    valid = all(math.isfinite(s) and framework.on_scale(s) for s in scores.values())
    if set(scores) == set(ids) and valid:
        weights = {str(k): v for k, v in report.weights.items()} if report.weights else None
        if weights is not None and set(weights) != set(ids):
            findings.append(
                _err("weights_incomplete", "weights", f"weights must give all {count} dimensions")
            )
            return findings
        expected = overall_score(scores, weights, framework.scale.decimals)
        if not math.isclose(summary.overall_score, expected, abs_tol=1e-9):
            exact = sum(scores[d] * (weights or {}).get(d, 1.0) for d in scores) / sum(
                (weights or {}).get(d, 1.0) for d in scores
            )
            kind = "weighted mean" if weights else "mean"
            findings.append(
                _err(
                    "overall_mismatch",
                    "executive_summary.overall_score",
                    f"{summary.overall_score} is not the {kind} of the {count} dimension scores "
                    f"({exact:.2f}, which rounds to {expected})",
                )
            )
    return findings


def _check_structure(report: AssessmentReport, framework: Framework) -> list[Finding]:
    findings: list[Finding] = []
    ids = framework.dimension_ids
    counts = Counter(entry.dimension for entry in report.scorecard)
    # Ids are plain text in the report model; the framework decides which exist.
    named: list[tuple[str, str | None]] = [
        (f"scorecard[{i}].dimension", e.dimension) for i, e in enumerate(report.scorecard)
    ]
    named += [
        (f"executive_summary.priorities[{i}].dimension", p.dimension)
        for i, p in enumerate(report.executive_summary.priorities)
    ]
    named += [(f"{path}.dimension", a.dimension) for path, a in _plan_actions(report)]
    named += [(f"weights.{k}", k) for k in report.weights or {}]
    for path, dimension_id in named:
        if dimension_id is not None and dimension_id not in ids:
            findings.append(
                _err(
                    "dimension_unknown",
                    path,
                    f"{dimension_id!r} is not a dimension of {framework.id}; use one of "
                    f"{', '.join(ids)}",
                )
            )
    for dimension_id in ids:
        if counts[dimension_id] == 0:
            findings.append(
                _err("dimension_missing", "scorecard", f"dimension {dimension_id} is missing")
            )
        elif counts[dimension_id] > 1:
            findings.append(
                _err(
                    "dimension_duplicate",
                    "scorecard",
                    f"dimension {dimension_id} appears {counts[dimension_id]} times",
                )
            )
    for i, entry in enumerate(report.scorecard):
        real = [f for f in entry.findings if f.strip()]
        if not 1 <= len(real) <= 2:
            findings.append(
                _err(
                    "findings_count",
                    f"scorecard[{i}].findings",
                    f"{entry.dimension} has {len(real)} findings; give one or two",
                )
            )
        if not entry.evidence:
            findings.append(
                _warn(
                    "evidence_missing",
                    f"scorecard[{i}].evidence",
                    f"{entry.dimension} cites no evidence",
                )
            )
    priorities = report.executive_summary.priorities
    if not priorities:
        findings.append(
            _err(
                "priorities_missing",
                "executive_summary.priorities",
                "give the top improvement priorities (three)",
            )
        )
    elif len(priorities) != 3:
        findings.append(
            _warn(
                "priorities_count",
                "executive_summary.priorities",
                f"{len(priorities)} priorities given; the summary calls for three",
            )
        )
    if framework.report.plan == "one_action":
        findings += _check_one_action(report, framework)
    else:
        for horizon in ("days_30", "days_60", "days_90"):
            if not getattr(report.plan, horizon):
                findings.append(
                    _err(
                        "plan_horizon_empty",
                        f"plan.{horizon}",
                        f"the {horizon.replace('days_', '')}-day plan has no actions",
                    )
                )
    for path, action in _plan_actions(report):
        if not action.action.strip():
            findings.append(
                _err(
                    "action_missing",
                    f"{path}.action",
                    "the action is blank; say what will be done",
                )
            )
        if not action.metric.strip():
            findings.append(
                _err(
                    "action_metric_missing",
                    f"{path}.metric",
                    "every action needs the metric it moves",
                )
            )
        if not action.owner.strip():
            findings.append(
                _warn(
                    "action_owner_missing",
                    f"{path}.owner",
                    "name the role that owns this action",
                )
            )
        if not action.target.strip():
            findings.append(
                _warn(
                    "action_target_missing",
                    f"{path}.target",
                    "give the target this action aims for",
                )
            )
    return findings


def _plan_actions(report: AssessmentReport) -> list[tuple[str, Action]]:
    """Every action of the plan with its path: the three horizons, then the one-action list."""
    keys = ("days_30", "days_60", "days_90", "actions")
    return [
        (f"plan.{key}[{i}]", action)
        for key in keys
        for i, action in enumerate(getattr(report.plan, key))
    ]


def _check_one_action(report: AssessmentReport, framework: Framework) -> list[Finding]:
    """A one-action plan: exactly one action per dimension, and no 30/60/90 horizons."""
    findings: list[Finding] = []
    term = framework.report.dimension_term
    for horizon in ("days_30", "days_60", "days_90"):
        if getattr(report.plan, horizon):
            findings.append(
                _err(
                    "plan_horizons_unused",
                    f"plan.{horizon}",
                    f"{framework.id} recommends one action per {term}, not a 30/60/90-day plan; "
                    "move these actions to plan.actions",
                )
            )
    counts = Counter(a.dimension for a in report.plan.actions)
    for dimension_id in framework.dimension_ids:
        if counts[dimension_id] != 1:
            findings.append(
                _err(
                    "plan_action_count",
                    "plan.actions",
                    f"{term} {dimension_id} has {counts[dimension_id]} actions; give exactly one",
                )
            )
    return findings


def _named_partners(report: AssessmentReport) -> list[tuple[str, str]]:
    named: list[tuple[str, str]] = []
    pm, pd = report.portfolio_map, report.performance_dashboard
    named += [(f"portfolio_map.partners[{i}].name", p.name) for i, p in enumerate(pm.partners)]
    named += [(f"portfolio_map.top_performers[{i}]", n) for i, n in enumerate(pm.top_performers)]
    named += [(f"portfolio_map.at_risk[{i}]", n) for i, n in enumerate(pm.at_risk)]
    named += [
        (f"performance_dashboard.partners[{i}].name", p.name) for i, p in enumerate(pd.partners)
    ]
    named += [
        (f"performance_dashboard.top_contributors[{i}]", n)
        for i, n in enumerate(pd.top_contributors)
    ]
    named += [
        (f"performance_dashboard.underperformers[{i}]", n) for i, n in enumerate(pd.underperformers)
    ]
    return named


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is not b
    return not math.isclose(a, b, rel_tol=1e-9, abs_tol=FIGURE_TOLERANCE)


def _check_against_facts(report: AssessmentReport, facts: Facts) -> list[Finding]:
    findings: list[Finding] = []
    if (report.weights or None) != (facts.weights or None):
        findings.append(
            _err("weights_mismatch", "weights", "the report's weights differ from the input's")
        )
    for i, entry in enumerate(report.scorecard):
        if entry.dimension not in facts.framework.dimension_ids:
            continue
        known = facts.dimension(entry.dimension)
        path = f"scorecard[{i}].score"
        if known.basis == "ratings" and _differs(entry.score, known.score):
            findings.append(
                _err(
                    "score_not_ratings",
                    path,
                    f"{entry.dimension} is {entry.score} but its indicator ratings "
                    f"give {known.score}",
                )
            )
        elif abs(entry.score - known.score) > EVIDENCE_TOLERANCE:
            # Solid evidence makes a large departure an error; thin evidence only a warning.
            flag = _err if known.confidence in {"medium", "high"} else _warn
            findings.append(
                flag(
                    "score_diverges_from_evidence",
                    path,
                    f"{entry.dimension} is {entry.score}; the evidence suggests "
                    f"{known.score} ({known.confidence} confidence)",
                )
            )
    findings += _check_survey(report, facts)
    findings += _check_narrative(report, facts)
    roster = facts.roster
    if roster is None:
        return findings + _check_kpis(report.performance_dashboard.kpis, facts.kpis)
    # One index instead of facts.partner(), which scans the roster: 20,000 partners would make
    # these checks quadratic.
    by_name = {p.name.casefold(): p for p in roster.partners}
    for path, name in _named_partners(report):
        if name.casefold() not in by_name:
            findings.append(_err("partner_unknown", path, f"{name!r} is not in the partner roster"))
    for i, row in enumerate(report.performance_dashboard.partners):
        partner = by_name.get(row.name.casefold())
        if partner is None:
            continue
        for field in ("pipeline", "revenue", "deals", "satisfaction"):
            reported, actual = getattr(row, field), getattr(partner, field)
            if _differs(reported, actual):
                findings.append(
                    _err(
                        "partner_figure_mismatch",
                        f"performance_dashboard.partners[{i}].{field}",
                        f"{row.name} {field} is {reported} in the report but {actual} in the roster",
                    )
                )
        if row.engagement != partner.engagement:
            findings.append(
                _err(
                    "partner_figure_mismatch",
                    f"performance_dashboard.partners[{i}].engagement",
                    f"{row.name} engagement is {row.engagement} in the report but {partner.engagement} "
                    "in the roster",
                )
            )
    for i, p in enumerate(report.portfolio_map.partners):
        partner = by_name.get(p.name.casefold())
        if partner is None:
            continue
        if p.type != partner.type:
            findings.append(
                _err(
                    "partner_type_mismatch",
                    f"portfolio_map.partners[{i}].type",
                    f"{p.name} is {partner.type} in the roster, not {p.type}",
                )
            )
        if p.health != partner.health:
            findings.append(
                _warn(
                    "partner_health_differs",
                    f"portfolio_map.partners[{i}].health",
                    f"{p.name} is {p.health} in the report; the health rules say "
                    f"{partner.health} ({partner.health_reason})",
                )
            )
    # The dashboard keeps every roster partner; md/html shorten long lists and point to the
    # full CSV (writers/render.py), so a missing row here is a partner dropped without a word.
    listed = {p.name.casefold() for p in report.performance_dashboard.partners}
    missing = [p.name for p in roster.partners if p.name.casefold() not in listed]
    if missing:
        findings.append(
            _err(
                "partner_omitted",
                "performance_dashboard.partners",
                f"{plural(len(missing), 'roster partner')} missing from the dashboard, e.g. "
                f"{missing[0]!r}; list every roster partner",
            )
        )
    findings += _check_lists(report, facts)
    return findings + _check_kpis(report.performance_dashboard.kpis, facts.kpis)


def _check_lists(report: AssessmentReport, facts: Facts) -> list[Finding]:
    """Lists the code derives from the roster by stated rules must be the code's lists."""
    roster = facts.roster
    assert roster is not None
    findings: list[Finding] = []
    pd, pm = report.performance_dashboard, report.portfolio_map
    expected = {
        "performance_dashboard.top_contributors": (pd.top_contributors, roster.top_contributors),
        "performance_dashboard.underperformers": (pd.underperformers, roster.underperformers),
        "portfolio_map.top_performers": (pm.top_performers, roster.top_contributors),
    }
    for path, (given, known) in expected.items():
        if [n.casefold() for n in given] != [n.casefold() for n in known]:
            findings.append(
                _err("partner_list_mismatch", path, f"lists {given}; the roster gives {known}")
            )
    at_risk = sorted(p.name.casefold() for p in roster.partners if p.health == "at_risk")
    if sorted(n.casefold() for n in pm.at_risk) != at_risk:
        findings.append(
            _warn(
                "at_risk_differs",
                "portfolio_map.at_risk",
                "the at-risk list differs from the partners the health rules mark at risk",
            )
        )
    if [s.model_dump() for s in pm.segments] != [s.model_dump() for s in roster.segments]:
        findings.append(
            _err(
                "segment_mismatch",
                "portfolio_map.segments",
                "segment counts or revenue differ from the roster",
            )
        )
    counts = Counter(p.name.casefold() for p in pd.partners)
    for name, count in counts.items():
        if count > 1:
            findings.append(
                _err(
                    "partner_duplicate",
                    "performance_dashboard.partners",
                    f"{name!r} is listed {count} times",
                )
            )
    return findings


def _narrative_texts(report: AssessmentReport) -> list[tuple[str, str]]:
    """The prose a drafter writes (the plan's targets are goals, not claims, and stay out)."""
    es, eg = report.executive_summary, report.enablement_gaps
    texts = [("executive_summary.value_realised", es.value_realised)]
    for i, p in enumerate(es.priorities):
        texts += [
            (f"executive_summary.priorities[{i}].title", p.title),
            (f"executive_summary.priorities[{i}].rationale", p.rationale),
        ]
    for i, entry in enumerate(report.scorecard):
        texts += [(f"scorecard[{i}].findings[{j}]", f) for j, f in enumerate(entry.findings)]
    texts += [
        (f"enablement_gaps.feedback[{i}].finding", f.finding) for i, f in enumerate(eg.feedback)
    ]
    texts += [
        (f"enablement_gaps.recommendations[{i}]", r) for i, r in enumerate(eg.recommendations)
    ]
    return texts


def _written_rationales(
    report: AssessmentReport, facts: Facts
) -> list[tuple[str, PartnerInvestment]]:
    """Investment rows whose rationale code did not write (a model's, or an editor's), with
    their paths: code's own lines are built from the facts, and checking 20,000 of them would
    cost seconds for nothing."""
    view, known = report.portfolio_map.investment, facts.lenses
    if view is None or known is None:
        return []
    code = {p.name: p.rationale for p in known.investment.partners}
    return [
        (f"portfolio_map.investment.partners[{i}].rationale", p)
        for i, p in enumerate(view.partners)
        if code.get(p.name) != p.rationale
    ]


def _check_rationale_decisions(report: AssessmentReport, facts: Facts) -> list[Finding]:
    """A rationale code did not write states code's decision and argues for no other one; the
    decision itself stays code's whatever the text says."""
    rules = lens_rules()
    words = rules.model_rationales.decision_words
    labels = {d: rule.label for d, rule in rules.investment.decisions.items()}
    findings = []
    for path, row in _written_rationales(report, facts):
        if row.decision is None:
            continue
        stated = decisions_stated(row.rationale, words, rules.model_rationales.negations)
        label = labels[row.decision]
        others = sorted(labels[d] for d in stated if d != row.decision)
        if others:
            findings.append(
                _err(
                    "rationale_contradicts_decision",
                    path,
                    f"{row.name}: the rationale argues {' and '.join(others)}, but the decision "
                    f"is {label}, set by code from the quadrant rule; argue {label} from the "
                    "figures",
                )
            )
        elif row.decision not in stated:
            findings.append(
                _err(
                    "rationale_decision_missing",
                    path,
                    f"{row.name}: the rationale does not state the decision; say {label}",
                )
            )
    return findings


def _check_narrative(report: AssessmentReport, facts: Facts) -> list[Finding]:
    """Figures and company names in the prose must come from the input or the facts."""
    known = known_numbers(facts, facts.lenses.figures() if facts.lenses else {})
    findings = _check_rationale_decisions(report, facts)
    texts = _narrative_texts(report)
    texts += [(path, row.rationale) for path, row in _written_rationales(report, facts)]
    for path, text in texts:
        for figure in untraceable_figures(text, known):
            findings.append(
                _err(
                    "figure_unknown", path, f"{figure} is not a figure from the input or the facts"
                )
            )
        for name in unknown_names(text, facts.source_text):
            findings.append(_err("name_unknown", path, f"{name!r} does not appear in the input"))
    return findings


def _check_survey(report: AssessmentReport, facts: Facts) -> list[Finding]:
    survey = facts.feedback
    findings: list[Finding] = []
    for i, item in enumerate(report.enablement_gaps.feedback):
        area = item.area.strip().lower()
        if item.rating is None or area not in {"training", "resources", "support"}:
            continue
        actual = getattr(survey, area) if survey is not None else None
        if _differs(item.rating, actual):
            findings.append(
                _err(
                    "survey_mismatch",
                    f"enablement_gaps.feedback[{i}].rating",
                    f"{area} is rated {item.rating} in the report but {actual} in "
                    "the partner survey",
                )
            )
    return findings


def _check_kpis(reported: Kpis, known: Kpis) -> list[Finding]:
    findings = []
    for field in Kpis.model_fields:
        value, actual = getattr(reported, field), getattr(known, field)
        if value is not None and _differs(value, actual):
            findings.append(
                _err(
                    "kpi_mismatch",
                    f"performance_dashboard.kpis.{field}",
                    f"{field} is {value} in the report but the evidence gives {actual}",
                )
            )
    return findings
