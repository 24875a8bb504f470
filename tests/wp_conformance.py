"""Whole-post conformance with WordPress 7.1 (issue 16).

Every published post of ``../shared/data/wp_render/*.json`` is rendered by the library
entry point that ``convert --format html`` uses for a post body (`render_post`) and
compared with what WordPress printed on the post's own page
(``wp_the_content_single_with_attachments``), after the issue's normalisation only.

Two figures are printed per export, one per set of inputs:

- ``export``: what ``convert`` uses, the export's own data (its authors, tagline, post ids,
  modified dates, site settings);
- ``reference``: the same post rendered with THE INPUTS THE REFERENCE WORDPRESS HAD, where its
  setup differs from the export (see `reference_inputs`; taken from the JSON's ``meta`` and
  records, and from what the importer is documented to do). ``convert`` never uses these.

Run ``python tests/wp_conformance.py [--diff N] [--export NAME] [--inputs export|reference]``
for the agreement per export (and the first N differing posts, of the chosen inputs);
``tests/test_wp_conformance.py`` asserts a floor for each.
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
from dataclasses import dataclass, field, fields, replace
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


# -- the reference WordPress's inputs ---------------------------------------------------
#
# Where the reference site was set up differently from the export, and how the harness
# renders with the reference's inputs (`--inputs reference`); nothing else is changed:
#
# - author: the importer ran "as user 1 (administrator)" (meta["importer"]) without an
#   author mapping, so every post belongs to that user, login and display name "admin";
# - tagline: a fresh WordPress (since 6.1) has an empty blogdescription, and the setup
#   set none (meta lists no tagline), where the export's <description> has one;
# - post ids: the importer gives a post a new id when its id is taken (record["wp_post_id"]);
# - modified dates: the importer does not pass post_modified, so wp_insert_post() sets it
#   to the post's date;
# - categories: wp_insert_post() files a post without one under the default category,
#   "Uncategorized" (term 1 of a fresh install);
# - term ids: the importer creates the export's terms anew, in its order (categories,
#   tags, then other terms), numbered from 2 (1 is "Uncategorized", kept where the
#   export has that slug);
# - site title: the setup named the site "WP render oracle" (not in meta: every site-title
#   block of the reference prints it), where the export's <title> has its own;
# - site settings: meta's date_format, time_format and use_smilies.
REFERENCE_AUTHOR = "admin"
REFERENCE_TITLE = "WP render oracle"


def reference_inputs(ctx, meta: dict, records: dict):
    """`ctx` (a loaded ContentContext) as the reference WordPress's database held it."""
    from shortcodes.wordpress.context import Author, ContentContext

    base = {f.name: getattr(ctx, f.name) for f in fields(ContentContext)}
    site = replace(
        ctx.site,
        description="",
        title=REFERENCE_TITLE,
        date_format=meta.get("date_format", ctx.site.date_format),
        time_format=meta.get("time_format", ctx.site.time_format),
        use_smilies=str(meta.get("use_smilies", "1")) == "1",
    )
    new_id = {
        int(r["post_id"]): int(r["wp_post_id"])
        for r in records.values()
        if str(r.get("wp_post_id", "")).isdigit()
    }
    posts = {}
    for old, summary in ctx.posts.items():
        pid = new_id.get(old, old)
        posts[pid] = replace(
            summary,
            id=pid,
            author=REFERENCE_AUTHOR,
            modified=summary.date,
            terms=_with_default_category(summary.post_type, summary.terms),
        )
    base.update(
        site=site,
        posts=posts,
        terms=_renumbered_terms(ctx.terms),
        authors={REFERENCE_AUTHOR: Author(REFERENCE_AUTHOR, REFERENCE_AUTHOR, 1)},
    )
    return ContentContext(**base)


UNCATEGORIZED = ("category", "uncategorized", "Uncategorized")


def _with_default_category(post_type: str, terms: tuple) -> tuple:
    if post_type != "post" or any(t[0] == "category" for t in terms):
        return terms
    return (*terms, UNCATEGORIZED)


def _renumbered_terms(terms: list) -> list:
    from shortcodes.wordpress.context import TermSummary

    out, next_id = [], 2
    for t in terms:
        if (t.taxonomy, t.slug) == UNCATEGORIZED[:2]:
            out.append(replace(t, term_id=1))
        else:
            out.append(replace(t, term_id=next_id))
            next_id += 1
    if not any((t.taxonomy, t.slug) == UNCATEGORIZED[:2] for t in out):
        out.append(TermSummary(*UNCATEGORIZED[:2], UNCATEGORIZED[2], "", "", 1))
    return out


def reference_post(post, record: dict):
    """The export's item as the reference imported it (see `reference_inputs`)."""
    from shortcodes.wxr import TermRef

    wp_id = str(record.get("wp_post_id", ""))
    terms = list(post.terms)
    if post.post_type == "post" and not any(t.domain == "category" for t in terms):
        terms.append(TermRef(*UNCATEGORIZED))
    return replace(
        post,
        terms=terms,
        id=int(wp_id) if wp_id.isdigit() else post.id,
        creator=REFERENCE_AUTHOR,
        modified=post.post_date,
        modified_gmt=post.post_date_gmt,
    )


INPUTS = ("export", "reference")


def render_export(reference: Path, inputs: str = "export", wxr_dir: Path = WXR_DIR) -> ExportResult:
    """Every post of one reference file rendered with `inputs` (see `INPUTS`) and
    compared (its export is in ``wxr_dir``)."""
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
    if inputs == "reference":
        context = reference_inputs(context.load(), data["meta"], records)
    result = ExportResult(reference.stem)
    for index, post in enumerate(_items(export)):
        record = records.get(index)
        if record is None:
            continue
        if inputs == "reference":
            post = reference_post(post, record)
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


def report(results: list[ExportResult], by_inputs: dict[str, list[ExportResult]] | None = None):
    """The agreement per export: one column per set of inputs (`by_inputs`), or one."""
    columns = by_inputs or {"": results}
    names = [r.name for r in next(iter(columns.values()))]
    width = max([32, *(len(n) for n in names)])
    head = "".join(f"  {m or 'identical':>22}" for m in columns)
    lines = [f"{'export':{width}}{head}"] if by_inputs else []
    for i, name in enumerate(names + ["all"]):
        row = f"{name:{width}}"
        for rs in columns.values():
            if name == "all":
                same, total = sum(r.same for r in rs), sum(r.total for r in rs)
            else:
                same, total = rs[i].same, rs[i].total
            row += f"  {same:4d} / {total:4d}  {100 * same / max(total, 1):5.1f} %"
        lines.append(row)
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
    ap.add_argument(
        "--inputs",
        choices=INPUTS,
        default="reference",
        help="whose inputs --diff and --ids show (both figures are always printed)",
    )
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
    by_inputs = {m: [render_export(f, m, wxr_dir) for f in files] for m in INPUTS}
    print(report([], by_inputs))
    results = by_inputs[args.inputs]
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
