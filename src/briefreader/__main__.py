"""``python -m briefreader``: the same entry point as the ``briefreader`` command."""

from briefreader.cli.main import main

raise SystemExit(main())
