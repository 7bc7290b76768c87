"""The registry: every table lif exports, in one place.

To add a record kind, add one :class:`Table` to :data:`TABLES` (its columns,
with types and descriptions, its key, and a row builder), then run
``python -m lif_cli.tables.datadoc`` to regenerate docs/DATA.md; a test checks
that the dictionary and the real tables agree. Ids that end ``_id`` (and
``partnership``) join to the table named in ``ref``.
"""

from __future__ import annotations

from . import rows_actions as act
from . import rows_assurance as asr
from . import rows_framework as fw
from . import rows_partners as pt
from . import rows_sources as src
from .schema import Column, Table

C = Column

_ACTION_ID = "The action's address, SOURCE/ACTION (e.g. SCR-2016-01/A3)"
_REC_ID = "The recommendation's address, SOURCE/R-ID"


def _id(what: str) -> Column:
    return C("id", "text", what)


TABLES: tuple[Table, ...] = (
    Table(
        "partnerships",
        "One row per partnership: its settings and the read.",
        (
            C("name", "text", "The partnership's name (lif.yaml `partnership`)"),
            C("short_name", "text", "lif.yaml `short_name`"),
            C("framework", "text", "The statutory framework: wt2015, wt2018 or wt2023"),
            C("year_start_month", "integer", "The first month of the business year"),
            C("amber_days", "integer", "An open action due within this many days is amber"),
            C("dirty", "boolean", "The records had uncommitted changes when read"),
            C("record_files", "integer", "How many record files were read"),
            C("lif_version", "text", "The lif version that wrote the tables"),
        ),
        (),
        src.partnerships,
    ),
    Table(
        "agencies",
        "Partner agencies (agencies.yaml).",
        (
            _id("Agency id"),
            C("name", "text", "Agency name"),
            C("sector", "text", "local-authority, police, health, education, ..."),
        ),
        ("id",),
        src.agencies,
    ),
    Table(
        "groups",
        "The board and its subgroups (groups.yaml).",
        (
            _id("Group id"),
            C("name", "text", "Group name"),
            C("parent", "text", "The parent group's id", ref="groups.id"),
        ),
        ("id",),
        src.groups,
    ),
    Table(
        "themes",
        "The controlled list of themes (lif.yaml `themes`, or lif's default list).",
        (_id("Theme id (neglect, domestic-abuse, ...)"), C("title", "text", "Theme title")),
        ("id",),
        src.themes,
    ),
    Table(
        "sources",
        "Every source of learning (review, audit, report, assessment, challenge, "
        "drilldown, scrutiny, national review, feedback) with its learning-cycle stage, "
        "as `lif plan` shows it.",
        (
            _id("The source's record id"),
            C(
                "kind",
                "text",
                "review, audit, report, assessment, challenge, drilldown, scrutiny, "
                "national review or feedback "
                "(empty: an action plan names a source that is not in the records)",
            ),
            C("type", "text", "The review type (rapid-review, ...) or audit type, if any"),
            C("title", "text", "Title (from the record's fields when it has none)"),
            C("description", "text", "What it is and how far it has got, as on the screens"),
            C("status", "text", "The record's own status, if its kind has one"),
            C(
                "date",
                "date",
                "The date it is counted by: a review's decided date (else referred, "
                "rapid_review, notified, aware); an audit's presented date (else started, "
                "planned); a report's or assessment's presented date; a challenge's date; "
                "a drilldown's raised date; feedback's presented date (else collected)",
            ),
            C("concluded", "boolean", "Its own work is finished, so learning can be acted on"),
            C(
                "stage",
                "text",
                "Learning-cycle stage as of the date: review, action-plan, implementation, "
                "monitoring, lessons-learned (empty: none)",
            ),
            C("has_plan", "boolean", "An action plan exists in actions/"),
            C("plan_approved", "boolean", "The action plan is approved as of the date"),
            C("approved_by", "text", "Who approved the plan (agency or group id)"),
            C("approved_on", "date", "When the plan was approved"),
            C("findings", "integer", "Number of findings"),
            C("recommendations", "integer", "Number of recommendations"),
            C("gaps", "integer", "Recommendations with no action"),
        ),
        ("id",),
        src.sources,
    ),
    Table(
        "source_themes",
        "The themes each source involves (the sources' `themes:`).",
        (
            C("source_id", "text", "The source", ref="sources.id"),
            C("theme_id", "text", "The theme", ref="themes.id"),
        ),
        ("source_id", "theme_id"),
        src.source_themes,
    ),
    Table(
        "reviews",
        "Case reviews: type, status, statutory dates and criteria.",
        (
            C("id", "text", "The review's id", ref="sources.id"),
            C("type", "text", "serious-case-review, rapid-review, child-death-review, ..."),
            C("status", "text", "referred, decided, in-progress, report-received, published, ..."),
            C("framework", "text", "The framework the case is judged by (wt2015, wt2018, wt2023)"),
            C("case_ref", "text", "The case's pseudonym (Child A)"),
            C("commissioned_by", "text", "Agency or group id"),
            C("independent", "boolean", "An independent lead reviewer"),
            C("stage", "text", "Learning-cycle stage as of the date (see sources.stage)"),
            C("in_progress", "boolean", "Still on its way to publication or closure"),
            C("published", "boolean", "Published as of the date"),
            *(
                C(d, "date", f"`dates.{d}` as recorded")
                for d in (
                    "aware",
                    "notified",
                    "rapid_review",
                    "referred",
                    "decided",
                    "started",
                    "report_received",
                )
            ),
            C("published_on", "date", "`dates.published` as recorded"),
            C("abuse_or_neglect", "text", "criteria: known, suspected or none"),
            C("child_died", "boolean", "criteria: the child died"),
            C("seriously_harmed", "boolean", "criteria: the child was seriously harmed"),
            C("cdop_category", "integer", "Child death review: CDOP category 1-10"),
            C("cdop_modifiable", "text", "Child death review: true, false or unknown"),
            C("duties_missing", "integer", "Dissemination duties not yet discharged"),
        ),
        ("id",),
        src.reviews,
    ),
    Table(
        "review_timescales",
        "Each statutory timescale of each review (by the case's own framework), assessed "
        "as of the date for every review; `lif status` shows those of reviews in progress.",
        (
            C("review_id", "text", "The review", ref="reviews.id"),
            C("timescale", "text", "Timescale code (notify, rapid-review, completion)"),
            C("title", "text", "What the rule says"),
            C("starts", "text", "The `dates` field the clock starts from"),
            C("ends", "text", "The `dates` field that meets it"),
            C("start_date", "date", "When the clock started (empty: not yet)"),
            C("deadline", "date", "The deadline, in working days or months"),
            C("met_on", "date", "When it was met"),
            C("state", "text", "met, missed, open, overdue or not-started"),
            C("working_days_left", "integer", "open: days left; overdue: negative"),
        ),
        ("review_id", "timescale"),
        act.review_timescales,
    ),
    Table(
        "dissemination",
        "Each activity that spread a review's learning.",
        (
            C("review_id", "text", "The review", ref="reviews.id"),
            C("seq", "integer", "Its place in the review's list, from 1"),
            C("activity", "text", "briefing, training-updated, roadshow, poster, ..."),
            C("date", "date", "When"),
            C("note", "text", "Note"),
        ),
        ("review_id", "seq"),
        act.dissemination,
    ),
    Table(
        "dissemination_duties",
        "For each review published as of the date: each dissemination duty and whether "
        "it is discharged.",
        (
            C("review_id", "text", "The review", ref="reviews.id"),
            C("duty", "text", "Duty code"),
            C("title", "text", "Duty"),
            C("done", "boolean", "Discharged by an activity dated by the as-of date"),
        ),
        ("review_id", "duty"),
        act.dissemination_duties,
    ),
    Table(
        "incidents",
        "Serious incidents notified to the Panel, where each stands as of the date "
        "(WT2018, WT2023).",
        (
            _id("Incident id"),
            C("title", "text", "Title (a pseudonym)"),
            C("framework", "text", "The framework the case is judged by"),
            C("where", "text", "Where it stands, in words"),
            C("open", "boolean", "Still in the process"),
            C("decision", "text", "The partners' view in the rapid review"),
            C("panel_agrees", "boolean", "The Panel agrees with the decision"),
            C("national_review", "boolean", "The Panel takes a national review"),
            C("review_id", "text", "The local practice review", ref="reviews.id"),
            C("aware", "date", "dates.aware"),
            C("notified", "date", "dates.notified"),
            C("rapid_review", "date", "dates.rapid_review"),
            C("published", "date", "dates.published"),
            C("next_step", "text", "The next step due"),
            C("next_deadline", "date", "Its deadline"),
            C("steps_late", "integer", "Steps missed or overdue"),
        ),
        ("id",),
        pt.incidents,
    ),
    Table(
        "incident_steps",
        "Each statutory step of each incident, met, missed, open or overdue.",
        (
            C("incident_id", "text", "The incident", ref="incidents.id"),
            C("step", "text", "Step code"),
            C("title", "text", "What the rule says"),
            C("done", "date", "When it was done"),
            C("deadline", "date", "Its deadline"),
            C("state", "text", "The step's state as of the date"),
        ),
        ("incident_id", "step"),
        pt.incident_steps,
    ),
    Table(
        "scrutiny",
        "Independent scrutiny activities (also sources).",
        (
            C("id", "text", "The scrutiny record", ref="sources.id"),
            C("title", "text", "Title"),
            C("activity", "text", "The kind of scrutiny"),
            C("started", "date", "Started"),
            C("reported", "date", "Reported"),
            C("to", "text", "The group it reported to"),
        ),
        ("id",),
        pt.scrutiny,
    ),
    Table(
        "national_reviews",
        "National reviews whose recommendations the partners adopt (also sources).",
        (
            C("id", "text", "The national review", ref="sources.id"),
            C("title", "text", "Title"),
            C("publisher", "text", "Who published it"),
            C("published", "date", "Published"),
            C("adopted", "date", "When the partners adopted its recommendations"),
            C("by", "text", "The group that adopted them"),
        ),
        ("id",),
        pt.national_reviews,
    ),
    Table(
        "audits",
        "Audits: type, trigger, status, dates, sampling and grades.",
        (
            C("id", "text", "The audit's id", ref="sources.id"),
            C("type", "text", "multi-agency or single-agency"),
            C("area", "text", "The area audited"),
            C("trigger", "text", "performance-data, emerging-concern, review, ..."),
            C("requested_by", "text", "Agency or group id"),
            C("status", "text", "planned, in-progress, reported or closed"),
            C("calendar_entry", "text", "Calendar entry it reports under", ref="calendar.id"),
            C("planned", "date", "dates.planned"),
            C("started", "date", "dates.started"),
            C("presented", "date", "dates.presented"),
            C("sampling_method", "text", "random or purposive"),
            C("cases", "integer", "Cases sampled"),
            C("outstanding", "integer", "Cases graded outstanding"),
            C("good", "integer", "Cases graded good"),
            C("requires_improvement", "integer", "Cases graded requires improvement"),
            C("inadequate", "integer", "Cases graded inadequate"),
        ),
        ("id",),
        src.audits,
    ),
    Table(
        "audit_agencies",
        "The agencies taking part in each audit.",
        (
            C("audit_id", "text", "The audit", ref="audits.id"),
            C("agency_id", "text", "The agency", ref="agencies.id"),
        ),
        ("audit_id", "agency_id"),
        src.audit_agencies,
    ),
    Table(
        "findings",
        "Findings of every source.",
        (
            _id("The finding's address, SOURCE/F-ID"),
            C("source_id", "text", "The source", ref="sources.id"),
            C("finding", "text", "The finding's own id (F1)"),
            C("text", "text", "The finding"),
        ),
        ("id",),
        src.findings,
    ),
    Table(
        "recommendations",
        "Recommendations of every source, with their status from the actions answering them.",
        (
            _id(_REC_ID),
            C("source_id", "text", "The source", ref="sources.id"),
            C("recommendation", "text", "The recommendation's own id (R1)"),
            C("text", "text", "The recommendation"),
            C(
                "status",
                "text",
                "gap (no action), open, complete, impact-evidenced or cancelled, as `lif plan`",
            ),
            C("actions", "integer", "Actions answering it"),
        ),
        ("id",),
        src.recommendations,
    ),
    Table(
        "recommendation_to",
        "The agencies and groups each recommendation is addressed to.",
        (
            C("recommendation_id", "text", _REC_ID, ref="recommendations.id"),
            C("to", "text", "Agency or group id"),
        ),
        ("recommendation_id", "to"),
        src.recommendation_to,
    ),
    Table(
        "recommendation_findings",
        "The findings each recommendation answers.",
        (
            C("recommendation_id", "text", _REC_ID, ref="recommendations.id"),
            C("finding_id", "text", "SOURCE/F-ID", ref="findings.id"),
        ),
        ("recommendation_id", "finding_id"),
        src.recommendation_findings,
    ),
    Table(
        "actions",
        "Every action with its RAG and stage as of the date, exactly as `lif plan`.",
        (
            _id(_ACTION_ID),
            C("source_id", "text", "The source whose plan holds it", ref="sources.id"),
            C("action", "text", "The action's own id (A3)"),
            C("text", "text", "What will be done"),
            C("agency_id", "text", "The lead agency", ref="agencies.id"),
            C("owner", "text", "The named owner (a role)"),
            C("due", "date", "Due date"),
            C("status", "text", "not-started, in-progress, complete, blocked or cancelled"),
            C("completed", "date", "When it was completed"),
            C(
                "rag",
                "text",
                "Computed RAG as of the date: red overdue; amber due within amber_days or "
                "blocked; green; blue complete; empty when cancelled",
            ),
            C("rag_recorded", "text", "The RAG written in the record, if any"),
            C("overdue", "boolean", "Open and past its due date"),
            C("days_overdue", "integer", "Days past due (0 when not overdue)"),
            C("stage", "text", "The source's learning-cycle stage (see sources.stage)"),
            C("evidence", "text", "Evidence it was done"),
            C("impact", "text", "Evidence of impact"),
            C("last_update", "date", "Date of the latest update"),
            C("updates", "integer", "Number of updates"),
        ),
        ("id",),
        act.actions,
    ),
    Table(
        "action_recommendations",
        "The recommendations each action answers.",
        (
            C("action_id", "text", _ACTION_ID, ref="actions.id"),
            C("recommendation_id", "text", _REC_ID, ref="recommendations.id"),
        ),
        ("action_id", "recommendation_id"),
        act.action_recommendations,
    ),
    Table(
        "action_updates",
        "Dated progress updates on actions.",
        (
            C("action_id", "text", _ACTION_ID, ref="actions.id"),
            C("seq", "integer", "Its place in the action's list, from 1"),
            C("date", "date", "Date of the update"),
            C("status", "text", "The status it reported, if any"),
            C("note", "text", "Note"),
            C("after_as_of", "boolean", "Dated after the as-of date"),
        ),
        ("action_id", "seq"),
        act.action_updates,
    ),
    Table(
        "calendar",
        "The reporting calendar's entries (calendar.yaml), and each evidence request "
        "due in the business year as a one-off entry under its own id.",
        (
            _id("Entry id"),
            C("title", "text", "What is reported"),
            C("from", "text", "Agency or group that reports"),
            C("to", "text", "Group that receives it"),
            C("months", "text", "Months due, comma-separated (1-12)"),
            C("every_years", "integer", "Due every N years"),
            C("start_year", "integer", "First year, when every_years > 1"),
        ),
        ("id",),
        asr.calendar_entry_rows,
    ),
    Table(
        "calendar_cells",
        "Each due month of each entry in the business year holding the as-of date, "
        "as `lif calendar`.",
        (
            C("entry_id", "text", "The calendar entry", ref="calendar.id"),
            C("month", "text", "YYYY-MM"),
            C("business_year", "text", "The business year (2016-17)"),
            C("from", "text", "Agency or group that reports"),
            C("to", "text", "Group that receives it"),
            C("status", "text", "received, late, overdue, due or upcoming"),
            C("records", "integer", "Records that count for it"),
        ),
        ("entry_id", "month"),
        asr.calendar_cells,
    ),
    Table(
        "calendar_cell_records",
        "The records that count for each calendar cell.",
        (
            C("entry_id", "text", "The calendar entry", ref="calendar.id"),
            C("month", "text", "YYYY-MM"),
            C("record_id", "text", "The record (audit, report, assessment, training)"),
        ),
        ("entry_id", "month", "record_id"),
        asr.calendar_cell_records,
    ),
    Table(
        "indicators",
        "Performance indicators with their latest value, RAG and trend, as `lif indicators`.",
        (
            _id("Indicator id"),
            C("title", "text", "Title"),
            C("level", "text", "surveillance or priority"),
            C("priority", "text", "The board priority it serves"),
            C("agency_id", "text", "The agency that reports it", ref="agencies.id"),
            C("unit", "text", "Unit"),
            C("better", "text", "lower or higher"),
            C("target", "real", "Target"),
            C("tolerance", "real", "Tolerance for amber"),
            C("period", "text", "The latest period started by the as-of date"),
            C("latest", "real", "Its value"),
            C("previous", "real", "The period before's value"),
            C("rag", "text", "red, amber or green against the target"),
            C("trend", "text", "improving, worsening or steady"),
        ),
        ("id",),
        asr.indicators,
    ),
    Table(
        "indicator_values",
        "Every value of every indicator for periods started by the as-of date.",
        (
            C("indicator_id", "text", "The indicator", ref="indicators.id"),
            C("period", "text", "YYYY, YYYY-Qn or YYYY-MM"),
            C("value", "real", "Value"),
            C("rag", "text", "RAG of this value against the target"),
        ),
        ("indicator_id", "period"),
        asr.indicator_values,
    ),
    Table(
        "drilldown_questions",
        "The questions of each drilldown, answered or overdue as of the date.",
        (
            C("drilldown_id", "text", "The drilldown", ref="sources.id"),
            C("question", "text", "The question's id"),
            C("to", "text", "Agency or group asked"),
            C("due", "date", "Due"),
            C("responded", "date", "When answered (empty until the as-of date)"),
            C("answered", "boolean", "Answered as of the date"),
            C("overdue", "boolean", "Unanswered past due"),
        ),
        ("drilldown_id", "question"),
        asr.drilldown_questions,
    ),
    Table(
        "s11_standards",
        "The Section 11 standards (lif.yaml `s11_standards`).",
        (_id("Standard id (S1)"), C("title", "text", "Standard")),
        ("id",),
        asr.s11_standards,
    ),
    Table(
        "s11_ratings",
        "Each Section 11 rating of each self-assessment presented by the as-of date "
        "(or not yet presented), as `lif s11`.",
        (
            C("assessment_id", "text", "The assessment", ref="sources.id"),
            C("agency_id", "text", "The agency", ref="agencies.id"),
            C("year", "integer", "Assessment year"),
            C("standard_id", "text", "The standard", ref="s11_standards.id"),
            C("rating", "text", "met, partially-met or not-met"),
            C("submitted", "boolean", "Presented by the as-of date"),
            C("presented", "date", "When presented"),
            C("evidence", "text", "Evidence given"),
        ),
        ("assessment_id", "standard_id"),
        asr.s11_ratings,
    ),
    Table(
        "training",
        "Training evaluations presented by the as-of date (or not yet presented), "
        "as `lif training`.",
        (
            _id("Training record id"),
            C("title", "text", "Title"),
            C("presented", "date", "When presented"),
            C("courses", "integer", "Courses run"),
            C("places", "integer", "Places offered"),
            C("attended", "integer", "Places attended"),
            C("attendance_rate", "real", "attended / places"),
            C("responses", "integer", "Evaluation responses"),
            C("good_or_better", "integer", "Responses rating it excellent or good"),
            C("good_or_better_share", "real", "good_or_better / responses"),
            C("impact_evidenced", "boolean", "Some impact recorded by the as-of date"),
        ),
        ("id",),
        asr.training,
    ),
    Table(
        "training_impact",
        "Evidence of training's impact, dated by the as-of date (or undated).",
        (
            C("training_id", "text", "The training record", ref="training.id"),
            C("seq", "integer", "Its place in the list, from 1"),
            C("date", "date", "When"),
            C("method", "text", "How it was found"),
            C("kind", "text", "The kind of evidence lif reads from the method"),
            C("finding", "text", "What was found"),
        ),
        ("training_id", "seq"),
        asr.training_impact,
    ),
    Table(
        "risks",
        "The risk register, scored as `lif status` shows it (highest score first).",
        (
            _id("Risk id"),
            C("title", "text", "The risk, in a line"),
            C("owner", "text", "The agency or group that owns it"),
            C("status", "text", "open or closed"),
            C("likelihood", "integer", "1 to 5"),
            C("impact", "integer", "1 to 5"),
            C("score", "integer", "likelihood x impact"),
            C("rag", "text", "RAG of the score: green 1-4, amber 5-12, red 15-25"),
            C("reviewed", "date", "Last reviewed"),
            C("next_review", "date", "Next review due"),
            C("review_overdue_days", "integer", "Days past next_review (open risks; else 0)"),
            C("direction", "text", "up, down, same or new since the last review"),
            C(
                "actions_open",
                "integer",
                "Mitigating actions in the plan still not-started, in-progress or blocked",
            ),
        ),
        ("id",),
        fw.risks,
    ),
    Table(
        "risk_actions",
        "The plan's actions that mitigate each risk.",
        (
            C("risk_id", "text", "The risk", ref="risks.id"),
            C("action_id", "text", _ACTION_ID, ref="actions.id"),
        ),
        ("risk_id", "action_id"),
        fw.risk_actions,
    ),
    Table(
        "outcomes",
        "Outcomes sought for children, with how far they are evidenced, as `lif status`.",
        (
            _id("Outcome id"),
            C("title", "text", "Title"),
            C("priority", "text", "The board priority it serves"),
            C("owner", "text", "The group or agency that holds it"),
            C(
                "evidence",
                "text",
                "evidenced (every measure on target or improving and every live action "
                "complete with impact), none (no measured value, no action complete) or partial",
            ),
            C("actions_open", "integer", "Contributing actions still open"),
            C("actions_complete", "integer", "Contributing actions complete"),
            C("actions_with_impact", "integer", "Complete with impact recorded"),
        ),
        ("id",),
        fw.outcomes,
    ),
    Table(
        "outcome_measures",
        "The impact measures of each outcome, with the indicator that tracks each.",
        (
            C("outcome_id", "text", "The outcome", ref="outcomes.id"),
            C("seq", "integer", "Its place in the list, from 1"),
            C("text", "text", "What would show the outcome"),
            C("indicator_id", "text", "The indicator", ref="indicators.id"),
            C("latest", "real", "The indicator's latest value"),
            C("period", "text", "Its period"),
            C("rag", "text", "Its RAG"),
            C("trend", "text", "Its trend"),
        ),
        ("outcome_id", "seq"),
        fw.outcome_measures,
    ),
    Table(
        "outcome_actions",
        "The plan's actions that contribute to each outcome.",
        (
            C("outcome_id", "text", "The outcome", ref="outcomes.id"),
            C("action_id", "text", _ACTION_ID, ref="actions.id"),
        ),
        ("outcome_id", "action_id"),
        fw.outcome_actions,
    ),
    Table(
        "learning_events",
        "Events that spread learning: briefings, conferences, workshops, ...",
        (
            _id("Event id"),
            C("title", "text", "Title"),
            C("type", "text", "practitioner-event, seven-minute-briefing, roadshow, ..."),
            C("date", "date", "When"),
            C("delivered_by", "text", "Agency or group"),
            C("held", "boolean", "Dated on or before the as-of date"),
            C("places", "integer", "Places offered"),
            C("attended", "integer", "Attendance, all agencies"),
            C("satisfied_percent", "integer", "Responses rating it excellent or good, percent"),
        ),
        ("id",),
        fw.learning_events,
    ),
    Table(
        "learning_event_attendance",
        "Attendance at each learning event by agency.",
        (
            C("event_id", "text", "The event", ref="learning_events.id"),
            C("agency_id", "text", "The agency", ref="agencies.id"),
            C("attended", "integer", "How many came"),
        ),
        ("event_id", "agency_id"),
        fw.learning_event_attendance,
    ),
    Table(
        "learning_event_sources",
        "The sources whose learning each event spreads.",
        (
            C("event_id", "text", "The event", ref="learning_events.id"),
            C("source_id", "text", "The source", ref="sources.id"),
        ),
        ("event_id", "source_id"),
        fw.learning_event_sources,
    ),
    Table(
        "feedback",
        "Feedback from children, families and the workforce, in aggregate (also sources: "
        "their findings and recommendations are in those tables).",
        (
            C("id", "text", "The feedback record", ref="sources.id"),
            C("title", "text", "Title"),
            C("voice", "text", "children-and-young-people, parents-and-carers, workforce, mixed"),
            C("method", "text", "How it was gathered: survey, consultation, focus-group, ..."),
            C("to", "text", "The group it was presented to"),
            C("respondents", "integer", "Respondents"),
            C("collected", "date", "When collection closed"),
            C("presented", "date", "When presented"),
        ),
        ("id",),
        fw.feedback,
    ),
    Table(
        "feedback_themes",
        "The themes each feedback record raised, with how many respondents raised each.",
        (
            C("feedback_id", "text", "The feedback record", ref="feedback.id"),
            C("seq", "integer", "Its place in the list, from 1"),
            C("theme", "text", "The theme, in words"),
            C("count", "integer", "Respondents who raised it"),
        ),
        ("feedback_id", "seq"),
        fw.feedback_themes,
    ),
    Table(
        "evidence_requests",
        "The board's requests for evidence to agencies, with their state as of the date "
        "(those due in the business year are also calendar entries).",
        (
            _id("Request id"),
            C("title", "text", "Title (else what is asked for)"),
            C("to", "text", "The agency asked", ref="agencies.id"),
            C("requested_by", "text", "The board or group asking"),
            C("requested", "date", "When asked"),
            C("due", "date", "Due"),
            C("state", "text", "received, late, overdue, due, upcoming or withdrawn"),
            C("chased", "integer", "Times chased by the as-of date"),
            C("days_overdue", "integer", "Days past due (0 unless overdue)"),
            C("answered", "date", "When answered (empty until the as-of date)"),
            C("answered_by_record", "text", "The record that answered it"),
            C("withdrawn", "date", "When withdrawn (empty until the as-of date)"),
        ),
        ("id",),
        fw.evidence_requests,
    ),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
