"""The project's version: the build backend reads it from here into the package metadata."""

__version__ = "0.1.0"
