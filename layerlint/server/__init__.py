"""``layerlint server``: the language server (LSP over stdio, built on pygls), so editors show
layerlint's findings as you type, the layer shapes on hover and the verified fixes as code
actions. pygls comes with the ``server`` extra: ``pip install 'layerlint[server]'``.

Module map: ``checking`` (a buffer or a notebook's cells through the pipeline, with the
configuration and suppressions), ``convert`` (findings -> LSP diagnostics, code actions,
hovers), ``settings`` (the editor's settings, the watched project files), ``app`` (the pygls
server: sync, debounce, publishing, re-checks when settings or project files change).
"""

from __future__ import annotations

MISSING = ("layerlint server needs pygls, which the `server` extra installs: "
           "pip install 'layerlint[server]'")


def available() -> bool:
    """Whether pygls (and lsprotocol) can be imported."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        return False
    return True


def serve() -> None:
    from .app import serve as run

    run()
