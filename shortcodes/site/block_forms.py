"""What the site writer adjusts in the forms WordPress's blocks print in post bodies:
search forms sent to the static site's search page (which reads their `s` field as
WordPress does), and the archives dropdown's options (page addresses, which its script
opens) pointed at the new pages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from markupsafe import escape

# What render_block_core_search prints: <form role="search" method="get" action="…"
# (or <search …><form method="get" action="…">).
_SEARCH_ACTION = re.compile(
    r'(<form role="search" method="get" action=")[^"]*(")'
    r'|(<search\b[^>]*><form method="get" action=")[^"]*(")'
)
# get_archives_link()'s option format: <option value='URL'>
_ARCHIVE_OPTION = re.compile(r"(\t<option value=')([^']+)(')")


def point_search_forms(html: str, search_page: str) -> str:
    """`html` with its search forms' action at `search_page` (a relative URL)."""
    if "search" not in html or 'method="get"' not in html:
        return html
    action = str(escape(search_page))
    return _SEARCH_ACTION.sub(lambda m: (m[1] or m[3]) + action + (m[2] or m[4]), html)


def point_archive_options(html: str, link: Callable[[str], str | None]) -> str:
    """The options of archives dropdowns (`name="archive-dropdown"`) at the addresses
    `link` gives their old URLs (None: kept)."""
    if 'name="archive-dropdown"' not in html:
        return html

    def point(m: re.Match[str]) -> str:
        new = link(m[2].replace("&#038;", "&"))
        return m[0] if new is None else m[1] + str(escape(new)) + m[3]

    return _ARCHIVE_OPTION.sub(point, html)


# The exports of the script WordPress prints after a categories dropdown (see
# `wordpress.dynamic_blocks_archive.dropdown_script`): ( ( [ dropdownId, homeUrl ] ) =>
# {…} )( ["id","https://old.example/"] ); — the script opens homeUrl?category_name=slug.
_CATEGORIES_EXPORTS = re.compile(
    r'(\)\( \[)("(?:[^"\\]|\\.)*"),"(?:[^"\\]|\\.)*"'
    r"(\] \);\n//# sourceURL=build_dropdown_script_block_core_categories\n)"
)


def point_category_dropdowns(html: str, home_page: str) -> str:
    """`html` with its categories dropdowns opening `home_page` (a URL relative to
    the page) instead of the old site's home: its `?category_name=` address is one
    of the redirects, which the host's maps or the home page's fallback serve."""
    if "build_dropdown_script_block_core_categories" not in html:
        return html
    home = json.dumps(home_page).replace("<", "\\u003C").replace(">", "\\u003E")
    return _CATEGORIES_EXPORTS.sub(
        lambda m: f"{m[1]}{m[2]},new URL({home},location.href).href{m[3]}", html
    )
