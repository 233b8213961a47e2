"""Scenario validation: the schema walk, one module per rule in rules/, and
validate_file/validate_paths returning sorted problems."""
