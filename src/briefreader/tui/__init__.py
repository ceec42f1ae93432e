"""The Textual app: a thin App (app.py), one screen per module (screens/), widgets (widgets/),
command palette providers (commands.py). Talks to data only through the Store API."""
