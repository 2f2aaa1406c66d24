from dataclasses import dataclass, field

from domain.languages.layouts import FIRST_FILE, SourceLayout


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolSpec:
    """How to find one program a language needs.

    `candidates` are tried in order (a bare name is looked up on PATH). When `resolve` is set, the found
    program is asked for its real location (`resolve` args, first stdout line, plus `resolve_suffix`),
    so shims and proxies (pyenv, rustup) are never what the sandbox runs.
    """

    name: str
    candidates: tuple[str, ...]
    resolve: tuple[str, ...] = ()
    resolve_suffix: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageSpec:
    """A language as data. Command templates use `{tool}` for a resolved tool path, `{sources}` for the
    language's source files (by `source_extensions`), `{main}` for the entry-point file and `{main_class}`
    for a Java-style main class. `{options}` in the compile command is where a run's compiler options go
    (one argument each, never through a shell); a language without it takes none (Judge0: only compiled
    languages do). It stands before the command's own `-o`, so the judge's output name always wins.
    `layout` is the language's hook for naming its files and finding the entry point (see layouts.py)."""

    id: str
    name: str
    source_name: str
    source_extensions: tuple[str, ...]  # what `{sources}` compiles or checks; other files are only placed
    tools: tuple[ToolSpec, ...]
    compile: tuple[str, ...] | None
    run: tuple[str, ...]
    version: tuple[str, ...]
    layout: SourceLayout = FIRST_FILE
    env: tuple[tuple[str, str], ...] = ()
    compiled_files: tuple[str, ...] = ()  # what the compile step leaves for the run step ("*" = whole box)
    run_processes: int = 1  # threads/processes the runtime itself needs (the JVM needs many)
    # A program (named `source_name`) that prints SELF_TEST_OUTPUT: a worker offers the language only once
    # this has compiled and run in its sandbox (as DMOJ's executors' self-tests).
    self_test: str = ""
    # The compile step runs only when the box holds this file (a multi-file program's optional `compile`).
    compile_when: str | None = None
    # A multi-file program: no source of its own, every file comes from the run's additional files (a zip).
    sources_from_archive: bool = False

    @property
    def takes_compiler_options(self) -> bool:
        return self.compile is not None and OPTIONS in self.compile


OPTIONS = "{options}"
SELF_TEST_OUTPUT = "self-test ok"


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    """A language available on a worker: its spec's id and name plus the detected version and tool paths."""

    id: str
    name: str
    version: str
    tools: dict[str, str] = field(default_factory=dict)
