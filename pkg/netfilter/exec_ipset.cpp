// Ipset through the ipset program: `ipset save`, `ipset restore -exist`.
#include "pkg/base/subprocess.h"
#include "pkg/netfilter/ipset.h"
#include "pkg/netfilter/ipset_script.h"
#include "pkg/netfilter/text_lines.h"

namespace ki::netfilter {
namespace {

class ExecIpset final : public Ipset {
 public:
  explicit ExecIpset(std::string path) : path_(std::move(path)) {}

  Result<std::map<std::string, SavedSet>> Save(const std::vector<std::string>& only) override {
    // `ipset save` takes one set name at most and fails for a missing one, so
    // one process saves everything and the parser keeps what was asked for.
    Result<std::string> out = RunIpset({"save"}, "");
    if (!out.ok()) return out.status();
    return ParseIpsetSave(*out, std::set<std::string>(only.begin(), only.end()));
  }

  Status Restore(std::string_view script) override {
    if (script.empty()) return Status::Ok();
    return RunIpset({"restore", "-exist"}, script).status();
  }

  Status Destroy(const std::vector<std::string>& sets) override {
    if (sets.empty()) return Status::Ok();
    return RunIpset({"restore"}, RenderIpsetDestroy(sets)).status();
  }

 private:
  Result<std::string> RunIpset(std::vector<std::string> args, std::string_view input) {
    std::string what = "ipset " + args.front();
    Command cmd{path_, std::move(args), input};
    Result<CommandOutput> r = RunCommand(cmd);
    if (!r.ok()) return r.status().Wrap(what);
    if (!r->ok()) {
      std::string msg = r->Describe();
      return Status::Internal(what + ": " + msg + QuoteFailingLine(msg, "Error in line ", input));
    }
    return std::move(r->out);
  }

  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Ipset>> NewExecIpset(std::string path) {
  if (path.empty()) {
    std::optional<std::string> found = FindProgram("ipset");
    if (!found) {
      return Status::NotFound(
          "ipset not found in PATH or /usr/sbin, /sbin (apt-get install ipset)");
    }
    path = *found;
  }
  return std::unique_ptr<Ipset>(std::make_unique<ExecIpset>(std::move(path)));
}

}  // namespace ki::netfilter
