"""Problem statements: Markdown (CommonMark, tables, strikethrough, `$…$`/`$$…$$` math) to HTML, then
sanitized with an allow-list (nh3, the Ammonia sanitizer), so whatever an author writes can neither run
script nor style the page: no event handlers, no `javascript:` URLs, no `<script>`, `<style>`, `<iframe>`,
forms or `style`/`id` attributes survive."""

import functools

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var"),
    *("em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr", "q", "cite"),
    *("ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
    *("a", "img", "span", "div", "details", "summary", "figure", "figcaption"),
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
# Only the classes the math renderer looks for: authors cannot borrow the page's own classes.
_CLASSES = {"span": {"math", "inline"}, "div": {"math", "block"}}
_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(dollarmath_plugin, allow_space=True, double_inline=True)
)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style", "template", "textarea", "title", "noscript", "iframe"},
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@functools.lru_cache(maxsize=64)
def render_statement(markdown: str) -> str:
    """Safe HTML for a statement. Math stays as TeX text in `span.math.inline` / `div.math.block` for the
    page's KaTeX to typeset (without JavaScript the TeX source is shown)."""
    return sanitize(_markdown.render(markdown))
