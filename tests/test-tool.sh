#!/bin/sh
# test-tool.sh - placeholder, being written
exit 77
