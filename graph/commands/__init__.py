"""CLI commands, one module per feature; each module exports `COMMANDS`."""
