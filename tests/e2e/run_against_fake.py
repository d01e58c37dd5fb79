"""Run the real entry point (``python -m bot ARGS…``) against a fake Discord whose port is argv[1].

Used by the tests that need a real process: a real SIGTERM, exit statuses, the `sync` command, the log output.
"""

from __future__ import annotations

import os
import sys

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.__main__ import main
from bot.paths import CATALOGUE_DIR

if __name__ == "__main__":
    port = sys.argv[1]
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    # Tests start the bot in a temporary working directory, which has no data/catalogue of its own: serve the
    # checkout's, unless the test chose (CATALOGUE_DIR="" asks for the default, resolved from the working directory).
    os.environ.setdefault("CATALOGUE_DIR", str(CATALOGUE_DIR))
    sys.exit(main(sys.argv[2:] or ["run"]))
