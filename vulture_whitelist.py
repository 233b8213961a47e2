"""Names vulture reports as unused that are read where it cannot look (reviewed one by one).

`make lint` runs vulture over simulator/, tests/, main.py and this file. Add a name here only when
something outside the Python call graph reads it, and say what.
"""

_ = object  # a stand-in: vulture only reads the names below

# pygame.Rect positions: assigning one moves the rectangle, which is then drawn or blitted.
_.midtop
_.midbottom
_.midright

# argparse reads the parser's formatter_class when it formats --help.
_.formatter_class

# stats --json writes it: Dominated is turned into JSON with dataclasses.asdict.
_.by_text

# The scenario format's `author:` key (in the schema), kept on the model with title and version.
_.author

# MixerPlayer keeps the playing Sounds referenced; pygame stops a Sound that is garbage-collected.
_._sound
_._effect

# pytest calls these by name: hooks, module marks, and a fixture asked for by a test's argument.
_.pytest_configure
_.pytest_unconfigure
_.config
_.pytestmark
_.story_dir

# The report's SQL reads these as named parameters (:call_iri ...), from vars(Xapi(...)).
_.principles_iri
_.call_iri
_.completed

# ruamel.yaml reads its settings from these attributes when it loads and dumps (the studio).
_.preserve_quotes
_.brace_single_entry_mapping_in_flow_sequence

# Selenium reads the browser's path from the options it is given (the studio's browser tests).
_.binary_location

# html.parser.HTMLParser calls these by name while it parses.
_.handle_starttag
_.handle_data

# http.server calls a request handler's do_GET/do_POST and log_message by name (tests/test_lrs_faults.py).
_.do_GET
_.do_POST
_.log_message

# The listening worker builds a recogniser named by a "module:name" string (tests name these).
_.without_pocketsphinx
_.FailingRecogniser
