"""Command-line modes that are not servers: `create-key`, `import-problem`."""

import asyncio
import os
import stat
import sys
import uuid
import zipfile
from pathlib import Path

from dishka import Provider, Scope, provide

from application.accounts.usecases import CreateKey, CreateKeyInput
from application.packages.archive import ImportProgress
from application.packages.usecases import ImportPackage, ImportPackageInput, ImportPackageOutput
from domain.accounts.entities import Role, Visibility
from domain.packages.exceptions import InvalidPackageError
from infrastructure.config import Settings
from infrastructure.packages.files import TempFiles
from infrastructure.packages.progress import TextProgressBar
from infrastructure.providers.accounts import SystemIdentity
from infrastructure.providers.container import make_container


async def _create_key(
    settings: Settings, role: Role, name: str, account: str | None, account_id: uuid.UUID | None
) -> str:
    container = make_container(settings, SystemIdentity())
    try:
        async with container() as request:
            create = await request.get(CreateKey)
            created = await create(
                CreateKeyInput(
                    name=name,
                    role=role,
                    account_id=account_id,
                    account_name=None if account_id else (account or name),
                )
            )
    finally:
        await container.close()
    return created.secret


def create_key(
    settings: Settings, role: str, name: str, account: str | None, account_id: uuid.UUID | None
) -> str:
    """Creates a key (for a new account named `account`, default `name`, or an existing `account_id`)."""
    return asyncio.run(_create_key(settings, Role(role), name, account, account_id))


class _CommandLineProgress(Provider):
    @provide(scope=Scope.APP, override=True)
    def progress(self) -> ImportProgress:
        return TextProgressBar(label="tests and files stored")


def _pack_directory(root: Path, target: Path) -> None:
    """Zips a package directory as it is on disk; links are stored as links (the import resolves those
    that stay inside the package and refuses the others), never followed here."""
    paths = sorted(path for path in root.rglob("*") if path.is_symlink() or path.is_file())
    bar = TextProgressBar(label="packed")
    bar.start(sum(path.lstat().st_size for path in paths))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            name = path.relative_to(root).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            else:
                archive.write(path, name)
            bar.advance(path.lstat().st_size)
    bar.finish()


async def _import_problem(
    settings: Settings, location: Path, file_name: str, *, publish: bool, slug: str | None, verify: bool
) -> ImportPackageOutput:
    container = make_container(settings, SystemIdentity(), _CommandLineProgress())
    try:
        async with container() as request:
            use_case = await request.get(ImportPackage)
            return await use_case(
                ImportPackageInput(
                    location=str(location),
                    file_name=file_name,
                    slug=slug,
                    visibility=Visibility.PUBLIC if publish else Visibility.DRAFT,
                    verify=verify,
                )
            )
    finally:
        await container.close()


def import_problem(settings: Settings, path: str, *, publish: bool, slug: str | None, verify: bool) -> str:
    """Imports a package (a directory or a zip) as the admin; returns a summary for the operator."""
    source = Path(path)
    if not source.exists():
        raise InvalidPackageError(f"{path}: no such file or directory", details={"file": path})
    temp = TempFiles(settings.data_dir / "tmp")
    packed = None
    try:
        if source.is_dir():
            print(f"packing {source} ...", file=sys.stderr)
            packed = temp.new(".zip")
            _pack_directory(source, packed)
        result = asyncio.run(
            _import_problem(
                settings, packed or source, source.name, publish=publish, slug=slug, verify=verify
            )
        )
    finally:
        if packed is not None:
            temp.remove(packed)
    problem = result.problem
    lines = [
        f"imported {problem.slug} ({problem.id}): {problem.title!r}, {problem.test_count} tests, "
        f"{problem.visibility.value}",
        *(f"warning: {warning}" for warning in result.warnings),
        f"verification: {result.verification_state.value}, {result.jury_total} jury submissions "
        f"(GET /api/v1/problems/{problem.id}/verification)",
    ]
    return "\n".join(lines)
