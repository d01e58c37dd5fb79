"""Exceptions that carry a message safe to show: to a user in Discord, or to a self-hoster on the console."""


class UserError(Exception):
    """A mistake or a limit the user can act on; ``message`` is shown to them as it is (ephemeral)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FatalStartupError(Exception):
    """The bot cannot run as configured. ``str(error)`` is one line naming the setting (or switch) and the fix.

    The entry point prints it as ``error: …`` and exits with status 2, like a bad setting: a service manager sees a
    configuration failure, never a traceback or a process that hangs.
    """
