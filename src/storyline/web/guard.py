"""What every request passes through before the app sees it, as one ASGI
middleware outside all of FastAPI's:

- the Host header must name an allowed host (DNS rebinding: a page on
  another site that resolves its own name to 127.0.0.1 would otherwise
  read the whole store through the visitor's browser);
- a body is counted while it streams in: a declared Content-Length over
  the limit is refused before the app runs, and a chunked body is cut off
  with a 413 as soon as it passes the limit, never read whole;
- security headers on every response, errors included;
- an exception nobody handled becomes the one JSON error shape (500),
  logged with its traceback, instead of a dropped connection.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

log = logging.getLogger("storyline.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Scripts and styles only from our own files: no inline script, no inline
# style, no other origin; no framing; forms post only here. Swagger UI on
# /docs runs under it too (its icons are data: URLs; checked in Chromium,
# tests/web/test_e2e.py).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class BodyTooLarge(HTTPException):
    """A request body passed ``max_request_bytes`` while it was read."""

    code = "too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is over the limit of {limit} bytes")
        self.hint = f"at most {limit} bytes (setting max_request_bytes)"


def allowed_host_names(setting: str, bound_host: str | None = None) -> frozenset[str] | None:
    """The host names to answer, from the ``allowed_hosts`` setting and the
    address the server is bound to; None: any ('*' in the setting)."""
    names = {n.strip().lower().strip("[]").rstrip(".") for n in setting.split(",") if n.strip()}
    if "*" in names:
        return None
    if bound_host and not is_wildcard(bound_host):
        names.add(bound_host.lower().strip("[]"))
    return frozenset(names)


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, api_token: str) -> str | None:
    """What to warn about when the server listens beyond this machine; None on loopback."""
    if is_loopback(host):
        return None
    where = "every address of this machine" if is_wildcard(host) else host
    reads = f"The server listens on {where}: anyone who can reach the port reads every stored document and story."
    if not api_token:
        return reads + " No api_token is set (posting is off); put a reverse proxy with authentication in front to limit reads."
    return reads + " Posting needs the api_token; reads are open."


def host_name(header: str) -> str:
    """The name in a Host header, without the port: "[::1]:8000" -> "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    if header.count(":") == 1:
        header = header.split(":", 1)[0]
    return header.rstrip(".")


class Guard:
    def __init__(self, app: ASGIApp, *, max_body: int, allowed_hosts: frozenset[str] | None) -> None:
        self.app, self.max_body, self.allowed_hosts = app, max_body, allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _secured(message.get("headers", ()))
                if message["status"] == 413:
                    # Close the connection: the client stops sending, and
                    # the server does not go on reading the rest to discard it.
                    message["headers"].append((b"connection", b"close"))
            await send(message)

        refusal = self._refusal(headers)
        if refusal:
            await _send_error(send_secured, *refusal)
            return
        seen = 0

        async def receive_counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        try:
            await self.app(scope, receive_counted, send_secured)
        except BodyTooLarge as exc:
            if started:
                raise
            await _send_error(send_secured, 413, exc.code, str(exc.detail), exc.hint)
        except Exception as exc:
            log.exception("error while answering %s", scope.get("path"))
            if started:
                raise
            await _send_error(send_secured, 500, "internal", f"{type(exc).__name__} while answering {scope.get('path')}", "see the server log")

    def _refusal(self, headers: dict[bytes, bytes]) -> tuple[int, str, str, str] | None:
        if self.allowed_hosts is not None:
            name = host_name(headers.get(b"host", b"").decode("latin-1"))
            if name not in self.allowed_hosts:
                return (400, "bad_host", f"host {name!r} is not served here",
                        "add it to the allowed_hosts setting (STORYLINE_ALLOWED_HOSTS) if it is really this server")
        size = headers.get(b"content-length")
        if size is not None:
            if not size.isdigit():
                return (400, "bad_request", "the Content-Length header is not a number", "")
            if int(size) > self.max_body:
                return (413, "too_large", f"request body of {int(size)} bytes is over the limit",
                        f"at most {self.max_body} bytes (setting max_request_bytes)")
        return None


def _secured(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    ours = {k for k, _ in SECURITY_HEADERS} | {b"content-security-policy"}
    return [*((k, v) for k, v in headers if k.lower() not in ours), *SECURITY_HEADERS, (b"content-security-policy", CSP.encode())]


async def _send_error(send: Send, status: int, code: str, message: str, hint: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message, "hint": hint}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
