# tests/hostile: (being written)
