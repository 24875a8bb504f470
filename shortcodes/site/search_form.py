"""Search forms of post bodies (WordPress's core/search block) sent to the static
site's search page, which reads their `s` field as WordPress does."""

from __future__ import annotations

import re

from markupsafe import escape

# What render_block_core_search prints: <form role="search" method="get" action="…"
# (or <search …><form method="get" action="…">).
_SEARCH_ACTION = re.compile(
    r'(<form role="search" method="get" action=")[^"]*(")'
    r'|(<search\b[^>]*><form method="get" action=")[^"]*(")'
)


def point_search_forms(html: str, search_page: str) -> str:
    """`html` with its search forms' action at `search_page` (a relative URL)."""
    if "search" not in html or 'method="get"' not in html:
        return html
    action = str(escape(search_page))
    return _SEARCH_ACTION.sub(lambda m: (m[1] or m[3]) + action + (m[2] or m[4]), html)
