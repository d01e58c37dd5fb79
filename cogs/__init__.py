"""One discord.py extension per feature. Every module here is loaded at start-up."""
