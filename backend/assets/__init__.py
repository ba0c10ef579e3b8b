"""Assets area."""
