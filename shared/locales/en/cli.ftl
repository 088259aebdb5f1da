# The command line.

cli-running = Formaliza is running.
