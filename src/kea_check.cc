// SPDX-License-Identifier: BSD-2-Clause
// kea_check.cc - pcpsel-kea-check, run as `pcpsel kea-check FILE ...`
//
// Checks the pcpsel settings of Kea configuration files before Kea loads
// them: `kea-dhcp4 -t` and the config-test command never call a hook's
// load() nor its dhcpX_srv_configured callout, and a bad setting refused
// at reload stops the service (kea-hook/README.md).
//
// Each file is read by the Kea that will run it (kea_read.h), then judged
// by keacfg, the code the hook itself runs on the configuration Kea hands
// it: the same scopes, the same names, the same messages.
//
// A C++ program linked with Kea's libraries, like the hook and rebuilt with
// it for every Kea release; the `pcpsel` tool itself never links Kea (it
// also runs on DHCP clients) and only starts this program.

#include "config_check.h"
#include "kea_read.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace isc::data;
using namespace isc::pcpsel;

namespace {

// sysexits.h values, as every pcpsel command
const int EXIT_OK = 0;
const int EXIT_USAGE = 64;
const int EXIT_DATA = 65;
const int EXIT_IO = 74;

/// @brief Larger files are refused (as Kea's parser would choke on them).
const size_t FILE_MAX = 16u * 1024 * 1024;

const char* const CMD = "pcpsel kea-check";

#ifndef PCPSEL_KEA_DHCP4
#define PCPSEL_KEA_DHCP4 "/usr/sbin/kea-dhcp4"
#endif
#ifndef PCPSEL_KEA_DHCP6
#define PCPSEL_KEA_DHCP6 "/usr/sbin/kea-dhcp6"
#endif

void
usage(std::ostream& out) {
    out <<
        "Usage: pcpsel kea-check [-4|-6] [--kea-dhcp4=PATH]\n"
        "                        [--kea-dhcp6=PATH] FILE [FILE ...]\n"
        "\n"
        "Check the pcpsel settings of a Kea configuration file (\"-\" for\n"
        "standard input) with the code the Kea hook runs on it: the\n"
        "\"parameters\" of every hooks-libraries entry loading\n"
        "libdhcp_pcpsel.so, and every \"pcp-servers\" in the user-context of\n"
        "shared networks, subnets, client classes and host reservations;\n"
        "keys that look like \"pcp-servers\" where the hook never reads them\n"
        "are warned about.  Errors and warnings go to standard error; a\n"
        "valid file gets \"FILE: pcpsel settings OK\" on standard output.\n"
        "\n"
        "The file is read by the Kea server that will run it: kea-dhcp4 -t\n"
        "(or kea-dhcp6 -t), whose parser is Kea's own, so everything Kea\n"
        "accepts is accepted (comments, trailing commas, <?include \"...\"?>)\n"
        "and everything it refuses is refused, with Kea's message.  Run it\n"
        "with the environment Kea runs with (KEA_HOOKS_PATH and the other\n"
        "path variables of Kea 2.6 and later).  Kea's parser lives only in\n"
        "those programs: without them, the file is read by the JSON reader\n"
        "of Kea's libraries, which takes \"#\" comments only, and the output\n"
        "says so.  pcpsel has no hand-written reader.\n"
        "\n"
        "Run it before reloading Kea: kea-dhcp4 -t does not run the hook's\n"
        "checks, and a bad setting refused at reload stops the service.\n"
        "\n"
        "  -4, -6             the file is for kea-dhcp4 / kea-dhcp6 (default:\n"
        "                     its first key, \"Dhcp4\" or \"Dhcp6\")\n"
        "  --kea-dhcp4=PATH   the kea-dhcp4 to read it with (default\n"
        "                     " PCPSEL_KEA_DHCP4 ")\n"
        "  --kea-dhcp6=PATH   the kea-dhcp6 to read it with (default\n"
        "                     " PCPSEL_KEA_DHCP6 ")\n"
        "  --help             show this help\n"
        "\n"
        "Exit status: 0 valid (warnings do not change it), 64 usage, 65 a\n"
        "setting is invalid or Kea refuses the file, 74 the file or Kea\n"
        "cannot be read or run.\n";
}

/// @brief "pcpsel kea-check: FILE: MSG" on stderr.
void
say(const std::string& file, const std::string& msg) {
    std::cerr << CMD << ": " << file << ": " << msg << std::endl;
}

/// @brief Prints what the checks report.
class Printer : public Report {
public:
    explicit Printer(const std::string& file) : file_(file) {
    }
    void error(const std::string& msg) override {
        ++errors_;
        say(file_, msg);
    }
    void warning(const std::string& msg) override {
        ++warnings_;
        say(file_, "warning: " + msg);
    }
    size_t errors_ = 0;
    size_t warnings_ = 0;
private:
    std::string file_;
};

/// @brief Read all of @c in (at most FILE_MAX bytes) into @c text.
int
readAll(std::istream& in, std::string& text) {
    std::ostringstream s;
    char buf[65536];
    while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
        s.write(buf, in.gcount());
        if (static_cast<size_t>(s.tellp()) > FILE_MAX) {
            return (-EFBIG);
        }
    }
    if (in.bad()) {
        return (-EIO);
    }
    text = s.str();
    return (0);
}

/// @brief Check one file; its exit code.
int
checkFile(const std::string& path, int family, const std::string daemons[2]) {
    const std::string name = path == "-" ? "<stdin>" : path;
    std::string text;
    std::string file = path;
    std::string tmp;
    int r;
    if (path == "-") {
        r = readAll(std::cin, text);
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            say(name, std::strerror(errno));
            return (EXIT_IO);
        }
        r = readAll(in, text);
    }
    if (r == -EFBIG) {
        say(name, "larger than " + std::to_string(FILE_MAX) + " bytes");
        return (EXIT_DATA);
    }
    if (r < 0) {
        say(name, std::strerror(-r));
        return (EXIT_IO);
    }
    if (path == "-") {
        // Kea reads files: standard input goes to one first
        const char* dir = std::getenv("TMPDIR");
        tmp = std::string(dir && *dir ? dir : "/tmp") +
            "/pcpsel-kea-check.XXXXXX";
        std::vector<char> t(tmp.begin(), tmp.end());
        t.push_back('\0');
        int fd = mkstemp(t.data());
        if (fd < 0) {
            say(name, std::string("temporary file: ") + std::strerror(errno));
            return (EXIT_IO);
        }
        tmp = t.data();
        bool ok = write(fd, text.data(), text.size()) ==
            static_cast<ssize_t>(text.size());
        ok = close(fd) == 0 && ok;
        if (!ok) {
            say(name, std::string("temporary file: ") + std::strerror(errno));
            unlink(tmp.c_str());
            return (EXIT_IO);
        }
        file = tmp;
    }

    if (family == 0) {
        std::string key;
        family = keaFamily(text, key);
        if (family == 0) {
            if (!tmp.empty()) {
                unlink(tmp.c_str());
            }
            say(name, "not a Kea DHCP configuration: its first key is " +
                (key.empty() ? std::string("missing") : "\"" + key + "\"") +
                ", not \"Dhcp4\" or \"Dhcp6\" (or give -4 or -6)");
            return (EXIT_DATA);
        }
    }
    const std::string& daemon = daemons[family == 4 ? 0 : 1];
    KeaRead read = keaRead(file, family, daemon);
    if (!tmp.empty()) {
        unlink(tmp.c_str());
    }
    const std::string kea = "kea-dhcp" + std::to_string(family);
    if (read.fallback_) {
        say(name, "note: " + daemon + " is not installed: read with the JSON "
            "reader of Kea's libraries (\"#\" comments only; no \"//\" or "
            "\"/* */\" comments, trailing commas or <?include?>), not with "
            "Kea's configuration parser");
    }
    if (read.status_ != KeaRead::OK) {
        for (auto const& m : read.messages_) {
            say(name, (read.fallback_ ? "" : kea + ": ") + m);
        }
        return (read.status_ == KeaRead::REFUSED ? EXIT_DATA : EXIT_IO);
    }
    for (auto const& m : read.messages_) {
        say(name, kea + " warns: " + m);
    }

    Printer printer(name);
    try {
        checkScopes(family, read.daemon_, printer, true);
    } catch (const std::exception& ex) {
        say(name, ex.what());
        return (EXIT_IO);
    }
    if (printer.errors_) {
        say(name, std::to_string(printer.errors_) +
            (printer.errors_ == 1 ? " error" : " errors"));
        return (EXIT_DATA);
    }
    std::cout << name << ": pcpsel settings OK";
    if (printer.warnings_) {
        std::cout << " (" << printer.warnings_ <<
            (printer.warnings_ == 1 ? " warning)" : " warnings)");
    }
    std::cout << std::endl;
    return (EXIT_OK);
}

/// @brief The value of option @c opt ("--kea-dhcp4") in @c argv[i]
/// ("--kea-dhcp4=PATH" or "--kea-dhcp4 PATH"); false if it is not it.
bool
optValue(const char* opt, int argc, char** argv, int& i, std::string& value,
         bool& missing) {
    size_t n = std::strlen(opt);
    if (std::strncmp(argv[i], opt, n) != 0) {
        return (false);
    }
    if (argv[i][n] == '=') {
        value = argv[i] + n + 1;
    } else if (argv[i][n] == '\0' && i + 1 < argc) {
        value = argv[++i];
    } else if (argv[i][n] == '\0') {
        missing = true;
    } else {
        return (false);
    }
    return (true);
}

} // namespace

int
main(int argc, char** argv) {
    std::string daemons[2] = { PCPSEL_KEA_DHCP4, PCPSEL_KEA_DHCP6 };
    std::vector<std::string> files;
    int family = 0;
    bool options = true;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        bool missing = false;
        if (!options || a == "-" || a.empty() || a[0] != '-') {
            files.push_back(a);
        } else if (a == "--") {
            options = false;
        } else if (a == "--help" || a == "-h") {
            usage(std::cout);
            return (EXIT_OK);
        } else if (a == "-4" || a == "-6") {
            int f = a == "-4" ? 4 : 6;
            if (family && family != f) {
                std::cerr << CMD << ": give -4 or -6, not both" << std::endl;
                return (EXIT_USAGE);
            }
            family = f;
        } else if (optValue("--kea-dhcp4", argc, argv, i, daemons[0],
                            missing) ||
                   optValue("--kea-dhcp6", argc, argv, i, daemons[1],
                            missing)) {
            if (missing) {
                std::cerr << CMD << ": " << a << " needs a PATH" << std::endl;
                return (EXIT_USAGE);
            }
        } else {
            std::cerr << CMD << ": unknown option '" << a << "'" << std::endl;
            usage(std::cerr);
            return (EXIT_USAGE);
        }
    }
    if (files.empty()) {
        std::cerr << CMD << ": no FILE given" << std::endl;
        usage(std::cerr);
        return (EXIT_USAGE);
    }
    int status = EXIT_OK;
    for (auto const& f : files) {
        int r = checkFile(f, family, daemons);
        // the worst wins: I/O error, then invalid, then OK
        if (r == EXIT_IO || (r == EXIT_DATA && status == EXIT_OK)) {
            status = r;
        }
    }
    return (status);
}
