// "IP:port" bind addresses as KubeProxyConfiguration writes them
// ("0.0.0.0:10256", "[::]:10249"). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ki {

// Splits bind into host (brackets of an IPv6 address removed) and port
// (0..65535, digits only). False when there is no port.
bool SplitBindAddress(std::string_view bind, std::string& host, int& port);

}  // namespace ki
