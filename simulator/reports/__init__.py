"""Reports for trainers from stored calls: CSV rows, a self-contained HTML page, xAPI statements."""
