"""Statements are sanitized whatever Markdown or HTML an author writes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from infrastructure.web.markdown import render_statement
from tests.integration.web.helpers import unsafe_html

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](  javascript:alert(1)  )",
    "![x](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[x]",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    "<style>*{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p id="main" class="error" name="csrf_token">x</p>',
    '<form action="https://evil.example"><input name="api_key"><button>go</button></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<img src="x" srcset="javascript:alert(1) 1x">',
    "<template><script>alert(1)</script></template>",
    '<a href="https://ok.example" target="_blank">ok</a>',
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "$<img src=x onerror=alert(1)>$",
    "$$</div><script>alert(1)</script>$$",
]


def test_known_attacks_leave_nothing_executable() -> None:
    for vector in VECTORS:
        html = render_statement(vector)
        assert unsafe_html(html) == [], (vector, html)
        assert "<script" not in html.lower(), vector


def test_code_and_math_keep_their_text_escaped() -> None:
    html = render_statement("```\n<script>alert(1)</script>\n```\n\nInline `a<b` and $x < y$.\n")
    assert "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>" in html
    assert "<code>a&lt;b</code>" in html
    assert '<span class="math inline">x &lt; y</span>' in html


def test_ordinary_markdown_survives() -> None:
    html = render_statement(
        "# Title\n\n**bold** _it_ ~~gone~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "- one\n- two\n\n$$\\sum_i x_i$$\n\n[site](https://example.org) <sub>2</sub>\n"
    )
    for fragment in (
        "<h1>Title</h1>",
        "<strong>bold</strong>",
        "<em>it</em>",
        "<s>gone</s>",
        "<table>",
        "<li>one</li>",
        '<div class="math block">',
        '<a href="https://example.org" rel=',
        "<sub>2</sub>",
    ):
        assert fragment in html, fragment


FRAGMENTS = st.sampled_from(
    [
        "<",
        ">",
        '"',
        "'",
        "=",
        "/",
        " ",
        "\n",
        "`",
        "$",
        "[",
        "]",
        "(",
        ")",
        "!",
        "&",
        "#",
        ";",
        "script",
        "img",
        "svg",
        "a",
        "iframe",
        "style",
        "math",
        "href",
        "src",
        "onerror",
        "onload",
        "javascript:",
        "data:",
        "alert(1)",
        "x",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "&#106;",
        "\t",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_random_mixtures_of_attack_pieces_stay_safe(text: str) -> None:
    html = render_statement(text)
    assert unsafe_html(html) == [], html
