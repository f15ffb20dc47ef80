#include "pkg/base/edit_distance.h"

#include "pkg/base/ascii_case.h"

#include <algorithm>
#include <string>

namespace ki {

size_t EditDistanceIgnoringCase(std::string_view a_text, std::string_view b_text) {
  // Lowered once, not in the inner loop: a document of 70,000 unknown keys
  // asks for a suggestion for each.
  const std::string a = AsciiLower(a_text);
  const std::string b = AsciiLower(b_text);
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t next =
          std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

std::string NearestName(std::string_view word, const std::vector<std::string>& candidates,
                        size_t max_distance) {
  std::string best;
  if (word.size() > 64) return best;
  size_t best_distance = max_distance + 1;
  for (const std::string& c : candidates) {
    // The distance is at least the difference in length.
    size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (gap >= best_distance) continue;
    size_t d = EditDistanceIgnoringCase(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace ki
