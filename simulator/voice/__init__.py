"""The customer's voice: offline speech rendered in a worker process, played by the game."""
