"""The printed report of `eventwire eval news`, and coding a gold split in-process."""
from __future__ import annotations

from pathlib import Path

from eventwire.eval.calibration import reliability_lines
from eventwire.eval.coding import code_records
from eventwire.eval.news.gold import GoldArticle, load_split, with_texts
from eventwire.eval.news.score import FIELDS, NewsScore, score_documents
from eventwire.eval.news.sources import DEFAULT_SHARED
from eventwire.pipeline import Pipeline

SHORT = {"AGREE": "AGRE", "CONSULT": "CONS", "SUPPORT": "SUPP", "CONCEDE": "CONC", "COOPERATE": "COOP",
         "AID": "AID", "RETREAT": "RETR", "REQUEST": "REQU", "ACCUSE": "ACCU", "REJECT": "REJE",
         "THREATEN": "THRE", "PROTEST": "PROT", "SANCTION": "SANC", "MOBILIZE": "MOBI", "COERCE": "COER",
         "ASSAULT": "ASSA", "(missed)": "miss", "(spurious)": "spur"}


def code_gold(pipeline: Pipeline, articles: list[GoldArticle]) -> dict[str, dict]:
    """Each article coded as `eventwire code --raw` codes it, so offsets index the same text."""
    records = [{"id": a.id, "text": a.text, "published": a.published} for a in articles]
    return code_records(pipeline, records, raw=True)


def evaluate(pipeline: Pipeline, split: str, shared: Path = DEFAULT_SHARED) -> NewsScore:
    articles = with_texts(load_split(split), shared)
    return score_documents(articles, code_gold(pipeline, articles))


def _row(name: str, counts) -> str:
    p, r, f1 = counts.prf()
    return f"{name:16} {counts.correct:7d} {counts.predicted:9d} {counts.gold:6d} {p:6.3f} {r:6.3f} {f1:6.3f}"


def summary_line(score: NewsScore) -> str:
    def f1(name: str) -> float:
        return score.fields[name].prf()[2]
    return (f"detection F1 {f1('detection'):.3f}  type F1 {f1('type'):.3f}  source F1 {f1('source'):.3f}  "
            f"target F1 {f1('target'):.3f}  tuple F1 {f1('tuple'):.3f}  date F1 {f1('date'):.3f}  "
            f"modality acc {score.modality.correct / max(1, sum(score.modality_confusion.values())):.3f}")


def report_lines(score: NewsScore, split: str, show_misses: bool = False) -> list[str]:
    header = f"{'':16} {'correct':>7} {'predicted':>9} {'gold':>6} {'P':>6} {'R':>6} {'F1':>6}"
    matched = sum(score.matched_by_tier.values())
    lines = [f"real-news gold, split {split}: {score.articles} articles ({score.documents} coded); "
             f"matched mentions {matched} (trigger overlap {score.matched_by_tier[1]}, same sentence and type "
             f"{score.matched_by_tier[2]})", "", "real events (asserted or attempted, not negated)", header]
    lines += [_row(name, score.fields[name]) for name in FIELDS]
    lines += ["", "all mentions, realised or not", header, _row("modality", score.modality)]
    lines += ["", "per source", f"{'source':20} {'gold':>5} {'pred':>5} {'det F1':>7} {'type F1':>8} {'src acc':>8} "
              f"{'tgt acc':>8} {'tuple F1':>9}"]
    for corpus, fields in sorted(score.per_source.items()):
        det = fields["detection"]
        src = fields["source"].correct / det.correct if det.correct else 0.0
        tgt = fields["target"].correct / det.correct if det.correct else 0.0
        lines.append(f"{corpus:20} {det.gold:5d} {det.predicted:5d} {det.prf()[2]:7.3f} {fields['type'].prf()[2]:8.3f} "
                     f"{src:8.3f} {tgt:8.3f} {fields['tuple'].prf()[2]:9.3f}")
    det = score.fields["detection"]
    if det.correct:
        lines.append(f"on matched real events: source accuracy {score.fields['source'].correct / det.correct:.3f}, "
                     f"target accuracy {score.fields['target'].correct / det.correct:.3f} (country + sector); "
                     f"by country only {score.fields['source country'].correct / det.correct:.3f} / "
                     f"{score.fields['target country'].correct / det.correct:.3f}")
    lines += ["", "per type (real events)", f"{'type':12} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for etype, counts in sorted(score.per_type.items(), key=lambda kv: (-kv[1].gold, kv[0])):
        p, r, f1 = counts.prf()
        lines.append(f"{etype:12} {counts.gold:5d} {counts.predicted:5d} {p:6.3f} {r:6.3f} {f1:6.3f}")
    lines += ["", *confusion_lines(score)]
    lines += ["", "modality (gold rows, predicted columns, matched mentions)"]
    for (g, p), n in sorted(score.modality_confusion.items()):
        lines.append(f"  {g:28} -> {p:28} {n:5d}")
    lines += ["", "confidence of the coder's real events against being right (matched, right type)"]
    lines += reliability_lines(score.judged)
    if show_misses:
        lines += ["", "misses"] + score.misses
    lines += ["", summary_line(score)]
    return lines


def confusion_lines(score: NewsScore) -> list[str]:
    """Gold type (rows) against predicted type (columns) on matched real events, plus gold
    events missed and predicted events with no gold counterpart."""
    rows = sorted({g for g, _ in score.confusion}, key=lambda t: (t.startswith("("), t))
    cols = sorted({p for _, p in score.confusion}, key=lambda t: (t.startswith("("), t))
    lines = ["type confusion (gold rows, predicted columns)",
             f"{'':6}" + "".join(f"{SHORT.get(c, c[:4]):>5}" for c in cols)]
    for g in rows:
        lines.append(f"{SHORT.get(g, g[:4]):6}" + "".join(f"{score.confusion.get((g, c), 0) or '.':>5}" for c in cols))
    return lines
