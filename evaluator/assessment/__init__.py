"""The candidate self-assessment: question bank, scoring, level estimate, flags, gaps and probes (pure Python)."""
