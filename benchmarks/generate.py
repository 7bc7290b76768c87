"""Generate a synthetic records repository of realistic shape, for benchmarks.

    python benchmarks/generate.py OUT --records 10000 [--seed 2016]

The repository has the top-level files (lif.yaml, agencies, groups, a
reporting calendar) and ``--records`` record files spread over every kind in
roughly the proportions a busy partnership accumulates over some years: case
reviews, audits, reports, Section 11 assessments, challenge events,
drilldowns, indicators, training evaluations, and an action plan of 3 to 8
actions for each source that has recommendations, every action naming a real
recommendation of its source. Record files are 25 to 60 lines. Every name and
case reference is an invented pseudonym (``Child 0412``), and the text is
assembled from a small phrase book, so the personal-data guard has nothing to
find. The same seed gives the same bytes, so figures are comparable across
runs and machines. The repository validates clean as of 2016-11-15.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2016, 11, 15)
REVIEW_THEMES = (
    "neglect",
    "domestic-abuse",
    "parental-mental-health",
    "parental-substance-misuse",
    "child-sexual-exploitation",
    "criminal-exploitation",
    "online-harm",
    "sudi",
)

AGENCIES = [
    ("csc", "Children's Services", "local-authority"),
    ("police", "Constabulary", "police"),
    ("health", "Clinical Commissioning Group", "health"),
    ("community-health", "Community Health and Care Trust", "health"),
    ("acute", "University Hospital Trust", "health"),
    ("mental-health", "Mental Health Foundation Trust", "health"),
    ("education", "Education Services", "education"),
    ("early-years", "Early Years Service", "education"),
    ("probation", "Probation Service", "probation"),
    ("crc", "Community Rehabilitation Company", "probation"),
    ("yot", "Youth Offending Team", "local-authority"),
    ("housing", "District Housing Partnership", "local-authority"),
    ("public-health", "Public Health", "local-authority"),
    ("lado", "Local Authority Designated Officer", "local-authority"),
    ("cafcass", "Cafcass", "other"),
    ("vcs", "Voluntary Sector Forum", "voluntary"),
]
GROUPS = [
    ("board", "Safeguarding Children Board", None),
    ("PIQAG", "Performance Improvement and Quality Assurance Group", "board"),
    ("SCRG", "Serious Case Review Group", "board"),
    ("WDG", "Workforce Development Group", "board"),
    ("CDOP", "Child Death Overview Panel", "board"),
    ("LSCG-north", "Local Safeguarding Children Group (north)", "board"),
    ("LSCG-south", "Local Safeguarding Children Group (south)", "board"),
    ("LSCG-west", "Local Safeguarding Children Group (west)", "board"),
    ("EAG", "Education Advisory Group", "board"),
    ("leadership", "Leadership Group", "board"),
]
CALENDAR = [
    ("themed-audit", "Themed multi-agency audit", "PIQAG", "board", [1, 3, 5, 8, 10]),
    ("lado-report", "LADO report", "lado", "PIQAG", [1, 4, 7, 10]),
    ("s11-audit", "Section 11 audit", "PIQAG", "board", [3]),
    ("training-impact", "Training impact assessment", "WDG", "PIQAG", [4]),
    ("cdop-annual", "CDOP annual report", "CDOP", "board", [6]),
    ("yot-report", "Youth offending report", "yot", "PIQAG", [5, 11]),
    ("schools-audit", "Schools safeguarding self-audit", "education", "EAG", [2]),
    ("early-years-audit", "Early years self-audit", "early-years", "PIQAG", [1]),
    ("health-qa", "Health quality assurance report", "health", "PIQAG", [2, 9]),
    ("csc-qa", "Children's services quality assurance report", "csc", "PIQAG", [3, 6, 9, 12]),
    ("daat-report", "Public health and DAAT report", "public-health", "PIQAG", [7]),
    ("private-fostering", "Private fostering report", "csc", "PIQAG", [6]),
]
THEMES = [
    "neglect",
    "child sexual exploitation",
    "domestic abuse",
    "missing children",
    "early help",
    "escalation",
    "information sharing",
    "the voice of the child",
    "adolescent risk",
    "parental mental health",
    "substance misuse",
    "children with disabilities",
]
OPENINGS = [
    "Practitioners did not consistently",
    "Agencies were slow to",
    "Records showed that staff rarely",
    "Supervision did not always",
    "The multi-agency plan did not",
    "Assessments seldom",
    "Managers were not always able to",
    "Partners recognised the need to",
]
MIDDLES = [
    "record the views and lived experience of the child",
    "share information about adults in the household",
    "escalate concerns when a plan was not making progress",
    "consider the cumulative impact of neglect",
    "follow the threshold document when making referrals",
    "invite all relevant agencies to strategy discussions",
    "check the history held by other agencies",
    "revisit risk when circumstances changed",
]
ENDINGS = [
    "before decisions were taken.",
    "at key points in the case.",
    "across the period under review.",
    "when the family moved between areas.",
    "in line with the local procedures.",
    "when the child was not brought to appointments.",
]
ACTION_VERBS = [
    "Revise",
    "Audit",
    "Relaunch",
    "Brief all staff on",
    "Build into training",
    "Update the guidance on",
    "Report to the board on",
    "Review the procedure for",
]
ROLES = [
    "Head of Safeguarding",
    "Named Nurse for Safeguarding Children",
    "Head of Public Protection",
    "Designated Safeguarding Lead",
    "Service Manager, Quality Assurance",
    "Workforce Development Manager",
    "Board Business Manager",
]
REVIEW_TYPES = ["learning-review", "multi-agency-review", "serious-case-review"]
AUDIT_AREAS = [
    "school-self-audit",
    "early-years",
    "childrens-services-qa",
    "public-health-daat",
    "health-qa",
]
# Share of the record files that each kind takes (action plans fill the rest).
SHARES = {
    "reviews": 0.10,
    "audits": 0.18,
    "reports": 0.14,
    "assessments": 0.08,
    "challenges": 0.02,
    "drilldowns": 0.03,
    "indicators": 0.05,
    "training": 0.06,
}


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.indicators: list[str] = []

    # -- small pieces --------------------------------------------------------------------

    def sentence(self) -> str:
        r = self.rng
        return f"{r.choice(OPENINGS)} {r.choice(MIDDLES)} {r.choice(ENDINGS)}"

    def day(self, start: date, span: int) -> date:
        return start + timedelta(days=self.rng.randrange(span))

    def who(self, k: int = 1) -> list[str]:
        ids = [a[0] for a in AGENCIES] + [g[0] for g in GROUPS]
        return self.rng.sample(ids, k)

    def agencies(self, k: int) -> list[str]:
        return self.rng.sample([a[0] for a in AGENCIES], k)

    def findings_and_recommendations(self, findings: int, recs: int) -> tuple[list[str], list[str]]:
        lines = ["findings:"]
        for i in range(1, findings + 1):
            lines += [f"  - id: F{i}", f"    text: {self.sentence()}"]
        lines.append("recommendations:")
        rec_ids = []
        for i in range(1, recs + 1):
            rec_ids.append(f"R{i}")
            theme = self.rng.choice(THEMES)
            to = ", ".join(self.who(self.rng.randint(1, 3)))
            cited = ", ".join(f"F{j}" for j in sorted(self.rng.sample(range(1, findings + 1), 1)))
            lines += [
                f"  - id: R{i}",
                f"    text: The board should seek assurance that practice on {theme} improves.",
                f"    to: [{to}]",
                f"    findings: [{cited}]",
            ]
        return lines, rec_ids

    # -- record kinds -------------------------------------------------------------------

    def review(self, ident: str, n: int) -> tuple[str, list[str]]:
        r = self.rng
        kind = r.choice(REVIEW_TYPES)
        aware = self.day(date(2014, 1, 6), 700)
        while aware.weekday() > 2:  # a Monday to Wednesday: no bank holiday in reach
            aware += timedelta(days=1)
        notified = aware + timedelta(days=1)
        referred = aware + timedelta(days=1)
        decided = referred + timedelta(days=r.randint(5, 20))
        started = decided + timedelta(days=r.randint(5, 20))
        received = decided + timedelta(days=r.randint(60, 170))
        published = received + timedelta(days=r.randint(7, 40))
        status = "published" if published <= AS_OF else "in-progress"
        lines = [
            f"# Synthetic case review {n}.",
            f"id: {ident}",
            f"type: {kind}",
            f"title: Child {n:04d}",
            f"case_ref: Child {n:04d}",
            f"status: {status}",
            "commissioned_by: SCRG",
            "lead_reviewer: Independent lead reviewer",
            "independent: true",
            # not drawn from the rng, so every other line stays as it was
            f"themes: [{REVIEW_THEMES[n % len(REVIEW_THEMES)]}]",
        ]
        if kind == "serious-case-review":
            lines += [
                "criteria:",
                "  abuse_or_neglect: known",
                "  child_died: false",
                "  seriously_harmed: true",
                "  concern_about_working_together: true",
                "  died_in_custody: false",
            ]
        lines += [
            "dates:",
            f"  aware: {aware}",
            f"  notified: {notified}",
            f"  referred: {referred}",
            f"  decided: {decided}",
            f"  started: {started}",
        ]
        if status == "published":
            lines += [f"  report_received: {received}", f"  published: {published}"]
        body, recs = self.findings_and_recommendations(r.randint(2, 4), r.randint(2, 5))
        lines += body
        if status == "published":
            lines += [
                "dissemination:",
                "  - activity: published",
                f"    date: {published}",
                "    note: Overview report published on the board's website",
            ]
        return "\n".join(lines) + "\n", recs

    def audit(self, ident: str, n: int) -> tuple[str, list[str]]:
        r = self.rng
        single = r.random() < 0.4
        planned = self.day(date(2014, 1, 1), 900)
        started = planned + timedelta(days=r.randint(10, 40))
        presented = started + timedelta(days=r.randint(30, 90))
        done = presented <= AS_OF
        cases = r.randint(6, 30)
        good = r.randint(0, cases)
        ri = r.randint(0, cases - good)
        inadequate = cases - good - ri
        lines = [
            f"# Synthetic audit {n}.",
            f"id: {ident}",
            f"type: {'single-agency' if single else 'multi-agency'}",
            f"area: {r.choice(AUDIT_AREAS if single else ['neglect', 'cse', 'early-help'])}",
            f"title: Audit of practice on {r.choice(THEMES)}",
        ]
        if not single and self.indicators and r.random() < 0.3:
            lines += ["trigger: performance-data", f"triggered_by: [{r.choice(self.indicators)}]"]
        else:
            lines.append(f"trigger: {r.choice(['board-priority', 'calendar', 'emerging-concern'])}")
        lines += [
            "requested_by: PIQAG",
            f"agencies: [{', '.join(self.agencies(r.randint(2, 5)))}]",
            f"sampling: {{method: {r.choice(['random', 'purposive'])}, cases: {cases}}}",
            f"status: {'reported' if done else 'in-progress'}",
            "calendar: themed-audit",
            "dates:",
            f"  planned: {planned}",
            f"  started: {started}",
        ]
        if done:
            lines.append(f"  presented: {presented}")
        lines += [
            "grades:",
            "  outstanding: 0",
            f"  good: {good}",
            f"  requires-improvement: {ri}",
            f"  inadequate: {inadequate}",
        ]
        body, recs = self.findings_and_recommendations(r.randint(2, 3), r.randint(2, 4))
        return "\n".join(lines + body) + "\n", recs

    def report(self, ident: str, n: int) -> tuple[str, list[str]]:
        r = self.rng
        entry = r.choice(CALENDAR)
        lines = [
            f"# Synthetic report {n}.",
            f"id: {ident}",
            f"title: {entry[1]} {n}",
            f"from: {entry[2]}",
            f"to: {entry[3]}",
            f"calendar: {entry[0]}",
            f"presented: {self.day(date(2014, 1, 1), 1000)}",
        ]
        body, recs = self.findings_and_recommendations(r.randint(4, 6), r.randint(2, 4))
        return "\n".join(lines + body) + "\n", recs

    def assessment(self, ident: str, n: int) -> tuple[str, list[str]]:
        r = self.rng
        lines = [
            f"# Synthetic Section 11 self-assessment {n}.",
            f"id: {ident}",
            f"agency: {r.choice(AGENCIES)[0]}",
            f"year: {r.choice([2014, 2015, 2016])}",
            "calendar: s11-audit",
            f"presented: {self.day(date(2014, 3, 1), 900)}",
            "standards:",
        ]
        for s in range(1, 9):
            lines += [
                f"  - standard: S{s}",
                f"    rating: {r.choice(['met', 'met', 'partially-met', 'not-met'])}",
                f"    evidence: {self.sentence()}",
            ]
        body, recs = self.findings_and_recommendations(2, r.randint(2, 3))
        return "\n".join(lines + body) + "\n", recs

    def challenge(self, ident: str, n: int) -> tuple[str, list[str]]:
        r = self.rng
        lines = [
            f"# Synthetic peer challenge event {n}.",
            f"id: {ident}",
            f"date: {self.day(date(2014, 1, 1), 1000)}",
            f"title: Peer challenge day {n}",
            f"agencies: [{', '.join(self.agencies(4))}]",
            "challenges:",
        ]
        for _ in range(r.randint(3, 5)):
            to, by = self.agencies(2)
            lines += [
                f"  - to: {to}",
                f"    by: {by}",
                f"    question: How do you know that practice on {r.choice(THEMES)} is improving?",
                f"    response: {self.sentence()}",
            ]
        body, recs = self.findings_and_recommendations(2, r.randint(2, 3))
        return "\n".join(lines + body) + "\n", recs

    def drilldown(self, ident: str, n: int) -> tuple[str, list[str]]:
        r = self.rng
        raised = self.day(date(2014, 1, 1), 900)
        lines = [
            f"# Synthetic data drilldown {n}.",
            f"id: {ident}",
            f"raised: {raised}",
            f"title: Drilldown {n}",
            "raised_by: board",
            f"indicators: [{', '.join(r.sample(self.indicators, 2))}]",
            "status: responded",
            "questions:",
        ]
        for q in range(1, r.randint(3, 5)):
            responded = raised + timedelta(days=r.randint(10, 60))
            lines += [
                f"  - id: Q{q}",
                f"    text: Why has performance on {r.choice(THEMES)} changed this quarter?",
                f"    to: {r.choice(['LSCG-north', 'LSCG-south', 'LSCG-west', 'csc'])}",
                f"    due: {raised + timedelta(days=60)}",
                f"    response: {self.sentence()}",
                f"    responded: {responded}",
            ]
        body, recs = self.findings_and_recommendations(2, r.randint(2, 3))
        return "\n".join(lines + body) + "\n", recs

    def indicator(self, ident: str, n: int) -> str:
        r = self.rng
        priority = r.random() < 0.4
        lines = [
            f"# Synthetic indicator {n}.",
            f"id: {ident}",
            f"title: Indicator {n} on {r.choice(THEMES)}",
            f"level: {'priority' if priority else 'surveillance'}",
        ]
        if priority:
            lines.append(f"priority: {r.choice(['neglect', 'cse', 'csa'])}")
        lines += [
            f"agency: {r.choice(AGENCIES)[0]}",
            "unit: percent",
            f"better: {r.choice(['lower', 'higher'])}",
            f"target: {r.randint(10, 90)}",
            "tolerance: 2",
            "values:",
        ]
        for year in (2013, 2014, 2015, 2016):
            for q in range(1, 5):
                if (year, q) > (2016, 3):
                    break
                lines.append(f"  - {{period: {year}-Q{q}, value: {r.uniform(5, 95):.1f}}}")
        return "\n".join(lines) + "\n"

    def training(self, ident: str, n: int) -> str:
        r = self.rng
        places = r.randint(100, 300)
        attended = r.randint(places // 2, places)
        responses = r.randint(attended // 2, attended)
        excellent = r.randint(0, responses)
        good = r.randint(0, responses - excellent)
        satisfactory = r.randint(0, responses - excellent - good)
        poor = responses - excellent - good - satisfactory
        lines = [
            f"# Synthetic training evaluation {n}.",
            f"id: {ident}",
            f"title: Multi-agency training on {r.choice(THEMES)}",
            "calendar: training-impact",
            f"presented: {self.day(date(2014, 4, 1), 900)}",
            f"courses: {r.randint(4, 20)}",
            f"places: {places}",
            f"attended: {attended}",
            "evaluations:",
            f"  responses: {responses}",
            f"  excellent: {excellent}",
            f"  good: {good}",
            f"  satisfactory: {satisfactory}",
            f"  poor: {poor}",
            "impact:",
        ]
        for _ in range(r.randint(4, 6)):
            lines += [
                f"  - date: {self.day(date(2014, 6, 1), 800)}",
                "    method: follow-up survey",
                f"    finding: Delegates report greater confidence about {r.choice(THEMES)}.",
            ]
        return "\n".join(lines) + "\n"

    def plan(self, source: str, recs: list[str]) -> str:
        r = self.rng
        count = r.randint(max(3, len(recs)), 8)
        approved = self.day(date(2014, 6, 1), 800)
        lines = [
            f"# Synthetic action plan for {source}.",
            f"source: {source}",
            f"approved: {{by: board, date: {approved}}}",
            "actions:",
        ]
        for i in range(1, count + 1):
            rec = recs[i - 1] if i <= len(recs) else r.choice(recs)
            due = self.day(date(2015, 1, 1), 900)
            status = r.choice(["complete", "in-progress", "not-started", "blocked", "complete"])
            action = [
                f"  - id: A{i}",
                f"    recommendation: {rec}",
                f"    text: {r.choice(ACTION_VERBS)} {r.choice(MIDDLES)}",
                f"    agency: {r.choice(AGENCIES)[0]}",
                f"    due: {due}",
                f"    status: {status}",
            ]
            if status == "complete":
                action += [
                    f"    completed: {min(due, AS_OF)}",
                    "    evidence: Revised guidance issued and briefed to all teams",
                ]
            else:
                action.insert(4, f"    owner: {r.choice(ROLES)}")
            if i > len(recs) and i > 3 and len(lines) + len(action) > 60:
                break  # keep a plan to a page: 25 to 60 lines
            lines += action
        return "\n".join(lines) + "\n"


def top_files(root: Path) -> None:
    (root / "lif.yaml").write_text(
        "# Synthetic partnership for lif's benchmarks.\n"
        "partnership: Synthetic Safeguarding Children Board\n"
        "short_name: SSCB\nframework: wt2015\nyear_start_month: 4\n"
        "holidays: england\namber_days: 30\n",
        encoding="utf-8",
    )
    lines = ["agencies:"]
    for ident, name, sector in AGENCIES:
        lines += [f"  - id: {ident}", f"    name: {name}", f"    sector: {sector}"]
    (root / "agencies.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["groups:"]
    for ident, name, parent in GROUPS:
        lines += [f"  - id: {ident}", f"    name: {name}"]
        if parent:
            lines.append(f"    parent: {parent}")
    (root / "groups.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["entries:"]
    for ident, title, frm, to, months in CALENDAR:
        lines += [
            f"  - id: {ident}",
            f"    title: {title}",
            f"    from: {frm}",
            f"    to: {to}",
            f"    months: [{', '.join(map(str, months))}]",
        ]
    (root / "calendar.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


PREFIX = {
    "reviews": "REV",
    "audits": "AUD",
    "reports": "RPT",
    "assessments": "S11",
    "challenges": "PCD",
    "drilldowns": "DD",
    "indicators": "ind",
    "training": "TR",
}


def generate(root: Path, records: int, seed: int = 2016) -> int:
    """Write a repository of ``records`` record files into ``root`` (replaced)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    top_files(root)
    g = Generator(seed)
    # Sources with recommendations each get a plan: with p the share of sources,
    # plans take p too, so sources are scaled to leave room for them.
    plain = SHARES["indicators"] + SHARES["training"]
    source_share = 1.0 - plain
    counts = {k: int(records * v) for k, v in SHARES.items()}
    sources_total = sum(v for k, v in counts.items() if k not in ("indicators", "training"))
    scale = (records * source_share / 2) / sources_total
    for k in counts:
        if k not in ("indicators", "training"):
            counts[k] = max(1, round(counts[k] * scale))
    written = 0
    for kind in ("indicators", "training"):
        (root / kind).mkdir()
        for n in range(1, counts[kind] + 1):
            ident = f"{PREFIX[kind]}-{n:05d}"
            text = g.indicator(ident, n) if kind == "indicators" else g.training(ident, n)
            if kind == "indicators":
                g.indicators.append(ident)
            (root / kind / f"{ident}.yaml").write_text(text, encoding="utf-8")
            written += 1
    (root / "actions").mkdir()
    makers = {
        "reviews": g.review,
        "audits": g.audit,
        "reports": g.report,
        "assessments": g.assessment,
        "challenges": g.challenge,
        "drilldowns": g.drilldown,
    }
    for kind, make in makers.items():
        (root / kind).mkdir()
        for n in range(1, counts[kind] + 1):
            ident = f"{PREFIX[kind]}-{n:05d}"
            text, recs = make(ident, n)
            (root / kind / f"{ident}.yaml").write_text(text, encoding="utf-8")
            written += 1
            if written < records:
                (root / "actions" / f"{ident}.yaml").write_text(
                    g.plan(ident, recs), encoding="utf-8"
                )
                written += 1
    # top up to exactly ``records`` with more indicators
    n = counts["indicators"]
    while written < records:
        n += 1
        ident = f"{PREFIX['indicators']}-{n:05d}"
        (root / "indicators" / f"{ident}.yaml").write_text(g.indicator(ident, n), encoding="utf-8")
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--records", type=int, default=1000, help="record files (default 1000)")
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    written = generate(args.out, args.records, args.seed)
    print(f"wrote {written} record files (+ 4 top-level files) to {args.out}")


if __name__ == "__main__":
    main()
