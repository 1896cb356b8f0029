"""The learned knowledge base: people learned from coded articles, saved, loaded and coded with."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.actors.knowledge import KnowledgeBase, learn, learn_from_store
from eventwire.actors.lexicon import ActorLexicon
from eventwire.errors import DataFileError
from eventwire.model import Actor, Article, Document
from eventwire.pipeline import ArticleInput, Pipeline

FIRST = ("Kenyan Foreign Minister Musalia Mudavadi met his Ugandan counterpart in Nairobi on Monday. "
         "The two men discussed trade across the border.")
LATER = "Mudavadi said the talks on the border had gone well."


def doc(article_id: str, published: str | None, *actors: Actor) -> Document:
    return Document(Article(id=article_id, published=published), "", [], list(actors), [], [], [])


def person(name: str, country: str | None, sector: str | None = "GOV", role: str | None = "minister") -> Actor:
    return Actor("a1", name, country, sector, "person", (country or "") + (sector or ""), [], role)


def find(document: Document, text: str) -> Actor | None:
    return next((a for a in document.actors if any(text in m.text for m in a.mentions)), None)


def test_learns_titled_people_and_keeps_the_majority_country() -> None:
    kb = learn([
        doc("d1", "2022-01-05", person("Ana Lopez", "MEX")),
        doc("d2", "2022-03-01", person("Ana Lopez", "MEX"), person("Ana Lopez", "MEX")),  # one vote per article
        doc("d3", "2021-12-30", person("Ana Lopez", "ESP")),
        doc("d4", "2022-02-01", person("Lopez", "MEX"), person("Bo Chen", None), person("Cy Dee", "USA", None)),
    ])
    assert set(kb.people) == {"Ana Lopez"}  # one word, no country or no sector: nothing learned
    ana = kb.people["Ana Lopez"]
    assert (ana.country, ana.sector, ana.role) == ("MEX", "GOV", "minister")
    assert (ana.mentions, ana.disagreements) == (3, 1)
    assert (ana.first_seen, ana.last_seen) == ("2021-12-30", "2022-03-01")
    assert ana.evidence == ["d1", "d2", "d3"] and ana.aliases == ["Lopez"]


def test_evidence_is_capped_and_shared_surnames_are_not_aliases() -> None:
    docs = [doc(f"d{i}", None, person("Tom Smith", "GBR")) for i in range(9)]
    docs.append(doc("x", None, person("Jane Smith", "AUS")))
    kb = learn(docs)
    assert len(kb.people["Tom Smith"].evidence) == 5
    assert kb.people["Tom Smith"].aliases == [] and kb.people["Jane Smith"].aliases == []


def test_save_load_round_trip(tmp_path: Path) -> None:
    kb = learn([doc("d1", "2022-01-05", person("Ana Lopez", "MEX", role="foreign minister")),
                doc("d2", "2022-01-06", person("Olu Ade", "NGA", "MIL", None))])
    path = tmp_path / "kb.tsv"
    kb.save(path)
    assert path.read_text(encoding="utf-8").splitlines()[0].split("\t")[:3] == ["name", "aliases", "country"]
    again = KnowledgeBase.load(path)
    assert again.people == kb.people
    lex = ActorLexicon()
    for entry, names in again.to_entries():
        lex.add(entry, names)
    assert lex.lookup("Lopez")[0].code == "MEXGOV" and lex.lookup("Olu Ade")[0].sector == "MIL"


def test_bad_knowledge_base_rows_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.tsv"
    path.write_text("name\taliases\tcountry\tsector\tmentions\nAna Lopez\tLopez\tMEX\tGOV\t2\nBo Chen\t\t\tGOV\t1\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError, match=r"kb\.tsv:3"):
        KnowledgeBase.load(path)
    path.write_text("name\tcountry\tsector\tmentions\nAna Lopez\tMEX\tGOV\tmany\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"kb\.tsv:2"):
        KnowledgeBase.load(path)


def test_learn_from_store(tmp_path: Path) -> None:
    from eventwire.store import DuckDBStore

    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.add(doc("d1", "2022-01-05", person("Ana Lopez", "MEX")))
        store.add(doc("d2", "2022-01-07", person("Ana Lopez", "MEX")))
        assert sorted(store.article_ids()) == ["d1", "d2"]
        kb = learn_from_store(store)
    assert kb.people["Ana Lopez"].mentions == 2 and kb.people["Ana Lopez"].last_seen == "2022-01-07"


def test_a_learned_surname_resolves_in_a_later_article(pipeline: Pipeline, tmp_path: Path) -> None:
    first = pipeline.code(ArticleInput(text=FIRST, id="first", published="2023-05-02"))
    kb = learn([first])
    mudavadi = kb.people.get("Musalia Mudavadi")
    assert mudavadi is not None, [(a.name, a.country, a.sector) for a in first.actors]
    assert (mudavadi.country, mudavadi.sector) == ("KEN", "GOV")
    path = tmp_path / "kb.tsv"
    kb.save(path)

    later = ArticleInput(text=LATER, id="later", published="2023-06-01")
    without = find(pipeline.code(later), "Mudavadi")
    assert without is None or without.country != "KEN"
    with_kb = find(Pipeline(actor_files=[path]).code(later), "Mudavadi")
    assert with_kb is not None and (with_kb.country, with_kb.sector, with_kb.kind) == ("KEN", "GOV", "person")


def test_kb_cli_learn_and_show(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eventwire.cli import main
    from eventwire.store import DuckDBStore

    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.add(doc("d1", "2022-01-05", person("Ana Lopez", "MEX", role="foreign minister")))
    out = tmp_path / "kb.tsv"
    runner = CliRunner()
    result = runner.invoke(main, ["kb", "learn", "--db", str(tmp_path / "s.duckdb"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert KnowledgeBase.load(out).people["Ana Lopez"].role == "foreign minister"
    shown = runner.invoke(main, ["kb", "show", str(out), "--limit", "1"])
    assert shown.exit_code == 0 and "Ana Lopez" in shown.output and "MEX" in shown.output


def test_titles_left_in_names_are_stripped() -> None:
    kb = learn([doc("d1", None, person("President Assad", "SYR")), doc("d2", None, person("Gen Ali Reza", "IRN", "MIL"))])
    assert set(kb.people) == {"Ali Reza"}  # "Assad" alone is one word: not a full name to file


def test_descriptions_taken_for_names_are_not_learned() -> None:
    """Capitalised descriptions ("Conservative MP") are not people; a leading nationality is a title."""
    kb = learn([doc("d1", None, person("Conservative MP", "GBR", "LEG"), person("Kurdish Worker", "SYR", "LAB"),
                    person("Canadian Hanna Bohman", "CAN", "CVL"), person("Another Republican Congressman", "USA"))])
    assert set(kb.people) == {"Hanna Bohman"}
