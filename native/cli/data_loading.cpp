// data_loading.cpp: DataFlags -> DataSplits via the engine's registry.
#include "native/cli/data_loading.h"

#include "core/data/normalize.h"
#include "core/data/registry.h"

namespace descent::cli {

Result<std::shared_ptr<DataSplits>> load_data(const DataFlags& flags, uint32_t seed) {
  Result<DataRequest> req = flags.request(seed);
  if (!req) return req.status();
  Result<DataSplits> splits = load_dataset(*req);
  if (!splits) return splits.status();
  auto data = std::make_shared<DataSplits>(std::move(*splits));
  if (flags.center) {
    const std::vector<float> mean = mean_image(data->train);
    subtract_mean(data->train, mean);
    subtract_mean(data->val, mean);
    subtract_mean(data->test, mean);
  }
  return data;
}

}  // namespace descent::cli
