// SPDX-License-Identifier: BSD-2-Clause
// show_text.cc - how the configuration checks show values in their messages

#include "show_text.h"

using namespace isc::data;

namespace isc {
namespace pcpsel {

std::string
showText(const std::string& s, bool quote) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    if (quote) {
        out += '"';
    }
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(s[i]);
        // cut only before the first byte of a UTF-8 sequence
        if (i >= SHOW_MAX && (ch & 0xc0) != 0x80) {
            out += "...";
            break;
        }
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += static_cast<char>(ch);
        } else if (ch < 0x20 || ch == 0x7f) {
            out += "\\u00";
            out += hex[ch >> 4];
            out += hex[ch & 15];
        } else {
            out += static_cast<char>(ch);
        }
    }
    if (quote) {
        out += '"';
    }
    return (out);
}

std::string
showValue(const ConstElementPtr& value) {
    if (!value) {
        return ("nothing");
    }
    switch (value->getType()) {
    case Element::string:
        return (showText(value->stringValue(), true));
    case Element::list:
        return (value->empty() ? "[]" : "a list");
    case Element::map:
        return (value->empty() ? "{}" : "a map");
    default:
        // numbers, booleans and null as Kea writes them
        return (showText(value->str(), false));
    }
}

std::string
hexColons(const uint8_t* data, size_t len) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < len; ++i) {
        if (i) {
            out += ':';
        }
        out += hex[data[i] >> 4];
        out += hex[data[i] & 15];
    }
    return (out);
}

} // namespace pcpsel
} // namespace isc
