"""texturize / autop / unautop on the project's own examples (no ../shared needed)."""

from __future__ import annotations

from shortcodes.wordpress import shortcode_unautop, wpautop, wptexturize

CARD = "covid19-ultimate-card"


def test_texturize_quotes_dashes_ellipsis():
    assert wptexturize('"Hello" -- it\'s 9" ... ok') == (
        "&#8220;Hello&#8221; &#8212; it&#8217;s 9&#8243; &#8230; ok"
    )


def test_texturize_leaves_code_and_registered_shortcodes_alone():
    assert wptexturize('<code>"x"</code> "y"') == '<code>"x"</code> &#8220;y&#8221;'
    text = '[covid19-ultimate-card region="EG"] "z"'
    assert wptexturize(text, [CARD]) == '[covid19-ultimate-card region="EG"] &#8220;z&#8221;'
    # Unregistered, the shortcode's quotes are curled: this is how exports broke.
    assert "&#8221;EG&#8221;" in wptexturize(text)


def test_autop_paragraphs_breaks_and_blocks():
    assert wpautop("a\nb\n\nc") == "<p>a<br />\nb</p>\n<p>c</p>\n"
    assert wpautop("<div>x</div>\n\ny") == "<div>x</div>\n<p>y</p>\n"
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"
    assert wpautop("  \n ") == ""


def test_unautop_unwraps_a_standalone_shortcode():
    html = wpautop('intro\n\n[covid19-ultimate-card region="EG"]\n\nend')
    assert "<p>[covid19" in html
    out = shortcode_unautop(html, [CARD])
    assert '\n[covid19-ultimate-card region="EG"]\n' in out and "<p>[covid19" not in out
    assert shortcode_unautop(html, []) == html
