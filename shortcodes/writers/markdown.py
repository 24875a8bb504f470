"""Markdown files with front matter for Hugo or Jekyll.

The body is the post's HTML as WordPress printed it (HTML blocks are valid Markdown),
cards included as raw HTML blocks, so nothing is lost in a lossy HTML→Markdown step.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from ..render import stylesheet
from .base import Writer, front_matter_value

NOTES = {
    "hugo": (
        "Hugo: the bodies are HTML, which Hugo's Markdown renderer drops unless "
        "config has `markup.goldmark.renderer.unsafe = true`; add "
        "static/css/covid-card.css to your theme's <head>."
    ),
    "jekyll": (
        "Jekyll: kramdown keeps the HTML bodies as they are; add "
        "/assets/css/covid-card.css to your layout's <head>; old permalinks are in "
        "`redirect_from`, which needs the jekyll-redirect-from plugin."
    ),
}


class MarkdownWriter(Writer):
    suffix = ".md"

    def __init__(self, output, report, *, flavour: str) -> None:
        super().__init__(output, report)
        self.flavour = flavour

    def asset_root(self):
        return self.output / "static" if self.flavour == "hugo" else self.output

    def folder_for(self, post) -> str:
        if self.flavour == "hugo":
            return "content/posts" if post.post_type == "post" else "content"
        return "_posts" if post.post_type == "post" else "_pages"

    def plan_request(self, post):
        if self.flavour == "jekyll" and post.post_type == "post" and post.post_date:
            # Jekyll wants _posts/YYYY-MM-DD-slug.md
            original = post.post_name
            prefix = post.post_date.strftime("%Y-%m-%d-")
            try:
                post.post_name = prefix + (original or f"post-{post.id}")
                return super().plan_request(post)
            finally:
                post.post_name = original
        return super().plan_request(post)

    def permalink(self, rel: str, post) -> str:
        name = rel.rsplit("/", 1)[-1].removesuffix(self.suffix)
        if self.flavour == "jekyll" and post.post_type == "post" and post.post_date:
            name = name[11:] or name
        return f"/posts/{name}/" if post.post_type == "post" else f"/{name}/"

    def url_for(self, rel: str, from_rel: str) -> str:
        post_type = "post" if rel.startswith(("content/posts/", "_posts/")) else "page"
        name = rel.rsplit("/", 1)[-1].removesuffix(self.suffix)
        if self.flavour == "jekyll" and post_type == "post" and name[:4].isdigit():
            name = name[11:]
        return f"/posts/{name}/" if post_type == "post" else f"/{name}/"

    def begin(self, site) -> None:
        super().begin(site)
        css = "static/css/covid-card.css" if self.flavour == "hugo" else "assets/css/covid-card.css"
        self.write_file(css, stylesheet())
        self.report.notes.append(NOTES[self.flavour])

    def write(self, post, result) -> str:
        rel = self.paths.get(post.id) or self.plan(post)
        fm = self.front_matter(post, rel)
        lines = ["---"] + [f"{k}: {front_matter_value(v)}" for k, v in fm.items()] + ["---", ""]
        body = self.local_images(self.rewrite_links(result.text, rel), None).strip("\n")
        self.write_file(rel, "\n".join(lines) + body + "\n")
        return rel

    def front_matter(self, post, rel: str) -> dict:
        date = post.post_date_gmt or (
            post.post_date.replace(tzinfo=dt.timezone.utc) if post.post_date else None
        )
        fm: dict = {"title": post.title or ""}
        if date:
            fm["date"] = date.isoformat()
        if post.modified_gmt:
            fm["lastmod" if self.flavour == "hugo" else "last_modified_at"] = (
                post.modified_gmt.isoformat()
            )
        fm["slug"] = post.post_name or ""
        fm["draft"] = post.status != "publish"
        if self.flavour == "jekyll":
            fm["layout"] = "post" if post.post_type == "post" else "page"
            fm["published"] = post.status == "publish"
            fm["permalink"] = self.permalink(rel, post)
        if post.categories:
            fm["categories"] = list(post.categories)
        if post.tags:
            fm["tags"] = list(post.tags)
        if post.creator:
            fm["author"] = post.creator
        old = urlsplit(post.link or "").path
        if old and old != "/" and old != self.permalink(rel, post):
            fm["aliases" if self.flavour == "hugo" else "redirect_from"] = [old]
        fm["wordpress_id"] = post.id
        return fm
