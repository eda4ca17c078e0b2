// command.cpp: parsing and dispatch of the app's command language (command.h).
#include "core/ui/command.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace descent::ui {

namespace {

Status usage(const std::string& text) { return make_error(ErrorCode::Usage, text); }

Result<double> to_number(const std::string& text, const std::string& what, const std::string& command) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v))
    return usage(command + ": " + what + " must be a number (got " + settings::quoted(text) + ")");
  return v;
}

Result<int> to_integer(const std::string& text, const std::string& what, const std::string& command, int lo, int hi) {
  Result<double> v = to_number(text, what, command);
  const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  if (!v || *v != std::floor(*v) || *v < lo || *v > hi)
    return usage(command + ": " + what + " must be a whole number in " + range + " (got " +
                 (v ? settings::readable_number(*v) : settings::quoted(text)) + ")");
  return int(*v);
}

}  // namespace

settings::Given CommandArgs::given_except(const std::vector<std::string>& keys) const {
  settings::Given out;
  for (const auto& [k, v] : options)
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) out.emplace_back(k, v);
  return out;
}

Result<double> CommandArgs::number(const std::string& key, double fallback) const {
  auto it = options.find(key);
  return it == options.end() ? Result<double>(fallback) : to_number(it->second, key, command);
}

Result<int> CommandArgs::integer(const std::string& key, int fallback) const {
  auto it = options.find(key);
  return it == options.end() ? Result<int>(fallback) : to_integer(it->second, key, command, -2000000000, 2000000000);
}

Result<double> CommandArgs::word_number(size_t i, const std::string& what) const {
  if (i >= words.size()) return usage(command + ": missing " + what);
  return to_number(words[i], what, command);
}

Result<int> CommandArgs::word_integer(size_t i, const std::string& what, int lo, int hi) const {
  if (i >= words.size()) return usage(command + ": missing " + what);
  return to_integer(words[i], what, command, lo, hi);
}

Result<int> CommandArgs::optional_word_integer(size_t i, const std::string& what, int fallback, int lo, int hi) const {
  if (i >= words.size()) return fallback;
  return to_integer(words[i], what, command, lo, hi);
}

Status CommandArgs::expect(size_t min_words, size_t max_words, const std::string& usage_text,
                           bool options_allowed) const {
  if (words.size() < min_words || words.size() > max_words || (!options_allowed && !options.empty()))
    return usage(command + ": usage: " + usage_text);
  return Status::ok();
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
        return usage(args.command + ": option " + settings::quoted(word) + " needs the form key=value");
      const std::string key = word.substr(0, eq);
      if (!args.options.emplace(key, word.substr(eq + 1)).second)
        return usage(args.command + ": " + settings::quoted(key) + " is given twice");
    } else {
      args.words.push_back(word);
    }
  }
  return args;
}

void CommandRegistry::add(const std::string& name, const std::string& usage_text, CommandFn fn) {
  if (has(name)) {
    errors_.push_back("the command '" + name + "' is registered twice");
    return;
  }
  commands_[name] = Entry{usage_text, std::move(fn)};
}

void CommandRegistry::alias(const std::string& alias_word, const std::string& target) {
  if (has(alias_word)) {
    errors_.push_back("the alias '" + alias_word + "' is taken");
    return;
  }
  aliases_[alias_word] = target;
}

Status CommandRegistry::run(const std::string& line) const {
  const size_t first = line.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || line[first] == '#') return Status::ok();
  Result<CommandArgs> args = parse_command(line);
  if (!args) return args.status();
  if (auto al = aliases_.find(args->command); al != aliases_.end()) {
    const size_t end = line.find_first_of(" \t\r\n", first);
    return run(al->second + (end == std::string::npos ? "" : line.substr(end)));
  }
  auto it = commands_.find(args->command);
  if (it == commands_.end())
    return usage("unknown command " + settings::quoted(args->command) + "; 'help' lists the commands");
  return it->second.fn(*args);
}

std::string CommandRegistry::help() const {
  std::string out;
  for (const auto& [name, e] : commands_) {
    std::string also;
    for (const auto& [word, target] : aliases_)
      if (target.substr(0, target.find(' ')) == name) also += (also.empty() ? "" : ", ") + word + " = " + target;
    out += e.usage + (also.empty() ? "" : "  (also: " + also + ")") + "\n";
  }
  return out;
}

}  // namespace descent::ui
