"""The command line as users run it: real processes, real model."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EVENTWIRE, *args], input=stdin, capture_output=True, timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def jsonl_run():
    lines = [
        json.dumps({"id": "ok-1", "text": "Russia and China condemned the sanctions imposed by the United States.",
                    "published": "2022-03-30"}),
        "this is not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "binary", "text": "abc\u0000def"}),
        "",
        json.dumps({"id": "ok-2", "text": "Protesters rallied in Nairobi on Thursday."}),
        json.dumps({"id": "bad-date", "text": "Protesters rallied in Nairobi.", "published": "2022-13-45"}),
        json.dumps({"id": "surrogate", "text": "Turkey \ud800 attacked Syria."}),
    ]
    return run("code", "--jsonl", "-", stdin=("\n".join(lines) + "\n").encode())


def test_cli_jsonl_codes_good_records_and_reports_bad_ones(jsonl_run):
    assert jsonl_run.returncode == 0, jsonl_run.stderr
    docs = [json.loads(line) for line in jsonl_run.stdout.decode().splitlines()]
    assert [d["article"]["id"] for d in docs] == ["ok-1", "ok-2"]
    err = jsonl_run.stderr.decode()
    assert "stdin:2" in err and "not valid JSON" in err
    assert "'text'" in err
    assert "empty" in err and "binary" in err
    assert "'bad-date'" in err and "'2022-13-45' is not a date" in err
    assert "'surrogate'" in err and "surrogate" in err
    assert "coded 2, skipped 6" in err


def test_cli_jsonl_documents_obey_the_schema(jsonl_run):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "eventwire" / "schema" / "document.schema.json").read_text())
    for line in jsonl_run.stdout.decode().splitlines():
        jsonschema.validate(json.loads(line), schema)


def test_cli_code_file_and_stdin_agree(tmp_path):
    text = "Rebels attacked an army base in Idlib province on Monday, killing six soldiers."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    from_file = run("code", str(path), "--published", "2020-02-05")
    from_stdin = run("code", "-", "--published", "2020-02-05", stdin=text.encode())
    assert from_file.returncode == 0, from_file.stderr
    file_doc, stdin_doc = json.loads(from_file.stdout), json.loads(from_stdin.stdout)
    assert file_doc["article"].pop("url") == path.resolve().as_uri() and stdin_doc["article"].pop("url") is None
    assert file_doc == stdin_doc


def test_cli_table_format_is_readable():
    out = run("code", "--jsonl", str(ROOT / "examples" / "articles.jsonl"), "--format", "table")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert text.count("EVENTS") == 4 and "QUOTES" in text


@pytest.mark.parametrize("payload,message", [
    (b"", b"empty"),
    (b"\x00\x01\x02binary", b"binary"),
])
def test_cli_code_bad_single_input_fails_with_a_clear_message(payload, message):
    out = run("code", "-", stdin=payload)
    assert out.returncode != 0
    assert message in out.stderr.lower()


def test_cli_code_latin1_file_is_decoded(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le président a condamné l'attaque à Paris; Germany's government criticised France.".encode("latin-1"))
    out = run("code", str(path))
    assert out.returncode == 0, out.stderr
    assert "président" in json.loads(out.stdout)["text"]


def test_cli_needs_a_file_or_jsonl():
    out = run("code")
    assert out.returncode == 2
    assert b"--jsonl" in out.stderr


@pytest.mark.parametrize("args,message", [
    (["code", "missing.txt"], "'missing.txt' does not exist"),
    (["code", "--jsonl", "missing.jsonl"], "'missing.jsonl' does not exist"),
    (["code", "-", "--published", "30/03/2022"], "'30/03/2022' is not a date"),
    (["code", "-", "--published", "2022-13-45"], "'2022-13-45' is not a date"),
])
def test_cli_code_usage_errors_are_one_clear_line_not_a_traceback(args, message):
    result = run(*args, stdin=b"Russia condemned China.")
    err = result.stderr.decode()
    assert result.returncode == 2 and message in err and "Traceback" not in err


def test_cli_code_html_codes_the_body_not_the_markup(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Kenya arrests</title></head><body><nav>Home | World | Sport</nav><article>"
                    "<h1>Kenya police arrest protest leaders</h1><p>Police in Nairobi arrested three protest leaders "
                    "on Tuesday, the interior ministry said. The opposition condemned the arrests.</p><p>The "
                    "government said the leaders had incited violence during demonstrations in the capital.</p>"
                    "</article></body></html>", encoding="utf-8")
    result = run("code", str(page), "--published", "2024-06-20")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert "<" not in document["text"] and "Home | World" not in document["text"]
    assert document["article"]["title"] and "COERCE" in {e["plover"]["type"] for e in document["events"]}


def test_cli_code_txt_keeps_its_headline_and_file(tmp_path):
    article = tmp_path / "kenya.txt"
    article.write_text("Kenya police arrest protest leaders\n\nPolice in Nairobi arrested three protest leaders on "
                       "Tuesday, the interior ministry said.\n", encoding="utf-8")
    document = json.loads(run("code", str(article)).stdout)
    assert document["article"]["title"] == "Kenya police arrest protest leaders"
    assert document["article"]["url"] == article.resolve().as_uri()
