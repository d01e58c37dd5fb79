"""Exceptions that carry a message safe to show the user."""


class UserError(Exception):
    """A mistake or a limit the user can act on; ``message`` is shown to them as it is (ephemeral)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
