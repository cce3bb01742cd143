"""The one exception type for failures a user is expected to meet.

The command line prints its message as one line and exits 2; the window shows it in a dialog.
Anything else that escapes is a bug and may show a traceback. The message must say what is
wrong and what to do, and must never contain a secret.
"""


class UserFacingError(Exception):
    """An expected failure with a message written for a person (what is wrong, what to do)."""
