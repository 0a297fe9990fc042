"""listwatch: terrorist-list designations with history, and the news that pushes to change them."""

__version__ = "0.1.0"
