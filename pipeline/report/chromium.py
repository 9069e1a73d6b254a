"""A headless Chromium driven over its DevTools protocol, for the browser test and the benchmark.

Chromium is started with ``--remote-debugging-pipe``: DevTools messages are
JSON objects separated by NUL bytes on file descriptors 3 (to the browser) and
4 (from it), so nothing but the standard library is needed, and no port is
opened. Only a Chromium already installed is used (Debian's ``chromium``
package, or the one ``$PLEDGEWATCH_CHROMIUM`` names); nothing is downloaded.

>>> with Chromium() as browser:  # doctest: +SKIP
...     browser.open(Path("out/report.html"))
...     browser.evaluate("document.title")
'pledgewatch review: 16 documents'
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
)


class BrowserError(RuntimeError):
    """Chromium could not be started, stopped answering, or a page script failed."""


def find_chromium() -> str | None:
    """The Chromium to use: ``$PLEDGEWATCH_CHROMIUM``, else the first of `CANDIDATES` on PATH."""
    named = os.environ.get("PLEDGEWATCH_CHROMIUM")
    if named:
        return named if Path(named).exists() else shutil.which(named)
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


class Chromium:
    """One headless browser with one page; use it as a context manager.

    ``events`` collects every DevTools event received (console calls,
    exceptions, log entries, network requests); `console_errors` picks out
    the errors.
    """

    def __init__(
        self,
        executable: str | None = None,
        *,
        width: int = 1280,
        height: int = 900,
        timeout: float = 30.0,
    ) -> None:
        self.executable = executable or find_chromium()
        self.width = width
        self.height = height
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._profile: str | None = None
        self._to_browser: int | None = None
        self._from_browser: int | None = None
        self._buffer = b""
        self._next_id = 0
        self._session: str | None = None

    # -- life cycle ---------------------------------------------------------

    def __enter__(self) -> Chromium:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        if not self.executable:
            raise BrowserError(
                f"no Chromium found (looked for {', '.join(CANDIDATES)} and $PLEDGEWATCH_CHROMIUM)"
            )
        self._profile = tempfile.mkdtemp(prefix="pledgewatch-chromium-")
        command_read, command_write = os.pipe()  # we write, the browser reads on fd 3
        reply_read, reply_write = os.pipe()  # the browser writes on fd 4, we read

        def descriptors() -> None:  # in the child, before exec
            # Through fresh copies, in case one of the pipes already sits on 3 or 4.
            reads, writes = os.dup(command_read), os.dup(reply_write)
            os.dup2(reads, 3)
            os.dup2(writes, 4)

        self._process = subprocess.Popen(
            [
                self.executable,
                *FLAGS,
                f"--user-data-dir={self._profile}",
                f"--window-size={self.width},{self.height}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(3, 4, command_read, reply_write),
            preexec_fn=descriptors,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(command_read)
        os.close(reply_write)
        self._to_browser, self._from_browser = command_write, reply_read
        targets = self.send("Target.getTargets", browser=True)["targetInfos"]
        page = next((t for t in targets if t["type"] == "page"), None)
        if page is None:
            page = {
                "targetId": self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            }
        attached = self.send(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}, browser=True
        )
        self._session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
        )

    def close(self) -> None:
        process = self._process
        if process is not None:
            try:
                if process.poll() is None:
                    self._write({"id": self._take_id(), "method": "Browser.close", "params": {}})
                process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
            self._process = None
        for fd in (self._to_browser, self._from_browser):
            if fd is not None:
                os.close(fd)
        self._to_browser = self._from_browser = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    # -- protocol -----------------------------------------------------------

    def _take_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _write(self, message: dict[str, Any]) -> None:
        assert self._to_browser is not None, "Chromium is not started"
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")

    def _read(self, deadline: float) -> dict[str, Any]:
        assert self._from_browser is not None, "Chromium is not started"
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, left))
            if not ready:
                raise BrowserError(f"Chromium did not answer within {self.timeout:.0f} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed its DevTools pipe (it exited)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, browser: bool = False
    ) -> dict[str, Any]:
        """Send one command (to the page's session unless ``browser``) and return its result."""
        message: dict[str, Any] = {"id": self._take_id(), "method": method, "params": params or {}}
        if not browser:
            message["sessionId"] = self._session
        self._write(message)
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        """The first event ``method`` not yet seen among `events`, waiting for it if needed."""
        seen = [e for e in self.events if e["method"] == method and not e.get("_taken")]
        if seen:
            seen[0]["_taken"] = True
            return seen[0]
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._read(deadline)
            if "method" in message:
                self.events.append(message)
                if message["method"] == method:
                    message["_taken"] = True
                    return message

    # -- page ---------------------------------------------------------------

    def open(self, path: Path) -> None:
        """Load a local file and wait for its load event."""
        for event in self.events:
            if event["method"] == "Page.loadEventFired":
                event["_taken"] = True
        self.send("Page.navigate", {"url": Path(path).resolve().as_uri()})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (awaited if it is a promise)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"page script failed: {text}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float | None = None) -> Any:
        """Poll until ``expression`` is truthy; its value."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression}")
            time.sleep(0.02)

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the first element matching ``selector``."""
        box = self.evaluate(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " if (!el) return null; el.scrollIntoView({block: 'center'});"
            " const r = el.getBoundingClientRect();"
            " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()"
        )
        if box is None:
            raise BrowserError(f"no element matches {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box["x"], "y": box["y"], "button": "left", "clickCount": 1},
            )

    def press(self, key: str, code: str | None = None, key_code: int | None = None) -> None:
        """Press and release one key ("Tab", "Enter", "Escape")."""
        codes = {"Tab": 9, "Enter": 13, "Escape": 27}
        params = {
            "key": key,
            "code": code or key,
            "windowsVirtualKeyCode": key_code or codes.get(key, 0),
        }
        if key == "Enter":
            params["text"] = "\r"
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", **params})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **params})

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        """Save a PNG of the page (the viewport, or the whole page)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", params)["data"]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries seen so far."""
        errors = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                errors.append(
                    details.get("exception", {}).get("description") or details.get("text", "")
                )
            elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") in (
                "error",
                "assert",
            ):
                errors.append(
                    " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
                )
            elif event["method"] == "Log.entryAdded" and params["entry"].get("level") == "error":
                errors.append(params["entry"].get("text", ""))
        return errors

    def requests(self) -> list[str]:
        """URLs of every request the page made."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]
