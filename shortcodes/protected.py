"""Password-protected posts: withheld from every output unless the user opts in.

WordPress shows a protected post's title and a password form instead of its body,
and hides its excerpt, comments and featured image. A static site cannot check a
password, so by default the post's page says that it is protected and nothing of it
that WordPress hides is written anywhere: not the page, the index, a feed, the
Markdown or the report (`--include-protected` publishes it as an ordinary post).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .diagnostics import Diagnostic
from .render import RenderResult

if TYPE_CHECKING:
    from .wxr import Post

# What the page shows instead of the body (WordPress's get_the_password_form() text,
# without a form that a static host could not answer).
PROTECTED_NOTICE = (
    '<div class="post-password-required" role="note">'
    "<p>This content is password protected.</p></div>"
)


def is_protected(post: Post) -> bool:
    """WordPress's post_password_required() for a visitor without the password."""
    return bool(getattr(post, "post_password", ""))


def withhold(post: Post) -> tuple[RenderResult, Diagnostic]:
    """Empty everything of `post` WordPress hides behind its password (in place, so that
    no writer can reach it) and give the page's body and a note for the report."""
    post.content = ""
    post.excerpt = ""
    post.comments = []
    post.meta = [(k, v) for k, v in post.meta if k == "_wp_page_template"]
    note = Diagnostic(
        "password-protected",
        "password-protected post withheld (its page says so); --include-protected publishes it",
        "warning",
        post_id=post.id,
    )
    return RenderResult(PROTECTED_NOTICE), note
