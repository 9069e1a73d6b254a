"""``python -m pledgewatch``: the command line."""

from pledgewatch.cli import main

raise SystemExit(main())
