"""User dictionaries: our CSV/TSV/YAML format and PETRARCH/TABARI actor dictionaries."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_path

from eventwire.actors.lexicon import ActorLexicon
from eventwire.actors.user_dictionaries import load_actor_files, read_actor_file, read_petrarch
from eventwire.errors import DataFileError
from eventwire.pipeline import ArticleInput, Pipeline

CSV = """name,aliases,country,sector,kind,role,start,end
Coastal Fishers Union,CFU|the fishers' union,KEN,LAB,organisation,,,
Amani Wekesa,Wekesa,KEN,OPP,person,opposition leader,2020,
"""
YAML = """# our actors
- name: Lake Region Water Board
  aliases: [LRWB, the water board]
  country: UGA
  sector: GOV
  kind: organisation
- name: Zawadi Nakato
  aliases: Nakato
  country: UGA
  sector: LEG
  kind: person
  role: speaker
  start: 2021-05-01
"""
PETRARCH = """# a small test dictionary
<!-- a comment block
  OVER_SEVERAL_LINES [XXX]
-->
FREEDONIA_  [FRD]
+FREEDONIAN_
+GRAND_FENWICK # an alias with a comment

RUFUS_T._FIREFLY_  # a person with dated codes
+FIREFLY_
\t[FRDGOV 330101-341231]
\t[FRDELI >350101]
\t[FRDOPP]
GROUP_OF_SEVEN [IGOG77]
US [USA]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_and_tsv_user_dictionaries(tmp_path: Path) -> None:
    for name, text in (("a.csv", CSV), ("a.tsv", CSV.replace(",", "\t"))):
        actors = {entry.name: (entry, names) for entry, names in read_actor_file(write(tmp_path, name, text))}
        union, names = actors["Coastal Fishers Union"]
        assert (union.kind, union.code) == ("organisation", "KENLAB") and "CFU" in names
        person, names = actors["Amani Wekesa"]
        assert (person.kind, person.country, person.sector, person.role, person.start) == (
            "person", "KEN", "OPP", "opposition leader", "2020")
        assert names == ["Amani Wekesa", "Wekesa"]


def test_yaml_user_dictionary(tmp_path: Path) -> None:
    lex = ActorLexicon.load()
    load_actor_files(lex, [write(tmp_path, "a.yaml", YAML)])
    assert lex.lookup("LRWB")[0].code == "UGAGOV"
    assert lex.lookup("the water board")[0].name == "Lake Region Water Board"
    nakato = lex.lookup("Nakato")[0]
    assert (nakato.kind, nakato.sector, nakato.role, nakato.start) == ("person", "LEG", "speaker", "2021-05-01")
    assert lex.lookup("Russia")[0].code == "RUS"  # the built-in data is still there


def test_user_dictionary_in_the_pipeline(tmp_path: Path) -> None:
    pipeline = Pipeline(actor_files=[write(tmp_path, "a.csv", CSV), write(tmp_path, "b.yml", YAML)])
    doc = pipeline.code(ArticleInput(text="Wekesa accused the Coastal Fishers Union of lying.", published="2023-01-02"))
    codes = {m.text: a.code for a in doc.actors for m in a.mentions}
    assert codes.get("Wekesa") == "KENOPP", codes  # a person is named as the article names them
    assert codes.get("Coastal Fishers Union") == "KENLAB", codes


@pytest.mark.parametrize("name, text, line", [
    ("bad.csv", "name,country,kind\nA Union,KEN,organisation\nB Union,KEN,planet\n", 3),
    ("bad.csv", "name,country\nA Union,KENYA\n", 2),
    ("bad.tsv", "name\tstart\nA B\t2020-1-1\n", 2),
    ("bad.csv", "country\nKEN\n", 1),
    ("bad.yaml", "- name: A Union\n  kind: organisation\n- country: KEN\n", 3),
    ("bad.yaml", "- name: A\n  aliases: [x\n", 3),
    ("bad.txt", "+ALIAS_FIRST\nFREEDONIA [FRD]\n", 1),
    ("bad.txt", "FREEDONIA [FRD]\n\n\t[FRDGOV\n", 3),
    ("bad.txt", "# header\n\t[FRD]\nFREEDONIA\n", 2),
])
def test_bad_files_name_file_and_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    with pytest.raises(DataFileError, match=rf"{name}:{line}\b"):
        read_actor_file(write(tmp_path, name, text))


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="unknown actor file type"):
        read_actor_file(write(tmp_path, "a.json", "[]"))


def test_petrarch_small_file_with_aliases_and_dates(tmp_path: Path) -> None:
    actors = read_petrarch(write(tmp_path, "small.actors.txt", PETRARCH))
    assert all(e.country != "XXX" for e, _ in actors)  # the comment block was skipped
    freedonia = [(e, n) for e, n in actors if e.name == "Freedonia"]
    assert [e.code for e, _ in freedonia] == ["FRD"] and freedonia[0][0].kind == "country"
    assert freedonia[0][1] == ["Freedonia", "Freedonian", "Grand Fenwick"]
    firefly = [e for e, n in actors if e.name == "Rufus T. Firefly"]
    # Dated codes come before the undated default, so the lexicon picks the one held that day.
    assert [(e.code, e.start, e.end) for e in firefly] == [
        ("FRDGOV", "1933-01-01", "1934-12-31"), ("FRDELI", "1935-01-01", None), ("FRDOPP", None, None)]
    assert all(e.kind == "person" for e in firefly)
    g7 = next(e for e, _ in actors if e.code == "IGOG77")
    assert (g7.country, g7.sector, g7.kind) == ("IGO", "IGO", "organisation")
    lex = ActorLexicon()
    load_actor_files(lex, [tmp_path / "small.actors.txt"])
    assert lex.lookup("US")[0].code == "USA" and not lex.lookup("us")  # acronyms keep their case
    assert [e.code for e in lex.lookup("Firefly") if e.held_on("1934-06-01")][0] == "FRDGOV"
    assert [e.code for e in lex.lookup("FIREFLY") if e.held_on("1950-06-01")][0] == "FRDELI"


def test_petrarch_phoenix_countries() -> None:
    path = shared_path("data", "reference", "dictionaries", "Phoenix.Countries.actors.txt")
    actors = read_petrarch(path)
    assert len(actors) > 1000
    first = {}
    for entry, names in actors:
        first.setdefault(entry.name, entry)
    assert first["Afghanistan"].code == "AFG" and first["Afghanistan"].kind == "country"
    assert first["Kenya"].code == "KEN"
    karzai = [e for e, n in actors if e.name == "Hamid Karzai"]
    assert any(e.code == "AFGGOV" and e.start == "2001-12-22" for e in karzai)
    assert any("Karzai" in n for e, n in actors if e.name == "Hamid Karzai")


def test_petrarch_validation_dictionary() -> None:
    path = shared_path("data", "gold", "petrarch", "PETR.Validate.actors.txt")
    actors = read_petrarch(path)
    assert len(actors) > 50
    codes = {e.name: e.code for e, _ in actors}
    assert codes["Denmark"] == "DNK" and codes["Afghanistan"] == "AFG" and codes["Hamas"] == "PSEREBHMS"
    assert ("Danish" in next(n for e, n in actors if e.name == "Denmark"))
    gollum = [e for e, _ in actors if e.name == "Gollum"]
    assert [(e.code, e.start, e.end) for e in gollum][:2] == [("HOB", None, "1995-06-01"),
                                                              ("HOBGOV", "1995-06-01", "1999-08-15")]
