"""Tests for lif_cli.privacy: each detector's true positives and near misses."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lif_cli import privacy
from lif_cli.privacy import Finding, parse_suppression, scan_text


def found(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) for each finding, so tests read as examples."""
    return [(f.kind, text[f.start : f.end]) for f in scan_text(text)]


def kinds(text: str) -> list[str]:
    return [f.kind for f in scan_text(text)]


# --- NHS numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["943 476 5919", "9434765919", "943-476-5919", "401 023 2137"],
)
def test_nhs_number_found(number: str) -> None:
    assert found(f"Child's NHS number is {number}.") == [("nhs-number", number)]


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 943 476 5918",  # fails the check digit
        "9434765918",
        "943 476-5919",  # mixed separators are not the NHS layout
        "0000000000",  # a placeholder passes the check but is nobody's
        "ref 94347659190",  # eleven digits
        "943 476 59",
    ],
)
def test_nhs_number_near_misses(text: str) -> None:
    assert "nhs-number" not in kinds(text)


def test_check_digit_of_ten_is_never_valid() -> None:
    # 1000000060: weights give 10 + 0 + ... + 6*2 = 22, 22 % 11 = 0, check 11 -> 0,
    # so the valid number ends 0; 1000000010 gives check 10, which is never issued.
    assert kinds("1000000060") == ["nhs-number"]
    for last in range(10):
        assert "nhs-number" not in kinds(f"100000001{last}")


# --- National Insurance numbers --------------------------------------------------


@pytest.mark.parametrize("nino", ["AB123456C", "AB 12 34 56 C", "JG 103759 A", "ab123456d"])
def test_ni_number_found(nino: str) -> None:
    assert found(f"NI: {nino}") == [("ni-number", nino)]


@pytest.mark.parametrize(
    "text",
    [
        "DA123456A",  # D never a prefix letter
        "AO123456A",  # O never the second letter
        "QQ123456C",
        "GB123456A",  # unallocated prefixes
        "NK123456A",
        "TN123456A",
        "ZZ123456A",
        "AB123456E",  # suffix is A-D
        "AB12345C",  # five digits
        "XAB123456C",
    ],
)
def test_ni_number_near_misses(text: str) -> None:
    assert "ni-number" not in kinds(text)


# --- postcodes -------------------------------------------------------------------


@pytest.mark.parametrize("postcode", ["NR1 2DH", "SW1A 1AA", "M1 1AE", "EC1A 1BB", "NR12DH"])
def test_postcode_found(postcode: str) -> None:
    assert found(f"Family moved to {postcode} in May.") == [("postcode", postcode)]


@pytest.mark.parametrize(
    "text",
    [
        "Families in NR1 were visited.",  # outward code alone is an area
        "nr12dh",  # lower case needs the space to count
        "NR1 2CH",  # C is never in the inward code
        "QR1 2DH",  # Q never starts a postcode
        "Child A",
        "CASE-0412",
    ],
)
def test_postcode_near_misses(text: str) -> None:
    assert "postcode" not in kinds(text)


# --- dates of birth ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("DOB 01/02/2010", "01/02/2010"),
        ("D.O.B. 01/02/2010", "01/02/2010"),
        ("D.O.B: 1 Feb 2010", "1 Feb 2010"),
        ("Date of birth: 2010-02-01", "2010-02-01"),
        ("born on 1st February 2010 in Norwich", "1st February 2010"),
        ("She was born in hospital on 01.02.2010", "01.02.2010"),
        ("aged 6 (1 Feb 2010)", "1 Feb 2010"),
        ("01/02/2010 (date of birth)", "01/02/2010"),
        ("1 February 2010 is when he was born", "1 February 2010"),
        ("Child was born on\n01/02/2010 at home", "01/02/2010"),  # a wrapped line
    ],
)
def test_date_of_birth_found(text: str, when: str) -> None:
    assert found(text) == [("date-of-birth", when)]


@pytest.mark.parametrize(
    "text",
    [
        "Strategy meeting held on 01/02/2010.",  # no birth cue
        "Referral received 2016-01-08",
        "Seen 1 Feb 2010 by the health visitor",
        "Met on 01/02/2016. Child A was born early.",  # the cue is in another sentence
        "born prematurely; the review started on 01/02/2016",
        "Child A was born to a young mother and was seen by many agencies on 01/02/2016",
        "DOB 31/02/2010",  # not a real date
        "newborn checks on 01/02/2010",
        "Born Free project\n\nMeeting 01/02/2010",  # a blank line between
    ],
)
def test_date_of_birth_near_misses(text: str) -> None:
    assert "date-of-birth" not in kinds(text)


# --- email addresses ---------------------------------------------------------------


@pytest.mark.parametrize("email", ["jane.smith@example.org", "a_b+tag@mail.norfolk.gov.uk"])
def test_email_found(email: str) -> None:
    assert found(f"Contact {email}, please.") == [("email", email)]


@pytest.mark.parametrize("text", ["email the LADO", "user@localhost", "@PIQAG", "a@b"])
def test_email_near_misses(text: str) -> None:
    assert "email" not in kinds(text)


# --- phone numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700900123",
        "07700 900 123",
        "01603 223456",
        "(01603) 223456",
        "020 7946 0018",
        "0300 123 4567",
        "+44 7700 900123",
        "+44 (0)1603 223456",
        "+447700900123",
    ],
)
def test_phone_found(phone: str) -> None:
    assert found(f"Mother's phone: {phone}.") == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "In 2016 the board met.",  # a year
        "Room 0123",  # a short number
        "Referral 012345",
        "Seen 01/02/2010",
        "Reviewed 2016-01-12",
        "077009001234567",  # too long
        "0800 123 456",  # not 01/02/03/07
    ],
)
def test_phone_near_misses(text: str) -> None:
    assert "phone" not in kinds(text)


# --- titled names ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Mrs Smith",
        "Mr J Jones",
        "Mr J. P. Jones",
        "Dr Patel",
        "Dr. Patel",
        "Ms O'Neil",
        "Miss Brown",
        "Master Tom",
        "Mx Taylor",
        "Mr McDonald",
        "Mrs Smith-Jones",
    ],
)
def test_titled_name_found(name: str) -> None:
    assert found(f"Seen with {name} at home.") == [("titled-name", name)]


def test_possessive_name_found_without_the_s() -> None:
    assert found("At Mrs Smith's house") == [("titled-name", "Mrs Smith")]


@pytest.mark.parametrize(
    "text",
    [
        "Mr",  # a title alone
        "Mr A attended",  # the usual pseudonym for a father
        "Mrsa screening",  # the title inside a word
        "MRSA screening",
        "Dr. appointments were missed",  # lower case after the title
        "mr and mrs attended",
        "The Master plan",
        "Master Plan for 2016",  # a title-case heading
        "Masterclass on neglect",
        "Children's Services",
        "Norfolk Police",  # an agency name that looks like a name
        "Barnardo's",
        "Mother of Child A",
        "Father of Child B",
    ],
)
def test_titled_name_near_misses(text: str) -> None:
    assert "titled-name" not in kinds(text)


# --- pseudonyms and whole texts --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Child A",
        "Mother of Child A",
        "CASE-0412",
        "Sibling of CASE-0412 was known to Children's Services and Norfolk Police.",
        "SCR-2016-01/R2: the board should seek assurance by 2017-03-31.",
        "Re-referrals within 12 months rose to 22.4% in 2016-Q1.",
    ],
)
def test_pseudonymous_text_is_clean(text: str) -> None:
    assert scan_text(text) == []


def test_findings_in_order_with_kind_only_descriptions() -> None:
    text = (
        "Mrs Smith (DOB 01/02/1990, NHS 943 476 5919) of NR1 2DH, "
        "tel 07700 900123, jane@example.org, NI AB123456C."
    )
    findings = scan_text(text)
    assert [f.kind for f in findings] == [
        "titled-name",
        "date-of-birth",
        "nhs-number",
        "postcode",
        "phone",
        "email",
        "ni-number",
    ]
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for f in findings:
        assert text[f.start : f.end] not in f.description
        assert not any(ch.isdigit() for ch in f.description)
    nhs_start = text.index("943")
    assert findings[2] == Finding("nhs-number", nhs_start, nhs_start + 12, "an NHS number")


def test_overlapping_matches_reported_once() -> None:
    # 0123456789 is a valid NHS number and also looks like an 01 phone number.
    assert found("0123456789") == [("nhs-number", "0123456789")]


# Mostly the characters the detectors look for, so near-matches are common.
_NOISY_TEXT = st.text() | st.text(alphabet="0123456789 -/.()+@'ABDHNORSWbdmnors\n")


@given(_NOISY_TEXT)
def test_scan_never_fails_and_spans_do_not_overlap(text: str) -> None:
    findings = scan_text(text)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start


# Titles in every case, inside words and beside the characters that end or
# start a word, so the quick screen is tried where it could go wrong.
_TITLE_TEXT = st.lists(
    st.sampled_from(
        [
            "Mr",
            "mrs",
            "MS",
            "Miss",
            "mx",
            "Master",
            "Dr",
            "dr.",
            "DR",
            "items",
            "children",
            "Smith",
            "jones",
            " ",
            "\t",
            ".",
            "-",
            "'",
            "\u2019",
            "_",
            "\u200b",
            "\u017f",
            "a",
            "\n",
        ]
    ),
    max_size=12,
).map("".join)


@given(_NOISY_TEXT | _TITLE_TEXT)
def test_quick_screen_never_hides_a_finding(text: str) -> None:
    # scan_text passes over text the screen rules out; the detectors run on
    # their own must then find nothing in it.
    if not privacy._may_hold(text):
        assert privacy._scan(text) == []
        assert privacy._scan_visible(text) == []


@given(st.lists(_NOISY_TEXT | _TITLE_TEXT, max_size=8))
def test_screening_texts_together_screens_each_alike(texts: list[str]) -> None:
    # scan_texts screens a record's texts joined: each must fare as alone.
    assert privacy._may_hold_each(texts) == [privacy._may_hold(t) for t in texts]
    assert privacy.scan_texts(texts) == [scan_text(t) for t in texts]


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["1", "2"],
        ["a1", "2b", "c"],
        ["x@y", "9", "", "7"],
        ["", "", "3"],
        ["12", "mr x", "dr y", "items"],
        ["Dr Who", "1"],
        ["caf\u00e9 1", "2", "plain"],
    ],
)
def test_screening_marks_each_text_beside_its_neighbours(texts: list[str]) -> None:
    # a text right after one already marked, at its first character, the empty
    # texts between, and a record with a text that is not ASCII
    assert privacy._may_hold_each(texts) == [privacy._may_hold(t) for t in texts]


@pytest.mark.parametrize(
    "text",
    ["Seen by Mr Smith", "MR SMITH visited", "(Dr. Jones)", "mrs patel", "\tMs Brown"],
)
def test_quick_screen_lets_titles_through(text: str) -> None:
    assert privacy._may_hold(text)
    assert found(text)


@pytest.mark.parametrize(
    "text", ["Items for the children's forms", "Hundreds of programs", "Commissioned"]
)
def test_quick_screen_passes_over_words_holding_titles(text: str) -> None:
    assert not privacy._may_hold(text)


# --- suppression ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "reason"),
    [
        ("# lif: allow personal-data -- agency switchboard number", "agency switchboard number"),
        ("#lif: allow personal-data --published in the SCR report", "published in the SCR report"),
        ("   # lif:  allow  personal-data  --  consent recorded  \n", "consent recorded"),
        ("# lif: allow personal-data -- windows line end\r\n", "windows line end"),
        ("# reviewed by SCRG\n# lif: allow personal-data -- role mailbox", "role mailbox"),
    ],
)
def test_parse_suppression(comment: str, reason: str) -> None:
    assert parse_suppression(comment) == reason


@pytest.mark.parametrize(
    "comment",
    [
        "# lif: allow personal-data",  # no reason
        "# lif: allow personal-data --",
        "# lif: allow personal-data --    ",
        "# lif: allow personal-data reason without separator",
        "# lif: allow something-else -- reason",
        "# allow personal-data -- reason",
        "lif: allow personal-data -- not a comment",
        "# a note about personal data",
        "",
    ],
)
def test_parse_suppression_rejects(comment: str) -> None:
    assert parse_suppression(comment) is None
