"""The CSV, HTML, WARC and feed readers on files the tests write, and CSV on the real corpora."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import shared_path
from eventwire.errors import EmptyInput, MalformedRecord
from eventwire.ingest.csv_reader import FIELDS, ColumnMappingError, format_columns, parse_columns
from eventwire.ingest.feed_reader import fragment_text
from eventwire.ingest.readers import ReadError, SourceRecord, read_sources

STORY = ("<p>The foreign ministers of Ruritania and Freedonia condemned the new border tariffs on Tuesday, "
         "the Ruritanian foreign ministry said in a statement.</p>"
         "<p>Officials in both capitals said talks would resume next month after the harvest festival, "
         "and that trade envoys had already been named.</p>")
PAGE = f"""<html><head><title>Ministers condemn tariffs | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2022-03-30T09:00:00Z">
<link rel="canonical" href="https://wire.example/ministers-condemn-tariffs"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers condemn tariffs</h1>{STORY}</article>
<footer>Contact us. Terms of use.</footer></body></html>"""


def read(*paths: Path, **options) -> list[SourceRecord | ReadError]:
    return list(read_sources([str(p) for p in paths], **options))


# --- CSV ---------------------------------------------------------------------------------------

def test_csv_autodetects_common_column_names(tmp_path):
    path = tmp_path / "wires.csv"
    path.write_text('headline,Body,link,publish_date,publisher\n'
                    '"Tariffs condemned","Ministers condemned the tariffs, officials said.",https://a.example/1,'
                    '2022-03-30,Example Wire\n'
                    'Talks,"Talks will resume,\nofficials said.",https://a.example/2,"30 March 2022",Example Wire\n')
    first, second = read(path)
    assert first.where == f"{path}:2" and second.where == f"{path}:3"
    assert first.article.text == "Ministers condemned the tariffs, officials said."
    assert (first.article.title, first.article.url, first.article.published, first.article.source) == (
        "Tariffs condemned", "https://a.example/1", "2022-03-30", "Example Wire")
    assert second.article.text == "Talks will resume,\nofficials said."
    assert second.article.published == "2022-03-30"  # a non-ISO date is normalised
    assert len(first.article.id) == 64  # no id column: the sha256 of the text


def test_tsv_and_explicit_mapping(tmp_path):
    path = tmp_path / "bodies.tsv"
    path.write_text("Body ID\tstory\twhen\n7\tRebels attacked a base on Monday.\t2021-05-01\n")
    (record,) = read(path, columns=parse_columns('id="Body ID",text=story,published=when'),
                     published_default="1999-01-01")
    assert (record.article.id, record.article.text, record.article.published) == (
        "7", "Rebels attacked a base on Monday.", "2021-05-01")


def test_csv_bad_rows_are_reported_and_reading_goes_on(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('id,text\n1,"fine, a good row."\n2,"bad"quote\n3,too,many,fields\n4,"last good row."\n')
    results = read(path)
    assert [type(r).__name__ for r in results] == ["SourceRecord", "ReadError", "ReadError", "SourceRecord"]
    assert results[1].where == f"{path}:3" and isinstance(results[1].error, MalformedRecord)
    assert "malformed CSV row" in results[1].error.reason
    assert results[2].where == f"{path}:4" and "3 fields" not in results[2].error.reason
    assert "row has 4 fields, the header has 2" in results[2].error.reason and results[2].id == "3"
    assert results[3].article.id == "4"


def test_csv_without_text_column_or_named_column_is_one_error(tmp_path):
    path = tmp_path / "notext.csv"
    path.write_text("id,colour\n1,red\n")
    (error,) = read(path)
    assert isinstance(error, ReadError) and "no text column" in error.error.reason
    (error,) = read(path, columns={"text": "missing"})
    assert "no column 'missing' for text" in error.error.reason


def test_csv_large_fields_are_read(tmp_path):
    body = "The council met again. " * 20_000  # ~460k characters, past csv's default 131k limit
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["text"], [body]])
    (record,) = read(path)
    assert record.article.text == body


@pytest.mark.shared
def test_real_corpus_csvs():
    guardian = shared_path("data", "corpora", "guardian_sdf_ngec", "Guardian_SDF_sample.csv")
    with guardian.open(newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    records = read(guardian)
    assert len(records) == rows and all(isinstance(r, SourceRecord) for r in records)
    assert all(r.article.published and r.article.source and len(r.article.text) > 200 for r in records)
    bodies = shared_path("data", "corpora", "fnc1_bodies", "train_bodies.csv")
    records = read(bodies, columns=parse_columns('text=articleBody,id="Body ID"'))
    assert len(records) > 1000 and all(isinstance(r, SourceRecord) for r in records)
    assert all(r.article.id.isdigit() for r in records)
    assert len({r.article.id for r in records}) == len(records)


# --- the --columns mapping ---------------------------------------------------------------------

def test_parse_columns_examples():
    assert parse_columns('text=articleBody,id="Body ID",published=date') == {
        "text": "articleBody", "id": "Body ID", "published": "date"}
    assert parse_columns(' text = body , title="a ""quoted"", name" ') == {"text": "body", "title": 'a "quoted", name'}


@pytest.mark.parametrize("spec, message", [
    ("", "empty column mapping"),
    ("text", "cannot read the column mapping at character 1"),
    ("body=text", "unknown field 'body'"),
    ("text=a,text=b", "mapped twice"),
    ("text=", "empty column name"),
    ("text=a,", "ends with a comma"),
    ('text="unterminated', "cannot read"),
    ('text=a"b', "cannot read"),
])
def test_parse_columns_rejects_malformed(spec, message):
    with pytest.raises(ColumnMappingError, match=message):
        parse_columns(spec)


mappings = st.dictionaries(st.sampled_from(FIELDS), st.text(min_size=1).filter(lambda s: s.strip() == s and s),
                           min_size=1)


@given(mappings)
def test_parse_columns_reads_back_what_format_columns_writes(mapping):
    assert parse_columns(format_columns(mapping)) == mapping


@given(st.text(max_size=60))
def test_parse_columns_gives_a_mapping_or_a_clear_error(spec):
    try:
        mapping = parse_columns(spec)
    except ColumnMappingError as exc:
        assert str(exc)  # never an IndexError or a bare regex failure
    else:
        assert mapping and set(mapping) <= set(FIELDS) and all(mapping.values())


def test_cli_rejects_a_malformed_mapping():
    from click.testing import CliRunner

    from eventwire.ingest.cli_ingest import ingest

    result = CliRunner().invoke(ingest, ["x.csv", "--columns", "body=text"])
    assert result.exit_code == 2 and "unknown field 'body'" in result.output


# --- HTML --------------------------------------------------------------------------------------

def test_html_page_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    (record,) = read(path, published_default="1999-01-01")
    article = record.article
    assert "condemned the new border tariffs" in article.text and "talks would resume" in article.text
    assert "Terms of use" not in article.text and "World" not in article.text.split("\n")
    assert article.published == "2022-03-30"
    assert article.url == "https://wire.example/ministers-condemn-tariffs"
    assert article.source == "Example Wire" and "Ministers condemn tariffs" in article.title


def test_html_without_main_text_is_a_read_error(tmp_path):
    path = tmp_path / "empty.htm"
    # A photo page: markup, a script and an image, no prose at all.
    path.write_text("<html><head><title>Gallery</title><script>var x = 1;</script></head>"
                    "<body><div><img src='a.png'></div></body></html>")
    (error,) = read(path)
    assert isinstance(error, ReadError) and isinstance(error.error, EmptyInput)
    assert error.where == str(path) and "no article text" in error.error.reason


# --- WARC --------------------------------------------------------------------------------------

def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")

        def response(url: str, body: bytes, content_type: str, date: str = "2023-06-01T12:00:00Z") -> None:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)

        response("https://wire.example/a", PAGE.encode(), "text/html; charset=utf-8")
        response("https://wire.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
        undated = PAGE.replace('<meta property="article:published_time" content="2022-03-30T09:00:00Z">', "")
        response("https://wire.example/b", undated.encode(), "text/html")
        response("https://wire.example/c", b"<html><body><div><img src='a.png'></div></body></html>", "text/html")
        writer.write_record(writer.create_warc_record("https://wire.example/a", "request",
                                                      payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_only(tmp_path, name):
    path = tmp_path / name
    write_warc(path)
    results = read(path)
    # The PNG response and the request record are not articles: passed over, not failures.
    assert [type(r).__name__ for r in results] == ["SourceRecord", "SourceRecord", "ReadError"]
    page, undated, empty = results
    assert page.article.id.startswith("<urn:uuid:") and page.article.url == "https://wire.example/ministers-condemn-tariffs"
    assert page.article.published == "2022-03-30"  # the page's own date beats the crawl date
    assert page.where.startswith(f"{path}@") and "border tariffs" in page.article.text
    assert undated.article.published == "2023-06-01"  # no date in the page: the crawl date
    assert empty.id.startswith("<urn:uuid:") and "no article text" in empty.error.reason
    assert len({r.where for r in results}) == 3


def test_warc_uses_crawl_date_when_page_has_none(tmp_path):
    path = tmp_path / "one.warc"
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = f"<html><body><article>{STORY}</article></body></html>".encode()
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://wire.example/x", "response", payload=io.BytesIO(body),
                                                      http_headers=http,
                                                      warc_headers_dict={"WARC-Date": "2023-06-01T12:00:00Z"}))
    (record,) = read(path)
    assert record.article.published == "2023-06-01" and record.article.url == "https://wire.example/x"


def test_damaged_and_non_warcs_are_reported(tmp_path):
    truncated = tmp_path / "truncated.warc"
    write_warc(truncated)
    data = truncated.read_bytes()
    truncated.write_bytes(data + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nshort")
    *pages, damaged = read(truncated)
    assert len(pages) == 3  # what came before the damage is kept
    assert isinstance(damaged.error, MalformedRecord) and damaged.where.startswith(f"{truncated}@")
    assert "damaged WARC record" in damaged.error.reason
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a web archive at all\r\n\r\n")
    (error,) = read(junk)
    assert isinstance(error.error, EmptyInput) and "no HTML pages in the archive" in error.error.reason


# --- feeds -------------------------------------------------------------------------------------

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Ministers condemn tariffs</title><link>https://wire.example/a</link><guid>wire-a</guid>
<pubDate>Wed, 30 Mar 2022 09:00:00 GMT</pubDate><description>{story}</description></item>
<item><title>Empty one</title><link>https://wire.example/b</link><description></description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Talks resume</title><link href="https://wire.example/t"/><id>tag:wire.example,2022:t</id>
<updated>2022-04-02T10:00:00Z</updated><summary>Short summary.</summary>
<content type="html">{story}</content></entry></feed>"""


def escape(html: str) -> str:
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_rss_entries(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS.format(story=escape(STORY)))
    good, empty = read(path)
    assert good.where == f"{path}#1" and good.article.id == "wire-a"
    assert good.article.title == "Ministers condemn tariffs" and good.article.url == "https://wire.example/a"
    assert good.article.published == "2022-03-30" and good.article.source == "Example Wire"
    assert "<p>" not in good.article.text and good.article.text.count("\n") == 1
    assert isinstance(empty, ReadError) and empty.where == f"{path}#2" and empty.id == "https://wire.example/b"


def test_atom_feed_as_xml_prefers_full_content(tmp_path):
    path = tmp_path / "wire.xml"
    path.write_text(ATOM.format(story=escape(STORY)))
    (entry,) = read(path)
    assert entry.article.id == "tag:wire.example,2022:t" and entry.article.published == "2022-04-02"
    assert "harvest festival" in entry.article.text and "Short summary" not in entry.article.text


def test_empty_and_non_feeds_are_one_error(tmp_path):
    empty = tmp_path / "empty.atom"
    empty.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')
    junk = tmp_path / "junk.rss"
    junk.write_text("this is not XML <<<")
    (e1,) = read(empty)
    (e2,) = read(junk)
    assert isinstance(e1.error, EmptyInput) and "no entries" in e1.error.reason
    assert isinstance(e2.error, MalformedRecord) and "not an RSS or Atom feed" in e2.error.reason


def test_fragment_text_keeps_blocks_as_lines():
    assert fragment_text("<p>One &amp; two.</p><p>Three<br>four</p><script>x=1</script>tail") == \
        "One & two.\nThree\nfour\ntail"
    assert fragment_text("plain &lt;text&gt;") == "plain <text>"


def test_directories_pick_up_new_formats_but_not_xml(tmp_path):
    (tmp_path / "a.csv").write_text("text\nOne story here.\n")
    (tmp_path / "b.xml").write_text("<config/>")
    (tmp_path / "c.html").write_text(PAGE)
    results = read(tmp_path)
    assert [Path(r.where.split(":")[0]).name for r in results] == ["a.csv", "c.html"]


@pytest.mark.parametrize("text,title", [
    ("Kenya police arrest protest leaders\n\nPolice arrested three leaders on Tuesday.", "Kenya police arrest protest leaders"),
    ("Police arrested three leaders on Tuesday.\nThe ministry said so.", None),  # a sentence, not a headline
    ("Kenya police arrest protest leaders", None),  # nothing under it: the text is all there is
])
def test_txt_title_is_a_headline_line_over_a_body(tmp_path, text, title):
    from eventwire.ingest.readers import read_txt

    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    record = read_txt(path)
    assert record.article.title == title and record.article.url == path.resolve().as_uri()
