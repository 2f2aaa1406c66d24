from collections.abc import Mapping

from application.packages.archive import ArchiveEntry
from application.packages.format.layout import index_package
from application.packages.format.model import ParsedPackage
from application.packages.format.parser import ParseOptions, files_to_read, parse_package

SUBMISSION_MAX_BYTES = 64 * 1024


def parse(files: Mapping[str, str | bytes], *, name: str | None = None) -> ParsedPackage:
    """Parses a package given as path -> content, as the import does (reading only what it asks for)."""
    data = {
        path: content.encode() if isinstance(content, str) else content for path, content in files.items()
    }
    index = index_package([ArchiveEntry(path=path, size=len(content)) for path, content in data.items()])
    options = ParseOptions(submission_max_bytes=SUBMISSION_MAX_BYTES, name_hint=name)
    texts = {path: data[index.source(path)] for path in files_to_read(index, options)}
    return parse_package(index, texts, options)


def passfail(extra: Mapping[str, str | bytes] | None = None, **problem_yaml: str) -> dict[str, str | bytes]:
    """A small 2025-09 pass-fail package; `problem_yaml` adds lines `key: value` to problem.yaml."""
    yaml_lines = [
        "problem_format_version: 2025-09",
        "name: Sum",
        "uuid: 0b6c6b2e-7b5a-4f6b-9a55-3a7c0b9d2f11",
    ]
    yaml_lines += [f"{key}: {value}" for key, value in problem_yaml.items()]
    files: dict[str, str | bytes] = {
        "problem.yaml": "\n".join(yaml_lines) + "\n",
        "statement/problem.en.md": "Add two numbers.\n",
        "data/sample/1.in": "1 2\n",
        "data/sample/1.ans": "3\n",
        "data/secret/01.in": "5 7\n",
        "data/secret/01.ans": "12\n",
        "data/secret/02.in": "-1 1\n",
        "data/secret/02.ans": "0\n",
        "submissions/accepted/sum.py": "a, b = map(int, input().split())\nprint(a + b)\n",
    }
    files.update(extra or {})
    return files


def append(files: dict[str, str | bytes], path: str, text: str) -> None:
    current = files[path]
    files[path] = (current.decode() if isinstance(current, bytes) else current) + text
