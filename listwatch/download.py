"""Bounded downloads: the one way listwatch fetches a URL, for official lists and news alike.

A download ends within its deadline whatever the server does (a slow-loris body that sends a
byte every few seconds included: the deadline is for the whole download, not per read), stops
at a size limit counted on the *decoded* body (so a gzip bomb is cut off at the limit, not after
it has filled memory), and follows redirects only within the same host — or to a host the
caller allows — so a list mirror or a feed item cannot make listwatch fetch an arbitrary URL.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from listwatch.errors import DownloadFailed

MAX_REDIRECTS = 5


class DownloadError(DownloadFailed):
    """The download failed: network error, HTTP status, deadline, size limit or a refused
    redirect. The message starts with the URL."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    deadline_s: float = 120.0      # the whole download, connect to last byte
    connect_s: float = 15.0
    read_s: float = 30.0           # one read; never more than what is left of the deadline


def allowed_hosts() -> frozenset[str]:
    """Hosts a download may be redirected to besides its own (``LISTWATCH_ALLOWED_HOSTS``,
    comma-separated): official sites move files to CDNs, and only the user can vouch for one."""
    value = os.environ.get("LISTWATCH_ALLOWED_HOSTS", "")
    return frozenset(h.strip().lower() for h in value.split(",") if h.strip())


def make_client(user_agent: str) -> httpx.Client:
    """A client that never follows redirects on its own (``fetch`` checks each hop)."""
    return httpx.Client(follow_redirects=False, headers={"User-Agent": user_agent})


def fetch(client: httpx.Client, url: str, limits: Limits,
          allowed_hosts: Collection[str] = ()) -> bytes:
    """The body at ``url``; raises ``DownloadError`` on anything but a complete 200 body within
    the limits. Redirects are followed up to ``MAX_REDIRECTS`` hops, each to the same host as the
    first URL or to one of ``allowed_hosts``."""
    started = time.monotonic()
    origin = _host(url)
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        _check_scheme(url, current)
        try:
            with client.stream("GET", current, timeout=_timeout(limits, started)) as response:
                if response.is_redirect:
                    current = _redirect_target(url, current, response, origin, allowed_hosts)
                    continue
                if response.status_code != 200:
                    raise DownloadError(f"{url}: HTTP {response.status_code}")
                return _body(url, response, limits, started)
        except httpx.TimeoutException as exc:
            raise DownloadError(f"{url}: no answer within the time allowed "
                                f"({exc.__class__.__name__})") from exc
        except httpx.HTTPError as exc:
            raise DownloadError(f"{url}: {exc.__class__.__name__}: {exc}") from exc
    raise DownloadError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _body(url: str, response: httpx.Response, limits: Limits, started: float) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise DownloadError(f"{url}: body over {_mib(limits.max_bytes)} (decoded)")
        if time.monotonic() - started > limits.deadline_s:
            raise DownloadError(f"{url}: not complete within the {limits.deadline_s:g} s deadline "
                                f"({size} bytes received)")
        chunks.append(chunk)
    return b"".join(chunks)


def _timeout(limits: Limits, started: float) -> httpx.Timeout:
    left = limits.deadline_s - (time.monotonic() - started)
    if left <= 0:
        raise httpx.ReadTimeout("deadline reached")
    return httpx.Timeout(min(limits.read_s, left), connect=min(limits.connect_s, left))


def _redirect_target(url: str, current: str, response: httpx.Response, origin: str,
                     allowed_hosts: Collection[str]) -> str:
    location = response.headers.get("location")
    if not location:
        raise DownloadError(f"{url}: HTTP {response.status_code} without a Location")
    target = urljoin(current, location)
    host = _host(target)
    if host != origin and host not in allowed_hosts:
        raise DownloadError(f"{url}: redirect to another host ({host}) refused; allow it "
                            f"explicitly if it is a trusted mirror")
    return target


def _check_scheme(url: str, current: str) -> None:
    if urlsplit(current).scheme not in ("http", "https"):
        raise DownloadError(f"{url}: only http and https are fetched (got {current!r})")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _mib(n: int) -> str:
    return f"{n / 2**20:g} MiB"
