/* rfc6724.c - placeholder, being written */
#include "config.h"
#include "pcpsel.h"
#include "internal.h"
