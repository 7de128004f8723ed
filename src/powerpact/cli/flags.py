"""Boolean flags shown as flags in `--help`.

typer (0.29 with click 8.5) labels every flag `<bool>` in its help, which reads as if the flag
took a value, and `--json true` is then refused; these command and group classes show flags
bare, `--help` included.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup


def _bare(param: Any) -> Any:
    # typer 0.22+ builds on its own copy of click: no isinstance test against click's classes
    if getattr(param, "is_flag", False) and param.metavar is None:
        param.metavar = ""
    return param


class _Bare:
    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _bare(param)

    def get_help_option(self, ctx: Any) -> Any:
        return _bare(super().get_help_option(ctx))  # type: ignore[misc]


class FlagCommand(_Bare, TyperCommand):
    pass


class FlagGroup(_Bare, TyperGroup):
    pass
