"""Reading typed values out of parsed YAML, with errors that name the file and the field."""

import math
from typing import Any

from domain.packages.exceptions import InvalidPackageError


def invalid(file: str, field: str | None, message: str, **details: object) -> InvalidPackageError:
    where = f"{file} {field}" if field else file
    return InvalidPackageError(f"{where}: {message}", details={"file": file, "field": field, **details})


def mapping(value: Any, file: str, field: str | None = None) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise invalid(file, field, "must be a mapping with text keys")
    return value


def number(value: Any, file: str, field: str, *, positive: bool = True) -> float:
    """YAML 1.1 reads `1e-6` as text: numbers in text are numbers too."""
    if isinstance(value, bool):
        raise invalid(file, field, f"must be a number, not {value!r}")
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            raise invalid(file, field, f"must be a number, not {value!r}") from None
    else:
        raise invalid(file, field, f"must be a number, not {value!r}")
    if not math.isfinite(result) or (positive and result <= 0) or result < 0:
        raise invalid(file, field, f"must be a finite number {'> 0' if positive else '>= 0'}, not {value!r}")
    return result


def text(value: Any, file: str, field: str) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise invalid(file, field, f"must be text, not {value!r}")
    return str(value)


def words(value: Any, file: str, field: str) -> list[str]:
    """A space-separated string (legacy) or a sequence of strings (2025-09)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [text(item, file, field) for item in value]
    return text(value, file, field).split()
