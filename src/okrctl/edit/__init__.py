"""Edit strategy files as text: append a check-in, update an initiative, verify the result.

Edits splice the original text at the positions of the composed YAML nodes, so a check-in
adds one line and everything else (comments, quoting, blank lines, CRLF) stays byte for
byte. This package never prints and never touches git.
"""
