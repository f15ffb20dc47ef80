// kubeadm-ipvs: bootstrap a node in IPVS mode (init, preflight, config) and run
// its proxy (proxy, ipvs). The command line is app.h's; the work lives in pkg/.
#include "cmd/kubeadm-ipvs/app.h"

int main(int argc, char** argv) { return ki::cmd::RunCommandLine(argc, argv); }
