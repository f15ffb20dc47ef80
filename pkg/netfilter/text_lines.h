// Line handling of the tools' text: reading it line by line, and quoting the
// input line a restore tool reported as failing. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ki::netfilter {

// Takes text up to the first `separator` off text and returns it (without
// the separator); text keeps the rest, or becomes empty when there is none.
std::string_view SplitOff(std::string_view& text, char separator);
// The next line of text ('\n'-separated).
inline std::string_view TakeLine(std::string_view& text) { return SplitOff(text, '\n'); }

// When message says "<marker><N>" (ipset: "Error in line 7", iptables-restore:
// "Error occurred at line: 7"), " [line 7: <line 7 of script>]"; otherwise "".
std::string QuoteFailingLine(std::string_view message, std::string_view marker,
                             std::string_view script);

}  // namespace ki::netfilter
