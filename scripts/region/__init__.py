"""Build-time code of the regional 2016 backcast system ``src/powerpact/data/backcast-2016``.

``derive`` reads the public shared data pack (not shipped) and writes small derived tables to
``scripts/region/derived``; ``build`` turns those, the hourly series and the sourced figures in
``scripts/region/figures.csv`` into the system folder, one builder function per output file.
Entry point: ``scripts/build_backcast_2016.py``.
"""
