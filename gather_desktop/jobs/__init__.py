"""Work the window hands to its background thread, as plain functions (no Qt).

Each job is `job(context, report, cancel)` run by `ui.workers.Worker` on its own thread, with
that thread's `WorkerContext`; use `functools.partial` to bind the job's own arguments.
"""
