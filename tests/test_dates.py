from datetime import date

import pytest

from eventwire.dates import DateResolver, parse_date_expression, parse_published

PUBLISHED = date(2022, 3, 30)  # a Wednesday


@pytest.mark.parametrize("expression,expected", [
    ("today", "2022-03-30"),
    ("this morning", "2022-03-30"),
    ("yesterday", "2022-03-29"),
    ("last night", "2022-03-29"),
    ("tomorrow", "2022-03-31"),
    ("Wednesday", "2022-03-30"),
    ("on Monday", "2022-03-28"),
    ("Thursday", "2022-03-24"),
    ("March 3", "2022-03-03"),
    ("3 March", "2022-03-03"),
    ("March 3, 2021", "2021-03-03"),
    ("the 3rd of March 2020", "2020-03-03"),
    ("2022-02-24", "2022-02-24"),
    ("December 12", "2021-12-12"),
    ("February 2022", "2022-02"),
    ("in 2019", "2019"),
    ("last week", "2022-03-23"),
    ("last month", "2022-02"),
    ("last year", "2021"),
    ("two days ago", "2022-03-28"),
    ("three weeks ago", "2022-03-09"),
    ("a month ago", "2022-02-28"),
    ("earlier this month", "2022-03"),
    ("in November", "2021-11"),
])
def test_parse_date_expression(expression, expected):
    assert parse_date_expression(expression, PUBLISHED) == expected


@pytest.mark.parametrize("expression", ["two-day", "the coming period", "recently", "Feb 30"])
def test_parse_date_expression_refuses_what_is_not_a_date(expression):
    assert parse_date_expression(expression, PUBLISHED) is None


def test_parse_published_accepts_timestamps_and_rejects_garbage():
    assert parse_published("2022-03-30T10:00:00Z") == PUBLISHED
    assert parse_published("not a date") is None
    assert parse_published("2022-13-45") is None
    assert parse_published(None) is None


@pytest.mark.parametrize("sentence,verb,expected", [
    ("The ministers today condemned the sanctions.", "condemned", "2022-03-30"),
    ("Lavrov, who said yesterday that ties were strong, traveled to China.", "traveled", "2022-03-30"),
    ("Lavrov, who said yesterday that ties were strong, traveled to China.", "said", "2022-03-29"),
    ("The meeting comes a month after Russia sent forces to Ukraine.", "sent", "2022-02-28"),
    ("The talks began two weeks before the army attacked the town.", "attacked", "2022-04-13"),
    ("Rebels attacked the town on Monday.", "attacked", "2022-03-28"),
])
def test_date_resolver_dates_each_clause(nlp, sentence, verb, expected):
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == verb)
    assert DateResolver(PUBLISHED).date_at(token) == expected


def test_date_resolver_without_published_date_gives_none(nlp):
    doc = nlp("Rebels attacked the town on Monday.")
    assert DateResolver(None).date_at(doc[1]) is None
