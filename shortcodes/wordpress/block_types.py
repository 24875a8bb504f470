"""The core block types of WordPress 7.1: the supports that change markup at render
time, and whether PHP renders the block (a render_callback).

Generated from wp-includes/blocks/*/block.json and blocks/*.php of WordPress 7.1.0
(github:johnpbloch/wordpress-core): data, regenerate rather than edit.
"""

from __future__ import annotations

from typing import Any

# name -> (supports, dynamic)
BLOCK_TYPES: dict[str, tuple[dict[str, Any], bool]] = {
    "core/accordion": (
        {
            "color": {"background": True, "gradients": True},
            "layout": True,
            "spacing": {"blockGap": True},
        },
        True,
    ),
    "core/accordion-heading": ({"color": {"background": True, "gradients": True}}, False),
    "core/accordion-item": (
        {
            "color": {"background": True, "gradients": True},
            "layout": {"allowEditing": False},
            "spacing": {"blockGap": True},
        },
        True,
    ),
    "core/accordion-panel": (
        {
            "color": {"background": True, "gradients": True},
            "layout": {"allowEditing": False},
            "spacing": {"blockGap": True},
        },
        False,
    ),
    "core/archives": ({"color": {"gradients": True, "link": True}}, True),
    "core/audio": ({}, False),
    "core/avatar": (
        {"color": {"background": False, "text": False}, "filter": {"duotone": True}},
        True,
    ),
    "core/block": ({}, True),
    "core/breadcrumbs": ({"color": {"gradients": True, "link": True}}, True),
    "core/button": ({"color": {"__experimentalSkipSerialization": True, "gradients": True}}, True),
    "core/buttons": (
        {
            "color": {"gradients": True, "text": False},
            "layout": {
                "allowInheriting": False,
                "allowSwitching": False,
                "default": {"type": "flex"},
            },
            "spacing": {"blockGap": ["horizontal", "vertical"]},
        },
        False,
    ),
    "core/calendar": (
        {"color": {"__experimentalSkipSerialization": ["text", "background"], "link": True}},
        True,
    ),
    "core/categories": ({"color": {"gradients": True, "link": True}}, True),
    "core/code": ({"color": {"background": True, "gradients": True, "text": True}}, False),
    "core/column": (
        {
            "color": {"button": True, "gradients": True, "heading": True, "link": True},
            "layout": True,
            "spacing": {"blockGap": True},
        },
        False,
    ),
    "core/columns": (
        {
            "color": {"button": True, "gradients": True, "heading": True, "link": True},
            "layout": {
                "allowEditing": False,
                "allowInheriting": False,
                "allowSwitching": False,
                "default": {"flexWrap": "nowrap", "type": "flex"},
            },
            "spacing": {
                "blockGap": {"__experimentalDefault": "2em", "sides": ["horizontal", "vertical"]}
            },
        },
        False,
    ),
    "core/comment-author-name": ({"color": {"gradients": True, "link": True}}, True),
    "core/comment-content": ({"color": {"gradients": True, "link": True}}, True),
    "core/comment-date": ({"color": {"gradients": True, "link": True}}, True),
    "core/comment-edit-link": ({"color": {"gradients": True, "link": True, "text": False}}, True),
    "core/comment-reply-link": ({"color": {"gradients": True, "link": True, "text": False}}, True),
    "core/comment-template": ({}, True),
    "core/comments": ({"color": {"gradients": True, "heading": True, "link": True}}, True),
    "core/comments-pagination": (
        {
            "color": {"gradients": True, "link": True},
            "layout": {
                "allowInheriting": False,
                "allowSwitching": False,
                "default": {"type": "flex"},
            },
        },
        True,
    ),
    "core/comments-pagination-next": ({"color": {"gradients": True, "text": False}}, True),
    "core/comments-pagination-numbers": ({"color": {"gradients": True, "text": False}}, True),
    "core/comments-pagination-previous": ({"color": {"gradients": True, "text": False}}, True),
    "core/comments-title": ({"color": {"gradients": True}}, True),
    "core/cover": (
        {
            "color": {
                "__experimentalSkipSerialization": ["gradients"],
                "background": False,
                "heading": True,
                "text": True,
            },
            "filter": {"duotone": True},
            "layout": {"allowJustification": False},
            "spacing": {"blockGap": True},
        },
        True,
    ),
    "core/details": (
        {
            "color": {"gradients": True, "link": True},
            "layout": {"allowEditing": False},
            "spacing": {"blockGap": True},
        },
        False,
    ),
    "core/embed": ({}, False),
    "core/file": ({"color": {"gradients": True, "link": True, "text": False}}, True),
    "core/footnotes": ({"color": {"background": True, "link": True, "text": True}}, True),
    "core/freeform": ({"className": False}, False),
    "core/gallery": (
        {
            "color": {"background": True, "gradients": True, "text": False},
            "layout": {
                "allowEditing": False,
                "allowInheriting": False,
                "allowSwitching": False,
                "default": {"type": "flex"},
            },
            "spacing": {
                "blockGap": {
                    "__experimentalDefault": "var( "
                    "--wp--style--gallery-gap-default, "
                    "var( "
                    "--gallery-block--gutter-size, "
                    "var( "
                    "--wp--style--block-gap, "
                    "0.5em ) ) )",
                    "sides": ["horizontal", "vertical"],
                }
            },
        },
        True,
    ),
    "core/group": (
        {
            "color": {"button": True, "gradients": True, "heading": True, "link": True},
            "layout": {"allowSizingOnChildren": True},
            "spacing": {"blockGap": True},
        },
        False,
    ),
    "core/heading": ({"className": True, "color": {"gradients": True, "link": True}}, True),
    "core/home-link": ({}, True),
    "core/html": ({"className": False}, False),
    "core/icon": ({"color": {"__experimentalSkipSerialization": True}}, True),
    "core/image": (
        {"color": {"background": False, "text": False}, "filter": {"duotone": True}},
        True,
    ),
    "core/latest-comments": ({"color": {"gradients": True, "link": True}}, True),
    "core/latest-posts": (
        {
            "color": {"gradients": True, "link": True},
            "layout": True,
            "spacing": {"blockGap": {"__experimentalDefault": "1.25em"}},
        },
        True,
    ),
    "core/legacy-widget": ({}, True),
    "core/list": ({"color": {"gradients": True, "link": True}}, True),
    "core/list-item": (
        {"className": False, "color": {"background": True, "gradients": True, "link": True}},
        False,
    ),
    "core/loginout": (
        {
            "className": True,
            "color": {"background": True, "gradients": True, "link": True, "text": False},
        },
        True,
    ),
    "core/math": ({"color": {"gradients": True}}, False),
    "core/media-text": ({"color": {"gradients": True, "heading": True, "link": True}}, True),
    "core/missing": ({"className": False}, False),
    "core/more": ({"className": False}, False),
    "core/navigation": (
        {
            "layout": {
                "allowInheriting": False,
                "allowSizingOnChildren": True,
                "allowSwitching": False,
                "allowVerticalAlignment": False,
                "default": {"type": "flex"},
            },
            "spacing": {"blockGap": True},
        },
        True,
    ),
    "core/navigation-link": ({}, True),
    "core/navigation-overlay-close": ({"color": {"gradients": False}}, True),
    "core/navigation-submenu": ({}, True),
    "core/nextpage": ({"className": False}, False),
    "core/page-list": (
        {"color": {"background": True, "gradients": True, "link": True, "text": True}},
        True,
    ),
    "core/page-list-item": ({}, False),
    "core/paragraph": ({"className": False, "color": {"gradients": True, "link": True}}, False),
    "core/pattern": ({}, True),
    "core/playlist": ({"color": {"gradients": True, "link": True}}, True),
    "core/playlist-track": ({}, True),
    "core/post-author": (
        {"color": {"gradients": True, "link": True}, "filter": {"duotone": True}},
        True,
    ),
    "core/post-author-biography": ({"color": {"gradients": True, "link": True}}, True),
    "core/post-author-name": ({"color": {"gradients": True, "link": True}}, True),
    "core/post-comments-count": ({"color": {"gradients": True}}, True),
    "core/post-comments-form": (
        {"color": {"gradients": True, "heading": True, "link": True}},
        True,
    ),
    "core/post-comments-link": ({"color": {"link": True, "text": False}}, True),
    "core/post-content": (
        {
            "color": {"gradients": True, "heading": True, "link": True},
            "layout": True,
            "spacing": {"blockGap": True},
        },
        True,
    ),
    "core/post-date": ({"color": {"gradients": True, "link": True}}, True),
    "core/post-excerpt": ({"color": {"gradients": True, "link": True}}, True),
    "core/post-featured-image": (
        {"color": {"background": False, "text": False}, "filter": {"duotone": True}},
        True,
    ),
    "core/post-navigation-link": ({"color": {"link": True}}, True),
    "core/post-template": (
        {
            "color": {"gradients": True, "link": True},
            "layout": True,
            "spacing": {"blockGap": {"__experimentalDefault": "1.25em"}},
        },
        True,
    ),
    "core/post-terms": ({"color": {"gradients": True, "link": True}}, True),
    "core/post-time-to-read": ({"color": {"gradients": True}}, True),
    "core/post-title": ({"color": {"gradients": True, "link": True}}, True),
    "core/preformatted": ({"color": {"gradients": True}}, False),
    "core/pullquote": ({"color": {"background": True, "gradients": True, "link": True}}, False),
    "core/query": ({"layout": True}, True),
    "core/query-no-results": ({"color": {"gradients": True, "link": True}}, True),
    "core/query-pagination": (
        {
            "color": {"gradients": True, "link": True},
            "layout": {
                "allowInheriting": False,
                "allowSwitching": False,
                "default": {"type": "flex"},
            },
        },
        True,
    ),
    "core/query-pagination-next": ({"color": {"gradients": True, "text": False}}, True),
    "core/query-pagination-numbers": ({"color": {"gradients": True, "text": False}}, True),
    "core/query-pagination-previous": ({"color": {"gradients": True, "text": False}}, True),
    "core/query-title": ({"color": {"gradients": True}}, True),
    "core/query-total": ({"color": {"gradients": True}}, True),
    "core/quote": (
        {
            "color": {"gradients": True, "heading": True, "link": True},
            "layout": {"allowEditing": False},
            "spacing": {"blockGap": True},
        },
        False,
    ),
    "core/read-more": ({"color": {"gradients": True, "text": True}}, True),
    "core/rss": (
        {"color": {"background": True, "gradients": True, "link": True, "text": True}},
        True,
    ),
    "core/search": ({"color": {"__experimentalSkipSerialization": True, "gradients": True}}, True),
    "core/separator": (
        {
            "color": {
                "__experimentalSkipSerialization": True,
                "background": True,
                "gradients": True,
                "text": False,
            }
        },
        False,
    ),
    "core/shortcode": ({"className": False}, True),
    "core/site-logo": (
        {"color": {"background": False, "text": False}, "filter": {"duotone": True}},
        True,
    ),
    "core/site-tagline": ({"color": {"gradients": True}}, True),
    "core/site-title": ({"color": {"gradients": True, "link": True}}, True),
    "core/social-link": ({}, True),
    "core/social-links": (
        {
            "color": {"background": True, "gradients": True, "text": False},
            "layout": {
                "allowInheriting": False,
                "allowSwitching": False,
                "allowVerticalAlignment": False,
                "default": {"type": "flex"},
            },
            "spacing": {"blockGap": ["horizontal", "vertical"]},
        },
        False,
    ),
    "core/spacer": ({}, False),
    "core/tab-list": (
        {
            "color": {"__experimentalSkipSerialization": True, "background": True, "text": True},
            "layout": {
                "allowOrientation": False,
                "allowVerticalAlignment": False,
                "allowWrap": False,
                "default": {"flexWrap": "wrap", "type": "flex"},
            },
            "spacing": {"__experimentalSkipSerialization": ["padding"], "blockGap": True},
        },
        True,
    ),
    "core/tab-panel": (
        {
            "color": {"background": True, "text": True},
            "layout": True,
            "spacing": {"blockGap": True},
        },
        True,
    ),
    "core/tab-panels": (
        {"color": {"background": True, "heading": True, "link": True, "text": True}},
        False,
    ),
    "core/table": ({"color": {"__experimentalSkipSerialization": True, "gradients": True}}, False),
    "core/tabs": (
        {
            "color": {"background": True, "text": True},
            "layout": {"allowEditing": False},
            "spacing": {"blockGap": True},
        },
        True,
    ),
    "core/tag-cloud": ({}, True),
    "core/template-part": ({}, True),
    "core/term-count": ({"color": {"gradients": True}}, True),
    "core/term-description": ({"color": {"link": True}}, True),
    "core/term-name": ({"color": {"gradients": True, "link": True}}, True),
    "core/term-template": (
        {
            "color": {"gradients": True, "link": True},
            "layout": True,
            "spacing": {"blockGap": {"__experimentalDefault": "1.25em"}},
        },
        True,
    ),
    "core/terms-query": ({"layout": True}, False),
    "core/text-columns": ({}, False),
    "core/verse": ({"color": {"gradients": True, "link": True}}, False),
    "core/video": ({}, True),
    "core/widget-group": ({}, True),
}
