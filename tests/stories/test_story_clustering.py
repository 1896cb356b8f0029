"""Blocking, linking and summarising on small hand-built events: no model, no database."""
from datetime import date

import numpy as np
import pytest

from eventwire.stories.build import Copy, build_stories, story_id, story_label
from eventwire.stories.cluster import candidate_pairs, cluster_events, within_window
from eventwire.stories.evaluate import JudgedPair, pairwise_scores
from eventwire.stories.records import StoryEvent, event_day, outlet_of


def ev(article, event="e1", day="2022-03-01", src="RUS", tgt="UKR", plover="ASSAULT", root="19", seq=1,
       goldstein=-10.0, quad=4, sentence="", outlet=None):
    return StoryEvent(article_id=article, event_id=event, seq=seq, day=date.fromisoformat(day) if day else None,
                      source_country=src, target_country=tgt, cameo=root + "0", cameo_root=root, plover_type=plover,
                      goldstein=goldstein, quad_class=quad, sentence=sentence or f"{article} {event}", outlet=outlet)


def unit(*rows):
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def members(events, clusters):
    return [sorted(events[i].article_id for i in c) for c in clusters]


def test_baseline_links_same_dyad_type_and_window_only():
    events = [ev("a1"), ev("a2", day="2022-03-03"), ev("a3", day="2022-03-09"),   # a3 is 6+ days later
              ev("a4", tgt="POL"), ev("a5", plover="ACCUSE", root="11"), ev("a6", src=None)]
    clusters = cluster_events(events, None, window_days=3)
    assert sorted(members(events, clusters)) == [["a1", "a2"], ["a3"], ["a4"], ["a5"], ["a6"]]


def test_window_chains_in_single_linkage_baseline():
    # Each report is within 3 days of the next: one developing story, as single linkage over time means.
    events = [ev("a1", day="2022-03-01"), ev("a2", day="2022-03-04"), ev("a3", day="2022-03-07")]
    assert members(events, cluster_events(events, None, window_days=3)) == [["a1", "a2", "a3"]]
    assert len(cluster_events(events, None, window_days=2)) == 3


def test_missing_country_is_its_own_value_not_a_wildcard():
    events = [ev("a1", tgt=None), ev("a2", tgt=None), ev("a3", tgt="UKR")]
    assert sorted(members(events, cluster_events(events, None))) == [["a1", "a2"], ["a3"]]


def test_undated_events_only_meet_undated_ones():
    assert within_window(ev("a", day=None), ev("b", day=None), 3)
    assert not within_window(ev("a", day=None), ev("b"), 3)


def test_embeddings_split_a_block_into_distinct_events():
    events = [ev("a1"), ev("a2"), ev("a3"), ev("a4")]
    vectors = unit([1, 0.1, 0], [1, 0, 0.1], [0, 1, 0], [0.1, 1, 0])
    for linkage in ("single", "average"):
        clusters = cluster_events(events, vectors, threshold=0.8, linkage=linkage)
        assert sorted(members(events, clusters)) == [["a1", "a2"], ["a3", "a4"]], linkage


def test_average_linkage_resists_chaining_that_single_linkage_follows():
    # a1 ~ a2 ~ a3 each 0.8 apart, but a1 and a3 are unrelated (0.28): one bridge sentence.
    events = [ev("a1"), ev("a2"), ev("a3")]
    angle = np.arccos(0.8)
    vectors = unit([1, 0], [np.cos(angle), np.sin(angle)], [np.cos(2 * angle), np.sin(2 * angle)])
    assert len(cluster_events(events, vectors, threshold=0.7, linkage="single")) == 1
    assert len(cluster_events(events, vectors, threshold=0.7, linkage="average")) == 2


def test_average_linkage_never_joins_across_the_window():
    events = [ev("a1", day="2022-03-01"), ev("a2", day="2022-03-20")]
    vectors = unit([1, 0], [1, 0])
    assert len(cluster_events(events, vectors, threshold=0.5, linkage="average")) == 2
    assert len(cluster_events(events, vectors, threshold=0.5, window_days=30)) == 1


def test_clusters_are_deterministic_and_earliest_first():
    events = [ev("b", day="2022-03-02"), ev("a", day="2022-03-01"), ev("c", tgt="POL", day="2022-02-01")]
    clusters = cluster_events(events, None)
    assert members(events, clusters) == [["c"], ["a", "b"]]
    assert clusters == cluster_events(list(events), None)
    assert [events[i].article_id for i in clusters[1]] == ["a", "b"]  # members in event order


def test_candidate_pairs_are_the_blocked_pairs():
    events = [ev("a1"), ev("a2"), ev("a3", tgt="POL"), ev("a4", day="2022-04-01")]
    assert candidate_pairs(events, 3) == [(0, 1)]


def test_wrong_number_of_embeddings_is_a_clear_error():
    with pytest.raises(ValueError, match="2 embeddings for 3 events"):
        cluster_events([ev("a"), ev("b"), ev("c")], unit([1, 0], [0, 1]))


def test_story_fields_and_counts_include_near_duplicate_copies():
    events = [ev("a2", day="2022-03-02", goldstein=-9.0, outlet="Reuters"),
              ev("a1", "e1", day="2022-03-01", goldstein=-10.0, outlet="BBC"),
              ev("a1", "e2", seq=2, day="2022-03-01", goldstein=-10.0, quad=3, outlet="BBC")]
    copies = {"a1": [Copy("a1-copy", "AP"), Copy("a1-copy2", "BBC")]}
    [story] = build_stories(events, None, copies)
    assert story.id == story_id(events[1])  # the earliest member
    assert (story.first_seen, story.last_seen) == ("2022-03-01", "2022-03-02")
    assert (story.source_country, story.target_country, story.plover_type, story.cameo_root) == (
        "RUS", "UKR", "ASSAULT", "19")
    assert story.goldstein == pytest.approx(-9.67, abs=0.01)
    assert story.quad_class == 4
    row = dict(zip(["num_events", "num_articles", "num_sources"], story.row()[-3:]))
    assert row == {"num_events": 3, "num_articles": 4, "num_sources": 3}  # BBC, Reuters, AP
    assert story.label.startswith("RUS → UKR ASSAULT: ")


def test_articles_without_outlet_count_as_their_own_source():
    [story] = build_stories([ev("a1"), ev("a2")], None, {})
    assert story.num_sources == 2


def test_label_is_trimmed_and_names_unknown_countries():
    long = "word " * 100
    label = story_label([ev("a1", src=None, sentence=long)], None)
    assert label.startswith("? → UKR ASSAULT: word")
    assert label.endswith(" …") and len(label) < 200


def test_event_day_falls_back_to_published_for_partial_or_bad_dates():
    assert event_day("2022-03-04", date(2022, 3, 9)) == date(2022, 3, 4)
    assert event_day("2022-03", date(2022, 3, 9)) == date(2022, 3, 9)
    assert event_day("2022-13-45", "2022-03-09") == date(2022, 3, 9)
    assert event_day(None, None) is None


def test_outlet_prefers_source_then_url_host():
    assert outlet_of(" Reuters ", "https://www.bbc.co.uk/x") == "Reuters"
    assert outlet_of(None, "https://www.bbc.co.uk/x") == "bbc.co.uk"
    assert outlet_of("", None) is None


def test_pairwise_scores():
    ref = lambda n: ("a", n, n + 1)  # noqa: E731
    pairs = [JudgedPair("c", ref(1), ref(2), True, "test"), JudgedPair("c", ref(3), ref(4), False, "test"),
             JudgedPair("c", ref(5), ref(6), True, "test"), JudgedPair("c", ref(7), ref(8), True, "test")]
    story_of = {ref(1): "s1", ref(2): "s1", ref(3): "s2", ref(4): "s2", ref(5): "s3", ref(6): "s4"}
    scores = pairwise_scores(pairs, story_of)
    assert (scores["tp"], scores["fp"], scores["fn"], scores["missing"]) == (1, 1, 1, 1)
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5 and scores["f1"] == 0.5


def test_time_runs_cut_blocks_at_gaps_longer_than_the_window():
    from eventwire.stories.cluster import time_runs

    events = [ev("a1", day="2022-03-01"), ev("a2", day="2022-03-04"), ev("a3", day="2022-03-08"),
              ev("a4", day=None), ev("a5", day=None)]
    assert time_runs(events, [0, 1, 2, 3, 4], 3) == [[0, 1], [2], [3, 4]]
    # Cutting changes nothing: every linkage gives the same stories as on the whole block.
    vectors = unit([1, 0], [1, 0.1], [1, 0.2], [0, 1], [0.1, 1])
    for linkage in ("single", "average"):
        clusters = cluster_events(events, vectors, threshold=0.5, linkage=linkage)
        assert sorted(members(events, clusters)) == [["a1", "a2"], ["a3"], ["a4", "a5"]]
