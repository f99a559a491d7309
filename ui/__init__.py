"""The window and its screens (PySide6). Loading this package first spares every later import PySide6's look at
its source (``pyside_imports``): the window's own modules all load after PySide6."""

from facilitator.ui.pyside_imports import every_module_plain

every_module_plain()
