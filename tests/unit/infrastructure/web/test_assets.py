"""Things the pages rely on that must not drift: the highlighting stylesheet, escaped sources, vendored
files with their licences."""

from pathlib import Path

from infrastructure.web.highlight import highlight_source, stylesheet
from infrastructure.web.mount import DOCS_ASSETS
from infrastructure.web.rendering import WEB_ROOT

STATIC = WEB_ROOT / "static"


def test_the_committed_highlight_stylesheet_matches_pygments() -> None:
    committed = (STATIC / "css" / "highlight.css").read_text()
    assert stylesheet() in committed


def test_highlighted_sources_are_escaped() -> None:
    html = str(highlight_source("main.py", 'print("</pre><script>alert(1)</script>")\n'))
    assert "<script>" not in html
    assert "&lt;/pre&gt;&lt;script&gt;" in html
    assert 'class="highlight"' in html
    plain = str(highlight_source("notes.unknown-extension", "<b>x</b>"))
    assert "&lt;b&gt;x&lt;/b&gt;" in plain


def test_vendored_files_come_with_their_licence_and_docs_assets_are_bundled() -> None:
    assert "MIT" in (STATIC / "vendor" / "katex" / "LICENSE").read_text()
    assert (STATIC / "vendor" / "katex" / "katex.min.js").stat().st_size > 100_000
    fonts = list((STATIC / "vendor" / "katex" / "fonts").glob("*.woff2"))
    assert len(fonts) >= 20
    css = (STATIC / "vendor" / "katex" / "katex.min.css").read_text()
    referenced = {part.split(")")[0] for part in css.split("url(")[1:]}
    assert referenced
    assert all((STATIC / "vendor" / "katex" / name).exists() for name in referenced)
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        assert (Path(DOCS_ASSETS) / name).stat().st_size > 100_000, name
