"""Password-protected posts are withheld from every format unless the user opts in."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from wxrfactory import export, item

from shortcodes.cli import main
from shortcodes.convert import ConvertOptions, convert

SECRET = "launch-codes-4242"
EXCERPT = "teaser-7373"


def _export(tmp_path):
    protected = item(
        post_id="7",
        title="Members only",
        slug="members-only",
        content=f'<p>{SECRET}</p>\n\n[covid19-ultimate-card region="EG"]',
        extra="<wp:post_password><![CDATA[hunter2]]></wp:post_password>"
        "<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Ann</wp:comment_author>"
        f"<wp:comment_content><![CDATA[{SECRET} in a comment]]></wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>",
    ).replace("<excerpt:encoded><![CDATA[]]>", f"<excerpt:encoded><![CDATA[{EXCERPT}]]>")
    public = item(post_id="8", title="Open", slug="open", content="<p>for everyone</p>")
    path = tmp_path / "export.xml"
    path.write_text(export(protected, public), encoding="utf-8")
    return path


def _everything(folder) -> str:
    return "\n".join(
        p.read_text("utf-8", errors="replace") for p in sorted(folder.rglob("*")) if p.is_file()
    )


@pytest.mark.parametrize("fmt", ["html", "hugo", "jekyll"])
def test_protected_text_goes_nowhere(tmp_path, fmt):
    out = tmp_path / "out"
    rep = tmp_path / "report.json"
    r = CliRunner().invoke(
        main,
        ["convert", str(_export(tmp_path)), "-o", str(out), "--format", fmt, "--report", str(rep)],
    )
    assert r.exit_code == 0, r.output
    written = _everything(out)
    assert SECRET not in written and EXCERPT not in written
    assert SECRET not in rep.read_text("utf-8") and SECRET not in r.output
    assert "for everyone" in written  # the other post is there
    assert "password protected" in written  # the protected post's page says so
    assert "Members only" in written  # its title stays, as WordPress shows it
    report = json.loads(rep.read_text("utf-8"))
    entry = next(p for p in report["posts"] if p["id"] == 7)
    assert entry["cards"] == []  # not even its cards are rendered
    assert any(d["code"] == "password-protected" for d in entry["diagnostics"])


@pytest.mark.parametrize("fmt", ["html", "hugo", "jekyll"])
def test_include_protected_publishes_them(tmp_path, fmt):
    out = tmp_path / "out"
    options = ConvertOptions(format=fmt, include_protected=True)
    convert(_export(tmp_path), out, options)
    assert SECRET in _everything(out)


def test_wxr_keeps_the_protected_post_for_wordpress(tmp_path):
    """Back into WordPress the post stays protected there: its item is kept as is."""
    source = _export(tmp_path)
    out = tmp_path / "out.xml"
    convert(source, out, ConvertOptions(format="wxr"))
    text = out.read_text("utf-8")
    assert SECRET in text and "<wp:post_password><![CDATA[hunter2]]></wp:post_password>" in text
    assert "password protected" not in text
