"""Moving annotations in and out: CSV (and later W3C JSON and Markdown) export and import.

Works on what the Store streams; never opens a database connection itself.
"""
