"""calldiary: a keyboard-driven terminal diary for phone-call commitments."""

__version__ = "0.1.0"
