"""Convert a WordPress export: the API (`convert`, `ConvertOptions`), the report, the
per-post pipeline and the parallel runner, each a module of this package:

* `api`: `convert()` and its phases (plan, begin, convert every post, finish);
* `report`: `ConvertReport`, `PostReport`, `PostLog` (what `--report` writes);
* `pipeline`: one post through the_content, the cards and the writer (`render_post`);
* `parallel`: the second pass in a pool of forked processes.
"""

from __future__ import annotations

from .api import (
    DEFAULT_STATUSES,
    DEFAULT_TYPES,
    SHARD_MIN_BYTES,
    ConvertOptions,
    Format,
    convert,
)
from .pipeline import CONTENT_TAGS, FIRST_DATA_DAY, figures_day, render_post, the_content_html
from .report import ConvertReport, PostLog, PostReport

__all__ = [
    "CONTENT_TAGS",
    "DEFAULT_STATUSES",
    "DEFAULT_TYPES",
    "FIRST_DATA_DAY",
    "SHARD_MIN_BYTES",
    "ConvertOptions",
    "ConvertReport",
    "Format",
    "PostLog",
    "PostReport",
    "convert",
    "figures_day",
    "render_post",
    "the_content_html",
]
