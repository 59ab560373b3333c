"""minigrad: the scalar autodiff library taught by the workbook.

- `minigrad.scalar`: `Value`, reverse mode (backpropagation);
- `minigrad.forward`: `Dual` and `jvp`, forward mode with dual numbers;
- `minigrad.i18n`: `set_language("en" | "es")`, the language of every message.
"""

from .i18n import get_language, set_language
from .scalar import Value, topological_order, zero_grad

__all__ = ["Value", "topological_order", "zero_grad", "set_language", "get_language"]
__version__ = "0.1.0"
