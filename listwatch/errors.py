"""The one root of the errors a user sees, and its kinds.

Every failure listwatch reports (rather than crashes on) is a :class:`ListwatchError`, so a face
can print any of them the same way — a message, never a traceback — and carry on with the next
input. The kinds say what the user can do about it: fix the input, confirm a large change,
retry the download, or ask for something that exists. Each kind keeps the builtin base its
callers caught before the root existed (``ValueError``, ``LookupError``), so old ``except``
clauses still hold.
"""

from __future__ import annotations


class ListwatchError(Exception):
    """Anything listwatch refuses or cannot do, with a message fit to show the user."""


class BadInput(ListwatchError, ValueError):
    """The input is not what it claims to be: malformed, hostile, truncated, or values a record
    cannot hold. The message says which file and where, when that is known."""


class RefusedAsPartial(ListwatchError):
    """The input is well formed but must not enter the ledger as it is (it looks partial,
    conflicts with what is stored, or needs an explicit override)."""


class DownloadFailed(ListwatchError):
    """A download did not complete: network, HTTP status, deadline, size or redirect."""


class NotFoundError(ListwatchError, LookupError):
    """Nothing answers the query; the message suggests what might."""


def described(exc: BaseException) -> str:
    """The message of an unexpected exception, named by its type when its text alone says
    little (``KeyError('x')`` prints as ``'x'``)."""
    text = str(exc).strip() or "no details"
    return f"{type(exc).__name__}: {text}"
