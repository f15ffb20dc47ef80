// ASCII case folding for names (YAML keys, flags, check names): the
// configuration formats this tool reads are case-insensitive only in ASCII,
// as Go's strings.ToLower is for these names. Pure.
#pragma once

#include <string>
#include <string_view>

namespace ki {

// s with A-Z lowered; every other byte unchanged.
std::string AsciiLower(std::string_view s);

}  // namespace ki
