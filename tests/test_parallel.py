"""convert in a process pool: the same bytes, pages and report, for any --jobs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_convert import tree
from wxrfactory import export, item

import shortcodes.convert.api as convert_module
from shortcodes.cli import main

CARDS = [
    '[covid19-ultimate-card region="EG" region-name="مصر" rtl="true" confirmed-24h="true"]',
    "[covid19-ultimate-card region=”AE” deaths-rate=”true”]",  # curly quotes: repaired
    '[covid19-ultimate-card region="ZZ"]',  # unknown: a failed card
    "",
]


def _export(path, posts: int):
    """A multi-MiB export: Arabic posts and pages, links between them, cards of every
    kind, slugs that collide, a draft now and then."""
    items = []
    for i in range(1, posts + 1):
        body = f'<p>انظر <a href="https://example.org/p{i - 1}/">السابق</a>.</p>\n' * 30
        items.append(
            item(
                post_id=str(i),
                slug=f"p{i}" if i % 7 else "same",
                title=f"منشور {i}",
                content=body + CARDS[i % len(CARDS)],
                status="draft" if i % 50 == 0 else "publish",
                post_type="page" if i % 11 == 0 else "post",
                date=f"2021-{1 + i % 12:02d}-{1 + i % 28:02d} 10:00:00",
                date_gmt=f"2021-{1 + i % 12:02d}-{1 + i % 28:02d} 08:00:00",
            )
        )
    path.write_text(export(*items, language="ar"), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["html", "jekyll"])
def test_jobs_1_and_2_give_the_same_tree_and_report(tmp_path, monkeypatch, fmt):
    path = _export(tmp_path / "e.xml", 1200)
    assert path.stat().st_size > 2 * 1024 * 1024
    monkeypatch.setattr(convert_module, "SHARE_MIN_BYTES", 256 * 1024)  # more ranges
    shares = []
    run = convert_module.run_pool

    def spy(job, report, plan, jobs, *args):
        shares.append(len(plan.cut) if plan.cut is not None else 0)
        return run(job, report, plan, jobs, *args)

    monkeypatch.setattr(convert_module, "run_pool", spy)
    reports = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        rep = tmp_path / f"r-{jobs}.json"
        args = ["convert", str(path), "-o", str(out), "--format", fmt, "--jobs", jobs]
        r = CliRunner().invoke(main, [*args, "--report", str(rep)])
        assert r.exit_code == 1, r.output  # the ZZ cards
        reports[jobs] = rep.read_text(encoding="utf-8").replace(str(out), "OUT")
    assert shares and shares[0] > 2  # ranges of whole items, more than one per process
    assert tree(tmp_path / "out-1") == tree(tmp_path / "out-2")
    assert reports["1"] == reports["2"]
    assert '"code": "repaired-quote' in reports["1"] or '"repaired' in reports["1"]
