"""The e-bulletin: multilingual newsletters written as pages, sent exactly once per recipient."""
