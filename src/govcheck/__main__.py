"""``python -m govcheck`` and the ``govcheck`` command (pyproject's entry point)."""

import gc


def main() -> None:
    """Load the CLI with the cyclic garbage collector paused, then run it.

    Start-up makes some 100,000 objects that live until the process ends (modules, classes,
    functions, constants); the collector would pass over them dozens of times while they are made
    and find nothing to free (~6 ms of a one-file run, issue 14). Frozen once made, they are
    skipped by every later collection too; what the run itself makes is collected as before.
    """
    gc.disable()
    try:
        from govcheck.cli import main as run
    finally:
        gc.freeze()
        gc.enable()
    run()


if __name__ == "__main__":  # a spawned -j worker imports this module again: it must not run the CLI
    main()
