"""`lakehouse engine start | stop | status`: the warm Spark Connect engine (`lake.engine`)."""

from __future__ import annotations

import click


def _settings(port: int | None = None, master: str | None = None):
    from orchestration.resources import spark_settings

    settings = spark_settings(master=master)
    return settings.with_conf(engine_port=port) if port else settings


@click.group("engine")
def engine_group() -> None:
    """The warm Spark engine: a Spark Connect server on 127.0.0.1 that every command then uses."""


@engine_group.command("start")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port on 127.0.0.1 (default: LAKEHOUSE_ENGINE_PORT or 15002).",
)
@click.option(
    "--master",
    default=None,
    help="Spark master of the engine (default: SPARK_MASTER or local[*]; spark://host:7077 for a cluster).",
)
@click.option("--timeout", type=float, default=180.0, show_default=True, help="Seconds to wait for the server.")
def start_cmd(port: int | None, master: str | None, timeout: float) -> None:
    """Start the engine (nothing happens when it is already up)."""
    from lake import engine

    settings = _settings(port, master)
    click.echo(f"starting the engine on 127.0.0.1:{port or settings.engine_port} (log {engine.log_file(settings)}) ...")
    try:
        state, started = engine.start(settings, port, timeout=timeout)
    except engine.EngineError as exc:
        raise click.ClickException(str(exc)) from None
    verb = "started" if started else "already running"
    click.echo(
        f"engine {verb}: {state.url} (pid {state.pid}, master {state.master}); "
        f"`lakehouse` commands and Dagster runs now use it"
    )


@engine_group.command("stop")
def stop_cmd() -> None:
    """Stop the engine; commands fall back to a local Spark session."""
    from lake import engine

    state = engine.stop(_settings())
    if state is None:
        click.echo("engine is not running")
        return
    click.echo(f"engine stopped ({state.url}, pid {state.pid})")


@engine_group.command("status")
def status_cmd() -> None:
    """Say whether the engine runs and answers a query; exit code 3 when it does not run."""
    from lake import engine

    settings = _settings()
    state = engine.running(settings)
    if state is None:
        stale = engine.read_state(settings)
        why = f" (its last process {stale.pid} is gone)" if stale else ""
        click.echo(
            f"engine is not running{why}; start it with `lakehouse engine start` "
            f"(commands use a local Spark session meanwhile)"
        )
        raise SystemExit(3)
    check = engine.health(state)
    if not check.get("ok"):
        click.echo(f"engine at {state.url} (pid {state.pid}) does not answer: {check.get('error')}; log {state.log}")
        raise SystemExit(1)
    click.echo(
        f"engine running: {state.url}, pid {state.pid}, master {state.master}, "
        f"Spark {check.get('spark_version')}, up {state.uptime_seconds / 60:.0f} min, "
        f"query answered in {check.get('seconds')} s; log {state.log}"
    )


def register(main: click.Group, generate: click.Group) -> None:
    main.add_command(engine_group)
