// command.h: the app's small command language, one line per command, the same from a script file,
// stdin, the web page's descent.run("..."), and the tests:
//   view lab | surface rosenbrock | optimizer add momentum lr=0.001 mu=0.9 | step 50 | screenshot out.png
// Words are separated by spaces; key=value words are options. Each view registers its own commands
// here (lab_view.cpp registers `surface`, `step`, ...), so a command lives beside what it drives.
// `help` lists them all. Errors come back as Status; nothing aborts.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace descent::ui {

struct CommandArgs {
  std::vector<std::string> words;              // positional words after the command name
  std::map<std::string, std::string> options;  // key=value words

  // Typed access with a usage error naming the command and key on bad input.
  Result<double> number(const std::string& key, double fallback) const;
  Result<int> integer(const std::string& key, int fallback) const;
  Result<double> word_number(size_t i, const std::string& what) const;  // words[i] as a number
  Result<int> word_integer(size_t i, const std::string& what) const;
  // words[i] as a whole number in [lo, hi], or `fallback` when there is no words[i].
  Result<int> optional_word_integer(size_t i, const std::string& what, int fallback, int lo, int hi) const;
  bool has(const std::string& key) const { return options.count(key) > 0; }
  std::string command;  // for messages
};

using CommandFn = std::function<Status(const CommandArgs&)>;

class CommandRegistry {
 public:
  // name: the first word ("step"); usage: e.g. "step [N]: advance every optimizer N steps (default 1)".
  void add(const std::string& name, const std::string& usage, CommandFn fn);
  // Parses and runs one line. Blank lines and lines starting with '#' do nothing.
  Status run(const std::string& line) const;
  // One usage line per command, sorted.
  std::string help() const;
  bool has(const std::string& name) const { return commands_.count(name) > 0; }

 private:
  struct Entry {
    std::string usage;
    CommandFn fn;
  };
  std::map<std::string, Entry> commands_;
};

// Splits a line into CommandArgs (command = first word). Exposed for tests.
Result<CommandArgs> parse_command(const std::string& line);

}  // namespace descent::ui
