"""One module per command-line command: each adds its parser and runs it.

A command module exposes `register(subparsers)`, which adds its subparser and sets
`func` to the function that runs it; the function returns the exit code. Expected failures
are raised as `UserFacingError` and turned into one line on stderr by `cli.main`.
"""
