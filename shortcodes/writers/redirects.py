"""Redirect maps beside a static site, all from one table of (old, new) pairs.

A static file host cannot answer `/?p=123` or a percent-encoded spelling of a path
it stores decoded; these files tell the web server to:

- `_redirects`: Netlify (query-string rules) and Cloudflare Pages (paths only);
- `redirects.nginx.conf`: an nginx `map` to `include` in the `http` block, with the
  two lines to put in the `server` block written at its top;
- `.htaccess`: Apache mod_rewrite rules.

`old` is what a visitor asks for (a path, maybe with `?query`, as the old site wrote
it); `new` the path on the new site (both from the site's root, starting with '/').
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote

from .files import atomic_stream
from .paths import inside

FILES = ("_redirects", "redirects.nginx.conf", ".htaccess")
# What may stay as it is in a URL written into the maps: no space, quote, '$', '{',
# ';' or '\', which mean something to the servers' parsers; non-ASCII is encoded.
_SAFE = "/?=&%:@!'()*+,-._~"

_NGINX_HEAD = """\
# Old WordPress addresses -> new pages. In nginx's http block:
#     include /path/to/redirects.nginx.conf;
# and in the server block:
#     index index.html index.xml;
#     if ($covid_shortcodes_redirect) { return 301 $covid_shortcodes_redirect; }
map $request_uri $covid_shortcodes_redirect {
    default "";
"""
_APACHE_HEAD = """\
# Old WordPress addresses -> new pages (mod_rewrite). Feeds are the folders' index.xml.
DirectoryIndex index.html index.xml
AddDefaultCharset UTF-8
<IfModule mod_rewrite.c>
RewriteEngine On
"""
_NETLIFY_HEAD = (
    "# Old WordPress addresses -> new pages (Netlify; Cloudflare Pages reads the paths).\n"
)


def _url(text: str) -> str:
    return quote(text, safe=_SAFE)


def _regex(text: str) -> str:
    """`text` as a literal in an Apache regex."""
    return "".join("\\" + c if c in r".^$*+?()[]{}|\-" else c for c in text)


def write_redirect_maps(
    output: Path,
    pairs: Iterable[tuple[str, str]],
    *,
    served: str = "",
    unserved: str = "",
    not_found: str | None = None,
) -> list[str]:
    """Write the three maps into `output` from `pairs` (streamed; the first pair for an
    old address wins, as the servers read them): `_redirects` and `.htaccess` into the
    folder `served` (where the host publishes from: Hugo's `static/`), the nginx map into
    `unserved` (server configuration; both relative to `output`). `not_found`: the
    site's 404 page (`/blog/404.html`), which Apache and nginx show only when told
    (Netlify, Cloudflare Pages and GitHub Pages find 404.html themselves). Returns the
    files written, relative to `output`."""
    rels = {}
    for name in FILES:
        folder = (unserved if name.endswith(".conf") else served).strip("/")
        rels[name] = f"{folder}/{name}" if folder else name
    with contextlib.ExitStack() as stack:
        outs = {
            name: stack.enter_context(atomic_stream(inside(output, rel), keep_identical=True))
            for name, rel in rels.items()
        }
        outs["_redirects"].write(_NETLIFY_HEAD.encode())
        nginx_head, apache_head = _NGINX_HEAD, _APACHE_HEAD
        if not_found:
            page = _url(not_found)
            nginx_head = nginx_head.replace(
                "#     index index.html index.xml;\n",
                f"#     index index.html index.xml;\n#     error_page 404 {page};\n",
            )
            apache_head = apache_head.replace(
                "AddDefaultCharset UTF-8\n", f"AddDefaultCharset UTF-8\nErrorDocument 404 {page}\n"
            )
        outs["redirects.nginx.conf"].write(nginx_head.encode())
        outs[".htaccess"].write(apache_head.encode())
        for old, new in pairs:
            old_url, new_url = _url(old), _url(new)
            if old_url == new_url:
                continue
            path, _, query = old_url.partition("?")
            if query:
                # Netlify matches the parameters (each its own field: /?m=2021&w=26 is
                # "m=2021 w=26"); Cloudflare ignores query rules.
                netlify = f"{path} {query.replace('&', ' ')} {new_url} 301!\n"
                apache = (
                    f"RewriteCond %{{QUERY_STRING}} ^{_regex(query)}$\n"
                    f"RewriteRule ^{_regex(path.lstrip('/'))}$ {new_url}? [R=301,L,NE]\n"
                )
            else:
                netlify = f"{path} {new_url} 301\n"
                # Apache matches the decoded path: another spelling of the new path is
                # served as it is (a rule would send it to itself).
                decoded = unquote(path)
                apache = (
                    ""
                    if decoded == unquote(new_url)
                    else f"RewriteRule ^{_regex(decoded.lstrip('/'))}$ {new_url} [R=301,L,NE]\n"
                )
            outs["_redirects"].write(netlify.encode())
            outs[".htaccess"].write(apache.encode())
            outs["redirects.nginx.conf"].write(f'    "{old_url}" "{new_url}";\n'.encode())
        outs["redirects.nginx.conf"].write(b"}\n")
        outs[".htaccess"].write(b"</IfModule>\n")
    return list(rels.values())


__all__ = ["FILES", "write_redirect_maps"]
