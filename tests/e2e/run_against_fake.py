"""Run the real entry point (``python -m bot ARGS…``) against a fake Discord whose port is argv[1].

Used by the shutdown test (the process gets a real SIGTERM) and the `sync` command test.
"""

from __future__ import annotations

import sys

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.__main__ import main

if __name__ == "__main__":
    port = sys.argv[1]
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    sys.exit(main(sys.argv[2:] or ["run"]))
