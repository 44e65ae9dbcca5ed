"""Support for the tests and the tools/ scripts (benchmarks, Rally): never used by the
service itself."""
