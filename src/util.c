/* util.c - placeholder */
#include "config.h"
#include "tool.h"
