"""The desktop game: the only part of the project that imports pygame."""
