/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_nm.c - `pcpsel nm`: the NetworkManager adapter
 *
 * NetworkManager's dispatcher runs nm-dispatcher/60-pcpsel with the
 * interface as $1 and the action as $2, and every option its DHCP
 * backend reported as DHCP4_<NAME> / DHCP6_<NAME>; the script calls
 *
 *	pcpsel nm [-4 "$DHCP4_PCP_SERVER"] [-6 "$DHCP6_DHCP6_PCP_SERVER"] \
 *	    ACTION INTERFACE
 *
 * The values are as the backend wrote them: hex from the dhcpcd backend
 * (dhcpcd.conf's `define 158 binhex pcp_server`), decimal bytes from the
 * dhclient backend (dhclient.conf.pcpsel); the internal backend passes
 * neither option.  The actions are the table in nm_actions.h; everything
 * else is adapter.c's.
 */
#include "config.h"

#include "tool.h"
#include "adapter.h"

static const struct adapter_reason actions[] = {
#define REASON(name, action, origins) { name, ADAPTER_##action, origins },
#include "nm_actions.h"
#undef REASON
};

static const struct adapter_client nm = { "nm",
	"a NetworkManager dispatcher script", "ACTION",
	ADAPTER_FORM_HEX | ADAPTER_FORM_DEC,
	"$DHCP4_PCP_SERVER (hex or decimal bytes)", ADAPTER_FORM_DEC,
	"$DHCP6_DHCP6_PCP_SERVER (decimal bytes)", actions,
	sizeof(actions) / sizeof(actions[0]), "pcpsel-nm(8)" };

int
cmd_nm(int argc, char **argv)
{
	return adapter_main(&nm, argc, argv);
}
