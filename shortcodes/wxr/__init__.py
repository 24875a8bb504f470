"""Streaming, safe reader of WordPress exports (WXR).

Three modules: `model` (the data: `Site`, `Post`…), `stream` (the safe byte stream
lxml reads: `SafeStream`) and `reader` (the parser: `WXRReader`, `Selection`).

`read_wxr(path)` gives a `WXRReader`: `.site` is the channel header (title, language,
authors, categories, tags, terms) and `.posts()` streams one `Post` per `<item>` with
`lxml.etree.iterparse`, clearing each element once read, so memory stays flat however
large the export is. Every `wp` namespace version (export/1.0/ … 1.2/, http or https)
is accepted: elements are matched by local name.

Exports are untrusted. The bytes pass through a small filter before lxml sees them:

* A document type declaration (``<!DOCTYPE``), which WordPress never writes, is refused
  with `BadInput` before any parsing: no entity expansion (billion laughs), no external
  entity or DTD (XXE), no network. lxml also runs with ``load_dtd=False``,
  ``no_network=True`` and without ``huge_tree`` (a text node may hold up to 10 MB).
* HTML named entities that XML does not define (``&nbsp;``, ``&hellip;``, ``&eacute;``
  outside CDATA, as hand-made exports have them) decode to their characters, through a
  DTD of HTML 5 character references that the reader itself declares. Unknown names
  (``&foo;``) are malformed XML: `BadInput` with line and column.
* Characters XML 1.0 forbids do not stop the run: C0 controls other than tab, newline
  and carriage return are removed (vertical tab and form feed become a space), U+FFFE
  and U+FFFF and invalid UTF-8 bytes become U+FFFD. Each post affected gets a
  `Diagnostic` (``control-character``, ``invalid-character``, ``invalid-utf8``) with
  the line of the first one. Character references to them (``&#11;``) stay malformed.
* Input in another encoding (a BOM, UTF-16, or ``encoding="ISO-8859-1"``) is transcoded
  to UTF-8 first, so lxml always reads the bytes that were checked.

Exports WordPress's importer reads are read too. When the strict parse fails, the file
is read again from its start with repairs (see `stream.SafeStream._repair_markup`: a literal
``]]>`` inside CDATA, a namespace URI with non-ASCII characters), each a `Diagnostic`;
the items given before the failure are not given again. Compressed exports (gzip,
bzip2, xz, a zip of one export; see `archive`) are decompressed as they are read.

Malformed XML raises `BadInput` with the file, line and column; posts before the error
have already been yielded. A bad value inside a post (a non-numeric id, an impossible
date) is a `Diagnostic` on that post and the stream goes on.
"""

from .model import Author, Category, Comment, Post, Site, Tag, Term, TermRef
from .reader import (
    PLANNING_FIELDS,
    Selection,
    WXRReader,
    is_wp_namespace,
    iter_posts,
    read_wxr,
)

__all__ = [
    "PLANNING_FIELDS",
    "Author",
    "Category",
    "Comment",
    "Post",
    "Selection",
    "Site",
    "Tag",
    "Term",
    "TermRef",
    "WXRReader",
    "is_wp_namespace",
    "iter_posts",
    "read_wxr",
]
