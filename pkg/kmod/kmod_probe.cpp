#include "pkg/kmod/kmod_probe.h"

#include <libkmod.h>
#include <sys/utsname.h>
#include <zlib.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "pkg/kmod/kernel_modules.h"

namespace ki::kmod {
namespace {

struct CtxDeleter {
  void operator()(kmod_ctx* c) const { kmod_unref(c); }
};
struct ModuleDeleter {
  void operator()(kmod_module* m) const { kmod_module_unref(m); }
};
struct ListDeleter {
  void operator()(kmod_list* l) const { kmod_module_unref_list(l); }
};
using CtxPtr = std::unique_ptr<kmod_ctx, CtxDeleter>;
using ModulePtr = std::unique_ptr<kmod_module, ModuleDeleter>;
using ListPtr = std::unique_ptr<kmod_list, ListDeleter>;

struct GzDeleter {
  void operator()(gzFile_s* f) const { gzclose(f); }
};

bool ReadPlainFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

class KmodProbe final : public ModuleProbe {
 public:
  KmodProbe(KmodOptions options, CtxPtr ctx) : options_(std::move(options)), ctx_(std::move(ctx)) {}

  std::string KernelRelease() const override { return options_.release; }

  ModuleStatus Probe(const std::string& name) override {
    ModuleStatus st;
    st.name = name;
    std::string proc_text;
    bool has_proc = ReadPlainFile(options_.proc_modules, proc_text);
    std::map<std::string, std::string> loaded = ParseProcModules(proc_text);
    ModulePtr mod = LookUp(name);
    if (auto it = loaded.find(name); it != loaded.end()) {
      st.state = ModuleState::kLoaded;
      st.load_state = it->second;
      st.evidence = options_.proc_modules;
      if (mod && kmod_module_get_path(mod.get()) != nullptr)
        st.path = kmod_module_get_path(mod.get());
      return st;
    }
    if (mod) {
      FromTree(mod.get(), st);
      if (st.state == ModuleState::kLoadable && !has_proc) {
        st.state = ModuleState::kMissing;
        st.reason = "the module file exists, but this kernel has no loadable module support (no " +
                    options_.proc_modules + ")";
      }
      return st;
    }
    FromKernelConfig(name, has_proc, st);
    return st;
  }

  Status Load(const std::string& name) override {
    ModuleStatus st = Probe(name);
    if (st.state == ModuleState::kBuiltin || st.state == ModuleState::kLoaded) return Status::Ok();
    if (st.state == ModuleState::kMissing) {
      return Status::Unavailable("load module " + name + ": " + st.reason);
    }
    ModulePtr mod = LookUp(name);
    if (!mod) return Status::Unavailable("load module " + name + ": not in the module tree");
    int err = kmod_module_probe_insert_module(mod.get(), 0, nullptr, nullptr, nullptr, nullptr);
    if (err < 0) return Status::FromErrno(-err, "load module " + name + " (" + st.path + ")");
    if (err > 0) return Status::Unavailable("load module " + name + ": blacklisted by modprobe.d");
    return Status::Ok();
  }

 private:
  std::string TreeDir() const { return options_.modules_root + "/" + options_.release; }

  ModulePtr LookUp(const std::string& name) {
    if (!ctx_) return nullptr;
    kmod_module* raw = nullptr;
    if (kmod_module_new_from_name_lookup(ctx_.get(), name.c_str(), &raw) < 0) return nullptr;
    return ModulePtr(raw);
  }

  // In the module tree: a path means a module file, none means built in.
  void FromTree(kmod_module* mod, ModuleStatus& st) {
    const char* path = kmod_module_get_path(mod);
    if (path == nullptr) {
      st.state = ModuleState::kBuiltin;
      st.evidence = TreeDir() + "/modules.builtin";
      return;
    }
    st.state = ModuleState::kLoadable;
    st.path = path;
    st.evidence = TreeDir() + "/modules.dep";
    ListPtr deps(kmod_module_get_dependencies(mod));
    kmod_list* it = nullptr;
    kmod_list_foreach(it, deps.get()) {
      ModulePtr dep(kmod_module_get_module(it));
      st.dependencies.emplace_back(kmod_module_get_name(dep.get()));
    }
  }

  // No module tree entry: the kernel's configuration says built in, module
  // (whose file is not installed) or absent.
  void FromKernelConfig(const std::string& name, bool has_proc, ModuleStatus& st) {
    std::string symbol = ConfigSymbolFor(name);
    for (const std::string& path : options_.kernel_configs) {
      Result<std::string> text = ReadKernelConfigFile(path);
      if (!text.ok()) continue;
      std::map<std::string, std::string> config = ParseKernelConfig(*text);
      st.evidence = path;
      auto it = config.find(symbol);
      if (it != config.end() && it->second == "y") {
        st.state = ModuleState::kBuiltin;
      } else if (it != config.end() && it->second == "m") {
        st.reason = "the kernel builds it as a module (" + symbol + "=m in " + path +
                    "), but it is not in " + TreeDir() +
                    (has_proc ? ""
                              : " and the kernel has no "
                                "loadable module support");
      } else {
        st.reason = symbol + " is not set in this kernel's configuration (" + path + "): kernel " +
                    options_.release + " has no " + name;
      }
      return;
    }
    st.evidence = TreeDir();
    st.reason = "not in " + TreeDir() + " (no module tree for kernel " + options_.release +
                ") and no kernel configuration to say whether it is built in";
  }

  KmodOptions options_;
  CtxPtr ctx_;  // null when the module tree does not exist
};

}  // namespace

Result<std::string> ReadKernelConfigFile(const std::string& path) {
  std::unique_ptr<gzFile_s, GzDeleter> f(gzopen(path.c_str(), "rb"));  // reads plain text too
  if (!f) return Status::FromErrno(errno == 0 ? ENOENT : errno, "open " + path);
  std::string text;
  char buf[65536];
  int n = 0;
  while ((n = gzread(f.get(), buf, sizeof(buf))) > 0) text.append(buf, static_cast<size_t>(n));
  if (n < 0) return Status::Internal("read " + path + ": corrupt gzip data");
  return text;
}

Result<std::unique_ptr<ModuleProbe>> NewKmodProbe(KmodOptions options) {
  if (options.release.empty()) {
    utsname u{};
    if (uname(&u) != 0) return Status::FromErrno(errno, "uname");
    options.release = u.release;
  }
  if (options.kernel_configs.empty()) {
    options.kernel_configs = {"/proc/config.gz", "/boot/config-" + options.release};
  }
  std::string dir = options.modules_root + "/" + options.release;
  CtxPtr ctx;
  if (std::filesystem::exists(dir + "/modules.dep")) {
    ctx.reset(kmod_new(dir.c_str(), nullptr));
    if (!ctx) return Status::Internal("libkmod: cannot open the module tree " + dir);
    // Quiet: libkmod logs to stderr by default; errors come back as values here.
    kmod_set_log_priority(ctx.get(), 0);
  }
  return std::unique_ptr<ModuleProbe>(new KmodProbe(std::move(options), std::move(ctx)));
}

}  // namespace ki::kmod
