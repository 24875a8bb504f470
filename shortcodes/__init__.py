"""covid-shortcodes: free WordPress content from the dead COVID-19 card plugin.

`shortcodes.wordpress` is a faithful port of WordPress's shortcode and formatting
functions; `shortcodes.parser` is the higher-level parser with source spans and
diagnostics; the rest of the package is the migration pipeline.
"""

__version__ = "0.1.0"
