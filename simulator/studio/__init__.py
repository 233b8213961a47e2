"""Scenario Studio: a local web page where trainers build and check calls on a map.

The server (``app``) binds 127.0.0.1 only and answers only requests carrying its random token,
addressed to its own host and coming from its own origin (``guard``); it reads and writes only
scenario files inside the folder it was opened on (``folder``). Files are saved through a
round-trip YAML library so comments and layout survive (``roundtrip``); every edit is checked by
the same validator as ``validate --strict`` (``checking``).
"""
