"""What a Pagefind bundle holds, decoded: the same data whatever order Pagefind read
the pages in.

Pagefind numbers pages in the order it walks them (the file system's order), and its
index and metadata files, named by a hash of their bytes, carry those numbers; so two
runs over the same pages may write different bytes under different names. This reads
every file back (gzip, Pagefind's `pagefind_dcd` signature, then JSON for fragments
and CBOR for the rest) and names each page by its URL instead of its number."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
ENCODED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")


def _decoded(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    assert raw.startswith(SIGNATURE), "not a Pagefind file"
    return raw[len(SIGNATURE) :]


def decoded_index(bundle: Path) -> dict:
    """Everything a search over `bundle` can find or show, by page URL: per language
    its pages (URL, word count), every word with the pages and positions it is found
    at, the filters, sorts and metadata fields; each page's fragment (its text, title,
    anchors); the entry file without its hashes; Pagefind's scripts, styles and wasm as
    bytes."""
    files = {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }
    fragments = {
        name.rsplit("/", 1)[-1].removesuffix(".pf_fragment"): json.loads(_decoded(data))
        for name, data in files.items()
        if name.endswith(".pf_fragment")
    }
    entry = json.loads(files["pagefind-entry.json"])
    languages = {}
    for lang, info in entry["languages"].items():
        meta = cbor2.loads(_decoded(files[f"pagefind.{info['hash']}.pf_meta"]))
        version, pages, chunks, filters, sorts, meta_fields = meta
        urls = [fragments[page_hash]["url"] for page_hash, _ in pages]
        words = {}
        for _from, _to, chunk in chunks:
            for word, hits, *rest in cbor2.loads(_decoded(files[f"index/{chunk}.pf_index"]))[0]:
                # A page may be listed more than once for a word (Pagefind does so):
                # sorted, not merged.
                at = sorted((urls[n], locations, meta) for n, locations, meta in hits)
                assert word not in words
                words[word] = (at, rest)
        # The site writes no data-pagefind-filter or -sort: their files (page numbers
        # again) would need decoding too.
        assert filters == [] and sorts == [], "filters and sorts are not decoded"
        languages[lang] = {
            "version": version,
            "wasm": info["wasm"],
            "page_count": info["page_count"],
            "pages": sorted((url, count) for url, (_, count) in zip(urls, pages, strict=True)),
            "words": words,
            "meta_fields": meta_fields,
        }
    # Without the hashes (of bytes that follow the pages' order); a dict, compared in
    # any order, as Pagefind lists the languages in no fixed one.
    entry["languages"] = {
        lang: {k: v for k, v in info.items() if k != "hash"}
        for lang, info in entry["languages"].items()
    }
    return {
        "entry": entry,
        "languages": languages,
        "fragments": {f["url"]: f for f in fragments.values()},
        "assets": {
            n: d for n, d in files.items() if n != "pagefind-entry.json" and not n.endswith(ENCODED)
        },
    }
