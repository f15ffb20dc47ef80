#include "pkg/ipvs/ipvs.h"

#include <string>

namespace ki::ipvs {

std::string Op::Describe() const {
  const std::string svc = service.key.ToString();
  switch (kind) {
    case Kind::kAddService:
      return "add service " + svc;
    case Kind::kUpdateService:
      return "update service " + svc;
    case Kind::kDeleteService:
      return "delete service " + svc;
    case Kind::kAddDest:
      return "add destination " + dest.ToString() + " to " + svc;
    case Kind::kUpdateDest:
      return "update destination " + dest.ToString() + " of " + svc;
    case Kind::kDeleteDest:
      return "delete destination " + dest.ToString() + " of " + svc;
  }
  return "unknown operation";
}

size_t BatchResult::failed() const {
  size_t n = 0;
  for (const Status& s : statuses) n += s.ok() ? 0 : 1;
  return n;
}

Status BatchResult::FirstError() const {
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (!statuses[i].ok()) {
      return statuses[i].Wrap("operation " + std::to_string(i + 1) + " of " +
                              std::to_string(statuses.size()) + " (" + std::to_string(failed()) +
                              " failed)");
    }
  }
  return Status::Ok();
}

}  // namespace ki::ipvs
