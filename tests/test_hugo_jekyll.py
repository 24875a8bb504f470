"""Hugo and Jekyll output built with the real generators: no error, no warning, the text
of every page as the html format shows it, every old address served, nothing run.

Skipped where `hugo` or `jekyll` (with jekyll-redirect-from) is not installed, and the
samples where ../shared is absent.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import ROOT, SHARED
from httpserver import LocalServer, Reply
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from wxrfactory import export, item

from shortcodes.convert import ConvertOptions, convert
from shortcodes.wxr import read_wxr

EXAMPLE = ROOT / "examples" / "export.xml"
SAMPLES = [
    "themeunittestdata.wordpress.xml",
    "64-block-test-data.xml",
    "arabic-news-sample.xml",
    "small-export.xml",
    "valid-wxr-1.0.xml",
    "valid-wxr-1.1.xml",
]
EXPORTS = ["example", *SAMPLES]


@functools.cache
def _jekyll_ready() -> str | None:
    """Why Jekyll cannot build here (None: it can)."""
    if shutil.which("jekyll") is None:
        return "jekyll is not installed"
    probe = subprocess.run(
        ["ruby", "-e", "require 'jekyll-redirect-from'"], capture_output=True, text=True
    )
    return None if probe.returncode == 0 else "jekyll-redirect-from is not installed"


def _need(fmt: str) -> None:
    if fmt == "hugo" and shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    if fmt == "jekyll" and _jekyll_ready():
        pytest.skip(_jekyll_ready())


def _export(name: str) -> Path:
    if name == "example":
        return EXAMPLE
    path = SHARED / "data" / "wxr" / name
    if not path.exists():
        pytest.skip(f"../shared not available ({path} missing)")
    return path


def build(fmt: str, out: Path) -> tuple[Path, str]:
    """Build `out` with the real generator: (the built site, what it printed)."""
    if fmt == "hugo":
        cmd = ["hugo", "--source", str(out)]
        site = out / "public"
    else:
        site = out / "_site"
        cmd = ["jekyll", "build", "--source", str(out), "--destination", str(site)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    printed = done.stdout + done.stderr
    assert done.returncode == 0, printed
    return site, printed


def problems(fmt: str, printed: str) -> list[str]:
    """What a generator printed that is a warning or an error."""
    if fmt == "hugo":
        return [line for line in printed.splitlines() if re.search(r"WARN|ERROR", line)]
    quiet = ("Configuration file:", "Source:", "Destination:", "Incremental build", "Generating")
    quiet += ("done in", "Auto-regeneration")
    lines = [line.strip() for line in printed.splitlines()]
    return [line for line in lines if line and not line.startswith(quiet)]


_BUILT: dict[tuple[str, str, str], tuple] = {}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(report, output folder, built site, printed) of an export, built once a module."""

    def get(name: str, fmt: str, body: str = "markdown"):
        key = (name, fmt, body)
        if key not in _BUILT:
            out = tmp_path_factory.mktemp(f"{fmt}-{body}")
            report = convert(_export(name), out, ConvertOptions(format=fmt, body=body))
            if fmt == "html":
                _BUILT[key] = (report, out, out, "")
            else:
                _BUILT[key] = (report, out, *build(fmt, out))
        return _BUILT[key]

    return get


def page_of(site: Path, address: str) -> Path:
    return site / unquote(address).strip("/") / "index.html"


def content_text(page: Path) -> str:
    """The text of a page's post body (div.post__content of our Hugo and Jekyll layouts,
    div.entry-content of the html site), whitespace removed."""
    raw = page.read_text("utf-8")
    if "<!--entry-content-->" in raw:  # the html site marks its post body
        raw = raw.split("<!--entry-content-->", 1)[1].split("<!--/entry-content-->", 1)[0]
        raw = f'<div class="entry-content">{raw}</div>'
    root = lxml_html.fromstring(raw)
    found = root.find_class("post__content") or root.find_class("entry-content")
    assert found, f"no post body in {page}"
    body = found[0]
    # Search forms need the html site's search page: Hugo and Jekyll leave them out.
    for gone in body.xpath(".//script | .//style | .//comment() | .//form[@role='search']"):
        gone.drop_tree()
    return re.sub(r"\s+", "", body.text_content())


def html_text(page: Path) -> str:
    """The text of a post in the html site: its page, and for a <!--nextpage--> post the
    pages after it (slug/2/…), which the Markdown page holds whole."""
    text = content_text(page)
    n = 2
    while (page.parent / str(n) / "index.html").is_file():
        text += content_text(page.parent / str(n) / "index.html")
        n += 1
    return text


def addresses(report, out: Path) -> dict[int, str]:
    """Post id → its address on the new site (the url or permalink of its front matter)."""
    found = {}
    for post in report.posts:
        if post.path and not post.failed:
            head = (out / post.path).read_text("utf-8").split("\n---\n", 1)[0]
            m = re.search(r'^(?:url|permalink): "(.*)"$', head, re.M)
            found[post.id] = m.group(1)
    return found


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
@pytest.mark.parametrize("name", EXPORTS)
def test_builds_with_no_error_and_no_warning(built, name, fmt):
    _need(fmt)
    report, out, site, printed = built(name, fmt)
    assert not report.errors
    assert problems(fmt, printed) == []
    assert (out / ("hugo.toml" if fmt == "hugo" else "_config.yml")).exists()


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
@pytest.mark.parametrize("name", EXPORTS)
def test_every_page_shows_the_text_of_the_html_format(built, name, fmt):
    _need(fmt)
    report, out, site, _ = built(name, fmt)
    html_report, html_out, _, _ = built(name, "html")
    html_paths = {p.id: p.path for p in html_report.posts if p.path}
    compared = 0
    for post_id, address in addresses(report, out).items():
        page = page_of(site, address)
        assert page.exists(), f"post {post_id}: nothing at {address}"
        expected = html_text(html_out / html_paths[post_id])
        assert content_text(page) == expected, f"post {post_id} at {address}"
        compared += 1
    assert compared == len(html_paths)


def test_markdown_bodies_are_markdown(built):
    _need("hugo")
    report, out, _, _ = built("themeunittestdata.wordpress.xml", "hugo")
    bodies = "\n".join((out / p.path).read_text("utf-8") for p in report.posts if p.path)
    assert re.search(r"^## \S", bodies, re.M)  # headings
    assert re.search(r"^- \S", bodies, re.M)  # lists
    assert re.search(r"\[[^\]]+\]\([^)]+\)", bodies)  # links
    assert re.search(r"^\| .* \|$", bodies, re.M)  # tables
    assert re.search(r"^> \S", bodies, re.M)  # quotes
    # no element kept as HTML that Markdown could have said
    assert not re.search(r"\n\n<(?:h2|ul|ol|blockquote|p)>", bodies)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fetch(base: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""


def _follow(base: str, path: str) -> tuple[int, str]:
    """GET `path`, following a generator's redirect page (a meta refresh) once."""
    status, text = fetch(base, path)
    m = re.search(r'<meta http-equiv="refresh" content="0; ?url=([^"]+)"', text, re.I)
    if status == 200 and m:
        target = urlsplit(m.group(1).replace("&amp;", "&")).path
        status, text = fetch(base, quote(unquote(target), safe="/%"))
    return status, text


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
@pytest.mark.parametrize("name", ["example", *SAMPLES[:3]])
def test_every_old_address_is_served(built, name, fmt):
    _need(fmt)
    report, out, site, _ = built(name, fmt)
    served = serve(site)
    base = f"http://127.0.0.1:{served.server_address[1]}"
    written = {p.id for p in report.posts if p.path and not p.failed}
    maps = (site / "_redirects").read_text("utf-8")
    try:
        checked = 0
        for post in read_wxr(_export(name)).posts():
            if post.id not in written:
                continue
            for old in {post.link, post.guid}:
                parts = urlsplit(old)
                if parts.query:  # ?p=ID: no static host serves it; the maps say where
                    assert f"{parts.path or '/'} {parts.query} " in maps, old
                    continue
                if not parts.path.strip("/"):
                    continue
                status, text = _follow(base, parts.path)  # as the export spells it
                assert status == 200, f"{old}: {status}"
                title = lxml_html.fromstring(text).findtext(".//h1") or ""
                assert title.strip() == post.title.strip(), old
                checked += 1
        assert checked
    finally:
        served.shutdown()


# -- nothing in a post runs as a template ----------------------------------------------

SECRET = "TOPSECRET-7d1f"
TEMPLATE_TEXTS = [
    '{{< param "secret" >}}',
    "{{% param secret %}}",
    "{{</* param secret */>}}",
    "{{ site.secret }}",
    "{{ .Site.Params.secret }}",
    "{% if true %}unclosed",
    "{%- raw -%}",
    "{{< shortcode >}}",
]


def _template_export(tmp_path: Path) -> Path:
    paragraphs = "".join(f"<p>{escape(t)}</p>\n" for t in TEMPLATE_TEXTS)
    code = "".join(f"<code>{escape(t)}</code> " for t in TEMPLATE_TEXTS)
    pre = "<pre>" + escape("\n".join(TEMPLATE_TEXTS)) + "</pre>"
    link = '<a href="https://example.org/a/?q={{% param secret %}}">{{ .Title }}</a>'
    content = f"{paragraphs}\n<p>{code}</p>\n{pre}\n<p>{link}</p>"
    path = tmp_path / "templates.xml"
    path.write_text(
        export(item("1", "{{< param secret >}} {{ site.secret }}", content, slug="t")),
        encoding="utf-8",
    )
    return path


def _add_secret(fmt: str, out: Path) -> None:
    """The site's config gets a value a post must not be able to print."""
    if fmt == "hugo":
        config = out / "hugo.toml"
        text = config.read_text("utf-8").replace("[params]\n", f'[params]\nsecret = "{SECRET}"\n')
    else:
        config = out / "_config.yml"
        text = config.read_text("utf-8") + f"secret: {SECRET}\n"
    config.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("body", ["markdown", "html"])
@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_template_delimiters_in_posts_are_text(tmp_path, fmt, body):
    _need(fmt)
    out = tmp_path / "out"
    report = convert(_template_export(tmp_path), out, ConvertOptions(format=fmt, body=body))
    _add_secret(fmt, out)
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    (post,) = [p for p in report.posts if p.path]
    page = page_of(site, addresses(report, out)[post.id])
    html = page.read_text("utf-8")
    assert SECRET not in html
    root = lxml_html.fromstring(html)
    body_text = root.find_class("post__content")[0].text_content()
    for text in TEMPLATE_TEXTS:
        # in paragraphs, in code spans, in the <pre>: as WordPress showed it
        assert body_text.count(text) == 3, text
    assert root.findtext(".//h1") == "{{< param secret >}} {{ site.secret }}"
    assert "{{ .Title }}" in body_text
    href = root.find_class("post__content")[0].xpath("string(.//a/@href)")
    assert unquote(href).endswith("?q={{% param secret %}}")


# -- front matter: valid YAML whatever the input ----------------------------------------

HOSTILE = [
    "\x85 NEL \u2028 LS \u2029 PS",
    "mojibake \x80\x9f\x9d",
    'quote " back \\ slash',
    "---\nfake: front matter\n---",
    "# not a comment: [a, b] {c: d} & * ! | > ' %",
    "\ufeffbom \ufffe\uffff",
    "tab\tand\rreturn",
    "null",
    "yes",
    "0x10",
    "2021-01-01",
    "",
]


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_control_characters_in_titles_terms_and_authors_build(tmp_path, fmt):
    _need(fmt)
    title = "كورونا \x80\x9d mojibake \x85 \u2028 \u2029 end"
    extra = (
        '<category domain="category" nicename="c"><![CDATA[صحة \x9d]]></category>'
        '<category domain="post_tag" nicename="t"><![CDATA[tag \u2028 x]]></category>'
    )
    source = tmp_path / "c1.xml"
    source.write_text(
        export(item("1", title, "<p>body</p>", slug="c1", extra=extra), language="ar"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = convert(source, out, ConvertOptions(format=fmt))
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    page = page_of(site, addresses(report, out)[1])
    assert lxml_html.fromstring(page.read_bytes()).findtext(".//h1") == title


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_slugs_a_generator_reads_otherwise_are_pages_at_their_address(tmp_path, fmt):
    # Hugo: index.md would make its folder a leaf bundle, _index.md a list page;
    # Jekyll skips pages whose file names start with "_" or "#".
    _need(fmt)
    items = [
        item(
            str(n),
            f"Title {slug} {kind}",
            f"<p>Text of {n}</p>",
            slug=slug,
            post_type=kind,
            link=f"https://example.org/{'p/' if kind == 'page' else ''}{slug}/",
        )
        for n, (slug, kind) in enumerate(
            [(s, k) for s in ("index", "_index", "_private") for k in ("post", "page")], 1
        )
    ]
    items.append(item("9", "Other", "<p>Other</p>", slug="other"))
    source = tmp_path / "names.xml"
    source.write_text(export(*items), encoding="utf-8")
    out = tmp_path / "out"
    report = convert(source, out, ConvertOptions(format=fmt))
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    found = addresses(report, out)
    assert found[1] == "/index/" and found[2] == "/p/index/" and found[6] == "/p/_private/"
    for post_id, address in found.items():
        root = lxml_html.fromstring(page_of(site, address).read_bytes())
        assert root.findtext(".//h1").startswith(("Title", "Other")), address
        assert f"Text of {post_id}" in root.text_content() or post_id == 9


def _write_one(tmp: Path, fmt: str, post) -> dict:
    """`post` through the writer of `fmt`; its front matter parsed back by PyYAML."""
    from shortcodes.convert import ConvertReport
    from shortcodes.render import RenderResult
    from shortcodes.writers import get_writer
    from shortcodes.wxr import Site

    writer = get_writer(fmt, tmp / "x.xml", tmp, ConvertReport("x.xml", str(tmp), fmt))
    writer.begin(Site(title="t", link="https://example.org", language="ar"))
    rel = writer.write(post, RenderResult("<p>x</p>", [], []))
    writer.finish()
    head = (tmp / rel).read_text("utf-8").split("---\n")[1]
    return yaml.safe_load(head)


_HOSTILE_TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
)


@settings(max_examples=60, deadline=None)
@given(
    title=_HOSTILE_TEXT,
    slug=_HOSTILE_TEXT,
    author=_HOSTILE_TEXT,
    terms=st.lists(_HOSTILE_TEXT, max_size=3),
    fmt=st.sampled_from(["hugo", "jekyll"]),
)
def test_front_matter_is_yaml_for_any_title_slug_term_author(title, slug, author, terms, fmt):
    from shortcodes.wxr import Post, TermRef

    post = Post(
        id=7,
        title=title,
        post_name=slug,
        creator=author,
        link="https://example.org/?p=7",
        post_date=dt.datetime(2021, 6, 2, 10, 0),
        post_date_gmt=dt.datetime(2021, 6, 2, 8, 0, tzinfo=dt.timezone.utc),
        status="publish",
        terms=[TermRef("category", f"c{k}", t) for k, t in enumerate(terms)]
        + [TermRef("post_tag", f"t{k}", t) for k, t in enumerate(terms)],
    )
    with tempfile.TemporaryDirectory() as tmp:
        fm = _write_one(Path(tmp), fmt, post)
    assert fm["title"] == title
    assert fm["slug"] == (slug or fm["slug"])
    assert fm["date"] == "2021-06-02T10:00:00+02:00"
    assert fm.get("author", "") == author
    unique = list(dict.fromkeys(terms))
    assert fm.get("categories", []) == unique and fm.get("tags", []) == unique
    assert fm["wordpress_id"] == 7 and fm["draft"] is False


# -- what users expect in the front matter -----------------------------------------------


def _featured_export(tmp_path: Path) -> Path:
    meta = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>55</wp:meta_value></wp:postmeta><wp:is_sticky>1</wp:is_sticky>"
    )
    post = item(
        "1",
        "Featured",
        "Intro text.\n\n<!--more-->\n\nThe rest of the story.",
        slug="featured",
        link="https://example.org/2021/06/featured/",
        extra=meta,
    ).replace(
        "<excerpt:encoded><![CDATA[]]>", "<excerpt:encoded><![CDATA[<b>Short</b> &amp; sweet]]>"
    )
    # The attachment comes after the post that uses it.
    attachment = item(
        "55",
        "Picture",
        "",
        slug="picture",
        post_type="attachment",
        status="inherit",
        extra="<wp:attachment_url>https://example.org/wp-content/uploads/pic.jpg"
        "</wp:attachment_url>",
    )
    other = item(
        "2",
        "Other",
        "<p>Other post.</p>",
        slug="other",
        link="https://example.org/2021/06/other/",
        date="2021-06-03 10:00:00",
        date_gmt="2021-06-03 08:00:00",
    )
    path = tmp_path / "featured.xml"
    path.write_text(export(post, other, attachment), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_front_matter_has_what_users_expect(tmp_path, fmt):
    _need(fmt)
    out = tmp_path / "out"
    report = convert(_featured_export(tmp_path), out, ConvertOptions(format=fmt))
    (path,) = [p.path for p in report.posts if p.id == 1]
    fm = yaml.safe_load((out / path).read_text("utf-8").split("---\n")[1])
    image = "https://example.org/wp-content/uploads/pic.jpg"
    assert fm["featured_image"] == image
    assert fm["date"] == "2021-06-02T10:00:00+02:00"
    assert fm["sticky"] is True and fm["weight"] == 1
    assert fm["lang"] == "en" and fm["wordpress_id"] == 1
    assert fm["summary" if fmt == "hugo" else "excerpt"] == "Short & sweet"
    assert fm["url" if fmt == "hugo" else "permalink"] == "/2021/06/featured/"
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    page = lxml_html.fromstring(page_of(site, "/2021/06/featured/").read_bytes())
    assert page.xpath("string(//img[@class='post__image']/@src)") == image
    body = (out / path).read_text("utf-8")
    assert "<!--more-->" in body
    if fmt == "jekyll":
        assert fm["excerpt_separator"] == "<!--more-->"
    # The posts are listed sticky first.
    index = (site / "index.html").read_text("utf-8")
    assert index.index("Featured") < index.index("Other")


# -- old addresses: other spellings, redirect maps ----------------------------------------


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_other_spellings_of_an_old_address_lead_to_the_post(tmp_path, fmt):
    _need(fmt)
    arabic = "/2020/03/%d9%83%d9%88%d8%b1%d9%88%d9%86%d8%a7/"  # كورونا
    post = item(
        "9", "Moved", "<p>x</p>", slug="moved", link="https://example.org/2021/06/moved/"
    ).replace(
        '<guid isPermaLink="false">https://example.org/?p=9</guid>',
        f'<guid isPermaLink="true">https://example.org{arabic}</guid>',
    )
    source = tmp_path / "moved.xml"
    source.write_text(export(post), encoding="utf-8")
    out = tmp_path / "out"
    report = convert(source, out, ConvertOptions(format=fmt))
    (path,) = [p.path for p in report.posts if p.path]
    fm = yaml.safe_load((out / path).read_text("utf-8").split("---\n")[1])
    assert fm["aliases" if fmt == "hugo" else "redirect_from"] == [unquote(arabic)]
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    served = serve(site)
    try:
        base = f"http://127.0.0.1:{served.server_address[1]}"
        for old in (arabic, "/2021/06/moved/"):
            status, text = _follow(base, old)
            assert status == 200 and '<h1 class="post__title">Moved</h1>' in text, old
    finally:
        served.shutdown()
    maps = {name: (site / name).read_text("utf-8") for name in ("_redirects", ".htaccess")}
    assert "/ p=9 /2021/06/moved/ 301" in maps["_redirects"]
    assert "RewriteCond %{QUERY_STRING} ^p=9$" in maps[".htaccess"]
    assert '"/?p=9" "/2021/06/moved/";' in (out / "redirects.nginx.conf").read_text("utf-8")
    assert not (site / "redirects.nginx.conf").exists()  # server configuration, not served


def test_redirect_maps_are_written_as_browsers_send_addresses(tmp_path):
    from shortcodes.writers.redirects import write_redirect_maps

    pairs = [("/?p=5", "/2021/06/مصر/"), ("/قديم/", "/جديد/"), ("/same/", "/same/")]
    written = write_redirect_maps(tmp_path, pairs, served="static")
    assert sorted(written) == ["redirects.nginx.conf", "static/.htaccess", "static/_redirects"]
    netlify = (tmp_path / "static" / "_redirects").read_text("utf-8").splitlines()
    assert netlify[1:] == [
        "/ p=5 /2021/06/%D9%85%D8%B5%D8%B1/ 301!",
        "/%D9%82%D8%AF%D9%8A%D9%85/ /%D8%AC%D8%AF%D9%8A%D8%AF/ 301",
    ]
    apache = (tmp_path / "static" / ".htaccess").read_text("utf-8")
    # mod_rewrite compares the decoded path
    assert "RewriteRule ^قديم/$ /%D8%AC%D8%AF%D9%8A%D8%AF/ [R=301,L,NE]" in apache
    nginx = (tmp_path / "redirects.nginx.conf").read_text("utf-8")
    assert nginx.rstrip().endswith("}") and '"/?p=5"' in nginx and "/same/" not in nginx


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_body_html_keeps_the_html_and_builds(built, fmt):
    _need(fmt)
    report, out, site, printed = built("themeunittestdata.wordpress.xml", fmt, "html")
    assert problems(fmt, printed) == []
    html_report, html_out, _, _ = built("themeunittestdata.wordpress.xml", "html")
    html_paths = {p.id: p.path for p in html_report.posts if p.path}
    for post in report.posts:
        if post.path:
            assert post.path.endswith(".html")  # read as HTML by the generator
            page = page_of(site, addresses(report, out)[post.id])
            assert content_text(page) == html_text(html_out / html_paths[post.id])


def test_parallel_runs_keep_featured_images_and_excerpts(tmp_path):
    """Posts rendered by a worker before the plan arrives wait in a spill file: what the
    front matter needs of them must wait there too."""
    meta = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>5000</wp:meta_value></wp:postmeta>"
    )
    items = [
        item(str(i), f"P{i}", "<p>x</p>" * 50, slug=f"p{i}", extra=meta).replace(
            "<excerpt:encoded><![CDATA[]]>", "<excerpt:encoded><![CDATA[ex]]>"
        )
        for i in range(1, 2000)
    ]
    items.append(
        item(
            "5000",
            "A",
            "",
            slug="a",
            post_type="attachment",
            status="inherit",
            extra="<wp:attachment_url>https://example.org/a.jpg</wp:attachment_url>",
        )
    )
    source = tmp_path / "many.xml"
    source.write_text(export(*items), encoding="utf-8")
    report = convert(source, tmp_path / "out", ConvertOptions(format="hugo", jobs=2))
    written = [p.path for p in report.posts if p.path]
    assert len(written) == 1999
    for path in written:
        fm = yaml.safe_load((tmp_path / "out" / path).read_text("utf-8").split("---\n")[1])
        assert fm["featured_image"] == "https://example.org/a.jpg" and fm["summary"] == "ex"


class _Under(_Quiet):
    """A host that publishes the built site under /blog/ (and nothing else)."""

    prefix = "/blog"

    def send_head(self):
        if not self.path.startswith(self.prefix + "/"):
            self.send_error(404)
            return None
        self.path = self.path[len(self.prefix) :]
        return super().send_head()


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_a_site_in_a_subfolder_is_served_there(tmp_path, fmt, monkeypatch):
    # WordPress at https://x.org/blog: the built site is published at /blog/, where
    # every old address, the stylesheets, the links between posts and the downloaded
    # images must resolve.
    _need(fmt)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    chart = b"\x89PNG\r\n\x1a\n" + b"\x01" * 40
    images = LocalServer()
    images.route("/wp-content/uploads/2021/06/chart.png", Reply(200, chart))
    link = (
        '<p>See <a href="https://x.org/blog/2021/06/02/two/">the second</a>.</p>'
        f'<p><img src="{images.base_url}/wp-content/uploads/2021/06/chart.png" alt="c"></p>'
    )
    text = export(
        item(
            post_id="1",
            slug="one",
            title="First",
            link="https://x.org/blog/2021/06/02/one/",
            content=link,
        ),
        item(post_id="2", slug="two", title="Second", link="https://x.org/blog/2021/06/02/two/"),
        item(
            post_id="3",
            slug="about",
            title="About",
            post_type="page",
            link="https://x.org/blog/about/",
        ),
    ).replace("https://example.org", "https://x.org/blog")
    path = tmp_path / "e.xml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    with images:
        report = convert(path, out, ConvertOptions(format=fmt, images="download"))
    assert report.images_failed == []
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    handler = functools.partial(_Under, directory=str(site))
    served = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=served.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{served.server_address[1]}"
    try:
        pages = {}
        for old, title in (
            ("/blog/2021/06/02/one/", "First"),
            ("/blog/2021/06/02/two/", "Second"),
            ("/blog/about/", "About"),
        ):
            status, html = fetch(base, old)
            assert status == 200, old
            assert (lxml_html.fromstring(html).findtext(".//h1") or "").strip() == title
            pages[old] = lxml_html.fromstring(html)
        first = pages["/blog/2021/06/02/one/"]
        hrefs = [a.get("href") for a in first.iter("a") if a.text_content() == "the second"]
        assert (
            hrefs
            and fetch(base, urlsplit(urljoin(base + "/blog/2021/06/02/one/", hrefs[0])).path)[0]
            == 200
        )
        sheets = [e.get("href") for e in first.iter("link") if e.get("rel") == "stylesheet"]
        assert sheets
        srcs = [img.get("src") for img in first.iter("img")]
        assert len(srcs) == 1
        with urllib.request.urlopen(urljoin(base + "/blog/2021/06/02/one/", srcs[0])) as reply:
            assert reply.read() == chart, srcs[0]
        for sheet in sheets:
            target = urlsplit(urljoin(base + "/blog/2021/06/02/one/", sheet)).path
            assert fetch(base, target)[0] == 200, sheet
    finally:
        served.shutdown()
        served.server_close()


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_a_posts_block_css_is_in_the_head_of_its_built_page(tmp_path, fmt):
    # The rules WordPress prints for a post's block supports (here a group's own gap, a
    # block hidden on phones, a duotone) reach the built page's <head>, and a duotone's
    # SVG filter its body, as the html format has them; a value that would end the
    # <style> element is made harmless.
    _need(fmt)
    body = (
        '<!-- wp:group {"style":{"spacing":{"blockGap":"37px"}},"layout":{"type":"flex"}} -->'
        '<div class="wp-block-group"><!-- wp:paragraph --><p>One</p><!-- /wp:paragraph -->'
        "</div><!-- /wp:group -->"
        '<!-- wp:paragraph {"metadata":{"blockVisibility":{"viewport":{"mobile":false}}}} -->'
        "<p>Not on phones</p><!-- /wp:paragraph -->"
        '<!-- wp:group {"style":{"spacing":{"blockGap":"1px}</style><b id=escaped>x</b>"}},'
        '"layout":{"type":"flex"}} --><div class="wp-block-group"></div><!-- /wp:group -->'
        '<!-- wp:image {"style":{"color":{"duotone":["#000000","#ffffff"]}}} -->'
        '<figure class="wp-block-image"><img src="a.png" alt=""/></figure><!-- /wp:image -->'
    )
    source = tmp_path / "css.xml"
    source.write_text(export(item("3", "Blocks", body, slug="blocks")), encoding="utf-8")
    out = tmp_path / "out"
    report = convert(source, out, ConvertOptions(format=fmt))
    site, printed = build(fmt, out)
    assert problems(fmt, printed) == []
    root = lxml_html.fromstring(page_of(site, addresses(report, out)[3]).read_bytes())
    (style,) = root.findall(".//head/style")
    assert "{gap:37px;}" in style.text
    assert "@media (width <= 480px){.wp-block-hidden-mobile{display:none !important;}}" in (
        style.text
    )
    assert root.find(".//b[@id='escaped']") is None  # still inside the <style>
    # The duotone image's SVG filter is in the page, where its CSS points.
    figure = root.find(".//figure")
    filter_id = next(c for c in figure.get("class").split() if c.startswith("wp-duotone-"))
    assert f"url(#{filter_id})" in style.text
    assert root.xpath(f"//*[local-name()='filter'][@id='{filter_id}']")
