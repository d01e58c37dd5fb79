"""The collaboration catalogue: its records, how they are read and checked. No Discord imports here."""
