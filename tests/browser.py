"""A real headless Chromium (Debian's ``chromium``) for the HTML report's tests: the DOM it
renders, screenshots, a PDF print, and the requests a page makes (Chromium's own net log).

Each run uses a fresh profile in a temporary folder, every host name resolving nowhere (the
browser's own background requests go nowhere either), and the flags that keep it quiet.
``CHROMIUM`` is None when it is not installed: tests skip with that reason (CI installs it:
``.ci/run``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM = shutil.which("chromium")
NOT_INSTALLED = "chromium is not installed (apt-get install -y chromium; CI's .ci/run does)"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND"]
TIMEOUT = 120


def _run(url: str, *action: str, width: int = 1200, height: int = 900,
         net_log: Path | None = None) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None, NOT_INSTALLED
    with tempfile.TemporaryDirectory(prefix="ll-chromium-") as profile:
        command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                   f"--window-size={width},{height}", *action]
        if net_log is not None:
            command.append(f"--log-net-log={net_log}")
        done = subprocess.run([*command, url], capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def dump_dom(page: Path, width: int = 1200, net_log: Path | None = None) -> str:
    """The DOM after loading (and laying out) the page, serialised."""
    return _run(page.resolve().as_uri(), "--dump-dom", width=width, net_log=net_log).stdout


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 2400) -> Path:
    _run(page.resolve().as_uri(), f"--screenshot={png}", width=width, height=height)
    assert png.is_file() and png.stat().st_size > 1000
    return png


def print_pdf(page: Path, pdf: Path) -> bytes:
    _run(page.resolve().as_uri(), f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    return pdf.read_bytes()


def page_requests(net_log: Path) -> list[str]:
    """URLs the page itself asked for (the browser's own requests have no origin)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls: dict[int, str] = {}
    asked = []
    for event in log["events"]:
        params = event.get("params", {})
        source = event["source"]["id"]
        if "url" in params:
            urls.setdefault(source, params["url"])
        if types[event["type"]] == "URL_REQUEST_START_JOB" and \
                params.get("initiator", "not an origin") != "not an origin":
            asked.append(params.get("url", urls.get(source, "?")))
    return asked


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Collector(HTMLParser):
    """Every element with its attributes and the text inside it (nested text included)."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "path", "polygon", "rect"}

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def elements(dom: str) -> list[Element]:
    collector = _Collector()
    collector.feed(dom)
    return collector.elements


def with_class(found: list[Element], name: str) -> list[Element]:
    return [e for e in found if name in e.classes]
