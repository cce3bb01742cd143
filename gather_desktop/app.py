"""The GUI composition root: the QApplication, the workspace and the main window.

Everything the window needs is made here and handed in, so widgets never open databases,
keyrings or sockets themselves. `--demo` starts the sandbox in this process, in a temporary
data folder, with its throwaway key held in memory (never written to the user's keyring).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from gather_desktop.errors import UserFacingError
from gather_desktop.paths import resolve_data_dir
from gather_desktop.workspace import Workspace


def run_app(*, data_dir: str | None, demo: bool, screenshot: str | None) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a screenshot needs no display
    from PySide6.QtWidgets import QApplication

    from gather_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gather Desktop")
    app.setOrganizationName("Gather")

    cleanups = []
    try:
        if demo:
            workspace, stop_demo = _open_demo()
            cleanups.append(stop_demo)
        else:
            from gather_desktop.store.secrets import Secrets
            workspace = Workspace(resolve_data_dir(data_dir), Secrets())
        cleanups.insert(0, workspace.close)
        window = MainWindow(_connection_state(workspace, demo))
        if screenshot:
            window.show()
            app.processEvents()
            if not window.grab().save(screenshot):
                raise UserFacingError(f"Could not write the screenshot to {screenshot}.")
            return 0
        window.show()
        return app.exec()
    finally:
        for cleanup in cleanups:
            cleanup()


def _connection_state(workspace: Workspace, demo: bool):
    """What the window shows about Gather; a missing keyring is shown, not fatal.

    The window must open even where secrets cannot be kept, so the user reads why.
    """
    from gather_desktop.ui.main_window import ConnectionState

    settings = workspace.gather_settings()
    try:
        workspace.secrets.check()
        has_key = workspace.has_gather_key()
        problem = None
    except UserFacingError as error:
        has_key, problem = False, str(error)
    return ConnectionState(url=settings.url if settings else None, has_key=has_key,
                           sandbox=demo, problem=problem)


def _open_demo():
    """A workspace in a fresh temporary folder, already connected to a running sandbox."""
    from gather_desktop.sandbox.runner import Sandbox
    from gather_desktop.store.secrets import MemorySecrets

    sandbox = Sandbox().start()
    data_dir = Path(tempfile.mkdtemp(prefix="gather-desktop-demo-"))

    def stop() -> None:
        sandbox.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    try:
        workspace = Workspace(data_dir, MemorySecrets())
        info = sandbox.connection_info()["gather"]
        workspace.connect_gather(info["url"], info["api_key"])
    except BaseException:
        stop()
        raise
    return workspace, stop
