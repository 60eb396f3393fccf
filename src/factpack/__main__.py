"""The `factpack` command (also `python -m factpack`)."""

import os
import signal
import sys
from types import FrameType


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C: a build's temporary folder is removed on the way out


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    # Text the terminal cannot encode (Arabic on a latin-1 terminal) is shown escaped, never a crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    from .cli import app

    try:
        app(prog_name="factpack")
    except (SystemExit, KeyboardInterrupt) as stop:
        code = stop.code if isinstance(stop, SystemExit) else 130
        # Stopped by a signal or Ctrl-C: the cleanup ran while the exception unwound. Worker threads may still
        # be inside a long computation; exit now rather than wait for them at interpreter shutdown.
        if isinstance(stop, KeyboardInterrupt) or (isinstance(code, int) and code >= 128):
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code if isinstance(code, int) else 1)
        raise


if __name__ == "__main__":
    main()
