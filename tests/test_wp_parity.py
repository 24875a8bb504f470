"""Conformance with WordPress 7.1 itself, case by case and field by field.

The truth is ../shared/data/wp_parity/wordpress_cases.json (what WordPress returned for
459 inputs). Every registered tag has the same recording handler: call number n
records (tag, atts, content) and returns ``{SC#n}``; `nest` and `baztag` also run
do_shortcode on their content and record that as ``content_out``.
"""

from __future__ import annotations

import json

import pytest
from conftest import SHARED

from shortcodes.wordpress import (
    do_shortcode,
    get_shortcode_regex,
    get_shortcode_tags_in_content,
    shortcode_parse_atts,
    shortcode_unautop,
    strip_shortcodes,
    the_content,
    wpautop,
    wptexturize,
)

CASES_PATH = SHARED / "data" / "wp_parity" / "wordpress_cases.json"
DATA = json.loads(CASES_PATH.read_text(encoding="utf-8")) if CASES_PATH.exists() else None
CASES = DATA["results"] if DATA else []
TAGS = tuple(DATA["meta"]["tags"]) if DATA else ()
NESTING = {"nest", "baztag"}

needs_shared = pytest.mark.skipif(DATA is None, reason=f"{CASES_PATH} not available")


class Recorder:
    """The handler WordPress ran: numbers calls and records what it was given."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.handlers = {tag: self for tag in TAGS}

    def __call__(self, atts, content, tag):
        n = len(self.calls)
        call = {"n": n, "tag": tag, "atts": [[k, v] for k, v in atts.items()], "content": content}
        self.calls.append(call)
        if tag in NESTING:
            call["content_out"] = do_shortcode(content, self.handlers)
        return f"{{SC#{n}}}"


def php_atts(value):
    return [[k, v] for k, v in value.items()] if isinstance(value, dict) else value


def run_field(case: dict, field: str):
    """What our port returns for one recorded field of one case."""
    text = case["input"]
    if field in ("do_shortcode", "do_shortcode_ignore_html", "the_content"):
        rec = Recorder()
        if field == "the_content":
            out = the_content(text, rec.handlers)
        else:
            out = do_shortcode(text, rec.handlers, ignore_html=field.endswith("ignore_html"))
        return out, rec.calls
    if field == "parse_atts":
        return php_atts(shortcode_parse_atts(text))
    if field == "strip_shortcodes":
        return strip_shortcodes(text, TAGS)
    if field == "texturize":
        return wptexturize(text, TAGS)
    if field == "autop":
        return wpautop(text)
    if field == "unautop":
        return shortcode_unautop(wpautop(text), TAGS)
    if field == "tags_in_content":
        return get_shortcode_tags_in_content(text, TAGS)
    if field == "regex_matches":
        import re

        pattern = re.compile(get_shortcode_regex(TAGS))
        return [
            {
                "byte_offset": len(text[: m.start()].encode("utf-8")),
                "char_offset": m.start(),
                "groups": [m.group(i) for i in range(7)],
            }
            for m in pattern.finditer(text)
        ]
    raise KeyError(field)


CALL_FIELDS = {
    "do_shortcode": "calls",
    "do_shortcode_ignore_html": "do_shortcode_ignore_html_calls",
    "the_content": "the_content_calls",
}
FIELDS = [
    "do_shortcode",
    "do_shortcode_ignore_html",
    "parse_atts",
    "regex_matches",
    "tags_in_content",
    "strip_shortcodes",
    "texturize",
    "autop",
    "unautop",
    "the_content",
]


def expected(case: dict, field: str):
    if field in CALL_FIELDS:
        return case[field], case[CALL_FIELDS[field]]
    return case[field]


@needs_shared
@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("index", range(len(CASES)))
def test_wordpress_parity(index, field):
    case = CASES[index]
    assert run_field(case, field) == expected(case, field), case["input"][:200]


@needs_shared
def test_parity_report(capsys):
    """Per-field agreement, printed for the closing note (`pytest -s -k parity_report`)."""
    failing: dict[str, list[int]] = {}
    for field in FIELDS:
        failing[field] = [
            i for i, case in enumerate(CASES) if run_field(case, field) != expected(case, field)
        ]
    with capsys.disabled():
        print(f"\nWordPress parity over {len(CASES)} cases:")
        for field, bad in failing.items():
            print(f"  {field:26s} {len(CASES) - len(bad)}/{len(CASES)}  failing: {bad[:20]}")
    assert all(not bad for bad in failing.values())
