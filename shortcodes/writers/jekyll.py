"""Jekyll: _posts/ and a pages collection in Markdown, _config.yml, minimal layouts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markdown import MarkdownWriter, permalink_pattern, yaml_string, yaml_value

if TYPE_CHECKING:
    from ..wxr import Post


class JekyllWriter(MarkdownWriter):
    name = "jekyll"
    posts_folder = "_posts"
    pages_folder = "_pages"
    served = ""
    layouts = "jekyll"
    lastmod_key = "last_modified_at"
    aliases_key = "redirect_from"  # jekyll-redirect-from writes a page there
    url_key = "permalink"
    excerpt_key = "excerpt"

    def folder_for(self, post: Post) -> str:
        if post.post_type == "post" and post.post_date is None:
            # Posts need a date in their file name. A draft without one is a draft;
            # a published post without one goes with the pages (a collection Jekyll
            # writes), since Jekyll never builds _drafts/ unless asked.
            return "_drafts" if post.status != "publish" else self.pages_folder
        return super().folder_for(post)

    def file_name(self, post: Post, slug: str) -> str:
        if post.post_type == "post" and post.post_date is not None:
            return post.post_date.strftime("%Y-%m-%d-") + slug
        return super().file_name(post, slug)

    def special_name(self, slug: str) -> bool:
        # Jekyll skips files whose names start so (in _pages/ and _drafts/; a post's
        # name starts with its date).
        return slug.startswith(("_", "#", "."))

    def address(self, rel: str) -> str:
        if rel.startswith("_drafts/"):
            rel = self.posts_folder + rel[len("_drafts") :]
        if rel.startswith(self.posts_folder + "/"):
            head, _, name = rel.rpartition("/")
            if name[:4].isdigit() and name[10:11] == "-":
                rel = f"{head}/{name[11:]}"
        return super().address(rel)

    def extra_front_matter(self, post: Post, *, has_more: bool) -> dict:
        fm = {
            "layout": "post" if post.post_type == "post" else "page",
            "published": post.status == "publish",
            # Liquid in a post's text is text, as WordPress showed it.
            "render_with_liquid": False,
        }
        if has_more:
            fm["excerpt_separator"] = "<!--more-->"
        return fm

    def image_front_matter(self, url: str, address: str) -> dict:
        return {"featured_image": url, "image": url}

    def write_config(self) -> None:
        base, path = self.site_url()
        pattern = permalink_pattern(self.samples(), hugo=False)
        config = [
            "# Written by covid-shortcodes. The layouts in _layouts/ are minimal: remove",
            "# them (or set `theme`) to use your theme's.",
            f"title: {yaml_string(getattr(self.site, 'title', '') or '')}",
            f"description: {yaml_string(getattr(self.site, 'description', '') or '')}",
            f"url: {yaml_string(base)}",
            f"baseurl: {yaml_string(path)}",
            f"lang: {yaml_string(self.lang)}",
            f"direction: {yaml_string(self.dir)}",
            f"permalink: {yaml_string(pattern or '/:year/:month/:day/:title/')}",
            "plugins: [jekyll-redirect-from]",
            "collections:",
            "  pages:",
            "    output: true",
            "    permalink: /:path/",
            "defaults:",
            '  - scope: {path: "", type: pages}',
            "    values: {layout: page}",
            '  - scope: {path: "", type: posts}',
            "    values: {layout: post}",
            f"include: {yaml_value(['_redirects', '.htaccess'])}",
            f"exclude: {yaml_value(['redirects.nginx.conf', 'hugo.toml'])}",
            "markdown: kramdown",
            "kramdown:",
            "  input: GFM",
            "  hard_wrap: false",
            "  auto_ids: false",
            "  parse_block_html: false",
            "  math_engine: null",
            "  # The text as WordPress printed it: no quotes or dashes changed.",
            '  smart_quotes: ["apos", "apos", "quot", "quot"]',
            '  typographic_symbols: {hellip: "...", mdash: "---", ndash: "--", '
            'laquo: "<<", raquo: ">>", laquo_space: "<< ", raquo_space: " >>"}',
        ]
        self.write_file("_config.yml", "\n".join(config) + "\n")
