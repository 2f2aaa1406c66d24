"""YAML files of a package, loaded safely: plain data only (PyYAML's safe loader), no aliases (anchors
referenced with `*` can expand exponentially: a "billion laughs"), bounded size and nesting."""

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.nodes import Node

from domain.packages.exceptions import InvalidPackageError

YAML_MAX_BYTES = 256 * 1024


class _PlainLoader(yaml.SafeLoader):
    """The pure-Python safe loader (its composer can be extended, libyaml's cannot), refusing aliases."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(data: bytes, file: str) -> Any:
    """The document, or None for an empty file. Raises InvalidPackageError naming the file (and line)."""
    if len(data) > YAML_MAX_BYTES:
        raise InvalidPackageError(
            f"{file} is over {YAML_MAX_BYTES} bytes", details={"file": file, "limit": YAML_MAX_BYTES}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidPackageError(f"{file} is not UTF-8 text", details={"file": file}) from None
    try:
        return yaml.load(text, Loader=_PlainLoader)  # noqa: S506 (a safe loader without aliases)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        where = f" (line {line})" if line else ""
        raise InvalidPackageError(
            f"{file} is not valid YAML{where}: {problem}", details={"file": file, "line": line}
        ) from None
    except RecursionError:
        raise InvalidPackageError(f"{file} is nested too deeply", details={"file": file}) from None
