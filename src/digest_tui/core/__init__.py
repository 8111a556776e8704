"""The core: models, parsers, store and index. Never imports Textual."""
