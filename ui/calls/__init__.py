"""«Обзвон»: call lists out and their results in."""
