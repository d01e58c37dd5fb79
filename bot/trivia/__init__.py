"""Trivia: questions from the catalogue and curated packs, answer matching and the game's rules. No Discord here."""
