"""The one way govcheck writes a file: complete or not at all, never over one of its inputs.

Every command that writes a file (``validate -o``, ``hook -o``, ``baseline -o``,
``report -o``, ``schema -o``, ``init``) goes through :func:`write_text` or
:func:`write_chunks`:

- the new content goes to a temporary file beside the target and replaces the target
  only once complete (``os.replace``), so an old report survives a failed run;
- a new file gets the mode any program would give it (``0666`` less the umask; an
  existing file keeps its mode), not ``mkstemp``'s ``0600``;
- SIGTERM, SIGHUP and SIGINT during the write remove the temporary file (CI runners
  send SIGTERM on a timeout or a cancelled job);
- a device or pipe (``/dev/null``, a FIFO) is written through, never renamed over.

:func:`check_outputs` is called before writing: an output path that is one of the run's
inputs (a record, the settings, the baseline) is refused — ``validate recs/ -o recs/a.yaml``
would otherwise replace the record with the report — and a YAML output inside a checked
folder gets a warning, because the next run would read it as a record.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from govcheck.i18n import Lang, Text
from govcheck.loading.discovery import LEDGER_SUFFIXES, YAML_SUFFIXES

if TYPE_CHECKING:
    from govcheck.pipeline import RunResult

STDOUT = "-"
TEMP_PREFIX = ".govcheck-"
TEMP_SUFFIX = ".tmp"

_pending: set[str] = set()  # temporary files not yet renamed into place


class OutputConflict(Exception):
    """An output would replace one of the run's inputs; nothing is written (exit 2)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _new_file_mode(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _remove_pending() -> None:
    for temp in list(_pending):
        with suppress(OSError):
            os.unlink(temp)
        _pending.discard(temp)


def _signals() -> list[int]:
    import signal  # signal and tempfile only when a file is written: ~4 ms of a one-file run's start-up

    names = ("SIGTERM", "SIGHUP", "SIGINT")
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


@contextmanager
def _cleanup_on_signal() -> Iterator[None]:
    """Turn a termination signal into SystemExit while a temporary file exists.

    SystemExit unwinds through the ``except BaseException`` that removes the temporary
    file; the exit status is the shell's 128 + signal number.
    """
    import signal

    previous: dict[int, Any] = {}

    def handler(signum: int, _frame: FrameType | None) -> None:
        _remove_pending()
        raise SystemExit(128 + signum)

    try:
        for number in _signals():
            previous[number] = signal.signal(number, handler)
    except ValueError:  # not the main thread: signals cannot be caught here; the except below still cleans up
        pass
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _write_through(path: str, chunks: Iterable[bytes]) -> None:
    with open(path, "wb") as out:
        _copy(chunks, out)


def _copy(chunks: Iterable[bytes], out: BinaryIO) -> None:
    for chunk in chunks:
        out.write(chunk)


def write_chunks(chunks: Iterable[bytes], path: str) -> None:
    """Write ``chunks`` to ``path`` (``-`` is stdout), replacing the file only once complete."""
    if path == STDOUT:
        stream = sys.stdout.buffer
        _copy(chunks, stream)
        stream.flush()
        return
    if os.path.exists(path) and not os.path.isfile(path):
        if os.path.isdir(path):
            raise IsADirectoryError(21, os.strerror(21), path)
        _write_through(path, chunks)
        return
    mode = _new_file_mode(path)
    folder = os.path.dirname(os.path.abspath(path))
    import tempfile

    with _cleanup_on_signal():
        handle, temp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        _pending.add(temp)
        try:
            with os.fdopen(handle, "wb", buffering=1 << 20) as out:
                _copy(chunks, out)
            os.chmod(temp, mode)
            os.replace(temp, path)
            _pending.discard(temp)
        except BaseException:
            _remove_pending()
            raise


def write_text(text: str, path: str) -> None:
    """Write ``text`` as UTF-8 with ``\\n`` line ends; ``-`` echoes it to stdout."""
    if path == STDOUT:
        click.echo(text, nl=False)
        return
    write_chunks([text.encode("utf-8")], path)


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _inside(path: str, folder: str) -> bool:
    full = os.path.normcase(os.path.realpath(path))
    base = os.path.normcase(os.path.realpath(folder))
    return full.startswith(os.path.join(base, ""))


def check_outputs(
    outputs: Iterable[str], inputs: Iterable[str], folders: Iterable[str], never_read: Iterable[str] = ()
) -> list[Text]:
    """Refuse outputs that are inputs (raises :class:`OutputConflict`); warn about outputs in ``folders``
    that the next run would read as records (.yaml/.yml) or as a ledger (.xlsx/.xlsm).

    ``inputs`` are the files the run read (records, settings, baseline); ``folders`` the
    directories it scanned; ``never_read`` outputs the reader skips by their content (a
    ``govcheck report`` workbook). Returns the warnings, for the caller to print.
    """
    skipped = set(never_read)
    files = [p for p in inputs if p]
    warnings: list[Text] = []
    for output in outputs:
        if output == STDOUT or (os.path.exists(output) and not os.path.isfile(output)):
            continue
        clash = next((p for p in files if os.path.exists(output) and _same(output, p)), None)
        if clash is not None:
            raise OutputConflict(
                Text(
                    f"输出文件 {output} 是本次检查的输入文件，拒绝覆盖；请把报告写到别处（如 govcheck-report.json）",
                    f"the output {output} is one of the files this run reads; refusing to replace it — "
                    "write the output elsewhere (e.g. govcheck-report.json)",
                )
            )
        inside = any(_inside(output, d) for d in folders)
        if inside and output.lower().endswith(YAML_SUFFIXES):  # lower(): a.YAML is read as a record too
            warnings.append(
                Text(
                    f"输出文件 {output} 位于被检查的目录中且以 .yaml/.yml 结尾，下次检查会把它当作记录读取",
                    f"the output {output} is a .yaml/.yml file inside a checked folder: the next run will read "
                    "it as a record",
                )
            )
        elif inside and output.lower().endswith(LEDGER_SUFFIXES) and output not in skipped:
            warnings.append(
                Text(
                    f"输出文件 {output} 位于被检查的目录中且以 .xlsx 结尾，下次检查会把它当作台账读取；请写到记录目录之外",
                    f"the output {output} is an .xlsx file inside a checked folder: the next run will read it as a "
                    "ledger; write it outside the records folder",
                )
            )
    return warnings


def guard_run_outputs(
    outputs: Iterable[str], result: RunResult, paths: Iterable[str], *extra: str | None, never_read: Iterable[str] = ()
) -> list[Text]:
    """:func:`check_outputs` for a check run: its records, settings, given paths and ``extra`` files."""
    from govcheck.loading.discovery import find_settings

    given = list(paths)
    inputs = [*given, *(f.path for f in result.files), result.settings.path, find_settings(given), *extra]
    folders = [p for p in given if os.path.isdir(p)]
    return check_outputs(outputs, [p for p in inputs if p], folders, never_read)


def say_warnings(warnings: Iterable[Text], lang: Lang) -> None:
    for warning in warnings:
        click.echo(("注意：" if lang == "zh" else "note: ") + warning.get(lang), err=True)
