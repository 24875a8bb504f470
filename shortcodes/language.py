"""Languages and locales, in one place: the language a post is written in, as its
export says (the post's own, Polylang's `language` taxonomy on the item, or else the
channel's ``<language>``), and what a language tag (``ar``, ``ar-EG``, ``ar_EG``) is
to Babel: its locale, its HTML ``lang``, its primary language, its direction."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

if TYPE_CHECKING:
    from .wxr import Post, Site

# Taxonomies multilingual plugins tag each post's language with (Polylang: "language").
LANGUAGE_DOMAINS = ("language",)


def post_language(post: Post, site: Site | None = None) -> str | None:
    """The post's language code (``ar``, ``en-US``…), or None when the export is silent."""
    for term in getattr(post, "terms", ()) or ():
        if term.domain in LANGUAGE_DOMAINS and term.nicename:
            return term.nicename
    language = (getattr(site, "language", "") or "").strip()
    return language or None


@functools.lru_cache(maxsize=64)
def babel_locale(tag: str, default: str | None = "en") -> Locale | None:
    """Babel's locale for a language tag (``ar``, ``ar-EG``, ``ar_EG``); for a tag Babel
    does not know, that of `default` (None: None)."""
    try:
        return Locale.parse(tag.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return None if default is None else Locale.parse(default)


def is_known_locale(tag: str) -> bool:
    """Whether Babel knows the language tag `tag`."""
    return babel_locale(tag, None) is not None


def html_lang(tag: str) -> str:
    """The tag as an HTML ``lang`` value (BCP 47: ``ar-EG``, not ``ar_EG``)."""
    return tag.replace("_", "-")


def primary_language(tag: str) -> str:
    """The tag's language subtag, lower-case (``ar`` for ``ar-EG``)."""
    return tag.replace("-", "_").split("_")[0].lower()


@functools.lru_cache(maxsize=64)
def is_rtl(tag: str) -> bool:
    """Whether the language reads right to left (Babel; English's direction if unknown)."""
    return babel_locale(tag).text_direction == "rtl"


__all__ = [
    "LANGUAGE_DOMAINS",
    "babel_locale",
    "html_lang",
    "is_known_locale",
    "is_rtl",
    "post_language",
    "primary_language",
]
