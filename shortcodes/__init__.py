"""covid-shortcodes: free WordPress content from the dead COVID-19 card plugin.

`shortcodes.wordpress` is a faithful port of WordPress's shortcode and formatting
functions; `shortcodes.parser` is the higher-level parser with source spans and
diagnostics; the rest of the package is the migration pipeline.

The public surface is named here (imported when first used, so ``import shortcodes``
costs nothing): the parser (`parse`), cards (`card_spec`, `CardRenderer`), the export's
data (`read_wxr`, `Post`, `Site`), results and errors. The commands' entry points are
`shortcodes.convert.convert`, `shortcodes.render_site.render_site` and
`shortcodes.scan.scan_text`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name → the module that defines it.
_EXPORTS = {
    "CARD_TAG": "parser",
    "Attribute": "parser",
    "ParseResult": "parser",
    "Shortcode": "parser",
    "parse": "parser",
    "Diagnostic": "diagnostics",
    "BadInput": "errors",
    "DataUnavailable": "errors",
    "OutputError": "errors",
    "ShortcodesError": "errors",
    "CardSpec": "card",
    "card_spec": "card",
    "CardRenderer": "render",
    "RenderOptions": "render",
    "RenderResult": "render",
    "Post": "wxr",
    "Site": "wxr",
    "read_wxr": "wxr",
    "ConvertOptions": "convert",
    "ConvertReport": "convert",
    "ScanReport": "scan",
    "SiteReport": "render_site",
}

__all__ = [
    "__version__",
    "Attribute",
    "BadInput",
    "CARD_TAG",
    "CardRenderer",
    "CardSpec",
    "ConvertOptions",
    "ConvertReport",
    "DataUnavailable",
    "Diagnostic",
    "OutputError",
    "ParseResult",
    "Post",
    "RenderOptions",
    "RenderResult",
    "ScanReport",
    "Shortcode",
    "ShortcodesError",
    "Site",
    "SiteReport",
    "card_spec",
    "parse",
    "read_wxr",
]

if TYPE_CHECKING:
    from .card import CardSpec, card_spec
    from .convert import ConvertOptions, ConvertReport
    from .diagnostics import Diagnostic
    from .errors import BadInput, DataUnavailable, OutputError, ShortcodesError
    from .parser import CARD_TAG, Attribute, ParseResult, Shortcode, parse
    from .render import CardRenderer, RenderOptions, RenderResult
    from .render_site import SiteReport
    from .scan import ScanReport
    from .wxr import Post, Site, read_wxr


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'shortcodes' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
