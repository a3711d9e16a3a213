# tests/e2e: dhcpcd end-to-end tests (being written)
