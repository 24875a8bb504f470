"""Small WordPress exports made by the tests themselves (the project's own fixtures)."""

from __future__ import annotations

NAMESPACES = {
    "1.0": "http://wordpress.org/export/1.0/",
    "1.1": "http://wordpress.org/export/1.1/",
    "1.2": "http://wordpress.org/export/1.2/",
    "https-1.2": "https://wordpress.org/export/1.2/",
}


def item(
    post_id="1",
    title="Hello",
    content="Body",
    slug="hello",
    status="publish",
    post_type="post",
    date="2021-06-02 10:00:00",
    date_gmt="2021-06-02 08:00:00",
    link=None,
    extra="",
) -> str:
    link = link or f"https://example.org/{slug}/"
    return f"""
<item>
<title><![CDATA[{title}]]></title>
<link>{link}</link>
<guid isPermaLink="false">https://example.org/?p={post_id}</guid>
<dc:creator><![CDATA[admin]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date><![CDATA[{date}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{date_gmt}]]></wp:post_date_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name>
<wp:status><![CDATA[{status}]]></wp:status>
<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
{extra}
</item>"""


def export(*items: str, version="1.2", language="en", head="") -> str:
    ns = NAMESPACES[version]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{head}<rss version="2.0" xmlns:excerpt="{ns}excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel>
<title>Test site</title>
<link>https://example.org</link>
<language>{language}</language>
<wp:wxr_version>{version.split("-")[-1]}</wp:wxr_version>
<wp:base_site_url>https://example.org</wp:base_site_url>
{"".join(items)}
</channel>
</rss>
"""


def posts_export(
    bodies: list[str], *, first_id: int, title: str, slug: str, days: list[str], language="en"
) -> str:
    """An export of one published post per body: ids from `first_id`, titles and slugs
    numbered from 0, posted at 10:00 (08:00 GMT) on each of `days` (YYYY-MM-DD)."""
    items = [
        item(
            str(first_id + n),
            f"{title} {n}",
            body,
            slug=f"{slug}-{n}",
            date=f"{day} 10:00:00",
            date_gmt=f"{day} 08:00:00",
        )
        for n, (body, day) in enumerate(zip(bodies, days, strict=True))
    ]
    return export(*items, language=language)
