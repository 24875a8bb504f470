"""A new user deploying `convert --format html` on a static host: in a subfolder, with a
404 page the host serves at any missing address, an export whose own pages take the
names the site would use, posts whose permalinks name another host, reruns."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote, urljoin

import pytest
from conftest import shared_path
from httpserver import static_host
from test_browser import browser  # noqa: F401 - the Chromium fixture
from wxrfactory import export, item

from shortcodes.convert import ConvertOptions, convert
from shortcodes.site import SiteOptions
from shortcodes.site.build import pagefind_available
from shortcodes.writers.base import link_values

NO_SEARCH = SiteOptions(search=False)
needs_pagefind = pytest.mark.skipif(
    not pagefind_available(), reason="pagefind[extended] not installed"
)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def _export(tmp_path: Path, *items: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(export(*items), encoding="utf-8")
    return path


def _links(html: str) -> list[str]:
    return [html[s:e].replace("&amp;", "&") for s, e in link_values(html)]


def crawl(host: str, start: str, pages: list[str] = ()) -> tuple[int, list[str]]:
    """Follow every link, image and stylesheet of the site from `start` (and `pages`),
    as a link checker does: (pages checked, "address <- the page linking it" of each
    one that is not found)."""
    todo = [(start, ""), *((p, "") for p in pages)]
    seen: set[str] = set()
    broken = []
    while todo:
        url, source = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as reply:
                body, kind = reply.read(), reply.headers.get("Content-Type", "")
        except urllib.error.HTTPError:
            broken.append(f"{unquote(url)} <- {unquote(source)}")
            continue
        if "html" not in kind:
            continue
        for link in _links(body.decode("utf-8")):
            target = quote(urljoin(url, link), safe=":/?#[]@!$&'()*+,;=%~").split("#")[0]
            if target.startswith(host) and target not in seen:
                todo.append((target, url))
    return len(seen), broken


# -- a site in a subfolder: its 404 page at any depth ------------------------------------


@pytest.mark.browser
@needs_pagefind
def test_a_site_in_a_subfolder_shows_a_styled_404_with_working_links_and_search(
    tmp_path,
    browser,  # noqa: F811
):
    items = [
        item(post_id="1", slug="first", title="First", content="Zanzibar lighthouses"),
        item(post_id="2", slug="about", title="About", post_type="page", content="Who we are"),
    ]
    site = tmp_path / "site"
    options = ConvertOptions(site=SiteOptions(site_url="https://example.com/blog/"))
    assert not convert(_export(tmp_path, *items), site, options).errors
    with static_host(site, "/blog") as host:
        missing = host + "/blog/2019/01/02/an/old/deep/address/"
        page = browser.new_page()
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        assert page.goto(missing).status == 404
        assert failed == [missing]  # its stylesheets (and everything else it loads) load
        # Styled: the site's stylesheet is applied (the skip link is moved off screen).
        assert page.evaluate("document.styleSheets.length") >= 2
        skip = page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position")
        assert skip == "absolute"
        # Every link of the 404 page leads to a page of the site.
        hrefs = page.eval_on_selector_all("a[href]", "es => es.map(e => e.href)")
        hrefs = [h for h in hrefs if h.startswith(host) and not h.startswith(missing + "#")]
        assert hrefs and all(get(h.split("#")[0])[0] == 200 for h in hrefs), hrefs
        # Its search form finds the post.
        page.fill("input[name=q]", "Zanzibar")
        page.press("input[name=q]", "Enter")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        found = page.eval_on_selector_all(".pagefind-ui__result-link", "es => es.map(e => e.href)")
        page.close()
    assert found == [host + "/blog/first/index.html"]
    # Apache and nginx show it only when told: the maps beside the site say so.
    assert "\nErrorDocument 404 /blog/404.html\n" in (site / ".htaccess").read_text("utf-8")
    assert "error_page 404 /blog/404.html;" in (site / "redirects.nginx.conf").read_text("utf-8")


# -- the export's own page at /search/ ------------------------------------------------------


@needs_pagefind
def test_an_export_page_named_search_keeps_its_address_and_the_search_page_moves(tmp_path):
    items = [
        item(post_id="5", slug="search", title="Search tips", post_type="page", content="Tips"),
        item(post_id="6", content='See <a href="https://example.org/search/">our tips</a>.'),
    ]
    site = tmp_path / "site"
    assert not convert(_export(tmp_path, *items), site).errors
    with static_host(site) as host:
        status, tips = get(host + "/search/")
        assert status == 200 and "Search tips" in tips and "pagefind-ui" not in tips
        status, post = get(host + "/hello/")
        # The post's link to the old /search/ page still leads to it...
        assert any(
            urljoin(host + "/hello/", h) == host + "/search/index.html" for h in _links(post)
        )
        # ...and the header's search form opens the site's search page, wherever it went.
        action = post.split('class="site-search"')[1].split('action="')[1].split('"')[0]
        status, search = get(urljoin(host + "/hello/", action))
        assert status == 200 and "pagefind-ui" in search, action
        # So does WordPress's /?s= on a host without redirects (the home page's fallback).
        home = get(host + "/")[1]
        assert f"location.replace('{action.removeprefix('../')}?q='" in home


# -- a post whose <link> is on another host than the site's ------------------------------


def test_a_post_whose_permalink_names_another_host_is_served_at_its_path(tmp_path):
    items = [
        # A permalink on the site's old domain (or a language's own): its path is the
        # post's address on the site, as WordPress serves it on any host.
        item(post_id="1", slug="moved", link="https://news.example.net/2021/06/moved/"),
        # A link to somewhere else altogether (a "links to" plugin): not the post's path.
        item(post_id="2", slug="elsewhere", link="https://other.example/some/article"),
    ]
    site = tmp_path / "site"
    report = convert(_export(tmp_path, *items), site, ConvertOptions(site=NO_SEARCH))
    assert {p.id: p.path for p in report.posts} == {
        1: "2021/06/moved/index.html",
        2: "elsewhere/index.html",
    }
    with static_host(site) as host:
        assert get(host + "/2021/06/moved/")[0] == 200
        assert get(host + "/elsewhere/")[0] == 200
    assert "/?p=1 /2021/06/moved/" in (site / "_redirects").read_text("utf-8").replace(" p=", "?p=")


def test_arabic_news_items_on_their_own_host_keep_their_paths(tmp_path):
    export_path = shared_path("data", "wxr", "arabic-news-sample.xml")
    report = convert(export_path, tmp_path / "site", ConvertOptions(site=NO_SEARCH))
    paths = {p.id: p.path for p in report.posts if p.path}
    assert paths[100001] == "2021/02/covid-update-1/index.html"
    assert paths[100000] == "2020/01/مصر-الشفاء-والوفيات-الصحة-حصيلة-0/index.html"
    with static_host(tmp_path / "site") as host:
        old = "/2020/01/%d9%85%d8%b5%d8%b1-%d8%a7%d9%84%d8%b4%d9%81%d8%a7%d8%a1-"
        assert get(host + old + quote("والوفيات-الصحة-حصيلة-0/"))[0] == 200


# -- reruns ----------------------------------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@needs_pagefind
@pytest.mark.parametrize("name", ["themeunittestdata.wordpress.xml", "arabic-news-sample.xml"])
def test_a_rerun_into_the_same_folder_leaves_every_file_as_it_was(tmp_path, name):
    from click.testing import CliRunner

    from shortcodes.cli import main

    site = tmp_path / "site"
    args = ["convert", str(shared_path("data", "wxr", name)), "-o", str(site)]
    args += ["--base-url", "https://example.com/blog/"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.stderr
    before = _tree(site)
    assert any(rel.startswith("pagefind/") for rel in before)  # the search index too
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.stderr
    after = _tree(site)
    assert sorted(after) == sorted(before)
    assert [rel for rel in before if after[rel] != before[rel]] == []


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_hugo_and_jekyll_sites_built_for_a_subfolder_work_there(tmp_path, fmt):
    # --base-url https://example.com/blog/ of an export served at its domain's root:
    # the generator's base and every link, stylesheet and redirect follow it.
    if shutil.which(fmt) is None:
        pytest.skip(f"{fmt} is not installed")
    from test_hugo_jekyll import build, problems

    items = [
        item(post_id="1", slug="first", content='<a href="https://example.org/about/">About</a>'),
        item(post_id="2", slug="about", title="About", post_type="page", content="Who we are"),
    ]
    out = tmp_path / "out"
    options = ConvertOptions(format=fmt, site=SiteOptions(site_url="https://example.com/blog/"))
    assert not convert(_export(tmp_path, *items), out, options).errors
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    with static_host(site, "/blog") as host:
        checked, broken = crawl(host, host + "/blog/", [host + "/blog/" + quote(p) for p in pages])
        assert broken == [] and checked > 4
        # A missing address at any depth: the generator's 404 page, styled, linking home.
        status, missing = get(host + "/blog/2020/01/no/such/page/")
        assert status == 404 and 'href="/blog/css/site.css"' in missing
        assert get(host + "/blog/css/site.css")[0] == 200 and 'href="/blog/"' in missing
        status, first = get(host + "/blog/first/")
        assert status == 200 and 'href="/blog/about/"' in first and "/blog/css/" in first
    served = out / ("static" if fmt == "hugo" else "")
    assert "/ p=1 /blog/first/ 301!" in (served / "_redirects").read_text("utf-8")
    assert "\nErrorDocument 404 /blog/404.html\n" in (served / ".htaccess").read_text("utf-8")


# -- the summary's preview command -------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "command"),
    [
        ("html", ["python3", "-m", "http.server", "-d", "{out}"]),
        ("hugo", ["hugo", "server", "--source", "{out}"]),
        ("jekyll", ["jekyll", "serve", "--source", "{out}", "--destination", "{out}/_site"]),
    ],
)
def test_the_summary_says_how_to_preview_any_folder_as_a_shell_reads_it(tmp_path, fmt, command):
    import shlex

    from click.testing import CliRunner

    from shortcodes.cli import main

    out = tmp_path / "my site" / "موقع"  # a space and Arabic: pasted into a shell as it is
    path = _export(tmp_path, item())
    args = ["convert", str(path), "-o", str(out), "--format", fmt, "--no-search"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("preview: ")]
    assert shlex.split(line.removeprefix("preview: ")) == [part.format(out=out) for part in command]


def test_the_html_preview_command_serves_the_site(tmp_path):
    import shlex
    import subprocess
    import sys
    import time

    from click.testing import CliRunner

    from shortcodes.cli import main

    out = tmp_path / "my site"
    result = CliRunner().invoke(main, ["convert", str(_export(tmp_path, item())), "-o", str(out)])
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("preview: ")]
    command = shlex.split(line.removeprefix("preview: "))
    assert command[0] == "python3"
    with socket_port() as port:
        server = subprocess.Popen(
            [sys.executable, *command[1:], "--bind", "127.0.0.1", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    status, page = 0, ""
    try:
        for _ in range(100):
            try:
                status, page = get(f"http://127.0.0.1:{port}/hello/")
                break
            except urllib.error.URLError:
                time.sleep(0.05)
        assert status == 200 and "Hello" in page
    finally:
        server.terminate()
        server.wait(10)


@contextmanager
def socket_port():
    """A free port on 127.0.0.1 (closed again for the server to take)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    yield port


# -- posts named as the site's own files ---------------------------------------------------


@needs_pagefind
def test_posts_named_as_the_sites_own_files_neither_block_nor_lose_them(tmp_path):
    # An odd (or hostile) export: pages whose slugs are the names of the files the
    # site writes at its root, and the folder of its search index.
    names = ["index.html", "robots.txt", "sitemap.xml", "_redirects", "pagefind"]
    items = [
        item(post_id=str(10 + k), slug=name, title=f"About {name}", post_type="page")
        for k, name in enumerate(names)
    ]
    site = tmp_path / "site"
    report = convert(_export(tmp_path, *items, item(post_id="1", content="kiwi")), site)
    assert report.errors == []
    for name in ["index.html", "robots.txt", "sitemap.xml", "_redirects"]:
        assert (site / name).is_file(), name  # the site's own, not a folder in its way
    assert (site / "robots.txt").read_text("utf-8").startswith("User-agent: *")
    paths = {p.id: p.path for p in report.posts}
    assert all(paths.values()) and len(set(paths.values())) == len(paths)
    # Every page is still there after the search index is built, at an address whose
    # old spelling redirects to it.
    redirects = (site / "_redirects").read_text("utf-8")
    for k, name in enumerate(names):
        page = site / paths[10 + k]
        assert page.is_file() and f"About {name}" in page.read_text("utf-8"), name
    assert "/pagefind/ /pagefind-2/ 301" in redirects
    assert (site / "pagefind" / "0" / "pagefind-entry.json").is_file()


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_pages_named_as_the_generators_files_build_and_are_all_published(tmp_path, fmt):
    if shutil.which(fmt) is None:
        pytest.skip(f"{fmt} is not installed")
    from test_hugo_jekyll import build, problems

    names = ["404.html", "index.html", "index.xml", "sitemap.xml", "_redirects", "robots.txt"]
    items = [
        item(post_id=str(10 + k), slug=name, title=f"About {name}", post_type="page")
        for k, name in enumerate(names)
    ]
    out = tmp_path / "out"
    report = convert(_export(tmp_path, *items, item(post_id="1")), out, ConvertOptions(format=fmt))
    assert report.errors == []
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    for name in ["404.html", "index.html", "_redirects"]:
        assert (site / name).is_file(), name
    with static_host(site) as host:
        for k, name in enumerate(names):
            front = (out / report.posts[k].path).read_text("utf-8").split("---\n")[1]
            address = next(
                line.split('"')[1]
                for line in front.splitlines()
                if line.startswith(("url:", "permalink:"))
            )
            status, page = get(host + quote(address))
            assert status == 200 and f"About {name}" in page, (name, address)
        assert "Hello" in get(host + "/hello/")[1]


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_the_report_lists_every_file_of_a_hugo_or_jekyll_site(tmp_path, fmt):
    import json

    from click.testing import CliRunner

    from shortcodes.cli import main

    out, report = tmp_path / "out", tmp_path / "report.json"
    path = _export(tmp_path, item(), item(post_id="2", slug="about", post_type="page"))
    args = ["convert", str(path), "-o", str(out), "--format", fmt, "--report", str(report)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    files = json.loads(report.read_text("utf-8"))["files"]
    assert sorted(files) == sorted(_tree(out))
    assert f"{len(files)} files in the site" in result.stderr
