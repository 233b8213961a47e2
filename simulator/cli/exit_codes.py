"""The exit codes of every command, so scripts and CI can tell a clean run from problems and misuse."""

EXIT_OK = 0  # done, nothing wrong
EXIT_PROBLEMS = 1  # ran to the end and found problems (scenario errors, skipped files, dot failed)
EXIT_USAGE = 2  # bad usage or input: an unknown option, scenario or choice, a file it cannot use
EXIT_INTERRUPTED = 130  # stopped with Ctrl+C, as a shell reports a SIGINT
