"""Listening to the trainee: speech recognition constrained to the answers on screen.

Pure (no pygame): the UI hands it 16 kHz mono 16-bit audio from the microphone, a test hands it
a WAV file. pocketsphinx is imported only when a recogniser is built, so the game runs without it.
"""
