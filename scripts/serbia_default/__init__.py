"""Build-time code of the embedded Serbia default (``src/powerpact/data/serbia-2025``).

Nothing here ships with the package. ``figures.csv`` and ``sources.csv`` hold the published
figures and their citations; one builder per output file (``fleet``, ``demand``, ``profiles``,
``hydro``, ``markets``, ``gas``, ``system``, ``scenarios``, ``costs``) turns them, with the
series of :mod:`serbia_default.synthesis`, into the system folder. ``build.build`` runs them.
"""
