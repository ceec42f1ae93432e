"""One screen per module: library, reader, help, and the modal dialogs."""
