"""The language a post is written in, as its export says: the post's own (Polylang's
`language` taxonomy on the item) or else the channel's ``<language>``."""

from __future__ import annotations

# Taxonomies multilingual plugins tag each post's language with (Polylang: "language").
LANGUAGE_DOMAINS = ("language",)


def post_language(post, site=None) -> str | None:
    """The post's language code (``ar``, ``en-US``…), or None when the export is silent."""
    for term in getattr(post, "terms", ()) or ():
        if term.domain in LANGUAGE_DOMAINS and term.nicename:
            return term.nicename
    language = (getattr(site, "language", "") or "").strip()
    return language or None


__all__ = ["LANGUAGE_DOMAINS", "post_language"]
