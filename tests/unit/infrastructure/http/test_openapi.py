from pathlib import Path

from infrastructure.config import load_settings
from infrastructure.http.app import create_app
from infrastructure.providers.container import make_container


def test_every_operation_has_a_summary_and_a_description(tmp_path: Path) -> None:
    container = make_container(load_settings(data_dir=tmp_path, _env_file=None))
    spec = create_app(container).openapi()
    operations = {
        f"{method.upper()} {path}": operation
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    }
    assert operations
    undocumented = [
        name for name, op in operations.items() if not op.get("summary") or not op.get("description")
    ]
    assert undocumented == []
