"""Command line: ``python -m bot [run|sync|check|audit]``. Owns the resources and hands them to the bot."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import signal
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import discord
from dotenv import load_dotenv

from bot.catalogue.audit import audit_path, draw, read_audit, sample_population
from bot.catalogue.files import read_catalogue
from bot.catalogue.stats import catalogue_stats
from bot.config import ConfigError, Settings, check_settings, load_settings, path_setting
from bot.errors import FatalStartupError
from bot.trivia.packs import read_packs

log = logging.getLogger("bot")

# Gateway close codes after which discord.py gives up rather than reconnecting (it raises for them).
_CLOSED_AUTHENTICATION_FAILED = 4004

_INTENT_MISSING = (
    "TRIVIA_TYPED_ANSWERS=true needs the Message Content intent, which this bot's application does not have: turn on "
    "Developer Portal -> your app -> Bot -> Privileged Gateway Intents -> Message Content Intent, "
    "or set TRIVIA_TYPED_ANSWERS=false"
)
_INTENT_MISSING_OTHER = (
    "Discord refused a privileged intent the bot asked for: turn it on under Developer Portal -> your app -> Bot -> "
    "Privileged Gateway Intents"
)
_TOKEN_REVOKED = (
    "DISCORD_TOKEN: Discord ended the session because the token is no longer valid (it was reset or revoked); "
    "get a new one in the Developer Portal (Bot -> Reset Token) and put it in .env"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="K-Collab Discord bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the default)")
    sync = sub.add_parser(
        "sync", help="publish the slash commands globally, to one server (--guild) or clear one (--clear)"
    )
    where = sync.add_mutually_exclusive_group()
    where.add_argument("--guild", type=int, metavar="ID", help="a server id: sync there only, instantly")
    where.add_argument(
        "--clear",
        type=int,
        metavar="ID",
        help="a server id: remove the commands copied there (by DEV_GUILD_ID or --guild); the global ones stay",
    )
    sub.add_parser("check", help="validate the settings and the catalogue files without connecting")
    audit = sub.add_parser("audit", help="the audit's figures and problems, or draw records to audit next (--draw)")
    audit.add_argument("--draw", type=int, metavar="N", help="print N sampled record ids not yet audited")
    audit.add_argument("--seed", type=int, metavar="S", help="the seed to draw with (default: the audit file's)")
    audit.add_argument("--file", type=Path, metavar="PATH", help="the audit file (default: data/audit.yaml)")
    return parser


class SafeFormatter(logging.Formatter):
    """Wraps a formatter so that nothing it writes carries a secret or runs for pages.

    At DEBUG, discord.py logs request URLs and gateway events, which hold interaction and webhook tokens (each one can
    post as the bot for 15 minutes), and aiosqlite logs every statement with its parameters (one line of 110 KB for a
    catalogue load). Only the formatted text changes: the record other handlers see is left as it was.
    """

    _URL_TOKEN = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s'\"?#]+")
    _FIELD_TOKEN = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+""")
    HIDDEN = "[hidden]"

    def __init__(self, inner: logging.Formatter, *, secrets: Iterable[str] = (), limit: int = 2_000) -> None:
        super().__init__()
        self.inner = inner
        # A real token is about 70 characters; hiding a short test value like "abc" would only mangle the text.
        self.secrets = [secret for secret in secrets if len(secret) >= 8]
        self.limit = limit

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, self.HIDDEN)
        text = self._URL_TOKEN.sub(rf"\g<1>{self.HIDDEN}", text)
        return self._FIELD_TOKEN.sub(rf"\g<1>{self.HIDDEN}", text)

    def format(self, record: logging.LogRecord) -> str:
        original = record.getMessage()
        message = self.redact(original)  # before cutting, so that no half of a secret is left behind
        if len(message) > self.limit:
            message = f"{message[: self.limit]} … [{len(message) - self.limit:,} more characters]"
        if message != original:
            record = logging.makeLogRecord({**record.__dict__, "msg": message, "args": None, "exc_text": None})
        # Again over the whole text: a token can sit in a traceback too.
        return self.redact(self.inner.format(record))


def _configure_logging(settings: Settings) -> None:
    root = logging.getLogger()
    before = set(root.handlers)
    discord.utils.setup_logging(level=settings.log_level_number, root=True)
    for handler in set(root.handlers) - before:  # the one handler setup_logging added
        handler.setFormatter(SafeFormatter(handler.formatter or logging.Formatter(), secrets=[settings.token]))
    # Every statement twice, with every parameter (members' typed text included): never useful enough at DEBUG.
    logging.getLogger("aiosqlite").setLevel(max(settings.log_level_number, logging.INFO))


async def _run(settings: Settings) -> None:
    from bot.client import KCollabBot  # imported late: `check` must work without loading discord extensions

    bot = KCollabBot(settings, freeze_gc=True)
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []

    def shut_down(name: str) -> None:
        log.info("received %s, shutting down", name)
        closing.append(loop.create_task(bot.close()))

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, shut_down, sig.name)
    # Both refusals are final: discord.py closes the client and raises, and reconnecting cannot help.
    try:
        async with bot:
            await bot.start(settings.token)
    except discord.PrivilegedIntentsRequired:
        # Typed trivia answers are the one privileged intent the bot asks for (see KCollabBot); should another be
        # added, the message must not blame this setting.
        raise FatalStartupError(_INTENT_MISSING if settings.trivia_typed_answers else _INTENT_MISSING_OTHER) from None
    except discord.ConnectionClosed as error:
        if error.code != _CLOSED_AUTHENTICATION_FAILED:
            raise
        raise FatalStartupError(_TOKEN_REVOKED) from None
    await asyncio.gather(*closing)  # let the close the signal started finish before the loop ends


async def _sync(settings: Settings, guild_id: int | None, clear: int | None) -> None:
    from bot.client import KCollabBot

    async with KCollabBot(settings) as bot:
        await bot.login(settings.token)  # runs setup_hook, which loads every command
        if clear is not None:
            warning = await bot.clear_guild_commands(clear)
            print(f"cleared the commands copied to guild {clear}; the global ones stay")
        else:
            synced, warning = await bot.publish_commands(guild_id)
            print(f"synced {len(synced)} commands to {f'guild {guild_id}' if guild_id else 'every server (global)'}")
        if warning:
            print(f"warning: {warning}")


def _check() -> int:
    problems = [str(problem) for problem in check_settings()]
    settings = load_settings(require_token=False) if not problems else None
    if settings is not None:
        directory, database = settings.catalogue_dir, settings.database_path
    else:  # another setting is wrong: still check the catalogue the bot would read
        directory, database = path_setting("CATALOGUE_DIR"), path_setting("DATABASE_PATH")
    print(f"reading the catalogue from {directory}; database at {database}")
    if directory.is_dir():  # else CATALOGUE_DIR's own problem already says so
        catalogue = read_catalogue(directory)
        problems.extend(catalogue.problems)
        stats = catalogue_stats(catalogue)
        span = f"{stats.first_year}-{stats.last_year}" if stats.first_year else "none"
        print(
            f"catalogue: {stats.collabs} collaborations ({stats.both_sides} with performers on both sides), "
            f"{stats.artists} artists, {stats.kpop_acts} K-pop acts, "
            f"years {span}, {stats.day_precise}/{stats.collabs} ({stats.day_share:.0%}) with day precision"
        )
        # Information for contributors, not problems: where an anniversary is still missing, and which acts lack a
        # debut (new acts arrive with every new collaboration).
        empty = f"; empty: {' '.join(stats.empty_days)}" if stats.empty_days else ""
        print(f"anniversaries on {stats.covered_days}/366 calendar days{empty}")
        missing = f"; missing: {', '.join(stats.missing_debuts)}" if stats.missing_debuts else ""
        print(f"debuts: {stats.debuts} of {stats.kpop_acts} K-pop acts{missing}")
        packs = read_packs(directory.parent / "trivia")  # the curated trivia packs beside the catalogue
        problems.extend(packs.problems)
        print(f"trivia packs: {len(packs.packs)} packs, {packs.question_count} questions")
    if settings is not None and not settings.token:
        print("note: DISCORD_TOKEN is not set (needed by `run` and `sync`, not by `check`)")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


def _audit(draw_count: int | None, seed: int | None, file: Path | None) -> int:
    directory = path_setting("CATALOGUE_DIR")
    path = file or audit_path(directory)
    records = sample_population(directory)
    audit = read_audit(path, records)
    if draw_count is not None:
        seed = seed if seed is not None else audit.seed
        if seed is None:
            print("error: no --seed, and the audit file gives none", file=sys.stderr)
            return 2
        for slug in draw(records, seed, draw_count, exclude=audit.ids):
            print(f"{slug}  {records[slug].where}")
        return 0
    figures = audit.figures()
    print(
        f"audit {os.path.relpath(path)}: seed {audit.seed}, sample of {audit.sample_size} from {len(records)} records; "
        f"{figures.audited} audited: {figures.agree} agree, {figures.partial} partial, {figures.disagree} disagree, "
        f"{figures.unverified} unverified"
    )
    print(
        f"agreement: {figures.rate:.1%} of the {figures.compared} a second source could check "
        f"({figures.rate_with_partial:.1%} counting partial agreement)"
    )
    for problem in audit.problems:
        print(problem)
    print(f"{len(audit.problems)} problem(s)")
    return 1 if audit.problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The working directory's .env only, not the first one up the tree: relative paths in it are taken from the
    # working directory, which would be the wrong folder for a .env found higher up. The real environment wins.
    load_dotenv(Path(".env"), override=False)
    if args.command == "check":
        return _check()
    if args.command == "audit":
        return _audit(args.draw, args.seed, args.file)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    _configure_logging(settings)
    try:
        if args.command == "sync":
            asyncio.run(_sync(settings, args.guild, args.clear))
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
