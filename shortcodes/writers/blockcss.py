"""The CSS a migrated page needs for its blocks, as WordPress prints it: the layout rules of
every page (templates/block-supports.css, before the theme's templates/site.css) and each
post's own rules (`RenderResult.block_css`: its `wp-container-*` layouts, element colours,
gallery gaps, duotone filters, sticky positions, viewport visibility), which WordPress
prints in the page's head as `core-block-supports-inline-css`."""

from __future__ import annotations

from ..render import templates_dir

STYLE_ID = "core-block-supports-inline-css"


def site_css() -> str:
    """The site's stylesheet: WordPress's layout rules, then the theme's."""
    folder = templates_dir()
    return (
        (folder / "block-supports.css").read_text("utf-8")
        + "\n"
        + (folder / "site.css").read_text("utf-8")
    )


def safe_css(css: str) -> str:
    """`css` that cannot end the <style> element it is printed in (its rules come from
    the export's block attributes): a `</` is written `<\\/`, which only a hostile value
    holds (the media queries' `<=` stay as they are)."""
    return css.replace("</", "<\\/")


def style_element(css: str) -> str:
    """The <style> of a post's own block-support rules ("" when it has none)."""
    return f'<style id="{STYLE_ID}">{safe_css(css)}</style>' if css else ""
