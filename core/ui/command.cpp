// command.cpp: parsing and dispatch of the app's command language (command.h).
#include "core/ui/command.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace descent::ui {

namespace {
Result<double> to_number(const std::string& text, const std::string& what, const std::string& command) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v))
    return make_error(ErrorCode::Usage, command + ": " + what + " must be a number (got '" + text + "')");
  return v;
}
Result<int> to_integer(const std::string& text, const std::string& what, const std::string& command) {
  Result<double> v = to_number(text, what, command);
  if (!v) return v.status();
  if (*v != std::floor(*v) || std::fabs(*v) > 2e9)
    return make_error(ErrorCode::Usage, command + ": " + what + " must be a whole number (got '" + text + "')");
  return int(*v);
}
}  // namespace

Result<double> CommandArgs::number(const std::string& key, double fallback) const {
  auto it = options.find(key);
  return it == options.end() ? Result<double>(fallback) : to_number(it->second, key, command);
}
Result<int> CommandArgs::integer(const std::string& key, int fallback) const {
  auto it = options.find(key);
  return it == options.end() ? Result<int>(fallback) : to_integer(it->second, key, command);
}
Result<double> CommandArgs::word_number(size_t i, const std::string& what) const {
  if (i >= words.size()) return make_error(ErrorCode::Usage, command + ": missing " + what);
  return to_number(words[i], what, command);
}
Result<int> CommandArgs::word_integer(size_t i, const std::string& what) const {
  if (i >= words.size()) return make_error(ErrorCode::Usage, command + ": missing " + what);
  return to_integer(words[i], what, command);
}

Result<int> CommandArgs::optional_word_integer(size_t i, const std::string& what, int fallback, int lo, int hi) const {
  if (i >= words.size()) return fallback;
  Result<int> v = to_integer(words[i], what, command);
  if (!v) return v.status();
  if (*v < lo || *v > hi)
    return make_error(ErrorCode::Usage, command + ": " + what + " must be " + std::to_string(lo) + ".." +
                                            std::to_string(hi) + " (got " + words[i] + ")");
  return v;
}

Result<CommandArgs> parse_command(const std::string& line) {
  CommandArgs args;
  std::istringstream in(line);
  std::string word;
  while (in >> word) {
    if (args.command.empty()) {
      args.command = word;
      continue;
    }
    const size_t eq = word.find('=');
    if (eq != std::string::npos) {
      if (eq == 0 || eq + 1 == word.size())
        return make_error(ErrorCode::Usage, args.command + ": option '" + word + "' needs the form key=value");
      args.options[word.substr(0, eq)] = word.substr(eq + 1);
    } else {
      args.words.push_back(word);
    }
  }
  return args;
}

void CommandRegistry::add(const std::string& name, const std::string& usage, CommandFn fn) {
  commands_[name] = Entry{usage, std::move(fn)};
}

Status CommandRegistry::run(const std::string& line) const {
  const size_t first = line.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || line[first] == '#') return Status::ok();
  Result<CommandArgs> args = parse_command(line);
  if (!args) return args.status();
  auto it = commands_.find(args->command);
  if (it == commands_.end())
    return make_error(ErrorCode::Usage, "unknown command '" + args->command + "'; 'help' lists the commands");
  return it->second.fn(*args);
}

std::string CommandRegistry::help() const {
  std::string out;
  for (const auto& [name, e] : commands_) out += e.usage + "\n";
  return out;
}

}  // namespace descent::ui
