"""The `glossgraph` command line: a thin click shell over the Python API.

Commands live in `graph/commands/*.py`; each module lists its commands in
`COMMANDS` and is found here automatically. Errors from the library reach the
user as one red line (plus a hint) with exit code 2; tracebacks only with
`--debug`.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from . import __version__
from .errors import GlossgraphError

__all__ = ["main", "cli"]


class GlossgraphGroup(click.Group):
    """A click group that turns library errors into one clear line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GlossgraphError as exc:
            if ctx.meta.get("glossgraph.debug"):
                raise
            _fail(str(exc), exc.hint)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:  # output piped into `head` and the like
            raise
        except KeyboardInterrupt:
            _fail("interrupted", None, code=130)
        except Exception as exc:  # an unexpected error: one line unless --debug
            if ctx.meta.get("glossgraph.debug"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc}",
                  "run again with --debug for the traceback, and please report it")


def _fail(message: str, hint: str | None, code: int = 2) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)
    if hint:
        click.echo(f"Hint: {hint}", err=True)
    sys.exit(code)


@click.group(cls=GlossgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="glossgraph")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """glossgraph: explore, check and query a glossary as a knowledge graph.

    A glossary is a folder of YAML files, one term per file (or an RDF/SKOS
    file). Every command reads it from --data (default: the configured path,
    else ./data).
    """
    ctx.meta["glossgraph.debug"] = debug


def _register_commands() -> None:
    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register_commands()


def main() -> None:
    """Entry point of the `glossgraph` console script."""
    try:
        cli(prog_name="glossgraph")
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
