"""Command line: ``python -m bot [run|sync|check]``. Owns the resources and hands them to the bot."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence

import discord
from dotenv import find_dotenv, load_dotenv

from bot.catalogue.files import read_catalogue
from bot.catalogue.stats import catalogue_stats
from bot.config import ConfigError, Settings, check_settings, load_settings
from bot.errors import FatalStartupError

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="K-Collab Discord bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the default)")
    sync = sub.add_parser("sync", help="publish the slash commands globally (or to one server with --guild)")
    sync.add_argument("--guild", type=int, metavar="ID", help="a server id: sync there only, instantly")
    sub.add_parser("check", help="validate the settings and the catalogue files without connecting")
    return parser


def _configure_logging(settings: Settings) -> None:
    discord.utils.setup_logging(level=settings.log_level_number, root=True)


async def _run(settings: Settings) -> None:
    from bot.client import KCollabBot  # imported late: `check` must work without loading discord extensions

    bot = KCollabBot(settings)
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []

    def shut_down(name: str) -> None:
        log.info("received %s, shutting down", name)
        closing.append(loop.create_task(bot.close()))

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, shut_down, sig.name)
    async with bot:
        await bot.start(settings.token)
    await asyncio.gather(*closing)  # let the close the signal started finish before the loop ends


async def _sync(settings: Settings, guild_id: int | None) -> None:
    from bot.client import KCollabBot

    async with KCollabBot(settings) as bot:
        await bot.login(settings.token)  # runs setup_hook, which loads every command
        synced = await bot.sync_commands(guild_id)
        print(f"synced {len(synced)} commands to {f'guild {guild_id}' if guild_id else 'every server (global)'}")


def _check() -> int:
    problems = [str(problem) for problem in check_settings()]
    settings = load_settings(require_token=False) if not problems else None
    directory = settings.catalogue_dir if settings else Settings(token="").catalogue_dir
    catalogue = read_catalogue(directory)
    problems.extend(catalogue.problems)
    stats = catalogue_stats(catalogue)
    span = f"{stats.first_year}-{stats.last_year}" if stats.first_year else "none"
    print(
        f"catalogue: {stats.collabs} collaborations, {stats.artists} artists, {stats.kpop_acts} K-pop acts, "
        f"years {span}, {stats.day_precise}/{stats.collabs} ({stats.day_share:.0%}) with day precision"
    )
    if settings is not None and not settings.token:
        print("note: DISCORD_TOKEN is not set (needed by `run` and `sync`, not by `check`)")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    load_dotenv(find_dotenv(usecwd=True), override=False)  # the real environment wins over .env
    if args.command == "check":
        return _check()
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    _configure_logging(settings)
    try:
        if args.command == "sync":
            asyncio.run(_sync(settings, args.guild))
        else:
            asyncio.run(_run(settings))
    except FatalStartupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except discord.LoginFailure:
        print(
            "error: DISCORD_TOKEN: Discord rejected the token; reset it in the Developer Portal and update .env",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
