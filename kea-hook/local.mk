# kea-hook: (being written)
