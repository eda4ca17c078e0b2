// train_settings.cpp: the settings table of TrainDesc (train_settings.h).
#include "core/train/train_settings.h"

#include "core/nn/model_settings.h"
#include "core/optim/optimizer_settings.h"

namespace descent {

namespace {

using settings::Setting;
using settings::Spec;
using settings::Type;

settings::Schema<TrainDesc> make_own_schema() {
  std::vector<Setting<TrainDesc>> own = {
      settings::number_field(
          Spec{.key = "batch", .type = Type::Integer, .lo = 0, .hi = 1e6,
               .help = "examples per step (mini-batch SGD); 0 = all of them (full-batch gradient descent)"},
          &TrainDesc::batch, 64),
      settings::number_field(settings::seed_spec("fixes the initial weights, the mini-batch order, dropout and "
                                                 "the data (2-D sets, the validation split), so a run repeats "
                                                 "exactly"),
                             &TrainDesc::seed, 0),
      settings::flag_field(Spec{.key = "shuffle",
                                .help = "a fresh seeded order of the training examples every epoch (0: file order)"},
                           &TrainDesc::shuffle, true),
      settings::number_field(Spec{.key = "lr_decay", .type = Type::Real, .lo = 0, .hi = 1, .lo_open = true,
                                  .help = "multiply the learning rate by this after each epoch (1 = constant)"},
                             &TrainDesc::lr_decay, 1.0),
  };
  return settings::Schema<TrainDesc>("train", std::move(own));
}

}  // namespace

const settings::Schema<TrainDesc>& train_own_schema() {
  static const settings::Schema<TrainDesc> schema = make_own_schema();
  return schema;
}

const settings::Schema<TrainDesc>& train_schema() {
  static const settings::Schema<TrainDesc> schema = [] {
    settings::Schema<TrainDesc> s = train_own_schema();
    s.add(model_schema(), &TrainDesc::model);
    s.add(optimizer_schema(), &TrainDesc::optimizer);
    return s;
  }();
  return schema;
}

}  // namespace descent
