"""Qt models over the document: tables, the tree, and the checking panel's problems."""
