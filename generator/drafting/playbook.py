"""Band-by-band findings, recommendations and 30/60/90-day plays for each dimension."""

from __future__ import annotations

from generator.drafting.playbook_types import BandGuidance, Play
from generator.scale import MaturityLevel

_I = MaturityLevel.INITIAL
_DEV = MaturityLevel.DEVELOPING
_DEF = MaturityLevel.DEFINED
_M = MaturityLevel.MANAGED
_O = MaturityLevel.OPTIMIZED

PLAYBOOK: dict[str, dict[MaturityLevel, BandGuidance]] = {
    "strategy_value": {
        _I: BandGuidance(
            finding=(
                "Partners are signed opportunistically, with no defined types, tiers or "
                "selection criteria, and neither side has written down what it expects to gain."
            ),
            recommendation=(
                "Define the partner types and tiers the business needs, draft an ideal partner "
                "profile and state on one page what each partner type gives and gets."
            ),
            days_30=Play(
                action=(
                    "Inventory every current partner by type, revenue contribution and last "
                    "activity date, and flag those with no clear business rationale."
                ),
                owner="Head of partnerships",
                metric="Active-partner rate",
                target="Partner inventory with type and activity status complete by day 30",
            ),
            days_60=Play(
                action=(
                    "Draft a type and tier model with entry criteria, benefits and obligations "
                    "per tier, and approve it with sales leadership."
                ),
                owner="Partner program lead",
                metric="Partners assigned a type and tier",
                target="100% of current partners assigned a type and tier by day 60",
            ),
            days_90=Play(
                action=(
                    "Write an ideal partner profile and a one-page value proposition per partner "
                    "type, and test both with five partners."
                ),
                owner="Head of partnerships",
                metric="Partners confirming the value proposition",
                target="Value proposition tested with at least 5 partners by day 90",
            ),
        ),
        _DEV: BandGuidance(
            finding=(
                "Partner types are named but tiers are applied loosely, the value proposition "
                "reflects only the company's view, and new partners are accepted without screening."
            ),
            recommendation=(
                "Validate the value proposition with partners and make the ideal partner profile "
                "a mandatory gate for every new recruit."
            ),
            days_30=Play(
                action=(
                    "Interview six partners across types about why they joined, what they earn "
                    "and what would make them invest more."
                ),
                owner="Head of partnerships",
                metric="Partner satisfaction (0-10)",
                target="6 partner interviews completed and synthesized by day 30",
            ),
            days_60=Play(
                action=(
                    "Rewrite the value proposition for each partner type from the interview "
                    "findings and publish it in the portal and recruitment deck."
                ),
                owner="Partner marketing manager",
                metric="Partners confirming the value proposition",
                target="Revised value proposition live for every partner type by day 60",
            ),
            days_90=Play(
                action=(
                    "Score every prospect against the ideal partner profile and stop recruitment "
                    "of candidates below the agreed threshold."
                ),
                owner="Partner program lead",
                metric="New partners meeting the ideal profile",
                target="100% of prospects in the pipeline scored against the profile by day 90",
            ),
        ),
        _DEF: BandGuidance(
            finding=(
                "Types, tiers and an ideal partner profile are documented and mostly applied, but "
                "the portfolio has not been tested for coverage gaps, concentration or poor fit."
            ),
            recommendation=(
                "Run a structured portfolio review that weighs each partner's potential against "
                "its execution, then shift recruitment and investment toward the gaps."
            ),
            days_30=Play(
                action=(
                    "Place every partner on a potential-versus-execution grid and calculate the "
                    "share of partner revenue held by the top five."
                ),
                owner="Head of partnerships",
                metric="Partner-sourced revenue",
                target="Portfolio grid and concentration analysis reviewed by leadership by day 30",
            ),
            days_60=Play(
                action=(
                    "Build a target list of prospects for the segments, regions or partner types "
                    "the grid shows as uncovered."
                ),
                owner="Partner program lead",
                metric="Coverage gaps with named target partners",
                target="10 qualified prospects named for the top two coverage gaps by day 60",
            ),
            days_90=Play(
                action=(
                    "Move low-fit, low-execution partners to a self-serve tier or an exit plan, "
                    "and redirect the freed capacity to high-potential partners."
                ),
                owner="Head of partnerships",
                metric="Active-partner rate",
                target="Every bottom-quadrant partner on a remediation or exit plan by day 90",
            ),
        ),
        _M: BandGuidance(
            finding=(
                "The partner strategy is tied to company objectives and reviewed against clear "
                "criteria, but tier economics and the value proposition are revisited only when "
                "problems surface."
            ),
            recommendation=(
                "Make partner strategy a standing part of annual and mid-year planning, with tier "
                "economics and partner input shaping benefits and target segments."
            ),
            days_30=Play(
                action=(
                    "Build a tier economics view comparing cost to serve with partner-sourced "
                    "pipeline and revenue for each tier."
                ),
                owner="RevOps / CRM admin",
                metric="Partner-sourced revenue per tier",
                target="Cost to serve and return reported for every tier by day 30",
            ),
            days_60=Play(
                action=(
                    "Adjust tier benefits and thresholds where cost to serve outruns return, and "
                    "brief affected partners before the changes take effect."
                ),
                owner="Partner program lead",
                metric="Partner satisfaction (0-10)",
                target="Revised tier model briefed to all tiered partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Embed the partner strategy review in the company planning cycle, setting "
                    "partner revenue targets alongside direct sales targets."
                ),
                owner="Executive sponsor",
                metric="Partner-sourced revenue",
                target="Partner revenue target approved in the company plan by day 90",
            ),
        ),
        _O: BandGuidance(
            finding=(
                "Partnerships are a deliberate growth lever: the portfolio is balanced for fit "
                "and risk, and partners help shape the strategy and the value exchange."
            ),
            recommendation=(
                "Protect the lead by scanning for the next partner categories and market shifts "
                "ahead of competitors while keeping the portfolio lean."
            ),
            days_30=Play(
                action=(
                    "Convene a partner advisory board to test next year's partner strategy, tier "
                    "changes and target markets."
                ),
                owner="Executive sponsor",
                metric="Partner satisfaction (0-10)",
                target="Advisory board session held and feedback logged by day 30",
            ),
            days_60=Play(
                action=(
                    "Assess two adjacent partner categories, such as marketplaces or new "
                    "integration platforms, with a business case for each."
                ),
                owner="Head of partnerships",
                metric="Partner-sourced revenue",
                target="Two new-category business cases presented to leadership by day 60",
            ),
            days_90=Play(
                action=(
                    "Launch a time-boxed pilot with the strongest new-category candidate, with "
                    "go or no-go criteria agreed up front."
                ),
                owner="Partner program lead",
                metric="Time-to-first-deal",
                target="Pilot partner signed and go or no-go criteria agreed by day 90",
            ),
        ),
    },
    "onboarding_enablement": {
        _I: BandGuidance(
            finding=(
                "New partners get a contract and a demo but no onboarding plan, training path or "
                "named contact, and nobody tracks how long they take to close a first deal."
            ),
            recommendation=(
                "Give every new partner a standard onboarding checklist, a core training module "
                "and a named contact, and start measuring time-to-first-deal."
            ),
            days_30=Play(
                action=(
                    "Write a one-page onboarding checklist covering kickoff, systems access, "
                    "training, first pipeline review and the first-deal milestone."
                ),
                owner="Partner program lead",
                metric="Time-to-first-deal",
                target="Checklist applied to every partner signed from day 30",
            ),
            days_60=Play(
                action=(
                    "Record a core training module on product, positioning and the partner sales "
                    "process, and assign it to all active partners."
                ),
                owner="Partner enablement lead",
                metric="Training completion rate",
                target="Core module completed by 60% of active partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Capture each partner's signing date and first closed deal in the CRM and "
                    "report median time-to-first-deal monthly."
                ),
                owner="RevOps / CRM admin",
                metric="Time-to-first-deal",
                target="Baseline reported for all partners signed in the last 12 months by day 90",
            ),
        ),
        _DEV: BandGuidance(
            finding=(
                "An onboarding process exists on paper and some training is available, but "
                "resources are hard to find, completion is patchy and ramp is tracked unevenly."
            ),
            recommendation=(
                "Turn onboarding into a milestone-based ramp plan with success criteria, and put "
                "every resource a partner needs in one place."
            ),
            days_30=Play(
                action=(
                    "Audit every partner-facing asset (portal, shared folders, emailed files), "
                    "retire outdated material and publish a "
                    "single start-here page with contacts and core assets."
                ),
                owner="Partner enablement lead",
                metric="Partner rating of resources (0-10)",
                target="Start-here page live and outdated assets removed by day 30",
            ),
            days_60=Play(
                action=(
                    "Agree a 90-day ramp plan with each new partner, with milestones for "
                    "certification, first registered deal and first close."
                ),
                owner="Channel account managers",
                metric="Time-to-first-deal",
                target="Ramp plan agreed with 100% of partners signed since day 30 by day 60",
            ),
            days_90=Play(
                action=(
                    "Run a short enablement pulse on training, resources and support, and fix the "
                    "two lowest-rated items."
                ),
                owner="Partner program lead",
                metric="Partner satisfaction (0-10)",
                target="Pulse answered by 50% of active partners and two fixes shipped by day 90",
            ),
        ),
        _DEF: BandGuidance(
            finding=(
                "Onboarding and training are repeatable and partners ramp predictably, but "
                "enablement is one-size-fits-all and largely stops once onboarding ends."
            ),
            recommendation=(
                "Segment enablement by partner type and tier, and add ongoing enablement tied to "
                "launches and sales plays rather than onboarding alone."
            ),
            days_30=Play(
                action=(
                    "Split the curriculum into tracks for resellers, integration partners and "
                    "service partners, reusing existing modules where possible."
                ),
                owner="Partner enablement lead",
                metric="Training completion rate",
                target="Type-specific learning tracks published by day 30",
            ),
            days_60=Play(
                action=(
                    "Run a monthly enablement session on new releases, competitive positioning "
                    "and one recent winning deal story."
                ),
                owner="Partner marketing manager",
                metric="Active-partner rate",
                target="Two sessions held with 50% of active partners attending by day 60",
            ),
            days_90=Play(
                action=(
                    "Introduce a partner certification with a practical sales assessment, and tie "
                    "higher tier benefits to certified headcount."
                ),
                owner="Partner program lead",
                metric="Certified sellers per active partner",
                target="At least one certified seller at 80% of top-tier partners by day 90",
            ),
        ),
        _M: BandGuidance(
            finding=(
                "Enablement is tailored by partner type, certification is in place and ramp is "
                "measured, but it is unclear which activities actually lift partner revenue."
            ),
            recommendation=(
                "Link enablement data to pipeline and revenue so investment flows to the content "
                "and formats that shorten ramp and raise win rates."
            ),
            days_30=Play(
                action=(
                    "Join training and certification records to partner pipeline in the CRM so "
                    "completion can be compared with deal outcomes."
                ),
                owner="RevOps / CRM admin",
                metric="Time-to-first-deal",
                target="Enablement and pipeline data linked for all active partners by day 30",
            ),
            days_60=Play(
                action=(
                    "Compare win rates and ramp times of certified and uncertified partners, and "
                    "rebuild or cut modules that show no effect."
                ),
                owner="Partner enablement lead",
                metric="Partner-sourced revenue",
                target="Impact analysis complete and the two weakest modules reworked by day 60",
            ),
            days_90=Play(
                action=(
                    "Add in-workflow sales aids, such as deal-stage playbooks and objection "
                    "handlers, to the partner portal."
                ),
                owner="Partner enablement lead",
                metric="Win rate on partner-registered deals",
                target="Playbooks live for the three most common deal types by day 90",
            ),
        ),
        _O: BandGuidance(
            finding=(
                "Enablement is data-driven and partners ramp quickly; leading partners co-create "
                "content and train their own sellers with little direct support."
            ),
            recommendation=(
                "Scale enablement through partners themselves and keep content in step with the "
                "product so the ramp advantage holds as the program grows."
            ),
            days_30=Play(
                action=(
                    "Recruit partner champions from top performers to co-author advanced content "
                    "and host peer-to-peer sessions."
                ),
                owner="Partner enablement lead",
                metric="Partner satisfaction (0-10)",
                target="Three partner champions active and first peer session held by day 30",
            ),
            days_60=Play(
                action=(
                    "Publish a train-the-trainer kit so top-tier partners can onboard new sellers "
                    "to the company standard."
                ),
                owner="Partner enablement lead",
                metric="Time-to-first-deal",
                target="Train-the-trainer kit adopted by the top five partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Set a release-readiness standard so partner enablement content ships with "
                    "every major product release."
                ),
                owner="Product marketing manager",
                metric="Training completion rate",
                target="Partner content available on release day for every major release by day 90",
            ),
        ),
    },
    "governance_communication": {
        _I: BandGuidance(
            finding=(
                "No one formally owns partner decisions, partner meetings happen only when "
                "something goes wrong, and disputes are settled case by case."
            ),
            recommendation=(
                "Assign clear ownership and decision rights for each partnership, and set a "
                "minimum meeting rhythm with the partners that matter most."
            ),
            days_30=Play(
                action=(
                    "Name an internal owner for every partner and publish a simple RACI for "
                    "approvals, pricing exceptions and escalations."
                ),
                owner="Head of partnerships",
                metric="Partners with a named owner",
                target="100% of active partners with a named owner by day 30",
            ),
            days_60=Play(
                action=(
                    "Hold a first business review with each strategic partner on a standard "
                    "agenda: results, pipeline, open issues and next-quarter priorities."
                ),
                owner="Partner managers",
                metric="QBR completion rate",
                target="QBR held with 100% of strategic partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Agree a one-page escalation path with named roles and response times on both "
                    "sides, and share it with every strategic partner."
                ),
                owner="Partner program lead",
                metric="Median days to resolve partner escalations",
                target="Escalation path agreed with all strategic partners by day 90",
            ),
        ),
        _DEV: BandGuidance(
            finding=(
                "Business reviews happen but not on a fixed schedule, escalation depends on "
                "personal relationships, and partners often hear about product or pricing "
                "changes late."
            ),
            recommendation=(
                "Lock the review cadence into calendars a year ahead and open a predictable "
                "channel for sharing roadmap and program changes with partners."
            ),
            days_30=Play(
                action=(
                    "Book the next four quarterly reviews with every strategic partner and "
                    "monthly operational syncs with the most active channel partners."
                ),
                owner="Partner managers",
                metric="QBR completion rate",
                target="Four quarterly reviews booked with every strategic partner by day 30",
            ),
            days_60=Play(
                action=(
                    "Launch a monthly partner bulletin covering roadmap highlights, program "
                    "changes, notable wins and upcoming campaigns."
                ),
                owner="Partner marketing manager",
                metric="Partner satisfaction (0-10)",
                target="Two bulletins sent to all active partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Document a conflict-resolution procedure with steps, time limits and a final "
                    "arbiter, and log every dispute against it."
                ),
                owner="Head of partnerships",
                metric="Disputes resolved within the agreed time",
                target="Procedure published and 100% of new disputes logged by day 90",
            ),
        ),
        _DEF: BandGuidance(
            finding=(
                "Roles, cadence and escalation paths are documented and generally followed, but "
                "governance is identical for every partner and executive reviews are often skipped."
            ),
            recommendation=(
                "Tier the governance model so strategic partners get executive reviews and joint "
                "steering while smaller partners get a lighter, scalable rhythm."
            ),
            days_30=Play(
                action=(
                    "Define governance per tier, specifying meeting types, frequency, attendees "
                    "and the outputs each meeting must produce."
                ),
                owner="Partner program lead",
                metric="QBR completion rate",
                target="Tiered governance model approved by day 30",
            ),
            days_60=Play(
                action=(
                    "Set up a twice-yearly executive review with each strategic partner, attended "
                    "by a senior leader from both companies, and hold the first."
                ),
                owner="Executive sponsor",
                metric="Strategic partners with an executive review held",
                target="First executive review held with 80% of strategic partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Replace ad hoc calls with lower-tier partners by a quarterly group session "
                    "and a shared issue log."
                ),
                owner="Channel account managers",
                metric="Active-partner rate",
                target="Group session held and issue log live for all other tiers by day 90",
            ),
        ),
        _M: BandGuidance(
            finding=(
                "Governance is tiered and dependable and conflicts are resolved on time, but "
                "meeting load is rising and partners are rarely asked how the relationship is run."
            ),
            recommendation=(
                "Streamline governance so reviews are shorter and data-led, and ask partners "
                "directly how well the operating model serves them."
            ),
            days_30=Play(
                action=(
                    "Replace slide-based review packs with a standard CRM dashboard sent to "
                    "partners as a pre-read before each review."
                ),
                owner="RevOps / CRM admin",
                metric="QBR completion rate",
                target="Dashboard pre-read used for every QBR held after day 30",
            ),
            days_60=Play(
                action=(
                    "Add three governance questions to every review, on cadence, decision speed "
                    "and escalation handling, and act on recurring themes."
                ),
                owner="Partner managers",
                metric="Partner satisfaction (0-10)",
                target="Governance feedback captured from 100% of strategic partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Audit actions from the last two review cycles and retire meetings or reports "
                    "that produce no decisions."
                ),
                owner="Head of partnerships",
                metric="Review actions closed on time",
                target="90% of review actions closed on time by day 90",
            ),
        ),
        _O: BandGuidance(
            finding=(
                "Governance is jointly owned with partners, reviews focus on shared strategy "
                "rather than status, and information flows both ways without prompting."
            ),
            recommendation=(
                "Codify the model so it survives team changes and growth, and extend joint "
                "steering to the next ring of partners."
            ),
            days_30=Play(
                action=(
                    "Publish a governance handbook so new partner managers and partner-side staff "
                    "can run the model without hand-holding."
                ),
                owner="Partner program lead",
                metric="QBR completion rate",
                target="Handbook issued and applied in every strategic review from day 30",
            ),
            days_60=Play(
                action=(
                    "Preview draft roadmap items with strategic partners under NDA before "
                    "commitments are made, and record their input."
                ),
                owner="Product management lead",
                metric="Partner satisfaction (0-10)",
                target="Roadmap preview held with all strategic partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Extend joint steering to the two fastest-growing partners outside the "
                    "strategic tier as a path to promotion."
                ),
                owner="Head of partnerships",
                metric="Partner-sourced revenue",
                target="Joint steering running with two emerging partners by day 90",
            ),
        ),
    },
    "gtm_cosell": {
        _I: BandGuidance(
            finding=(
                "There is no joint go-to-market plan, leads are passed informally, deal "
                "registration is absent or ignored, and partner revenue cannot be separated from "
                "direct sales."
            ),
            recommendation=(
                "Introduce basic deal registration, a lead-routing rule and CRM tagging of "
                "partner involvement so co-selling starts on a clean footing."
            ),
            days_30=Play(
                action=(
                    "Add partner-sourced and partner-influenced fields to CRM opportunities and "
                    "make them mandatory from the second sales stage."
                ),
                owner="RevOps / CRM admin",
                metric="Share of opportunities with partner attribution",
                target="Partner fields mandatory on all new opportunities by day 30",
            ),
            days_60=Play(
                action=(
                    "Publish a one-page deal-registration and lead-routing rule set and walk the "
                    "top channel partners through it."
                ),
                owner="Channel account managers",
                metric="Share of deals registered before close",
                target="Rules briefed to the top 10 channel partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Build a simple joint plan with the three most active partners, covering one "
                    "target segment, one play and a pipeline goal."
                ),
                owner="Head of partnerships",
                metric="Partners with a signed joint plan",
                target="Joint plans signed with 3 partners by day 90",
            ),
        ),
        _DEV: BandGuidance(
            finding=(
                "Deal registration exists but is applied unevenly, joint plans are informal or "
                "stale, and attribution disputes surface at commission time."
            ),
            recommendation=(
                "Formalize joint plans with priority partners, enforce deal registration and "
                "equip partners with co-branded assets for their lead play."
            ),
            days_30=Play(
                action=(
                    "Clear open attribution disputes and publish rules on sourced versus "
                    "influenced deals, including how contested credit is settled."
                ),
                owner="RevOps / CRM admin",
                metric="Share of deals registered before close",
                target="Attribution rules published and open disputes cleared by day 30",
            ),
            days_60=Play(
                action=(
                    "Agree a written joint GTM plan with each priority partner naming target "
                    "accounts, plays, owners and quarterly pipeline goals."
                ),
                owner="Partner managers",
                metric="Partners with a signed joint plan",
                target="Signed joint plans with 100% of priority partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Produce one co-branded solution brief and email sequence per joint plan, and "
                    "track the pipeline each generates."
                ),
                owner="Partner marketing manager",
                metric="Partner-sourced revenue",
                target="Co-branded assets live and pipeline tracked for every joint plan by day 90",
            ),
        ),
        _DEF: BandGuidance(
            finding=(
                "Joint plans, deal registration and attribution work for the main partners, but "
                "co-selling relies on a few reps who know the partners well, so results vary."
            ),
            recommendation=(
                "Build co-selling into how the direct sales team works, with account mapping and "
                "aligned incentives, so results no longer depend on a few individuals."
            ),
            days_30=Play(
                action=(
                    "Run account mapping with the top partners to identify shared target accounts "
                    "and overlapping open opportunities."
                ),
                owner="Channel account managers",
                metric="Joint pipeline from mapped accounts",
                target="Account mapping completed with the top 5 partners by day 30",
            ),
            days_60=Play(
                action=(
                    "Agree with sales leadership a co-sell incentive or neutral compensation rule "
                    "for direct reps on partner-involved deals."
                ),
                owner="Sales leadership",
                metric="Share of deals registered before close",
                target="Co-sell compensation rule in effect for all direct reps by day 60",
            ),
            days_90=Play(
                action=(
                    "Package the best-performing joint plays into campaign kits partners can run "
                    "with minimal support."
                ),
                owner="Partner marketing manager",
                metric="Partner-sourced revenue",
                target="Two campaign kits launched and in use by 5 partners by day 90",
            ),
        ),
        _M: BandGuidance(
            finding=(
                "Co-selling is embedded in the sales process, attribution is trusted and joint "
                "plays produce predictable pipeline, but new-market expansion is opportunistic."
            ),
            recommendation=(
                "Use attribution data to concentrate on the joint plays that convert, and open new "
                "routes to market with partners who have proven they can execute."
            ),
            days_30=Play(
                action=(
                    "Rank joint plays by pipeline, win rate and cycle length, and retire the "
                    "bottom third."
                ),
                owner="RevOps / CRM admin",
                metric="Partner-sourced revenue",
                target="Play ranking complete and weakest plays retired by day 30",
            ),
            days_60=Play(
                action=(
                    "Agree a joint entry plan with one proven partner for an uncovered segment or "
                    "region, with shared investment and pipeline targets."
                ),
                owner="Head of partnerships",
                metric="Partner-sourced pipeline in new segments",
                target="New-market joint plan signed with one partner by day 60",
            ),
            days_90=Play(
                action=(
                    "Test a new co-sell route with one technology partner, such as a marketplace "
                    "listing or a bundled offer."
                ),
                owner="Partner program lead",
                metric="Partner-sourced revenue",
                target="New route live with first opportunities registered by day 90",
            ),
        ),
        _O: BandGuidance(
            finding=(
                "Joint go-to-market runs as a shared engine: plans are co-owned, assets are "
                "co-created, attribution is undisputed and partners bring a growing share of new "
                "business."
            ),
            recommendation=(
                "Extend the engine with packaged joint offers and shared pipeline planning so "
                "partners stay the preferred route to market as the business scales."
            ),
            days_30=Play(
                action=(
                    "Co-build next year's joint business plan with each strategic partner, with "
                    "shared revenue targets and marketing funds committed by both sides."
                ),
                owner="Executive sponsor",
                metric="Partners with a signed joint plan",
                target="Joint business plans agreed with all strategic partners by day 30",
            ),
            days_60=Play(
                action=(
                    "Design a packaged joint offer that combines the product with a partner "
                    "service or integration, priced and ready to sell."
                ),
                owner="Partner program lead",
                metric="Partner-sourced revenue",
                target="One packaged joint offer launched by day 60",
            ),
            days_90=Play(
                action=(
                    "Share pipeline forecasts with strategic partners in a common format so both "
                    "sides plan capacity from the same numbers."
                ),
                owner="RevOps / CRM admin",
                metric="Forecast accuracy on partner pipeline",
                target="Shared forecast in use with all strategic partners by day 90",
            ),
        ),
    },
    "performance_measurement": {
        _I: BandGuidance(
            finding=(
                "Partner performance is judged by impression: no KPIs are defined, revenue is "
                "tallied by hand if at all, and reviews happen only when a partner becomes a "
                "problem."
            ),
            recommendation=(
                "Agree a short list of partner KPIs, set a baseline from existing data and start "
                "a simple monthly performance report."
            ),
            days_30=Play(
                action=(
                    "Define four core KPIs precisely: partner-sourced revenue, active-partner "
                    "rate, partner satisfaction and time-to-first-deal."
                ),
                owner="Head of partnerships",
                metric="KPIs with an agreed definition",
                target="Four KPI definitions signed off by day 30",
            ),
            days_60=Play(
                action=(
                    "Pull a baseline for each KPI from CRM, finance and partner records, noting "
                    "where data is missing or unreliable."
                ),
                owner="RevOps / CRM admin",
                metric="Active-partner rate",
                target="Baseline published for all four KPIs by day 60",
            ),
            days_90=Play(
                action=(
                    "Send leadership a one-page monthly partner performance report and use it to "
                    "choose next quarter's focus partners."
                ),
                owner="Partner program lead",
                metric="Partner-sourced revenue",
                target="First monthly report reviewed and focus partners named by day 90",
            ),
        ),
        _DEV: BandGuidance(
            finding=(
                "Partner revenue is tracked but engagement, pipeline and satisfaction are not, "
                "KPIs are the same for every tier, and reviews rarely end in agreed actions."
            ),
            recommendation=(
                "Introduce tier-specific KPIs and a standard partner scorecard, and close every "
                "review with named owners and due dates."
            ),
            days_30=Play(
                action=(
                    "Set KPI targets per tier, such as pipeline and revenue for resellers and "
                    "integration adoption for technology partners."
                ),
                owner="Partner program lead",
                metric="Tiers with defined KPIs",
                target="KPIs and targets set for every tier by day 30",
            ),
            days_60=Play(
                action=(
                    "Build a partner scorecard in the CRM or PRM covering activity, pipeline, "
                    "revenue, enablement and relationship health."
                ),
                owner="RevOps / CRM admin",
                metric="Scorecard coverage of active partners",
                target="Scorecards live for the top 10 partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Close every partner review with an action log of owners and due dates, and "
                    "check completion at the next review."
                ),
                owner="Partner managers",
                metric="Reviews ending in a documented action plan",
                target="100% of partner reviews produce an action plan by day 90",
            ),
        ),
        _DEF: BandGuidance(
            finding=(
                "Tiered KPIs and scorecards exist and reviews are held, but data is assembled by "
                "hand, engagement signals are thin and partner feedback seldom changes the program."
            ),
            recommendation=(
                "Automate scorecard data, add leading engagement indicators and create a visible "
                "loop from partner feedback to program changes."
            ),
            days_30=Play(
                action=(
                    "Automate scorecard feeds from CRM, PRM and portal activity to remove manual "
                    "spreadsheet assembly."
                ),
                owner="RevOps / CRM admin",
                metric="Scorecard coverage of active partners",
                target="Automated refresh live for all top-tier scorecards by day 30",
            ),
            days_60=Play(
                action=(
                    "Add a 0-100 engagement score built from portal activity, deal registrations, "
                    "training completion and meeting attendance."
                ),
                owner="Partner program lead",
                metric="Active-partner rate",
                target="Engagement score calculated for all active partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Run a program-wide partner survey and publish a 'you said, we did' summary "
                    "of the changes it triggered."
                ),
                owner="Head of partnerships",
                metric="Partner satisfaction (0-10)",
                target="Survey closed and 'you said, we did' summary issued by day 90",
            ),
        ),
        _M: BandGuidance(
            finding=(
                "Scorecards are automated, reviews drive action and feedback shapes the program, "
                "but metrics are mostly lagging, so underperformance surfaces after the quarter "
                "closes."
            ),
            recommendation=(
                "Shift toward leading indicators with thresholds and early-warning alerts so "
                "intervention happens before results slip."
            ),
            days_30=Play(
                action=(
                    "Set green, yellow and red thresholds for each scorecard metric, with an "
                    "agreed response for each band."
                ),
                owner="Partner program lead",
                metric="Scorecard coverage of active partners",
                target="Thresholds and responses defined for every tier by day 30",
            ),
            days_60=Play(
                action=(
                    "Configure automated alerts, routed to the owning manager, when a partner's "
                    "engagement or pipeline falls into the red band."
                ),
                owner="RevOps / CRM admin",
                metric="At-risk partners with a recovery plan",
                target="Alerts live and every red-band partner on a recovery plan by day 60",
            ),
            days_90=Play(
                action=(
                    "Test which leading indicators best predict partner revenue two quarters out, "
                    "and reweight the health score accordingly."
                ),
                owner="Head of partnerships",
                metric="Partner-sourced revenue",
                target="Health score reweighted on the evidence by day 90",
            ),
        ),
        _O: BandGuidance(
            finding=(
                "Measurement is predictive and shared: partners see their own scorecards, "
                "benchmarks guide investment and feedback produces visible program changes each "
                "quarter."
            ),
            recommendation=(
                "Keep the model honest by sharing benchmarks with partners, tying program spend "
                "to measured return and pruning metrics that no longer inform decisions."
            ),
            days_30=Play(
                action=(
                    "Give each partner self-service access to its own scorecard with anonymized "
                    "peer benchmarks for its tier."
                ),
                owner="RevOps / CRM admin",
                metric="Partner satisfaction (0-10)",
                target="Self-service scorecards available to all tiered partners by day 30",
            ),
            days_60=Play(
                action=(
                    "Calculate return on program spend per tier and per major initiative, and "
                    "move budget toward the strongest returns."
                ),
                owner="Head of partnerships",
                metric="Partner-sourced revenue",
                target="Budget reallocation approved on return evidence by day 60",
            ),
            days_90=Play(
                action=(
                    "Audit the KPI set against current company objectives and retire any metric "
                    "that no longer drives a decision."
                ),
                owner="Partner program lead",
                metric="Scorecard indicators in active use",
                target="KPI set refreshed to no more than 12 indicators by day 90",
            ),
        ),
    },
    "relationship_trust": {
        _I: BandGuidance(
            finding=(
                "Each partnership rests on a single contact per side, no executive is engaged, "
                "and partners see the company as a vendor rather than an invested partner."
            ),
            recommendation=(
                "Map who knows whom, then add an executive sponsor and a second contact for the "
                "most valuable partners."
            ),
            days_30=Play(
                action=(
                    "Map every known contact, role and last interaction on both sides for the top "
                    "partners by revenue and strategic value."
                ),
                owner="Partner managers",
                metric="Partners with two or more contacts",
                target="Contact map complete for the top 10 partners by day 30",
            ),
            days_60=Play(
                action=(
                    "Assign an executive sponsor to each top partner and arrange a "
                    "sponsor-to-sponsor introduction call."
                ),
                owner="Executive sponsor",
                metric="Top partners with an executive sponsor",
                target="Sponsor introductions held with the top 5 partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Introduce a second working contact from sales, product or support into each "
                    "top partnership."
                ),
                owner="Head of partnerships",
                metric="Partners with two or more contacts",
                target="Top 10 partners with two or more active contacts by day 90",
            ),
        ),
        _DEV: BandGuidance(
            finding=(
                "A few partners have executive sponsors who engage irregularly, most "
                "relationships still hinge on one champion, and partners see little investment "
                "beyond the contract."
            ),
            recommendation=(
                "Give sponsors a defined role and rhythm, reduce dependence on single champions "
                "and make investment in key partners visible."
            ),
            days_30=Play(
                action=(
                    "Write a one-page sponsor charter setting meeting frequency, escalation "
                    "duties and the outcomes each sponsor owns."
                ),
                owner="Head of partnerships",
                metric="Strategic partners with an active executive sponsor",
                target="Charter accepted by every assigned sponsor by day 30",
            ),
            days_60=Play(
                action=(
                    "Flag every partnership that depends on one champion and open further threads "
                    "at leadership, product and operations level."
                ),
                owner="Partner managers",
                metric="Partners with two or more contacts",
                target="100% of strategic partners with two or more contacts by day 60",
            ),
            days_90=Play(
                action=(
                    "Commit a specific investment to each strategic partner, such as co-marketing "
                    "funds, technical support or joint events, and confirm it in writing."
                ),
                owner="Executive sponsor",
                metric="Partner satisfaction (0-10)",
                target="Investment commitment confirmed with every strategic partner by day 90",
            ),
        ),
        _DEF: BandGuidance(
            finding=(
                "Key partnerships have active sponsors and several contacts, and partners feel "
                "supported, but the relationships stay transactional and joint innovation is "
                "discussed rather than pursued."
            ),
            recommendation=(
                "Move the strongest relationships from service delivery to shared ambition, "
                "starting with one tightly scoped co-innovation initiative."
            ),
            days_30=Play(
                action=(
                    "Hold a joint opportunity workshop with two strategic partners to surface "
                    "integration, product or service ideas worth testing."
                ),
                owner="Head of partnerships",
                metric="Co-innovation ideas with a named sponsor",
                target="Two workshops held and a shortlist agreed by day 30",
            ),
            days_60=Play(
                action=(
                    "Scope one co-innovation initiative with success criteria, shared resourcing "
                    "and a decision date."
                ),
                owner="Product management lead",
                metric="Co-innovation initiatives in flight",
                target="One co-innovation initiative scoped and resourced by day 60",
            ),
            days_90=Play(
                action=(
                    "Run a relationship health check with each strategic partner on trust, "
                    "responsiveness and perceived investment, and act on the weakest scores."
                ),
                owner="Executive sponsor",
                metric="Partner satisfaction (0-10)",
                target="Health check and actions agreed with every strategic partner by day 90",
            ),
        ),
        _M: BandGuidance(
            finding=(
                "Relationships are multi-threaded and sponsored at executive level, partners "
                "report feeling valued, and co-innovation is under way but not yet producing "
                "commercial results."
            ),
            recommendation=(
                "Manage co-innovation as a pipeline with commercial milestones, and extend deep "
                "relationships to the next tier of partners."
            ),
            days_30=Play(
                action=(
                    "Put every co-innovation initiative through a stage-gate review with "
                    "commercial milestones and a continue-or-stop decision."
                ),
                owner="Executive sponsor",
                metric="Co-innovation initiatives with commercial milestones",
                target="Stage-gate review completed for all initiatives by day 30",
            ),
            days_60=Play(
                action=(
                    "Select two high-potential partners outside the top tier and apply the "
                    "sponsor and multi-threading model to them."
                ),
                owner="Head of partnerships",
                metric="Partners with two or more contacts",
                target="Sponsor and second contact in place for two emerging partners by day 60",
            ),
            days_90=Play(
                action=(
                    "Take the most advanced joint initiative to customers through a pilot or "
                    "early-access program."
                ),
                owner="Product management lead",
                metric="Partner-sourced revenue",
                target="First customer pilot of a joint solution running by day 90",
            ),
        ),
        _O: BandGuidance(
            finding=(
                "Partnerships are deep and resilient: leaders on both sides plan together, "
                "relationships survive staff changes and joint innovation regularly reaches "
                "customers."
            ),
            recommendation=(
                "Sustain that depth through succession planning on both sides and longer-horizon "
                "joint bets with the partners most committed to shared growth."
            ),
            days_30=Play(
                action=(
                    "Review succession cover for every sponsor and key contact on both sides, and "
                    "fill any gaps found."
                ),
                owner="Head of partnerships",
                metric="Partners with two or more contacts",
                target="Succession cover confirmed for all strategic partners by day 30",
            ),
            days_60=Play(
                action=(
                    "Publish joint customer case studies with strategic partners and co-present "
                    "the results at an industry event."
                ),
                owner="Partner marketing manager",
                metric="Partner satisfaction (0-10)",
                target="Two joint case studies published by day 60",
            ),
            days_90=Play(
                action=(
                    "Agree a multi-year joint roadmap with one strategic partner covering shared "
                    "investment, IP terms and market launch."
                ),
                owner="Executive sponsor",
                metric="Co-innovation initiatives in flight",
                target="Multi-year joint roadmap signed with one strategic partner by day 90",
            ),
        ),
    },
}

DIMENSION_RISKS: dict[str, str] = {
    "strategy_value": (
        "Without a clear partner strategy, time and budget flow to partnerships that were never "
        "a fit, while the few that could move the business get no more attention than the rest."
    ),
    "onboarding_enablement": (
        "Weak enablement produces long ramps and a roster of signed partners who never learn to "
        "sell, so support costs rise while partner revenue stays flat."
    ),
    "governance_communication": (
        "Weak governance leaves no one accountable for partner outcomes, so escalations stall "
        "and minor disagreements harden into lasting distrust."
    ),
    "gtm_cosell": (
        "A weak joint go-to-market motion leaks value through unregistered deals, channel "
        "conflict with direct sales and partner revenue that no one can attribute or defend."
    ),
    "performance_measurement": (
        "Without reliable measurement, partner decisions rest on anecdote, underperformers keep "
        "consuming resources and early warning signs go unnoticed until revenue drops."
    ),
    "relationship_trust": (
        "Shallow relationships leave partnerships single-threaded, so one departing champion or "
        "a shift in partner priorities can unwind a productive alliance almost overnight."
    ),
}
