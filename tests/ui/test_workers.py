"""Jobs run on the worker thread and answer on the UI thread; failures arrive in words."""

import functools
import threading

from gather_desktop.errors import UserFacingError


def where(context, report, cancel):
    report("started")
    return threading.current_thread().name, type(context).__name__


def fails_expectedly(context, report, cancel):
    raise UserFacingError("Wrong password or security token.")


def has_a_bug(context, report, cancel):
    raise KeyError("secret-value-123")


def waits_for_cancel(seconds, context, report, cancel):
    return cancel.wait(seconds)


def test_a_job_runs_off_the_ui_thread_and_reports_back(qtbot, job_runner):
    done, progress = [], []
    job_runner.submit(where, on_done=done.append, on_progress=progress.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    thread_name, context = done[0]
    assert thread_name != threading.current_thread().name
    assert context == "WorkerContext"
    assert progress == ["started"]


def test_expected_failures_arrive_as_their_message_and_bugs_without_details(qtbot, job_runner):
    errors = []
    job_runner.submit(fails_expectedly, on_error=errors.append)
    job_runner.submit(has_a_bug, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=5000)
    assert errors[0] == "Wrong password or security token."
    assert "secret-value-123" not in errors[1] and "went wrong" in errors[1]


def test_cancel_reaches_the_running_job(qtbot, job_runner):
    done = []
    job_id = job_runner.submit(functools.partial(waits_for_cancel, 10), on_done=done.append)
    job_runner.cancel(job_id)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [True]
