import logging
import os
from pathlib import Path

from dishka import AsyncContainer

from application.accounts.usecases import BootstrapAdmin

logger = logging.getLogger(__name__)

ADMIN_KEY_FILE = "admin.key"


async def bootstrap_admin(container: AsyncContainer, data_dir: Path) -> None:
    """Ensures there is a way in; a key created now is printed once and kept in DATA_DIR/admin.key (0600)."""
    async with container() as request:
        bootstrap = await request.get(BootstrapAdmin)
        result = await bootstrap()
    if result.secret is None:
        return
    path = data_dir / ADMIN_KEY_FILE
    _write_private(path, result.secret)
    print(
        f"\n  Created the first admin API key (saved in {path}, mode 0600):\n  {result.secret}\n", flush=True
    )
    logger.info("created the first admin API key; it is in %s", path)


def _write_private(path: Path, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")
    os.chmod(path, 0o600)
