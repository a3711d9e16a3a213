# tests/kea: Kea hook tests (being written)
