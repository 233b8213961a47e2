"""Progress storage: every finished call, kept safe, behind a small interface."""
