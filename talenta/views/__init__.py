"""Pages of talent management (issue 20 point 9), by subject: the grid and the talent card, succession."""
