/* SPDX-License-Identifier: BSD-2-Clause */
// testutil.h - a very small test harness for the Kea hook's C++ tests
//
// (libgtest-dev is not a dependency of the project.)  Each test is a
// function; CHECK records a failure with its line and goes on.  main()
// prints one "PASS:"/"FAIL:" line per test and exits 0, 1 or 99.

#ifndef PCPSEL_TESTUTIL_H
#define PCPSEL_TESTUTIL_H

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace testutil {

/// @brief Failures of the running test.
inline int& failures() {
    static int n = 0;
    return (n);
}

/// @brief Record a failed check.
inline void fail(const char* file, int line, const std::string& what) {
    std::fprintf(stderr, "  %s:%d: %s\n", file, line, what.c_str());
    ++failures();
}

/// @brief Hex text of bytes, "c0000201".
template <typename C>
std::string hex(const C& bytes) {
    static const char d[] = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += d[(static_cast<unsigned>(b) >> 4) & 15];
        out += d[static_cast<unsigned>(b) & 15];
    }
    return (out);
}

/// @brief The registered tests.
struct Test {
    const char* name;
    std::function<void()> fn;
};

inline std::vector<Test>& tests() {
    static std::vector<Test> t;
    return (t);
}

/// @brief Registers a test at static initialisation.
struct Register {
    Register(const char* name, std::function<void()> fn) {
        tests().push_back(Test{name, fn});
    }
};

/// @brief Run every test; exit status for automake.
inline int runAll() {
    int failed = 0;
    for (auto const& t : tests()) {
        failures() = 0;
        try {
            t.fn();
        } catch (const std::exception& ex) {
            fail(__FILE__, __LINE__,
                 std::string("exception: ") + ex.what());
        }
        std::printf("%s: %s\n", failures() ? "FAIL" : "PASS", t.name);
        if (failures()) {
            ++failed;
        }
    }
    std::printf("%zu tests, %d failed\n", tests().size(), failed);
    return (failed ? 1 : 0);
}

} // namespace testutil

#define TEST(name) \
    static void name(); \
    static testutil::Register reg_##name(#name, name); \
    static void name()

#define CHECK(cond) do { \
        if (!(cond)) { \
            testutil::fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
        } \
    } while (0)

#define CHECK_EQ(a, b) do { \
        auto va_ = (a); \
        auto vb_ = (b); \
        if (!(va_ == vb_)) { \
            std::ostringstream s_; \
            s_ << #a " == " #b ": " << va_ << " != " << vb_; \
            testutil::fail(__FILE__, __LINE__, s_.str()); \
        } \
    } while (0)

#endif // PCPSEL_TESTUTIL_H
