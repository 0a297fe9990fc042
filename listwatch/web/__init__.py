"""The web dossier: server-rendered pages for people, served by the HTTP API's app."""

from listwatch.web.pages import add_pages

__all__ = ["add_pages"]
