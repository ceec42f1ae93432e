"""The ``briefreader`` command line (parsing in :mod:`.main`, sub-commands in :mod:`.commands`)."""
