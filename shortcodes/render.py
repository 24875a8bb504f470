"""Cards as static HTML: a `CardSpec` and figures in, escaped HTML out (jinja2 templates)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import SimpleNamespace
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
from babel.numbers import format_decimal, get_group_symbol, parse_pattern
from markupsafe import Markup, escape

from .card import CardSpec, card_spec
from .data.model import WORLD, RegionStats, StatsProvider
from .data.regions import region_name
from .diagnostics import Diagnostic, line_col
from .errors import BadInput, DataUnavailable, NoDataForDate
from .language import babel_locale, html_lang, is_rtl, primary_language
from .parser import CARD_TAG, Mode, Shortcode, parse
from .phpdate import format_php_date
from .wordpress.caches import remember

Digits = Literal["latin", "arabic"]
TREND_DAYS = 30
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TEXT = {
    "en": {
        "not_available": "not available",
        "list_separator": ",",
        "recovered_why": "The source has no reliable count of recovered and active cases for "
        "this day, so no figure is shown.",
        "source": "Source:",
        "missing": "No data for {region}.",
        "missing_date": "No figures for {date}.",
        "world": "World",
        "as_of": "Figures for {date}",
        "trend": "New cases a day, last {days} days",
        "trend_label": "New cases per day over the {days} days to {end}: from {first} to {last}, "
        "peak {peak}.",
        "trend_peak": "peak {peak}",
        "trend_flat": "{value} new cases every day",
        "trend_none": "No new cases reported in these {days} days",
    },
    "ar": {
        "not_available": "غير متاح",
        "list_separator": "،",
        "recovered_why": "لا يقدّم المصدر عددًا موثوقًا للمتعافين والحالات النشطة في هذا اليوم؛ "
        "لذا لا يُعرض رقم.",
        "source": "المصدر:",
        "missing": "لا تتوفر بيانات عن {region}.",
        "missing_date": "لا تتوفر أرقام عن يوم {date}.",
        "world": "العالم",
        "as_of": "أرقام يوم {date}",
        "trend": "الحالات الجديدة يوميًا، آخر {days} يومًا",
        "trend_label": "الحالات الجديدة يوميًا خلال {days} يومًا حتى {end}: من {first} إلى {last}، "
        "والذروة {peak}.",
        "trend_peak": "الذروة {peak}",
        "trend_flat": "{value} حالة جديدة كل يوم",
        "trend_none": "لم تُسجَّل حالات جديدة خلال {days} يومًا",
    },
}
SOURCE_URLS = {
    "JHU CSSE": "https://github.com/CSSEGISandData/COVID-19",
    "disease.sh": "https://disease.sh/",
}
SOURCE_CREDITS = {
    "JHU CSSE": "JHU CSSE COVID-19 Data (CC BY 4.0)",
}


def templates_dir() -> Path:
    """The card templates: inside the installed package, else the source tree's templates/."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / "templates"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError("covid-shortcodes templates not found (broken installation?)")


@functools.lru_cache(maxsize=1)
def template_env() -> jinja2.Environment:
    """The templates' environment (one per process: each template is compiled once)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        bytecode_cache=_bytecode_cache(),
    )


def render_template(template: jinja2.Template, context: dict) -> str:
    """``template.render(context)``, the dictionary used as it is: not copied, and
    without the environment's globals (no template of ours uses them). Run for every
    card and page: a fifth less time than `render` for a card."""
    return "".join(template.root_render_func(template.new_context(context, shared=True)))


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier run, from jinja2's folder for this user in the
    temporary directory (private to the user; a template changed since is compiled
    again). A cache that cannot be read or written is no cache, never an error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - unreadable or damaged: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _QuietBytecodeCache()
    except (OSError, RuntimeError):  # no private folder to be had
        return None


def stylesheet() -> str:
    """The card stylesheet (CSS text)."""
    return (templates_dir() / "card.css").read_text(encoding="utf-8")


def card_language(rtl: bool | None, language: str | None, locale: str | None) -> tuple[str, bool]:
    """(locale, right-to-left) of a card: the document's language, else the `--locale`,
    else Arabic when the card says rtl="true" and English otherwise. A right-to-left
    language (Arabic…) reads right-to-left unless the card says rtl="false"."""
    chosen = (language or "").strip() or (locale or "").strip()
    if not chosen:
        chosen = "ar" if rtl else "en"
    return chosen, is_rtl(chosen) if rtl is None else rtl


@dataclass(frozen=True)
class RenderOptions:
    """How cards are rendered. The card's language is the document's (`language`, an
    export's ``<language>``), else `locale`, else Arabic for rtl cards and English."""

    locale: str | None = None
    language: str | None = None  # the document's language, before `locale`
    timezone: str = "UTC"
    digits: Digits = "latin"
    as_of: dt.date | None = None  # None: the latest day the data has
    trend: bool = False  # sparkline on every card (a card can also ask with trend="true")
    strict: bool = False  # unknown region / missing data is an error, not a marked card
    # With `strict`, how a card left unrendered is reported (a WXR written back keeps
    # the shortcode: the same problem as a marked card in HTML, so a warning there).
    failure_severity: str = "error"

    def zone(self) -> dt.tzinfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise BadInput(f"unknown time zone {self.timezone!r}") from e


@dataclass
class RenderedCard:
    html: str
    region: str
    date: dt.date | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ok: bool = True
    span: tuple[int, int] | None = None  # where its shortcode was in the rendered text
    source: str = ""  # the shortcode as written there


@dataclass
class RenderResult:
    """A text with its cards rendered, and what was found on the way."""

    text: str
    cards: list[RenderedCard] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The CSS WordPress prints in the page's head for the post's block supports
    # (layout containers, duotone); "" when there is none.
    block_css: str = ""
    # The SVG filters of its custom duotones, which WordPress prints at the end of the page.
    block_svg: str = ""

    @property
    def failed(self) -> bool:
        return any(not c.ok for c in self.cards) or any(
            d.severity == "error" for d in self.diagnostics
        )


class CardRenderer:
    """Renders cards with templates loaded once and one data lookup per region and day."""

    def __init__(self, provider: StatsProvider, options: RenderOptions | None = None) -> None:
        self.provider = provider
        self.options = options or RenderOptions()
        self.template = template_env().get_template("card.html.j2")
        self._zone = self.options.zone()
        self._stats: dict[tuple[str, dt.date | None], RegionStats | DataUnavailable] = {}
        self._series: dict[tuple[str, dt.date | None], list[RegionStats]] = {}
        self._trends: dict[tuple, SimpleNamespace | bool] = {}
        self._dates: dict[tuple[str, dt.datetime, str], str] = {}  # "last update" texts
        self._cards: dict[tuple, RenderedCard] = {}  # see render_card

    # -- data ------------------------------------------------------------------------

    def stats(self, region: str, day: dt.date | None) -> RegionStats:
        key = (region, day)
        found = self._stats.get(key)
        if found is None:
            try:
                found = self.provider.lookup(region, day)
            except DataUnavailable as e:
                found = e
            remember(self._stats, key, found)
        if isinstance(found, DataUnavailable):
            raise found
        return found

    def prefetch(self, regions: list[str], day: dt.date | None) -> None:
        """Look up several regions at once (one request for a live provider)."""
        wanted = [r for r in dict.fromkeys(regions) if (r, day) not in self._stats]
        if len(wanted) < 2:
            return
        try:
            found = self.provider.lookup_many(wanted, day)
        except DataUnavailable:
            return  # each card then reports its own failure
        for region, stats in found.items():
            remember(self._stats, (region, day), stats)

    # -- one card --------------------------------------------------------------------

    def render_card(
        self,
        spec: CardSpec,
        *,
        as_of: dt.date | None = None,
        card_id: str = "covid-card",
        language: str | None = None,
    ) -> RenderedCard:
        """The HTML of one card; unknown regions give a marked "no data" card and a warning.

        `language` is the document's (a post's or its export's); without it, the
        options' `language`, then `locale`, then the card's `rtl` decide (see
        `card_language`). With `strict` options an unknown region raises
        `DataUnavailable` instead.
        """
        # News sites repeat the same cards (region, day, attributes) in post after post:
        # each is rendered once, its id put in afterwards.
        key = _card_key(spec, as_of, language)
        if key is None:
            return self._render_card(spec, as_of, card_id, language)
        found = self._cards.get(key)
        if found is None:
            found = self._render_card(spec, as_of, _ID_MARK, language)
            if len(self._cards) >= CARDS_KEPT:
                self._cards.clear()
            self._cards[key] = found
        return RenderedCard(
            found.html.replace(_ID_MARK, str(escape(card_id))),
            found.region,
            found.date,
            list(found.diagnostics),
            found.ok,
        )

    def _render_card(
        self, spec: CardSpec, as_of: dt.date | None, card_id: str, language: str | None
    ) -> RenderedCard:
        day = as_of if as_of is not None else self.options.as_of
        locale, rtl = card_language(
            spec.rtl, language or self.options.language, self.options.locale
        )
        lang_key = "ar" if spec.rtl or primary_language(locale) == "ar" else "en"
        text = _TEXT[lang_key]
        context = {
            "id": card_id,
            "rtl": rtl,
            "dir": "rtl" if rtl else "ltr",
            "lang": html_lang(locale),
            "font_color": spec.font_color,
            "bg_color": spec.bg_color,
            "bg_position": spec.bg_position,
            "region": spec.region,
            **_mark_place(spec.bg_position, rtl),
            "not_available": text["not_available"],
            "missing": None,
            "trend": None,
            "updated": None,
            "updated_label": spec.label("last_update", locale),
            "source_label": text["source"],
            "groups": [],
            "unavailable": [],
            "unavailable_why": "",
            "list_separator": text["list_separator"],
        }
        diags: list[Diagnostic] = []
        try:
            stats = self.stats(spec.region, day)
        except DataUnavailable as e:
            if self.options.strict:
                raise
            diags.append(Diagnostic(data_problem_code(e), str(e), "warning"))
            if isinstance(e, NoDataForDate) and day is not None:
                missing = text["missing_date"].format(date=day.isoformat())
            else:
                missing = text["missing"].format(region=spec.region)
            context.update(
                title=spec.region_name or _region_title(spec.region, locale, text),
                missing=missing,
                source=SOURCE_CREDITS["JHU CSSE"],
                source_url=SOURCE_URLS["JHU CSSE"],
            )
            html_ = render_template(self.template, context)
            return RenderedCard(html_, spec.region, day, diags, ok=False)

        fmt = _number_format(locale, self.options.digits)
        # Hierarchy: cases (the total first and largest), then deaths, then the rest;
        # each group's figures of the day come after its total, smaller.
        cases = [_figure("confirmed", spec, locale, stats.confirmed, fmt, "lead")]
        if spec.show_confirmed_24h:
            cases.append(_figure("confirmed_24h", spec, locale, stats.new_confirmed, fmt, "sub"))
        deaths = [_figure("deaths", spec, locale, stats.deaths, fmt, "main")]
        if spec.show_deaths_24h:
            deaths.append(_figure("deaths_24h", spec, locale, stats.new_deaths, fmt, "sub"))
        if spec.show_deaths_rate:
            rate = stats.death_rate
            deaths.append(
                SimpleNamespace(
                    key="deaths-rate",
                    rank="sub",
                    css=_FIGURE_CLASSES["sub", "deaths-rate"][0],
                    value_css=_FIGURE_CLASSES["sub", "deaths-rate"][1],
                    label=spec.label("deaths_rate", locale),
                    value=None if rate is None else fmt.percent(rate),
                    raw="" if rate is None else f"{rate:.4f}",
                )
            )
        others = [
            _figure(key, spec, locale, value, fmt, "minor")
            for key, value in (("recovered", stats.recovered), ("active", stats.active))
        ]
        groups = []
        unavailable = []
        for key, figures in (("cases", cases), ("deaths", deaths), ("other", others)):
            shown = [f for f in figures if f.value is not None]
            unavailable.extend(f for f in figures if f.value is None)
            if shown:
                groups.append(SimpleNamespace(key=key, figures=shown))

        moment = stats.updated or dt.datetime.combine(
            stats.date, dt.time(23, 59), tzinfo=dt.timezone.utc
        )
        local = moment.astimezone(self._zone)
        key = (spec.last_update_format, local, locale)
        updated = self._dates.get(key)
        if updated is None:
            updated = format_php_date(spec.last_update_format, local, locale)
            remember(self._dates, key, updated)
        context.update(
            title=spec.region_name or _region_title(stats.region, locale, text),
            groups=groups,
            unavailable=unavailable,
            unavailable_why=text["recovered_why"] if unavailable else "",
            updated=fmt.digits(updated) if spec.last_update_format else None,
            updated_iso=local.isoformat(timespec="minutes"),
            # A card whose last-update="" shows no update line still says its day.
            as_of=text["as_of"].format(date=fmt.digits(stats.date.isoformat())),
            as_of_iso=stats.date.isoformat(),
            source=SOURCE_CREDITS.get(stats.source, stats.source),
            source_url=SOURCE_URLS.get(stats.source, SOURCE_URLS["JHU CSSE"]),
        )
        if spec.trend or self.options.trend:
            # The same region and day make the same trend in every post: made once.
            key = (spec.region, stats.date, rtl, lang_key, fmt)
            trend = self._trends.get(key)
            if trend is None:
                trend = self._trend(spec, stats, text, fmt, rtl) or False
                remember(self._trends, key, trend)
            context["trend"] = trend or None
        # Top-level names: Jinja reads them once per render, not with a lookup per use.
        html_ = render_template(self.template, context)
        return RenderedCard(html_, stats.region, stats.date, diags)

    def _trend(
        self, spec: CardSpec, stats: RegionStats, text: dict, fmt: _NumberFormat, rtl: bool
    ) -> Markup | None:
        key = (spec.region, stats.date)
        series = self._series.get(key)
        if series is None:
            try:
                series = self.provider.series(spec.region, stats.date, TREND_DAYS)
            except DataUnavailable:
                series = []
            remember(self._series, key, series)
        values = [max(s.new_confirmed or 0, 0) for s in series]
        if len(values) < 2:
            return None
        days = len(values)
        peak = max(values)
        if peak == min(values):  # a flat line says nothing a sentence cannot
            flat = (
                text["trend_none"].format(days=fmt.digits(str(days)))
                if peak == 0
                else text["trend_flat"].format(value=fmt.number(peak))
            )
        else:
            flat = None
        return sparkline(
            values,
            rtl=rtl,
            label=text["trend_label"].format(
                days=fmt.digits(str(days)),
                end=fmt.digits(stats.date.isoformat()),
                first=fmt.number(values[0]),
                last=fmt.number(values[-1]),
                peak=fmt.number(peak),
            ),
            caption=text["trend"].format(days=fmt.digits(str(days))),
            peak=text["trend_peak"].format(peak=fmt.number(peak)),
            start=fmt.digits(series[0].date.isoformat()),
            end=fmt.digits(series[-1].date.isoformat()),
            start_iso=series[0].date.isoformat(),
            end_iso=series[-1].date.isoformat(),
            flat=flat,
        )

    # -- a whole text ----------------------------------------------------------------

    def render_text(
        self,
        text: str,
        *,
        mode: Mode = "lenient",
        markdown: bool = False,
        as_of: dt.date | None = None,
        wrap: Callable[[str], str] | None = None,
        keep_escaped: bool = False,
        language: str | None = None,
    ) -> RenderResult:
        """Replace every card shortcode in `text` with its HTML.

        `wrap` post-processes each card's HTML (for example to fence it for Markdown);
        `keep_escaped` leaves ``[[…]]`` as written (for text WordPress reads again);
        `language` is the text's own (see `render_card`).
        """
        parsed = parse(text, (CARD_TAG,), mode=mode, markdown=markdown)
        result = RenderResult(text, diagnostics=list(parsed.diagnostics))
        cards = [sc for sc in parsed.shortcodes if not sc.escaped and not sc.in_html_attribute]
        specs: dict[int, CardSpec] = {}
        for sc in cards:
            spec, diags = card_spec(sc, text)
            specs[id(sc)] = spec
            result.diagnostics.extend(diags)
        self.prefetch([s.region for s in specs.values()], as_of or self.options.as_of)
        counter = 0

        def render(sc: Shortcode) -> str | None:
            nonlocal counter
            if id(sc) not in specs:
                return None
            counter += 1
            spec = specs[id(sc)]
            card_id = f"covid-card-{counter}-{spec.region.lower()}"
            try:
                card = self.render_card(spec, as_of=as_of, card_id=card_id, language=language)
            except DataUnavailable as e:
                severity = self.options.failure_severity
                failure = _located(Diagnostic(data_problem_code(e), str(e), severity), sc, text)
                result.diagnostics.append(failure)
                result.cards.append(
                    RenderedCard(
                        "", spec.region, as_of, [failure], False, span=sc.span, source=sc.source
                    )
                )
                return None
            card.span, card.source = sc.span, sc.source
            card.diagnostics = [_located(d, sc, text) for d in card.diagnostics]
            result.diagnostics.extend(card.diagnostics)
            result.cards.append(card)
            return wrap(card.html) if wrap else card.html

        result.text = parsed.replace(render, unescape=not keep_escaped)
        result.diagnostics.sort(key=lambda d: d.offset or 0)
        return result


def data_problem_code(error: DataUnavailable) -> str:
    """The diagnostic code of a card without figures: no data for its day, or its region."""
    return "no-data-for-date" if isinstance(error, NoDataForDate) else "unknown-region"


CARDS_KEPT = 512  # rendered cards remembered per renderer (a few MB)
_ID_MARK = "\x00card-id\x00"  # stands for the card's id in a remembered card


def _card_key(spec: CardSpec, as_of: dt.date | None, language: str | None) -> tuple | None:
    """What a card's HTML depends on besides its id (the renderer's options and data
    are fixed), or None when a text in it holds the id's stand-in."""
    parts = []
    texts = [language or ""]
    for name in _SPEC_FIELDS:
        value = getattr(spec, name)
        if isinstance(value, dict):
            value = tuple(value.items())
            texts.extend(f"{k}{v}" for k, v in value)
        elif isinstance(value, str):
            texts.append(value)
        parts.append(value)
    if "\x00" in "".join(texts):
        return None
    return (*parts, as_of, language)


_SPEC_FIELDS = tuple(f.name for f in fields(CardSpec))


def _located(d: Diagnostic, sc: Shortcode, text: str) -> Diagnostic:
    line, col = line_col(text, sc.span[0])
    return d.located(offset=sc.span[0], line=line, column=col)


@functools.lru_cache(maxsize=64)
def _mark_place(position: str, rtl: bool) -> dict[str, object]:
    """Where bg-position puts the card's mark: beside the heading, on the left or the
    right (first or last in the heading row, by direction), aligned top, centre or
    bottom; "center" puts it at the end of the row, so it never covers text."""
    words = position.split()
    mark_first = ("left" in words and not rtl) or ("right" in words and rtl)
    align = "start" if "top" in words else "end" if "bottom" in words else "center"
    return {"mark_first": mark_first, "mark_align": align}


def _region_title(region: str, locale: str, text: dict) -> str:
    if region == WORLD:
        return text["world"]
    try:
        return region_name(region, locale)
    except (DataUnavailable, KeyError):
        return region


@functools.lru_cache(maxsize=64)
def _number_style(locale: str, system: str) -> tuple[str, int, int, dict[int, int] | None]:
    """(group symbol, primary and secondary group sizes, digit map) from Babel's data."""
    loc = babel_locale(locale)
    group = get_group_symbol(loc, numbering_system=system)
    primary, secondary = loc.decimal_formats[None].grouping
    return group, primary, secondary, (_ARABIC_INDIC if system == "arab" else None)


@functools.lru_cache(maxsize=64)
def _percent_style(locale: str, system: str) -> tuple[str, str, str, str]:
    """The locale's percent pattern (two decimals, as the plugin showed the rate) and
    the numbering system's percent, plus and minus signs."""
    loc = babel_locale(locale)
    pattern = parse_pattern(loc.percent_formats[None].pattern)
    pattern.frac_prec = (2, 2)
    symbols = loc.number_symbols.get(system) or loc.number_symbols["latn"]
    return pattern, symbols["percentSign"], symbols["plusSign"], symbols["minusSign"]


@functools.lru_cache(maxsize=64)
def _number_format(locale: str, digits: Digits) -> _NumberFormat:
    return _NumberFormat(locale, digits)


class _NumberFormat:
    """Numbers grouped per locale (Babel's data), in Latin or Arabic-Indic digits.

    Integers are grouped here with the locale's symbols and group sizes, which gives
    Babel's `format_decimal` output at a fraction of its cost (tests check they agree).
    """

    def __init__(self, locale: str, digits: Digits) -> None:
        self.locale = babel_locale(locale)
        self.system = "arab" if digits == "arabic" else "latn"
        self.group, self.primary, self.secondary, self.digit_map = _number_style(
            str(self.locale), self.system
        )
        self._percent, self.percent_sign, plus, minus = _percent_style(
            str(self.locale), self.system
        )
        if self.digit_map is None:
            # A left-to-right mark keeps "+1,234" whole, sign first, in a right-to-left
            # card too (CLDR's Arabic plus sign for Latin digits is the same).
            plus, minus = "\u200e+", "\u200e\u2212"
        self.plus, self.minus = plus, minus

    def number(self, n: int) -> str:
        if n < 0:  # rare (data corrections): Babel knows each locale's negative pattern
            return self.digits(format_decimal(n, locale=self.locale, numbering_system=self.system))
        text = str(n)
        if len(text) > self.primary:
            head, tail = text[: -self.primary], [text[-self.primary :]]
            while len(head) > self.secondary:
                tail.append(head[-self.secondary :])
                head = head[: -self.secondary]
            text = self.group.join([head, *reversed(tail)])
        return text.translate(self.digit_map) if self.digit_map else text

    def signed(self, n: int) -> str:
        text = self.number(abs(n))
        if n > 0:
            return self.plus + text
        if n < 0:
            return self.minus + text
        return text

    def percent(self, rate: float) -> str:
        return _percent(self, rate)

    def digits(self, text: str) -> str:
        return text.translate(self.digit_map) if self.digit_map else text


# Each figure's classes (its rank in the hierarchy and its name, on the figure and
# on its value), made once: two fewer values for the template to escape.
_FIGURE_CLASSES = {
    (rank, key): (
        Markup(f"covid-card__figure--{rank} covid-card__figure--{key}"),
        Markup(f"covid-card__value covid-card__value--{rank}"),
    )
    for rank in ("lead", "main", "sub", "minor")
    for key in (
        "confirmed", "confirmed-24h", "deaths", "deaths-24h", "deaths-rate", "recovered", "active"
    )
}  # fmt: skip


@functools.lru_cache(maxsize=4096)  # a region's rate of a day, asked for by every card
def _percent(fmt: _NumberFormat, rate: float) -> str:
    # format_percent(rate / 100, the locale's pattern with 2 decimals), then the
    # numbering system's percent sign and digits, which Babel leaves Latin.
    text = fmt._percent.apply(rate / 100, fmt.locale, numbering_system=fmt.system)
    return fmt.digits(text.replace("%", fmt.percent_sign))


def _figure(
    key: str, spec: CardSpec, locale: str, value: int | None, fmt: _NumberFormat, rank: str
) -> SimpleNamespace:
    """One figure; `rank` is its place in the card's hierarchy (lead, main, sub, minor)."""
    if value is None:
        shown = None
    else:
        shown = fmt.signed(value) if rank == "sub" else fmt.number(value)
    key = key.replace("_", "-")
    return SimpleNamespace(
        key=key,
        rank=rank,
        css=_FIGURE_CLASSES[rank, key][0],
        value_css=_FIGURE_CLASSES[rank, key][1],
        label=spec.label(key.replace("-", "_"), locale),
        value=shown,
        raw="" if value is None else str(value),
    )


def sparkline(
    values: list[int],
    *,
    rtl: bool,
    label: str,
    caption: str,
    width: int = 160,
    height: int = 36,
    **labels: str | None,
) -> SimpleNamespace:
    """Points of a polyline for `values`; time runs right-to-left when `rtl`. `labels`
    (peak, start, end, flat…) are passed through for the template's scale."""
    top = max(values) or 1
    step = width / (len(values) - 1)
    points = []
    for i, v in enumerate(values):
        x = i * step
        if rtl:
            x = width - x
        y = height - 2 - (v / top) * (height - 4)
        points.append(f"{x:.1f},{y:.1f}")
    return SimpleNamespace(
        points=" ".join(points),
        width=width,
        height=height,
        label=label,
        caption=caption,
        **labels,
    )


def standalone_page(body: str, *, lang: str = "ar", dir: str = "rtl", title: str = "") -> str:
    """A complete HTML page around `body` (already HTML), with the card stylesheet inline."""
    page = template_env().get_template("page.html.j2")
    return page.render(
        body=body,
        lang=lang,
        dir=dir,
        title=title or "COVID-19",
        stylesheet=stylesheet(),
        stylesheet_href=None,
    )


__all__ = [
    "CardRenderer",
    "RenderOptions",
    "RenderResult",
    "RenderedCard",
    "card_language",
    "sparkline",
    "standalone_page",
    "stylesheet",
    "render_template",
    "template_env",
    "templates_dir",
]
