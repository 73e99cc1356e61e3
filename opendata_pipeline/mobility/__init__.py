"""Real-time mobility: car-park occupancy and Vélomagg availability (engine, no Dagster)."""
