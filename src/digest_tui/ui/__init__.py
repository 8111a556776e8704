"""The Textual app: screens, widgets, messages and command-palette providers."""
