"""WordPress 7.1's slug of a title: `sanitize_title` in the 'save' context
(`remove_accents`, then `sanitize_title_with_dashes`, formatting.php), as
`wp_insert_post` makes the post_name of a published post that has none.

Hand-written because the address must be WordPress's exactly: the importer gives a
slugless published post this slug, and that is where WordPress served it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["remove_accents", "sanitize_title", "sanitize_title_with_dashes", "utf8_uri_encode"]

# remove_accents()'s table (formatting.php, WordPress 7.1): "char=replacement" pairs,
# in its order (strtr: each character replaced once, the longest key first).
_ACCENTS_TABLE = """
ª=a º=o À=A Á=A Â=A Ã=A Ä=A Å=A Æ=AE Ç=C È=E É=E Ê=E Ë=E Ì=I Í=I Î=I Ï=I Ð=D
Ñ=N Ò=O Ó=O Ô=O Õ=O Ö=O Ù=U Ú=U Û=U Ü=U Ý=Y Þ=TH ß=s à=a á=a â=a ã=a ä=a å=a
æ=ae ç=c è=e é=e ê=e ë=e ì=i í=i î=i ï=i ð=d ñ=n ò=o ó=o ô=o õ=o ö=o ø=o ù=u
ú=u û=u ü=u ý=y þ=th ÿ=y Ø=O Ā=A ā=a Ă=A ă=a Ą=A ą=a Ć=C ć=c Ĉ=C ĉ=c Ċ=C ċ=c
Č=C č=c Ď=D ď=d Đ=D đ=d Ē=E ē=e Ĕ=E ĕ=e Ė=E ė=e Ę=E ę=e Ě=E ě=e Ĝ=G ĝ=g Ğ=G ğ=g
Ġ=G ġ=g Ģ=G ģ=g Ĥ=H ĥ=h Ħ=H ħ=h Ĩ=I ĩ=i Ī=I ī=i Ĭ=I ĭ=i Į=I į=i İ=I ı=i Ĳ=IJ
ĳ=ij Ĵ=J ĵ=j Ķ=K ķ=k ĸ=k Ĺ=L ĺ=l Ļ=L ļ=l Ľ=L ľ=l Ŀ=L ŀ=l Ł=L ł=l Ń=N ń=n Ņ=N
ņ=n Ň=N ň=n ŉ=n Ŋ=N ŋ=n Ō=O ō=o Ŏ=O ŏ=o Ő=O ő=o Œ=OE œ=oe Ŕ=R ŕ=r Ŗ=R ŗ=r Ř=R
ř=r Ś=S ś=s Ŝ=S ŝ=s Ş=S ş=s Š=S š=s Ţ=T ţ=t Ť=T ť=t Ŧ=T ŧ=t Ũ=U ũ=u Ū=U ū=u Ŭ=U
ŭ=u Ů=U ů=u Ű=U ű=u Ų=U ų=u Ŵ=W ŵ=w Ŷ=Y ŷ=y Ÿ=Y Ź=Z ź=z Ż=Z ż=z Ž=Z ž=z ſ=s Ə=E
ǝ=e Ș=S ș=s Ț=T ț=t €=E £= Ơ=O ơ=o Ư=U ư=u Ầ=A ầ=a Ằ=A ằ=a Ề=E ề=e Ồ=O ồ=o Ờ=O
ờ=o Ừ=U ừ=u Ỳ=Y ỳ=y Ả=A ả=a Ẩ=A ẩ=a Ẳ=A ẳ=a Ẻ=E ẻ=e Ể=E ể=e Ỉ=I ỉ=i Ỏ=O ỏ=o Ổ=O
ổ=o Ở=O ở=o Ủ=U ủ=u Ử=U ử=u Ỷ=Y ỷ=y Ẫ=A ẫ=a Ẵ=A ẵ=a Ẽ=E ẽ=e Ễ=E ễ=e Ỗ=O ỗ=o Ỡ=O
ỡ=o Ữ=U ữ=u Ỹ=Y ỹ=y Ấ=A ấ=a Ắ=A ắ=a Ế=E ế=e Ố=O ố=o Ớ=O ớ=o Ứ=U ứ=u Ạ=A ạ=a Ậ=A
ậ=a Ặ=A ặ=a Ẹ=E ẹ=e Ệ=E ệ=e Ị=I ị=i Ọ=O ọ=o Ộ=O ộ=o Ợ=O ợ=o Ụ=U ụ=u Ự=U ự=u Ỵ=Y
ỵ=y ɑ=a Ǖ=U ǖ=u Ǘ=U ǘ=u Ǎ=A ǎ=a Ǐ=I ǐ=i Ǒ=O ǒ=o Ǔ=U ǔ=u Ǚ=U ǚ=u Ǜ=U ǜ=u
"""
_ACCENTS: dict[str, str] = dict(pair.split("=", 1) for pair in _ACCENTS_TABLE.split())
# The locale's own rules (remove_accents's get_locale() branches).
_LOCALE_ACCENTS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "de",
        {"Ä": "Ae", "ä": "ae", "Ö": "Oe", "ö": "oe", "Ü": "Ue", "ü": "ue", "ẞ": "SS", "ß": "ss"},
    ),
    ("da_DK", {"Æ": "Ae", "æ": "ae", "Ø": "Oe", "ø": "oe", "Å": "Aa", "å": "aa"}),
    ("ca", {"l·l": "ll"}),
    ("sr_RS", {"Đ": "DJ", "đ": "dj"}),
    ("bs_BA", {"Đ": "DJ", "đ": "dj"}),
)

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TAGS = re.compile(r"<[^>]*>")  # strip_tags, for the titles it meets (no comments or PHP)
_OCTET = re.compile(r"%([a-fA-F0-9][a-fA-F0-9])")
_KEPT_OCTET = re.compile(r"---([a-fA-F0-9][a-fA-F0-9])---")
_TO_HYPHEN = ("%c2%a0", "%e2%80%91", "%e2%80%93", "%e2%80%94")
_ENTITIES_TO_HYPHEN = ("&nbsp;", "&#8209;", "&#160;", "&ndash;", "&#8211;", "&mdash;", "&#8212;")
_STRIPPED = (
    "%c2%ad",  # soft hyphen
    "%c2%a1", "%c2%bf",  # ¡ ¿
    "%c2%ab", "%c2%bb", "%e2%80%b9", "%e2%80%ba",  # angle quotes
    "%e2%80%98", "%e2%80%99", "%e2%80%9c", "%e2%80%9d",  # curly quotes
    "%e2%80%9a", "%e2%80%9b", "%e2%80%9e", "%e2%80%9f",
    "%e2%80%a2",  # bullet
    "%c2%a9", "%c2%ae", "%c2%b0", "%e2%80%a6", "%e2%84%a2",  # © ® ° … ™
    "%c2%b4", "%cb%8a", "%cc%81", "%cd%81",  # acute accents
    "%cc%80", "%cc%84", "%cc%8c",  # grave accent, macron, caron
    "%e2%80%8b", "%e2%80%8c", "%e2%80%8d", "%e2%80%8e", "%e2%80%8f",  # zero widths, marks
    "%e2%80%aa", "%e2%80%ab", "%e2%80%ac", "%e2%80%ad", "%e2%80%ae",  # bidi controls
    "%ef%bb%bf", "%ef%bf%bc",  # byte order mark, object replacement
)  # fmt: skip
_SPACES_TO_HYPHEN = tuple(f"%e2%80%{b}" for b in ("80", "81", "82", "83", "84", "85"))
_SPACES_TO_HYPHEN += tuple(f"%e2%80%{b}" for b in ("86", "87", "88", "89", "8a", "a8", "a9", "af"))
_ENTITY = re.compile(r"&.+?;")
_NOT_SLUG = re.compile(r"[^%a-z0-9 _-]")
_WHITESPACE = re.compile(r"\s+", re.A)
_HYPHENS = re.compile(r"-+")


def remove_accents(text: str, locale: str = "") -> str:
    """formatting.php's remove_accents for UTF-8 text (NFC first, then its table)."""
    if not _NON_ASCII.search(text):
        return text
    text = unicodedata.normalize("NFC", text)
    chars = _ACCENTS
    for prefix, extra in _LOCALE_ACCENTS:
        if locale.startswith(prefix) if prefix == "de" else locale == prefix:
            chars = {**chars, **extra}
            break
    if "l·l" in chars:
        text = text.replace("l·l", chars["l·l"])
    return "".join(chars.get(c, c) for c in text)


def utf8_uri_encode(text: str, length: int = 0) -> str:
    """formatting.php's utf8_uri_encode: each non-ASCII character as its UTF-8 octets
    (`%d9%85`), stopping before the character that would pass `length`."""
    out: list[str] = []
    used = 0
    for c in text:
        if c < "\x80":
            piece = c
        else:
            piece = "".join(f"%{b:x}" for b in c.encode("utf-8", "surrogatepass"))
        if length and used + len(piece) > length:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out)


def sanitize_title_with_dashes(title: str, context: str = "display") -> str:
    """formatting.php's sanitize_title_with_dashes."""
    title = _TAGS.sub("", title)
    title = _OCTET.sub(r"---\1---", title).replace("%", "")
    title = _KEPT_OCTET.sub(r"%\1", title)
    title = utf8_uri_encode(title.lower(), 200)  # mb_strtolower, then the octets
    title = title.lower()
    if context == "save":
        for s in _TO_HYPHEN + _ENTITIES_TO_HYPHEN:
            title = title.replace(s, "-")
        title = title.replace("/", "-")
        for s in _STRIPPED:
            title = title.replace(s, "")
        for s in _SPACES_TO_HYPHEN:
            title = title.replace(s, "-")
        title = title.replace("%c3%97", "x")  # ×
    title = _ENTITY.sub("", title)
    title = title.replace(".", "-")
    title = _NOT_SLUG.sub("", title)
    title = _WHITESPACE.sub("-", title)
    title = _HYPHENS.sub("-", title)
    return title.strip("-")


def sanitize_title(title: str, fallback: str = "", locale: str = "") -> str:
    """formatting.php's sanitize_title in the 'save' context, with WordPress's default
    filter (sanitize_title_with_dashes)."""
    slug = sanitize_title_with_dashes(remove_accents(title, locale), "save")
    return slug or fallback
