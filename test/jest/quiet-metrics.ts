// Unit tests run handlers in-process: without this every request would print an EMF metrics line.
// A test that checks metrics sets POWERTOOLS_METRICS_DISABLED=false before its first metric.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
