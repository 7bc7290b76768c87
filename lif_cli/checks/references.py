"""Layer 2: ids and references.

Namespaces (FORMAT.md says ids are unique across the repo; its own example
gives a calendar entry and an agency the same id ``lado``, so lif keeps three):

* records (every file in a kind folder but ``actions/``), case-insensitively;
* "who": agencies and groups together, since ``to:`` takes either;
* calendar entries.

Local ids (findings, recommendations, actions, questions) are unique within
their record. References match ids exactly; a reference that differs only in
case gets a "did you mean" hint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lif_cli.errors import Problem, Severity
from lif_cli.loader import RecordFile, Records
from lif_cli.model_errors import did_you_mean
from lif_cli.models import KIND_NOUNS, SOURCE_KINDS, ActionPlan, source_nouns

P = tuple[Any, ...]


def problem(
    rf: RecordFile | str,
    path: P,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Problem:
    file = rf if isinstance(rf, str) else rf.file
    return Problem(code=code, message=message, file=file, severity=severity, hint=hint, path=path)


def _hint(value: str, choices: Iterable[str], what: str) -> str | None:
    guess = did_you_mean(value, choices)
    if guess:
        return f"did you mean '{guess}'?"
    return f"add it to {what} first, or correct the id"


class Resolver:
    """Answers 'does this id exist?' for every namespace."""

    def __init__(self, records: Records):
        self.records = records
        self.agencies = records.agencies
        self.groups = records.groups
        self.who = {**records.groups, **records.agencies}
        self.calendar = records.calendar
        self.indicators = {m.id: m for m in records.models("indicators")}
        self.sources = {rf.model.id: rf for rf in records.sources()}
        self.standards = {s.id for s in records.settings.s11_standards}
        self.themes = {t.id for t in records.settings.themes}

    def check_agency(self, rf: RecordFile, path: P, value: str | None) -> Iterator[Problem]:
        if value is not None and value not in self.agencies:
            extra = " (that is a group; this field takes an agency)" if value in self.groups else ""
            yield problem(
                rf,
                path,
                "unknown-agency",
                f"'{value}' is not an agency in agencies.yaml{extra}",
                _hint(value, self.agencies, "agencies.yaml"),
            )

    def check_group(self, rf: RecordFile, path: P, value: str | None) -> Iterator[Problem]:
        if value is not None and value not in self.groups:
            yield problem(
                rf,
                path,
                "unknown-group",
                f"'{value}' is not a group in groups.yaml",
                _hint(value, self.groups, "groups.yaml"),
            )

    def check_who(self, rf: RecordFile, path: P, value: str | None) -> Iterator[Problem]:
        if value is not None and value not in self.who:
            yield problem(
                rf,
                path,
                "unknown-who",
                f"'{value}' is neither an agency in agencies.yaml nor a group in groups.yaml",
                _hint(value, self.who, "agencies.yaml or groups.yaml"),
            )

    def check_calendar(self, rf: RecordFile, path: P, value: str | None) -> Iterator[Problem]:
        if value is not None and value not in self.calendar:
            yield problem(
                rf,
                path,
                "unknown-calendar-entry",
                f"'{value}' is not an entry in calendar.yaml",
                _hint(value, self.calendar, "calendar.yaml"),
            )

    def check_indicator(self, rf: RecordFile, path: P, value: str) -> Iterator[Problem]:
        if value not in self.indicators:
            yield problem(
                rf,
                path,
                "unknown-indicator",
                f"'{value}' is not an indicator (no indicators/{value}.yaml)",
                _hint(value, self.indicators, "indicators/"),
            )

    def resolve(self, ref: str) -> bool:
        """Whether a record id or a qualified SOURCE/LOCAL id exists."""
        if "/" not in ref:
            return ref in self.records.by_id
        source_id, local = ref.split("/", 1)
        rf = self.sources.get(source_id)
        if rf is None:
            return False
        m = rf.model
        if any(f.id == local for f in m.findings) or any(r.id == local for r in m.recommendations):
            return True
        plan = self.records.plans.get(source_id)
        return bool(plan and any(a.id == local for a in plan.model.actions))


def check_ids(records: Records, as_of: object = None) -> Iterator[Problem]:
    """Record ids: syntax is in the models; here id == stem and uniqueness."""
    seen: dict[str, RecordFile] = {}
    for kind, files in records.by_kind.items():
        if kind not in KIND_NOUNS or kind == "actions":
            continue
        for rf in files:
            if rf.model is None:
                continue
            ident = rf.model.id
            if ident != rf.stem:
                yield problem(
                    rf,
                    ("id",),
                    "id-mismatch",
                    f"the id '{ident}' does not match the file name '{rf.stem}'",
                    f"rename the file to {kind}/{ident}.yaml, or set id: {rf.stem}",
                )
            low = ident.lower()
            other = seen.get(low)
            if other is not None:
                same = other.model.id == ident
                yield problem(
                    rf,
                    ("id",),
                    "duplicate-id",
                    f"the id '{ident}' is already used by {other.file}"
                    + ("" if same else " (ids are compared ignoring case)"),
                    "give each record its own id; ids must differ by more than case "
                    "so the repo works on macOS and Windows",
                )
            else:
                seen[low] = rf
    for rf in records.by_kind["actions"]:
        if isinstance(rf.model, ActionPlan) and rf.model.source != rf.stem:
            yield problem(
                rf,
                ("source",),
                "id-mismatch",
                f"the action plan's source '{rf.model.source}' does not match the file "
                f"name '{rf.stem}'",
                f"an action plan is named after its source: actions/{rf.model.source}.yaml",
            )
    # agencies and groups share the "who" namespace
    who_seen: dict[str, tuple[str, str]] = {}
    for stem, attr in (("agencies", "agencies"), ("groups", "groups")):
        for rf in records.by_kind[stem]:
            if rf.model is None:
                continue
            for i, item in enumerate(getattr(rf.model, attr)):
                low = item.id.lower()
                if low in who_seen:
                    yield problem(
                        rf,
                        (attr, i, "id"),
                        "duplicate-id",
                        f"the id '{item.id}' is already used in {who_seen[low][0]}",
                        "agencies and groups share one set of ids, because 'to:' takes either",
                    )
                else:
                    who_seen[low] = (rf.file, item.id)
    for rf in records.by_kind["calendar"]:
        if rf.model is None:
            continue
        cal_seen: set[str] = set()
        for i, entry in enumerate(rf.model.entries):
            if entry.id.lower() in cal_seen:
                yield problem(
                    rf,
                    ("entries", i, "id"),
                    "duplicate-id",
                    f"the calendar entry '{entry.id}' appears twice",
                    "give each entry its own id",
                )
            cal_seen.add(entry.id.lower())


def _local_unique(rf: RecordFile, items: list[Any], field: str, what: str) -> Iterable[Problem]:
    if len({item.id.lower() for item in items}) == len(items):
        return ()  # the usual case, found without a problem generator per record
    return _duplicates(rf, items, field, what)


def _duplicates(rf: RecordFile, items: list[Any], field: str, what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        low = item.id.lower()
        if low in seen:
            yield problem(
                rf,
                (field, i, "id"),
                "duplicate-local-id",
                f"the {what} id '{item.id}' appears twice in this record",
                f"number each {what} once (e.g. {item.id[0]}1, {item.id[0]}2, ...)",
            )
        seen.add(low)


def check_references(records: Records, as_of: object = None) -> Iterator[Problem]:
    """Every reference in every record resolves."""
    r = Resolver(records)
    for rf in records.by_kind["groups"]:
        if rf.model is None:
            continue
        for i, g in enumerate(rf.model.groups):
            if g.parent is not None:
                yield from r.check_group(rf, ("groups", i, "parent"), g.parent)
    for rf in records.by_kind["calendar"]:
        if rf.model is None:
            continue
        for i, e in enumerate(rf.model.entries):
            yield from r.check_who(rf, ("entries", i, "from"), e.from_)
            yield from r.check_who(rf, ("entries", i, "to"), e.to)

    for kind in SOURCE_KINDS:
        for rf in records.by_kind[kind]:
            m = rf.model
            if m is None:
                continue
            yield from _local_unique(rf, m.findings, "findings", "finding")
            yield from _local_unique(rf, m.recommendations, "recommendations", "recommendation")
            finding_ids = {f.id for f in m.findings}
            for i, rec in enumerate(m.recommendations):
                for j, who in enumerate(rec.to):
                    if who not in r.who:  # tested here: most records hold many
                        yield from r.check_who(rf, ("recommendations", i, "to", j), who)
                for j, fid in enumerate(rec.findings):
                    if fid not in finding_ids:
                        yield problem(
                            rf,
                            ("recommendations", i, "findings", j),
                            "unknown-finding",
                            f"'{fid}' is not a finding of {m.id}",
                            _hint(fid, finding_ids, "this record's findings"),
                        )
            for j, theme in enumerate(m.themes):
                # a kind may define its own `themes` (not ids): only ids are checked here
                if isinstance(theme, str) and theme not in r.themes:
                    yield problem(
                        rf,
                        ("themes", j),
                        "unknown-theme",
                        f"'{theme}' is not a theme in lif.yaml",
                        _hint(theme, r.themes, "lif.yaml themes"),
                    )
            yield from _check_source_fields(r, kind, rf)

    for rf in records.by_kind["indicators"]:
        if rf.model is not None:
            yield from r.check_agency(rf, ("agency",), rf.model.agency)
    for rf in records.by_kind["training"]:
        if rf.model is not None:
            yield from r.check_calendar(rf, ("calendar",), rf.model.calendar)
    yield from _check_plans(r, records)


def _check_source_fields(r: Resolver, kind: str, rf: RecordFile) -> Iterator[Problem]:
    m = rf.model
    if kind == "reviews":
        yield from r.check_who(rf, ("commissioned_by",), m.commissioned_by)
    elif kind == "audits":
        yield from r.check_who(rf, ("requested_by",), m.requested_by)
        for j, a in enumerate(m.agencies):
            yield from r.check_agency(rf, ("agencies", j), a)
        yield from r.check_calendar(rf, ("calendar",), m.calendar)
        for j, ref in enumerate(m.triggered_by):
            if not r.resolve(ref):
                yield problem(
                    rf,
                    ("triggered_by", j),
                    "unknown-record",
                    f"'{ref}' is not a record id (or SOURCE/R-ID) in this repository",
                    _hint(ref, r.records.by_id, "the repository"),
                )
    elif kind == "reports":
        yield from r.check_who(rf, ("from",), m.from_)
        yield from r.check_who(rf, ("to",), m.to)
        yield from r.check_calendar(rf, ("calendar",), m.calendar)
    elif kind == "assessments":
        yield from r.check_agency(rf, ("agency",), m.agency)
        yield from r.check_calendar(rf, ("calendar",), m.calendar)
        seen: set[str] = set()
        # A 2016 assessment is checked against the standards that applied in 2016.
        in_force = {x.id for x in r.records.settings.s11_standards if x.applies_in(m.year)}
        for j, s in enumerate(m.standards):
            if s.standard not in in_force:
                when = f" that applies in {m.year}" if s.standard in r.standards else ""
                yield problem(
                    rf,
                    ("standards", j, "standard"),
                    "unknown-standard",
                    f"'{s.standard}' is not a Section 11 standard{when} in lif.yaml",
                    _hint(s.standard, in_force, "lif.yaml s11_standards")
                    if not when
                    else "rate the standards whose from_year/to_year include the assessment's year",
                )
            elif s.standard in seen:
                yield problem(
                    rf,
                    ("standards", j, "standard"),
                    "duplicate-local-id",
                    f"the standard '{s.standard}' is rated twice",
                    "rate each standard once",
                )
            seen.add(s.standard)
    elif kind == "challenges":
        for j, a in enumerate(m.agencies):
            yield from r.check_agency(rf, ("agencies", j), a)
        for j, c in enumerate(m.challenges):
            yield from r.check_who(rf, ("challenges", j, "to"), c.to)
            yield from r.check_who(rf, ("challenges", j, "by"), c.by)
    elif kind == "drilldowns":
        yield from r.check_who(rf, ("raised_by",), m.raised_by)
        for j, ind in enumerate(m.indicators):
            yield from r.check_indicator(rf, ("indicators", j), ind)
        yield from _local_unique(rf, m.questions, "questions", "question")
        for j, q in enumerate(m.questions):
            yield from r.check_who(rf, ("questions", j, "to"), q.to)
    # lif extension: a recommendation may name the Section 11 standards it answers
    for i, rec in enumerate(m.recommendations):
        for j, std in enumerate(rec.standards):
            if std not in r.standards:
                yield problem(
                    rf,
                    ("recommendations", i, "standards", j),
                    "unknown-standard",
                    f"'{std}' is not a Section 11 standard in lif.yaml",
                    _hint(std, r.standards, "lif.yaml s11_standards"),
                )


def _check_plans(r: Resolver, records: Records) -> Iterator[Problem]:
    for rf in records.by_kind["actions"]:
        plan = rf.model
        if plan is None:
            continue
        source = r.sources.get(plan.source)
        if source is None:
            other = records.by_id.get(plan.source)
            noun = KIND_NOUNS[other.kind] if other else ""
            article = "an" if noun[:1] in ("a", "e", "i", "o", "u") else "a"
            extra = (
                f" ({other.file} is {article} {noun}, which carries no recommendations)"
                if other
                else ""
            )
            yield problem(
                rf,
                ("source",),
                "unknown-source",
                f"the action plan's source '{plan.source}' is not a {source_nouns()}{extra}",
                _hint(plan.source, r.sources, "the repository"),
            )
        if plan.approved is not None:
            yield from r.check_who(rf, ("approved", "by"), plan.approved.by)
        yield from _local_unique(rf, plan.actions, "actions", "action")
        rec_ids = {x.id for x in source.model.recommendations} if source else None
        agencies = r.agencies
        for i, action in enumerate(plan.actions):
            if action.agency not in agencies:  # tested here: a plan holds many actions
                yield from r.check_agency(rf, ("actions", i, "agency"), action.agency)
            if rec_ids is None:
                continue
            for j, rid in enumerate(action.recommendation):
                if rid not in rec_ids:
                    path = ("actions", i, "recommendation")
                    if len(action.recommendation) > 1 or _is_list(records, rf, path):
                        path = (*path, j)
                    yield problem(
                        rf,
                        path,
                        "unknown-recommendation",
                        f"'{rid}' is not a recommendation of {plan.source}",
                        _hint(rid, rec_ids, f"{plan.source}'s recommendations")
                        if rec_ids
                        else f"{plan.source} has no recommendations yet",
                    )


def _is_list(records: Records, rf: RecordFile, path: P) -> bool:
    """Whether the value at ``path`` is written as a YAML list (error path only)."""
    node: Any = records.document(rf.file).data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, list)
