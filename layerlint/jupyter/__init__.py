"""The IPython / Jupyter extension: ``%load_ext layerlint`` checks each cell before it runs.

``extension.py`` is the IPython glue (the hook, the magics, strict mode's rejection);
``session.py`` the cells run so far and the checks in their context; ``display.py`` what a
finding looks like in a terminal (text) and in Jupyter (HTML). IPython is imported only when
the extension is loaded, never by ``import layerlint``.
"""
