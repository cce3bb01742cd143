"""The main window shows which Gather it talks to and what a first-time user does next."""

from gather_desktop.ui.main_window import ConnectionState, MainWindow


def test_not_connected_tells_the_user_how_to_connect(qtbot):
    window = MainWindow(ConnectionState(url=None, has_key=False))
    qtbot.addWidget(window)
    window.show()
    assert window.connection_label.text() == "Gather: not connected"
    assert "gather-desktop gather connect" in window.empty_hint.text()


def test_connected_sandbox_shows_url_and_state(qtbot):
    window = MainWindow(ConnectionState(url="http://127.0.0.1:5000", has_key=True, sandbox=True))
    qtbot.addWidget(window)
    assert window.connection_label.text() == (
        "Gather: http://127.0.0.1:5000 (local sandbox) — connected")
    assert "demo sandbox" in window.windowTitle()


def test_a_url_without_a_stored_key_asks_to_reconnect(qtbot):
    window = MainWindow(ConnectionState(url="https://api.gatherdata.co", has_key=False))
    qtbot.addWidget(window)
    assert "no API key stored — reconnect" in window.connection_label.text()


def test_a_problem_such_as_no_keyring_is_shown_above_everything(qtbot):
    window = MainWindow(ConnectionState(url=None, has_key=False,
                                        problem="No system keyring (Secret Service) was found."))
    qtbot.addWidget(window)
    window.show()
    assert window.problem_label.isVisible()
    assert "Secret Service" in window.problem_label.text()


def test_no_problem_no_banner(qtbot):
    window = MainWindow(ConnectionState(url=None, has_key=False))
    qtbot.addWidget(window)
    window.show()
    assert not window.problem_label.isVisible()
