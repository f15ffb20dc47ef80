#include "pkg/base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace ki {

void InitLogging(int verbosity) {
  auto logger = spdlog::stderr_logger_st("kubeadm-ipvs");
  logger->set_pattern("%^%L%m%d %H:%M:%S.%f%$ %v");  // klog-like: I1126 19:00:00.000000
  if (verbosity >= 5) {
    logger->set_level(spdlog::level::trace);
  } else if (verbosity >= 1) {
    logger->set_level(spdlog::level::debug);
  } else {
    logger->set_level(spdlog::level::info);
  }
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace ki
