"""The one error type a user ever sees from bad input."""

from __future__ import annotations

MAX_MESSAGE_CHARS = 1000


class InputError(ValueError):
    """A bad input, reported as one line naming the place, the field and what is wrong."""

    def __init__(self, where: str, message: str, field: str | None = None) -> None:
        self.where = where
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}, field '{self.field}'" if self.field else self.where
        # Always one line, whatever a parser's message or a user's value contained, and a short
        # one: a value quoted from a hostile file may be megabytes long.
        message = self.message
        if len(message) > MAX_MESSAGE_CHARS:
            message = f"{message[:MAX_MESSAGE_CHARS]}… ({len(message)} characters)"
        return " ".join(f"{text}: {message}".splitlines())
