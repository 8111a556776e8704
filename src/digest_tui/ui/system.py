"""Clipboard and browser, with the fallbacks a terminal over SSH needs. pyperclip (with
ctypes) and webbrowser load on the first copy or open, not before the first paint."""

from __future__ import annotations

import os
import sys

from digest_tui.core.urls import is_http_url


def system_copy(text: str) -> bool:
    """Copy with pyperclip; False when this machine has no clipboard mechanism."""
    import pyperclip

    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        return False
    return True


def has_gui_browser() -> bool:
    """A browser can be started without taking over this terminal."""
    if os.environ.get("BROWSER"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_in_browser(url: str) -> bool:
    """Open an http(s) URL; False when no browser could be started."""
    if not is_http_url(url) or not has_gui_browser():
        return False
    import webbrowser

    try:
        return bool(webbrowser.open(url, new=2))
    except webbrowser.Error:
        return False
