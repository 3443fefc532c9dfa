"""The command line: thin click commands over the plain Python core."""
