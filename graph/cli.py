"""The `glossgraph` command line: a thin click shell over the Python API.

Commands live in `graph/commands/*.py`; each module lists its commands in
`COMMANDS`, and `COMMAND_MODULES` below says which module holds which command,
so that a command imports only its own module (networkx, rdflib and the SPARQL
stack are not loaded for commands that do not use them). Errors from the library reach the
user as one red line (plus a hint) with exit code 2; tracebacks only with
`--debug`.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from . import __version__
from .errors import GlossgraphError

__all__ = ["main", "cli", "print_error", "COMMAND_MODULES"]

#: Command name -> the module of `graph.commands` that defines it (a test keeps this exact).
COMMAND_MODULES = {
    "build": "build",
    "check": "check", "rules": "check", "fix": "fix",
    "stats": "explore", "show": "explore", "search": "explore", "path": "explore",
    "tree": "explore", "neighbors": "explore",
    "export": "export",
    "import": "imports",
    "sparql": "sparql", "push": "sparql",
    "suggest": "suggest",
}


class GlossgraphGroup(click.Group):
    """A click group that turns library errors into one clear line.

    A command's module is imported only when the command is looked up.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"{__package__}.commands.{COMMAND_MODULES[cmd_name]}")
            for command in module.COMMANDS:
                self.commands.setdefault(command.name, command)
        return self.commands.get(cmd_name)

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
    print_error(message, hint)
    sys.exit(code)


def print_error(message: str, hint: str | None) -> None:
    """Print an error as every command does: one red ``Error:`` line, then the hint."""
    from .terminal import safe_text

    color = False if os.environ.get("NO_COLOR") else None  # https://no-color.org: any value
    click.secho(f"Error: {safe_text(message)}", fg="red", err=True, color=color)
    if hint:
        click.echo(f"Hint: {safe_text(hint)}", err=True)


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


def main() -> None:
    """Entry point of the `glossgraph` console script."""
    from .commands.options import keep_objects_until_exit

    keep_objects_until_exit()
    _never_fail_on_output()
    try:
        cli(prog_name="glossgraph")
    except BrokenPipeError:
        _quit_on_broken_pipe()
    except SystemExit as done:
        _exit_now(done.code)


def _never_fail_on_output() -> None:
    """Print what cannot be encoded as "?" instead of failing after the work is done.

    A file name that is not UTF-8 carries surrogate escapes, which a strict
    UTF-8 stdout refuses. Streams already lenient (Python's own choice under
    the C locale: the original bytes) are left as they are.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _quit_on_broken_pipe() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


def _exit_now(code: int | str | None) -> None:
    """Leave without freeing every object one by one.

    A loaded glossary is millions of objects; tearing them down took 0.15 s at
    10k terms and 1.3 s at 100k, after the command's work was done. Output is
    flushed and exit handlers run first; every file we write is closed by then.
    """
    import atexit
    import os

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        _quit_on_broken_pipe()
    atexit._run_exitfuncs()
    os._exit(code or 0)
