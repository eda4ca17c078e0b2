// command.h: the app's small command language, one line per command, the same from a script file,
// stdin, the web page's descent.run("..."), links and the tests:
//   view lab | surface rosenbrock | optimizer add momentum lr=0.001 momentum=0.9 | lab step 50
// Words are separated by spaces; key=value words are options (each key once). Each view registers
// its own commands here (lab_model.cpp registers `surface`, `lab`, ...), so a command lives beside
// what it drives; options go through the settings tables (core/settings/schema.h). A name is
// registered once: a second registration is an error the app reports at start-up (a test checks
// there is none). Aliases keep old words working (`step` = `lab step`); `help` lists each command
// once with its aliases. Errors come back as Status; nothing aborts.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/settings/schema.h"
#include "core/status.h"

namespace descent::ui {

struct CommandArgs {
  std::string command;                         // the first word, for messages
  std::vector<std::string> words;              // positional words after the command name
  std::map<std::string, std::string> options;  // key=value words

  bool has(const std::string& key) const { return options.count(key) > 0; }
  // The options as the settings tables take them.
  settings::Given given() const { return settings::Given(options.begin(), options.end()); }
  // The options whose keys are not in `keys` (to hand the rest to another table).
  settings::Given given_except(const std::vector<std::string>& keys) const;

  // An option as a number (or `fallback` when absent), for inputs that are not settings (a worked
  // example's values); settings go through their table (Schema::apply).
  Result<double> number(const std::string& key, double fallback) const;
  Result<int> integer(const std::string& key, int fallback) const;
  // Positional words as numbers, with a usage error naming the command and the word on bad input.
  Result<double> word_number(size_t i, const std::string& what) const;
  Result<int> word_integer(size_t i, const std::string& what) const { return word_integer(i, what, -2000000000, 2000000000); }
  // words[i] as a whole number in [lo, hi] ("step: N must be a whole number in 1..20000 (got 3e+09)").
  Result<int> word_integer(size_t i, const std::string& what, int lo, int hi) const;
  // words[i] as a whole number in [lo, hi], or `fallback` when there is no words[i].
  Result<int> optional_word_integer(size_t i, const std::string& what, int fallback, int lo, int hi) const;
  // Errors unless the command has between min and max words and no options ("lab step [N]").
  Status expect(size_t min_words, size_t max_words, const std::string& usage, bool options_allowed = false) const;
};

using CommandFn = std::function<Status(const CommandArgs&)>;

class CommandRegistry {
 public:
  // name: the first word ("lab"); usage: e.g. "lab step [N]: advance every optimizer N steps".
  // A name (or alias) already taken is not replaced: the error is recorded in errors().
  void add(const std::string& name, const std::string& usage, CommandFn fn);
  // `alias` (a first word, e.g. "step") stands for `target` (e.g. "lab step"): "step 10" runs
  // "lab step 10". Recorded in errors() if the word is taken.
  void alias(const std::string& alias, const std::string& target);
  // Parses and runs one line. Blank lines and lines starting with '#' do nothing.
  Status run(const std::string& line) const;
  // One usage line per command, sorted, each with its aliases.
  std::string help() const;
  bool has(const std::string& name) const { return commands_.count(name) > 0 || aliases_.count(name) > 0; }
  // Registration errors (a name registered twice), for the start-up check.
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  struct Entry {
    std::string usage;
    CommandFn fn;
  };
  std::map<std::string, Entry> commands_;
  std::map<std::string, std::string> aliases_;  // word -> replacement of the first word
  std::vector<std::string> errors_;
};

// Splits a line into CommandArgs (command = first word). Errors: a key=value word without a key
// or value, the same key twice. Exposed for tests.
Result<CommandArgs> parse_command(const std::string& line);

// Applies a command's options to d through its settings table; errors name the command.
template <class D>
Status apply_options(const settings::Schema<D>& schema, D& d, const CommandArgs& args) {
  return schema.apply(d, args.given(), args.command);
}

}  // namespace descent::ui
