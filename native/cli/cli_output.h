// cli_output.h: how the descent CLI talks: one JSON object per line on stdout with --json, short
// human lines otherwise; one-line errors on stderr ("descent: <what>: <why>; <what to do>"); a
// progress bar on stderr only when stderr is a terminal. Exit codes: 0 ok, 1 data/runtime, 2 usage.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace descent::cli {

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

struct Output {
  bool json = false;
  // Writes `j` as one JSON line (json mode) or `human` (otherwise).
  void emit(const nlohmann::json& j, const std::string& human) const;
};

// Prints "descent: <message>" to stderr and returns the exit code for the status (2 for usage).
int report(const Status& s);
int usage_error(const std::string& message);

// A one-line progress bar redrawn in place on stderr; silent when stderr is not a terminal.
class Progress {
 public:
  Progress();
  ~Progress();
  void update(double fraction, const std::string& label);
  void finish();

 private:
  bool enabled_ = false;
  bool drawn_ = false;
  int last_permille_ = -1;
  std::string last_label_;
};

}  // namespace descent::cli
