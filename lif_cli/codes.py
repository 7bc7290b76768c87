"""Every problem code lif reports: a public contract that CI jobs rely on.

A code is never renamed or reused once released. docs/VALIDATION.md explains
each one; a test keeps the two in step. When the environment variable
``LIF_CHECK_CODES`` is set (the test suite sets it), creating a Problem with a
code that is not listed here is a programming error and raises at once.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # reading the file
    "file-too-large": "the file is over the size cap",
    "file-encoding": "not UTF-8, UTF-16/32, a NUL byte or a control character",
    "control-character": "a control character written as an escape in quoted text (\\e, \\x1b)",
    "unreadable-file": "the file cannot be read (permissions)",
    "duplicate-file": "the same record twice (x.yaml and x.yml, or names differing in case)",
    "symlink-outside-repo": "a record file is a link to a file outside the repository",
    "conflict-marker": "left-over git merge conflict markers",
    "yaml-syntax": "YAML syntax error (tabs, unclosed quotes, 'a: b: c', ...)",
    "yaml-directive": "a %YAML or %TAG directive",
    "yaml-multiple-documents": "more than one YAML document in the file",
    "yaml-anchor": "a YAML anchor (&name)",
    "yaml-alias": "a YAML alias (*name)",
    "yaml-merge-key": "a YAML merge key (<<)",
    "yaml-tag": "a YAML tag (!!python/..., !custom)",
    "yaml-too-deep": "nesting deeper than the cap",
    "yaml-too-many-nodes": "more values than the cap",
    "number-too-large": "a plain number of more than 100 digits",
    "yaml-key-type": "a key that is not plain text",
    "duplicate-key": "the same key twice in one mapping",
    "empty-file": "the file is empty or only comments",
    "not-a-mapping": "the file is not a mapping of fields",
    # the schema
    "missing-field": "a required field is missing",
    "empty-field": "a required field is empty",
    "unknown-field": "a field the record kind does not have",
    "wrong-type": "a value of the wrong type (text, number, true/false, list, mapping)",
    "invalid-value": "a value outside the allowed set or pattern",
    "invalid-date": "not a YYYY-MM-DD date, or not a real calendar date",
    "invalid-id": "an id that breaks the id syntax",
    "out-of-range": "a number outside its allowed range",
    # ids and references
    "id-mismatch": "a record's id (or an action plan's source) differs from its file name",
    "duplicate-id": "an id used twice (ignoring case) in its namespace",
    "duplicate-local-id": "a finding, recommendation, action, question or standard id used twice",
    "unknown-agency": "an agency id not in agencies.yaml",
    "unknown-group": "a group id not in groups.yaml",
    "unknown-who": "an id that is neither an agency nor a group",
    "unknown-source": "an action plan whose source record does not exist",
    "unknown-recommendation": "an action answering a recommendation its source does not have",
    "unknown-finding": "a recommendation citing a finding its record does not have",
    "unknown-calendar-entry": "a calendar id not in calendar.yaml",
    "unknown-indicator": "an indicator id with no file in indicators/",
    "unknown-standard": "a Section 11 standard not in lif.yaml",
    "unknown-record": "a triggered_by reference that does not resolve",
    "unknown-action": "an outcome's or risk's action reference (SOURCE/A-ID) that does not resolve",
    "unknown-theme": "a source's theme not in lif.yaml themes",
    # rules
    "date-order": "lifecycle dates out of order",
    "date-in-future": "a completion date after the as-of date",
    "complete-without-date": "a complete action without a completed date",
    "complete-without-evidence": "a complete action without evidence",
    "completed-but-open": "a completed date on an action that is not complete",
    "review-criteria": "a review's criteria do not meet its statutory test, or its type "
    "does not fit the framework",
    "cdop-not-child-death": "CDOP details on a review that is not a child death review",
    "timescale-missed": "a statutory timescale missed",
    "training-counts": "training figures that do not add up",
    "rag-mismatch": "an owner's RAG rating that differs from the computed one",
    "recommendation-without-action": "a recommendation with no action in an approved plan",
    "mixed-periods": "an indicator mixing years, quarters and months",
    "duplicate-period": "an indicator with two values for one period",
    "lead-reviewer-not-independent": "a serious case review's lead reviewer is not independent",
    "incident-notification": "a serious incident notified to fewer bodies than its "
    "framework requires",
    "incident-review": "an incident's local review is not a child safeguarding practice review",
    "arrangements-partners": "the arrangements do not name each of the three lead "
    "safeguarding partners once",
    "arrangements-review-due": "the published arrangements' review date has passed",
    "temp-file-left": "a temp file left by a lif write that was stopped",
    # personal data
    "personal-data": "likely personal data in free text",
    "personal-data-suppression": "a personal-data suppression without a reason",
}
