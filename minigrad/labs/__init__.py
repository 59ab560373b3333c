"""Ready-made pieces for the lab notebooks, so that each lab can start without the ones before it."""
