"""The seed wire report end to end, judged by ../shared/tools/check_seed.py exactly as the issue says."""
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, shared_path

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))


def test_seed_article_passes_every_must_item():
    article = shared_path("seed", "article.txt")
    judge = shared_path("tools", "check_seed.py")
    coded = subprocess.run([EVENTWIRE, "code", str(article), "--published", "2022-03-30"],
                           capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert coded.returncode == 0, coded.stderr
    verdict = subprocess.run([sys.executable, str(judge), "-"], input=coded.stdout, capture_output=True, text=True,
                             timeout=60)
    assert verdict.returncode == 0, verdict.stdout
    assert verdict.stdout.strip().endswith("0 failed")
