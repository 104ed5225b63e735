"""The `lakehouse` command line. Each domain module registers its own commands.

Every command honours `LAKEHOUSE_ROOT` (the lake root) and the other environment variables of
docs/configuration.md, so it can be scripted. Every command runs guarded (`GuardedGroup`): a
fault ends in one line plus a hint and a non-zero exit code, the full trace goes to the log file
(`orchestration.cli.errors`), or to the console with `lakehouse --verbose ...`.
"""

from __future__ import annotations

import os
import sys

import click

from orchestration.cli import bench, dashboard, demo, engine, errors, geodata, news, privacy, report, survey

# Commands that serve until stopped: their servers keep the terminal's stderr (no redirection).
_KEEP_CONSOLE = {"dashboard"}


class GuardedGroup(click.Group):
    """Runs the chosen command inside the fault wrapper (see `orchestration.cli.errors`)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:  # Ctrl+C, or SIGTERM (see errors.terminate_as_interrupt)
            click.echo(
                "Stopped. Every table is at its last complete version; run the same command again to finish.", err=True
            )
            ctx.exit(errors.EXIT_INTERRUPTED)
        except Exception as exc:
            state = ctx.obj if isinstance(ctx.obj, dict) else {}
            log = state.get("log") or errors.CommandLog()
            code = errors.report_fault(exc, log, bool(state.get("verbose")))
            ctx.exit(code)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Show the full log and every trace on the console (default: in the log file only).",
)
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Data lakehouse for analytics of AI adoption in Saxony and Thuringia."""
    from orchestration.cli import _dagster

    command = ctx.invoked_subcommand or ""
    log = errors.open_log(" ".join(sys.argv[1:]) or command)
    ctx.obj = {"verbose": verbose, "log": log}
    if log.stream is not None:
        ctx.call_on_close(log.stream.close)  # closed last: the console below is restored first
    _dagster.CONSOLE_LOG_LEVEL = _dagster.console_log_level(verbose=verbose)
    if verbose:  # Spark's log4j, Ivy and the JVM's own output on the console too (orchestration.resources)
        os.environ["LAKEHOUSE_VERBOSE"] = "1"
    restore = errors.terminate_as_interrupt()
    if restore is not None:
        ctx.call_on_close(restore)
    if not verbose and command not in _KEEP_CONSOLE:
        ctx.with_resource(errors.QuietConsole(log))


@main.group()
def generate() -> None:
    """Generate sample data (seeded, deterministic)."""


for _module in (survey, news, dashboard, demo, report, bench, geodata, privacy, engine):
    _module.register(main, generate)
