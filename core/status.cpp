// status.cpp: names of the error codes (the one table of error kinds lives in status.h).
#include "core/status.h"

namespace descent {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::Ok: return "ok";
    case ErrorCode::Usage: return "usage";
    case ErrorCode::NotFound: return "not found";
    case ErrorCode::Unreadable: return "unreadable";
    case ErrorCode::Corrupt: return "corrupt";
    case ErrorCode::TooLarge: return "too large";
    case ErrorCode::Mismatch: return "mismatch";
    case ErrorCode::Diverged: return "diverged";
    case ErrorCode::Internal: return "internal";
  }
  return "unknown";
}

}  // namespace descent
