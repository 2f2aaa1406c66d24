"""The compile cache is keyed by the sources' bytes: sources that differ only in bytes that are not UTF-8
never share an artifact (a key over decoded text would make both U+FFFD)."""

from application.judging.sandbox import BoxFile
from domain.languages.entities import Language
from domain.languages.specs import SPECS_BY_ID
from infrastructure.sandbox.cache import cache_key

CPP = Language(id="cpp", name="C++", version="g++ 12", tools={"cxx": "/usr/bin/g++"})


def key(content: bytes) -> str:
    return cache_key(CPP, SPECS_BY_ID["cpp"], [BoxFile(name="main.cpp", content=content)])


def test_sources_differing_only_in_invalid_utf8_bytes_have_different_keys() -> None:
    assert key(b"// \xea\nint main() {}\n") != key(b"// \xeb\nint main() {}\n")
    assert key(b"int main() {}\0") != key(b"int main() {}")


def test_the_same_bytes_have_the_same_key() -> None:
    assert key("// комментарий\n".encode("cp1251")) == key("// комментарий\n".encode("cp1251"))


def test_compiler_options_and_extra_files_are_part_of_the_key() -> None:
    source = [BoxFile(name="main.cpp", content=b"int main() {}")]
    spec = SPECS_BY_ID["cpp"]
    plain = cache_key(CPP, spec, source)
    assert cache_key(CPP, spec, source, options=()) == plain  # no options: the key it always had
    assert cache_key(CPP, spec, source, options=["-O0"]) != plain
    assert cache_key(CPP, spec, source, options=["-O0"]) != cache_key(CPP, spec, source, options=["-O1"])
    assert cache_key(CPP, spec, source, options=["-DA", "B"]) != cache_key(
        CPP, spec, source, options=["-DA B"]
    )
    header = [BoxFile(name="x.h", content=b"#define X 1")]
    assert cache_key(CPP, spec, source, extra_files=header) != plain
    # A file given as a source or beside it is not the same compilation.
    assert cache_key(CPP, spec, [*source, *header]) != cache_key(CPP, spec, source, extra_files=header)
