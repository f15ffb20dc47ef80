// Iptables through iptables-save / iptables-restore of the chosen backend.
#include "pkg/base/subprocess.h"
#include "pkg/netfilter/iptables.h"
#include "pkg/netfilter/rules_generation.h"
#include "pkg/netfilter/text_lines.h"

namespace ki::netfilter {
namespace {

class ExecIptables final : public Iptables {
 public:
  explicit ExecIptables(Backend b) : b_(std::move(b)) {}

  Result<std::string> Save(std::string_view table) override {
    return RunTool(b_.save, {"-t", std::string(table)}, "");
  }

  Status Restore(std::string_view text) override {
    if (text.empty()) return Status::Ok();
    std::vector<std::string> args = {"--noflush"};
    if (SupportsRestoreWait(b_)) args.insert(args.end(), {"-w", "5", "-W", "100000"});
    return RunTool(b_.restore, std::move(args), text).status();
  }

  Result<uint64_t> Generation() override {
    // Opened on first use: saving and restoring need no such socket.
    if (!generation_) {
      auto opened = b_.nft ? OpenNftGeneration() : OpenLegacyGeneration(b_.ipv6);
      if (!opened.ok()) return opened.status();
      generation_ = std::move(opened).value();
    }
    return generation_->Read();
  }

 private:
  Result<std::string> RunTool(const std::string& path, std::vector<std::string> args,
                              std::string_view input) {
    std::string what = path.substr(path.rfind('/') + 1);
    Command cmd{path, std::move(args), input};
    Result<CommandOutput> r = RunCommand(cmd);
    if (!r.ok()) return r.status().Wrap(what);
    if (!r->ok()) {
      std::string msg = r->Describe();
      // 1.8 says "Error occurred at line: N", older ones "line N failed".
      std::string line = QuoteFailingLine(msg, "Error occurred at line: ", input);
      if (line.empty()) line = QuoteFailingLine(msg, "line ", input);
      return Status::Internal(what + ": " + msg + line);
    }
    return std::move(r->out);
  }

  Backend b_;
  std::unique_ptr<RulesGeneration> generation_;
};

}  // namespace

std::unique_ptr<Iptables> NewExecIptables(const Backend& backend) {
  return std::make_unique<ExecIptables>(backend);
}

}  // namespace ki::netfilter
