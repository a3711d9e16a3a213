# fuzz: (being written)
