// SPDX-License-Identifier: BSD-2-Clause
// kea_read.cc - read a Kea configuration file the way the Kea server that
// will run it reads it

#include "kea_read.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include <fcntl.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

using namespace isc::data;

namespace isc {
namespace pcpsel {

namespace {

/// @brief A daemon that does not finish a check in this time is stopped.
const int RUN_SECONDS = 60;

/// @brief Larger output of the daemon is not read (the configuration file
/// is at most 16 MiB, the debug log of a check about twice that).
const size_t OUTPUT_MAX = 128u * 1024 * 1024;

/// @brief Skip white space and Kea's three comment forms from @c i.
size_t
skipBlank(const std::string& t, size_t i) {
    while (i < t.size()) {
        if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r') {
            ++i;
        } else if (t[i] == '#' || t.compare(i, 2, "//") == 0) {
            i = t.find('\n', i);
            if (i == std::string::npos) {
                return (t.size());
            }
        } else if (t.compare(i, 2, "/*") == 0) {
            i = t.find("*/", i + 2);
            if (i == std::string::npos) {
                return (t.size());
            }
            i += 2;
        } else {
            break;
        }
    }
    return (i);
}

/// @brief What a daemon run gave.
struct Run {
    bool started_ = false;
    int status_ = -1;           ///< exit status, or -1
    int signal_ = 0;            ///< the signal that ended it
    bool timed_out_ = false;
    bool too_long_ = false;
    std::string out_;
    std::string err_;
    std::string why_;           ///< why it did not start
};

/// @brief `daemon -d -t path`, both outputs read, bounded in time and size.
Run
runDaemon(const std::string& daemon, const std::string& path) {
    Run run;
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) < 0) {
        run.why_ = std::strerror(errno);
        return (run);
    }
    if (pipe2(err, O_CLOEXEC) < 0) {
        run.why_ = std::strerror(errno);
        close(out[0]);
        close(out[1]);
        return (run);
    }
    pid_t pid = fork();
    if (pid < 0) {
        run.why_ = std::strerror(errno);
        close(out[0]);
        close(out[1]);
        close(err[0]);
        close(err[1]);
        return (run);
    }
    if (pid == 0) {
        // the debug log (and the parsed configuration in it) on stdout
        if (dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0 ||
            setenv("KEA_LOGGER_DESTINATION", "stdout", 1) < 0 ||
            setenv("KEA_LOCKFILE_DIR", "none", 1) < 0) {
            _exit(126);
        }
        execl(daemon.c_str(), daemon.c_str(), "-d", "-t", path.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    run.started_ = true;

    struct pollfd fds[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
    std::string* bufs[2] = { &run.out_, &run.err_ };
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int open_fds = 2;
    char chunk[65536];
    while (open_fds > 0) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long left = RUN_SECONDS * 1000L -
            ((now.tv_sec - start.tv_sec) * 1000L +
             (now.tv_nsec - start.tv_nsec) / 1000000L);
        if (left <= 0) {
            run.timed_out_ = true;
            break;
        }
        int n = poll(fds, 2, static_cast<int>(left));
        if (n < 0 && errno != EINTR) {
            break;
        }
        for (int i = 0; i < 2 && n > 0; ++i) {
            if (fds[i].fd < 0 || !fds[i].revents) {
                continue;
            }
            ssize_t r = read(fds[i].fd, chunk, sizeof(chunk));
            if (r > 0) {
                if (run.out_.size() + run.err_.size() + r > OUTPUT_MAX) {
                    run.too_long_ = true;
                    open_fds = 0;
                    break;
                }
                bufs[i]->append(chunk, static_cast<size_t>(r));
            } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    if (run.timed_out_ || run.too_long_) {
        kill(pid, SIGKILL);
    }
    for (int i = 0; i < 2; ++i) {
        if (fds[i].fd >= 0) {
            close(fds[i].fd);
        }
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) {
        run.status_ = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        run.signal_ = WTERMSIG(status);
    }
    return (run);
}

/// @brief The lines of @c text.
std::vector<std::string>
lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        out.push_back(line);
    }
    return (out);
}

/// @brief The severity of a Kea log line ("2026-01-01 10:00:00.000 WARN
/// [kea-dhcp4.dhcp4/...] ID text") and its "ID text"; false if it is not
/// one.
bool
logLine(const std::string& line, std::string& severity, std::string& msg) {
    std::istringstream in(line);
    std::string date, time;
    if (!(in >> date >> time >> severity) || date.size() != 10 ||
        date[4] != '-' || line.find("] ") == std::string::npos) {
        return (false);
    }
    msg = line.substr(line.find("] ") + 2);
    return (true);
}

/// @brief The fallback: the JSON reader of Kea's libraries.
KeaRead
readJson(const std::string& path, int family) {
    KeaRead r;
    r.fallback_ = true;
    ConstElementPtr top;
    try {
        top = Element::fromJSONFile(path, true);
    } catch (const std::exception& ex) {
        r.status_ = KeaRead::REFUSED;
        r.messages_.push_back(std::string("not JSON as the reader of Kea's "
                                          "libraries takes it (\"#\" comments "
                                          "only): ") + ex.what());
        return (r);
    }
    const std::string key = "Dhcp" + std::to_string(family);
    ConstElementPtr daemon = top && top->getType() == Element::map ?
        top->get(key) : ConstElementPtr();
    if (!daemon) {
        r.status_ = KeaRead::REFUSED;
        r.messages_.push_back("no " + key + " map at the top level");
        return (r);
    }
    r.status_ = KeaRead::OK;
    r.daemon_ = daemon;
    return (r);
}

} // namespace

int
keaFamily(const std::string& text, std::string& key) {
    size_t i = skipBlank(text, 0);
    key.clear();
    if (i >= text.size() || text[i] != '{') {
        key = i < text.size() ? text.substr(i, 20) : std::string();
        return (0);
    }
    i = skipBlank(text, i + 1);
    if (i >= text.size() || text[i] != '"') {
        key = i < text.size() ? text.substr(i, 20) : std::string();
        return (0);
    }
    size_t end = text.find('"', i + 1);
    key = text.substr(i + 1, end == std::string::npos ? 20 : end - i - 1);
    if (key == "Dhcp4") {
        return (4);
    }
    if (key == "Dhcp6") {
        return (6);
    }
    return (0);
}

KeaRead
keaRead(const std::string& path, int family, const std::string& daemon) {
    if (access(daemon.c_str(), X_OK) < 0) {
        return (readJson(path, family));
    }
    KeaRead r;
    const std::string name = "kea-dhcp" + std::to_string(family);
    Run run = runDaemon(daemon, path);
    if (!run.started_) {
        r.messages_.push_back("cannot run " + daemon + ": " + run.why_);
        return (r);
    }
    if (run.timed_out_) {
        r.messages_.push_back(name + " -t did not finish in " +
                              std::to_string(RUN_SECONDS) + " s");
        return (r);
    }
    if (run.too_long_) {
        r.messages_.push_back(name + " -t wrote more than " +
                              std::to_string(OUTPUT_MAX) + " bytes");
        return (r);
    }
    if (run.status_ == 126 || run.status_ == 127) {
        r.messages_.push_back("cannot run " + daemon);
        return (r);
    }
    if (run.status_ < 0) {
        r.messages_.push_back(name + " -t was killed by signal " +
                              std::to_string(run.signal_));
        return (r);
    }

    const std::string start = "DHCP" + std::to_string(family) +
        "_CONFIG_START ";
    std::string json;
    std::vector<std::string> warnings, errors;
    for (auto const& line : lines(run.out_)) {
        std::string severity, msg;
        size_t at = line.find(start);
        if (at != std::string::npos && json.empty()) {
            size_t brace = line.find('{', at);
            if (brace != std::string::npos) {
                json = line.substr(brace);
            }
        } else if (logLine(line, severity, msg)) {
            if (severity == "WARN") {
                warnings.push_back(msg);
            } else if (severity == "ERROR" || severity == "FATAL") {
                errors.push_back(msg);
            }
        }
    }
    for (auto const& line : lines(run.err_)) {
        if (!line.empty() && line != "Syntax check OK") {
            errors.push_back(line);
        }
    }
    if (run.status_ != 0) {
        r.status_ = KeaRead::REFUSED;
        r.messages_ = errors;
        if (r.messages_.empty()) {
            r.messages_.push_back(name + " -t exited with status " +
                                  std::to_string(run.status_));
        }
        return (r);
    }
    if (json.empty()) {
        r.messages_.push_back(name + " -t accepted the file but did not log "
                              "the configuration it read (" + start +
                              "at debug level): cannot check the pcpsel "
                              "settings");
        return (r);
    }
    try {
        r.daemon_ = Element::fromJSON(json);
    } catch (const std::exception& ex) {
        r.messages_.push_back(name + " logged a configuration that is not "
                              "JSON: " + ex.what());
        return (r);
    }
    r.status_ = KeaRead::OK;
    r.messages_ = warnings;
    return (r);
}

} // namespace pcpsel
} // namespace isc
