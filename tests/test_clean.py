import pytest
from hypothesis import given, strategies as st

from eventwire.clean import clean, flag_stray_lines, normalise
from eventwire.errors import BinaryInput, EmptyInput, InputTooLarge

ARTICLE = (
    "The army said on Monday that it had shelled rebel positions near the border overnight.\n"
    "Officials said at least twelve people were killed in the fighting, according to local media.\n"
    "{stray}\n"
    "The government denied that civilians had been targeted and called for calm across the region."
)


@pytest.mark.parametrize("stray", [
    "After Russian forces pull back, a shattered town breathes",
    "Read more: Five things to know about the ceasefire",
    "Related: Rebels seize second city",
    "Sign up for our daily newsletter",
    "Photo: Getty Images",
    "Reuters/Ammar Awad",
    "By Jane Smith",
    "Advertisement",
    "Share this article",
    "Reporting by Ali Hassan; Editing by Mark Jones",
])
def test_clean_flags_stray_lines(stray):
    cleaned = clean(ARTICLE.format(stray=stray))
    flagged = [cleaned.text[s:e] for s, e in cleaned.flagged]
    assert flagged == [stray]


@pytest.mark.parametrize("line", [
    "Officials said at least twelve people were killed in the fighting.",
    "\u201cWe will respond,\u201d the minister said.",
    "The talks, he added, would resume on Friday:",
    "Reuters reported that the talks had been postponed until next week.",
    # List items, numbered steps, table rows and code are content, not another story's headline.
    "- Troops shelled the northern suburbs overnight",
    "• Talks to resume in Geneva on Friday",
    "3. Sanctions on the central bank",
    "| Kharkiv | 12 | 40 |",
    "x = load_events(path)",
])
def test_clean_keeps_prose(line):
    cleaned = clean(ARTICLE.format(stray=line))
    assert cleaned.flagged == ()


def test_clean_single_line_is_never_a_stray_headline():
    assert clean("Rebels seize second city").flagged == ()


def test_normalise_whitespace_and_quotes():
    assert normalise("  A\u00a0 b\t c \r\n\r\n\r\n\u201eD\u201c \u00abE\u00bb\u200b ") == "A b c\n\n\u201cD\u201c \u201cE\u201d"


@pytest.mark.parametrize("raw,error", [("", EmptyInput), ("  \n\t ", EmptyInput), ("abc\x00def", BinaryInput),
                                       ("\ufffd" * 50, BinaryInput), ("Turkey \ud800 attacked.", BinaryInput),
                                       ("\udfff", BinaryInput)])
def test_clean_rejects_bad_input_with_a_named_error(raw, error):
    with pytest.raises(error) as info:
        clean(raw)
    assert info.value.code in str(info.value)


def test_clean_rejects_huge_input():
    with pytest.raises(InputTooLarge):
        clean("word " * 500_000)


def test_clean_raw_keeps_text_unchanged():
    raw = "  Hello\u00a0world.\r\nSecond line.  "
    assert clean(raw, normalise_text=False).text == raw


@given(st.text(min_size=1, max_size=300))
def test_clean_flags_are_line_ranges_inside_the_text(raw):
    if not raw.strip() or "\x00" in raw:
        return
    try:
        cleaned = clean(raw)
    except BinaryInput:
        return
    for start, end in cleaned.flagged:
        assert 0 <= start < end <= len(cleaned.text)
        assert "\n" not in cleaned.text[start:end]
    assert flag_stray_lines(cleaned.text) == cleaned.flagged
