# bench: (being written)
