"""A browsable static HTML site: one page per post or page, an index, the stylesheets."""

from __future__ import annotations

from types import SimpleNamespace

from markupsafe import Markup

from ..render import render_template, stylesheet, template_env, templates_dir
from .base import Writer

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}


def site_lang(site) -> tuple[str, str]:
    """(lang, dir) of the export's language (`<language>ar</language>` → ar, rtl)."""
    lang = (getattr(site, "language", None) or "en").strip() or "en"
    primary = lang.split("-")[0].split("_")[0].lower()
    return lang, "rtl" if primary in RTL_LANGUAGES else "ltr"


def post_context(post) -> SimpleNamespace:
    """What post.html.j2 shows of a post (attributes: Jinja reads them without a
    failed attribute lookup first, as it does for dictionary keys)."""
    date = post.post_date
    return SimpleNamespace(
        title=post.title or "",
        type=post.post_type,
        date=date.strftime("%Y-%m-%d") if date else None,
        date_iso=(post.post_date_gmt or date).isoformat() if date else None,
        author=post.creator,
        categories=list(post.categories),
        tags=list(post.tags),
    )


class SiteWriter(Writer):
    suffix = ".html"

    def begin(self, site) -> None:
        super().begin(site)
        self.lang, self.dir = site_lang(site)
        env = template_env()
        self.post_template = env.get_template("post.html.j2")
        self.index_template = env.get_template("index.html.j2")
        self.entry_template = env.get_template("index_entry.html.j2")
        self.write_file("assets/covid-card.css", stylesheet())
        self.write_file("assets/site.css", (templates_dir() / "site.css").read_text("utf-8"))

    def write(self, post, result) -> str:
        rel = self.paths.get(post.id) or self.plan(post)
        depth = rel.count("/")
        html = render_template(
            self.post_template,
            {
                "post": post_context(post),
                "content": self.local_images(self.rewrite_links(result.text, rel), rel),
                "lang": self.lang,
                "dir": self.dir,
                "root": "../" * depth,
                "site_title": getattr(self.site, "title", "") or "",
            },
        )
        self.write_file(rel, html)
        # The page's line of the index, made here (in parallel runs, by each worker),
        # kept on disk: memory stays flat however large the export.
        date = post.post_date
        entry = render_template(
            self.entry_template,
            {
                "title": post.title or "",
                "date": date.strftime("%Y-%m-%d") if date else None,
                "date_iso": (post.post_date_gmt or date).isoformat() if date else None,
                "path": rel,
            },
        )
        when = int(date.strftime("%Y%m%d%H%M%S")) if date else -1
        # Newest first; the low bit says post or page (each has its own section).
        key = when * 2 + (post.post_type == "post")
        self.index.append_bytes(entry.encode("utf-8"), key=key, ordinal=post.ordinal)
        return rel

    def finish(self) -> None:
        index = self.index
        # Newest first; the same date in export order, the log's own order (a sort in
        # reverse keeps equal keys in their order), with one int per entry as its key.
        order = sorted(range(len(index)), key=index.key, reverse=True)
        posts = sum(index.key(i) & 1 for i in order)

        def entries(is_post: bool):
            for i in order:
                if index.key(i) & 1 == is_post:
                    yield Markup(index.raw(i).decode("utf-8"))  # made by entry_template

        ar = self.dir == "rtl"
        sections = []
        if posts:
            sections.append({"title": "المقالات" if ar else "Posts", "entries": entries(True)})
        if len(order) > posts:
            sections.append({"title": "الصفحات" if ar else "Pages", "entries": entries(False)})
        chunks = self.index_template.generate(
            sections=sections,
            lang=self.lang,
            dir=self.dir,
            site_title=getattr(self.site, "title", "") or "",
            site_description=getattr(self.site, "description", "") or "",
        )
        self.write_stream("index.html", chunks)
