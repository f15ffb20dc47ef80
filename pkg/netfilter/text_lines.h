// Quoting the input line a restore tool reported as failing. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ki::netfilter {

// When message says "<marker><N>" (ipset: "Error in line 7", iptables-restore:
// "Error occurred at line: 7"), " [line 7: <line 7 of script>]"; otherwise "".
std::string QuoteFailingLine(std::string_view message, std::string_view marker,
                             std::string_view script);

}  // namespace ki::netfilter
