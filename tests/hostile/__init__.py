"""Hostile briefs: a generated corpus of escapes, controls, markup, bidi and invisible
characters, odd encodings and bad files, run through import, the reader and the exports."""
