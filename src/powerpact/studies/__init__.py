"""Studies compose the engines: the assessment of every scenario, plant design comparisons, gas
security with its power impact, and sweeps over many variants."""
