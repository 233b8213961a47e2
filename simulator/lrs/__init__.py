"""The connection to a training centre's Learning Record Store: settings, HTTP client, sync, reading back."""
