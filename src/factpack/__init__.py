"""factpack: publish hand-curated, source-cited tables as a Frictionless Data Package."""

__version__ = "0.1.0"
