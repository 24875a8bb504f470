"""Redirect maps for what a static host cannot serve by itself (`/?p=ID`, old spellings).

One table of (old, new) pairs written three ways: Netlify/Cloudflare Pages
`_redirects`, an Apache `.htaccess`, and an nginx `map` to include. Addresses are
written as browsers send them (percent-encoded UTF-8), so Arabic paths match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .files import atomic_stream
from .paths import inside

# What a path keeps unencoded: RFC 3986's unreserved characters and sub-delims.
_PATH_SAFE = "/-._~!$&'()*+,;=:@"


def encoded(url: str) -> str:
    """`url` (a host-less path, maybe with a query) as a browser sends it."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path), safe=_PATH_SAFE)
    return path + (f"?{quote(unquote(parts.query), safe='=&')}" if parts.query else "")


_HEADS = {
    "_redirects": ["# Old WordPress addresses (Netlify, Cloudflare Pages): old new status"],
    ".htaccess": ["# Old WordPress addresses (Apache, mod_rewrite)", "RewriteEngine On"],
    "nginx-redirects.conf": [
        "# Old WordPress addresses (nginx). In the http block: include this file;",
        "# in the server block: if ($covid_shortcodes_redirect) "
        "{ return 301 $covid_shortcodes_redirect; }",
        "map $request_uri $covid_shortcodes_redirect {",
        '    default "";',
    ],
}
_FEET = {"nginx-redirects.conf": ["}"]}


def redirect_lines(old: str, new: str) -> dict[str, list[str]]:
    """The lines of each map that send `old` (a path, maybe with a query) to `new`."""
    old, new = encoded(old), encoded(new)
    path, _, query = old.partition("?")
    netlify = f"{path} {query} {new} 301" if query else f"{path} {new} 301"
    # mod_rewrite matches the decoded path (in .htaccess, without its leading /)
    rule = "^" + re.escape(unquote(path).lstrip("/")) + "$"
    apache = [f"RewriteCond %{{QUERY_STRING}} ^{re.escape(query)}$"] if query else []
    apache.append(f"RewriteRule {rule} {new}{'?' if query else ''} [R=301,L,NE]")
    nginx = f"    {_nginx_string(old)} {_nginx_string(new)};"
    return {"_redirects": [netlify], ".htaccess": apache, "nginx-redirects.conf": [nginx]}


def write_redirect_maps(
    pairs: Iterable[tuple[str, str]], root: Path, *, served: str = "", unserved: str = ""
) -> None:
    """Write the three maps of `pairs` (old address → new path, in order; a pair that
    leads to itself is left out) in one pass: `_redirects` and `.htaccess` into
    `root`/`served` (the folder the host publishes), the nginx map into
    `root`/`unserved`. Each file is written atomically. Raises OutputError."""
    with ExitStack() as stack:
        files = {}
        for name, head in _HEADS.items():
            folder = unserved if name.startswith("nginx") else served
            rel = f"{folder.strip('/')}/{name}" if folder.strip("/") else name
            files[name] = stack.enter_context(atomic_stream(inside(root, rel), keep_identical=True))
            files[name].write(("\n".join(head) + "\n").encode("utf-8"))
        for old, new in pairs:
            if encoded(old) == encoded(new):
                continue
            for name, lines in redirect_lines(old, new).items():
                files[name].write(("\n".join(lines) + "\n").encode("utf-8"))
        for name, foot in _FEET.items():
            files[name].write(("\n".join(foot) + "\n").encode("utf-8"))


def _nginx_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
