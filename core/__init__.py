"""The shared core: configuration, errors, the worker pool and the code hash.

loaders, attribution and serving import it; it imports none of them. The dbt plugin
(plugin/dbt_plugin.py) is the one module that joins loading and publishing.
"""
