"""The window and its screens (PySide6). Loading this package first spares every later import PySide6's reading
of its source (``pyside_imports``): the window's own modules all load after PySide6."""

from facilitator.ui.pyside_imports import answer_from_bytes

answer_from_bytes()
