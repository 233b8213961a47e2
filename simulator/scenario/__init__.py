"""The scenario format: position-aware YAML loading, the model and its building, conditions,
graph helpers, YAML advice, starter templates and the rubric."""
