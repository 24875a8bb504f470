"""Whole-post conformance with WordPress 7.1 (issue 16).

Every published post of ``../shared/data/wp_render/*.json`` is rendered by the library
entry point that ``convert --format html`` uses for a post body (`render_post`) and
compared with what WordPress printed on the post's own page
(``wp_the_content_single_with_attachments``), after the issue's normalisation only.

Run ``python tests/wp_conformance.py [--diff N] [--export NAME]`` for the agreement per
export (and the first N differing posts); ``tests/test_wp_conformance.py`` asserts a floor.
``--heldout`` measures the held-out set instead (``tests/heldout/``: other real exports,
rendered by the same WordPress setup with ``tools/wp_oracle``); ``--render-dir`` and
``--wxr-dir`` name any other folder of references and their exports.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COVID_SHORTCODES_SHARED", ROOT.parent / "shared"))
RENDER_DIR = SHARED / "data" / "wp_render"
WXR_DIR = SHARED / "data" / "wxr"
HELDOUT_DIR = ROOT / "tests" / "heldout"  # references and their exports side by side
REFERENCE = "wp_the_content_single_with_attachments"
MARKER = "<!--COVIDCARD-->"

# The card element (its <section> holds no other section) <-> WordPress's marker.
_CARD = re.compile(r'<section class="covid-card[^"]*"[^>]*>.*?</section>', re.S)
_URL_ATTR = re.compile(r'(\s(?:href|src|srcset|poster|action))=(["\'])(.*?)\2', re.S | re.I)
_RANDOM_ATTR = re.compile(r"(\sdata-wp-(?:context|key))=(['\"])(.*?)\2", re.S)
_ONE_PIXEL = re.compile(r'\s(?:width|height)="1"')
_CALENDAR_MONTH = re.compile(r"(<caption class=\"wp-calendar-caption\">)[^<]*(</caption>)")
_CALENDAR_BODY = re.compile(r'(<table id="wp-calendar"[^>]*>).*?(</table>)', re.S)
_BETWEEN_TAGS = re.compile(r">\s+<")
_RUNS = re.compile(r"\s+")


def normalise(html: str) -> str:
    """The issue's normalisation, and nothing more."""
    html = _CARD.sub(MARKER, html)
    html = _URL_ATTR.sub(r"\1=\2\2", html)
    html = _RANDOM_ATTR.sub(r"\1=\2\2", html)
    html = _CALENDAR_MONTH.sub(r"\1\2", html)
    html = _CALENDAR_BODY.sub(r"\1\2", html)
    html = _ONE_PIXEL.sub("", html)
    html = _BETWEEN_TAGS.sub("><", html)
    return _RUNS.sub(" ", html).strip()


@dataclass
class ExportResult:
    name: str
    total: int = 0
    same: int = 0
    differing: list[tuple[dict, str, str]] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return self.same / self.total if self.total else 1.0


def exports(render_dir: Path = RENDER_DIR) -> list[Path]:
    """The reference files present in ``render_dir`` (../shared by default; empty without it)."""
    return sorted(render_dir.glob("*.json")) if render_dir.is_dir() else []


def _items(export: Path) -> Iterator:
    from shortcodes.wxr import read_wxr

    yield from read_wxr(export).posts()


def render_export(reference: Path, wxr_dir: Path = WXR_DIR) -> ExportResult:
    """Every post of one reference file rendered and compared (its export is in ``wxr_dir``)."""
    from shortcodes.convert.pipeline import NEXTPAGE, figures_day, render_post
    from shortcodes.data.snapshot import embedded_snapshot
    from shortcodes.protected import is_protected, withhold
    from shortcodes.render import CardRenderer
    from shortcodes.wpcontext import content_context

    data = json.loads(reference.read_text("utf-8"))
    export = wxr_dir / Path(data["meta"]["export_file"]).name
    records = {r["export_item_index"]: r for r in data["posts"]}
    renderer = CardRenderer(embedded_snapshot())
    context = content_context(export)
    result = ExportResult(reference.stem)
    for index, post in enumerate(_items(export)):
        record = records.get(index)
        if record is None:
            continue
        if is_protected(post):  # as convert does: withheld, its page says so
            out, _ = withhold(post)
        else:
            out = render_post(
                post.content,
                renderer,
                as_of=figures_day(post.post_date_gmt),
                post=post,
                context=context,
            )
        # The post's page shows its first page (convert renders them all, joined).
        ours, theirs = normalise(out.text.split(NEXTPAGE)[0]), normalise(record[REFERENCE])
        result.total += 1
        if ours == theirs:
            result.same += 1
        else:
            result.differing.append((record, ours, theirs))
    return result


def report(results: list[ExportResult]) -> str:
    lines = []
    width = max([32, *(len(r.name) for r in results)])
    for r in results:
        lines.append(f"{r.name:{width}} {r.same:4d} / {r.total:4d}  {100 * r.agreement:5.1f} %")
    same, total = sum(r.same for r in results), sum(r.total for r in results)
    lines.append(f"{'all':{width}} {same:4d} / {total:4d}  {100 * same / max(total, 1):5.1f} %")
    return "\n".join(lines)


def _diff(ours: str, theirs: str) -> str:
    split = re.compile(r"(?=<)")
    a, b = split.split(theirs), split.split(ours)
    return "\n".join(difflib.unified_diff(a, b, "wordpress", "ours", n=1, lineterm=""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--diff", type=int, default=0, help="show the first N differing posts")
    ap.add_argument("--export", help="only this export (stem of the JSON file)")
    ap.add_argument("--ids", action="store_true", help="list the differing posts")
    ap.add_argument("--heldout", action="store_true", help=f"measure {HELDOUT_DIR}")
    ap.add_argument("--render-dir", type=Path, help="folder of reference JSON files")
    ap.add_argument("--wxr-dir", type=Path, help="folder of their exports")
    args = ap.parse_args(argv)
    default = HELDOUT_DIR if args.heldout else None
    render_dir = args.render_dir or default or RENDER_DIR
    wxr_dir = args.wxr_dir or default or (render_dir if args.render_dir else WXR_DIR)
    files = [f for f in exports(render_dir) if not args.export or f.stem == args.export]
    if not files:
        print(f"no references in {render_dir}", file=sys.stderr)
        return 1
    results = [render_export(f, wxr_dir) for f in files]
    print(report(results))
    shown = 0
    for r in results:
        for record, ours, theirs in r.differing:
            if args.ids:
                print(f"  {r.name} #{record['post_id']} {record['slug']}")
            if shown < args.diff:
                shown += 1
                print(f"\n=== {r.name} #{record['post_id']} {record['slug']}")
                print(_diff(ours, theirs))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
