// memory_budget.h: what the engine's big allocations will cost, estimated before they are made,
// and the one limit they must fit: a model with its gradients, optimizer state and activations,
// a data set, a kNN or cross-validation run, a loss grid, a drawing. Above the limit the caller
// gets a TooLarge Status naming the setting, the estimate and the limit, instead of an allocation
// that fails (std::bad_alloc, an abort in WebAssembly) or drives the machine into swap.
// Not an allocator and not a tracker of what is in use: each request is judged on its own.
// Usage: if (Status s = check_memory("hidden 4096,4096", training_memory(...), "choose narrower layers"); !s) return s;
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/nn/model_desc.h"
#include "core/optim/optimizer.h"
#include "core/status.h"

namespace descent {

// ---- the limit ---------------------------------------------------------------------------------

struct MemoryLimit {
  uint64_t bytes = 0;
  std::string source;  // where the number comes from, for messages ("half of this machine's 24 GB")
};

// The limit in force, first match: set_memory_limit(); the environment variable
// DESCENT_MEMORY_LIMIT ("4G", "512M", "1.5GB", plain bytes); else half of what the process can
// have: natively the smaller of physical memory and a cgroup's memory.max, in WebAssembly the
// 2 GiB the heap may grow to (web/CMakeLists.txt: -sMAXIMUM_MEMORY=2GB).
MemoryLimit memory_limit();
// Sets the limit (tests; a platform that knows better); 0 returns to the default above.
void set_memory_limit(uint64_t bytes);
// "2G", "512 MB", "1.5GiB", "1000000" -> bytes (K, M, G, T are powers of 1024, with or without B
// or iB). Usage error for anything else, zero or a negative size.
Result<uint64_t> parse_byte_size(std::string_view text);

// ---- estimates ---------------------------------------------------------------------------------

struct MemoryEstimate {
  uint64_t bytes = 0;
  std::string detail;  // what the bytes are, in words: "4.3e9 parameters with their gradients ..."
};

// Ok when e.bytes fits the limit; otherwise TooLarge:
//   "<subject>: needs 34.4 GB (<detail>); the limit is 12 GB (<source>); <advice>"
Status check_memory(const std::string& subject, const MemoryEstimate& e, const std::string& advice);

// How messages name a model: "mlp with hidden layers 4096,4096 on 784 inputs and 10 classes".
std::string model_subject(const ModelDesc& model, int input_dim, int classes);
// The weights and biases of a model on input_dim inputs and `classes` outputs (model_desc.h).
uint64_t parameter_count(const ModelDesc& model, int input_dim, int classes);

// A Network<T> (scalar_bytes = sizeof(T)): parameters and gradients, and the per-layer workspace
// (outputs, their gradients, dropout masks) for `rows` rows at a time.
MemoryEstimate network_memory(const ModelDesc& model, int input_dim, int classes, int rows, size_t scalar_bytes);
// A TrainingSession: the float network for max(batch, the 1024-row evaluation chunk) rows, the
// optimizer's state (none for SGD, one buffer for momentum/Nesterov/AdaGrad/RMSProp, two for
// Adam), the copied mini-batch and the epoch's order of train_rows indices.
MemoryEstimate training_memory(const ModelDesc& model, OptimizerKind optimizer, int input_dim, int classes,
                               int batch_rows, int train_rows);
// A data set of `rows` examples of `dim` floats with int labels, `copies` times (a train/val split
// holds the file's rows and the split's copy at once), plus `held_bytes` (file bytes in memory).
MemoryEstimate dataset_memory(uint64_t rows, uint64_t dim, int copies, uint64_t held_bytes);
// KNearestNeighbor::train: its copy of the rows and labels, and the byte copy of byte images.
MemoryEstimate knn_train_memory(uint64_t rows, uint64_t dim);
// KNearestNeighbor::predict_many_k for `queries` rows: the predictions (one per query and k), the
// byte copy of the queries, and per worker thread a distance block and neighbour heaps of kmax.
MemoryEstimate knn_predict_memory(uint64_t queries, uint64_t dim, uint64_t num_ks, uint64_t kmax, int threads);
// One cross-validation of kNN over `rows` rows: a fold's training and held-out copies, the kNN's
// own copies of the training part, and the prediction of the held-out rows (as above).
MemoryEstimate cross_validation_memory(uint64_t rows, uint64_t dim, int folds, uint64_t num_ks, uint64_t kmax,
                                       int threads);
// A LossGrid of nx x ny losses (doubles), its copy of the plane (three vectors of num_params
// floats) and its scratch point.
MemoryEstimate loss_grid_memory(int nx, int ny, uint64_t num_params);
// Drawing `points` markers with ImGui: `vertices` and `indices` (16-bit) each, per frame.
MemoryEstimate drawing_memory(uint64_t points, int vertices, int indices);

// ---- numbers in messages -----------------------------------------------------------------------

std::string format_bytes(uint64_t bytes);  // 3 significant digits, powers of 1000: "34.4 GB", "512 kB", "12 bytes"
std::string format_count(uint64_t n);      // "4.29e9" from a million up, else the digits: "12345"

}  // namespace descent
