"""Helpers of the fault tests: the bad-input corpus builder, a hanging feed server, the crash runner."""
