"""The console script's first step. `calldiary --version` is answered here, before anything
else is imported (click and the core cost several times Python's own start); every other
command line goes to the CLI."""

from __future__ import annotations

import sys

from calldiary import __version__

# pendulum imports dateutil's parser at import time, only as a fallback for text that is not
# ISO 8601; calldiary never parses such text with pendulum. Loading it lazily (on first use)
# saves a fifth of a command's imports.
DEFERRED = ("dateutil.parser",)


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"calldiary, version {__version__}\n")  # click's version_option says the same
        return
    if "list" in sys.argv[1:]:
        from calldiary.fastlist import run as quick  # one week, without click, pendulum or TinyDB

        if quick(sys.argv[1:]):
            return
    for name in DEFERRED:
        defer_import(name)
    from calldiary.cli import main as run

    run()


def defer_import(name: str) -> None:
    """Put a module in sys.modules that is loaded on its first attribute access."""
    if name in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
