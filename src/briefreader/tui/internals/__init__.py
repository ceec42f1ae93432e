"""Every use of Textual's private API in briefreader, in one package (Textual 8.2):

- ``option_rows.py``: :class:`~briefreader.tui.internals.option_rows.RowList`, an OptionList
  whose rows go in and out one at a time (OptionList's line cache, options list and option
  index replaced by structures that do not rebuild over every row);
- ``keyorder.py``: keys handled one at a time (a message's stop flag);
- ``hooks.py``: the crash log's exception hook, and scrollbars that follow a new virtual size
  at once.

Nothing outside this package reads or overrides an underscore name of Textual's.
``tests/tui/test_textual_internals.py`` checks that each name used here still exists and still
does what we rely on, and fails naming them after an upgrade that changes them.
"""
