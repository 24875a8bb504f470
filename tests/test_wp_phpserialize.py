"""The safe reader of PHP-serialized post meta."""

from __future__ import annotations

import pytest

from shortcodes.wordpress.phpserialize import PHPSerializeError, maybe_unserialize, unserialize


def test_attachment_metadata_as_wordpress_writes_it():
    text = (
        'a:4:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:18:"2020/05/مصر.jpg";'
        's:5:"sizes";a:1:{s:9:"thumbnail";a:3:{s:4:"file";s:11:"t-150x1.jpg";'
        's:5:"width";i:150;s:6:"height";i:150;}}}'
    )
    # PHP counts bytes: "2020/05/مصر.jpg" is 18 bytes, 15 characters.
    meta = unserialize(text)
    assert meta["width"] == 1200 and meta["file"] == "2020/05/مصر.jpg"
    assert meta["sizes"]["thumbnail"]["width"] == 150


def test_scalars_and_integer_keys():
    assert unserialize('a:2:{i:0;s:0:"";i:1;b:1;}') == {0: "", 1: True}
    assert unserialize("d:0.5;") == 0.5
    assert unserialize("N;") is None


@pytest.mark.parametrize(
    "text",
    [
        'O:8:"stdClass":0:{}',  # objects are never instantiated
        'C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}',
        "r:1;",
        's:5:"abc";',  # a length broken by search-and-replace
        "a:1:{i:0;i:1;",
        "i:1;junk",
    ],
)
def test_refuses_what_is_not_plain_data(text):
    with pytest.raises(PHPSerializeError):
        unserialize(text)


def test_maybe_unserialize_leaves_plain_text():
    assert maybe_unserialize("hello") == "hello"
    assert maybe_unserialize('O:8:"stdClass":0:{}') == 'O:8:"stdClass":0:{}'
    assert maybe_unserialize("a:0:{}") == {}
