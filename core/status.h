// status.h: how the engine reports an error without exceptions (none may cross the WebAssembly
// boundary). A Status is ok or carries a code and a one-line message that names the file or
// setting, says what was wrong and what to do. Result<T> is a value or a Status.
// Usage: Result<Dataset> r = read_idx(...); if (!r) { fprintf(stderr, "%s\n", r.status().message.c_str()); }
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace descent {

// One table of error kinds. The CLI maps Usage to exit code 2, everything else to 1.
enum class ErrorCode {
  Ok = 0,
  Usage,         // a bad flag or setting value (the user's command line or UI input)
  NotFound,      // a file or directory that does not exist
  Unreadable,    // a path that exists but cannot be read as a file (permissions, a link loop, a pipe)
  Corrupt,       // a file whose contents are not what its format says (bad magic, truncated, bad gzip)
  TooLarge,      // a header or request that claims more than the engine will allocate
  Mismatch,      // two inputs that must agree do not (image and label counts, shapes)
  Diverged,      // a loss or parameter became NaN or infinite
  Internal,      // a broken invariant in the engine itself
};

const char* error_code_name(ErrorCode code);

struct Status {
  ErrorCode code = ErrorCode::Ok;
  std::string message;

  static Status ok() { return {}; }
  bool is_ok() const { return code == ErrorCode::Ok; }
  explicit operator bool() const { return is_ok(); }
};

inline Status make_error(ErrorCode code, std::string message) { return Status{code, std::move(message)}; }

// A value or an error. Access the value only after checking ok().
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status status) : v_(std::move(status)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  Status status() const { return ok() ? Status::ok() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace descent
