"""The part of WordPress's kses.php that `do_shortcodes_in_html_tags()` relies on.

Ported from wp-includes/kses.php (WordPress 7.1): `wp_kses_attr_parse`,
`wp_kses_hair_parse`, `wp_kses_one_attr` and what they call. This is not a full
kses: only what decides whether a shortcode's output may stay inside an HTML
attribute. The allowed-attribute table is WordPress's `$allowedposttags` reduced to
its attribute names (no value checks are declared there for the attributes we keep).
"""

from __future__ import annotations

import re

# wp_kses_uri_attributes()
URI_ATTRIBUTES = frozenset(
    "action archive background cite classid codebase data formaction href icon "
    "longdesc manifest poster profile src usemap xmlns".split()
)

# wp_allowed_protocols()
ALLOWED_PROTOCOLS = (
    "http https ftp ftps mailto news irc irc6 ircs gopher nntp feed telnet mms rtsp "
    "sms svn tel fax xmpp webcal urn"
).split()

# _wp_add_global_attributes(): added to every element of $allowedposttags.
_GLOBAL_ATTRIBUTES = (
    "aria-controls aria-current aria-describedby aria-details aria-expanded aria-hidden "
    "aria-label aria-labelledby aria-live class data-* dir hidden id lang style title "
    "role xml:lang"
).split()

_DIR_LANG = "align dir lang xml:lang"
# $allowedposttags: element -> its own allowed attribute names (globals added below).
_POST_TAGS_SPEC = {
    "address": "",
    "a": "href rel rev name target download",
    "abbr": "",
    "acronym": "",
    "area": "alt coords href nohref shape target",
    "article": _DIR_LANG,
    "aside": _DIR_LANG,
    "audio": "autoplay controls loop muted preload src",
    "b": "",
    "bdo": "",
    "big": "",
    "blockquote": "cite",
    "br": "",
    "button": "disabled name type value",
    "caption": "align",
    "cite": "",
    "code": "",
    "col": "align char charoff span valign width",
    "colgroup": "align char charoff span valign width",
    "del": "datetime",
    "dd": "",
    "dfn": "",
    "details": _DIR_LANG + " open",
    "div": _DIR_LANG,
    "dl": "",
    "dt": "",
    "em": "",
    "fieldset": "",
    "figure": _DIR_LANG,
    "figcaption": _DIR_LANG,
    "font": "color face size",
    "footer": _DIR_LANG,
    "h1": "align",
    "h2": "align",
    "h3": "align",
    "h4": "align",
    "h5": "align",
    "h6": "align",
    "header": _DIR_LANG,
    "hgroup": _DIR_LANG,
    "hr": "align noshade size width",
    "i": "",
    "img": "alt align border height hspace loading longdesc vspace src usemap width",
    "ins": "datetime cite",
    "kbd": "",
    "label": "for",
    "legend": "align",
    "li": "align value",
    "main": _DIR_LANG,
    "map": "name",
    "mark": "",
    "menu": "type",
    "nav": _DIR_LANG,
    "object": "data type",
    "p": _DIR_LANG,
    "pre": "width",
    "q": "cite",
    "rb": "",
    "rp": "",
    "rt": "",
    "rtc": "",
    "ruby": "",
    "s": "",
    "samp": "",
    "span": _DIR_LANG,
    "section": _DIR_LANG,
    "small": "",
    "strike": "",
    "strong": "",
    "sub": "",
    "summary": _DIR_LANG,
    "sup": "",
    "table": "align bgcolor border cellpadding cellspacing rules summary width",
    "tbody": "align char charoff valign",
    "td": "abbr align axis bgcolor char charoff colspan headers height nowrap rowspan "
    "scope valign width",
    "textarea": "cols rows disabled name readonly",
    "tfoot": "align char charoff valign",
    "th": "abbr align axis bgcolor char charoff colspan headers height nowrap rowspan "
    "scope valign width",
    "thead": "align char charoff valign",
    "title": "",
    "tr": "align bgcolor char charoff valign",
    "track": "default kind label src srclang",
    "tt": "",
    "u": "",
    "ul": "type",
    "ol": "start type reversed",
    "var": "",
    "video": "autoplay controls height loop muted playsinline poster preload src width",
}
ALLOWED_POST_TAGS: dict[str, frozenset[str]] = {
    tag: frozenset(attrs.split()) | frozenset(_GLOBAL_ATTRIBUTES)
    for tag, attrs in _POST_TAGS_SPEC.items()
}

# safecss_filter_attr(): the properties WordPress lets through a style attribute.
SAFE_STYLE_PROPERTIES = frozenset(
    """background background-color background-image background-position background-repeat
    background-size background-attachment background-blend-mode border border-radius
    border-width border-color border-style border-right border-right-color border-right-style
    border-right-width border-bottom border-bottom-color border-bottom-left-radius
    border-bottom-right-radius border-bottom-style border-bottom-width border-bottom-right-radius
    border-bottom-left-radius border-left border-left-color border-left-style border-left-width
    border-top border-top-color border-top-left-radius border-top-right-radius border-top-style
    border-top-width border-top-left-radius border-top-right-radius border-spacing
    border-collapse caption-side columns column-count column-fill column-gap column-rule
    column-span column-width color filter font font-family font-size font-style font-variant
    font-weight letter-spacing line-height text-align text-decoration text-indent
    text-transform height min-height max-height width min-width max-width margin margin-right
    margin-bottom margin-left margin-top margin-block-start margin-block-end
    margin-inline-start margin-inline-end padding padding-right padding-bottom padding-left
    padding-top padding-block-start padding-block-end padding-inline-start padding-inline-end
    flex flex-basis flex-direction flex-flow flex-grow flex-shrink flex-wrap gap column-gap
    row-gap grid-template-columns grid-auto-columns grid-column-start grid-column-end
    grid-column-gap grid-template-rows grid-auto-rows grid-row-start grid-row-end grid-row-gap
    grid-gap justify-content justify-items justify-self align-content align-items align-self
    clear cursor direction float list-style-type object-fit object-position overflow
    vertical-align writing-mode position top right bottom left z-index box-shadow
    aspect-ratio container-type display font-size-adjust font-stretch grid-column grid-row
    opacity transform transform-origin unicode-bidi visibility white-space word-spacing
    """.split()
    # 7.1: SVG presentation attributes.
    + """alignment-baseline baseline-shift clip-path clip-rule color-interpolation
    color-interpolation-filters color-rendering cx cy d dominant-baseline fill fill-opacity
    fill-rule flood-color flood-opacity glyph-orientation-horizontal glyph-orientation-vertical
    image-rendering lighting-color marker marker-end marker-mid marker-start mask mask-type
    paint-order pointer-events r rx ry shape-rendering stop-color stop-opacity stroke
    stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-opacity stroke-width text-anchor text-rendering vector-effect x y""".split()
)
# CSS properties that accept url() and gradient values.
_CSS_URL_DATA_TYPES = frozenset(
    "background background-image cursor filter list-style list-style-image clip-path fill"
    " marker marker-end marker-mid marker-start mask stroke".split()
)
_CSS_GRADIENT_DATA_TYPES = frozenset(("background", "background-image"))


_ATTR_PARSE = re.compile(r"^(<\s*)(/\s*)?([a-zA-Z0-9]+\s*)([^>]*)(>?)$")
_XHTML_SLASH = re.compile(r"\s*/\s*$")
# wp_kses_hair_parse(): one attribute, name (or a shortcode in the name position) and value.
_HAIR = (
    r"(?:[-a-zA-Z:]+|\[\[?[^\[\]]+\]\]?)"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"']+(?:\s|$))|(?:\s|$))"
    r"\s*"
)
_HAIR_VALIDATION = re.compile(rf"^(?:{_HAIR})+$")
_HAIR_EXTRACTION = re.compile(_HAIR)


def wp_kses_hair_parse(attr: str) -> list[str] | None:
    """Split an attribute list into whole attributes; None where WordPress returns false."""
    if attr == "":
        return []
    # PHP's regex has no possessive quantifiers here; the alternatives are disjoint
    # enough that Python's backtracking finds the same split.
    if not _HAIR_VALIDATION.match(attr):
        return None
    return _HAIR_EXTRACTION.findall(attr)


def wp_kses_attr_parse(element: str) -> list[str] | None:
    """Split an HTML start tag into [front, attr, attr, …, back]; None if WordPress can't."""
    m = _ATTR_PARSE.match(element)
    if not m:
        return None
    begin, slash, elname, attr, end = (g or "" for g in m.groups())
    if slash != "":
        return None  # Closing elements do not get parsed.
    xm = _XHTML_SLASH.search(attr)
    if xm:
        xhtml_slash = xm.group(0)
        attr = attr[: len(attr) - len(xhtml_slash)]
    else:
        xhtml_slash = ""
    attrarr = wp_kses_hair_parse(attr)
    if attrarr is None:
        return None
    return [begin + slash + elname, *attrarr, xhtml_slash + end]


_NO_NULL = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")
_SLASH_ZERO = re.compile(r"\\+0+")


def wp_kses_no_null(text: str, keep_slash_zero: bool = False) -> str:
    text = _NO_NULL.sub("", text)
    if not keep_slash_zero:
        text = _SLASH_ZERO.sub("", text)
    return text


_ENTITY_FIX = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


def esc_attr(text: str) -> str:
    """WordPress's esc_attr(): quotes and angle brackets encoded, valid entities kept."""
    text = _ENTITY_FIX.sub("&amp;", text)
    return (
        text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#039;")
    )


def _decode_numeric_entities(text: str) -> str:
    text = re.sub(r"&#([0-9]+);", lambda m: chr(int(m.group(1)) % 256), text)
    return re.sub(r"&#[Xx]([0-9A-Fa-f]+);", lambda m: chr(int(m.group(1), 16) % 256), text)


def _bad_protocol_once2(scheme: str, allowed: list[str]) -> str:
    scheme = _decode_numeric_entities(scheme)
    scheme = re.sub(r"\s", "", scheme)
    scheme = wp_kses_no_null(scheme).lower()
    return f"{scheme}:" if scheme in allowed else ""


def _bad_protocol_once(text: str, allowed: list[str], count: int = 1) -> str:
    text = re.sub(r"(&#0*58(?![;0-9])|&#x0*3a(?![;a-f0-9]))", r"\1;", text, flags=re.I)
    parts = re.split(r":|&#0*58;|&#x0*3a;|&colon;", text, maxsplit=1, flags=re.I)
    if len(parts) == 2 and not re.search(r"/\?", parts[0]):
        text = parts[1].strip()
        protocol = _bad_protocol_once2(parts[0], allowed)
        if protocol == "feed:":
            if count > 2:
                return ""
            text = _bad_protocol_once(text, allowed, count + 1)
            if not text:
                return text
        text = protocol + text
    return text


def wp_kses_bad_protocol(text: str, allowed: list[str] = ALLOWED_PROTOCOLS) -> str:
    """Remove URL schemes that are not allowed (javascript:, data:, …) from the start."""
    text = wp_kses_no_null(text)
    iterations = 0
    while True:
        original = text
        text = _bad_protocol_once(text, allowed)
        iterations += 1
        if original == text or iterations >= 6:
            break
    return "" if original != text else text


def safecss_filter_attr(css: str) -> str:
    """safecss_filter_attr() of WordPress 7.1: the declarations of a style attribute
    whose property is allowed (or is a custom property) and whose value holds nothing
    unsafe once its url()s (safe protocols only), gradients and CSS functions (var(),
    calc(), clamp(), transforms, shapes…) are taken out."""
    css = wp_kses_no_null(css)
    css = css.replace("\n", "").replace("\r", "").replace("\t", "")
    kept: list[str] = []
    for item in css.strip().split(";"):  # wp_kses_normalize_entities is a no-op on CSS
        if item == "":
            continue
        item = item.strip()
        test = item
        found = url_attr = gradient_attr = False
        value = ""
        if ":" not in item:
            found = True
        else:
            selector, value = item.split(":", 1)
            selector = selector.strip()
            is_custom_var = re.match(r"^--[a-zA-Z0-9-_]+$", selector) is not None
            if is_custom_var or selector in SAFE_STYLE_PROPERTIES:
                found = True
                url_attr = selector in _CSS_URL_DATA_TYPES
                gradient_attr = selector in _CSS_GRADIENT_DATA_TYPES
            if is_custom_var:
                url_attr = value.strip().startswith("url(")
                gradient_attr = "-gradient(" in value.strip()
        if found and url_attr:
            for url_match in re.findall(r"url\([^)]+\)", value):
                pieces = re.match(r"^url\(\s*(['\"]?)(.*)(\1)\s*\)$", url_match, re.S)
                url = pieces[2].strip() if pieces and pieces[2] not in ("", "0") else ""
                if url in ("", "0") or wp_kses_bad_protocol(url) != url:  # PHP's empty()
                    found = False
                    break
                test = test.replace(url_match, "")
        if found and gradient_attr:
            for gradient in re.findall(
                r"(?:repeating-)?(?:linear|radial|conic)-gradient\((?:[^()]|\([^()]*\))*\)", test
            ):
                test = test.replace(gradient, "")
        if found and not re.search(r"[\\(&=}]|/\*", _without_css_functions(test)):
            kept.append(item)
    return ";".join(kept)


_CSS_FUNCTION = re.compile(
    r"\b(?:var|calc|min|max|minmax|clamp|repeat"
    r"|matrix|matrix3d|perspective|rotate|rotate3d|rotateX|rotateY|rotateZ"
    r"|scale|scale3d|scaleX|scaleY|scaleZ|skew|skewX|skewY"
    r"|translate|translate3d|translateX|translateY|translateZ"
    r"|circle|ellipse|inset|path|polygon|rect|shape|xywh)\("
)


def _without_css_functions(item: str) -> str:
    """The declaration without its CSS functions, each with its balanced parentheses
    (WordPress: `\\b(?:var|calc|…)(\\((?:[^()]|(?1))*\\))`, PCRE's recursion); a function
    whose parentheses never close is left, as that pattern does not match it."""
    out: list[str] = []
    at = 0
    pos = 0
    while (m := _CSS_FUNCTION.search(item, pos)) is not None:
        depth = 0
        end = -1
        for i in range(m.end() - 1, len(item)):
            c = item[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
        if end < 0:
            pos = m.start() + 1
            continue
        out.append(item[at : m.start()])
        at = pos = end
    out.append(item[at:])
    return "".join(out)


def _kses_attr_allowed(name: str, value: str, element: str) -> tuple[bool, str]:
    """wp_kses_attr_check() for the 'post' context: (allowed, possibly filtered value)."""
    allowed = ALLOWED_POST_TAGS.get(element.lower())
    if allowed is None:
        return False, ""
    name_low = name.lower()
    if name_low not in allowed:
        if not (
            name_low.startswith("data-")
            and "data-*" in allowed
            and re.match(r"^data(?:-[a-z0-9_]+)+$", name_low)
        ):
            return False, ""
    if name_low == "style":
        new_value = safecss_filter_attr(value)
        if not new_value:
            return False, ""
        return True, new_value
    return True, value


def wp_kses_one_attr(attr: str, element: str) -> str:
    """Filter one whole attribute (``name="value"``) of `element`; '' when not allowed."""
    attr = wp_kses_no_null(attr, keep_slash_zero=True)
    lead = re.match(r"^\s*", attr).group(0)
    trail = re.search(r"\s*$", attr).group(0)
    attr = attr[len(lead) : len(attr) - len(trail)]
    split = re.split(r"\s*=\s*", attr, maxsplit=1)
    name = split[0]
    if len(split) == 2:
        value = split[1]
        quote = value[0] if value else ""
        if quote in ('"', "'"):
            if not value.endswith(quote) or len(value) < 2:
                return ""
            value = value[1:-1]
        else:
            quote = '"'
        value = esc_attr(value)
        if name.lower() in URI_ATTRIBUTES:
            value = wp_kses_bad_protocol(value)
        attr = f"{name}={quote}{value}{quote}"
    else:
        value = ""
    ok, new_value = _kses_attr_allowed(name, value, element)
    if not ok:
        return ""
    if new_value != value:
        attr = attr.replace(value, new_value)
    return lead + attr + trail


__all__ = [
    "esc_attr",
    "safecss_filter_attr",
    "wp_kses_attr_parse",
    "wp_kses_bad_protocol",
    "wp_kses_hair_parse",
    "wp_kses_no_null",
    "wp_kses_one_attr",
]
