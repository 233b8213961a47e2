"""The JSON Schemas of the scenario format and the rubric: data files read from this folder, one source of truth."""
