"""Dynamic blocks that list or link the site's other posts (issue 16, part A): query
loops and their pagination, latest posts, previous/next links, authors and avatars,
navigation menus and page lists, rendered from the export's own data."""

from __future__ import annotations

import datetime as dt
import re

from wxrfactory import export, item

from shortcodes.wordpress.block_supports import RenderState
from shortcodes.wordpress.blocks import do_blocks
from shortcodes.wordpress.context import (
    Author,
    ContentContext,
    PostContext,
    PostSummary,
    TermSummary,
)


def _site(posts: int = 5, sticky: int = 0) -> ContentContext:
    ctx = ContentContext()
    ctx.site.home = "https://example.org"
    ctx.authors["amal"] = Author("amal", "Amal Hassan", 2)
    for n in range(1, posts + 1):
        ctx.posts[n] = PostSummary(
            n,
            f"Report {n}",
            f"report-{n}",
            "post",
            "publish",
            f"https://example.org/report-{n}/",
            date=dt.datetime(2021, 1, n, 9, 0),
            author="amal",
            terms=(("category", "egypt" if n % 2 else "uae", "Egypt" if n % 2 else "UAE"),),
            sticky=n == sticky,
            content=f"<p>{'word ' * 60}number {n}</p>",
        )
    ctx.posts[50] = PostSummary(
        50,
        "Draft",
        "draft",
        "post",
        "draft",
        "https://example.org/draft/",
        date=dt.datetime(2021, 2, 1),
    )
    return ctx


def _page_of(ctx: ContentContext, post_id: int) -> PostContext:
    s = ctx.posts[post_id]
    return PostContext(
        id=s.id, title=s.title, link=s.link, date=s.date, author=s.author, terms=s.terms
    )


def _render(text: str, ctx: ContentContext, post: PostContext | None = None) -> str:
    return do_blocks(text, RenderState(), ctx, post)


_LOOP = (
    '<!-- wp:query {"queryId":3,"query":{"perPage":2,"offset":0,"postType":"post",'
    '"order":"desc","orderBy":"date","inherit":false%s}} -->'
    '<div class="wp-block-query"><!-- wp:post-template --><!-- wp:post-title /-->'
    "<!-- /wp:post-template -->"
    "<!-- wp:query-pagination --><!-- wp:query-pagination-previous /-->"
    "<!-- wp:query-pagination-numbers /--><!-- wp:query-pagination-next /-->"
    "<!-- /wp:query-pagination -->"
    "<!-- wp:query-no-results --><!-- wp:paragraph --><p>Nothing yet.</p>"
    "<!-- /wp:paragraph --><!-- /wp:query-no-results --></div><!-- /wp:query -->"
)


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="wp-block-post-title">([^<]*)</h2>', html)


def test_a_query_loop_lists_the_newest_published_posts_with_their_pagination():
    ctx = _site(posts=7)
    html = _render(_LOOP % "", ctx, _page_of(ctx, 1))
    assert _titles(html) == ["Report 7", "Report 6"]  # the draft is never listed
    assert '<li class="wp-block-post post-7 post type-post status-publish format-standard' in html
    assert "hentry category-egypt" in html
    # 7 posts, 2 a page: pages 1 2 3 … 4, and a link to the next page, no previous one
    numbers = re.sub(r"\s+", " ", html.split("wp-block-query-pagination-numbers")[1])
    assert '<span aria-current="page" class="page-numbers current">1</span>' in numbers
    assert ">2</a>" in numbers and ">3</a>" in numbers and ">4</a>" in numbers
    assert "Next Page</a>" in html and "Previous Page" not in html
    assert "Nothing yet." not in html


def test_a_query_loop_filtered_to_an_empty_category_shows_its_no_results_blocks():
    ctx = _site()
    html = _render(_LOOP % ',"taxQuery":{"category":[99]}', ctx, _page_of(ctx, 1))
    assert _titles(html) == []
    assert (
        '<div class="wp-block-query-no-results"><p class="wp-block-paragraph">Nothing yet.</p>'
        in html
    )
    assert "wp-block-query-pagination" not in html


def test_sticky_posts_come_first_and_an_inherited_loop_shows_the_page_itself():
    ctx = _site(posts=5, sticky=2)
    assert _titles(_render(_LOOP % "", ctx, _page_of(ctx, 1))) == [
        "Report 2",
        "Report 5",
        "Report 4",
    ]
    inherited = (_LOOP % "").replace('"inherit":false', '"inherit":true')
    html = _render(inherited, ctx, _page_of(ctx, 3))
    assert _titles(html) == ["Report 3"]
    assert "Next Page" not in html  # a single post's page has no next page


def test_latest_posts_excerpts_come_from_each_posts_own_text():
    ctx = _site(posts=3)
    html = _render(
        '<!-- wp:latest-posts {"displayPostContent":true,"excerptLength":10,'
        '"displayAuthor":true} /-->',
        ctx,
        _page_of(ctx, 1),
    )
    assert html.count('<div class="wp-block-latest-posts__post-excerpt">word word') == 3
    assert '… <a class="wp-block-latest-posts__read-more"' in html
    assert "by Amal Hassan" in html


def test_latest_posts_of_one_category_in_the_blocks_old_string_form():
    # An older editor saved `"categories":"6"`, not [{"id":6}]: WordPress reads it as
    # that category (block_core_latest_posts_migrate_categories), not as no filter.
    ctx = _site(posts=5)
    ctx.terms += [
        TermSummary("category", "egypt", "Egypt", term_id=6),
        TermSummary("category", "uae", "UAE", term_id=7),
    ]
    for attrs in ('"categories":"6"', '"categories":[{"id":6}]', '"categories":[{"id":"6"}]'):
        html = _render(f"<!-- wp:latest-posts {{{attrs}}} /-->", ctx, _page_of(ctx, 1))
        titles = re.findall(r'__post-title" href="[^"]*">([^<]*)', html)
        assert titles == ["Report 5", "Report 3", "Report 1"], attrs
    html = _render('<!-- wp:latest-posts {"categories":"99"} /-->', ctx, _page_of(ctx, 1))
    assert "__post-title" not in html  # a category that is not there lists nothing


def test_previous_and_next_links_follow_the_dates_and_stop_at_the_ends():
    ctx = _site(posts=3)
    prev_next = (
        '<!-- wp:post-navigation-link {"type":"previous","showTitle":true,"arrow":"arrow"} /-->'
        '<!-- wp:post-navigation-link {"showTitle":true,"linkLabel":true} /-->'
    )
    html = _render(prev_next, ctx, _page_of(ctx, 2))
    assert 'aria-hidden="true">←</span><a href="https://example.org/report-1/" rel="prev">' in html
    assert (
        '<a href="https://example.org/report-3/" rel="next">'
        '<span class="post-navigation-link__label">Next:</span> '
        '<span class="post-navigation-link__title">Report 3</span></a>'
    ) in html
    first = _render(prev_next, ctx, _page_of(ctx, 1))
    assert 'rel="prev"' not in first and 'rel="next"' in first


def test_previous_and_next_links_in_the_same_category_and_on_the_same_day():
    # Report 1, 3 and 5 are in Egypt, 2 and 4 in the UAE; a post on the same minute as
    # another comes after it by id, and the draft (a later date) is never a neighbour.
    ctx = _site(posts=5)
    ctx.posts[6] = PostSummary(
        6, "Report 6", "report-6", "post", "publish", "https://example.org/report-6/",
        date=dt.datetime(2021, 1, 5, 9, 0), terms=(("category", "uae", "UAE"),),
    )  # fmt: skip
    block = (
        '<!-- wp:post-navigation-link {"type":"previous","showTitle":true,'
        '"taxonomy":"category"} /--><!-- wp:post-navigation-link {"showTitle":true} /-->'
    )
    fifth = _render(block, ctx, _page_of(ctx, 5))
    assert 'href="https://example.org/report-3/" rel="prev"' in fifth  # Egypt, not report 4
    assert 'href="https://example.org/report-6/" rel="next"' in fifth  # same minute, next id
    sixth = _render(block, ctx, _page_of(ctx, 6))
    assert 'href="https://example.org/report-4/" rel="prev"' in sixth
    assert 'rel="next"' not in sixth and "draft" not in sixth


def test_authors_and_avatars_show_the_display_name_and_never_an_address():
    ctx = _site(posts=1)
    post = _page_of(ctx, 1)
    html = _render(
        '<!-- wp:post-author {"byline":"Written by","isLink":true} /-->'
        '<!-- wp:avatar {"size":48,"isLink":true,"linkTarget":"_blank"} /-->',
        ctx,
        post,
    )
    assert '<p class="wp-block-post-author__byline">Written by</p>' in html
    assert '<a href="https://example.org/author/amal/" target="_self">Amal Hassan</a>' in html
    assert "alt='Amal Hassan Avatar'" in html
    assert "class='avatar avatar-48 photo wp-block-avatar__image' height='48' width='48'" in html
    assert 'aria-label="(Amal Hassan author archive, opens in a new tab)"' in html
    assert "@" not in html and "gravatar.com/avatar/?" in html  # the default picture


_MENU = (
    "<!-- wp:page-list /-->"
    '<!-- wp:navigation-link {"label":"Search","url":"?s","kind":"custom"} /-->'
)


def _menu_site() -> ContentContext:
    ctx = _site(posts=1)
    for pid, title, parent, order in (
        (10, "About", 0, 1),
        (11, "Team", 10, 0),
        (12, "Contact", 0, 2),
    ):
        ctx.posts[pid] = PostSummary(
            pid,
            title,
            title.lower(),
            "page",
            "publish",
            f"https://example.org/{title.lower()}/",
            parent=parent,
            menu_order=order,
        )
    ctx.navigations[4] = _MENU
    ctx.navigation_titles[4] = "Main menu"
    return ctx


def test_a_navigation_block_shows_its_menu_with_nested_pages_and_unique_names():
    ctx = _menu_site()
    html = _render(
        '<!-- wp:navigation {"ref":4} /--><!-- wp:navigation {"ref":4,"overlayMenu":"never"} /-->',
        ctx,
        _page_of(ctx, 1),
    )
    navs = re.findall(r"<nav [^>]*>", html)
    assert len(navs) == 2
    assert 'aria-label="Main menu"' in navs[0] and 'aria-label="Main menu 2"' in navs[1]
    first, second = html.split("</nav>")[:2]
    # responsive by default: the open/close buttons and the overlay container
    assert 'aria-label="Open menu"' in first and 'id="modal-1"' in first
    assert "wp-block-navigation__responsive-container" not in second
    # pages by menu order, Team under About with its submenu toggle, then the link
    labels = re.findall(r'wp-block-navigation-item__content"[^>]*>([^<]+)<', second)
    assert labels == ["About", "Team", "Contact"]
    assert 'aria-label="About submenu"' in second
    assert 'class="wp-block-navigation__submenu-container"' in second
    assert '<span class="wp-block-navigation-item__label">Search</span>' in second


def test_a_navigation_without_a_menu_falls_back_to_the_newest_one_of_the_export():
    ctx = _menu_site()
    html = _render("<!-- wp:navigation /-->", ctx, _page_of(ctx, 1))
    assert "About" in html and "Search" in html


def test_the_export_carries_its_menus_to_the_navigation_block(tmp_path):
    from shortcodes.wpcontext import build_content_context

    menu = item("4", "Site menu", _MENU, slug="site-menu", post_type="wp_navigation")
    draft_menu = item(
        "5", "Old", "<!-- wp:page-list /-->", slug="old", status="draft", post_type="wp_navigation"
    )
    page = item("10", "About us", "Who we are", slug="about", post_type="page")
    post = item("1", "News", '<!-- wp:navigation {"ref":4} /-->', slug="news")
    path = tmp_path / "export.xml"
    path.write_text(export(menu, draft_menu, page, post), "utf-8")
    ctx = build_content_context(path)
    assert list(ctx.navigations) == [4]  # a draft menu is never shown
    html = _render('<!-- wp:navigation {"ref":4} /-->', ctx, _page_of(ctx, 1))
    assert 'aria-label="Site menu"' in html
    assert ">About us</a>" in html and "Search" in html


def test_without_block_menus_the_classic_menu_of_the_export_is_shown():
    from shortcodes.wordpress.context import MenuItem, TermSummary

    ctx = _menu_site()
    ctx.navigations.clear()
    ctx.terms.append(TermSummary("nav_menu", "footer", "Footer", term_id=30))
    ctx.terms.append(TermSummary("nav_menu", "main", "Main", term_id=31))
    ctx.menu_items += [
        MenuItem(101, "main", "", "", 0, 1, "page", 10, "post_type"),
        MenuItem(102, "main", "Our team", "", 101, 2, "page", 11, "post_type"),
        MenuItem(103, "main", "Map", "https://maps.example/", 0, 3, "custom", 0, "custom"),
        MenuItem(104, "footer", "Legal", "https://example.org/legal/", 0, 1, "custom"),
    ]
    html = _render("<!-- wp:navigation /-->", ctx, _page_of(ctx, 1))
    labels = re.findall(r'wp-block-navigation-item__label">([^<]+)<', html)
    assert labels == ["About", "Our team", "Map"]  # the newest menu, titles from the pages
    assert 'href="https://example.org/about/"' in html
    assert (
        'class="wp-block-navigation-item has-child open-on-hover-click wp-block-navigation-submenu"'
        in html
    )
    assert "Legal" not in html


def test_an_excerpt_in_a_list_reads_past_long_block_markup_but_not_past_more(tmp_path):
    from shortcodes.wpcontext import build_content_context

    markup = (
        '<!-- wp:spacer {"height":"40px"} --><div style="height:40px"></div><!-- /wp:spacer -->'
    )
    body = (
        markup * 400  # some 35 KB of markup before the first words
        + "<!-- wp:paragraph --><p>Cairo figures today</p><!-- /wp:paragraph -->"
        + "<!--more--><!-- wp:paragraph --><p>Hidden part</p><!-- /wp:paragraph -->"
    )
    listed = item("2", "Long one", body, slug="long")
    page = item("1", "Home", '<!-- wp:latest-posts {"displayPostContent":true} /-->', slug="home")
    path = tmp_path / "export.xml"
    path.write_text(export(listed, page), "utf-8")
    ctx = build_content_context(path)
    html = _render('<!-- wp:latest-posts {"displayPostContent":true} /-->', ctx, _page_of(ctx, 1))
    assert '<div class="wp-block-latest-posts__post-excerpt">Cairo figures today</div>' in html
    assert "Hidden part" not in html
