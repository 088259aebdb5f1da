# La línea de comandos.

cli-running = Formaliza está en marcha.
