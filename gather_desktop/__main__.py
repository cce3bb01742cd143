"""`python -m gather_desktop` is the same as the `gather-desktop` console script."""

from gather_desktop.cli import main

raise SystemExit(main())
