"""The site-wide dynamic blocks (archives, calendar, categories, tag cloud, search,
comments, social links…), ported from wp-includes/blocks/*.php and
wp-includes/general-template.php / category-template.php of WordPress 7.1.

WordPress answers them from its database; here the export's `ContentContext` stands in
(published posts, terms, approved comments), as WordPress showed them with plain
permalinks (`/?m=202402`, which the static site's writers map to their new pages).
What needs a live server (log-in, comment form, remote feeds) is reported, not faked.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import html as _html
import json
import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .block_supports import block_type, get_block_wrapper_attributes, wp_style_engine_get_styles
from .formatting import wpautop, wptexturize
from .html_api import TagProcessor, esc_attr
from .kses import safecss_filter_attr, wp_kses_bad_protocol
from .php import intval, php_string

if TYPE_CHECKING:
    from .blocks import BlockRenderer, ParsedBlock, RenderCallback
    from .context import CommentSummary, TermSummary

_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
START_OF_WEEK = 1  # get_option('start_of_week') of a fresh install: Monday


# -- helpers shared by the blocks below ---------------------------------------------------


def _wrapper(block: ParsedBlock, classes: str = "", **extra: str) -> str:
    return get_block_wrapper_attributes(block, {"class": classes, **extra} if classes else extra)


def _defaults(block: ParsedBlock) -> dict:
    bt = block_type(block.name)
    return dict(bt[2]) if bt else {}


def _dig(value: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _report(renderer: BlockRenderer, block: ParsedBlock, message: str) -> None:
    renderer.state.diagnostics.append(("dynamic-block", message, block.offset))


def esc_url(url: str) -> str:
    """esc_url() for a URL this module built: `&` as WordPress prints it in HTML."""
    return url.replace("&amp;", "&").replace("&", "&#038;").replace("'", "&#039;")


def _home(renderer: BlockRenderer) -> str:
    return renderer.context.site.home


def _published(renderer: BlockRenderer) -> Iterable:
    """The published posts (read as iterated: callers memoise what they make of them)."""
    from .dynamic_blocks import _published as published

    return published(renderer, "post")


def _natural_key(text: str) -> list[tuple[int, int, str]]:
    """strnatcasecmp() order: case and whitespace ignored, digit runs as numbers."""
    text = "".join(text.split()).lower()
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", text)]


def dropdown_script(function: str, dropdown_id: str, home: str, body: str) -> str:
    """The inline script WordPress prints after an archives or categories dropdown
    (wp_get_inline_script_tag of the function's ob_start() text, trimmed)."""
    exports = json.dumps([dropdown_id, home], separators=(",", ":"))
    exports = exports.replace("<", "\\u003C").replace(">", "\\u003E")  # JSON_HEX_TAG
    text = f"( ( [ dropdownId, homeUrl ] ) => {{\n{body}\t}} )( {exports} );"
    return f"<script>\n{text}\n//# sourceURL={function}\n</script>\n"


_NAVIGATE_ON_CHANGE = """\
		const dropdown = document.getElementById( dropdownId );
		function onSelectChange() {
			setTimeout( () => {
				if ( 'escape' === dropdown.dataset.lastkey ) {
					return;
				}
%s			}, 250 );
		}
		function onKeyUp( event ) {
			if ( 'Escape' === event.key ) {
				dropdown.dataset.lastkey = 'escape';
			} else {
				delete dropdown.dataset.lastkey;
			}
		}
		function onClick() {
			delete dropdown.dataset.lastkey;
		}
		dropdown.addEventListener( 'keyup', onKeyUp );
		dropdown.addEventListener( 'click', onClick );
		dropdown.addEventListener( 'change', onSelectChange );
"""
_ARCHIVES_GO = """\
				if ( dropdown.value ) {
					location.href = dropdown.value;
				}
"""
_CATEGORIES_GO = """\
				// Only navigate if a valid term is selected (not the default "Select [taxonomy]" option)
				if ( dropdown.value && dropdown.value !== '-1' && dropdown instanceof HTMLSelectElement ) {
					const url = new URL( homeUrl );
					url.searchParams.set( dropdown.name, dropdown.value );
					location.href = url.href;
				}
"""  # noqa: E501 (WordPress's script, as it prints it)


# -- core/archives: wp_get_archives() -------------------------------------------------------


def get_archives_link(
    url: str, text: str, fmt: str = "html", before: str = "", after: str = ""
) -> str:

    text, url = wptexturize(text), esc_url(url)
    if fmt == "option":
        return f"\t<option value='{url}'>{before} {text} {after}</option>\n"
    if fmt == "html":
        return f"\t<li>{before}<a href='{url}'>{text}</a>{after}</li>\n"
    return f"\t{before}<a href='{url}'>{text}</a>{after}\n"


def mysql_week(day: dt.date, start_of_week: int = START_OF_WEEK) -> int:
    """MySQL's WEEK() as _wp_mysql_week() asks for it (mode 1 for Monday, else mode 0
    on the date moved back by the start of the week)."""
    if start_of_week == 1:  # mode 1: Monday first; week 1 has 4 or more days of the year
        jan1 = dt.date(day.year, 1, 1)
        first = jan1 - dt.timedelta(days=jan1.weekday())
        if jan1.weekday() > 3:
            first += dt.timedelta(days=7)
        return 0 if day < first else (day - first).days // 7 + 1
    if start_of_week:
        day -= dt.timedelta(days=start_of_week)
    jan1 = dt.date(day.year, 1, 1)  # mode 0: Sunday first; week 1 has the first Sunday
    first = jan1 + dt.timedelta(days=(6 - jan1.weekday()) % 7)
    return 0 if day < first else (day - first).days // 7 + 1


def get_weekstartend(day: dt.date, start_of_week: int = START_OF_WEEK) -> tuple[dt.date, dt.date]:
    weekday = (day.weekday() + 1) % 7  # PHP's 'w': Sunday is 0
    if weekday < start_of_week:
        weekday += 7
    start = day - dt.timedelta(days=weekday - start_of_week)
    return start, start + dt.timedelta(days=6)


def wp_get_archives(
    renderer: BlockRenderer, kind: str = "monthly", fmt: str = "html", show_count: bool = False
) -> str:
    """wp_get_archives() for published posts, newest first, with plain permalinks."""
    ctx = renderer.context
    home = _home(renderer)

    def groups() -> list[tuple[tuple, dt.datetime, int]]:
        # GROUP BY the period, ORDER BY post_date DESC: MySQL keeps the first row it
        # met of each group (the lowest id) for the group's date.
        found: dict[tuple, list] = {}
        for post in renderer.context.in_order("post", "id", False):
            if post.date is None:
                continue
            d = post.date
            key = {
                "monthly": (d.year, d.month),
                "yearly": (d.year,),
                "daily": (d.year, d.month, d.day),
                "weekly": (mysql_week(d.date()), d.year),
            }[kind]
            entry = found.setdefault(key, [d, 0])
            entry[1] += 1
        return sorted(((k, d, n) for k, (d, n) in found.items()), key=lambda g: g[1], reverse=True)

    out = []
    for key, first, count in ctx.memo(("archives", kind), groups):
        after = f"&nbsp;({count})" if show_count else ""
        if kind == "monthly":
            url, text = f"{home}/?m={key[0]:04d}{key[1]:02d}", f"{_MONTHS[key[1] - 1]} {key[0]}"
        elif kind == "yearly":
            url, text = f"{home}/?m={key[0]:04d}", str(key[0])
        elif kind == "daily":
            url = f"{home}/?m={key[0]:04d}{key[1]:02d}{key[2]:02d}"
            text = ctx.format_date(ctx.site.date_format, dt.datetime(*key))
        else:
            start, end = get_weekstartend(first.date())
            fmt_ = ctx.site.date_format
            text = (
                ctx.format_date(fmt_, dt.datetime(start.year, start.month, start.day))
                + "&#8211;"
                + ctx.format_date(fmt_, dt.datetime(end.year, end.month, end.day))
            )
            url = f"{home}/?m={key[1]}&w={key[0]}"
        out.append(get_archives_link(url, text, fmt, "", after))
    return "".join(out)


def render_block_core_archives(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    show_count = bool(attrs.get("showPostCounts"))
    kind = attrs.get("type") or "monthly"
    if kind not in ("monthly", "yearly", "daily", "weekly"):
        kind = "monthly"  # postbypost/alpha are not offered by the block
    if attrs.get("displayAsDropdown"):
        dropdown_id = renderer.state.unique_id("wp-block-archives-")
        archives = wp_get_archives(renderer, kind, "option", show_count)
        label = {
            "yearly": "Select Year",
            "monthly": "Select Month",
            "daily": "Select Day",
            "weekly": "Select Week",
        }[kind]
        hidden = "" if attrs.get("showLabel", True) else " screen-reader-text"
        body = (
            f'<label for="{dropdown_id}" class="wp-block-archives__label{hidden}">'
            "Archives</label>\n"
            f'\t\t<select id="{esc_attr(dropdown_id)}" name="archive-dropdown">\n'
            f'\t\t<option value="">{label}</option>{archives}</select>'
        )
        body += dropdown_script(
            "block_core_archives_build_dropdown_script",
            dropdown_id,
            _home(renderer),
            _NAVIGATE_ON_CHANGE % _ARCHIVES_GO,
        )
        return f"<div {_wrapper(block, 'wp-block-archives-dropdown')}>{body}</div>"
    archives = wp_get_archives(renderer, kind, "html", show_count)
    wrapper = _wrapper(block, "wp-block-archives-list")
    if not archives:
        return f"<div {wrapper}>No archives to show.</div>"
    return f"<ul {wrapper}>{archives}</ul>"


# -- core/categories: wp_list_categories() / wp_dropdown_categories() -----------------------

_TAXONOMIES = {  # label, singular name, query var
    "category": ("Categories", "Category", "category_name"),
    "post_tag": ("Tags", "Tag", "tag"),
}


def _term_counts(renderer: BlockRenderer, taxonomy: str) -> dict[str, int]:
    """Published posts per term slug (the term's `count`, computed once per export)."""
    return _all_term_counts(renderer).get(taxonomy, {})


def _all_term_counts(renderer: BlockRenderer) -> dict[str, dict[str, int]]:
    """`_term_counts` of every taxonomy, from one reading of the published posts (the
    categories and the tag cloud read them once each): a post counts once per term;
    post_tag takes the WXR 1.0 domain "tag" too; a post without a category counts for
    the default category, when the export has it."""

    def count() -> dict[str, dict[str, int]]:
        default = _default_category(renderer)
        counts: dict[str, dict[str, int]] = {}

        def add(taxonomy: str, slugs: set[str]) -> None:
            into = counts.setdefault(taxonomy, {})
            for slug in slugs:
                into[slug] = into.get(slug, 0) + 1

        for post in _published(renderer):
            by: dict[str, set[str]] = {}
            for tax, slug, _ in post.terms:
                by.setdefault(tax, set()).add(slug)
            for tax, slugs in by.items():
                if tax != "post_tag":
                    add(tax, slugs)
            tags = by.get("post_tag", set()) | by.get("tag", set())
            if tags:
                add("post_tag", tags)
            if "category" not in by and default:
                add("category", {default})
        return counts

    return renderer.context.memo("term-counts", count)


def _default_category(renderer: BlockRenderer) -> str | None:
    """The category WordPress's importer gives a post that has none (the default
    category, 'uncategorized'), when the export has it: its archive exists."""
    found = any(
        t.taxonomy == "category" and t.slug == "uncategorized" for t in renderer.context.terms
    )
    return "uncategorized" if found else None


def _padded_counts(renderer: BlockRenderer, taxonomy: str) -> dict[str, int]:
    """_pad_term_counts(): a term's published posts and its descendants', each post
    counted once."""
    ctx = renderer.context

    def count() -> dict[str, int]:
        parents = {t.slug: t.parent for t in ctx.terms if t.taxonomy == taxonomy}
        default = _default_category(renderer) if taxonomy == "category" else None
        counts: dict[str, int] = {}
        for post in _published(renderer):
            found: set[str] = set()
            own = [slug for tax, slug, _ in post.terms if tax == taxonomy]
            for slug in own or ([default] if default else []):
                while slug and slug not in found:
                    found.add(slug)
                    slug = parents.get(slug, "")
            for slug in found:
                counts[slug] = counts.get(slug, 0) + 1
        return counts

    return ctx.memo(("padded-term-counts", taxonomy), count)


def get_term_link(renderer: BlockRenderer, taxonomy: str, slug: str) -> str:
    """get_term_link() with pretty permalinks: a category's path holds its ancestors'
    slugs (/category/parent/child/), as WordPress's hierarchical rewrite does."""
    ctx = renderer.context
    base = {"category": "category", "post_tag": "tag"}.get(taxonomy, taxonomy)
    chain = [slug]
    if taxonomy == "category":
        parents = ctx.memo(
            "category-parents",
            lambda: {t.slug: t.parent for t in ctx.terms if t.taxonomy == "category"},
        )
        seen = {slug}
        while (parent := parents.get(chain[0])) and parent not in seen:
            seen.add(parent)
            chain.insert(0, parent)
    return f"{ctx.site.home}/{base}/{'/'.join(chain)}/"


def _category_tree(
    renderer: BlockRenderer, a: dict, taxonomy: str
) -> tuple[list[TermSummary], dict[str, list[TermSummary]], dict[str, int]]:
    """The terms get_terms() returns for the block, ordered by name, as (top, children,
    counts): padded counts (a parent's include its children's) when hierarchical."""
    ctx = renderer.context
    counts = _term_counts(renderer, taxonomy)
    terms = [t for t in ctx.terms if t.taxonomy == taxonomy]
    hierarchical = bool(a.get("showHierarchy"))
    if hierarchical and a.get("showPostCounts"):
        counts = _padded_counts(renderer, taxonomy)
    if not a.get("showEmpty"):
        keep = {t.slug for t in terms if counts.get(t.slug)}
        if hierarchical:  # an empty parent of a listed child stays
            by_slug = {t.slug: t for t in terms}
            for slug in list(keep):
                parent = by_slug[slug].parent
                while parent in by_slug and parent not in keep:
                    keep.add(parent)
                    parent = by_slug[parent].parent
        terms = [t for t in terms if t.slug in keep]
    if a.get("showOnlyTopLevel"):
        terms = [t for t in terms if not t.parent]
    terms.sort(key=lambda t: t.name.lower())
    slugs = {t.slug for t in terms}
    children: dict[str, list] = {}
    top = []
    for t in terms:
        if hierarchical and t.parent and t.parent in slugs:
            children.setdefault(t.parent, []).append(t)
        else:
            top.append(t)
    return top, children, counts


def render_block_core_categories(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    a = {**_defaults(block), **attrs}
    block_id = renderer.state.unique_prefixed_id("wp-block-categories-")  # static $block_id
    taxonomy = str(a.get("taxonomy") or "category")
    label, singular, query_var = _TAXONOMIES.get(taxonomy, (taxonomy, taxonomy, taxonomy))
    top, children, counts = _category_tree(renderer, a, taxonomy)
    if a.get("displayAsDropdown"):
        options = []

        def walk(level: list, depth: int) -> None:
            for t in level:
                count = f"&nbsp;&nbsp;({counts.get(t.slug, 0)})" if a.get("showPostCounts") else ""
                options.append(
                    f'\t<option class="level-{depth}" value="{esc_attr(t.slug)}">'
                    f"{'&nbsp;' * (depth * 3)}{_html.escape(t.name, quote=False)}{count}</option>\n"
                )
                walk(children.get(t.slug, []), depth + 1)

        walk(top, 0)
        none = f"Select {singular}"
        if options:
            select = f"\t<option value='-1'>{none}</option>\n" + "".join(options)
        else:
            select = f"\t<option value='-1' selected='selected'>{none}</option>\n"
        select = (
            f"<select  name='{query_var}' id='{block_id}' class='postform'>\n{select}</select>\n"
        )
        select = select.replace(
            "</select>",
            "</select>"
            + dropdown_script(
                "build_dropdown_script_block_core_categories",
                block_id,
                _home(renderer),
                _NAVIGATE_ON_CHANGE % _CATEGORIES_GO,
            ),
            1,
        )
        hidden = "" if a.get("showLabel", True) else " screen-reader-text"
        text = _label_text(a["label"]) if a.get("label") else label
        wrapper = _wrapper(
            block, f"wp-block-categories-dropdown wp-block-categories-taxonomy-{taxonomy}"
        )
        return (
            f'<div {wrapper}><label class="wp-block-categories__label{hidden}" '
            f'for="{esc_attr(block_id)}">{text}</label>{select}</div>'
        )

    def items(level: list, depth: int) -> str:
        out = []
        indent = "\t" * (depth + 1)
        for t in level:
            link = esc_attr(get_term_link(renderer, taxonomy, t.slug))
            count = f" ({counts.get(t.slug, 0)})" if a.get("showPostCounts") else ""
            out.append(
                f'{indent}<li class="cat-item cat-item-{t.term_id}"><a href="{link}">'
                f"{_html.escape(t.name, quote=False)}</a>{count}\n"
            )
            if t.slug in children:
                out.append(f"{indent}<ul class='children'>\n{items(children[t.slug], depth + 1)}")
                out.append(f"{indent}</ul>\n")
            out.append(f"{indent[:-1]}</li>\n" if depth else "</li>\n")
        return "".join(out)

    none = {"category": "No categories", "post_tag": "No tags"}.get(taxonomy, "No terms")
    listing = items(top, 0) if top else f'<li class="cat-item-none">{none}</li>'
    wrapper = _wrapper(block, f"wp-block-categories-list wp-block-categories-taxonomy-{taxonomy}")
    return f"<ul {wrapper}>{listing}</ul>"


# -- core/tag-cloud: wp_tag_cloud() ----------------------------------------------------------


def render_block_core_tag_cloud(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    a = {**_defaults(block), **attrs}
    smallest_text = str(a.get("smallestFontSize") or "8pt")
    m = re.match(r"^[0-9.]+(?P<unit>[a-z%]+)$", smallest_text, re.I)
    unit = m["unit"] if m else "pt"
    smallest, largest = _floatval(smallest_text), _floatval(str(a.get("largestFontSize") or "22pt"))
    taxonomy = str(a.get("taxonomy") or "post_tag")
    counts = _term_counts(renderer, taxonomy)
    tags = [t for t in renderer.context.terms if t.taxonomy == taxonomy and counts.get(t.slug)]
    # get_terms(): the top tags by count (number of them), then sorted by name.
    tags.sort(key=lambda t: -counts[t.slug])
    number = int(a.get("numberOfTags") or 45)
    tags = tags[:number] if number > 0 else tags
    tags.sort(key=lambda t: _natural_key(t.name))
    if not tags:
        return ""
    scaled = [round(math.log10(counts[t.slug] + 1) * 100) for t in tags]
    low = min(scaled)
    spread = max(scaled) - low or 1
    font_spread = largest - smallest
    if font_spread < 0:
        font_spread = 1
    step = font_spread / spread
    show_count = bool(a.get("showTagCounts"))
    links = []
    for position, (t, scale) in enumerate(zip(tags, scaled, strict=True), 1):
        real = counts[t.slug]
        formatted = f"{real} item" if real == 1 else f"{real} items"
        # WordPress labels a link when `$args['show_count'] || 0 !== $font_spread`: the
        # block's sizes are floats (floatVal) and 0 !== 0.0 in PHP, so always here.
        aria = f' aria-label="{esc_attr(t.name)} ({esc_attr(formatted)})"'
        size = php_string(smallest + (scale - low) * step).replace(",", ".")
        link = esc_url(get_term_link(renderer, taxonomy, t.slug))
        counted = f'<span class="tag-link-count"> ({real})</span>' if show_count else ""
        links.append(
            f'<a href="{link}" class="tag-cloud-link tag-link-{t.term_id} '
            f'tag-link-position-{position}" style="font-size: {esc_attr(size + unit)};"{aria}>'
            f"{_html.escape(t.name, quote=False)}{counted}</a>"
        )
    return f"<p {_wrapper(block)}>{chr(10).join(links)}</p>"


def _floatval(text: str) -> float:
    """PHP's floatval(): the leading number of the text, else 0."""
    m = re.match(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text)
    return float(m[0]) if m else 0.0


# -- core/calendar: get_calendar() ------------------------------------------------------------


def _now(renderer: BlockRenderer) -> dt.datetime:
    """current_time(): the moment of the conversion (a context may fix it, for tests)."""
    fixed = renderer.context.now
    return fixed if fixed is not None else dt.datetime.now(dt.timezone.utc)


def get_calendar(renderer: BlockRenderer, initial: bool = True) -> str:
    """The month of the conversion, its days with posts linked, and links to the
    nearest earlier and later months with posts: what WordPress showed that day."""
    now = _now(renderer)
    year, month = now.year, now.month
    last_day = _calendar.monthrange(year, month)[1]
    start = dt.datetime(year, month, 1)
    end = dt.datetime(year, month, last_day, 23, 59, 59)

    def month_of() -> tuple[bool, dt.datetime | None, dt.datetime | None, set[int]]:
        # The published posts' dates around this month (once per export and month).
        found, earlier, later, days = False, None, None, set()
        for p in _published(renderer):
            if p.date is None:
                continue
            found, d = True, p.date.replace(tzinfo=None)
            if d < start:
                earlier = d if earlier is None or d > earlier else earlier
            elif d > end:
                later = d if later is None or d < later else later
            else:
                days.add(d.day)
        return found, earlier, later, days

    found, earlier, later, days = renderer.context.memo(("calendar", year, month), month_of)
    if not found:
        return ""
    home = _home(renderer)
    out = [
        '<table id="wp-calendar" class="wp-calendar-table">\n'
        f"\t<caption>{_MONTHS[month - 1]} {year}</caption>\n\t<thead>\n\t<tr>"
    ]
    for i in range(7):
        name = _WEEKDAYS[(i + START_OF_WEEK) % 7]
        short = name[0] if initial else name[:3]
        out.append(f'\n\t\t<th scope="col" aria-label="{esc_attr(name)}">{short}</th>')
    out.append("\n\t</tr>\n\t</thead>\n\t<tbody>\n\t<tr>")

    def week_mod(num: int) -> int:
        return num - 7 * math.floor(num / 7)

    def php_w(day: int) -> int:
        return (dt.date(year, month, day).weekday() + 1) % 7

    pad = week_mod(php_w(1) - START_OF_WEEK)
    if pad > 0:
        out.append(f'\n\t\t<td colspan="{pad}" class="pad">&nbsp;</td>')
    newrow = False
    for day in range(1, last_day + 1):
        if newrow:
            out.append("\n\t</tr>\n\t<tr>\n\t\t")
        newrow = False
        today = (now.year, now.month, now.day) == (year, month, day)
        out.append('<td id="today">' if today else "<td>")
        if day in days:
            label = f"Posts published on {_MONTHS[month - 1]} {day}, {year}"
            url = esc_url(f"{home}/?m={year:04d}{month:02d}{day:02d}")
            out.append(f'<a href="{url}" aria-label="{esc_attr(label)}">{day}</a>')
        else:
            out.append(str(day))
        out.append("</td>")
        if week_mod(php_w(day) - START_OF_WEEK) == 6:
            newrow = True
    pad = 7 - week_mod((php_w(last_day) + 1) % 7 - START_OF_WEEK)
    if 0 < pad < 7:
        out.append(f'\n\t\t<td class="pad" colspan="{pad}">&nbsp;</td>')
    out.append("\n\t</tr>\n\t</tbody>\n\t</table>")
    out.append('<nav aria-label="Previous and next months" class="wp-calendar-nav">')
    if earlier is not None:
        url = esc_url(f"{home}/?m={earlier.year:04d}{earlier.month:02d}")
        out.append(
            f'\n\t\t<span class="wp-calendar-nav-prev"><a href="{url}">'
            f"&laquo; {_MONTHS[earlier.month - 1][:3]}</a></span>"
        )
    else:
        out.append('\n\t\t<span class="wp-calendar-nav-prev">&nbsp;</span>')
    out.append('\n\t\t<span class="pad">&nbsp;</span>')
    if later is not None:
        url = esc_url(f"{home}/?m={later.year:04d}{later.month:02d}")
        out.append(
            f'\n\t\t<span class="wp-calendar-nav-next"><a href="{url}">'
            f"{_MONTHS[later.month - 1][:3]} &raquo;</a></span>"
        )
    else:
        out.append('\n\t\t<span class="wp-calendar-nav-next">&nbsp;</span>')
    out.append("\n\t</nav>")
    return "".join(out)


def render_block_core_calendar(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:

    calendar = renderer.context.memo(
        ("calendar", _now(renderer).strftime("%Y%m%d")), lambda: get_calendar(renderer)
    )
    if not calendar:
        return ""  # no published posts: WordPress shows the block to logged-in users only
    text = f"var:preset|color|{attrs['textColor']}" if "textColor" in attrs else None
    background = (
        f"var:preset|color|{attrs['backgroundColor']}" if "backgroundColor" in attrs else None
    )
    colors = {
        "text": text or _dig(attrs, "style", "color", "text"),
        "background": background or _dig(attrs, "style", "color", "background"),
    }
    classes, css = wp_style_engine_get_styles({"color": {k: v for k, v in colors.items() if v}})
    inline = f' style="{esc_attr(css)}"' if css else ""
    names = f" {esc_attr(' '.join(classes))}" if classes else ""
    if _dig(attrs, "style", "elements", "link", "color", "text") is not None:
        names += " has-link-color"
    calendar = calendar.replace("<table", "<table" + inline)
    calendar = calendar.replace('class="wp-calendar-table', 'class="wp-calendar-table' + names)
    return f"<div {_wrapper(block)}>{calendar}</div>"


ARCHIVE_BLOCKS: dict[str, RenderCallback] = {
    "core/archives": render_block_core_archives,
    "core/categories": render_block_core_categories,
    "core/tag-cloud": render_block_core_tag_cloud,
    "core/calendar": render_block_core_calendar,
}


# -- core/search ------------------------------------------------------------------------------

_SEARCH_ICON = """<svg class="search-icon" viewBox="0 0 24 24" width="24" height="24">
					<path d="M13 5c-3.3 0-6 2.7-6 6 0 1.4.5 2.7 1.3 3.7l-3.8 3.8 1.1 1.1 3.8-3.8c1 .8 2.3 1.3 3.7 1.3 3.3 0 6-2.7 6-6S16.3 5 13 5zm0 10.5c-2.5 0-4.5-2-4.5-4.5s2-4.5 4.5-4.5 4.5 2 4.5 4.5-2 4.5-4.5 4.5z"></path>
				</svg>"""  # noqa: E501 (WordPress's markup, as it prints it)


def classnames_for_block_core_search(a: dict) -> str:
    names = []
    position = a.get("buttonPosition")
    if position:
        names += {
            "button-inside": ["wp-block-search__button-inside"],
            "button-outside": ["wp-block-search__button-outside"],
            "no-button": ["wp-block-search__no-button"],
            "button-only": ["wp-block-search__button-only wp-block-search__searchfield-hidden"],
        }.get(position, [])
    if "buttonUseIcon" in a and position and position != "no-button":
        names.append(
            "wp-block-search__icon-button" if a["buttonUseIcon"] else "wp-block-search__text-button"
        )
    return " ".join(names)


def styles_for_block_core_search(a: dict) -> dict[str, str]:
    wrapper: list[str] = []
    button: list[str] = []
    field: list[str] = []
    label: list[str] = []
    inside = a.get("buttonPosition") == "button-inside"
    show_label = "showLabel" in a and a["showLabel"] is not False
    if a.get("width") and a.get("widthUnit"):
        wrapper.append(f"width: {intval(a['width'])}{esc_attr(str(a['widthUnit']))};")
    border = _dig(a, "style", "border")
    border = border if isinstance(border, dict) else {}
    for prop in ("width", "color", "style"):
        for side in (None, "top", "right", "bottom", "left"):
            value = border.get(prop) if side is None else _dig(border, side, prop)
            if not value:
                continue
            value = str(value)
            if prop == "color" and side and "var:preset|color|" in value:
                value = f"var(--wp--preset--color--{value[value.rindex('|') + 1 :]})"
            rule = f"border-{f'{side}-{prop}' if side else prop}: {esc_attr(value)};"
            (wrapper if inside else button).append(rule)
            if not inside:
                field.append(rule)
    radius = border.get("radius")
    if radius:
        if isinstance(radius, dict):
            for key, value in radius.items():
                if isinstance(value, str) and "var:preset|border-radius|" in value:
                    value = f"var(--wp--preset--border-radius--{value[value.rindex('|') + 1 :]})"
                if value is None:
                    continue
                name = re.sub(r"(?<!^)[A-Z]", lambda m: "-" + m[0], key).lower()
                rule = f"border-{esc_attr(name)}-radius: {esc_attr(str(value))};"
                field.append(rule)
                button.append(rule)
                if inside and (intval(value) != 0 or "var(--wp--preset--border-radius--" in value):
                    wrapper.append(f"border-{name}-radius: calc({esc_attr(str(value))} + 4px);")
        else:
            text = f"{radius}px" if isinstance(radius, (int, float)) else str(radius)
            if "var:preset|border-radius|" in text:
                text = f"var(--wp--preset--border-radius--{text[text.rindex('|') + 1 :]})"
            rule = f"border-radius: {esc_attr(text)};"
            field.append(rule)
            button.append(rule)
            if inside and intval(text) != 0:
                wrapper.append(f"border-radius: calc({esc_attr(text)} + 4px);")
    colors = field if a.get("buttonPosition") == "no-button" else button
    color = _dig(a, "style", "color")
    color = color if isinstance(color, dict) else {}
    for key, prop in (
        ("text", "color"),
        ("background", "background-color"),
        ("gradient", "background"),
    ):
        if color.get(key):
            colors.append(f"{prop}: {color[key]};")
    typography = _dig(a, "style", "typography")
    typography = typography if isinstance(typography, dict) else {}
    shared = "".join(
        f"{prop}: {typography[key]};"
        for key, prop in (
            ("fontSize", "font-size"),
            ("fontFamily", "font-family"),
            ("letterSpacing", "letter-spacing"),
            ("fontWeight", "font-weight"),
            ("fontStyle", "font-style"),
            ("lineHeight", "line-height"),
            ("textTransform", "text-transform"),
        )
        if typography.get(key)
    )
    if shared:
        shared = esc_attr(shared)
        label.append(shared)
        button.append(shared)
        field.append(shared)
    if typography.get("textDecoration"):
        rule = f"text-decoration: {esc_attr(str(typography['textDecoration']))};"
        button.append(rule)
        if show_label:
            label.append(rule)

    def style(rules: list[str]) -> str:
        return f' style="{esc_attr(safecss_filter_attr(" ".join(rules)))}"' if rules else ""

    return {
        "input": style(field),
        "button": style(button),
        "wrapper": style(wrapper),
        "label": style(label),
    }


def _label_text(value: Any) -> str:
    """A label or button text of the block's attributes (WordPress: wp_kses_post). Its
    tags are dropped, not filtered: an attribute never brings markup into the page."""
    text = re.sub(r"<[^>]*>", "", str(value))
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _search_classes(a: dict) -> tuple[str, str, str]:
    """(colour, typography, border colour) classes of get_*_classes_for_block_core_search."""
    color = []
    if a.get("textColor"):
        color.append(f"has-text-color has-{a['textColor']}-color")
    elif _dig(a, "style", "color", "text"):
        color.append("has-text-color")
    if (
        a.get("backgroundColor")
        or _dig(a, "style", "color", "background")
        or a.get("gradient")
        or _dig(a, "style", "color", "gradient")
    ):
        color.append("has-background")
    if a.get("backgroundColor"):
        color.append(f"has-{a['backgroundColor']}-background-color")
    if a.get("gradient"):
        color.append(f"has-{a['gradient']}-gradient-background")
    typography = []
    if a.get("fontSize"):
        typography.append(f"has-{esc_attr(str(a['fontSize']))}-font-size")
    if a.get("fontFamily"):
        typography.append(f"has-{esc_attr(str(a['fontFamily']))}-font-family")
    border = []
    if _dig(a, "style", "border", "color") or a.get("borderColor"):
        border.append("has-border-color")
    if a.get("borderColor"):
        border.append(f"has-{esc_attr(str(a['borderColor']))}-border-color")
    return " ".join(color), " ".join(typography), " ".join(border)


def render_block_core_search(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """The search form WordPress prints. Its action is the site's home (the static
    site's writer points it at its search page); where the output has no search page
    (`RenderState.search_form` false: Hugo, Jekyll, --no-search) it is left out."""

    if not getattr(renderer.state, "search_form", True):
        _report(renderer, block, "a search form needs the site's search page; left out")
        return ""
    a = {**_defaults(block), "label": "Search", "buttonText": "Search", **attrs}
    input_id = renderer.state.unique_id("wp-block-search__input-")
    classnames = classnames_for_block_core_search(a)
    show_label = bool(a.get("showLabel"))
    use_icon = bool(a.get("buttonUseIcon"))
    position = a.get("buttonPosition")
    show_button = position != "no-button"
    styles = styles_for_block_core_search(a)
    color_classes, typography_classes, border_classes = _search_classes(a)
    inside = position == "button-inside"
    expandable = show_button and position == "button-only"

    label_html = _label_text(a["label"]) if a.get("label") else "Search"
    label = TagProcessor(f"<label {styles['label']}>{label_html}</label>")
    if label.next_tag():
        label.set_attribute("for", input_id)
        label.add_class("wp-block-search__label")
        if show_label and a.get("label"):
            if typography_classes:
                label.add_class(typography_classes)
        else:
            label.add_class("screen-reader-text")

    field = TagProcessor(f'<input type="search" name="s" required {styles["input"]}/>')
    field_classes = ["wp-block-search__input"]
    if not inside and border_classes:
        field_classes.append(border_classes)
    if typography_classes:
        field_classes.append(typography_classes)
    if not show_button and color_classes:
        field_classes.append(color_classes)
    if field.next_tag():
        field.add_class(" ".join(field_classes))
        field.set_attribute("id", input_id)
        field.set_attribute("value", "")  # get_search_query(): no query while converting
        field.set_attribute("placeholder", str(a.get("placeholder") or ""))
        if expandable:
            field.set_attribute("data-wp-bind--aria-hidden", "!context.isSearchInputVisible")
            field.set_attribute("data-wp-bind--tabindex", "state.tabindex")
            # The Interactivity API's server pass then drops `tabindex` (state.tabindex is
            # the browser's): WordPress prints aria-hidden only.
            field.set_attribute("aria-hidden", "true")

    hidden_fields = ""
    query = a.get("query")
    if isinstance(query, dict):
        for param, value in query.items():
            name, value = esc_attr(str(param)), esc_attr(str(value))
            hidden_fields += f'<input type="hidden" name="{name}" value="{value}" />'

    button_html = ""
    if show_button:
        button_classes = ["wp-block-search__button"]
        if color_classes:
            button_classes.append(color_classes)
        if typography_classes:
            button_classes.append(typography_classes)
        if not inside and border_classes:
            button_classes.append(border_classes)
        if use_icon:
            button_classes.append("has-icon")
            inner = _SEARCH_ICON
        else:
            inner = _label_text(a["buttonText"]) if a.get("buttonText") else ""
        button_classes.append("wp-element-button")
        button = TagProcessor(f'<button type="submit" {styles["button"]}>{inner}</button>')
        if button.next_tag():
            button.add_class(" ".join(button_classes))
            if expandable:
                for name, value in (
                    ("data-wp-bind--aria-label", "state.ariaLabel"),
                    ("data-wp-bind--aria-controls", "state.ariaControls"),
                    ("data-wp-bind--aria-expanded", "context.isSearchInputVisible"),
                    ("data-wp-bind--type", "state.type"),
                    ("data-wp-on--click", "actions.openSearchInput"),
                ):
                    button.set_attribute(name, value)
                # What the server pass leaves of the bound attributes (see above).
                button.set_attribute("aria-expanded", "false")
                button.remove_attribute("type")
            else:
                button.set_attribute("aria-label", re.sub(r"<[^>]*>", "", str(a["buttonText"])))
        button_html = button.get_updated_html()

    wrapper_classes = ["wp-block-search__inside-wrapper"]
    if inside and border_classes:
        wrapper_classes.append(border_classes)
    fields = (
        f'<div class="{esc_attr(" ".join(wrapper_classes))}" {styles["wrapper"]}>'
        f"{field.get_updated_html()}{hidden_fields}{button_html}</div>"
    )
    directives = ""
    if expandable:
        context = json.dumps(
            {
                "isSearchInputVisible": False,
                "inputId": input_id,
                "ariaLabelExpanded": "Submit Search",
                "ariaLabelCollapsed": "Expand search field",
            },
            separators=(",", ":"),
        )
        directives = (
            '\n\t\t data-wp-interactive="core/search"\n'
            f"\t\t data-wp-context='{esc_attr(context)}'\n"
            "\t\t data-wp-class--wp-block-search__searchfield-hidden="
            '"!context.isSearchInputVisible"\n'
            '\t\t data-wp-on--keydown="actions.handleSearchKeydown"\n'
            '\t\t data-wp-on--focusout="actions.handleSearchFocusout"\n\t\t'
        )
    wrapper = _wrapper(block, classnames)
    action = esc_attr(f"{_home(renderer)}/")
    body = label.get_updated_html() + fields
    if a.get("tagName") == "search":
        form = f'<form method="get" action="{action}">{body}</form>'
        return f"<search {wrapper} {directives}>{form}</search>"
    return (
        f'<form role="search" method="get" action="{action}" {wrapper} {directives}>{body}</form>'
    )


ARCHIVE_BLOCKS["core/search"] = render_block_core_search


# -- comments: core/latest-comments, core/comments and its inner blocks -----------------------


def get_avatar(size: int, alt: str = "", css_class: str = "", extra_attr: str = "") -> str:
    """get_avatar() without the e-mail address: Gravatar's default picture ("mystery
    person") at WordPress's markup and sizes. WordPress hashes the commenter's address
    into the URL; an export's addresses never reach the page, hashed or not."""
    url = f"https://secure.gravatar.com/avatar/?s={size}&#038;d=mm&#038;r=g"
    double = f"https://secure.gravatar.com/avatar/?s={size * 2}&#038;d=mm&#038;r=g 2x"
    classes = f"avatar avatar-{size} photo" + (f" {css_class}" if css_class else "")
    return (
        f"<img alt='{esc_attr(alt)}' src='{url}' srcset='{double}' class='{esc_attr(classes)}' "
        f"height='{size}' width='{size}' {extra_attr}/>"
    )


def _comment_author(comment: CommentSummary) -> str:
    """get_comment_author(), escaped: an export's names are untrusted."""
    name = comment.author or "Anonymous"
    return name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _post_link(renderer: BlockRenderer, post_id: int) -> str:
    ctx = renderer.context
    summary = ctx.posts.get(post_id)
    if summary is not None and summary.link:
        return summary.link
    post = renderer.post
    if post is not None and post.id == post_id and post.link:
        return post.link
    return f"{ctx.site.home}/?p={post_id}"


def get_comment_excerpt(text: str, protected: bool = False) -> str:
    from .dynamic_blocks import wp_trim_words

    if protected:
        return "Password protected"
    text = re.sub(r"<[^>]*>", "", text.replace("\n", " ").replace("\r", " "))
    return wp_trim_words(text, 20, "&hellip;")


def render_block_core_latest_comments(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    from .dynamic_blocks import get_the_title

    a = {**_defaults(block), **attrs}
    if "displayExcerpt" in a:
        display = "excerpt" if a["displayExcerpt"] else "none"
    else:
        display = a.get("displayContent") or "excerpt"
    ctx = renderer.context
    number = int(a.get("commentsToShow") or 5)
    comments = [
        c for c in ctx.comments if (p := ctx.posts.get(c.post_id)) and p.status == "publish"
    ][: max(number, 0)]
    items = []
    for c in comments:
        post = ctx.posts[c.post_id]
        item = ['<li class="wp-block-latest-comments__comment">']
        if a.get("displayAvatar"):
            item.append(get_avatar(48, "", "wp-block-latest-comments__comment-avatar"))
        item.append('<article><footer class="wp-block-latest-comments__comment-meta">')
        url = c.author_url or ""
        if not url and c.user_id:
            url = f"{ctx.site.home}/?author={c.user_id}"
        if url:
            author = (
                f'<a class="wp-block-latest-comments__comment-author" href="{esc_url(url)}">'
                f"{_comment_author(c)}</a>"
            )
        else:
            author = (
                '<span class="wp-block-latest-comments__comment-author">'
                f"{_comment_author(c)}</span>"
            )
        title = get_the_title(post.title, post.password) or "(no title)"
        link = esc_url(f"{_post_link(renderer, c.post_id)}#comment-{c.id}")
        item.append(
            f'{author} on <a class="wp-block-latest-comments__comment-link" href="{link}">'
            f"{_html.escape(title, quote=False) if '<' in title else title}</a>"
        )
        if a.get("displayDate") and c.date is not None:
            item.append(
                f'<time datetime="{esc_attr(_iso(c))}" '
                'class="wp-block-latest-comments__comment-date">'
                f"{ctx.format_date(ctx.site.date_format, c.date)}</time>"
            )
        item.append("</footer>")
        if display == "full":
            text = wpautop("Password protected") if post.password else comment_text(c.content)
            item.append(f'<div class="wp-block-latest-comments__comment-excerpt">{text}</div>')
        elif display == "excerpt":
            excerpt = get_comment_excerpt(c.content, post.password)
            item.append(
                f'<div class="wp-block-latest-comments__comment-excerpt">{wpautop(excerpt)}</div>'
            )
        item.append("</article></li>")
        items.append("".join(item))
    classes = []
    if a.get("displayAvatar"):
        classes.append("has-avatars")
    if a.get("displayDate"):
        classes.append("has-dates")
    if display != "none":
        classes.append("has-excerpts")
    if not comments:
        classes.append("no-comments")
        return f"<div {_wrapper(block, ' '.join(classes))}>No comments to show.</div>"
    return f"<ol {_wrapper(block, ' '.join(classes))}>{''.join(items)}</ol>"


def _iso(comment: CommentSummary) -> str:
    """get_comment_date('c'): the comment's local time with the site's offset (UTC)."""
    moment = comment.date
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.isoformat()


def comment_text(text: str) -> str:
    """A comment's text through the comment_text filters (texturize, smilies, autop),
    made safe first: an export's comments are untrusted, only the plain inline tags
    WordPress lets commenters use are kept (as the site's comment list does)."""
    from ..site.excerpt import comment_html
    from .formatting_more import convert_smilies

    return convert_smilies(comment_html(text))


ARCHIVE_BLOCKS["core/latest-comments"] = render_block_core_latest_comments


# -- core/social-link --------------------------------------------------------------------------

_SOCIAL_CONTEXT = (
    "openInNewTab",
    "showLabels",
    "iconColor",
    "iconColorValue",
    "iconBackgroundColor",
    "iconBackgroundColorValue",
)


def block_context(renderer: BlockRenderer, provider: str, keys: tuple[str, ...]) -> dict:
    """The context the nearest `provider` block gives its inner blocks (its attributes
    named in providesContext, with their block.json defaults)."""
    for ancestor in reversed(getattr(renderer, "ancestors", ())):
        if ancestor.name == provider:
            attrs = {**_defaults(ancestor), **ancestor.attrs}
            return {k: attrs[k] for k in keys if k in attrs}
    return {}


def block_core_social_link_services() -> dict[str, dict[str, str]]:
    """Every service's name and icon, as social-link.php lists them (extracted from
    WordPress 7.1 into social_link_services.json)."""
    global _SERVICES
    if _SERVICES is None:
        from importlib.resources import files

        text = files(__package__).joinpath("social_link_services.json").read_text("utf-8")
        _SERVICES = json.loads(text)
    return _SERVICES


_SERVICES: dict[str, dict[str, str]] | None = None


def render_block_core_social_link(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:

    context = block_context(renderer, "core/social-links", _SOCIAL_CONTEXT)
    services = block_core_social_link_services()
    text = str(attrs.get("label") or "").strip()
    service = str(attrs.get("service") or "Icon")
    url = attrs.get("url")
    found = services.get(service) or services["share"]
    text = text or found["name"]
    rel = str(attrs.get("rel") or "")
    if not url or not isinstance(url, str):
        return ""  # no URL, no link
    if re.fullmatch(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", url):
        url = f"mailto:{url}"  # WordPress also obfuscates it at random (antispambot)
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", url) and not url.startswith(("//", "#")):
        url = f"https://{url}"
    classes = [f"has-{context['iconColor']}-color"] if "iconColor" in context else []
    if "iconBackgroundColor" in context:
        classes.append(f"has-{context['iconBackgroundColor']}-background-color")
    style = ""
    if "iconColorValue" in context:
        style += f"color:{context['iconColorValue']};"
    if "iconBackgroundColorValue" in context:
        style += f"background-color:{context['iconBackgroundColorValue']};"
    style = safecss_filter_attr(style)  # an attribute's value never reaches style unchecked
    wrapper = _wrapper(
        block, f"wp-social-link wp-social-link-{service} {' '.join(classes)}", style=style
    )
    label_class = "" if context.get("showLabels") else " screen-reader-text"
    link = (
        f'<li {wrapper}><a href="{esc_attr(_safe_url(url))}" class="wp-block-social-link-anchor">'
        f'{found["icon"]}<span class="wp-block-social-link-label{label_class}">'
        f"{_html.escape(text, quote=False)}</span></a></li>"
    )
    p = TagProcessor(link)
    p.next_tag("a")
    if context.get("openInNewTab"):
        p.set_attribute("rel", f"{rel} noopener nofollow".strip())
        p.set_attribute("target", "_blank")
    elif rel:
        p.set_attribute("rel", rel.strip())
    return p.get_updated_html()


def _safe_url(url: str) -> str:
    """esc_url()'s protocol check: a javascript: (or other unlisted) URL becomes empty."""

    if ":" not in url.split("/", 1)[0]:
        return url
    return url if wp_kses_bad_protocol(url) == url else ""


ARCHIVE_BLOCKS["core/social-link"] = render_block_core_social_link


# core/comments (block-based, not legacy): its saved markup with its inner blocks, of
# which comment-template renders its own inner blocks once per approved comment, with
# the comment as their context (`renderer.comment`).

THREAD_COMMENTS_DEPTH = 5  # get_option('thread_comments_depth') of a fresh install


def _comment_of(renderer: BlockRenderer) -> CommentSummary | None:
    return getattr(renderer, "comment", None)


def render_block_core_comments(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    if attrs.get("legacy"):
        _report(renderer, block, "the legacy comments block needs the theme's template; left out")
        return ""
    return content


def render_block_core_comments_title(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    from .dynamic_blocks import get_the_title

    post = renderer.post
    if post is None or post.password:
        return ""
    a = {**_defaults(block), **attrs}
    count = len(post.comments)
    if not count:
        return ""
    title = get_the_title(post.title, post.password)
    show_title, show_count = bool(a.get("showPostTitle")), bool(a.get("showCommentsCount"))
    if show_count and show_title:
        text = (
            f"One response to &#8220;{title}&#8221;"
            if count == 1
            else f"{count} responses to &#8220;{title}&#8221;"
        )
    elif show_count:
        text = "One response" if count == 1 else f"{count} responses"
    elif show_title:
        text = f"{'Response' if count == 1 else 'Responses'} to &#8220;{title}&#8221;"
    else:
        text = "Response" if count == 1 else "Responses"
    level = a.get("level")
    tag = f"h{level}" if isinstance(level, int) and 1 <= level <= 6 else "h2"
    align = f"has-text-align-{a['textAlign']}" if a.get("textAlign") else ""
    return f'<{tag} id="comments" {_wrapper(block, align)}>{text}</{tag}>'


def render_block_core_comment_template(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    post = renderer.post
    if post is None or post.password or not post.comments:
        return ""
    children: dict[int, list] = {}
    ids = {c.id for c in post.comments}
    for c in sorted(post.comments, key=lambda c: (c.date_gmt or c.date or _NEVER, c.id)):
        children.setdefault(c.parent if c.parent in ids else 0, []).append(c)
    counters = {"alt": 0, "thread": 0}

    def render(comments: list, depth: int) -> str:
        out = []
        for c in comments:
            before = _comment_of(renderer)
            renderer.comment = c
            renderer.ancestors.append(block)
            try:
                parts, inner = [], iter(block.inner_blocks)
                for chunk in block.inner_content:
                    parts.append(
                        renderer.render_block(next(inner), block) if chunk is None else chunk
                    )
            finally:
                renderer.ancestors.pop()
                renderer.comment = before
            classes = [c.type if c.type and c.type != "comment" else "comment"]
            classes += ["odd", "alt"] if counters["alt"] % 2 else ["even"]
            counters["alt"] += 1
            if depth == 1:
                classes += (
                    ["thread-odd", "thread-alt"] if counters["thread"] % 2 else ["thread-even"]
                )
                counters["thread"] += 1
            classes.append(f"depth-{depth}")
            body = "".join(parts)
            kids = children.get(c.id)
            if kids:
                if depth < THREAD_COMMENTS_DEPTH:
                    body += f"<ol>{render(kids, depth + 1)}</ol>"
                else:
                    body += render(kids, depth)
            out.append(f'<li id="comment-{c.id}" class="{esc_attr(" ".join(classes))}">{body}</li>')
        return "".join(out)

    return f"<ol {_wrapper(block)}>{render(children.get(0, []), 1)}</ol>"


_NEVER = dt.datetime(1970, 1, 1)


def render_block_core_comment_author_name(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    comment = _comment_of(renderer)
    if comment is None:
        return ""
    a = {**_defaults(block), **attrs}
    classes = []
    if a.get("textAlign"):
        classes.append(f"has-text-align-{a['textAlign']}")
    if _dig(a, "style", "elements", "link", "color", "text") is not None:
        classes.append("has-link-color")
    author = _comment_author(comment)
    if comment.author_url and a.get("isLink") and a.get("linkTarget"):
        author = (
            f'<a rel="external nofollow ugc" href="{esc_attr(_safe_url(comment.author_url))}" '
            f'target="{esc_attr(str(a["linkTarget"]))}" >{author}</a>'
        )
    return f"<div {_wrapper(block, ' '.join(classes))}>{author}</div>"


def render_block_core_comment_date(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    comment = _comment_of(renderer)
    if comment is None or comment.date is None:
        return ""
    ctx = renderer.context
    attrs = {**_defaults(block), **attrs}
    classes = (
        "has-link-color"
        if _dig(attrs, "style", "elements", "link", "color", "text") is not None
        else ""
    )
    fmt = attrs.get("format") or ctx.site.date_format
    if fmt == "human-diff":
        fmt = ctx.site.date_format  # "… ago" would be stale on a static page
    formatted = ctx.format_date(fmt, comment.date)
    if attrs.get("isLink"):
        link = esc_url(f"{_post_link(renderer, comment.post_id)}#comment-{comment.id}")
        formatted = f'<a href="{link}">{formatted}</a>'
    return (
        f'<div {_wrapper(block, classes)}><time datetime="{esc_attr(_iso(comment))}">'
        f"{formatted}</time></div>"
    )


def render_block_core_comment_content(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    comment = _comment_of(renderer)
    if comment is None or not comment.content:
        return ""
    classes = []
    if attrs.get("textAlign"):
        classes.append(f"has-text-align-{attrs['textAlign']}")
    if _dig(attrs, "style", "elements", "link", "color", "text") is not None:
        classes.append("has-link-color")
    return f"<div {_wrapper(block, ' '.join(classes))}>{comment_text(comment.content)}</div>"


def render_block_core_comment_reply_link(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    if _comment_of(renderer) is not None:
        _report(renderer, block, "a comment's reply link needs the comment form; left out")
    return ""


def render_block_core_avatar_of_comment(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """core/avatar inside a comment template: the commenter's (default) picture; elsewhere
    the avatar block registered before this one renders it."""

    comment = _comment_of(renderer)
    if comment is None:
        if _OTHER_AVATAR is None:
            _report(
                renderer,
                block,
                f"dynamic block {block.name} cannot be rendered statically; left out",
            )
            return ""
        return _OTHER_AVATAR(attrs, content, block, renderer)
    a = {**_defaults(block), **attrs}
    size = int(a.get("size") or 96)
    border = _dig(a, "style", "border")
    border = dict(border) if isinstance(border, dict) else {}
    if "borderColor" in a:
        border["color"] = f"var:preset|color|{a['borderColor']}"
    classes, css = wp_style_engine_get_styles({"border": border})
    image_classes = " ".join(["wp-block-avatar__image", *classes])
    extra = f' style="{esc_attr(css)}"' if css else ""
    image = get_avatar(size, f"{comment.author} Avatar", image_classes, extra)
    if a.get("isLink") and comment.author_url:
        target = str(a.get("linkTarget") or "_self")
        label = (
            f'aria-label="{esc_attr(f"({comment.author} website link, opens in a new tab)")}"'
            if target == "_blank"
            else ""
        )
        image = (
            f'<a href="{esc_attr(_safe_url(comment.author_url))}" target="{esc_attr(target)}" '
            f'{label} class="wp-block-avatar__link">{image}</a>'
        )
    return f"<div {_wrapper(block)}>{image}</div>"


_OTHER_AVATAR = None  # set when registered over another avatar renderer


def _report_dead(message: str) -> RenderCallback:
    def render(attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer) -> str:
        _report(renderer, block, message)
        return ""

    return render


ARCHIVE_BLOCKS.update(
    {
        "core/comments": render_block_core_comments,
        "core/comments-title": render_block_core_comments_title,
        "core/comment-template": render_block_core_comment_template,
        "core/comment-author-name": render_block_core_comment_author_name,
        "core/comment-date": render_block_core_comment_date,
        "core/comment-content": render_block_core_comment_content,
        "core/comment-reply-link": render_block_core_comment_reply_link,
        # Printed for logged-in editors only, and for more than one page of comments.
        "core/comment-edit-link": lambda a, c, b, r: "",
        "core/comments-pagination": lambda a, c, b, r: "",
        "core/comments-pagination-previous": lambda a, c, b, r: "",
        "core/comments-pagination-next": lambda a, c, b, r: "",
        "core/comments-pagination-numbers": lambda a, c, b, r: "",
        # What needs a live WordPress: reported, with the reason, never an empty label.
        "core/post-comments-form": _report_dead(
            "a comment form posts to wp-comments-post.php, which a static site cannot "
            "receive; left out"
        ),
        "core/loginout": _report_dead(
            "a log-in link leads to wp-login.php, which a static site does not have; left out"
        ),
        "core/rss": _report_dead(
            "an RSS block shows a feed WordPress fetches on each view (no network while "
            "converting); left out"
        ),
    }
)


def register(callbacks: dict) -> None:
    """Add this module's renderers to `callbacks` (core/avatar keeps the one there for
    avatars outside comment templates)."""
    global _OTHER_AVATAR
    _OTHER_AVATAR = callbacks.get("core/avatar")
    callbacks.update(ARCHIVE_BLOCKS)
    callbacks["core/avatar"] = render_block_core_avatar_of_comment
