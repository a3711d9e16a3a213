/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_udhcpc.c - `pcpsel udhcpc`: the busybox udhcpc adapter
 *
 * udhcpc runs its script (-s) with the event as $1 and every option it
 * was asked for with -O as a variable; udhcpc-hook/pcpsel.script calls
 *
 *	pcpsel udhcpc [-4 "$opt158"] EVENT INTERFACE
 *
 * udhcpc writes an option it does not know as plain hex (optNNN),
 * repeated instances concatenated (RFC 3396, busybox >= 1.33).  The
 * events are the table in udhcpc_events.h; everything else is
 * adapter.c's.
 */
#include "config.h"

#include "tool.h"
#include "adapter.h"

static const struct adapter_reason events[] = {
#define REASON(name, action, origins) { name, ADAPTER_##action, origins },
#include "udhcpc_events.h"
#undef REASON
};

static const struct adapter_client udhcpc = { "udhcpc",
	"busybox udhcpc's script", "EVENT", ADAPTER_FORM_HEX, "$opt158 (hex)",
	0, NULL, events, sizeof(events) / sizeof(events[0]),
	"pcpsel-udhcpc(8)" };

int
cmd_udhcpc(int argc, char **argv)
{
	return adapter_main(&udhcpc, argc, argv);
}
