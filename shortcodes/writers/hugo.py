"""Hugo: content/ with Markdown posts, hugo.toml, and a minimal theme a user's can replace."""

from __future__ import annotations

from ..markdown_body import neutralise_hugo
from .markdown import MarkdownWriter, permalink_pattern, plain_text, yaml_string

_MORE = "<!--more-->"


class HugoWriter(MarkdownWriter):
    name = "hugo"
    posts_folder = "content/posts"
    pages_folder = "content/pages"
    served = "static"
    layouts = "hugo"
    lastmod_key = "lastmod"
    aliases_key = "aliases"  # Hugo writes a page there that leads to the post
    url_key = "url"
    excerpt_key = "summary"
    supports_bundles = True
    # The lists Hugo makes of the sections and taxonomies.
    reserved_addresses = ("/", "/posts/", "/pages/", "/categories/", "/tags/")

    def special_name(self, slug: str) -> bool:
        # index.md would make its folder a leaf bundle (the other posts in it its
        # resources), _index.md a section's list page; so would index.html-2.md (Hugo
        # reads the name up to its first dot).
        return slug.casefold().partition(".")[0] in ("index", "_index")

    def safe_body(self, body: str) -> str:
        return neutralise_hugo(body)

    def summary_divider(self, body: str, rel: str) -> tuple[str, str | None]:
        if rel.endswith(".html") and _MORE in body:
            # In an HTML content file Hugo 0.111 leaves the summary out of .Content:
            # the divider becomes a plain comment, the summary goes to the front matter.
            before = body.partition(_MORE)[0]
            return body.replace(_MORE, "<!-- more -->"), plain_text(before)
        return body, None

    def image_front_matter(self, url: str, address: str) -> dict:
        # `images`: what Hugo's opengraph and twitter_cards templates show
        return {"featured_image": url, "images": [address]}

    def write_config(self) -> None:
        base, path = self.site_url()
        lang = self.lang.lower()
        pattern = permalink_pattern(self.samples(), hugo=True)
        lines = [
            "# Written by covid-shortcodes. The theme (themes/covid-shortcodes) is minimal:",
            "# set `theme` to yours to replace it.",
            f"baseURL = {yaml_string(base + path + '/')}",
            f"title = {yaml_string(getattr(self.site, 'title', '') or '')}",
            'theme = "covid-shortcodes"',
            f"defaultContentLanguage = {yaml_string(lang)}",
            "disablePathToLower = true",
            "",
            f"[languages.{yaml_string(lang)}]",
            f"languageCode = {yaml_string(self.lang)}",
            f"languageDirection = {yaml_string(self.dir)}",
            f"languageName = {yaml_string(self.lang)}",
            "weight = 1",
            "",
            "[params]",
            f"description = {yaml_string(getattr(self.site, 'description', '') or '')}",
            "",
            "[taxonomies]",
            'category = "categories"',
            'tag = "tags"',
            "",
            "# The bodies hold HTML where Markdown cannot say it (cards, galleries, embeds).",
            "[markup.goldmark.renderer]",
            "unsafe = true",
            "",
            "# The text as WordPress printed it: no quotes or dashes changed, no links added.",
            "[markup.goldmark.extensions]",
            "typographer = false",
            "linkify = false",
        ]
        if pattern:
            lines += ["", "# New posts get addresses like the old ones.", "[permalinks]"]
            lines.append(f"posts = {yaml_string(pattern)}")
        self.write_file("hugo.toml", "\n".join(lines) + "\n")
