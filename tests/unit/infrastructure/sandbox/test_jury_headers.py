"""The judge's headers for jury programs: one folder per language id, an author's file of the same name
wins, and a jury compilation never shares a cache entry with a contestant's of the same files."""

from pathlib import Path

from application.judging.sandbox import BoxFile
from domain.languages.entities import Language
from domain.languages.specs import SPECS_BY_ID
from infrastructure.config import Settings
from infrastructure.sandbox.cache import cache_key
from infrastructure.sandbox.compiler import load_jury_headers, with_jury_headers
from infrastructure.sandbox.config import JURY_INCLUDE_DIR, SandboxConfig


def test_the_judge_ships_its_own_testlib_h_for_cpp_under_the_mit_licence() -> None:
    headers = load_jury_headers(SandboxConfig().jury_include_dir)
    assert SandboxConfig().jury_include_dir == JURY_INCLUDE_DIR
    assert [header.name for header in headers["cpp"]] == ["testlib.h"]
    text = headers["cpp"][0].content.decode()
    assert "MIT" in text[:4000]
    assert '#define VERSION "0.9.41"' in text
    for entry in ("registerTestlibCmd", "registerInteraction", "registerValidation", "registerGen"):
        assert f"inline void {entry}(int argc" in text, entry


def test_headers_are_read_per_language_folder_and_a_missing_folder_gives_none(tmp_path: Path) -> None:
    (tmp_path / "cpp").mkdir()
    (tmp_path / "cpp" / "testlib.h").write_bytes(b"// judge")
    (tmp_path / "cpp" / "extra.h").write_bytes(b"// extra")
    (tmp_path / "c").mkdir()
    (tmp_path / "stray.h").write_bytes(b"// not in a language folder")

    found = load_jury_headers(tmp_path)

    assert {language: [f.name for f in files] for language, files in found.items()} == {
        "c": [],
        "cpp": ["extra.h", "testlib.h"],
    }
    assert load_jury_headers(tmp_path / "missing") == {}


def test_an_authors_file_of_the_same_name_wins_over_the_judges_header() -> None:
    judge = (BoxFile(name="testlib.h", content=b"// judge"), BoxFile(name="other.h", content=b"// other"))
    authors = [
        BoxFile(name="check.cpp", content=b"int main() {}"),
        BoxFile(name="testlib.h", content=b"// own"),
    ]

    files = with_jury_headers(authors, judge)

    assert [(f.name, f.content) for f in files] == [
        ("check.cpp", b"int main() {}"),
        ("testlib.h", b"// own"),
        ("other.h", b"// other"),
    ]


def test_a_jury_compilation_and_a_contestants_of_the_same_files_have_different_cache_keys() -> None:
    language = Language(id="cpp", name="C++", version="12", tools={"cxx": "/usr/bin/g++"})
    files = [BoxFile(name="main.cpp", content=b"int main() {}")]
    spec = SPECS_BY_ID["cpp"]

    assert cache_key(language, spec, files, jury=True) != cache_key(language, spec, files)
    assert cache_key(language, spec, files) == cache_key(language, spec, files, jury=False)


def test_the_settings_default_is_the_shipped_include_folder() -> None:
    assert Settings().jury_include_dir == JURY_INCLUDE_DIR
    assert (JURY_INCLUDE_DIR / "cpp" / "testlib.h").is_file()
