"""Sources with syntax highlighting, rendered on the server (Pygments) so it works without JavaScript and
under a strict Content-Security-Policy (CSS classes only, no inline styles)."""

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound

MAX_HIGHLIGHTED_CHARS = 512 * 1024
_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


def _lexer(file_name: str) -> Lexer:
    try:
        return get_lexer_for_filename(file_name, stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


def highlight_source(file_name: str, content: str) -> Markup:
    """HTML of the source, every character escaped by Pygments."""
    lexer = _lexer(file_name) if len(content) <= MAX_HIGHLIGHTED_CHARS else TextLexer(stripnl=False)
    return Markup(highlight(content, lexer, _FORMATTER))  # noqa: S704 (Pygments escapes the source)


def highlight_bytes(file_name: str, content: bytes) -> tuple[Markup, bool]:
    """A source's HTML and whether it is UTF-8 text. Other bytes are shown as UTF-8 with each undecodable
    byte as U+FFFD; NUL, which HTML cannot carry, as U+2400. The API gives the exact bytes."""
    try:
        text, exact = content.decode("utf-8"), True
    except UnicodeDecodeError:
        text, exact = content.decode("utf-8", errors="replace"), False
    return highlight_source(file_name, text.replace("\0", "\N{SYMBOL FOR NULL}")), exact


def stylesheet() -> str:
    return str(_FORMATTER.get_style_defs(".highlight"))
