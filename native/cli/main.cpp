// main.cpp: the descent command-line tool: the lecture's engine without a window.
//   descent train | knn | gradcheck | trajectory | bench | lecture   (descent <command> --help for each)
// Usage errors exit 2, data and runtime errors exit 1, each with a one-line message on stderr.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <new>
#include <string>

#include "native/cli/cli_output.h"
#include "native/cli/commands.h"

int main(int argc, char** argv) {
  using namespace descent::cli;
  CLI::App app{"descent: image classification, losses and gradient descent, from the command line"};
  app.require_subcommand(1);
  bool json = false;
  app.add_flag("--json", json, "print one JSON object per line on stdout");
  std::map<std::string, Runner> runners;
  runners["train"] = add_train_command(app);
  runners["knn"] = add_knn_command(app);
  runners["gradcheck"] = add_gradcheck_command(app);
  runners["trajectory"] = add_trajectory_command(app);
  runners["bench"] = add_bench_command(app);
  runners["settings"] = add_settings_command(app);
  runners["lecture"] = add_lecture_command(app);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    sub->add_flag("--json", json, "print one JSON object per line on stdout");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    std::fprintf(stderr, "descent: %s; see 'descent --help' or 'descent <command> --help'\n", what.c_str());
    return kExitUsage;
  }
  // The engine checks sizes against its memory limit before it allocates (core/memory_budget.h);
  // an allocation that fails anyway is still a one-line message, never an abort.
  try {
    for (CLI::App* sub : app.get_subcommands())
      return runners[sub->get_name()](json);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "descent: out of memory; try smaller settings (DESCENT_MEMORY_LIMIT sets the limit the "
                         "engine checks sizes against)\n");
    return kExitRuntime;
  }
  return kExitUsage;
}
