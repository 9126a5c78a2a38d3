// evalvet page behaviour (progressive enhancement only).
