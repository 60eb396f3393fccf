"""The `factpack` command (also `python -m factpack`)."""

import signal
import sys


class _NoPandas:
    """An import finder that reports pandas as missing."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            raise ModuleNotFoundError("factpack's command does not use pandas", name="pandas")
        return None


def _terminate(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C: a build's temporary folder is removed on the way out


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    # pyarrow imports pandas, when installed, with its first array (0.16 s of a 0.5 s build of the shipped
    # dataset, and factpack builds arrays as it imports). factpack never hands pyarrow a DataFrame, so the
    # command lets pyarrow find no pandas, once, before anything else is imported.
    if "pandas" not in sys.modules:
        finder = _NoPandas()
        sys.meta_path.insert(0, finder)
        try:
            import pyarrow as pa

            pa.array([0])  # pyarrow looks for pandas here, once per process, and remembers
        finally:
            sys.meta_path.remove(finder)
    from .cli import app

    app(prog_name="factpack")


if __name__ == "__main__":
    main()
