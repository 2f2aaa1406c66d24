"""Turning a language spec's command templates into argv lists."""

from collections.abc import Mapping, Sequence

from domain.languages.entities import OPTIONS
from domain.languages.layouts import NO_SOURCES, Layout


def render(
    template: Sequence[str],
    *,
    tools: Mapping[str, str],
    layout: Layout = NO_SOURCES,
    options: Sequence[str] = (),
) -> list[str]:
    """Expands `{sources}` into one argument per source file of the language (not the other files),
    `{options}` into the compiler options as given (one argument each, nothing formatted inside them),
    `{main}`, `{main_class}` and `{<tool>}` in place."""
    argv: list[str] = []
    for part in template:
        if part == "{sources}":
            argv.extend(layout.sources)
            continue
        if part == OPTIONS:
            argv.extend(options)
            continue
        argv.append(part.format(main=layout.main, main_class=layout.main_class, **tools))
    return argv
