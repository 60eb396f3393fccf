"""python -m factpack: the factpack command."""

from .cli import app

app(prog_name="factpack")
