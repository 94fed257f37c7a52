"""Suma: open-source software for data unions."""

__version__ = "0.1.0"
