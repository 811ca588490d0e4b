"""tiendo: track how a plan is being carried out, from YAML reports in git to a static site."""

__version__ = "0.1.0"
