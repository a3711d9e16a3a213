/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_dhclient.c - `pcpsel dhclient`: the ISC dhclient adapter
 *
 * dhclient-script(8) sources the exit hook dhclient-hook/pcpsel, which
 * calls
 *
 *	pcpsel dhclient [-4 "$new_pcp_server"] [-6 "$new_dhcp6_pcp_server"] \
 *	    REASON INTERFACE
 *
 * dhclient knows neither option: dhclient.conf.pcpsel defines both as
 * `array of unsigned integer 8`, which dhclient writes as decimal bytes
 * one space apart ("8 192 0 2 1"), every byte as received.  (Declared as
 * `string`, an option whose bytes are all printable would reach the
 * script as escaped text, and a last NUL byte would be lost.)  dhclient
 * -4 concatenates repeated option-158 instances (RFC 3396); dhclient -6
 * passes the first option-86 instance only.  The reasons are the table in
 * dhclient_reasons.h; everything else is adapter.c's.
 */
#include "config.h"

#include "tool.h"
#include "adapter.h"

static const struct adapter_reason reasons[] = {
#define REASON(name, action, origins) { name, ADAPTER_##action, origins },
#include "dhclient_reasons.h"
#undef REASON
};

static const struct adapter_client dhclient = { "dhclient",
	"an ISC dhclient exit hook", "REASON", ADAPTER_FORM_DEC,
	"$new_pcp_server (decimal bytes)", ADAPTER_FORM_DEC,
	"$new_dhcp6_pcp_server (decimal bytes)", reasons,
	sizeof(reasons) / sizeof(reasons[0]), "pcpsel-dhclient(8)" };

int
cmd_dhclient(int argc, char **argv)
{
	return adapter_main(&dhclient, argc, argv);
}
