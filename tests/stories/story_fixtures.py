"""Small hand-built coded articles for the store-level story tests (no model needed to make them)."""
from __future__ import annotations

from eventwire.model import Actor, Article, Document, Event, Plover, Sentence, Span

COUNTRY_NAMES = {"RUS": "Russia", "UKR": "Ukraine", "CHN": "China"}
PLOVER_OF_ROOT = {"19": ("ASSAULT", -10.0, 4), "05": ("AGREE", 3.5, 1), "11": ("ACCUSE", -2.0, 3)}


def coded_article(article_id: str, published: str, source: str | None, sentences: list[tuple[str, str, str, str, str]],
                  url: str | None = None) -> Document:
    """A coded document; each sentence is (text, trigger word, source country, target country, cameo)."""
    text = " ".join(s[0] for s in sentences)
    doc = Document(Article(article_id, published=published, source=source, url=url), text)
    offset = 0
    for index, (sentence, trigger, src, tgt, cameo) in enumerate(sentences):
        doc.sentences.append(Sentence(index, offset, offset + len(sentence)))
        ids = []
        for country in (src, tgt):
            actor = next((a for a in doc.actors if a.country == country), None)
            if actor is None:
                actor = Actor(f"a{len(doc.actors) + 1}", COUNTRY_NAMES[country], country, None, "country", country)
                doc.actors.append(actor)
            ids.append(actor.id)
        start = text.index(trigger, offset)
        plover, goldstein, quad = PLOVER_OF_ROOT[cameo[:2]]
        doc.events.append(Event(f"e{index + 1}", index, Span.of(text, start, start + len(trigger)), [ids[0]],
                                [ids[1]], cameo, Plover(plover), goldstein, quad, date=published))
        offset += len(sentence) + 1
    return doc


def story_corpus() -> list[Document]:
    """Two reports (and a wire copy) of one shelling, a later shelling, a trade deal and an accusation."""
    return [
        coded_article("a1", "2022-03-01", "Reuters", [
            ("Russian forces shelled the centre of Kharkiv on Tuesday, killing nine civilians.", "shelled", "RUS",
             "UKR", "190"),
            ("Russia and China signed a new gas supply agreement in Beijing.", "signed", "RUS", "CHN", "057")]),
        coded_article("a2", "2022-03-02", "BBC", [
            ("Russian artillery bombarded central Kharkiv on Tuesday and nine civilians died, officials said.",
             "bombarded", "RUS", "UKR", "190")]),
        coded_article("a3", "2022-03-20", "AP", [
            ("Russian forces shelled Kharkiv again overnight.", "shelled", "RUS", "UKR", "190")]),
        coded_article("a4", "2022-03-01", None, [
            ("Ukraine accused Russia of war crimes in Kharkiv.", "accused", "UKR", "RUS", "112")],
            url="https://www.dw.com/en/ukraine-accuses"),
        # A syndicated copy of a1: stored, never coded (no events), linked in `duplicates`.
        Document(Article("a1-copy", published="2022-03-01", source="AFP"),
                 "Russian forces shelled the centre of Kharkiv on Tuesday, killing nine civilians."),
    ]


def fill_store(store) -> None:
    for doc in story_corpus():
        store.add(doc)
    mark = getattr(store, "PLACEHOLDER", "?")
    store.con.execute(f"INSERT INTO duplicates (article_id, duplicate_of, similarity) VALUES ({mark}, {mark}, {mark})",
                      ["a1-copy", "a1", 0.93])


def story_rows(store) -> list[tuple]:
    return [tuple(r) for r in store.con.execute(
        "SELECT id, first_seen, last_seen, cameo_root, plover_type, source_country, target_country, label, goldstein, "
        "quad_class, num_events, num_articles, num_sources FROM stories ORDER BY id").fetchall()]


def member_rows(store) -> list[tuple]:
    return [tuple(r) for r in store.con.execute(
        "SELECT story_id, article_id, event_id FROM story_events ORDER BY article_id, event_id").fetchall()]


def stories_by_members(store) -> dict[tuple[str, ...], dict]:
    """{sorted member keys ("a1/e1", ...): story row as a dict}."""
    columns = ("id", "first_seen", "last_seen", "cameo_root", "plover_type", "source_country", "target_country",
               "label", "goldstein", "quad_class", "num_events", "num_articles", "num_sources")
    stories = {row[0]: dict(zip(columns, row)) for row in story_rows(store)}
    members: dict[str, list[str]] = {}
    for story_id, article_id, event_id in member_rows(store):
        members.setdefault(story_id, []).append(f"{article_id}/{event_id}")
    return {tuple(sorted(keys)): stories[story_id] for story_id, keys in members.items()}
