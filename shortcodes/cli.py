"""The command line: a thin click layer over the library.

Exit codes: 0 ok; 1 bad input or partial failure (with a summary on stderr);
2 usage error. Diagnostics go to stderr, results to stdout or ``-o``.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal

import click

from . import __version__
from .diagnostics import Diagnostic, fold_repairs
from .errors import BadInput, ShortcodesError
from .parser import CARD_TAG
from .wordpress.shortcodes import speedups_built
from .writers.files import atomic_write_text

if TYPE_CHECKING:
    from .convert.report import ConvertReport, PostReport
    from .data.model import StatsProvider
    from .parser import Mode
    from .render import RenderOptions, RenderResult
    from .scan import ScanReport
    from .writers.base import Writer

# A click command's function, as the option decorators take and return it.
Command = Callable[..., Any]

EXAMPLES_RENDER = """
\b
Examples:
  covid-shortcodes render article.html -o article.out.html
  covid-shortcodes render --standalone --as-of 2021-06-01 article.txt -o card.html
  cat post.html | covid-shortcodes render --digits arabic --timezone Africa/Cairo
"""
EXAMPLES_SCAN = """
\b
Examples:
  covid-shortcodes scan export.xml
  covid-shortcodes scan site/ --json > shortcodes.json
  covid-shortcodes scan --mode wordpress article.html   # what WordPress itself reads
"""


class AsOf(click.ParamType):
    """A date (YYYY-MM-DD) or 'latest'."""

    name = "DATE|latest"

    def convert(
        self, value: str | dt.date | None, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date | Literal["latest"] | None:
        if value is None or isinstance(value, dt.date):
            return value
        if value.strip().lower() == "latest":
            return "latest"
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            self.fail(f"{value!r} is not a date like 2021-06-01 or 'latest'", param, ctx)


def _check_locale(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A locale Babel knows (ar, ar_EG, en-GB…): anything else is a usage error."""
    if value is None:
        return None
    from .language import is_known_locale

    if not is_known_locale(value):
        raise click.BadParameter(
            f"{value!r} is not a known locale (try ar, ar_EG, en, fr)", ctx, param
        )
    return value.strip()


def _as_of_warnings(
    as_of: dt.date | Literal["latest"] | None, provider: StatsProvider
) -> list[Diagnostic]:
    """A warning when --as-of is outside the days the data covers."""
    first = getattr(provider, "first_date", None)
    last = getattr(provider, "last_date", None)
    fallback = getattr(provider, "fallback", None)  # live data: the snapshot behind it
    first = first or getattr(fallback, "first_date", None)
    last = last or getattr(fallback, "last_date", None)
    if not isinstance(as_of, dt.date) or first is None or last is None:
        return []
    if as_of > last:
        return [
            Diagnostic(
                "date-after-data",
                f"--as-of {as_of} is after the last day of the data ({last}): "
                f"cards show the figures of {last}",
            )
        ]
    if as_of < first:
        return [
            Diagnostic(
                "no-data-for-date",
                f"--as-of {as_of} is before the first day of the data ({first}): "
                "cards say there are no figures for that day",
            )
        ]
    return []


def _check_network_settings(base_url: str | None = None, *, live: bool = True) -> None:
    """$COVID_SHORTCODES_TIMEOUT, and the API's base URL when `live`, checked before
    any work: a value that cannot be used is a usage error (exit 2)."""
    from .data.live import api_base_url
    from .netfetch import RetryPolicy

    try:
        RetryPolicy.from_env()
        if live:
            api_base_url(base_url)
    except BadInput as e:
        raise click.UsageError(e.message) from None


def _echo_diagnostics(diags: list[Diagnostic], quiet: bool = False) -> None:
    """Warnings to stderr, repairs folded to one line per shortcode (--report has all)."""
    if quiet:
        return
    for d in fold_repairs(diags):
        click.echo(str(d), err=True)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _write_output(text: str, output: str | None) -> None:
    if output in (None, "-"):
        click.echo(text, nl=not text.endswith("\n"))
    else:
        atomic_write_text(Path(output), text)


def _api_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--api-url, or what its old name --base-url gave (see _old_api_url)."""
    old = ctx.params.get("api_url")
    if value is not None and old not in (None, value):
        raise click.BadParameter("give only --api-url (--base-url is its old name here)")
    return value if value is not None else old


_DATA_OPTIONS = [
    click.option(
        "--data",
        "data",
        default="embedded",
        show_default=True,
        metavar="embedded|live|PATH",
        help="Where figures come from: the embedded JHU snapshot, the live disease.sh API "
        "(falls back to the snapshot with a warning), or a file written by `fetch`.",
    ),
    click.option(
        "--api-url",
        default=None,
        metavar="URL",
        callback=_api_url,
        help="With --data live: the API base (default $COVID_SHORTCODES_API_URL).",
    ),
    click.option("--no-cache", is_flag=True, help="With --data live: no response cache."),
]


def _old_api_url(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--base-url, the name --api-url had before convert's --base-url named the site."""
    if value is None:
        return None
    if ctx.params.get("api_url") not in (None, value):
        raise click.BadParameter("give only --api-url (--base-url is its old name here)")
    click.echo("warning: --base-url is deprecated here; use --api-url", err=True)
    ctx.params["api_url"] = value
    return None


_OLD_API_URL = click.option(
    "--base-url", default=None, hidden=True, expose_value=False, callback=_old_api_url
)


def data_option(f: Command) -> Command:
    """--data, --api-url, --no-cache (and the hidden old name of --api-url)."""
    return _apply([*_DATA_OPTIONS, _OLD_API_URL])(f)


def convert_data_option(f: Command) -> Command:
    """As data_option, for convert: its --base-url is the site's address."""
    return _apply(_DATA_OPTIONS)(f)


def open_provider(
    data: str, *, strict: bool = False, base_url: str | None = None, no_cache: bool = False
) -> tuple[StatsProvider, list[Diagnostic]]:
    from .data.sources import open_provider as open_source

    if data == "live":
        _check_network_settings(base_url)

    return open_source(data, strict=strict, base_url=base_url, no_cache=no_cache), []


def _data_warnings(provider: StatsProvider) -> list[Diagnostic]:
    from .data.sources import provider_diagnostics

    return provider_diagnostics(provider)


render_options = [
    click.option(
        "--mode",
        type=click.Choice(["lenient", "wordpress"]),
        default="lenient",
        show_default=True,
        help="lenient repairs curly/entity quotes; wordpress reads exactly what WordPress reads.",
    ),
    click.option(
        "--as-of",
        type=AsOf(),
        default=None,
        help="Show figures as of this day (JHU's column for it), or 'latest'.",
    ),
    click.option(
        "--locale",
        default=None,
        callback=_check_locale,
        help="Language of labels, dates and numbers where the export or page does not say "
        "(default: Arabic for rtl cards, else English); Arabic reads right to left.",
    ),
    click.option(
        "--timezone",
        default="UTC",
        show_default=True,
        help="Site time zone for last-update (e.g. Africa/Cairo).",
    ),
    click.option(
        "--digits",
        type=click.Choice(["latin", "arabic"]),
        default="latin",
        show_default=True,
        help="Latin (0-9) or Arabic-Indic (٠-٩) digits.",
    ),
    click.option(
        "--trend", is_flag=True, help="Add a 30-day sparkline of new cases to every card."
    ),
    click.option(
        "--strict",
        is_flag=True,
        help="Fail (exit 1) on unknown regions or unavailable data instead of "
        "rendering a marked card.",
    ),
]


def _render_options(
    locale: str | None,
    timezone: str,
    digits: Literal["latin", "arabic"],
    as_of: dt.date | Literal["latest"] | None,
    trend: bool,
    strict: bool,
) -> RenderOptions:
    from .render import RenderOptions

    return RenderOptions(
        locale=locale,
        timezone=timezone,
        digits=digits,
        as_of=None if as_of in (None, "latest") else as_of,
        trend=trend,
        strict=strict,
    )


def _apply(options: Sequence[Callable[[Command], Command]]) -> Callable[[Command], Command]:
    def decorator(f: Command) -> Command:
        for option in reversed(options):
            f = option(f)
        return f

    return decorator


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    prog_name="covid-shortcodes",
    message="%(prog)s, version %(version)s"
    + (" (C speedups built)" if speedups_built() else " (pure Python: no C speedups built)"),
)
def main() -> None:
    """Migrate a WordPress site whose posts hold dead [covid19-ultimate-card] shortcodes,
    with the cards frozen into static right-to-left HTML.

    \b
    Start with:
      covid-shortcodes scan export.xml              what is there, what is broken
      covid-shortcodes convert export.xml -o site/  the whole site, ready to upload
      covid-shortcodes render post.html -o out.html one page's cards
    """


@main.command(epilog=EXAMPLES_RENDER)
@click.argument("input", required=False, default="-", metavar="[INPUT]")
@click.option("-o", "--output", default=None, help="Write here instead of stdout (atomic).")
@_apply(render_options)
@click.option(
    "--standalone",
    is_flag=True,
    help="Write a complete HTML page with the stylesheet, the text formatted as WordPress "
    "formats a post (paragraphs, curly quotes).",
)
@click.option(
    "--title",
    default=None,
    help="Title of the --standalone page (default: the text's first line, if it is one).",
)
@click.option(
    "--markdown",
    is_flag=True,
    help="Input is Markdown: also read \\[escaped\\] shortcodes (default for .md files).",
)
@data_option
@click.option(
    "--report",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write every card and warning to this JSON file.",
)
@click.option("-q", "--quiet", is_flag=True, help="No warnings on stderr.")
def render(
    input: str,
    output: str | None,
    mode: Mode,
    as_of: dt.date | Literal["latest"] | None,
    locale: str | None,
    timezone: str,
    digits: Literal["latin", "arabic"],
    trend: bool,
    strict: bool,
    standalone: bool,
    title: str | None,
    markdown: bool,
    data: str,
    api_url: str | None,
    no_cache: bool,
    report: str | None,
    quiet: bool,
) -> None:
    """Replace every card shortcode in a post or page (HTML or text; stdin by default)."""
    from .render import CardRenderer
    from .scan import read_text_file
    from .standalone import render_standalone

    try:
        if input == "-":
            text = sys.stdin.buffer.read().decode("utf-8", errors="strict")
            name = "<stdin>"
        else:
            text = read_text_file(Path(input))
            name = input
            markdown = markdown or Path(input).suffix.lower() in (".md", ".markdown")
        provider, data_diags = open_provider(
            data, strict=strict, base_url=api_url, no_cache=no_cache
        )
        renderer = CardRenderer(
            provider, _render_options(locale, timezone, digits, as_of, trend, strict)
        )
        if standalone:
            page, result = render_standalone(
                text, renderer, title=title, mode=mode, markdown=markdown
            )
        else:
            page, result = None, renderer.render_text(text, mode=mode, markdown=markdown)
        data_diags += _as_of_warnings(as_of, provider) + _data_warnings(provider)
    except UnicodeDecodeError as e:
        _fail(f"<stdin>: not valid UTF-8 (byte offset {e.start})")
    except ShortcodesError as e:
        _fail(str(e))
    diags = [d.located(file=name) for d in data_diags + result.diagnostics]
    _echo_diagnostics(diags, quiet)
    out = page if page is not None else result.text
    try:
        _write_output(out, output)
        if report:
            _write_render_report(report, name, result, diags)
    except ShortcodesError as e:
        _fail(str(e))
    failed = result.failed or (strict and any(d.severity == "error" for d in diags))
    if failed:
        bad = sum(1 for c in result.cards if not c.ok)
        _fail(f"{bad} of {len(result.cards)} card(s) could not be rendered")


def _write_render_report(
    report: str, name: str, result: RenderResult, diags: list[Diagnostic]
) -> None:
    atomic_write_text(
        Path(report),
        json.dumps(
            {
                "input": name,
                "cards": [
                    {
                        "region": c.region,
                        "date": c.date.isoformat() if c.date else None,
                        "ok": c.ok,
                    }
                    for c in result.cards
                ],
                "diagnostics": [d.to_dict() for d in diags],
            },
            ensure_ascii=False,
            indent=2,
        ),
    )


@main.command(epilog=EXAMPLES_SCAN)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print every shortcode as JSON.")
@click.option(
    "--mode",
    type=click.Choice(["lenient", "wordpress"]),
    default="lenient",
    show_default=True,
    help="lenient shows what render/convert will do; wordpress shows what WordPress itself reads.",
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="TAG",
    help=f"Shortcode tag to look for (repeatable; default {CARD_TAG}).",
)
def scan(paths: tuple[str, ...], as_json: bool, mode: Mode, tags: tuple[str, ...]) -> None:
    """List the shortcodes in text, HTML and Markdown files (or folders) and their problems."""
    from .scan import (
        MARKDOWN_SUFFIXES,
        ScanReport,
        is_export,
        iter_scan_files,
        read_text_file,
        scan_export,
        scan_text,
    )

    tags = tuple(tags) or (CARD_TAG,)
    report = ScanReport()
    for path in iter_scan_files(paths):
        report.files += 1
        try:
            if is_export(path):
                scan_export(path, report, tags=tags, mode=mode)
                continue
            text = read_text_file(path)
        except ShortcodesError as e:
            report.errors.append(
                Diagnostic(
                    "bad-input",
                    e.message,
                    "error",
                    line=e.line,
                    column=e.column,
                    file=str(path),
                    post_id=e.post_id,
                )
            )
            continue
        report.add(
            scan_text(
                text,
                file=str(path),
                tags=tags,
                mode=mode,
                markdown=path.suffix.lower() in MARKDOWN_SUFFIXES,
            )
        )
    if as_json:
        report.write_json(lambda text: click.echo(text, nl=False))
        click.echo("")
    else:
        _print_scan_table(report)
    report.close()
    for w in report.warnings:
        click.echo(str(w), err=True)
    for e in report.errors:
        click.echo(str(e), err=True)
    if report.errors:
        sys.exit(1)


EXAMPLES_CONVERT = """
\b
Examples:
  covid-shortcodes convert export.xml -o site/                  # static HTML site
  covid-shortcodes convert export.xml -o site/ --base-url https://news.example/
  covid-shortcodes convert export.xml -o blog/ --format hugo    # Hugo content/
  covid-shortcodes convert export.xml -o clean.xml --format wxr # re-import into WordPress
  covid-shortcodes convert export.xml -o site/ --include-drafts --report report.json
"""
EXAMPLES_RENDER_SITE = """
\b
Examples:
  covid-shortcodes render-site public/ --dry-run    # show the diff, change nothing
  covid-shortcodes render-site public/ --as-of 2021-06-01
"""


# More processes than this only exhausts the machine (each holds its own parser).
MAX_JOBS = 64


# How to look at what convert wrote (the folder quoted for a shell: spaces, Arabic).
_PREVIEW = {
    "html": "python3 -m http.server -d {out}",
    "hugo": "hugo server --source {out}",
    "jekyll": "jekyll serve --source {out} --destination {out}/_site",
}


def _site_url(value: str | None) -> str | None:
    """--base-url of convert: an absolute http(s) address."""
    if value is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(f"not an http(s) address: {value!r}", param_hint="--base-url")
    return value.strip()


def _progress(
    label: str,
) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A progress bar on a terminal (stderr); nothing when piped."""
    if not sys.stderr.isatty():
        return None, lambda: None
    bar = click.progressbar(length=1, label=label, file=sys.stderr, show_percent=True)
    bar.__enter__()
    state = {"last": 0}

    def update(done: int, total: int) -> None:
        bar.length = max(total, 1)
        bar.update(done - state["last"])
        state["last"] = done

    return update, lambda: bar.__exit__(None, None, None)


@main.command(epilog=EXAMPLES_CONVERT)
@click.argument("export", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="Output folder (html, hugo, jekyll) or file (wxr).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "hugo", "jekyll", "wxr"]),
    default="html",
    show_default=True,
    help="What to write.",
)
@click.option(
    "--include-drafts",
    is_flag=True,
    help="Also convert drafts, pending, private and future posts (marked as drafts).",
)
@click.option(
    "--include-protected",
    is_flag=True,
    help="Also publish the text of password-protected posts (by default their pages "
    "only say that they are protected, and nothing of them is written elsewhere).",
)
@click.option(
    "--post-types",
    default="post,page",
    show_default=True,
    help="Comma-separated post types to convert (attachments are never pages).",
)
@click.option(
    "--images",
    type=click.Choice(["keep", "download"]),
    default="keep",
    show_default=True,
    help="keep image URLs as they are, or download inline images and uploads into the "
    "site (4 at a time, with retries) and point the pages at the copies.",
)
@click.option(
    "--body",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    show_default=True,
    help="hugo, jekyll: post bodies in Markdown (HTML kept where Markdown cannot say "
    "it), or as the HTML WordPress printed.",
)
@click.option(
    "--bundles",
    is_flag=True,
    help="hugo: each post a page bundle (<slug>/index.md), with the images of "
    "--images download beside it, linked by name. Jekyll has no bundles: its images "
    "stay in uploads/, which it copies to the site as they are.",
)
@_apply(render_options)
@convert_data_option
@click.option(
    "--report",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write every post, card, warning and error to this JSON file.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1, max=MAX_JOBS),
    default=None,
    help="Processes that render posts [default: one per CPU, at most 4, for exports "
    "over 4 MiB; 1 for --format wxr and live data]. The output is the same for any value.",
)
@click.option(
    "--base-url",
    "site_url",
    default=None,
    metavar="URL",
    callback=lambda ctx, param, value: _site_url(value),
    help="Where the site will be served (https://example.com/blog/): absolute links in "
    "feeds, sitemap and canonical tags; Hugo's baseURL, Jekyll's url and baseurl, and "
    "the path links start with [default: the export's own address]. "
    "(The live data API is --api-url.)",
)
@click.option(
    "--posts-per-page",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="html: posts on each page of the home page and archives.",
)
@click.option("--no-search", is_flag=True, help="html: build no search index (Pagefind).")
@click.option("-q", "--quiet", is_flag=True, help="No warnings on stderr, only the summary.")
def convert(
    export: str,
    output: str,
    fmt: Literal["html", "hugo", "jekyll", "wxr"],
    include_drafts: bool,
    include_protected: bool,
    post_types: str,
    images: Literal["keep", "download"],
    body: Literal["markdown", "html"],
    bundles: bool,
    mode: Mode,
    as_of: dt.date | Literal["latest"] | None,
    locale: str | None,
    timezone: str,
    digits: Literal["latin", "arabic"],
    trend: bool,
    strict: bool,
    data: str,
    api_url: str | None,
    no_cache: bool,
    report: str | None,
    jobs: int | None,
    site_url: str | None,
    posts_per_page: int,
    no_search: bool,
    quiet: bool,
) -> None:
    """Convert a WordPress export (WXR) to a static site, Hugo/Jekyll Markdown or a clean WXR.

    Cards show the figures of each post's publication day unless --as-of says otherwise.
    """
    from .convert import ConvertOptions
    from .convert import convert as run_convert
    from .site import SiteOptions

    statuses = ("publish",) + (("draft", "pending", "private", "future") if include_drafts else ())
    wanted_types = tuple(dict.fromkeys(t.strip() for t in post_types.split(",") if t.strip()))
    if not wanted_types:
        raise click.BadParameter(
            "name at least one post type (e.g. post,page)", param_hint="--post-types"
        )
    if bundles and fmt != "hugo":
        raise click.BadParameter(
            "page bundles are Hugo's (Jekyll and html keep images in uploads/)",
            param_hint="--bundles",
        )
    if images == "download":
        _check_network_settings(live=False)
    try:
        provider, data_diags = open_provider(
            data, strict=strict, base_url=api_url, no_cache=no_cache
        )
        options = ConvertOptions(
            format=fmt,
            statuses=statuses,
            post_types=wanted_types,
            mode=mode,
            as_of=as_of,
            images=images,
            jobs=jobs,
            body=body,
            bundles=bundles,
            include_protected=include_protected,
            site=SiteOptions(site_url, posts_per_page, not no_search),
            # --as-of is per post here (ConvertOptions.as_of), not one day for all.
            render=_render_options(locale, timezone, digits, None, trend, strict),
        )
        if not Path(export).is_file():
            what = "not a regular file" if Path(export).exists() else "no such file"
            raise BadInput(what, file=export)
        update, close = _progress("converting")
        # A supervisor's SIGTERM ends the run as Ctrl-C does: with the summary and report.
        term = signal.signal(signal.SIGTERM, _interrupt)
        try:
            result = run_convert(export, output, options, provider=provider, progress=update)
        finally:
            signal.signal(signal.SIGTERM, term)
            close()
        data_diags += _as_of_warnings(as_of, provider) + _data_warnings(provider)
    except ShortcodesError as e:
        _fail(str(e))
    _echo_diagnostics(data_diags, quiet)
    failed_posts = []
    types_found: set[str] = set()
    for post in result.posts:
        types_found.add(post.post_type)
        _echo_diagnostics(post.diagnostics, quiet)
        if post.failed:
            failed_posts.append(post)
    from .writers import writer_class

    writer = writer_class(fmt)
    asked = click.get_current_context().get_parameter_source("post_types")
    if not writer.every_item and types_found and asked is not click.core.ParameterSource.DEFAULT:
        for wanted in wanted_types:
            if wanted not in types_found:
                click.echo(
                    f"warning: no item of type {wanted!r} in the export (it has "
                    f"{', '.join(sorted(types_found))}) [unknown-post-type]",
                    err=True,
                )
    for err in result.errors:
        click.echo(str(err), err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for failure in result.images_failed:
        click.echo(f"warning: image not downloaded ({failure.reason}): {failure.url}", err=True)
    t = result.totals()
    click.echo(
        f"{t['written']} written, {t['skipped']} skipped, {t['failed']} failed "
        f"({t['items']} items{_files_note(writer, result)}); "
        f"{t['cards']} card(s), {t['cards_failed']} without data; "
        f"{t['warnings']} warning(s)"
        + (
            f"; {t['images_saved']} image(s) downloaded, {t['images_failed']} failed"
            if images == "download"
            else ""
        )
        + f" → {output}",
        err=True,
    )
    if failed_posts:
        click.echo(f"failed: {_posts_named(failed_posts)}", err=True)
    if t["written"] and fmt in _PREVIEW:
        click.echo("preview: " + _PREVIEW[fmt].format(out=shlex.quote(str(output))), err=True)
    if report:
        try:
            result.write_json(report)
        except ShortcodesError as e:
            _fail(str(e))
    if result.failed:
        sys.exit(1)


def _files_note(writer: type[Writer], result: ConvertReport) -> str:
    """What "written" counts is posts: the files on disk besides them, said plainly."""
    if writer.one_file:
        return " in one export file" if result.totals()["written"] else ""
    files = getattr(result, "files", None)
    return f", {len(files)} files in the site" if files else ""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _posts_named(posts: list[PostReport], most: int = 20) -> str:
    """Posts by id and title, the first `most` of them."""
    named = [f"post {p.id} ({p.title[:40]!r})" if p.title else f"post {p.id}" for p in posts]
    more = len(named) - most
    return ", ".join(named[:most]) + (f" and {more} more (see --report)" if more > 0 else "")


@main.command("render-site", epilog=EXAMPLES_RENDER_SITE)
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@click.option("--dry-run", is_flag=True, help="Print a diff of what would change; write nothing.")
@_apply(render_options)
@data_option
@click.option("-q", "--quiet", is_flag=True, help="No warnings on stderr.")
def render_site_cmd(
    directory: str,
    dry_run: bool,
    mode: Mode,
    as_of: dt.date | Literal["latest"] | None,
    locale: str | None,
    timezone: str,
    digits: Literal["latin", "arabic"],
    trend: bool,
    strict: bool,
    data: str,
    api_url: str | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Replace leftover card shortcodes in a migrated site's .html/.md files, in place."""
    from .render import CardRenderer
    from .render_site import render_site

    try:
        provider, data_diags = open_provider(
            data, strict=strict, base_url=api_url, no_cache=no_cache
        )
        renderer = CardRenderer(
            provider,
            _render_options(locale, timezone, digits, as_of, trend, strict),
        )
        result = render_site(directory, renderer, mode=mode, dry_run=dry_run, as_of=as_of)
        data_diags += _as_of_warnings(as_of, provider) + _data_warnings(provider)
    except ShortcodesError as e:
        _fail(str(e))
    _echo_diagnostics(data_diags, quiet)
    for change in result.changed:
        _echo_diagnostics(change.diagnostics, quiet)
        if dry_run and change.diff:
            click.echo(change.diff, nl=False)
    for err in result.errors:
        click.echo(str(err), err=True)
    cards = sum(c.cards for c in result.changed)
    verb = "would change" if dry_run else "changed"
    click.echo(f"{len(result.changed)} of {result.files} file(s) {verb}; {cards} card(s)", err=True)
    if result.failed:
        sys.exit(1)


EXAMPLES_FETCH = """
\b
Examples:
  covid-shortcodes fetch -o figures.csv.gz                      # EG, AE, PS and the world
  covid-shortcodes fetch --regions all -o all.csv.gz
  covid-shortcodes fetch --api-url http://127.0.0.1:8080/v3/covid-19 -o figures.csv.gz
  covid-shortcodes render post.html --data figures.csv.gz
"""


@main.command(epilog=EXAMPLES_FETCH)
@click.option(
    "--regions",
    default="EG,AE,PS,world",
    show_default=True,
    help="Comma-separated ISO codes and/or 'world', or 'all'.",
)
@click.option(
    "--api-url",
    default=None,
    metavar="URL",
    callback=_api_url,
    help="disease.sh v3 API base (default: $COVID_SHORTCODES_API_URL or disease.sh).",
)
@_OLD_API_URL
@click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Snapshot file to write (.csv.gz compressed).",
)
def fetch(regions: str, api_url: str | None, no_cache: bool, output: str) -> None:
    """Fetch daily figures from a disease.sh API into a snapshot file for --data."""
    from .data.fetch import fetch_snapshot, parse_regions
    from .data.live import DiseaseShClient

    _check_network_settings(api_url)
    try:
        codes = parse_regions(regions)
        with DiseaseShClient(api_url, no_cache=no_cache) as client:
            snapshot, diags = fetch_snapshot(client, codes)
        snapshot.save(output)
    except ShortcodesError as e:
        _fail(str(e))
    _echo_diagnostics(diags)
    click.echo(
        f"{len(snapshot.regions)} region(s), {snapshot.first_date} … {snapshot.last_date} "
        f"→ {output}",
        err=True,
    )


def _print_scan_table(report: ScanReport) -> None:
    for item in report.records():
        where = f"{item['file']}:{item['line']}:{item['column']}"
        if item.get("post_id") is not None:
            where += f" (post {item['post_id']})"
        diagnostics = item["diagnostics"]
        state = (
            "escaped, left literal"
            if item["escaped"]
            else (f"{len(diagnostics)} problem(s)" if diagnostics else "ok")
        )
        attributes = item["attributes"]
        attrs = " ".join(f"{k}={v!r}" for k, v in attributes[:4])
        if len(attributes) > 4:
            attrs += f" … (+{len(attributes) - 4})"
        click.echo(f"{where}  [{item['tag']}]  {state}")
        if attrs:
            click.echo(f"    {attrs}")
        for d in diagnostics:
            click.echo(f"    {d['severity']}: {d['message']} [{d['code']}]")
    totals = report.totals()
    click.echo("")
    click.echo(
        f"{totals['shortcodes']} shortcode(s), {totals['escaped']} escaped, "
        f"{totals['with_problems']} with problems, in {totals['files']} file(s)"
        + (f"; {totals['errors']} file error(s)" if totals["errors"] else "")
    )
    codes = {k.split(":", 1)[1]: v for k, v in totals.items() if k.startswith("diagnostic:")}
    if codes:
        click.echo("problems: " + ", ".join(f"{k} ×{v}" for k, v in codes.items()))


if __name__ == "__main__":
    main()
