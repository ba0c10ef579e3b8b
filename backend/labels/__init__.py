"""Labels area."""
