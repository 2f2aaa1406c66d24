"""Problem packages for tests: zips built from a directory (symbolic links stored as links, as
`zip -y` does) or from a mapping of paths to contents."""

import io
import os
import stat
import zipfile
from collections.abc import Mapping
from pathlib import Path

PACKAGES = Path(__file__).resolve().parent / "packages"


def _link(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def zip_entries(
    files: Mapping[str, str | bytes], *, links: Mapping[str, str] | None = None, prefix: str = ""
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(prefix + name, content.encode() if isinstance(content, str) else content)
        for name, target in (links or {}).items():
            archive.writestr(_link(prefix + name, target), target)
    return buffer.getvalue()


def zip_directory(root: Path, *, prefix: str = "") -> bytes:
    files: dict[str, bytes] = {}
    links: dict[str, str] = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = Path(directory) / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                links[relative] = os.readlink(path)
            else:
                files[relative] = path.read_bytes()
    return zip_entries(files, links=links, prefix=prefix)


def real_package(name: str, *, top_directory: bool = False) -> bytes:
    """A vendored package (tests/packages/<name>), zipped with its files at the top or in `<name>/`."""
    return zip_directory(PACKAGES / name, prefix=f"{name}/" if top_directory else "")


def minimal(changes: Mapping[str, str | bytes | None] | None = None) -> dict[str, str | bytes]:
    """A small valid legacy pass-fail package (A + B); `changes` add, replace or (None) remove files."""
    files: dict[str, str | bytes] = {
        "problem.yaml": "name: A plus B\n",
        "problem_statement/problem.en.tex": "\\problemname{A plus B}\nAdd two numbers.\n",
        "data/sample/1.in": "1 2\n",
        "data/sample/1.ans": "3\n",
        "data/secret/1.in": "5 7\n",
        "data/secret/1.ans": "12\n",
        "data/secret/2.in": "-1 1\n",
        "data/secret/2.ans": "0\n",
        "submissions/accepted/sum.py": "a, b = map(int, input().split())\nprint(a + b)\n",
        "submissions/wrong_answer/diff.py": "a, b = map(int, input().split())\nprint(a - b)\n",
    }
    for path, content in (changes or {}).items():
        if content is None:
            files.pop(path, None)
        else:
            files[path] = content
    return files
