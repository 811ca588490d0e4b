"""`python -m generator.locale`: compile vi.po into vi.mo."""

from generator.locale import COMPILED, compiled

COMPILED.write_bytes(compiled())
print(f"Đã ghi {COMPILED.name}")
