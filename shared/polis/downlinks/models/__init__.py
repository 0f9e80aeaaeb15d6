"""One module per device model, in a subpackage per vendor; each registers itself."""
