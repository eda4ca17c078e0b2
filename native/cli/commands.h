// commands.h: the descent CLI's subcommands. Each registers its flags on a CLI11 subcommand and
// returns a runner, called after parsing, that returns the process exit code.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>

namespace descent::cli {

using Runner = std::function<int(bool json)>;

Runner add_train_command(CLI::App& app);       // train a classifier, print per-epoch figures
Runner add_knn_command(CLI::App& app);         // k-nearest neighbours with k-fold cross-validation
Runner add_gradcheck_command(CLI::App& app);   // analytic vs numerical gradients
Runner add_trajectory_command(CLI::App& app);  // an optimizer's path on a 2-D surface
Runner add_bench_command(CLI::App& app);       // time a peer-benchmark workload (W1..W5)
Runner add_settings_command(CLI::App& app);    // every settings table, as text or markdown
Runner add_lecture_command(CLI::App& app);     // the lecture's worked examples, chapter by chapter

}  // namespace descent::cli
