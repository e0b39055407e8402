"""The log of register hand-outs (ЖК РФ ст. 45 ч. 3.1)."""
