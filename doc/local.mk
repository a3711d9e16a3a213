# doc: (being written)
