#include "pkg/k8s/client/store.h"

namespace ki::k8s::client {

void DiffStores(const ObjectStore& from, const ObjectStore& to, const DiffVisitor& visit) {
  auto a = from.begin();
  auto b = to.begin();
  // A merge walk over both sorted maps: linear in their sizes.
  while (a != from.end() || b != to.end()) {
    if (b == to.end() || (a != from.end() && a->first < b->first)) {
      visit(EventType::kDeleted, a->second);
      ++a;
    } else if (a == from.end() || b->first < a->first) {
      visit(EventType::kAdded, b->second);
      ++b;
    } else {
      // resourceVersions are opaque: only equality means "unchanged".
      if (ResourceVersionOf(a->second) != ResourceVersionOf(b->second)) {
        visit(EventType::kModified, b->second);
      }
      ++a;
      ++b;
    }
  }
}

}  // namespace ki::k8s::client
