// The nearest known name to a mistyped one ("Did you mean ...?"), for flags,
// subcommands, configuration keys and manifest fields alike. Pure;
// thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ki {

// Levenshtein distance, ASCII case ignored (cobra's ld(a, b, true)).
size_t EditDistanceIgnoringCase(std::string_view a, std::string_view b);

// The candidate closest to word within max_distance edits (the first of
// equals), or "" when none is that close. Words over 64 bytes match nothing:
// no known name is that long, and the distance costs their length.
std::string NearestName(std::string_view word, const std::vector<std::string>& candidates,
                        size_t max_distance = 2);

}  // namespace ki
