"""The ontology data files against the public CAMEO, GDELT and PLOVER references.

Tests in the first half need only the package. Those marked ``shared`` read the reference
files in ``../shared/data/reference`` and skip, saying why, where that directory is absent.
"""
from __future__ import annotations

import csv
import re
import types
from pathlib import Path

import pytest

import eventwire.events.ontology as ontology_module
from eventwire.events.ontology import OLD_PLOVER_LABELS, OLD_PLOVER_MODES, CameoCode, Ontology

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REFERENCE = SHARED / "data" / "reference"
NOTES = Path(ontology_module.__file__).resolve().parents[1] / "data" / "ontology" / "cameo_plover_notes.tsv"

CONTRACT_TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST "
    "ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()
ROOTS = [f"{r:02d}" for r in range(1, 21)]


def gdelt_quad_class(root: str) -> int:
    """GDELT's QuadClass by root. Note 14 (protest) is verbal conflict in GDELT's own files."""
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 14 else 4


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()


@pytest.fixture(scope="module")
def notes() -> dict[tuple[str, str], dict[str, str]]:
    with NOTES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows and all(r["reason"].strip() for r in rows), "every note needs a reason"
    return {(r["code"], r["field"]): r for r in rows}


@pytest.fixture(scope="module")
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE} (../shared is not beside the project)")
    return REFERENCE


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


# --------------------------------------------------------------------------- package only


def test_counts_and_plover_types_in_contract_order(onto: Ontology) -> None:
    assert len(onto) == 311
    assert onto.plover_types() == tuple(CONTRACT_TYPES)


def test_all_roots_present_with_gdelt_quad_classes(onto: Ontology) -> None:
    for root in ROOTS:
        assert onto.is_valid(root), root
    for code in onto.codes():
        assert code.root in ROOTS
        assert code.quad_class == gdelt_quad_class(code.root), code
        assert onto.quad_class(code.code) == code.quad_class


def test_every_code_has_a_valid_plover_type_mode_and_context(onto: Ontology) -> None:
    contexts = set(onto.plover_contexts())
    for code in onto.codes():
        assert code.plover_type in CONTRACT_TYPES, code
        if code.plover_mode is not None:
            assert code.plover_mode in onto.plover_modes(code.plover_type), code
        assert set(code.plover_context) <= contexts, code
        assert len(set(code.plover_context)) == len(code.plover_context), code


def test_code_shapes(onto: Ontology) -> None:
    for code in onto.codes():
        assert re.fullmatch(r"\d{2,4}", code.code), code
        assert code.name and code.name == code.name.strip()
        assert -10.0 <= code.goldstein <= 10.0
        if len(code.code) > 2:
            assert onto.is_valid(code.code[: len(code.code) - 1]), f"{code.code} has no parent"


def test_lookup_api(onto: Ontology) -> None:
    host = onto.cameo("043")
    assert isinstance(host, CameoCode)
    assert (host.root, host.base, host.plover_type, host.plover_mode) == ("04", "043", "CONSULT", "visit")
    assert onto.goldstein("043") == 2.8
    assert onto.quad_class("190") == 4
    assert onto.cameo("091").plover_context == ("crime", "corruption")
    assert onto.is_valid("0211") and not onto.is_valid("43") and not onto.is_valid(43)  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="'043'"):
        onto.cameo("43")
    with pytest.raises(KeyError, match="unknown CAMEO event code '999'"):
        onto.goldstein("999")
    with pytest.raises(KeyError, match="old PLOVER label"):
        onto.plover_modes("FIGHT")
    assert [c.code for c in onto.codes_under("023")] == ["023", "0231", "0232", "0233", "0234"]
    under_04 = onto.codes_under("04")
    assert [c.code for c in under_04] == ["04", "040", "041", "042", "043", "044", "045", "046"]
    assert all(c.root == "04" for c in under_04)
    assert sum(len(onto.codes_under(r)) for r in ROOTS) == len(onto)


def test_yield_splits_into_concede_and_retreat(onto: Ontology) -> None:
    types_08 = {c.code: c.plover_type for c in onto.codes_under("08")}
    assert {t for code, t in types_08.items() if code[:3] in {"081", "082", "083"}} == {"CONCEDE"}
    assert {t for code, t in types_08.items() if code[:3] in {"084", "085", "086", "087"}} == {"RETREAT"}


def test_plover_types_quad_classes_and_modes(onto: Ontology) -> None:
    quads = {t: onto.plover_type(t).quad_class for t in CONTRACT_TYPES}
    assert [t for t in CONTRACT_TYPES if quads[t] == 1] == ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"]
    assert [t for t in CONTRACT_TYPES if quads[t] == 2] == ["COOPERATE", "AID", "RETREAT"]
    assert [t for t in CONTRACT_TYPES if quads[t] == 3] == ["REQUEST", "ACCUSE", "REJECT", "THREATEN"]
    assert onto.plover_modes("REQUEST") == onto.plover_modes("REJECT")  # the manual shares them
    assert onto.plover_modes("AGREE") == ()
    assert "investigate" in onto.plover_modes("ACCUSE")
    assert all(onto.plover_type(t).definition for t in CONTRACT_TYPES)


def test_old_plover_labels_translate_to_current_types(onto: Ontology) -> None:
    assert set(OLD_PLOVER_LABELS.values()) <= set(onto.plover_types())
    for old, mode in OLD_PLOVER_MODES.items():
        assert mode in onto.plover_modes(OLD_PLOVER_LABELS[old])
    with pytest.raises(TypeError):
        OLD_PLOVER_LABELS["CRIME"] = "ASSAULT"  # type: ignore[index]


def test_no_module_level_mutable_state() -> None:
    mutable = (dict, list, set, bytearray)
    offenders = [
        name
        for name, value in vars(ontology_module).items()
        if not name.startswith("__") and isinstance(value, mutable)
    ]
    assert offenders == []
    assert isinstance(OLD_PLOVER_LABELS, types.MappingProxyType)
    assert Ontology.load() is not Ontology.load()  # no hidden cache


def test_statements_and_appeals_have_our_documented_fallback(onto: Ontology, notes) -> None:
    """PLOVER drops CAMEO 01 and 02; the contract still needs a type, so each has a note."""
    for code in onto.codes_under("01") + onto.codes_under("02"):
        assert (code.code, "plover_*") in notes, f"{code.code} has no documented fallback"
    assert {c.plover_type for c in onto.codes_under("02")} == {"REQUEST"}
    assert onto.cameo("021").plover_mode == "assist"
    assert onto.cameo("026").plover_mode == "meet"
    expected_01 = {
        "010": "SUPPORT", "011": "REJECT", "012": "ACCUSE", "013": "SUPPORT", "014": "AGREE",
        "015": "CONCEDE", "016": "REJECT", "017": "SUPPORT", "018": "SUPPORT", "019": "SUPPORT",
    }
    assert {c: onto.cameo(c).plover_type for c in expected_01} == expected_01


def test_appeals_mirror_the_parallel_demand_codes(onto: Ontology) -> None:
    for appeal in onto.codes_under("02"):
        if len(appeal.code) == 2:
            continue
        demand = onto.cameo("10" + appeal.code[2:])
        assert (appeal.plover_mode, appeal.plover_context) == (demand.plover_mode, demand.plover_context)


def test_notes_name_real_codes_and_fields(onto: Ontology, notes) -> None:
    fields = {"name", "quad_class", "plover_type", "plover_mode", "plover_context", "plover_*"}
    for code, field in notes:
        assert onto.is_valid(code), code
        assert field in fields, field
        row = notes[code, field]
        if field in {"plover_type", "plover_mode", "plover_context", "name"}:
            ours = onto.cameo(code)
            value = {
                "plover_type": ours.plover_type,
                "plover_mode": ours.plover_mode or "",
                "plover_context": "|".join(ours.plover_context),
                "name": ours.name,
            }[field]
            assert row["ours"] == value, (code, field)


# --------------------------------------------------------------------------- against the references


def gdelt_code_list(reference: Path) -> dict[str, str]:
    """GDELT's CAMEO.eventcodes.txt. One of its lines carries two codes: "1056 ...106:[-5.0] ..."."""
    codes = {}
    for line in read_lines(reference / "cameo" / "CAMEO.eventcodes.txt")[1:]:
        code, name = line.split("\t")
        codes[code] = name
        for merged in re.findall(r"(\d{2,4}):\[-?\d+\.\d\]", name):
            codes[merged] = name
    return codes


def gdelt_goldstein(reference: Path) -> dict[str, float]:
    rows = [line.split("\t") for line in read_lines(reference / "cameo" / "CAMEO.goldsteinscale.txt")[1:]]
    return {code: float(weight) for code, weight in rows}


def plover_2021(reference: Path) -> dict[str, tuple[str, str, str]]:
    """code -> (type, mode, contexts joined with '|') from CAMEO2PLOVER-2021.txt."""
    table: dict[str, tuple[str, str, str]] = {}
    for line in read_lines(reference / "plover" / "CAMEO2PLOVER-2021.txt"):
        m = re.match(r"^(\d{3,4}):\s*([^#]*)", line)
        if not m:
            continue  # comments and the "03: AGREE" section headings
        parts = [p.strip() for p in m.group(2).split(",")] + ["", ""]
        contexts = "|".join(c.strip() for c in parts[2].split(";") if c.strip())
        row = (parts[0], parts[1], contexts)
        assert table.setdefault(m.group(1), row) == row, f"conflicting rows for {m.group(1)}"
    return table


@pytest.mark.shared
def test_every_gdelt_code_present_with_gdelt_goldstein(onto: Ontology, reference: Path) -> None:
    listed = gdelt_code_list(reference)
    weights = gdelt_goldstein(reference)
    assert len(weights) == 311 and set(listed) == set(weights)
    assert {c.code for c in onto.codes()} == set(weights)
    for code, weight in weights.items():
        assert onto.goldstein(code) == weight, code


@pytest.mark.shared
def test_names_follow_gdelt_except_documented_corrections(onto: Ontology, reference: Path, notes) -> None:
    for code, gdelt_name in gdelt_code_list(reference).items():
        if " ".join(gdelt_name.split()) != onto.cameo(code).name:
            assert (code, "name") in notes, f"{code}: name differs from GDELT without a note"


@pytest.mark.shared
def test_plover_2021_table_agrees_except_documented_deviations(onto: Ontology, reference: Path, notes) -> None:
    table = plover_2021(reference)
    assert len(table) > 250
    gdelt = gdelt_goldstein(reference)
    undocumented = []
    for code, (ptype, mode, contexts) in sorted(table.items()):
        if not onto.is_valid(code):
            assert code not in gdelt, f"{code} is in GDELT but missing from cameo.tsv"
            continue  # 1213, 1214: in the PLOVER table, not used by GDELT
        ours = onto.cameo(code)
        for field, theirs, mine in (
            ("plover_type", ptype, ours.plover_type),
            ("plover_mode", mode, ours.plover_mode or ""),
            ("plover_context", contexts, "|".join(ours.plover_context)),
        ):
            if theirs == mine:
                continue
            note = notes.get((code, field))
            if note is None or note["reference"] != theirs or note["ours"] != mine:
                undocumented.append(f"{code} {field}: table {theirs!r}, ours {mine!r}")
    assert undocumented == []


@pytest.mark.shared
def test_codes_absent_from_the_2021_table_are_documented(onto: Ontology, reference: Path, notes) -> None:
    table = plover_2021(reference)
    for code in onto.codes():
        if code.code not in table:
            assert (code.code, "plover_*") in notes, code.code
    for root in ROOTS[2:]:  # a root behaves as its "not specified" code
        r, unspecified = onto.cameo(root), onto.cameo(root + "0")
        assert (r.plover_type, r.plover_mode, r.plover_context) == (
            unspecified.plover_type,
            unspecified.plover_mode,
            unspecified.plover_context,
        )


def manual_sections(reference: Path) -> dict[str, str]:
    tex = (reference / "plover" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    tex = "\n".join(line for line in tex.splitlines() if not line.lstrip().startswith("%"))
    categories = tex.split(r"\chapter{Event Categories}")[1].split(r"\chapter{Contexts}")[0]
    parts = re.split(r"\\section\{([A-Z]+)\}", categories)
    return dict(zip(parts[1::2], parts[2::2]))


@pytest.mark.shared
def test_plover_types_match_the_manual(onto: Ontology, reference: Path) -> None:
    sections = manual_sections(reference)
    assert list(sections) == CONTRACT_TYPES
    quad_names = {"VERBAL COOPERATION": 1, "MATERIAL COOPERATION": 2, "VERBAL CONFLICT": 3, "MATERIAL CONFLICT": 4}
    for ptype, body in sections.items():
        quad = re.search(r"Quad category: ([A-Z ]+)\}", body).group(1).strip()
        assert onto.plover_type(ptype).quad_class == quad_names[quad], ptype
        tables = re.findall(r"\\begin\{tabular\}(.*?)\\end\{tabular\}", body, flags=re.S)
        modes = tuple(
            m.group(1).replace(r"\_", "_")
            for t in tables
            for m in re.finditer(r"^\s*([a-z][a-z\\_-]*)\s*&", t, flags=re.M)
        )
        assert onto.plover_modes(ptype) == modes, ptype


@pytest.mark.shared
def test_plover_contexts_match_the_manual(onto: Ontology, reference: Path) -> None:
    tex = (reference / "plover" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    table = tex.split(r"\label{tab:general-contexts}")[1].split(r"\end{longtable}")[0]
    names = []
    for line in table.splitlines():
        m = re.match(r"^(?:\\hyperref\[[^]]*\]\{([^}]*)\}|([a-z_]+))\s*&", line.strip())
        if m:
            names.append((m.group(1) or m.group(2)).replace(r"\_", "_"))
    assert len(names) == 37
    assert onto.plover_contexts() == tuple(names)


def gdelt_rows(reference: Path, sample: str, header: str) -> list[dict[str, str]]:
    columns = read_lines(reference / "gdelt" / header)[0].split("\t")
    rows = [line.split("\t") for line in read_lines(reference / "gdelt" / sample) if line]
    assert all(len(r) == len(columns) for r in rows)
    return [dict(zip(columns, r)) for r in rows]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("sample", "header"),
    [
        ("gdelt2_20150218230000.export.sample100.tsv", "gdelt2_events_header.tsv"),
        ("gdelt1_dailyupdates.sample3.tsv", "gdelt1_dailyupdates_header.tsv"),
    ],
)
def test_gdelt_event_rows_agree_with_our_codes(onto: Ontology, reference: Path, sample: str, header: str) -> None:
    rows = gdelt_rows(reference, sample, header)
    assert rows
    disagreements = []
    for row in rows:
        code = row["EventCode"]
        if not onto.is_valid(code):
            disagreements.append(f"{row['GLOBALEVENTID']}: unknown code {code}")
            continue
        ours = onto.cameo(code)
        got = (row["EventRootCode"], row["EventBaseCode"], float(row["GoldsteinScale"]), int(row["QuadClass"]))
        if got != (ours.root, ours.base, ours.goldstein, ours.quad_class):
            disagreements.append(f"{row['GLOBALEVENTID']} {code}: GDELT {got}, ours {ours}")
    assert disagreements == []
