"""WordPress 7.1's media.php for a post's content: the core shortcodes
(`[caption]`, `[gallery]`, `[audio]`, `[video]`, `[playlist]`), `prepend_attachment`
and `wp_filter_content_tags`, with the export's attachments standing in for the
database (`ContentContext`). Same names and order of steps as the PHP.

The theme is a block theme (Twenty Twenty-Five), so `html5` is supported for
captions and galleries.
"""

from __future__ import annotations

import html as _html
import math
import re
from typing import Any

from .block_supports import RenderState
from .context import Attachment, ContentContext, PostContext
from .formatting import wptexturize
from .html_api import esc_attr
from .php import intval
from .shortcodes import do_shortcode

_HTML5 = True
OMIT_LOADING_ATTR_THRESHOLD = 3  # wp_omit_loading_attr_threshold()
MIN_PRIORITY_IMG_PIXELS = 50000


def shortcode_atts(pairs: dict[str, Any], atts: dict) -> dict[str, Any]:
    """shortcode_atts(): the defaults, overridden by the named attributes given."""
    out = dict(pairs)
    for k, v in atts.items():
        if isinstance(k, str) and k in pairs:
            out[k] = v
    return out


def sanitize_html_class(text: str) -> str:
    text = re.sub(r"%[a-fA-F0-9][a-fA-F0-9]", "", str(text))
    return re.sub(r"[^A-Za-z0-9_-]", "", text)


class _Media:
    """The media shortcodes of one the_content run (their instance counters)."""

    def __init__(
        self, context: ContentContext, post: PostContext | None, state: RenderState
    ) -> None:
        self.context = context
        self.post = post
        self.state = state
        self.gallery_instance = 0
        self.handlers: dict[str, Any] = {}

    # -- img_caption_shortcode ------------------------------------------------------

    def _attachments(self, ids: list[int], kind: str) -> dict[int, Attachment]:
        """The attachments of `ids` whose MIME type starts with `kind`, by id."""
        found = {}
        for i in ids:
            a = self.context.attachments.get(i)
            if a is not None and a.mime_type.startswith(kind):
                found[i] = a
        return found

    def img_caption_shortcode(self, attr: dict, content: str, tag: str) -> str:
        attr = {k: v for k, v in attr.items() if isinstance(k, str)}
        if "caption" not in attr:
            m = re.search(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", content, re.S | re.I)
            if m:
                content = m[1]
                attr["caption"] = m[2].strip()
        atts = shortcode_atts(
            {
                "id": "",
                "caption_id": "",
                "align": "alignnone",
                "width": "",
                "caption": "",
                "class": "",
            },
            attr,
        )
        width = intval(atts["width"])
        if width < 1 or not atts["caption"]:
            return content
        ident = caption_id = describedby = unique = caption_value = ""
        if atts["id"]:
            atts["id"] = sanitize_html_class(atts["id"])
            unique = re.sub(r"-1$", "", self.state.unique_prefixed_id(atts["id"] + "-"))
            ident = f'id="{esc_attr(unique)}" '
        if atts["caption_id"]:
            atts["caption_id"] = sanitize_html_class(atts["caption_id"])
            caption_value = re.sub(
                r"-1$", "", self.state.unique_prefixed_id(atts["caption_id"] + "-")
            )
        elif unique:
            caption_value = "caption-" + unique.replace("_", "-")
        if caption_value:
            caption_id = f'id="{esc_attr(caption_value)}" '
            describedby = f'aria-describedby="{esc_attr(caption_value)}" '
        cls = f"wp-caption {atts['align']} {atts['class']}".strip()
        style = f'style="width: {width}px" ' if width else ""
        inner = do_shortcode(content, self.handlers)
        return (
            f'<figure {ident}{describedby}{style}class="{esc_attr(cls)}">{inner}'
            f'<figcaption {caption_id}class="wp-caption-text">{atts["caption"]}</figcaption>'
            "</figure>"
        )

    # -- gallery_shortcode ----------------------------------------------------------

    def gallery_shortcode(self, attr: dict, content: str, tag: str) -> str:
        self.gallery_instance += 1
        instance = self.gallery_instance
        attr = {k: v for k, v in attr.items() if isinstance(k, str)}
        if attr.get("ids"):
            attr.setdefault("orderby", "post__in")
            if not attr["orderby"]:
                attr["orderby"] = "post__in"
            attr["include"] = attr["ids"]
        post_id = self.post.id if self.post is not None else 0
        atts = shortcode_atts(
            {
                "order": "ASC",
                "orderby": "menu_order ID",
                "id": post_id,
                "itemtag": "figure",
                "icontag": "div",
                "captiontag": "figcaption",
                "columns": 3,
                "size": "thumbnail",
                "include": "",
                "exclude": "",
                "link": "",
            },
            attr,
        )
        gid = intval(atts["id"])
        if atts["include"]:
            wanted = _id_list(atts["include"])
            found = self._attachments(wanted, "image")
            chosen = _ordered([found[i] for i in wanted if i in found], atts, wanted)
        else:
            excluded = set(_id_list(atts["exclude"])) if atts["exclude"] else set()
            images = self.context.children(gid) if gid else []
            chosen = _ordered(
                [a for a in images if a.mime_type.startswith("image") and a.id not in excluded],
                atts,
                [],
            )
        if not chosen:
            return ""
        itemtag = _tag_escape(atts["itemtag"]) or "dl"
        captiontag = _tag_escape(atts["captiontag"]) or "dd"
        icontag = _tag_escape(atts["icontag"]) or "dt"
        columns = intval(atts["columns"])
        selector = f"gallery-{instance}"
        size = str(atts["size"])
        out = [
            f"<div id='{selector}' class='gallery galleryid-{gid} gallery-columns-{columns} "
            f"gallery-size-{sanitize_html_class(size)}'>"
        ]
        for a in chosen:
            extra = {"aria-describedby": f"{selector}-{a.id}"} if a.caption.strip() else {}
            if atts["link"] == "file":
                image = self.wp_get_attachment_link(a, size, False, extra)
            elif atts["link"] == "none":
                image = self.wp_get_attachment_image(a, size, extra)
            else:
                image = self.wp_get_attachment_link(a, size, True, extra)
            meta = a.metadata or {}
            orientation = ""
            if "height" in meta and "width" in meta:
                orientation = (
                    "portrait" if _num(meta["height"]) > _num(meta["width"]) else "landscape"
                )
            out.append(
                f"<{itemtag} class='gallery-item'>\n\t\t\t<{icontag} class='gallery-icon "
                f"{orientation}'>\n\t\t\t\t{image}\n\t\t\t</{icontag}>"
            )
            if captiontag and a.caption.strip():
                out.append(
                    f"\n\t\t\t\t<{captiontag} class='wp-caption-text gallery-caption' "
                    f"id='{selector}-{a.id}'>\n\t\t\t\t{wptexturize(a.caption)}\n\t\t\t\t"
                    f"</{captiontag}>"
                )
            out.append(f"</{itemtag}>")
        out.append("\n\t\t</div>\n")
        return "".join(out)

    # -- attachments ----------------------------------------------------------------

    def wp_get_attachment_image(self, a: Attachment, size: str, extra: dict) -> str:
        return wp_get_attachment_image(self.context, a, size, extra)

    def wp_get_attachment_link(self, a: Attachment, size: str, permalink: bool, extra: dict) -> str:
        url = a.url
        if permalink:
            url = a.link or f"{self.context.site.home}/?attachment_id={a.id}"
        text = self.wp_get_attachment_image(a, size, extra) if size and size != "none" else ""
        if not text.strip():  # not an image: its title, else its file name
            text = a.title
        if not text.strip():
            name = a.url.rsplit("/", 1)[-1]
            text = _html.escape(name.rsplit(".", 1)[0] if "." in name else name)
        return f"<a href='{esc_attr(url)}'>{text}</a>"

    # -- [audio] / [video] / [playlist] ---------------------------------------------

    def wp_audio_shortcode(self, attr: dict, content: str, tag: str) -> str:
        return self._media_element("audio", attr, content)

    def wp_video_shortcode(self, attr: dict, content: str, tag: str) -> str:
        return self._media_element("video", attr, content)

    def wp_playlist_shortcode(self, attr: dict, content: str, tag: str) -> str:
        """wp_playlist_shortcode(): the audio or video attachments of the post (or those
        listed) as WordPress's playlist markup, its tracks as JSON for its script."""
        attr = {k: v for k, v in attr.items() if isinstance(k, str)}
        if attr.get("ids"):
            if not attr.get("orderby"):
                attr["orderby"] = "post__in"
            attr["include"] = attr["ids"]
        post_id = self.post.id if self.post is not None else 0
        atts = shortcode_atts(
            {
                "type": "audio",
                "order": "ASC",
                "orderby": "menu_order ID",
                "id": post_id,
                "include": "",
                "exclude": "",
                "style": "light",
                "tracklist": True,
                "tracknumbers": True,
                "images": True,
                "artists": True,
            },
            attr,
        )
        pid = intval(atts["id"])
        kind = "audio" if atts["type"] == "audio" else "video"
        if atts["include"]:
            wanted = _id_list(atts["include"])
            found = self._attachments(wanted, kind)
            chosen = _ordered([found[i] for i in wanted if i in found], atts, wanted)
        else:
            excluded = set(_id_list(atts["exclude"])) if atts["exclude"] else set()
            media = self.context.children(pid) if pid else []
            chosen = _ordered(
                [a for a in media if a.mime_type.startswith(kind) and a.id not in excluded],
                atts,
                [],
            )
            if pid and self.post is not None and self.post.id == pid and self.post.password:
                return ""  # post_password_required( $post_parent )
        if not chosen:
            return ""
        width, height = 640, 360  # no $content_width in a block theme
        data: dict[str, Any] = {"type": kind}
        for key in ("tracklist", "tracknumbers", "images", "artists"):
            data[key] = wp_validate_boolean(atts[key])
        tracks = []
        for a in chosen:
            track: dict[str, Any] = {
                "src": a.url,
                "type": a.mime_type,
                "title": a.title,
                "caption": a.caption,
                "description": a.description,
                "meta": {},
            }
            meta = a.metadata or {}
            if meta:
                for key in ("artist", "album", "genre", "year", "length_formatted"):
                    if meta.get(key):  # wp_get_attachment_id3_keys( 'display' )
                        track["meta"][key] = meta[key]
                if kind == "video":
                    if meta.get("width") and meta.get("height"):
                        original = {"width": meta["width"], "height": meta["height"]}
                        height = _php_round(_num(meta["height"]) * width / _num(meta["width"]))
                    else:
                        original = {"width": 640, "height": 360}
                    track["dimensions"] = {
                        "original": original,
                        "resized": {"width": width, "height": height},
                    }
            if atts["images"]:  # no thumbnail of its own: WordPress's icon for the type
                icon = f"{self.context.site.siteurl}/wp-includes/images/media/{kind}.svg"
                track["image"] = {"src": icon, "width": 48, "height": 64}
                track["thumb"] = {"src": icon, "width": 48, "height": 64}
            tracks.append(track)
        data["tracks"] = tracks
        safe_type, safe_style = esc_attr(kind), esc_attr(str(atts["style"]))
        links = "".join(
            f"<li>{self.wp_get_attachment_link(a, 'thumbnail', False, {})}</li>" for a in chosen
        )
        current = (
            '\t\t\t<div class="wp-playlist-current-item"></div>\n\t' if kind == "audio" else "\t"
        )
        video_height = f' height="{int(height)}"' if kind == "video" else ""
        return (
            f'<div class="wp-playlist wp-{safe_type}-playlist wp-playlist-{safe_style}">\n'
            f'{current}\t<{safe_type} controls="controls" preload="none" width="{width}"\n'
            f"\t\t{video_height}\t></{safe_type}>\n"
            '\t<div class="wp-playlist-next"></div>\n\t<div class="wp-playlist-prev"></div>\n'
            f"\t<noscript>\n\t<ol>\n\t\t{links}\t</ol>\n\t</noscript>\n"
            '\t<script type="application/json" class="wp-playlist-script">'
            f"{_json_hex_tag(data)}</script>\n</div>\n\t"
        )

    def _media_element(self, kind: str, attr: dict, content: str) -> str:
        attr = {k: v for k, v in attr.items() if isinstance(k, str)}
        exts = (
            ("mp3", "ogg", "flac", "m4a", "wav")
            if kind == "audio"
            else ("mp4", "m4v", "webm", "ogv", "flv")
        )
        src = attr.get("src", "")
        if not src:
            for ext in exts:
                if attr.get(ext):
                    src = attr[ext]
                    break
        if not src:
            attached = [
                a
                for a in self.context.attachments_of(self.post.id if self.post else 0)
                if a.mime_type.startswith(kind)
            ]
            if not attached:
                return ""
            src = attached[0].url
        self.state.counters[kind] = self.state.counters.get(kind, 0) + 1
        n = self.state.counters[kind]
        src_q = esc_attr(src)
        ext = src.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
        mime = {
            "mp3": "audio/mpeg",
            "m4a": "audio/mpeg",
            "ogg": "audio/ogg",
            "wav": "audio/wav",
            "flac": "audio/flac",
            "mp4": "video/mp4",
            "m4v": "video/mp4",
            "webm": "video/webm",
            "ogv": "video/ogg",
        }.get(ext, f"{kind}/{ext}")
        if kind == "audio":
            return (
                f'<audio class="wp-audio-shortcode" id="audio-{self.post.id if self.post else 0}'
                f'-{n}" preload="none" style="width: 100%;" controls="controls">'
                f'<source type="{mime}" src="{src_q}" /><a href="{src_q}">{_html.escape(src)}</a>'
                "</audio>"
            )
        width = intval(attr.get("width", 640)) or 640
        height = intval(attr.get("height", 360)) or 360
        return (
            f'<div style="width: {width}px;" class="wp-video"><video class="wp-video-shortcode" '
            f'id="video-{self.post.id if self.post else 0}-{n}" width="{width}" '
            f'height="{height}" preload="metadata" controls="controls">'
            f'<source type="{mime}" src="{src_q}" /><a href="{src_q}">{_html.escape(src)}</a>'
            "</video></div>"
        )


def image_downsize(ctx: ContentContext, a: Attachment, size: str) -> tuple[str, int, int]:
    """The URL and dimensions of `size` of the image. Without `_wp_attachment_metadata`
    WordPress constrains 0 x 0 to the size's limits: 1 x 1 for a registered size, none
    (no width/height attributes) for 'full' or a size the theme does not register."""
    meta = a.metadata or {}
    width, height = intval(meta.get("width", 0)), intval(meta.get("height", 0))
    sizes = meta.get("sizes") if isinstance(meta.get("sizes"), dict) else {}
    if size in sizes and isinstance(sizes[size], dict):
        s = sizes[size]
        base = a.url.rsplit("/", 1)[0]
        return f"{base}/{s.get('file', '')}", intval(s.get("width")), intval(s.get("height"))
    limit = ctx.site.image_sizes.get(size) if size != "full" else None
    if limit is None:
        return a.url, width, height
    if not width or not height:
        return a.url, 1, 1
    w, h = wp_constrain_dimensions(width, height, limit[0], limit[1])
    return a.url, w, h


_IMAGE_EXTS = {"jpg", "jpeg", "jpe", "gif", "png", "webp", "avif", "heic", "svg"}


def wp_get_attachment_image(ctx: ContentContext, a: Attachment, size: str, attr: dict) -> str:
    """`<img>` of the attachment at `size`; `attr` overrides the defaults (src, class, alt).
    "" for a file that is not an image (wp_attachment_is_image: by its extension)."""
    ext = a.url.split("?", 1)[0].rsplit(".", 1)[-1].lower() if "." in a.url else ""
    if ext not in _IMAGE_EXTS and not (ext == "" and a.mime_type.startswith("image/")):
        return ""
    src, width, height = image_downsize(ctx, a, size)
    attrs = {"src": src, "class": f"attachment-{size} size-{size}", "alt": a.alt.strip()}
    attrs.update(attr)
    hw = (f'width="{width}" ' if width else "") + (f'height="{height}" ' if height else "")
    parts = [f"<img {hw}".rstrip()]
    for name, value in attrs.items():
        parts.append(f' {name}="{esc_attr(_html.unescape(str(value)))}"')
    parts.append(" />")
    return "".join(parts)


def core_shortcode_handlers(
    context: ContentContext, post: PostContext | None, state: RenderState
) -> dict[str, Any]:
    """The shortcodes WordPress 7.1 registers, bound to this run's data."""
    media = _Media(context, post, state)
    media.handlers = {
        "wp_caption": media.img_caption_shortcode,
        "caption": media.img_caption_shortcode,
        "gallery": media.gallery_shortcode,
        "audio": media.wp_audio_shortcode,
        "video": media.wp_video_shortcode,
        "playlist": media.wp_playlist_shortcode,
        "embed": lambda atts, content, tag: "",  # run earlier, by WP_Embed
    }
    return media.handlers


def prepend_attachment(content: str, context: ContentContext, post: PostContext | None) -> str:
    """Only attachment pages show their file before the content."""
    if post is None or post.post_type != "attachment":
        return content
    a = context.attachments.get(post.id)
    if a is None:
        return content
    link = f"<a href='{esc_attr(a.url)}'>{_html.escape(a.title)}</a>"
    return f'<p class="attachment">{link}</p>{content}'


# -- wp_filter_content_tags ---------------------------------------------------------------

_TAGS = re.compile(r"<(img|iframe)\s[^>]+>")


def wp_filter_content_tags(content: str, context: ContentContext, state: RenderState) -> str:
    """Dimensions, srcset/sizes, decoding, loading and fetchpriority on the content's
    images and iframes, as WordPress adds them (the media counter lives in `state`)."""
    if "<img" not in content and "<iframe" not in content:
        return content
    matches = list(_TAGS.finditer(content))
    if not matches:
        return content
    done: set[str] = set()
    for m in matches:
        tag, name = m[0], m[1]
        if tag in done:
            continue
        done.add(tag)
        if name == "img":
            filtered = tag
            cid = re.search(r"wp-image-([0-9]+)", tag, re.I)
            aid = int(cid[1]) if cid else 0
            a = context.attachments.get(aid) if aid else None
            if a is not None and " width=" not in filtered and " height=" not in filtered:
                filtered = _add_width_and_height(filtered, a)
            if a is not None and " srcset=" not in filtered:
                filtered = _add_srcset_and_sizes(filtered, a, context)
            filtered = wp_img_tag_add_loading_optimization_attrs(filtered, state)
            filtered = wp_img_tag_add_auto_sizes(filtered)
        else:
            filtered = tag
            if " loading=" not in filtered:
                filtered = wp_iframe_tag_add_loading_attr(filtered, state)
        if filtered != tag:
            content = content.replace(tag, filtered)
    return content


def _attr_int(tag: str, name: str) -> int | None:
    m = re.search(rf" {name}=[\"']([0-9]+)[\"']", tag)
    return int(m[1]) if m else None


def _attr_word(tag: str, name: str) -> str | None:
    m = re.search(rf" {name}=[\"']([A-Za-z]+)[\"']", tag)
    return m[1] if m else None


def wp_get_loading_optimization_attributes(
    tag_name: str, attr: dict, state: RenderState
) -> dict[str, str]:
    """The 'the_content' context of a post's own page, in the main loop."""
    out: dict[str, str] = {}
    if tag_name == "img":
        out["decoding"] = attr.get("decoding") or "async"
    if attr.get("width") is None or attr.get("height") is None:
        return out
    maybe_in_viewport = None
    if attr.get("loading"):
        maybe_in_viewport = attr["loading"] != "lazy"
    fetchpriority = attr.get("fetchpriority")
    low = fetchpriority == "low"
    if fetchpriority == "high":
        if maybe_in_viewport is False:
            out["fetchpriority"] = "high"
        else:
            maybe_in_viewport = True
    elif low:
        maybe_in_viewport = False
        out["fetchpriority"] = "low"
    elif fetchpriority == "auto":
        out["fetchpriority"] = "auto"
    increase = False
    if maybe_in_viewport is None:
        count = state.counters.get("content-media", 0)
        increase = True
        maybe_in_viewport = count < OMIT_LOADING_ATTR_THRESHOLD
    if maybe_in_viewport:
        if tag_name == "img" and not state.counters.get("fetchpriority-high"):
            if "fetchpriority" not in out and (attr["width"] * attr["height"]) >= (
                MIN_PRIORITY_IMG_PIXELS
            ):
                out["fetchpriority"] = "high"
                state.counters["fetchpriority-high"] = 1
            elif out.get("fetchpriority") == "high":
                state.counters["fetchpriority-high"] = 1
    elif not low:
        out["loading"] = "lazy"
    if fetchpriority != "auto" and increase:
        state.counters["content-media"] = state.counters.get("content-media", 0) + 1
    return out


def wp_img_tag_add_loading_optimization_attrs(image: str, state: RenderState) -> str:
    m = re.search(r" src=[\"']?([^\"']*)", image, re.I)
    attrs = {
        "src": m[1] if m else None,
        "width": _attr_int(image, "width"),
        "height": _attr_int(image, "height"),
        "loading": _attr_word(image, "loading"),
        "fetchpriority": _attr_word(image, "fetchpriority"),
        "decoding": _attr_word(image, "decoding"),
    }
    opt = wp_get_loading_optimization_attributes("img", attrs, state)
    if ' src="' not in image:
        return image
    if not attrs["decoding"] and opt.get("decoding"):
        image = image.replace("<img", f'<img decoding="{esc_attr(opt["decoding"])}"')
    if ' width="' not in image or ' height="' not in image:
        return image
    if not attrs["loading"] and opt.get("loading"):
        image = image.replace("<img", f'<img loading="{esc_attr(opt["loading"])}"')
    if not attrs["fetchpriority"] and opt.get("fetchpriority"):
        image = image.replace("<img", f'<img fetchpriority="{esc_attr(opt["fetchpriority"])}"')
    return image


def wp_img_tag_add_auto_sizes(image: str) -> str:
    m = re.search(r"\ssizes=([\"'])(.*?)\1", image)
    if not re.search(r"\sloading=[\"']?lazy", image, re.I) or m is None:
        return image
    if " width=" not in image or m[2].strip().lower().startswith("auto"):
        return image
    return image[: m.start(2)] + "auto, " + image[m.start(2) :]


def wp_iframe_tag_add_loading_attr(iframe: str, state: RenderState) -> str:
    if 'data-secret="' in iframe:
        return iframe
    attrs = {"width": _attr_int(iframe, "width"), "height": _attr_int(iframe, "height")}
    opt = wp_get_loading_optimization_attributes("iframe", attrs, state)
    if opt.get("loading") and ' width="' in iframe and ' height="' in iframe:
        return iframe.replace("<iframe", f'<iframe loading="{opt["loading"]}"', 1)
    return iframe


def _add_width_and_height(image: str, a: Attachment) -> str:
    meta = a.metadata or {}
    w, h = intval(meta.get("width", 0)), intval(meta.get("height", 0))
    if not w or not h:
        return image
    m = re.search(r" src=\"([^\"]+)\"", image)
    src = m[1] if m else ""
    sizes = meta.get("sizes") if isinstance(meta.get("sizes"), dict) else {}
    for s in sizes.values():
        if isinstance(s, dict) and s.get("file") and src.endswith("/" + str(s["file"])):
            w, h = intval(s.get("width")), intval(s.get("height"))
            break
    return image.replace("<img", f'<img width="{w}" height="{h}"', 1)


def _add_srcset_and_sizes(image: str, a: Attachment, context: ContentContext) -> str:
    """wp_image_add_srcset_and_sizes(): srcset and sizes from the attachment's metadata."""
    meta = a.metadata or {}
    if not isinstance(meta.get("sizes"), dict) or not meta["sizes"]:
        return image
    m = re.search(r'src="([^"]+)"', image)
    src = (m[1] if m else "").split("?", 1)[0]
    if not src:
        return image
    edit = re.search(r"-e[0-9]{13}", str(meta.get("file", "")))
    if edit and edit[0] not in src.rsplit("/", 1)[-1]:
        return image  # inserted, then edited in WordPress: another file
    mw = re.search(r' width="([0-9]+)"', image)
    mh = re.search(r' height="([0-9]+)"', image)
    width, height = (int(mw[1]) if mw else 0), (int(mh[1]) if mh else 0)
    size = (width, height) if width and height else wp_image_src_get_dimensions(src, meta)
    if size is None:
        return image
    srcset = wp_calculate_image_srcset(size, src, meta, context, a)
    if not srcset:
        return image
    attr = f' srcset="{esc_attr(srcset)}"'
    if " sizes=" not in image:  # wp_calculate_image_sizes()
        attr += f' sizes="{esc_attr(f"(max-width: {size[0]}px) 100vw, {size[0]}px")}"'
    # The attributes go at the end of the tag.
    return re.sub(r"<img ([^>]+?)[/ ]*>", lambda m: f"<img {m[1]}{attr} />", image)


def wp_image_src_get_dimensions(src: str, meta: dict) -> tuple[int, int] | None:
    """The width and height of the file `src` names: the full image or one of its sizes."""
    name = src.rsplit("/", 1)[-1]
    if name == str(meta.get("file", "")).rsplit("/", 1)[-1]:
        return intval(meta.get("width")), intval(meta.get("height"))
    for s in (meta.get("sizes") or {}).values():
        if isinstance(s, dict) and name == s.get("file"):
            return intval(s.get("width")), intval(s.get("height"))
    return None


def _relative_dir(file: str) -> str:
    """_wp_get_attachment_relative_path(): the uploads sub-directory of the file."""
    dirname = file.rsplit("/", 1)[0] if "/" in file else ""
    if "wp-content/uploads" in dirname:
        dirname = dirname[dirname.index("wp-content/uploads") + 18 :].lstrip("/")
    return dirname


def wp_calculate_image_srcset(
    size: tuple[int, int], src: str, meta: dict, context: ContentContext, a: Attachment
) -> str:
    """wp_calculate_image_srcset(): every size of the image with the same aspect ratio
    (within a pixel), up to 2048px wide, the one in `src` first; "" unless `src` is one
    of them and there are two at least."""
    file = str(meta.get("file") or "")
    sizes = meta.get("sizes")
    if not isinstance(sizes, dict) or not sizes or len(file) < 4:
        return ""
    image_width, image_height = intval(size[0]), intval(size[1])
    if image_width < 1:
        return ""
    candidates = list(sizes.values())
    thumbnail = sizes.get("thumbnail")
    if not (isinstance(thumbnail, dict) and thumbnail.get("mime-type") == "image/gif"):
        candidates.append(
            {
                "width": meta.get("width"),
                "height": meta.get("height"),
                "file": file.rsplit("/", 1)[-1],
            }
        )
    elif file in src:
        return ""  # a full-size GIF keeps its animation: no srcset
    dirname = _relative_dir(file)
    dirname = f"{dirname}/" if dirname else ""
    uploads = context.site.uploads_baseurl or a.url.rsplit("/", 1)[0].removesuffix(
        dirname.rstrip("/")
    )
    baseurl = uploads.rstrip("/") + "/" + dirname
    edited = re.search(r"-e[0-9]{13}", src.rsplit("/", 1)[-1])
    sources: dict[int, str] = {}
    src_matched = False
    for image in candidates:
        if not isinstance(image, dict):
            continue
        is_src = False
        name = str(image.get("file", ""))
        if not src_matched and dirname + name in src:
            src_matched = is_src = True
        if edited and not name.find(edited[0]) > 0:
            continue  # from an earlier edit
        w, h = intval(image.get("width")), intval(image.get("height"))
        if w > 2048 and not is_src:  # max_srcset_image_width
            continue
        if wp_image_matches_ratio(image_width, image_height, w, h):
            url = baseurl + name
            if is_src:
                sources = {w: url, **{k: v for k, v in sources.items() if k != w}}
            else:
                sources[w] = url
    if not src_matched or len(sources) < 2:
        return ""
    return ", ".join(f"{url.replace(' ', '%20')} {w}w" for w, url in sources.items())


def wp_image_matches_ratio(source_w: int, source_h: int, target_w: int, target_h: int) -> bool:
    """Whether two sizes have the same aspect ratio, within a pixel once the larger is
    constrained to the smaller's width."""
    if source_w > target_w:
        constrained = wp_constrain_dimensions(source_w, source_h, target_w)
        expected = (target_w, target_h)
    else:
        constrained = wp_constrain_dimensions(target_w, target_h, source_w)
        expected = (source_w, source_h)
    return abs(constrained[0] - expected[0]) <= 1 and abs(constrained[1] - expected[1]) <= 1


def _php_round(x: float) -> int:
    """PHP's round() to an integer: halves away from zero."""
    return int(math.floor(abs(x) + 0.5)) * (1 if x >= 0 else -1)


def wp_constrain_dimensions(w: int, h: int, max_w: int = 0, max_h: int = 0) -> tuple[int, int]:
    """wp_constrain_dimensions(): (w, h) scaled down to fit max_w x max_h (0: no limit)."""
    if not max_w and not max_h:
        return w, h
    width_ratio = height_ratio = 1.0
    did_width = did_height = False
    if max_w > 0 and w > 0 and w > max_w:
        width_ratio, did_width = max_w / w, True
    if max_h > 0 and h > 0 and h > max_h:
        height_ratio, did_height = max_h / h, True
    smaller, larger = min(width_ratio, height_ratio), max(width_ratio, height_ratio)
    if _php_round(w * larger) > max_w or _php_round(h * larger) > max_h:
        ratio = smaller
    else:
        ratio = larger
    new_w, new_h = max(1, _php_round(w * ratio)), max(1, _php_round(h * ratio))
    if did_width and new_w == max_w - 1:
        new_w = max_w  # a pixel short, from rounding
    if did_height and new_h == max_h - 1:
        new_h = max_h
    return new_w, new_h


def wp_validate_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() == "false":
        return False
    return value not in ("", "0", 0, None)


def _json_hex_tag(data: Any) -> str:
    """wp_json_encode( $data, JSON_HEX_TAG | JSON_UNESCAPED_SLASHES ) as PHP prints it."""
    import json

    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003C").replace(">", "\\u003E")


# -- helpers ------------------------------------------------------------------------------


def _num(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _id_list(text: Any) -> list[int]:
    out = []
    for part in re.split(r"[,\s]+", str(text)):
        n = intval(part)
        if n > 0 and n not in out:
            out.append(n)
    return out


def _ordered(items: list[Attachment], atts: dict, wanted: list[int]) -> list[Attachment]:
    orderby = str(atts["orderby"]).strip()
    desc = str(atts["order"]).upper() == "DESC"
    if orderby == "post__in":
        return items
    if orderby == "rand":
        return items  # WordPress shuffles; a static page keeps the given order
    keys = orderby.replace(",", " ").split() or ["menu_order", "ID"]

    def key(a: Attachment) -> list[Any]:
        out: list[Any] = []
        for k in keys:
            k = k.lower()
            if k == "menu_order":
                out.append(a.menu_order)
            elif k in ("id", "ID"):
                out.append(a.id)
            elif k in ("title", "post_title"):
                out.append(a.title)
            elif k in ("date", "post_date"):
                out.append(a.date.isoformat() if a.date else "")
            elif k in ("name", "post_name"):
                out.append(a.slug)
        return out

    return sorted(items, key=key, reverse=desc)


def _tag_escape(name: Any) -> str:
    return re.sub(r"[^a-zA-Z0-9_:]", "", str(name).lower())
