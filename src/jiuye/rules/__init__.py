"""Rules, one module per source document (named by document), one declared provision per object.

Mirrored trees: parameters in ``jiuye/parameters/<document>.yaml``, rule tests in
``tests/rules/<document>/``.
"""
