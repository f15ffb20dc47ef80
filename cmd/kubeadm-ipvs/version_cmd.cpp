#include <iostream>
#include <memory>
#include <string>

#include "cmd/kubeadm-ipvs/build_info.h"
#include "cmd/kubeadm-ipvs/cli_args.h"
#include "cmd/kubeadm-ipvs/commands.h"

namespace ki::cmd {

void AddVersionCommand(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("version", "Print the version of kubeadm-ipvs");
  auto output = std::make_shared<std::string>();
  sub->add_option("-o,--output", *output, "output format: short, json or yaml")
      ->check(OneOf({"short", "json", "yaml"}));
  sub->callback([output, &exit_code] {
    const std::string& o = *output;
    if (o == "short") {
      std::cout << kVersion << "\n";
    } else if (o == "json") {
      std::cout << "{\n  \"clientVersion\": {\n    \"gitVersion\": \"" << kVersion
                << "\",\n    \"gitCommit\": \"" << kGitCommit << "\",\n    \"compiler\": \""
                << kCompiler << "\",\n    \"platform\": \"linux/amd64\"\n  }\n}\n";
    } else if (o == "yaml") {
      std::cout << "clientVersion:\n  compiler: " << kCompiler << "\n  gitCommit: " << kGitCommit
                << "\n  gitVersion: " << kVersion << "\n  platform: linux/amd64\n";
    } else {
      std::cout << "kubeadm-ipvs version: &version.Info{GitVersion:\"" << kVersion
                << "\", GitCommit:\"" << kGitCommit << "\", Compiler:\"" << kCompiler
                << "\", Platform:\"linux/amd64\"}\n";
    }
    exit_code = 0;
  });
}

}  // namespace ki::cmd
