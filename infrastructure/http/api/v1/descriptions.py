from inspect import getdoc


def describe(use_case: type, *http_notes: str) -> str:
    """An operation's OpenAPI description: the use case's docstring, which states the business rule (so
    it is written once, next to the code that applies it), then what only HTTP adds: status and error
    codes, parameters, formats. Fails at import when the use case has no docstring (a dataclass without
    one gets its signature as `__doc__`, which describes nothing)."""
    doc = getdoc(use_case)
    if not doc or doc.startswith(f"{use_case.__name__}("):
        raise ValueError(f"{use_case.__qualname__} needs a docstring: it is its operation's description")
    paragraphs = [" ".join(paragraph.split()) for paragraph in doc.split("\n\n")]
    return "\n\n".join([*paragraphs, *http_notes])
