# dhcpcd-hook: (being written)
