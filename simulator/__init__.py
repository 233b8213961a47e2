"""On the Line: a desktop game that trains customer-service new hires."""

__version__ = "0.1.0"
