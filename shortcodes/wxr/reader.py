"""The parser of WordPress exports: `read_wxr(path)` gives a `WXRReader` (see `shortcodes.wxr`).

lxml's `iterparse` reads the bytes `stream.SafeStream` gives it, with no DTD loaded, no
network and no entity expansion beyond the HTML character references the stream
declares; each `<item>` becomes a `model.Post` and is cleared once read, so memory
stays flat. What convert's planning and its processes ask of a pass (some items, some
fields, the numbering of a range) is a `Selection` handed to `WXRReader.posts`.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from lxml import etree

from ..diagnostics import Diagnostic
from ..errors import BadInput
from .model import Author, Category, Comment, Post, Site, Tag, Term, TermRef
from .stream import SafeStream, summarise

__all__ = ["PLANNING_FIELDS", "Selection", "WXRReader", "is_wp_namespace", "iter_posts", "read_wxr"]

# -- namespaces ---------------------------------------------------------------------

_WP_NS = re.compile(r"^https?://(?:www\.)?wordpress\.org/export/\d+(?:\.\d+)*/?$")
_EXCERPT_NS = re.compile(r"^https?://(?:www\.)?wordpress\.org/export/\d+(?:\.\d+)*/excerpt/?$")
_OTHER_NS = {
    "http://purl.org/rss/1.0/modules/content/": "content:",
    "http://purl.org/dc/elements/1.1/": "dc:",
}


def is_wp_namespace(uri: str) -> bool:
    """Whether `uri` is a WordPress export namespace (any version, http or https)."""
    return bool(_WP_NS.match(uri))


def _classify(tag: str) -> str:
    """A stable key for an element tag: ``wp:post_id``, ``content:encoded``, ``title``…"""
    if not isinstance(tag, str):  # comments and PIs (normally removed by the parser)
        return ""
    if tag[0] != "{":
        return tag
    uri, _, local = tag[1:].partition("}")
    if _WP_NS.match(uri):
        return "wp:" + local
    if _EXCERPT_NS.match(uri):
        return "excerpt:" + local
    prefix = _OTHER_NS.get(uri)
    return prefix + local if prefix else tag


# -- values -------------------------------------------------------------------------


def _text(el: etree._Element) -> str:
    if len(el):
        return "".join(el.itertext())
    t = el.text
    return t if t is not None else ""


def _markup(el: etree._Element) -> str:
    """Text of an element that may hold raw (unescaped) XHTML children."""
    if not len(el):
        t = el.text
        return t if t is not None else ""
    parts = [el.text or ""]
    for child in el:
        child = copy.deepcopy(child)
        etree.cleanup_namespaces(child)  # no xmlns:wp=… on every tag
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


_UTC = dt.timezone.utc
_DATE_KEYS = {
    "wp:post_date": ("post_date", False),
    "wp:post_date_gmt": ("post_date_gmt", True),
    "wp:post_modified": ("modified", False),
    "wp:post_modified_gmt": ("modified_gmt", True),
}
_STR_KEYS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "pubDate": "pub_date",
    "dc:creator": "creator",
    "description": "description",
    "wp:comment_status": "comment_status",
    "wp:ping_status": "ping_status",
    "wp:post_password": "post_password",
    "wp:attachment_url": "attachment_url",
}
# The element each field of a `Post` is read from (for `Selection.fields`).
_FIELD_KEYS = {attr: key for key, attr in _STR_KEYS.items()}
_FIELD_KEYS.update({attr: key for key, (attr, _) in _DATE_KEYS.items()})
_FIELD_KEYS.update(
    id="wp:post_id",
    content="content:encoded",
    content_line="content:encoded",
    excerpt="excerpt:encoded",
    post_name="wp:post_name",
    post_name_raw="wp:post_name",
    status="wp:status",
    post_type="wp:post_type",
    post_parent="wp:post_parent",
    menu_order="wp:menu_order",
    is_sticky="wp:is_sticky",
    terms="category",
    meta="wp:postmeta",
    comments="wp:comment",
)
# What planning output paths needs of an item: enough to name it and find links to it.
PLANNING_FIELDS = frozenset(
    ("id", "title", "link", "guid", "post_name", "status", "post_type", "post_date")
    + ("post_date_gmt",)
)


@dataclass(frozen=True)
class Selection:
    """Which items one pass of `WXRReader.posts` builds, and how much of each: what
    convert's planning pass and its processes ask (the default: every item, whole).

    `wants(ordinal)`: whether the item at that position among the export's items is
    built (the others are parsed, not built; their repairs are left to the pass that
    builds them). `fields`: the `Post` fields read (None: all; `PLANNING_FIELDS`…),
    the others keep their defaults. `first`: the ordinal of the source's first item,
    when the source is a range of a larger export (see `shortcodes.split`).
    """

    wants: Callable[[int], bool] | None = None
    fields: frozenset[str] | None = None
    first: int = 0

    def keys(self) -> tuple[frozenset[str], tuple[str, ...]] | None:
        """The element keys to read, and the same as tags for `iterchildren` (which
        skips the others without making them objects); None: all."""
        if self.fields is None:
            return None
        unknown = self.fields - _FIELD_KEYS.keys()
        if unknown:
            raise ValueError(f"not fields of a Post read from an item: {sorted(unknown)}")
        keys = frozenset(_FIELD_KEYS[f] for f in self.fields)
        tags = tuple(k if ":" not in k else "{*}" + k.partition(":")[2] for k in sorted(keys))
        return keys, tags


EVERY_ITEM = Selection()
_STRIP = {"link", "guid", "pub_date", "creator", "comment_status", "ping_status"}
_CHANNEL_STR = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "pubDate": "pub_date",
    "generator": "generator",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
_CHANNEL_ELEMENTS = ("wp:author", "wp:category", "wp:tag", "wp:term")
# iterparse reports only these (in any namespace): items and the channel's own children.
_EVENT_TAGS = sorted(
    "{*}" + key.rpartition(":")[2] for key in ("item", *_CHANNEL_STR, *_CHANNEL_ELEMENTS)
)
try:
    _RESOLVE = "internal" if etree.LXML_VERSION >= (5,) else True
except AttributeError:  # pragma: no cover
    _RESOLVE = True


class _Values:
    """Converts field text, recording a diagnostic for what cannot be read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diags: list[Diagnostic] = []

    def note(self, code: str, message: str, el: etree._Element, severity: str = "warning") -> None:
        self.diags.append(Diagnostic(code, message, severity, line=el.sourceline, file=self.file))

    def int(
        self,
        el: etree._Element,
        what: str,
        default: int | None = 0,
        code: str = "bad-number",
        severity: str = "warning",
    ) -> int | None:
        s = _text(el).strip()
        if not s:
            return default
        try:
            return int(s)
        except ValueError:
            self.note(code, f"{what} is not a number: {s[:40]!r}", el, severity)
            return default

    def date(self, el: etree._Element, what: str, gmt: bool) -> dt.datetime | None:
        s = _text(el).strip()
        if not s or s.startswith("0000-00-00"):
            return None
        try:
            value = dt.datetime.fromisoformat(s)
        except ValueError:
            self.note("bad-date", f"{what} is not a date: {s[:40]!r}", el)
            return None
        if gmt:
            if value.tzinfo is None:
                return value.replace(tzinfo=_UTC)
            return value.astimezone(_UTC)
        return value.replace(tzinfo=None) if value.tzinfo else value


# -- the reader ---------------------------------------------------------------------


class _Retry(Exception):
    """The strict parse failed: read again with repairs, after the first `done` items."""

    def __init__(self, error: BadInput, done: int) -> None:
        self.error = error
        self.done = done


class WXRReader:
    """One streaming pass over a WordPress export: `.site`, `.posts()` (once), `.bytes_read`,
    and `.diagnostics` for repairs outside any item (those inside are on each `Post`)."""

    def __init__(
        self, source: str | Path | BinaryIO, *, name: str | None = None, checked: bool = False
    ) -> None:
        if isinstance(source, (str, Path)):
            self._path: Path | None = Path(source)
            self._file: BinaryIO | None = None
            self.name = name or str(source)
        else:
            self._path = None
            self._file = source
            self.name = name or str(getattr(source, "name", "") or "<stream>")
        self.diagnostics: list[Diagnostic] = []
        self._site = Site()
        self._stream: SafeStream | None = None
        self._gen: Iterator[Post] | None = None
        self._pending: list[Post] = []
        self._header_done = False
        self._started = False
        self._tags: dict[str, str] = {}
        self._channel = None  # the <channel> element, kept small by clearing
        self._items = 0  # items seen so far
        self._selection = EVERY_ITEM
        self._keys: tuple[frozenset[str], tuple[str, ...]] | None = None
        self._checked = checked
        self._file_start: int | None = None
        self._progress = None
        # The export's compression ("gzip", "bzip2", "xz", "zip"; None: plain), once open.
        self.compression: str | None = None

    @property
    def site(self) -> Site:
        """The channel header; reads ahead to the first item if needed."""
        if not self._header_done and not self._started:
            gen = self._events()
            post = next(gen, None)
            if post is not None:
                self._pending.append(post)
        return self._site

    @property
    def first_item_line(self) -> int | None:
        """The line of the first item (after `site` was read; None: no item)."""
        return self._pending[0].sourceline if self._pending else None

    @property
    def encoding(self) -> str:
        """The export's encoding (what it is transcoded from when not UTF-8)."""
        return self._stream.encoding if self._stream else "utf-8"

    @property
    def end_tags(self) -> bytes | None:
        """The channel's and root's end tags, as written (None before the first item)."""
        channel = self._channel
        if channel is None or channel.getparent() is None:
            return None

        def end(el: etree._Element) -> bytes:
            name = etree.QName(el).localname
            return f"</{el.prefix}:{name}>".encode() if el.prefix else f"</{name}>".encode()

        return end(channel) + end(channel.getparent())

    @property
    def repaired(self) -> bool:
        """Whether the bytes read so far needed a repair (invalid UTF-8, control
        characters…), or were transcoded: with neither, a reader of the same bytes
        made with `checked=True` reads them as this one did, skipping the checks."""
        stream = self._stream
        return stream is None or stream.repairs > 0 or stream.transcoded

    @property
    def tolerant(self) -> bool:
        """Whether the export needed the repair pass (what a strict parser refuses)."""
        return self._stream is not None and self._stream.repair

    @property
    def bytes_read(self) -> int:
        """Bytes of the export file consumed so far (for progress bars; of the
        compressed file when it is compressed)."""
        if self._progress is not None:
            return self._progress.position
        return self._stream.bytes_read if self._stream else 0

    def posts(self, selection: Selection = EVERY_ITEM) -> Iterator[Post]:
        """Stream the posts of the export, in file order (once): those `selection`
        wants, with the fields it asks for (see `Selection`)."""
        if self._started:
            raise RuntimeError("a WXRReader streams its posts once; call read_wxr again")
        self._started = True
        self._selection = selection
        self._keys = selection.keys()
        gen = self._events()
        wants, first = selection.wants, selection.first
        while self._pending:  # read ahead by `site`, before the selection was known
            post = self._pending.pop(0)
            post.ordinal += first
            if wants is None or wants(post.ordinal):
                yield post
        yield from gen

    __iter__ = posts

    def close(self) -> None:
        """Stop reading and close the file if the reader opened it."""
        if self._gen is not None:
            self._gen.close()

    def __enter__(self) -> WXRReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- parsing ----------------------------------------------------------------------

    def _events(self) -> Iterator[Post]:
        if self._gen is None:
            self._gen = self._run()
        return self._gen

    def _open(self) -> BinaryIO:
        if self._file is not None:
            return self._file
        from ..archive import open_export

        raw = open_export(self._path, self.name)
        self.compression = getattr(raw, "kind", None)
        self._progress = raw if self.compression else None
        return raw

    def _reopen(self, raw: BinaryIO) -> BinaryIO | None:
        """The export from its start again, for the repair pass (None: it cannot be)."""
        if self._file is None:
            raw.close()
            return self._open()
        try:
            if self._file_start is None or not raw.seekable():
                return None
            raw.seek(self._file_start)
        except (OSError, ValueError, AttributeError):
            return None
        return raw

    def _run(self) -> Iterator[Post]:
        raw = self._open()
        if self._file is not None:
            try:
                self._file_start = raw.tell() if raw.seekable() else None
            except (OSError, ValueError, AttributeError):
                self._file_start = None
        try:
            try:
                yield from self._parse(raw)
            except _Retry as retry:
                # What WordPress's importer reads with its tolerant parsers is read
                # too: the file again from its start, with the repairs (`SafeStream.
                # _repair_markup`); items already given are not given twice.
                again = self._reopen(raw)
                if again is None:
                    raise retry.error from None
                raw = again
                yield from self._parse(raw, repair=True, done=retry.done, error=retry.error)
        finally:
            self._header_done = True
            if self._file is None:
                raw.close()

    def _parse(
        self, raw: BinaryIO, *, repair: bool = False, done: int = 0, error: BadInput | None = None
    ) -> Iterator[Post]:
        if repair:
            header_was_done = self._header_done
            self._items = 0
            if not header_was_done:  # the header is read again: start it afresh
                fresh = Site()
                for name in fresh.__dataclass_fields__:
                    setattr(self._site, name, getattr(fresh, name))
                self.diagnostics.clear()
        stream = self._stream = SafeStream(
            raw, self.name, checked=self._checked and not repair, repair=repair
        )
        if error is not None and error.line:
            stream.pause_line = error.line
        stream.start()
        events = etree.iterparse(
            stream,
            events=("end",),
            tag=_EVENT_TAGS,
            encoding="utf-8",
            resolve_entities=_RESOLVE,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        skip_header = repair and header_was_done
        checked = False
        try:
            for _, el in events:
                if not checked:
                    self._check_root(el)
                    checked = True
                parent = el.getparent()
                if parent is None or parent.tag != "channel":
                    continue  # an item's <title>, <category>…: read with the item
                key = self._key(el.tag)
                if key == "item":
                    self._channel = parent
                    if not self._header_done:
                        self._first_item(el)
                    ordinal = self._items
                    self._items += 1
                    if ordinal < done:  # given before the repair pass began
                        self._take_problems(el, None, [])
                        self._release(el, parent)
                        continue
                    ordinal += self._selection.first
                    wants = self._selection.wants
                    if wants is not None and not wants(ordinal):
                        self._take_problems(el, None, [])  # the pass that builds it says
                        self._release(el, parent)
                        continue
                    post = self._post(el)
                    post.ordinal = ordinal
                    self._release(el, parent)
                    yield post
                    continue
                if not skip_header:
                    self._channel_element(key, el)
                self._release(el, parent)
        except etree.XMLSyntaxError as e:
            if repair:
                # Nothing the importer reads either, or not repairable: the strict
                # parser's error is the one to fix first (the repairs shift columns).
                raise (error or self._syntax_error(e)) from None
            raise _Retry(self._syntax_error(e), self._items) from None
        if not checked:
            root = events.root
            if root is not None:
                self._check_root(root)
        self._header_done = True
        if stream.problems:
            self.diagnostics.extend(summarise(list(stream.problems), self.name, None))
            stream.problems.clear()

    @staticmethod
    def _release(el: etree._Element, parent: etree._Element) -> None:
        el.clear()
        while el.getprevious() is not None:
            del parent[0]

    def _check_root(self, el: etree._Element) -> None:
        root = el.getroottree().getroot()
        if _classify(root.tag) != "rss":
            raise BadInput(
                f"not a WordPress export: the root element is <{etree.QName(root).localname}>,"
                " not <rss>",
                file=self.name,
                line=root.sourceline,
            )

    def _first_item(self, item: etree._Element) -> None:
        self._header_done = True
        if self._site.wp_namespace is None:
            uris = [u for u in item.nsmap.values() if _WP_NS.match(u)]
            if not uris:
                raise BadInput(
                    "not a WordPress export: no WordPress export namespace "
                    "(http://wordpress.org/export/1.2/) is declared",
                    file=self.name,
                    line=item.sourceline,
                )
            self._site.wp_namespace = uris[0]

    def _syntax_error(self, e: etree.XMLSyntaxError) -> BadInput:
        line, column = e.position if e.position else (e.lineno, None)
        stream = self._stream
        if stream is not None and line and column:
            column = stream.export_column(line, column)
        msg = re.sub(r",? line \d+, column \d+$", "", e.msg or str(e)).strip()
        if "huge" in msg.lower() or "too big" in msg.lower():
            msg += " (a text over 10 MB, the parser's safety limit)"
        return BadInput(f"malformed XML: {msg}", file=self.name, line=line or None, column=column)

    # -- channel ----------------------------------------------------------------------

    def _note_namespace(self, el: etree._Element) -> None:
        if self._site.wp_namespace is None and el.tag.startswith("{"):
            uri = el.tag[1:].partition("}")[0]
            if _WP_NS.match(uri):
                self._site.wp_namespace = uri

    def _channel_element(self, key: str, el: etree._Element) -> None:
        site = self._site
        attr = _CHANNEL_STR.get(key)
        if attr is not None:
            self._note_namespace(el)
            value = _text(el)
            setattr(site, attr, value if attr in ("title", "description") else value.strip())
            return
        if key not in _CHANNEL_ELEMENTS:
            return
        self._note_namespace(el)
        values = _Values(self.name)
        f = {}
        for child in el:
            k = self._key(child.tag)
            if k.startswith("wp:"):
                f[k[3:]] = child
        get = lambda n: _text(f[n]).strip() if n in f else ""  # noqa: E731
        term_id = values.int(f["term_id"], "term_id", None) if "term_id" in f else None
        if key == "wp:author":
            author_id = values.int(f["author_id"], "author_id", None) if "author_id" in f else None
            site.authors.append(
                Author(
                    get("author_login"),
                    get("author_email"),
                    get("author_display_name"),
                    get("author_first_name"),
                    get("author_last_name"),
                    author_id,
                )
            )
        elif key == "wp:category":
            site.categories.append(
                Category(
                    get("category_nicename"),
                    get("cat_name"),
                    get("category_parent"),
                    get("category_description"),
                    term_id,
                )
            )
        elif key == "wp:tag":
            site.tags.append(Tag(get("tag_slug"), get("tag_name"), get("tag_description"), term_id))
        else:
            site.terms.append(
                Term(
                    get("term_taxonomy"),
                    get("term_slug"),
                    get("term_name"),
                    get("term_parent"),
                    get("term_description"),
                    term_id,
                )
            )
        self.diagnostics.extend(values.diags)
        self._take_problems(el, None, self.diagnostics)

    # -- items ------------------------------------------------------------------------

    def _post(self, item: etree._Element) -> Post:
        post = Post(sourceline=item.sourceline)
        values = _Values(self.name)
        tags = self._tags
        bare: list[TermRef] = []
        post_id_el = None
        keys = self._keys
        only = keys[0] if keys is not None else None
        for child in item.iterchildren(*keys[1]) if keys is not None else item:
            key = tags.get(child.tag)
            if key is None:
                key = tags[child.tag] = _classify(child.tag)
            if only is not None and key not in only:
                continue
            attr = _STR_KEYS.get(key)
            if attr is not None:
                value = _text(child)
                setattr(post, attr, value.strip() if attr in _STRIP else value)
            elif key == "content:encoded":
                post.content = _markup(child)
                post.content_line = child.sourceline  # the text starts after its tag
            elif key == "excerpt:encoded":
                post.excerpt = _markup(child)
            elif key in _DATE_KEYS:
                attr, gmt = _DATE_KEYS[key]
                setattr(post, attr, values.date(child, key[3:], gmt))
            elif key == "category":
                self._term(child, post.terms, bare)
            elif key == "wp:postmeta":
                post.meta.append(self._meta(child))
            elif key == "wp:comment":
                post.comments.append(self._comment(child, values))
            elif key == "wp:post_id":
                post_id_el = child
                # A warning: WordPress's importer (and convert) give such an item a new id.
                post.id = values.int(child, "post_id", None, "bad-post-id", "warning")
            elif key == "wp:post_name":
                raw = _text(child).strip()
                post.post_name_raw = raw
                post.post_name = raw
                if "%" in raw:
                    try:
                        post.post_name = unquote(raw, errors="strict")
                    except UnicodeDecodeError:
                        values.note("bad-slug", f"slug is not percent-encoded UTF-8: {raw}", child)
            elif key == "wp:status":
                post.status = _text(child).strip() or "draft"
            elif key == "wp:post_type":
                post.post_type = _text(child).strip() or "post"
            elif key == "wp:post_parent":
                post.post_parent = values.int(child, "post_parent")
            elif key == "wp:menu_order":
                post.menu_order = values.int(child, "menu_order")
            elif key == "wp:is_sticky":
                post.is_sticky = _text(child).strip() == "1"
        if bare:
            known = {(t.domain, t.name) for t in post.terms}
            post.terms.extend(t for t in bare if (t.domain, t.name) not in known)
        if post_id_el is None or not _text(post_id_el).strip():
            values.note("missing-post-id", "item has no <wp:post_id>", item, "warning")
        diags = values.diags
        self._take_problems(item, post.id, diags)
        if diags:
            post.diagnostics = [d.located(post_id=post.id) for d in diags]
        return post

    def _take_problems(
        self, el: etree._Element, post_id: int | None, into: list[Diagnostic]
    ) -> None:
        """Move the repairs the filter made inside `el` onto its diagnostics."""
        problems = self._stream.problems
        if not problems:
            return
        start = el.sourceline or 0
        end = start + sum(t.count("\n") for t in el.itertext())
        before, inside = [], []
        while problems and problems[0].line <= end:
            p = problems.popleft()
            (inside if p.line >= start else before).append(p)
        if before:
            self.diagnostics.extend(summarise(before, self.name, None))
        into.extend(summarise(inside, self.name, post_id))

    def _term(self, el: etree._Element, terms: list[TermRef], bare: list[TermRef]) -> None:
        domain = el.get("domain") or "category"
        nicename = el.get("nicename")
        name = _text(el)
        if nicename is None:
            # WXR 1.0 repeats each term without its nicename: keep it only when alone.
            bare.append(TermRef(domain, "", name))
        else:
            terms.append(TermRef(domain, nicename, name))

    def _key(self, tag: str) -> str:
        key = self._tags.get(tag)
        if key is None:
            key = self._tags[tag] = _classify(tag)
        return key

    def _meta(self, el: etree._Element) -> tuple[str, str]:
        key = value = ""
        for child in el:
            k = self._key(child.tag)
            if k == "wp:meta_key":
                key = _text(child)
            elif k == "wp:meta_value":
                value = _text(child)
        return key, value

    def _comment(self, el: etree._Element, values: _Values) -> Comment:
        c = Comment()
        for child in el:
            k = self._key(child.tag)
            if not k.startswith("wp:"):
                continue
            k = k[3:]
            if k == "comment_id":
                c.id = values.int(child, "comment_id", None)
            elif k == "comment_author":
                c.author = _text(child)
            elif k == "comment_author_email":
                c.email = _text(child).strip()
            elif k == "comment_author_url":
                c.url = _text(child).strip()
            elif k == "comment_author_IP":
                c.ip = _text(child).strip()
            elif k == "comment_date":
                c.date = values.date(child, "comment_date", False)
            elif k == "comment_date_gmt":
                c.date_gmt = values.date(child, "comment_date_gmt", True)
            elif k == "comment_content":
                c.content = _text(child)
            elif k == "comment_approved":
                c.approved = _text(child).strip()
            elif k == "comment_type":
                c.type = _text(child).strip()
            elif k == "comment_parent":
                c.parent = values.int(child, "comment_parent")
            elif k == "comment_user_id":
                c.user_id = values.int(child, "comment_user_id")
            elif k == "commentmeta":
                c.meta.append(self._meta(child))
        return c


def read_wxr(
    source: str | Path | BinaryIO, *, name: str | None = None, checked: bool = False
) -> WXRReader:
    """A streaming reader of the export at `source` (a path, or a binary file object).

    Nothing is read until `.site` or `.posts()` is used; errors raise `BadInput`.
    `checked`: another reader read these same UTF-8 bytes and found nothing to repair
    (see `WXRReader.repaired`), so the byte checks are skipped (the parser's own
    safety settings stay).
    """
    return WXRReader(source, name=name, checked=checked)


def iter_posts(source: str | Path | BinaryIO) -> Iterator[Post]:
    """Every post of an export, streamed (shorthand for ``read_wxr(source).posts()``)."""
    return read_wxr(source).posts()
