/* engine.c - placeholder, being written */
#include "config.h"
#include "pcpsel.h"
#include "internal.h"
