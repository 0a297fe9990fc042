"""The HTTP API (``listwatch serve``): FastAPI over the same domain functions as the CLI."""

from listwatch.api.app import create_app

__all__ = ["create_app"]
