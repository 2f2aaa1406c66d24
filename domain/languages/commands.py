"""Turning a language spec's command templates into argv lists."""

from collections.abc import Mapping, Sequence

from domain.languages.layouts import NO_SOURCES, Layout


def render(template: Sequence[str], *, tools: Mapping[str, str], layout: Layout = NO_SOURCES) -> list[str]:
    """Expands `{sources}` into one argument per source file of the language (not the other files), `{main}`,
    `{main_class}` and `{<tool>}` in place."""
    argv: list[str] = []
    for part in template:
        if part == "{sources}":
            argv.extend(layout.sources)
            continue
        argv.append(part.format(main=layout.main, main_class=layout.main_class, **tools))
    return argv
