#include "pkg/config/field_table.h"

#include <charconv>
#include <vector>

namespace ki::config {
namespace {

// The minor number of "v1.MINOR"; -1 when the text is not of that form.
int Minor(std::string_view release) {
  if (release.substr(0, 3) != "v1.") return -1;
  std::string_view digits = release.substr(3);
  int minor = -1;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), minor);
  return error == std::errc() && end == digits.data() + digits.size() ? minor : -1;
}

}  // namespace

int CompareRelease(std::string_view a, std::string_view b) {
  int ma = Minor(a);
  int mb = Minor(b);
  return ma < mb ? -1 : (ma > mb ? 1 : 0);
}

std::span<const TypeTable> AllTypeTables() {
  static const std::vector<TypeTable> kAll = [] {
    std::span<const TypeTable> kubeadm = KubeadmTypeTables();
    std::vector<TypeTable> all(kubeadm.begin(), kubeadm.end());
    all.push_back(KubeProxyTypeTable());
    return all;
  }();
  return kAll;
}

}  // namespace ki::config
