"""The durable store: SQLModel tables, the engine factory, schema versions and the :class:`Store`
API, which is the only code in briefreader that opens a database Session.

Importing this package is cheap; SQLModel/SQLAlchemy are imported by the modules that need them.
"""
