"""wptexturize / wpautop / shortcode_unautop: WordPress 7.1 conformance and own examples.

The conformance tests read ../shared/data/wp_parity/wordpress_cases.json (what WordPress
itself returned) and skip when it is absent; every other test here is self-contained.
"""

from __future__ import annotations

import json
import random
import re

import conftest
import pytest
from conftest import hang_guard
from hypothesis import example, given
from hypothesis import strategies as st

from shortcodes.wordpress.formatting import (
    _ALLBLOCK_NAMES,
    _ALLBLOCKS,
    _Autop,
    _collapse_spaces,
    _newline_in_element,
    _none_of,
    _shortcode_unautop_regex,
    _split_at_starts,
    _texturize_split,
    _unwrap_li,
    _wptexturize_split_regex,
    get_html_split_regex,
    shortcode_unautop,
    wp_html_split,
    wp_replace_in_html_tags,
    wp_spaces_regexp,
    wpautop,
    wptexturize,
)

CASES_PATH = conftest.SHARED / "data" / "wp_parity" / "wordpress_cases.json"
_DATA = json.loads(CASES_PATH.read_text(encoding="utf-8")) if CASES_PATH.exists() else None
CASES = _DATA["results"] if _DATA else []
TAGS = tuple(_DATA["meta"]["tags"]) if _DATA else ()
FIELDS = ("texturize", "autop", "unautop")

CARD = "covid19-ultimate-card"
NBSP = "\u00a0"


def _port(field: str, text: str) -> str:
    if field == "texturize":
        return wptexturize(text, TAGS)
    if field == "autop":
        return wpautop(text)
    return shortcode_unautop(wpautop(text), TAGS)


# --- conformance with WordPress itself (needs ../shared) -------------------------------


def test_conformance_data_is_available(shared):
    """Skips, with the reason, when ../shared is absent; the cases below are then empty."""
    path = shared("data", "wp_parity", "wordpress_cases.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["results"] and all(field in data["results"][0] for field in FIELDS)


@pytest.mark.shared
@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("index", range(len(CASES)))
def test_conformance(index: int, field: str):
    case = CASES[index]
    assert _port(field, case["input"]) == case[field]


# --- wptexturize ----------------------------------------------------------------------


_SPLIT_ALPHABET = st.sampled_from(
    [
        "<",
        ">",
        "[",
        "]",
        "/",
        "!--",
        "-->",
        "<!--",
        "a",
        " ",
        "\n",
        "ب",
        '"',
        "=",
        CARD,
        "code",
        "[[",
        "]]",
        "<b>",
        "</b>",
    ]
)


@given(st.lists(_SPLIT_ALPHABET, max_size=40).map("".join))
@example('x [covid19-ultimate-card a="<b>"] y <!-- c --> z')
@example("<<[[covid19-ultimate-card]]<!--")
def test_texturize_split_at_starts_equals_the_regex_split(text):
    for tags in ((), (CARD,), (CARD, "code")):
        pattern = _wptexturize_split_regex(tags)
        assert _split_at_starts(_texturize_split(tags), text) == pattern.split(text)


def test_texturize_quotes_and_apostrophes():
    assert wptexturize('"Quoted" text') == "&#8220;Quoted&#8221; text"
    assert wptexturize("She said 'hi' to me") == "She said &#8216;hi&#8217; to me"
    assert wptexturize("it's the '90s, 'cause") == "it&#8217;s the &#8217;90s, &#8217;cause"
    assert wptexturize("He is 6' 2\" tall") == "He is 6&#8242; 2&#8243; tall"
    assert wptexturize(f'stop.{NBSP}"Go"') == f"stop.{NBSP}&#8220;Go&#8221;"
    assert wptexturize('&nbsp;"Go"') == "&nbsp;&#8220;Go&#8221;"


def test_texturize_dashes_ellipsis_times_and_ampersands():
    assert wptexturize("a -- b, a--b, a---b, a - b") == (
        "a &#8212; b, a&#8211;b, a&#8212;b, a &#8211; b"
    )
    assert wptexturize("xn--p1ai stays") == "xn--p1ai stays"
    assert wptexturize("wait... (tm)") == "wait&#8230; &#8482;"
    assert wptexturize("9x9 but 0x70") == "9&#215;9 but 0x70"
    assert wptexturize("Fish & chips &amp; &#38; &x") == "Fish &#038; chips &amp; &#38; &#038;x"
    assert wptexturize("") == "" and wptexturize("0") == "0"


def test_texturize_leaves_code_comments_and_attributes_alone():
    text = '<pre>"x" -- y</pre><code>"x"</code><kbd>--</kbd> "z"'
    assert wptexturize(text) == '<pre>"x" -- y</pre><code>"x"</code><kbd>--</kbd> &#8220;z&#8221;'
    assert wptexturize('<!-- "c" --> "d"') == '<!-- "c" --> &#8220;d&#8221;'
    assert wptexturize('<a title="a & b">"x"</a>') == '<a title="a &#038; b">&#8220;x&#8221;</a>'
    # Unbalanced closing tags do not end a <pre>.
    assert wptexturize('<pre></code>"x"</pre>') == '<pre></code>"x"</pre>'


def test_texturize_skips_registered_shortcodes_only():
    text = f'[{CARD} region="EG"] "z" [/{CARD}]'
    assert wptexturize(text, [CARD]) == f'[{CARD} region="EG"] &#8220;z&#8221; [/{CARD}]'
    # Unregistered, the shortcode's quotes are curled: this is how old exports broke.
    assert wptexturize(text) == f"[{CARD} region=&#8221;EG&#8221;] &#8220;z&#8221; [/{CARD}]"
    # [code] is registered here, and texturize is off inside it.
    assert wptexturize('[code]"x"[/code] "y"', ["code"]) == '[code]"x"[/code] &#8220;y&#8221;'
    # Escaped [[code]] is not a shortcode, so its content is texturized.
    assert wptexturize('[[code]]"x"', ["code"]) == "[[code]]&#8220;x&#8221;"


def test_texturize_has_no_state_between_calls():
    text = '[foo a="1"] "q"'
    registered = wptexturize(text, ["foo"])
    assert wptexturize(text, ["bar"]) != registered
    assert wptexturize(text, ["foo"]) == registered


# --- wpautop --------------------------------------------------------------------------


def test_autop_paragraphs_and_line_breaks():
    assert wpautop("a\nb\n\nc") == "<p>a<br />\nb</p>\n<p>c</p>\n"
    assert wpautop("a\nb\n\nc", br=False) == "<p>a\nb</p>\n<p>c</p>\n"
    assert wpautop("a\r\nb") == "<p>a<br />\nb</p>\n"
    assert wpautop("  \n ") == ""


def test_autop_br_handling():
    assert wpautop("a<br>b<br/>c") == "<p>a<br />b<br />c</p>\n"
    assert wpautop("a<br>\n<br />b") == "<p>a</p>\n<p>b</p>\n"
    assert wpautop("line<br />\nnext") == "<p>line<br />\nnext</p>\n"


def test_autop_blocks_are_not_wrapped():
    assert wpautop("<div>x</div>\n\ny") == "<div>x</div>\n<p>y</p>\n"
    assert wpautop("a<div>b</div>") == "<p>a</p>\n<div>b</div>\n"
    assert wpautop("<ul>\n<li>1</li>\n</ul>") == "<ul>\n<li>1</li>\n</ul>\n"
    assert wpautop("<figure>x</figure><details>y</details>") == (
        "<figure>x</figure>\n<details>y</details>\n"
    )
    assert wpautop("<blockquote>q</blockquote>") == "<blockquote><p>q</p></blockquote>\n"
    assert wpautop("a<hr>b") == "<p>a</p>\n<hr>\n<p>b</p>\n"


def test_autop_keeps_pre_scripts_math_and_newlines_in_tags():
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"
    assert wpautop("<script>a\nb</script>") == "<p><script>a\nb</script></p>\n"
    # <math> is phrasing content in WordPress 7.1: wrapped, its newlines kept.
    assert wpautop("<math>\n<mi>x</mi>\n</math>") == "<p><math>\n<mi>x</mi>\n</math></p>\n"
    assert wpautop('a <a\nhref="x">b</a>') == '<p>a <a\nhref="x">b</a></p>\n'
    assert wpautop("a <!-- x\ny --> b") == "<p>a <!-- x\ny --> b</p>\n"


# --- shortcode_unautop ----------------------------------------------------------------


def test_unautop_unwraps_standalone_shortcodes():
    html = wpautop(f'intro\n\n[{CARD} region="EG"]\n\nend')
    assert html == f'<p>intro</p>\n<p>[{CARD} region="EG"]</p>\n<p>end</p>\n'
    assert shortcode_unautop(html, [CARD]) == f'<p>intro</p>\n[{CARD} region="EG"]\n<p>end</p>\n'
    assert shortcode_unautop("<p>[foo]x[/foo]</p>", ["foo"]) == "[foo]x[/foo]"
    assert shortcode_unautop("<p>&nbsp;[foo /] </p>", ["foo"]) == "[foo /]"


def test_unautop_leaves_inline_and_unregistered_shortcodes():
    assert shortcode_unautop("<p>a [foo] b</p>", ["foo"]) == "<p>a [foo] b</p>"
    assert shortcode_unautop("<p>[foobar]</p>", ["foo"]) == "<p>[foobar]</p>"
    assert shortcode_unautop("<p>[foo]x</p>", ["foo"]) == "<p>[foo]x</p>"
    assert shortcode_unautop("<p>[foo]</p>", []) == "<p>[foo]</p>"


# --- helpers --------------------------------------------------------------------------


def test_wp_html_split_elements_comments_and_cdata():
    assert wp_html_split("a<b>c<!-- x > y -->d<![CDATA[ ]> ]]>e<f") == [
        "a",
        "<b>",
        "c",
        "<!-- x > y -->",
        "d",
        "<![CDATA[ ]> ]]>",
        "e",
        "<f",
        "",
    ]
    assert wp_html_split("plain") == ["plain"]
    assert re.compile(get_html_split_regex()).groups == 1
    assert re.fullmatch(wp_spaces_regexp(), NBSP) and re.fullmatch(wp_spaces_regexp(), "&nbsp;")


def test_wp_replace_in_html_tags_only_touches_elements():
    assert wp_replace_in_html_tags("<a\nb>c\nd</a>", {"\n": " "}) == "<a b>c\nd</a>"
    # Several pairs: PHP's strtr(), longest match first, one pass.
    assert wp_replace_in_html_tags("<x y z>x y", {"x": "1", "x y": "2"}) == "<2 z>x y"


# --- regexes rewritten for Python: the same matches as WordPress's own ----------------


def _random_texts(alphabet: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(count)]


def test_newline_to_br_rewrite_matches_the_php_pattern():
    php = re.compile(r"(?<!<br />)\s*\n", re.ASCII)
    alphabet = ["<br />", "<br />\n", " ", "\n", "\t", "\r", "a", "\x0b"]
    for text in _random_texts(alphabet, 3000, seed=1):
        expected = php.sub("<br />\n", text)
        assert _Autop.newline_to_br.sub("<br />\n", text) == expected, text
        if not _Autop.newline_next_to_space.search(text):
            assert _Autop.lone_newline_to_br.sub("<br />\n", text) == expected, text


def test_unwrap_li_matches_the_php_pattern():
    php = re.compile(r"<p>(<li.+?)</p>", re.ASCII)
    alphabet = ["<p>", "<li", "</p>", "<p><li", "\n", "\r", "x", "<", "p>", "/p>"]
    for text in _random_texts(alphabet, 3000, seed=4):
        assert _unwrap_li(text) == php.sub(r"\1", text), text


def test_factored_block_names_are_wordpress_list():
    wordpress = re.compile(
        "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
        "|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section"
        "|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
    )
    ours = re.compile(_ALLBLOCKS)
    names = re.findall(r"[a-z]+", wordpress.pattern) + [f"h{n}" for n in range(10)]
    # Every name, every prefix of one, and each with a letter added.
    candidates = {
        name[:end] + extra
        for name in names
        for end in range(len(name) + 1)
        for extra in ("", "a", "p", "r", "1")
    }
    for word in candidates:
        assert bool(ours.fullmatch(word)) == bool(wordpress.fullmatch(word)), word


@pytest.mark.parametrize("chars", ["]/", "[]<>", "[]>", "\x00", "\U0010ffff"])
def test_none_of_is_the_negated_class(chars):
    ours = re.compile(_none_of(chars))
    negated = re.compile("[^" + re.escape(chars) + "]")
    for code in [*range(0x3000), 0xFFFF, 0x10000, 0x10FFFF]:
        assert bool(ours.fullmatch(chr(code))) == bool(negated.fullmatch(chr(code))), code


@pytest.mark.parametrize(
    ("element", "php"),
    [
        (_Autop.option, r"\s*<option"),
        (_Autop.object_close, r"\s*</object>"),
        (_Autop.param_embed, r"\s*(</?(?:param|embed)[^>]*>)\s*"),
        (_Autop.audio_video_close, r"\s*([<\[]/(?:audio|video)[>\]])"),
        (_Autop.source_track, r"\s*(<(?:source|track)[^>]*>)\s*"),
        (_Autop.figcaption_open, r"\s*(<figcaption[^>]*>)"),
    ],
)
def test_collapse_spaces_matches_the_php_pattern(element, php):
    php_re = re.compile(php, re.ASCII)
    after = php.endswith(r"\s*")
    alphabet = ["<option", "</object>", "<param x>", "<embed>", "[/audio]", "</video>"]
    alphabet += ["<source>", "<track", ">", "<figcaption>", " ", "\n", "\t", "\x0b", "a", "<"]
    for text in _random_texts(alphabet, 3000, seed=3):
        expected = php_re.sub(lambda m: m[1] if php_re.groups else m[0].lstrip(), text)
        assert _collapse_spaces(element, text, after=after) == expected, text


def test_unautop_atomic_loop_matches_the_plain_pattern():
    # WordPress's pattern with its possessive loops simply dropped to plain ones.
    spaces = r"(?:[\r\n\t ]|\u00a0|&nbsp;)*"
    plain = re.compile(
        rf"<p>{spaces}(\[(foo|fo)(?![\w-])[^\]\/]*(?:\/(?!\])[^\]\/]*)*?"
        rf"(?:\/\]|\](?:[^\[]*(?:\[(?!\/\2\])[^\[]*)*\[\/\2\])?)){spaces}</p>",
        re.ASCII,
    )
    ours = _shortcode_unautop_regex(("foo", "fo"))
    alphabet = ["<p>", "</p>", "[foo]", "[/foo]", "[fo", "]", "/", "[", " ", "&nbsp;", "x"]
    alphabet += ["\u00a0", "\n", "nbsp;", "&", "[foo/]", "[fo-", "/]"]
    for text in _random_texts(alphabet, 3000, seed=2):
        assert ours.sub(r"\1", text) == plain.sub(r"\1", text), text
        # shortcode_unautop tries the pattern only before a '[' (and without its
        # enclosing part when no "[/" occurs): the same result.
        assert shortcode_unautop(text, ("foo", "fo")) == plain.sub(r"\1", text), text


# --- hostile input: linear time -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<" * 1_000_000,
        "[" * 1_000_000,
        " " * 1_000_000 + "x",
        "<p>\t" + " " * 1_000_000 + "x<br />",
        "\n " * 500_000,
        " " * 1_000_000 + "x<option><figcaption></object><source>[/audio]",
        "'\"-" * 300_000,
        f"[{CARD} " * 100_000 + "<" * 100_000,
        "<div>" * 100_000 + "</div>" * 100_000,
        "<p><li" * 200_000 + "\n</p>",
        "<div" * 200_000 + ">\n</p>",
        "<script>" * 100_000 + "<source></object></p><br />",
        "<figcaption" * 100_000 + "<object" * 100_000 + "</object></figcaption><track>",
        "[audio" * 100_000 + "<audio <source>",
        "<pre" * 100_000 + "<li" * 100_000 + ">",
    ],
    ids=[
        "angles",
        "brackets",
        "spaces",
        "spaces-br",
        "newlines",
        "spaces-elements",
        "quotes",
        "open-shortcodes",
        "nesting",
        "list-items",
        "open-blocks",
        "unclosed-scripts",
        "open-figcaptions",
        "open-audio",
        "open-pre-li",
    ],
)
def test_hostile_input_finishes_linearly(text):
    with hang_guard():
        out = shortcode_unautop(wpautop(wptexturize(text, [CARD])), [CARD])
        wpautop(text, br=False)
    assert isinstance(out, str)


def test_newline_in_element_is_never_wrong_when_it_says_no():
    # wpautop skips wp_replace_in_html_tags when it says no element holds a newline.
    rng = random.Random(7)
    pieces = ["<", ">", "\n", "a", "<!--", "-->", "<![CDATA[", "]]>", "<p>", "</p>", " "]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        elements = wp_html_split(text)[1::2]
        has = any("\n" in e for e in elements)
        if "<!--" in text or "<![CDATA[" in text:
            assert _newline_in_element(text) or not has, repr(text)
        else:
            assert _newline_in_element(text) == has, repr(text)


AUTOP_TAGS = ["<p>", "</p>", "<br>", "<br/>", "<BR>", "<hr>", "<option>", "<OPTION>", "</option>"]
AUTOP_TAGS += ["<object>", "</object>", "<param>", "<embed>", "<source>", "<track>", "<audio>"]
AUTOP_TAGS += ["</audio>", "<figcaption>", "</figcaption>", "<div>", "</div>", "</DIV>", "</form>"]
AUTOP_TAGS += [
    "<address>",
    "<blockquote>",
    "<BLOCKQUOTE>",
    "</blockquote>",
    "<script>",
    "</script>",
]
AUTOP_TAGS += ["<svg>", "</svg>", "<li>", "<link>", "<pre>", "</pre>", "<!--", "-->", "<p><li>"]
AUTOP_TAGS += ["\n", "\n\n", " ", "  \n", "text", "مرحبا", "[x]", "<", ">", "<Br>", "</objectx>"]


PLAIN_PIECES = ["a", "ب", " ", "\t", "\n", "\n\n", "\r", "\x0b", "\x0c", "\u00a0", "&nbsp;"]
PLAIN_PIECES += [">", "br />", "x>", "/p>", "p", "\n\n\n", " \n", "\n "]


def _wpautop_of_text_without_tags(text: str) -> str:
    """WordPress's wpautop, transcribed plainly, for a text without '<': only these of
    its steps can match one (in formatting.php's order)."""
    if text.strip(" \t\n\r\0\x0b") == "":
        return ""
    text = (text + "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text, flags=re.A) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text, flags=re.A)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text, flags=re.A)
    blocks = "|".join(_ALLBLOCK_NAMES)
    text = re.sub(rf"(</?(?:{blocks})[^>]*>)\s*<br />", r"\1", text, flags=re.A)
    before = r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"
    text = re.sub(before, r"\1", text, flags=re.A)
    return re.sub(r"\n</p>$", "</p>", text)


@given(st.lists(st.sampled_from(PLAIN_PIECES), max_size=40).map("".join))
@example("a\nb\n\nc")
@example(" \n\nx")
@example("x>\ny\n\n\tz\n")
@example("\n\x0c")  # not blank for PHP's trim(), yet no paragraph
def test_autop_of_text_without_tags_is_wordpress_s(text):
    # wpautop finishes a text without tags from its paragraphs (_autop_plain).
    assert wpautop(text) == _wpautop_of_text_without_tags(text)


@given(st.lists(st.sampled_from(AUTOP_TAGS), max_size=40).map("".join))
@example("<p><BLOCKQUOTE>\nx</blockquote></p>\n\n<OPTION>a\n</option><br/>b</objectx>")
def test_autop_probe_says_what_each_literal_search_would(text):
    # wpautop finds the tags its steps are about in one pass instead of one search
    # each: it must say yes exactly where WordPress's search for the literal does
    # ("li" and the blockquotes only let a step through that searches again itself).
    from shortcodes.wordpress.formatting import _AUTOP_PROBE, _Autop

    tags = {name.lower() for name in _AUTOP_PROBE.findall(text)}
    exact = {"br": "<br", "hr": "<hr", "option": "<option", "/object>": "</object>"}
    exact |= {name: "<" + name for name in ("source", "track", "figcaption", "script")}
    exact |= {name: "<" + name for name in ("style", "svg", "math", "/div>", "/address>")}
    exact["/form>"] = "</form>"
    exact["p>"] = "<p>"
    for name, literal in exact.items():
        assert (name in tags) == (literal in text), name
    assert "li" in tags or "<p><li" not in text
    assert "blockquote" in tags or not _Autop.p_blockquote.search(text)
    assert "/blockquote" in tags or "</blockquote></p>" not in text


TAG_SCAN_PARTS = ["<div", "</div", "<p>", "</p>", "<br />", ">", "<", "[", "]", " ", "\n", "x"]
TAG_SCAN_PARTS += ["<object", "</object>", "<param", "<embed", "<audio", "[video", "<source"]
TAG_SCAN_PARTS += ["<track", "<figcaption", "<script", "</script>", "<svg", "</svg>", "<pre"]


@given(st.lists(st.sampled_from(TAG_SCAN_PARTS), max_size=60).map("".join))
@example("<div<div>x</p><div <div></p>")
@example("<audio ] <audio> [video x]\n")
@example("<script>a\n<svg>b\n</script><svg></svg>\n</svg>")
def test_linear_tag_scans_match_the_regexes(text):
    # wpautop's patterns that scan from a tag start to the next '>' are run so that a
    # run of starts before one '>' is not scanned again from each: the same matches.
    from shortcodes.wordpress import formatting as f

    r = f._Autop
    for pattern, start, stops in (
        (r.block_before_p_close, r.block_start, ">"),
        (r.br_after_block, r.block_start, ">"),
        (r.object_open, r.object_start, ">"),
        (r.audio_video_open, r.audio_video_start, ">]"),
    ):
        assert f._tag_sub(pattern, start, f._group1, text, stops) == pattern.sub(f._group1, text)
        found = [m.span() for m in f._tag_matches(pattern, start, text, stops)]
        assert found == [m.span() for m in pattern.finditer(text)]
    for pattern, start in (
        (r.param_embed, r.param_embed_start),
        (r.source_track, r.source_track_start),
        (r.figcaption_open, r.figcaption_start),
    ):
        assert f._tag_split(pattern, start, text) == pattern.split(text)
    # WordPress: preg_replace_callback('/<(script|style|svg|math).*?<\/\\1>/s', …).
    elements = re.compile(r"<(script|style|svg|math).*?</\1>", re.S | re.ASCII)
    placeholders = elements.sub(lambda m: m[0].replace("\n", "<WPPreserveNewline />"), text)
    assert f._preserve_newlines(text) == placeholders
    slow = re.search(r"<[^>]*\n", text) is not None
    assert (f._NEWLINE_IN_TAG.search(text) is not None) == slow
