"""Widgets of the reader, each in its own module."""
