// data_loading.h: loads the data a command asked for (with the --center option applied), so each
// command reports a missing or corrupt file the same way.
#pragma once
#include <memory>

#include "core/data/dataset.h"
#include "core/status.h"
#include "native/cli/options.h"

namespace descent::cli {

Result<std::shared_ptr<DataSplits>> load_data(const DataFlags& flags, uint32_t seed);

}  // namespace descent::cli
