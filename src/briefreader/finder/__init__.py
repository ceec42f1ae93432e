"""Finding claims in a brief without any model download: which sentences are worth checking
(:mod:`.signals`, :mod:`.scoring`, weights in ``weights.toml``).

Imports only the standard library and briefreader's leaf modules (``text``, ``vocabulary``,
``resources``), so any layer above may use it.
"""
