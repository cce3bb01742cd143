"""The run history window: a chart and a table of an integration's runs, and per run a
window listing every record it sent or had a problem with (with CSV export of the problems).

Everything shown comes from `jobs.history_jobs` on the worker thread.
"""
