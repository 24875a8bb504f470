"""Redirect maps for what a static host cannot serve by itself (`/?p=ID`, old spellings).

One table of (old, new) pairs written three ways: Netlify/Cloudflare Pages
`_redirects`, an Apache `.htaccess`, and an nginx `map` to include. Addresses are
written as browsers send them (percent-encoded UTF-8), so Arabic paths match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import quote, unquote, urlsplit

# What a path keeps unencoded: RFC 3986's unreserved characters and sub-delims.
_PATH_SAFE = "/-._~!$&'()*+,;=:@"


def encoded(url: str) -> str:
    """`url` (a host-less path, maybe with a query) as a browser sends it."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path), safe=_PATH_SAFE)
    return path + (f"?{quote(unquote(parts.query), safe='=&')}" if parts.query else "")


def redirect_maps(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The three maps of `pairs` (old path with optional query → new path): file name →
    text. The first pair for an old address wins; a pair leading to itself is left out."""
    seen: dict[str, str] = {}
    for old, new in pairs:
        old, new = encoded(old), encoded(new)
        if old != new and old not in seen:
            seen[old] = new
    netlify = ["# Old WordPress addresses (Netlify, Cloudflare Pages): old new status"]
    apache = ["# Old WordPress addresses (Apache, mod_rewrite)", "RewriteEngine On"]
    nginx = [
        "# Old WordPress addresses (nginx). In the http block: include this file;",
        "# in the server block: if ($covid_shortcodes_redirect) "
        "{ return 301 $covid_shortcodes_redirect; }",
        "map $request_uri $covid_shortcodes_redirect {",
        '    default "";',
    ]
    for old, new in seen.items():
        path, _, query = old.partition("?")
        netlify.append(f"{path} {query} {new} 301" if query else f"{path} {new} 301")
        # mod_rewrite matches the decoded path (in .htaccess, without its leading /)
        rule = "^" + re.escape(unquote(path).lstrip("/")) + "$"
        if query:
            apache.append(f"RewriteCond %{{QUERY_STRING}} ^{re.escape(query)}$")
        apache.append(f"RewriteRule {rule} {new}{'?' if query else ''} [R=301,L,NE]")
        nginx.append(f"    {_nginx_string(old)} {_nginx_string(new)};")
    nginx.append("}")
    return {
        "_redirects": "\n".join(netlify) + "\n",
        ".htaccess": "\n".join(apache) + "\n",
        "nginx-redirects.conf": "\n".join(nginx) + "\n",
    }


def write_redirect_maps(
    pairs: Iterable[tuple[str, str]],
    write: Callable[[str, str], None],
    *,
    served: str = "",
    unserved: str = "",
) -> None:
    """Write the maps of `pairs` with `write(rel, text)`: `_redirects` and `.htaccess`
    into `served` (the folder the host publishes), the nginx map into `unserved`."""
    for name, text in redirect_maps(pairs).items():
        folder = unserved if name.startswith("nginx") else served
        write(f"{folder.rstrip('/')}/{name}" if folder else name, text)


def _nginx_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
