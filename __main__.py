"""Entry point: `python __main__.py MODE`, where MODE picks what this process is."""

import argparse
import logging
import sys

MODES = {
    "server": "serve the REST API (/api/v1) with uvicorn",
    "worker": "judge submissions: report languages, take tasks from the broker, run the sandbox",
    "migrate": "apply database migrations up to the newest (same as `alembic upgrade head`)",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python __main__.py",
        description="Testing service (online judge). Choose a mode.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="modes:\n" + "\n".join(f"  {name:<9} {text}" for name, text in MODES.items()),
    )
    parser.add_argument("mode", choices=sorted(MODES), metavar="MODE", help=", ".join(MODES))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)

    from infrastructure.config import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )

    if args.mode == "server":
        from infrastructure.server import run_server

        run_server(settings)
    elif args.mode == "worker":
        from infrastructure.worker import run_worker

        run_worker(settings)
    else:
        from infrastructure.database.embedded import resolve_database_url
        from infrastructure.migrations import upgrade

        upgrade(resolve_database_url(settings.database_url, settings.data_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
